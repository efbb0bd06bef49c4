#!/usr/bin/env bash
# Runs every OneCity test: unit, integration over HTTP on SQLite and PostgreSQL, browser journeys.
# Installs what the tests need (Debian: chromium, fonts-noto-cjk, postgresql), starts a throw-away
# PostgreSQL on loopback, and ends with the line "N passed, N failed[, N skipped]".
set -uo pipefail
cd "$(dirname "$0")"
root="$(pwd)"

log() { echo "[test.sh] $*" >&2; }

# 1. Debian packages the tests need.
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
fc-list 2>/dev/null | grep -qi "noto.*cjk" || dpkg -s fonts-noto-cjk >/dev/null 2>&1 || need+=(fonts-noto-cjk)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  log "installing ${need[*]}"
  $SUDO apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null \
    || log "could not install ${need[*]}; the tests that need them will be skipped"
fi

# 2. A throw-away PostgreSQL on loopback.
pgbin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
pgdir=""
cleanup() {
  if [ -n "$pgdir" ] && [ -d "$pgdir" ]; then
    $as_pg "$pgbin/pg_ctl" -D "$pgdir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$pgdir"
  fi
}
trap cleanup EXIT
if [ -n "$pgbin" ] && [ -x "$pgbin/initdb" ]; then
  pgdir="$(mktemp -d /tmp/onecity-pg.XXXXXX)"
  as_pg=""
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql postgres
    chown -R postgres "$pgdir"; chmod 700 "$pgdir"
    as_pg="runuser -u postgres --"
  fi
  port=$(( 20000 + RANDOM % 20000 ))
  if $as_pg "$pgbin/initdb" -D "$pgdir/data" -U onecity --auth=trust -E UTF8 --locale=C.UTF-8 >"$pgdir/initdb.log" 2>&1 \
     && $as_pg "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/server.log" -w -t 60 \
          -o "-c listen_addresses=127.0.0.1 -p $port -k $pgdir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" start >/dev/null; then
    export ONECITY_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=onecity;Database=postgres;Pooling=true;Maximum Pool Size=20"
    log "PostgreSQL $(basename "$(dirname "$pgbin")") on 127.0.0.1:$port"
  else
    log "PostgreSQL did not start; its tests will be skipped"; cat "$pgdir"/*.log >&2 || true
  fi
fi

# 3. Every test.
results="$root/TestResults"
rm -rf "$results"
dotnet test OneCity.slnx --logger "trx" --results-directory "$results" "$@" 2>&1 | grep -vE '^\s*$'
status=${PIPESTATUS[0]}

# 4. The summary line.
passed=0; failed=0; skipped=0
for f in "$results"/*.trx; do
  [ -f "$f" ] || continue
  c=$(grep -o '<Counters [^>]*>' "$f" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$c"); passed=$((passed + ${p:-0}))
  x=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$c"); failed=$((failed + ${x:-0}))
  e=$(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$c"); failed=$((failed + ${e:-0}))
  t=$(sed -n 's/.* timeout="\([0-9]*\)".*/\1/p' <<<"$c"); failed=$((failed + ${t:-0}))
  a=$(sed -n 's/.* aborted="\([0-9]*\)".*/\1/p' <<<"$c"); failed=$((failed + ${a:-0}))
  s=$(sed -n 's/.* notExecuted="\([0-9]*\)".*/\1/p' <<<"$c"); skipped=$((skipped + ${s:-0}))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; log "dotnet test failed before reporting results"; fi
summary="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && summary="$summary, $skipped skipped"
echo "$summary"
[ "$failed" -eq 0 ]
