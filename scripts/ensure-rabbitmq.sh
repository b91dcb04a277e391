#!/usr/bin/env bash
# Makes a RabbitMQ broker available for the integration tests and prints the RABBITMQ_URI to use.
# Order: a URI already given → a Docker engine (the tests' Testcontainers fixture starts one itself) →
# a local broker on 5672 → install Debian's rabbitmq-server and start it (root only).
set -euo pipefail

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

if [ -n "${RABBITMQ_URI:-}" ]; then echo "$RABBITMQ_URI"; exit 0; fi
if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then echo ""; exit 0; fi

uri="amqp://guest:guest@127.0.0.1:5672/"
if port_open 5672; then echo "$uri"; exit 0; fi

if [ "$(id -u)" != "0" ]; then
  echo "No RabbitMQ found: set RABBITMQ_URI, start Docker, or run as root so this script can install rabbitmq-server." >&2
  exit 1
fi

if ! command -v rabbitmq-server >/dev/null 2>&1; then
  echo "Installing rabbitmq-server from Debian packages..." >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq rabbitmq-server >&2
fi
echo "Starting rabbitmq-server..." >&2
rabbitmq-server -detached >&2 2>&1 || true
for _ in $(seq 1 120); do
  if port_open 5672; then echo "$uri"; exit 0; fi
  sleep 1
done
echo "rabbitmq-server did not open port 5672 within 120 s." >&2
exit 1
