#!/usr/bin/env bash
# `make run`: the Omie simulator and the connector with embedded defaults (SQLite, in-memory bus unless
# RABBITMQ_URI names a broker). Needs only the .NET SDK. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

sandbox_url="http://127.0.0.1:${SANDBOX_PORT:-5090}"
service_url="http://127.0.0.1:${SERVICE_PORT:-5080}"
mkdir -p .run

dotnet build ErpConnector.sln -c Debug -nologo -v q >/dev/null

dotnet run --no-build --project src/ErpConnector.Sandbox -- --urls "$sandbox_url" \
  --Sandbox:NfseIssueDelay=00:00:03 > .run/sandbox.log 2>&1 &
sandbox_pid=$!
dotnet run --no-build --project src/ErpConnector.Service -- --urls "$service_url" \
  --Omie:BaseUrl="$sandbox_url/api/v1/" --Omie:AppKey=sandbox-app-key --Omie:AppSecret=sandbox-app-secret \
  --Persistence:ConnectionString="Data Source=$PWD/.run/erpconnector.db" \
  --DealProcessing:FirstPollDelay=00:00:04 --DealProcessing:PollInterval=00:00:05 --DealProcessing:SweepInterval=00:00:02 &
service_pid=$!
trap 'kill $service_pid $sandbox_pid 2>/dev/null; wait 2>/dev/null; echo; echo "Stopped."' INT TERM EXIT

for _ in $(seq 1 60); do curl -fs "$service_url/health/live" >/dev/null 2>&1 && break; sleep 1; done
cat <<INFO

  ErpConnector is running at $service_url   (Omie simulator at $sandbox_url, logs in .run/)

  Post a won deal:
    curl -s -X POST $service_url/api/deals -H 'Content-Type: application/json' -d @contracts/samples/deal-won.json
  Follow it until the NFS-e is issued (a few seconds):
    curl -s $service_url/api/deals/DEAL-1001
  Check a CPF/CNPJ:     curl -s '$service_url/api/tax-ids/validate?value=12.ABC.345/01DE-35'
  Health:               curl -s $service_url/health/ready
  What the simulator holds: curl -s $sandbox_url/_sandbox/state

  Ctrl-C stops both.
INFO
wait $service_pid
