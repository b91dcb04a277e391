#!/usr/bin/env bash
# `make run`: the Omie simulator and the connector with embedded defaults (SQLite, in-memory bus unless
# RABBITMQ_URI names a broker). Needs only the .NET SDK. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

sandbox_url="http://127.0.0.1:${SANDBOX_PORT:-5090}"
service_url="http://127.0.0.1:${SERVICE_PORT:-5080}"
mkdir -p .run

# A dev API key with every scope and a dev webhook secret, fresh each run (ERP_API_KEY / SALESOS_WEBHOOK_SECRET
# to choose them). Only the key's SHA-256 reaches the service, as in production.
api_key="${ERP_API_KEY:-dev-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')}"
webhook_secret="${SALESOS_WEBHOOK_SECRET:-dev-webhook-secret-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')}"
api_key_sha256="$(printf %s "$api_key" | sha256sum | cut -d' ' -f1)"

dotnet build ErpConnector.sln -c Debug -nologo -v q >/dev/null

# SalesOS: the simulator's by default (API client, write-back on, catch-up every minute). Any SalesOS__* variable
# given to `make run` wins (environment, not command-line arguments, so it is not overridden), e.g. a staging SalesOS.
: "${SalesOS__TokenUrl:=$sandbox_url/salesos/oauth/token}" "${SalesOS__BaseUrl:=$sandbox_url/salesos/v1/}"
: "${SalesOS__ClientId:=sandbox-salesos-client}" "${SalesOS__ClientSecret:=sandbox-salesos-secret}"
: "${SalesOS__WriteBack__Enabled:=true}" "${SalesOS__CatchUp__Interval:=00:01:00}"
export SalesOS__TokenUrl SalesOS__BaseUrl SalesOS__ClientId SalesOS__ClientSecret SalesOS__WriteBack__Enabled SalesOS__CatchUp__Interval

dotnet run --no-build --project src/ErpConnector.Sandbox -- --urls "$sandbox_url" \
  --Sandbox:NfseIssueDelay=00:00:03 \
  --Sandbox:SalesOS:WebhookUrl="$service_url/webhooks/salesos" --Sandbox:SalesOS:WebhookSecret="$webhook_secret" > .run/sandbox.log 2>&1 &
sandbox_pid=$!
dotnet run --no-build --project src/ErpConnector.Service -- --urls "$service_url" \
  --Omie:BaseUrl="$sandbox_url/api/v1/" --Omie:AppKey=sandbox-app-key --Omie:AppSecret=sandbox-app-secret \
  --Persistence:ConnectionString="Data Source=$PWD/.run/erpconnector.db" \
  --DealProcessing:FirstPollDelay=00:00:04 --DealProcessing:PollInterval=00:00:05 --DealProcessing:SweepInterval=00:00:02 \
  --Security:ApiKeys:0:Name=dev --Security:ApiKeys:0:Sha256="$api_key_sha256" \
  --Security:ApiKeys:0:Scopes:0=deals:read --Security:ApiKeys:0:Scopes:1=deals:write \
  --Security:ApiKeys:0:Scopes:2=distributors:read --Security:ApiKeys:0:Scopes:3=distributors:run \
  --Security:ApiKeys:0:Scopes:4=tax-ids:read --Webhooks:SalesOS:Secret="$webhook_secret" \
  --Distributors:Feeds:0:Id=demo-file --Distributors:Feeds:0:Name="Simulated price file (zipped CSV)" \
  --Distributors:Feeds:0:Adapter=file --Distributors:Feeds:0:Schedule="0 0/15 * * * ?" \
  --Distributors:Feeds:0:File:Url="$sandbox_url/distributors/demo-file/files/prices.csv.zip" \
  --Distributors:Feeds:0:File:Columns:Currency=currency --Distributors:Feeds:0:File:Columns:RetailPrice=retail_price \
  --Distributors:Feeds:0:File:Columns:Description=description \
  --Distributors:Feeds:1:Id=demo-rest --Distributors:Feeds:1:Name="Simulated Ingram-style price API" \
  --Distributors:Feeds:1:Adapter=rest --Distributors:Feeds:1:Schedule="0 0/30 * * * ?" \
  --Distributors:Feeds:1:Rest:BaseUrl="$sandbox_url/distributors/demo-rest/" \
  --Distributors:Feeds:1:Rest:TokenUrl="$sandbox_url/distributors/demo-rest/oauth/token" \
  --Distributors:Feeds:1:Rest:ClientId=sandbox-client --Distributors:Feeds:1:Rest:ClientSecret=sandbox-secret \
  --Distributors:Feeds:1:Rest:CustomerNumber=20-222222 &
service_pid=$!
trap 'kill $service_pid $sandbox_pid 2>/dev/null; wait 2>/dev/null; echo; echo "Stopped."' INT TERM EXIT

for _ in $(seq 1 60); do curl -fs "$service_url/health/live" >/dev/null 2>&1 && break; sleep 1; done
cat <<INFO

  ErpConnector is running at $service_url   (Omie simulator at $sandbox_url, logs in .run/)

  Console (browser):  $service_url/console   sign in with the dev key below

  Dev API key (all scopes, this run only):  export ERP_API_KEY=$api_key

  Post a won deal:
    curl -s -X POST $service_url/api/deals -H "X-Api-Key: \$ERP_API_KEY" -H 'Content-Type: application/json' -d @contracts/samples/deal-won.json
  Follow it until the NFS-e is issued (a few seconds):
    curl -s -H "X-Api-Key: \$ERP_API_KEY" $service_url/api/deals/DEAL-1001
  Check a CPF/CNPJ:     curl -s -H "X-Api-Key: \$ERP_API_KEY" '$service_url/api/tax-ids/validate?value=12.ABC.345/01DE-35'
  SalesOS webhook (secret $webhook_secret): see README "SalesOS webhook" for a signed curl
  Win a deal in the simulated SalesOS (webhook, then the NFS-e written back on the deal):
    curl -s -X POST $sandbox_url/_sandbox/salesos/deals -H 'Content-Type: application/json' -d @contracts/samples/salesos-deal.json
    curl -s $sandbox_url/_sandbox/salesos/deals/SOS-1001     (custom_fields: nfse_number, invoice_status, ...)
  API reference:        $service_url/scalar   (document: $service_url/openapi/v1.json)
  Metrics:              curl -s $service_url/metrics
  Health:               curl -s $service_url/health/ready
  Distributor feeds:    curl -s -H "X-Api-Key: \$ERP_API_KEY" $service_url/api/distributors
  Re-fetch one now:     curl -s -X POST -H "X-Api-Key: \$ERP_API_KEY" $service_url/api/distributors/demo-file/refetch
  What the simulator holds: curl -s $sandbox_url/_sandbox/state

  Ctrl-C stops both.
INFO
wait $service_pid
