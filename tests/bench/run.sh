#!/usr/bin/env bash
# Benchmarks of MTA-STS Functions, on this machine, in one run:
#   bash tests/bench/run.sh [--quick]
# 1. policy serving: the DevHost (Release, loopback, logging at Warning) against nginx serving the same bytes,
#    both under wrk with the same threads, connections and duration; one tenant, then 10,000 (Host varied by hosts.lua);
#    Table storage requests counted from Azurite's request log during the steady-state runs;
# 2. cold start: process start to the first 200 of the DevHost, median of 5;
# 3. TLS reports: BenchmarkDotNet parse throughput against JsonDocument.Parse, the peak memory of the worst input
#    intake accepts, and ingest throughput into Azurite (1,000 reports on one tenant-day, rate per hundred);
# 4. rotation: one RotatePolicyIds run over 10,000 tenants with 10 pending, against BIND (RFC 2136).
# Writes tests/bench/RESULTS.md; the last line printed is "serve ratio vs nginx: X.XX".
set -euo pipefail
quick=0
[ "${1:-}" = "--quick" ] && quick=1
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
export MTASTS_CONFORMANCE_DIR="${MTASTS_CONFORMANCE_DIR:-$root/../shared/conformance}"
duration=$([ $quick = 1 ] && echo 5s || echo 20s)
threads=2
connections=64

log() { printf '== %s\n' "$*" >&2; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_http() { for _ in $(seq 1 300); do curl -s -o /dev/null -H "Host: $2" "$1" && return 0; sleep 0.1; done; return 1; }

missing=()
for package in nginx-light wrk bind9 bind9-utils curl python3; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "apt-get install ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
[ -x node_modules/.bin/azurite ] || npm ci --no-audit --no-fund --loglevel=error

log "dotnet build -c Release"
dotnet build functions/MtaSts.DevHost -c Release -nologo -v q -clp:ErrorsOnly
dotnet build tests/bench/MtaSts.Bench -c Release -nologo -v q -clp:ErrorsOnly
devhost="$root/functions/MtaSts.DevHost/bin/Release/net10.0/MtaSts.DevHost.dll"
bench="$root/tests/bench/MtaSts.Bench/bin/Release/net10.0/MtaSts.Bench.dll"

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

log "Azurite (in memory, request log on)"
blob=$(free_port); queue=$(free_port); table=$(free_port)
node_modules/.bin/azurite --inMemoryPersistence --skipApiVersionCheck --silent --loose --disableTelemetry \
  --blobHost 127.0.0.1 --blobPort "$blob" --queueHost 127.0.0.1 --queuePort "$queue" --tableHost 127.0.0.1 --tablePort "$table" \
  --debug "$work/azurite.log" >/dev/null 2>&1 &
pids+=($!)
key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="   # Azurite's public well-known dev key
conn="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key;BlobEndpoint=http://127.0.0.1:$blob/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$queue/devstoreaccount1;TableEndpoint=http://127.0.0.1:$table/devstoreaccount1;"
for _ in $(seq 1 100); do (echo > "/dev/tcp/127.0.0.1/$table") 2>/dev/null && break; sleep 0.1; done
table_requests() { sleep 1; grep -c "TableStorageContextMiddleware: RequestMethod" "$work/azurite.log" || true; }

log "seed 10,000 tenants"
dotnet "$bench" seed "$conn" 10000 >&2

start_devhost() {
  dotnet "$devhost" --urls="http://127.0.0.1:$1" --Storage="$conn" --DevHost:DemoDomain= --DevHost:RunTimers=false \
    --DevHost:FunctionKey=bench --Policy:CacheSeconds=300 --Logging:LogLevel:Default=Warning --Serving:PublicHostName=bench.localhost >/dev/null 2>&1 &
  echo $!
}

log "DevHost (Release) and nginx"
ours=$(free_port)
pid=$(start_devhost "$ours"); pids+=("$pid")
wait_http "http://127.0.0.1:$ours/.well-known/mta-sts.txt" mta-sts.tenant00000.bench
mkdir -p "$work/www/.well-known" "$work/nginx"
curl -s -H "Host: mta-sts.tenant00000.bench" "http://127.0.0.1:$ours/.well-known/mta-sts.txt" > "$work/www/.well-known/mta-sts.txt"
theirs=$(free_port)
cat > "$work/nginx/nginx.conf" <<NGINX
worker_processes auto;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  keepalive_requests 1000000;
  types { }
  default_type text/plain;
  client_body_temp_path $work/nginx; proxy_temp_path $work/nginx; fastcgi_temp_path $work/nginx; uwsgi_temp_path $work/nginx; scgi_temp_path $work/nginx;
  server {
    listen 127.0.0.1:$theirs;
    server_name _;
    root $work/www;
    location = /.well-known/mta-sts.txt { }
  }
}
NGINX
nginx -c "$work/nginx/nginx.conf" -g 'daemon off;' &
pids+=($!)
wait_http "http://127.0.0.1:$theirs/.well-known/mta-sts.txt" x

# run_wrk URL HOST_OR_LUA -> "rps p50 p99"
run_wrk() {
  local extra=()
  if [ "$2" = lua ]; then extra=(-s tests/bench/hosts.lua); else extra=(-H "Host: $2"); fi
  wrk -t"$threads" -c"$connections" -d"$3" --latency "${extra[@]}" "$1" > "$work/wrk.txt"
  local rps p50 p99
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")
  p50=$(awk '$1=="50%" {print $2}' "$work/wrk.txt")
  p99=$(awk '$1=="99%" {print $2}' "$work/wrk.txt")
  errors=$(grep -E "Non-2xx|Socket errors" "$work/wrk.txt" | tr '\n' ' ' || true)
  echo "$rps $p50 $p99 ${errors:-}"
}

declare -A result
for scenario in one many; do
  host=$([ $scenario = one ] && echo mta-sts.tenant00000.bench || echo lua)
  if [ $scenario = many ]; then
    log "warm-up: every one of the 10,000 tenants requested once"
    dotnet "$bench" warmup "http://127.0.0.1:$ours/.well-known/mta-sts.txt" 10000 >&2
  fi
  log "wrk warm-up 3s ($scenario)"
  run_wrk "http://127.0.0.1:$ours/.well-known/mta-sts.txt" "$host" 3s >/dev/null
  run_wrk "http://127.0.0.1:$theirs/.well-known/mta-sts.txt" "$host" 3s >/dev/null
  before=$(table_requests)
  log "wrk $duration ($scenario tenant(s)): ours"
  result[ours_$scenario]=$(run_wrk "http://127.0.0.1:$ours/.well-known/mta-sts.txt" "$host" "$duration")
  after=$(table_requests)
  result[tables_$scenario]=$((after - before))
  log "wrk $duration ($scenario tenant(s)): nginx"
  result[nginx_$scenario]=$(run_wrk "http://127.0.0.1:$theirs/.well-known/mta-sts.txt" "$host" "$duration")
done
kill "$pid" 2>/dev/null || true

log "cold start x5"
starts=()
for i in 1 2 3 4 5; do
  port=$(free_port)
  t0=$(date +%s%N)
  p=$(start_devhost "$port")
  wait_http "http://127.0.0.1:$port/.well-known/mta-sts.txt" mta-sts.tenant00000.bench
  until [ "$(curl -s -o /dev/null -w '%{http_code}' -H 'Host: mta-sts.tenant00001.bench' "http://127.0.0.1:$port/.well-known/mta-sts.txt")" = 200 ]; do sleep 0.02; done
  t1=$(date +%s%N)
  starts+=($(( (t1 - t0) / 1000000 )))
  kill "$p"; wait "$p" 2>/dev/null || true
done
cold=$(printf '%s\n' "${starts[@]}" | sort -n | sed -n 3p)

log "TLS report parser (BenchmarkDotNet)"
parser=$(cd "$work" && dotnet "$bench" parser $([ $quick = 1 ] && echo --quick) | grep '^PARSER')
log "TLS report worst input (peak memory)"
worst=$(dotnet "$bench" worst-input | grep '^WORST-INPUT')
log "TLS report ingest"
ingest=$(dotnet "$bench" ingest "$conn" $([ $quick = 1 ] && echo 200 || echo 1000) | grep '^INGEST')

log "rotation against BIND"
dns=$(free_port)
secret=$(head -c 32 /dev/urandom | base64)
cat > "$work/named.conf" <<NAMED
key "bench" { algorithm hmac-sha256; secret "$secret"; };
options { directory "$work"; pid-file "$work/named.pid"; session-keyfile "$work/session.key"; listen-on port $dns { 127.0.0.1; }; listen-on-v6 { none; }; recursion no; notify no; };
controls { };
zone "bench.test" { type primary; file "$work/bench.test.db"; update-policy { grant bench zonesub TXT; }; };
NAMED
printf '$TTL 60\n@ IN SOA ns.bench.test. h.bench.test. 1 60 60 600 60\n@ IN NS ns.bench.test.\nns IN A 127.0.0.1\n' > "$work/bench.test.db"
named -g -c "$work/named.conf" > "$work/named.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do grep -q running "$work/named.log" && break; sleep 0.1; done
rotation=$(dotnet "$bench" rotation "$conn" "127.0.0.1:$dns" bench "$secret" | grep '^ROTATION')

read -r ours_one_rps ours_one_p50 ours_one_p99 _ <<<"${result[ours_one]}"
read -r nginx_one_rps nginx_one_p50 nginx_one_p99 _ <<<"${result[nginx_one]}"
read -r ours_many_rps ours_many_p50 ours_many_p99 _ <<<"${result[ours_many]}"
read -r nginx_many_rps nginx_many_p50 nginx_many_p99 _ <<<"${result[nginx_many]}"
ratio_one=$(python3 -c "print(f'{$ours_one_rps/$nginx_one_rps:.2f}')")
ratio_many=$(python3 -c "print(f'{$ours_many_rps/$nginx_many_rps:.2f}')")

cat > tests/bench/RESULTS.md <<RESULTS
# Benchmark results

Command: \`bash tests/bench/run.sh$([ $quick = 1 ] && echo ' --quick')\` on $(date -u +%Y-%m-%d).
Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr), .NET $(dotnet --version), $(nginx -v 2>&1 | sed 's/.*nginx\///'), wrk $(wrk -v 2>&1 | head -1 | awk '{print $2}').
wrk, the server under test and Azurite share the same $(nproc) cores, so absolute numbers are low and noisy; the ratio is what to compare.
wrk: $threads threads, $connections connections, $duration per run after a 3 s warm-up (and, for 10,000 tenants, one request to each tenant first); loopback HTTP.

## 1. Policy serving

| scenario | server | requests/s | p50 | p99 |
|---|---|---|---|---|
| 1 tenant | DevHost (ServePolicy) | $ours_one_rps | $ours_one_p50 | $ours_one_p99 |
| 1 tenant | nginx static file | $nginx_one_rps | $nginx_one_p50 | $nginx_one_p99 |
| 10,000 tenants | DevHost (ServePolicy) | $ours_many_rps | $ours_many_p50 | $ours_many_p99 |
| 10,000 tenants | nginx static file | $nginx_many_rps | $nginx_many_p50 | $nginx_many_p99 |

Ratio ours / nginx (requests/s): **$ratio_one** with one tenant, **$ratio_many** with 10,000.
Table storage requests during the measured runs: **${result[tables_one]}** (1 tenant) and **${result[tables_many]}** (10,000 tenants,
after a warm-up that filled the cache; \`Policy:CacheSeconds=300\`), counted from Azurite's request log.

## 2. Cold start

Process start to the first 200 of the DevHost (Release, Azurite already up), median of 5: **$cold ms** (all: ${starts[*]} ms).

## 3. TLS reports

\`\`\`
$parser
$worst
$ingest
\`\`\`

## 4. Rotation

\`\`\`
$rotation
\`\`\`
RESULTS
cat "$root/tests/bench/NOTES.md" >> tests/bench/RESULTS.md 2>/dev/null || true
cat tests/bench/RESULTS.md
echo "serve ratio vs nginx: $ratio_one"
