#!/usr/bin/env bash
# End to end: Postfix's MTA-STS resolver (mta-sts-query) fetches a tenant's policy from the DevHost over HTTPS.
# Run inside `unshare --mount --net --pid --fork --mount-proc`: the network namespace has only loopback, so BIND
# can answer on 127.0.0.1:53 and the DevHost on 127.0.0.1:443; the mount namespace points /etc/resolv.conf at BIND;
# the PID namespace ends every process started here (Azurite too) when this script ends.
# Usage: mta-sts-query-e2e.sh WORK_DIR DEVHOST_DLL DOMAIN   (WORK_DIR holds named.conf, ca.pem, server.pem, server.key)
set -euo pipefail
work="$1" devhost="$2" domain="$3"

ip link set lo up
echo "nameserver 127.0.0.1" > "$work/resolv.conf"
mount --bind "$work/resolv.conf" /etc/resolv.conf

named -g -c "$work/named.conf" > "$work/named.log" 2>&1 &
dotnet "$devhost" \
  --urls=https://127.0.0.1:443 \
  --Kestrel:Certificates:Default:Path="$work/server.pem" \
  --Kestrel:Certificates:Default:KeyPath="$work/server.key" \
  --Storage=UseDevelopmentStorage=true \
  --DevHost:FunctionKey=e2e-key \
  --DevHost:DemoDomain= \
  --Logging:LogLevel:Default=Warning > "$work/devhost.log" 2>&1 &

for _ in $(seq 1 240); do
  if dig +short +time=1 +tries=1 @127.0.0.1 TXT "_mta-sts.$domain" 2>/dev/null | grep -q STSv1 \
     && grep -q "is listening" "$work/devhost.log"; then
    break
  fi
  sleep 0.5
done
grep -q "is listening" "$work/devhost.log" || { echo "DevHost did not start:"; cat "$work/devhost.log" "$work/named.log"; exit 1; }

echo "== PUT tenant"
curl -sS --fail-with-body --cacert "$work/ca.pem" -o /dev/null -w '%{http_code}\n' -X PUT -H 'x-functions-key: e2e-key' \
  -d "{\"mode\":\"enforce\",\"mx\":[\"mail.$domain\",\"*.mx.$domain\"],\"maxAge\":86400}" "https://mta-sts.$domain/api/tenants/$domain"

echo "== mta-sts-query"
SSL_CERT_FILE="$work/ca.pem" mta-sts-query -v warn "$domain"
