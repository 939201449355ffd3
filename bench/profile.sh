#!/usr/bin/env bash
# Where Parley spends CPU and memory under the benchmark's load, with evidence files in docs/bench/profile/:
#   chat-cpu.txt       perf samples of the server (pinned to one core) under a fixed chat rate, by symbol and by DSO
#   chat-counters.csv  dotnet-counters (System.Runtime) over the same load: allocation rate, GC counts, heap sizes
#   chat-summary.txt   allocated bytes and CPU per delivered message
#   idle-heap.txt      dotnet-gcdump of the managed heap with N idle authenticated TLS connections, top types
#   idle-openssl-allocations.txt  live OpenSSL allocations made while the idle connections logged in, by source line
#   idle-summary.txt   RSS per connection, managed heap per connection, the rest (native: OpenSSL, runtime)
# Needs root, perf (linux-perf) and the dotnet-trace/-counters/-gcdump tools (installed with `dotnet tool install -g`).
#
#   bench/profile.sh [--rate 12000] [--chat-users 1000] [--idle-users 10000] [--only chat|idle]
set -euo pipefail
RATE=12000
ONLY=""
CHAT_USERS=1000
IDLE_USERS=10000
while [ $# -gt 0 ]; do
  case "$1" in
    --rate) RATE=$2; shift 2 ;;
    --chat-users) CHAT_USERS=$2; shift 2 ;;
    --idle-users) IDLE_USERS=$2; shift 2 ;;
    --only) ONLY=$2; shift 2 ;;
    *) sed -n '2,12p' "$0"; exit 2 ;;
  esac
done
REPO=$(cd "$(dirname "$0")/.." && pwd)
OUT=$REPO/docs/bench/profile
SERVER_CORE=0
LOAD_CORE=1
HOST=bench.example
PASSWORD=bench-password
ITERATIONS=4096
ACCOUNTS=$(( CHAT_USERS > IDLE_USERS ? CHAT_USERS : IDLE_USERS ))
ulimit -n "$(ulimit -Hn)"
command -v perf >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q linux-perf >/dev/null
export PATH=$PATH:$HOME/.dotnet/tools
for t in dotnet-counters dotnet-gcdump; do
  command -v $t >/dev/null || dotnet tool install -g $t >/dev/null
done

dotnet build "$REPO/src/Parley" -c Release -nologo -v:q -clp:ErrorsOnly
dotnet build "$REPO/bench/Parley.Load" -c Release -nologo -v:q -clp:ErrorsOnly
dotnet build "$REPO/bench/Parley.StartupProbe" -c Release -nologo -v:q -clp:ErrorsOnly
HOOK=$REPO/bench/Parley.StartupProbe/bin/Release/net10.0/Parley.StartupProbe.dll
LOAD=$REPO/bench/Parley.Load/bin/Release/net10.0/parley-load
W=$(mktemp -d /tmp/parley-profile.XXXXXX)
chmod 755 "$W"
# shellcheck source=bench/servers.sh
. "$REPO/bench/servers.sh"
trap 'stop_parley || true' EXIT
CERT=$W/cert.pem
KEY=$W/key.pem
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj "/CN=$HOST" \
  -addext "subjectAltName=DNS:$HOST" -keyout "$KEY" -out "$CERT" 2>/dev/null
setup_parley
mkdir -p "$OUT"
load() { taskset -c $LOAD_CORE "$LOAD" "$@" --cert "$CERT" --host "$HOST" --password "$PASSWORD" --sources 127.0.11.1+8; }

# Reports below cut long outputs with head: a closed pipe is not an error there.
set +o pipefail

# ---- chat at a fixed rate: perf and counters while it runs
if [ "$ONLY" != idle ]; then
# Perf needs JIT symbols (perf map) in plain anonymous memory (W^X's double mapping hides them).
PARLEY_ENV="DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0" start_parley
PID=$(cat "$W/parley.pid")
load chat --server $PARLEY_ADDR:$C2S_PORT --server-pid "$PID" --users "$CHAT_USERS" --rate-start "$RATE" --max-steps 1 \
  --warmup-seconds 10 --step-seconds 35 --settle-ms 0 > "$W/chat.log" 2>&1 &
LOADPID=$!
sleep 15
cpu0=$(awk '{print $14 + $15}' "/proc/$PID/stat")
perf record -F 499 -g -p "$PID" -o "$W/chat.perf" -- sleep 12 >/dev/null 2>&1
cpu1=$(awk '{print $14 + $15}' "/proc/$PID/stat")
dotnet-counters collect -p "$PID" --counters System.Runtime --refresh-interval 1 --format csv -o "$OUT/chat-counters.csv" \
  --duration 00:00:10 >/dev/null
wait $LOADPID || true
stop_parley
{
  echo "# perf record -F 499 -g, 12 s of Parley (pinned to core $SERVER_CORE) under chat at $RATE msgs/s, $CHAT_USERS users"
  echo "## by shared object"
  perf report -i "$W/chat.perf" --no-children --sort dso --stdio -g none 2>/dev/null | grep '%' | head -15
  echo "## by symbol (self time)"
  perf report -i "$W/chat.perf" --no-children --sort dso,symbol --stdio -g none 2>/dev/null | grep '%' | head -60 | cut -c1-220
  echo "## by symbol (with callees)"
  perf report -i "$W/chat.perf" --children --sort symbol --stdio -g none 2>/dev/null | grep '%' | head -60 | cut -c1-220
} > "$OUT/chat-cpu.txt"
# Allocation rate: the counter's per-second increments, averaged over the collection.
alloc=$(awk -F, '/dotnet.gc.heap.total_allocated/ {s += $NF; n++} END {printf "%.0f", n ? s / n : 0}' "$OUT/chat-counters.csv")
delivered=$(grep -o 'delivered [0-9]*/s' "$W/chat.log" | tail -1 | grep -o '[0-9]*')
{
  cat "$W/chat.log"
  echo "server CPU during perf: $(( cpu1 - cpu0 )) ticks of 10 ms in 12 s"
  echo "allocated bytes per second (counters): $alloc"
  echo "delivered messages per second: $delivered"
  [ -n "$delivered" ] && [ "$delivered" -gt 0 ] && echo "allocated bytes per delivered message: $(( alloc / delivered ))"
  echo "server CPU per message (µs): $(( (cpu1 - cpu0) * 10000 / 12 / (delivered > 0 ? delivered : 1) ))"
} > "$OUT/chat-summary.txt"
fi
[ "$ONLY" = chat ] && exit 0

# ---- idle: the managed heap with N idle connections, and what OpenSSL holds (counted by the startup hook)
PARLEY_ENV="DOTNET_STARTUP_HOOKS=$HOOK PARLEY_PROBE_OUT=$W/probe.txt DOTNET_SYSTEM_NET_SECURITY_OPENSSL_MEMORY_DEBUG=1 DOTNET_OPENSSL_MEMORY_DEBUG=1" start_parley
PID=$(cat "$W/parley.pid")
sleep 2
probe0=$(tail -1 "$W/probe.txt")
touch "$W/probe.txt.track"; sleep 1.5
load idle --server $PARLEY_ADDR:$C2S_PORT --server-pid "$PID" --users "$IDLE_USERS" --settle-ms 25000 > "$W/idle.log" 2>&1 &
LOADPID=$!
for ((i = 0; i < 600; i++)); do
  n=$(ss -Htn state established "( sport = :$C2S_PORT )" src $PARLEY_ADDR | wc -l)
  [ "$n" -ge "$IDLE_USERS" ] && break
  sleep 0.5
done
sleep 8
rss=$(awk '/VmRSS/ {print $2}' "/proc/$PID/status")
probe1=$(tail -1 "$W/probe.txt")
touch "$W/probe.txt.dump"
for ((i = 0; i < 60; i++)); do [ -s "$W/probe.txt.allocs" ] && break; sleep 1; done
head -30 "$W/probe.txt.allocs" > "$OUT/idle-openssl-allocations.txt" || true
dotnet-counters collect -p "$PID" --counters System.Runtime --refresh-interval 1 --format csv -o "$W/idle-counters.csv" \
  --duration 00:00:03 >/dev/null
dotnet-gcdump collect -p "$PID" -o "$W/idle.gcdump" >/dev/null
dotnet-gcdump report "$W/idle.gcdump" > "$W/idle-heap-full.txt"
head -45 "$W/idle-heap-full.txt" > "$OUT/idle-heap.txt"
grep -E 'Rss|Pss_Anon|Anonymous' "/proc/$PID/smaps_rollup" > "$W/smaps.txt" || true
wait $LOADPID || true
stop_parley
heap=$(awk 'NR > 1 && $1 ~ /^[0-9,]+$/ {gsub(",", "", $1); s += $1} END {print s}' "$W/idle-heap-full.txt")
{
  cat "$W/idle.log"
  echo "connections: $n, RSS with them: $rss KiB"
  echo "managed heap reachable (gcdump total): $heap bytes = $(( heap / (n > 0 ? n : 1) )) bytes per connection (includes start-up objects)"
  cat "$W/smaps.txt"
  read -r _ ssl0 n0 heap0 committed0 <<< "$probe0"
  read -r _ ssl1 n1 heap1 committed1 <<< "$probe1"
  echo "OpenSSL allocated (memory-debug counters): $ssl0 → $ssl1 bytes = $(( (ssl1 - ssl0) / (n > 0 ? n : 1) )) bytes and $(( (n1 - n0) / (n > 0 ? n : 1) )) allocations per connection"
  echo "GC heap after the last GC: $heap0 → $heap1 bytes = $(( (heap1 - heap0) / (n > 0 ? n : 1) )) bytes per connection; committed $committed0 → $committed1 = $(( (committed1 - committed0) / (n > 0 ? n : 1) )) bytes per connection (GC.GetGCMemoryInfo)"
  echo "GC (dotnet-counters, last values):"
  grep -E 'heap.size|committed_size|working_set|collections' "$W/idle-counters.csv" | awk -F, '{v[$3] = $NF} END {for (k in v) print "  " k " = " v[k]}' | sort
} > "$OUT/idle-summary.txt"
echo "wrote $OUT"
