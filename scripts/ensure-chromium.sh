#!/usr/bin/env bash
# Makes Debian's chromium available for the console's browser specs (Playwright drives it through ExecutablePath;
# no browser is ever downloaded). Order: CHROMIUM_PATH → chromium on PATH → apt-get install chromium (root only).
set -euo pipefail
if [ -n "${CHROMIUM_PATH:-}" ] && [ -x "$CHROMIUM_PATH" ]; then exit 0; fi
if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" != "0" ]; then
  echo "No chromium found for the console specs: apt-get install chromium (as root) or set CHROMIUM_PATH." >&2
  exit 0 # the specs themselves fail with the same advice
fi
echo "Installing chromium from Debian packages..." >&2
apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2
