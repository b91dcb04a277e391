#!/usr/bin/env bash
# Makes a PostgreSQL server available for the tests and the chaos suite, and prints the Npgsql connection
# string to export as POSTGRES_CONNECTION_STRING (empty when a Docker engine answers: the tests' Testcontainers
# fixture starts its own). Order: POSTGRES_CONNECTION_STRING given → Docker → a server already on 5432 →
# install Debian's postgresql and start its cluster with pg_ctlcluster (root only).
set -euo pipefail

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
password="${POSTGRES_PASSWORD:-postgres}"
cs="Host=127.0.0.1;Port=5432;Username=postgres;Password=$password;Database=postgres"

if [ -n "${POSTGRES_CONNECTION_STRING:-}" ]; then echo "$POSTGRES_CONNECTION_STRING"; exit 0; fi
if [ -z "${ERP_FORCE_LOCAL_POSTGRES:-}" ] && command -v docker >/dev/null 2>&1 && timeout 10 docker info >/dev/null 2>&1; then
  echo ""; exit 0
fi

set_password() {
  su postgres -c "psql -q -c \"ALTER USER postgres PASSWORD '$password';\"" >/dev/null 2>&1 || true
}

if port_open 5432; then
  [ "$(id -u)" = "0" ] && command -v psql >/dev/null 2>&1 && set_password
  echo "$cs"; exit 0
fi

if [ "$(id -u)" != "0" ]; then
  echo "No PostgreSQL found: set POSTGRES_CONNECTION_STRING, start Docker, or run as root so this script can install postgresql." >&2
  exit 1
fi

if ! command -v pg_ctlcluster >/dev/null 2>&1 || [ -z "$(ls /usr/lib/postgresql 2>/dev/null)" ]; then
  echo "Installing postgresql from Debian packages..." >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi

version=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h 2>/dev/null | awk '{print $1" "$2}' | grep -qx "$version main"; then
  echo "Creating PostgreSQL $version cluster 'main'..." >&2
  pg_createcluster "$version" main >&2
fi
echo "Starting PostgreSQL $version (pg_ctlcluster $version main start)..." >&2
pg_ctlcluster "$version" main start >&2 2>&1 || true
for _ in $(seq 1 60); do
  if port_open 5432; then set_password; echo "$cs"; exit 0; fi
  sleep 1
done
echo "PostgreSQL did not open port 5432 within 60 s (see /var/log/postgresql/)." >&2
exit 1
