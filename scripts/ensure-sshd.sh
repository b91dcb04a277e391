#!/usr/bin/env bash
# Makes Debian's OpenSSH server binary available for the SFTP specs (they start their own sshd on a loopback port
# with their own config, host key and test user; the system's sshd is neither configured nor started here).
# Without root, the specs use the server named by SFTP_HOST/SFTP_PORT/SFTP_USER/SFTP_PASSWORD/SFTP_ROOT/
# SFTP_HOST_KEY_FINGERPRINT, or are skipped with that reason.
set -euo pipefail

if [ -x /usr/sbin/sshd ] || [ -n "${SFTP_HOST:-}" ]; then exit 0; fi
if [ "$(id -u)" != "0" ]; then
  echo "No /usr/sbin/sshd and not root: the SFTP specs will use SFTP_HOST if set, or be skipped." >&2
  exit 0
fi
echo "Installing openssh-server from Debian packages..." >&2
apt-get update -qq >&2
# policy-rc.d 101: the package must not start (or enable) the system sshd on this machine.
policy=/usr/sbin/policy-rc.d
created=""
if [ ! -e "$policy" ]; then printf '#!/bin/sh\nexit 101\n' > "$policy"; chmod +x "$policy"; created=1; fi
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends openssh-server >&2 || status=$?
[ -n "$created" ] && rm -f "$policy"
exit "${status:-0}"
