#!/usr/bin/env bash
# End to end: the DevHost serves a tenant's policy over HTTPS and rotates its _mta-sts id in BIND through RFC 2136;
# Postfix's MTA-STS resolver (mta-sts-query) sees the policy, and the new one once the id has changed.
# Run inside `unshare --mount --net --pid --fork --mount-proc`: the network namespace has only loopback, so BIND
# can answer on 127.0.0.1:53 and the DevHost on 127.0.0.1:443; the mount namespace points /etc/resolv.conf at BIND;
# the PID namespace ends every process started here (Azurite too) when this script ends.
# Usage: mta-sts-query-e2e.sh WORK_DIR DEVHOST_DLL DOMAIN TSIG_KEY_NAME TSIG_SECRET
#   WORK_DIR holds named.conf, ca.pem, server.pem, server.key.
set -euo pipefail
work="$1" devhost="$2" domain="$3" key_name="$4" key_secret="$5"
key=e2e-key
base="https://mta-sts.$domain"

ip link set lo up
echo "nameserver 127.0.0.1" > "$work/resolv.conf"
mount --bind "$work/resolv.conf" /etc/resolv.conf

named -g -c "$work/named.conf" > "$work/named.log" 2>&1 &
dotnet "$devhost" \
  --urls=https://127.0.0.1:443 \
  --Kestrel:Certificates:Default:Path="$work/server.pem" \
  --Kestrel:Certificates:Default:KeyPath="$work/server.key" \
  --Storage=UseDevelopmentStorage=true \
  --DevHost:FunctionKey=$key \
  --DevHost:DemoDomain= \
  --DevHost:RunTimers=false \
  --Policy:CacheSeconds=2 \
  --Rotation:SafetyMarginSeconds=2 \
  --Dns:Provider=Rfc2136 \
  --Dns:Rfc2136:Server=127.0.0.1:53 \
  --Dns:Rfc2136:TsigKeyName="$key_name" \
  --Dns:Rfc2136:TsigSecret="$key_secret" \
  --Logging:LogLevel:Default=Warning > "$work/devhost.log" 2>&1 &

for _ in $(seq 1 240); do
  if grep -q "running" "$work/named.log" && grep -q "is listening" "$work/devhost.log"; then break; fi
  sleep 0.5
done
grep -q "is listening" "$work/devhost.log" || { echo "DevHost did not start"; exit 1; }

put() { curl -sS --fail-with-body --cacert "$work/ca.pem" -o /dev/null -w "PUT %{http_code}\n" -X PUT -H "x-functions-key: $key" -d "$1" "$base/api/tenants/$domain"; }
rotate() { curl -sS --fail-with-body --cacert "$work/ca.pem" -X POST -H "x-functions-key: $key" "$base/admin/functions/RotatePolicyIds"; echo; }
txt() { dig +short @127.0.0.1 TXT "_mta-sts.$domain" | tr '\n' ' '; echo; }
query() { SSL_CERT_FILE="$work/ca.pem" mta-sts-query -v warn "$domain"; }

echo "== phase 1: new tenant (its first id also waits the window: CacheSeconds 2 + SafetyMarginSeconds 2)"
put "{\"mode\":\"testing\",\"mx\":[\"mail.$domain\",\"*.mx.$domain\"],\"maxAge\":86400}"
rotate
echo "TXT0: $(txt)"
sleep 5
rotate
echo "TXT1: $(txt)"
echo "QUERY1: $(query)"

echo "== phase 2: policy change"
put "{\"mode\":\"enforce\",\"mx\":[\"mail.$domain\",\"*.mx.$domain\"],\"maxAge\":604800}"
rotate
echo "TXT2: $(txt)"
sleep 5
rotate
echo "TXT3: $(txt)"
echo "QUERY3: $(query)"
