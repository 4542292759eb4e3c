#!/usr/bin/env bash
# The whole test suite, from a fresh Debian 12 machine with the .NET 10 SDK, node/npm and root:
#   bash scripts/test.sh
# Installs what the tests need (Debian packages, the pinned Azurite and axe-core), builds, checks formatting, runs every test
# project, and ends with one line "N passed, N failed, N skipped" from the real totals. Exit code 0 only if all passed.
set -uo pipefail
cd "$(dirname "$0")/.."

log() { printf '\n== %s\n' "$*"; }

# Real servers and clients the integration tests start: BIND 9 (named, dig), Postfix's MTA-STS resolver,
# curl and iproute2 for the end-to-end script, util-linux for unshare, and Debian's Chromium (with a font) for the
# dashboard's browser tests (Playwright drives it by path: no browser download).
packages=(bind9 bind9-utils bind9-dnsutils postfix-mta-sts-resolver curl iproute2 util-linux ca-certificates chromium fonts-dejavu-core)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || { echo "apt-get install failed"; echo "0 passed, 1 failed"; exit 1; }
fi
# The Debian package enables a named service; the tests run their own named.
systemctl disable --now named >/dev/null 2>&1 || true

# npm ci when any pinned package (Azurite, axe-core) is missing or at another version.
npm_current=1
for tool in azurite axe-core; do
  pinned=$(sed -n "s/.*\"$tool\": *\"\([^\"]*\)\".*/\1/p" package.json)
  installed=$(node -p "require('./node_modules/$tool/package.json').version" 2>/dev/null || true)
  [ -n "$pinned" ] && [ "$installed" = "$pinned" ] || npm_current=0
done
if [ ! -x node_modules/.bin/azurite ] || [ "$npm_current" = 0 ]; then
  log "npm ci (pinned Azurite and axe-core)"
  npm ci --no-audit --no-fund --loglevel=error || { echo "npm ci failed"; echo "0 passed, 1 failed"; exit 1; }
fi

log "dotnet build"
if ! dotnet build MtaSts.Functions.sln -nologo -clp:ErrorsOnly; then
  echo "build failed"; echo "0 passed, 1 failed"; exit 1
fi

format_failed=0
log "dotnet format --verify-no-changes"
if ! dotnet format MtaSts.Functions.sln --verify-no-changes --no-restore -v quiet; then
  echo "dotnet format found unformatted code: run 'dotnet format MtaSts.Functions.sln'"
  format_failed=1
fi

results=$(mktemp -d)
log "dotnet test"
dotnet test MtaSts.Functions.sln --no-build -nologo --logger "trx;LogFilePrefix=tests" --results-directory "$results"
test_exit=$?

passed=0 failed=0 skipped=0
shopt -s nullglob
trx_files=("$results"/*.trx)
for trx in "${trx_files[@]}"; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  total=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})) failed=$((failed + ${f:-0})) skipped=$((skipped + ${total:-0} - ${p:-0} - ${f:-0}))
done
expected_projects=$(ls tests/*/*.Tests.csproj tests/*/*Tests.csproj 2>/dev/null | sort -u | wc -l)
if [ ${#trx_files[@]} -lt "$expected_projects" ]; then
  echo "only ${#trx_files[@]} of $expected_projects test projects reported results"
  failed=$((failed + expected_projects - ${#trx_files[@]}))
fi
if [ $test_exit -ne 0 ] && [ $failed -eq 0 ]; then
  echo "dotnet test exited with $test_exit"
  failed=1
fi
failed=$((failed + format_failed))
rm -rf "$results"

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
