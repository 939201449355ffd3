#!/usr/bin/env bash
# Parley side by side with Prosody and ejabberd (Debian's packages) on this machine, in one run: installs what is
# missing, starts each server privately on loopback with equivalent settings (see bench/servers.sh), provisions the
# same accounts, runs every scenario against every server in turn, repeated, and writes the tables and the plot into
# docs/benchmarks.md and docs/bench/. Run as root on Debian 12. Not part of CI.
#
#   bench/compare.sh [--runs 3] [--login-users 2000] [--idle-users 10000] [--chat-users 1000] [--step-seconds 3]
#                    [--rate-start 1000] [--scenarios "login idle chat"] [--servers "parley prosody ejabberd"] [--no-docs]
set -euo pipefail

RUNS=3
LOGIN_USERS=2000
IDLE_USERS=10000
CHAT_USERS=1000
CONCURRENCY=32
STEP_SECONDS=3
RATE_START=1000
RATE_FACTOR=1.5
SCENARIOS="login idle chat"
SERVERS="parley prosody ejabberd"
WRITE_DOCS=1
ITERATIONS=4096
ARGS="$*"
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS=$2; shift 2 ;;
    --login-users) LOGIN_USERS=$2; shift 2 ;;
    --idle-users) IDLE_USERS=$2; shift 2 ;;
    --chat-users) CHAT_USERS=$2; shift 2 ;;
    --concurrency) CONCURRENCY=$2; shift 2 ;;
    --step-seconds) STEP_SECONDS=$2; shift 2 ;;
    --rate-start) RATE_START=$2; shift 2 ;;
    --scenarios) SCENARIOS=$2; shift 2 ;;
    --servers) SERVERS=$2; shift 2 ;;
    --no-docs) WRITE_DOCS=0; shift ;;
    *) sed -n '2,9p' "$0"; exit 2 ;;
  esac
done

REPO=$(cd "$(dirname "$0")/.." && pwd)
[ "$(id -u)" -eq 0 ] || { echo "run as root (servers are started as their own users, limits are raised)" >&2; exit 1; }
[ "$(nproc)" -ge 2 ] || { echo "needs 2 cores: one for the server under test, one for the load generator" >&2; exit 1; }
SERVER_CORE=0
LOAD_CORE=1
HOST=bench.example
PASSWORD=bench-password
ulimit -n "$(ulimit -Hn)"
MAX_USERS=$(( $(ulimit -Hn) - 200 ))
if [ "$IDLE_USERS" -gt "$MAX_USERS" ]; then
  echo "idle users capped at $MAX_USERS by the open-file limit (ulimit -Hn)"; IDLE_USERS=$MAX_USERS
fi
ACCOUNTS=$(printf '%s\n' "$LOGIN_USERS" "$IDLE_USERS" "$CHAT_USERS" | sort -n | tail -1)

# ------------------------------------------------------------------ install (no system services started)
need=()
for p in prosody ejabberd python3-matplotlib openssl; do dpkg -s "$p" >/dev/null 2>&1 || need+=("$p"); done
if [ ${#need[@]} -gt 0 ]; then
  [ -e /usr/sbin/policy-rc.d ] || { printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; }
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q "${need[@]}" >/dev/null
fi

# ------------------------------------------------------------------ build
echo "building Parley and the load generator (Release)"
dotnet build "$REPO/src/Parley" -c Release -nologo -v:q -clp:ErrorsOnly
dotnet build "$REPO/bench/Parley.Load" -c Release -nologo -v:q -clp:ErrorsOnly
LOAD=$REPO/bench/Parley.Load/bin/Release/net10.0/parley-load

# ------------------------------------------------------------------ work folder, certificate, servers
W=$(mktemp -d /tmp/parley-bench.XXXXXX)
chmod 755 "$W"
echo "work folder: $W"
# shellcheck source=bench/servers.sh
. "$REPO/bench/servers.sh"
cleanup() {
  stop_parley || true; stop_prosody || true; stop_ejabberd || true; stop_relay || true; stop_sink || true
}
trap cleanup EXIT

CERT=$W/cert.pem
KEY=$W/key.pem
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj "/CN=$HOST" \
  -addext "subjectAltName=DNS:$HOST" -keyout "$KEY" -out "$CERT" 2>/dev/null
chmod 644 "$CERT" "$KEY"

echo "provisioning $ACCOUNTS accounts on each server"
for s in $SERVERS; do "setup_$s"; done

RESULTS=$W/results.jsonl
SOURCES=127.0.11.1+8
load() {
  taskset -c $LOAD_CORE "$LOAD" "$@" --cert "$CERT" --host "$HOST" --password "$PASSWORD" --sources $SOURCES \
    --results "$RESULTS"
}
addr_of() { case $1 in parley) echo $PARLEY_ADDR ;; prosody) echo $PROSODY_ADDR ;; ejabberd) echo $EJABBERD_ADDR ;; esac; }
pid_of() { case $1 in ejabberd) cat "$W/ejabberd/ejabberd.pid" ;; *) cat "$W/$1.pid" ;; esac; }

scenario_args() {
  case $1 in
    login) echo "--users $LOGIN_USERS --concurrency $CONCURRENCY --settle-ms 1000" ;;
    idle) echo "--users $IDLE_USERS --concurrency $CONCURRENCY --settle-ms 3000" ;;
    chat | relay) echo "--users $CHAT_USERS --concurrency $CONCURRENCY --settle-ms 500 --rate-start $RATE_START \
      --rate-factor $RATE_FACTOR --step-seconds $STEP_SECONDS --warmup-seconds 1 --max-steps 16 --refinements 2" ;;
  esac
}

# ------------------------------------------------------------------ runs: every scenario on every server, in turn
started=$(date +%s)
order=($SERVERS)
for ((run = 1; run <= RUNS; run++)); do
  for scenario in $SCENARIOS; do
    for s in "${order[@]}"; do
      echo "== run $run, $scenario, $s"
      "start_$s" || { echo "!! $s did not start"; "stop_$s"; continue; }
      # shellcheck disable=SC2046
      load "$scenario" --server "$(addr_of "$s"):$C2S_PORT" --server-pid "$(pid_of "$s")" --label "$s" --run "$run" \
        $(scenario_args "$scenario") || echo "!! $scenario on $s failed (see above)"
      "stop_$s"
    done
  done
  # References: the trivial login sink (generator capacity), the relay's idle TLS connections (the floor of .NET's
  # TLS stack without XMPP) and the relay under chat load (the physical limit of chat).
  if [[ " $SCENARIOS " == *" login "* ]]; then
    echo "== run $run, login, sink"; start_sink
    # shellcheck disable=SC2046
    load login --server $SINK_ADDR:$C2S_PORT --server-pid "$(cat "$W/sink.pid")" --label sink --run "$run" $(scenario_args login) || true
    stop_sink
  fi
  if [[ " $SCENARIOS " == *" idle "* ]]; then
    echo "== run $run, idle, relay"; start_relay
    # shellcheck disable=SC2046
    load idle --relay --server $RELAY_ADDR:$C2S_PORT --server-pid "$(cat "$W/relay.pid")" --label relay --run "$run" $(scenario_args idle) || true
    stop_relay
  fi
  if [[ " $SCENARIOS " == *" chat "* ]]; then
    echo "== run $run, relay"; start_relay
    # shellcheck disable=SC2046
    load relay --server $RELAY_ADDR:$C2S_PORT --server-pid "$(cat "$W/relay.pid")" --label relay --run "$run" $(scenario_args relay) || true
    stop_relay
  fi
  order=("${order[@]:1}" "${order[0]}")   # rotate, so that no server always goes first
done
elapsed=$(( $(date +%s) - started ))

# ------------------------------------------------------------------ report
versions="Parley $(git -C "$REPO" rev-parse --short HEAD) (Release, .NET $(dotnet --list-runtimes | awk '/NETCore.App/ {v=$2} END {print v}')), \
Prosody $(dpkg-query -W -f='${Version}' prosody) ($(readlink -f "$(command -v lua5.4 || echo lua)" | xargs basename)), \
ejabberd $(dpkg-query -W -f='${Version}' ejabberd) (Erlang/OTP $(cat /usr/lib/erlang/releases/*/OTP_VERSION 2>/dev/null | head -1))"
environment="Run on $(date -u +%Y-%m-%d) — $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), \
$(free -g | awk '/Mem:/ {print $2}') GiB; servers pinned to core $SERVER_CORE, load generator to core $LOAD_CORE; \
load average at the end $(cut -d' ' -f1-3 /proc/loadavg) (the machine is shared with other jobs); \
$RUNS runs, $elapsed s of measurement. Versions: $versions. Accounts: $ACCOUNTS, SCRAM-SHA-256, $ITERATIONS iterations, \
STARTTLS, P-256 certificate; login $LOGIN_USERS users, idle $IDLE_USERS, chat $CHAT_USERS (concurrency $CONCURRENCY)."
command="bench/compare.sh $ARGS"
"$LOAD" report --results "$RESULTS" --out "$W/report.md" --command "$command" --environment "$environment"
/usr/bin/python3 "$REPO/bench/plot.py" "$RESULTS" "$W/compare.png"
cat "$W/report.md"

if [ "$WRITE_DOCS" -eq 1 ]; then
  mkdir -p "$REPO/docs/bench"
  cp "$RESULTS" "$REPO/docs/bench/results.jsonl"
  cp "$W/compare.png" "$REPO/docs/bench/compare.png"
  cp "$W/report.md" "$REPO/docs/bench/results.md"
  # Replace the generated part of docs/benchmarks.md (between the markers), keep the rest.
  /usr/bin/python3 - "$REPO/docs/benchmarks.md" "$W/report.md" <<'EOF'
import sys
doc, report = sys.argv[1], open(sys.argv[2]).read()
begin, end = "<!-- results:begin -->", "<!-- results:end -->"
text = open(doc).read() if __import__("os").path.exists(doc) else f"# Benchmarks\n\n{begin}\n{end}\n"
head, rest = text.split(begin, 1)
tail = rest.split(end, 1)[1]
open(doc, "w").write(f"{head}{begin}\n{report}\n![throughput, latency, memory and logins](bench/compare.png)\n\n{end}{tail}")
EOF
  echo "wrote docs/benchmarks.md, docs/bench/results.md, docs/bench/results.jsonl, docs/bench/compare.png"
fi
