#!/usr/bin/env bash
# `make bench`: every benchmark suite in Release, each rewriting its own section of BENCHMARKS.md.
# Never part of `make test`. Needs RabbitMQ for `pipeline`, `budget` and `footprint` (started like the tests do) and
# PostgreSQL for `feeds-postgres` and `pipeline-postgres` (POSTGRES_CONNECTION_STRING, default 127.0.0.1:5432 postgres/postgres).
# BENCH_SUITES="feeds footprint" make bench runs a subset.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
broker=$(bash scripts/ensure-rabbitmq.sh) || exit 1
[ -n "$broker" ] && export RABBITMQ_URI="$broker"

suites=${BENCH_SUITES:-"micro pipeline pipeline-postgres budget feeds feeds-postgres best-price footprint console"}
dotnet build -c Release tests/ErpConnector.Benchmarks -nologo -v q
status=0
for suite in $suites; do
  echo "=== $suite ==="
  dotnet run -c Release --no-build --project tests/ErpConnector.Benchmarks -- "$suite" || status=1
done

# Machine details beside the figures, since these machines are noisy and ratios are what compare.
machine="$(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(dotnet --version) SDK, $(uname -sr), $(date -u +%Y-%m-%dT%H:%MZ)"
if grep -q '^Machine:' BENCHMARKS.md 2>/dev/null; then
  sed -i "s|^Machine:.*|Machine: $machine|" BENCHMARKS.md
else
  sed -i "2i Machine: $machine\n" BENCHMARKS.md
fi
echo "Figures written to BENCHMARKS.md ($machine)"
exit $status
