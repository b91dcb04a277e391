#!/usr/bin/env bash
# Checks docker/Dockerfile without a Docker engine: runs its build stage's own COPY/WORKDIR/ENV/RUN lines in a
# temporary directory (same files, same dotnet restore/publish commands, /src and /app mapped into it), then
# checks what the runtime stages take from it: the published entry DLLs, a non-root USER.
#   bash docker/check.sh           # build-stage commands + runtime-stage checks (~1-2 min, warm NuGet cache)
#   bash docker/check.sh --smoke   # also starts the published simulator + connector and issues one deal
# Last line: "docker check: OK" or a failure naming the instruction.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dockerfile="$root/docker/Dockerfile"
smoke=0
[[ "${1:-}" == "--smoke" ]] && smoke=1
work="$(mktemp -d "${TMPDIR:-/tmp}/erp-docker-check.XXXXXX")"
pids=()
cleanup() {
  for p in "${pids[@]:-}"; do [[ -n "$p" ]] && kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]:-}"; do
    for _ in $(seq 1 40); do [[ -z "$p" ]] || ! kill -0 "$p" 2>/dev/null && break; sleep 0.5; done
    [[ -n "$p" ]] && kill -9 "$p" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "docker check: FAILED: $*" >&2; exit 1; }
map() { local s="$1"; s="${s//\/src/$work/src}"; s="${s//\/app/$work/app}"; printf '%s' "$s"; }

# Instructions with backslash continuations joined, comments dropped.
mapfile -t lines < <(sed -e 's/[[:space:]]*#.*$//' "$dockerfile" | awk '/\\$/ { sub(/\\$/, ""); buf = buf $0; next } { print buf $0; buf = "" }' | grep -v '^[[:space:]]*$')

# What buildx would pass for this machine.
case "$(uname -m)" in aarch64|arm64) export TARGETARCH="${TARGETARCH:-arm64}" ;; *) export TARGETARCH="${TARGETARCH:-amd64}" ;; esac
stage="" cwd="$work"
declare -A stage_user stage_entry
users=()
for line in "${lines[@]}"; do
  read -r op rest <<<"$line"
  case "${op^^}" in
    FROM)
      stage="$(sed -nE 's/.* [Aa][Ss] ([A-Za-z0-9_-]+)$/\1/p' <<<"$rest")"
      base="$(awk '{print $1}' <<<"$rest")"
      [[ -n "${stage_user[$base]:-}" ]] && stage_user[$stage]="${stage_user[$base]}"
      ;;
    WORKDIR) [[ "$stage" == build ]] && { cwd="$work$rest"; mkdir -p "$cwd"; } ;;
    ENV) [[ "$stage" == build ]] && eval "export $rest" ;;
    USER) stage_user[$stage]="$rest"; users+=("$rest") ;;
    ENTRYPOINT) stage_entry[$stage]="$rest" ;;
    COPY)
      read -r -a args <<<"$rest"
      if [[ "${args[0]}" == --from=build* ]]; then
        for a in "${args[@]}"; do [[ "$a" == /app* ]] && { [[ -e "$(map "$a")" ]] || fail "$stage: COPY $a: not produced by the build stage"; }; done
        continue
      fi
      [[ "$stage" == build ]] || continue
      dest="${args[-1]}"; unset 'args[-1]'
      [[ "$dest" == /* ]] && dest="$(map "$dest")" || dest="$cwd/$dest"
      for src in "${args[@]}"; do
        [[ -e "$root/$src" ]] || fail "COPY $src: no such path in the repository"
        if [[ -d "$root/$src" ]]; then
          mkdir -p "$dest"
          (cd "$root/$src" && tar cf - --exclude=bin --exclude=obj --exclude='*.db' --exclude='*.db-*' .) | (cd "$dest" && tar xf -)
        else
          mkdir -p "$([[ "$dest" == */ ]] && echo "$dest" || dirname "$dest")"
          cp "$root/$src" "$dest"
        fi
      done
      ;;
    RUN)
      [[ "$stage" == build ]] || continue
      cmd="$(map "$rest")"
      echo "+ $rest"
      (cd "$cwd" && bash -c "$cmd" >"$work/run.log" 2>&1) || { tail -30 "$work/run.log" >&2; fail "RUN $rest"; }
      ;;
  esac
done

for target in service sandbox; do
  entry="${stage_entry[$target]:-}"
  [[ -n "$entry" ]] || fail "stage '$target' has no ENTRYPOINT"
  dll="$(grep -oE '[A-Za-z.]+\.dll' <<<"$entry")"
  [[ -f "$work/app/$target/$dll" ]] || fail "stage '$target': $dll is not in the published /app/$target"
  user="${stage_user[$target]:-root}"
  [[ "$user" != root && "$user" != 0 && "$user" != 0:* ]] || fail "stage '$target' runs as root"
  echo "stage $target: $dll published ($(du -sh "$work/app/$target" | cut -f1)), runs as user $user"
done

if (( smoke )); then
  port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null || echo $((20000 + RANDOM % 20000)); }
  sp="$(port)"; cp_="$(port)"
  key="check-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
  hash="$(printf %s "$key" | sha256sum | cut -d' ' -f1)"
  (cd "$work/app/sandbox" && exec dotnet ErpConnector.Sandbox.dll --urls "http://127.0.0.1:$sp" --Sandbox:NfseIssueDelay=00:00:01 >"$work/sandbox.log" 2>&1) & pids+=($!)
  (cd "$work/app/service" && exec env -u RABBITMQ_URI dotnet ErpConnector.Service.dll --urls "http://127.0.0.1:$cp_" \
      --Omie:BaseUrl="http://127.0.0.1:$sp/api/v1/" --Omie:AppKey=sandbox-app-key --Omie:AppSecret=sandbox-app-secret \
      --Persistence:ConnectionString="Data Source=$work/app/data/erpconnector.db" \
      --DealProcessing:FirstPollDelay=00:00:01 --DealProcessing:PollInterval=00:00:01 --DealProcessing:SweepInterval=00:00:01 \
      --Security:ApiKeys:0:Name=check --Security:ApiKeys:0:Sha256="$hash" \
      --Security:ApiKeys:0:Scopes:0=deals:read --Security:ApiKeys:0:Scopes:1=deals:write >"$work/service.log" 2>&1) & pids+=($!)
  for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$cp_/health/live" >/dev/null 2>&1 && break; sleep 1; done
  curl -fs "http://127.0.0.1:$cp_/health/ready" >/dev/null || { tail -20 "$work/service.log" >&2; fail "smoke: /health/ready"; }
  curl -fs "http://127.0.0.1:$cp_/openapi/v1.json" >/dev/null || fail "smoke: /openapi/v1.json"
  [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$cp_/api/deals/DEAL-1001")" == 401 ]] || fail "smoke: /api without a key is not 401"
  curl -fs -X POST "http://127.0.0.1:$cp_/api/deals" -H "X-Api-Key: $key" -H 'Content-Type: application/json' \
    -d @"$root/contracts/samples/deal-won.json" >/dev/null || fail "smoke: POST /api/deals"
  state=""
  for _ in $(seq 1 30); do
    state="$(curl -s -H "X-Api-Key: $key" "http://127.0.0.1:$cp_/api/deals/DEAL-1001" | grep -oE '"state":"[a-z-]+"' | head -1 || true)"
    [[ "$state" == '"state":"issued"' ]] && break; sleep 1
  done
  [[ "$state" == '"state":"issued"' ]] || { tail -20 "$work/service.log" >&2; fail "smoke: DEAL-1001 not issued ($state)"; }
  echo "smoke: published connector issued DEAL-1001 against the published simulator"
fi
echo "docker check: OK"
