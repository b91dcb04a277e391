#!/usr/bin/env bash
# `make chaos`: the reliability suite. Two real connector processes on PostgreSQL + RabbitMQ + the Omie simulator:
# duplicate storm, kill -9, broker restart, Omie lost responses, database cut-off, bad-input fuzz, Omie slower than
# the lease, kill -9 right after the 202s on the embedded default (SQLite, in-memory bus), Omie slower than every
# timeout (with a database cut longer than the lease), SalesOS unreachable while deals are issued (scenario 10), kill -9 of an embedded SQLite instance mid-group-commit
# on RabbitMQ + HTTP, its file then write-locked by another connection (scenario 11, ~45 s). Prints a table (scenario, deals, issued, duplicates, lost, orders resent after success, time) and exits
# non-zero when a deal is lost or issued twice, or (scenario 7) an order write is sent again after it succeeded.
# Extra arguments go to the suite, e.g. `bash scripts/chaos.sh --only 1,2 --deals 200`;
# CHAOS_ONLY=7 (comma-separated numbers) does the same as --only, for `make chaos CHAOS_ONLY=7`.
set -uo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
configuration="${CHAOS_CONFIGURATION:-Debug}"

broker=$(bash scripts/ensure-rabbitmq.sh) || exit 1
[ -n "$broker" ] && export RABBITMQ_URI="$broker"
if [ -z "${RABBITMQ_URI:-}" ]; then
  echo "The chaos suite needs a broker it can reach and restart: set RABBITMQ_URI (Docker alone is not used here)." >&2
  exit 1
fi
# The suite drives the server itself (cuts its connections), so it needs a real server, not a container per test.
pg=$(ERP_FORCE_LOCAL_POSTGRES=1 bash scripts/ensure-postgres.sh) || exit 1
[ -n "$pg" ] && export POSTGRES_CONNECTION_STRING="$pg"
echo "RabbitMQ: $RABBITMQ_URI   PostgreSQL: $(echo "$POSTGRES_CONNECTION_STRING" | sed "s/Password=[^;]*/Password=***/")"

if [ -z "${CHAOS_NO_BUILD:-}" ]; then
  dotnet build src/ErpConnector.Service -c "$configuration" -nologo -v q >/dev/null || { echo "build of the service failed"; exit 1; }
  dotnet build tests/ErpConnector.Chaos -c "$configuration" -nologo -v q >/dev/null || { echo "build of the chaos suite failed"; exit 1; }
fi
mkdir -p .run
dotnet "tests/ErpConnector.Chaos/bin/$configuration/net10.0/ErpConnector.Chaos.dll" \
  --service-dll "src/ErpConnector.Service/bin/$configuration/net10.0/ErpConnector.Service.dll" \
  --logs .run/chaos --out .run/chaos-results.md ${CHAOS_ONLY:+--only "$CHAOS_ONLY"} "$@"
