# Starting and stopping the servers under test, privately on loopback. Sourced by compare.sh.
# Needs: W (work folder), REPO, SERVER_CORE, CERT/KEY, HOST, and the addresses below. Every server is pinned to
# SERVER_CORE with taskset, runs with the open-file limit raised to the hard limit, and writes the PID of the process
# that does the work (dotnet, lua, beam.smp) to $W/<name>.pid, which the load generator samples.

PARLEY_ADDR=127.0.10.1
PROSODY_ADDR=127.0.10.2
EJABBERD_ADDR=127.0.10.3
RELAY_ADDR=127.0.10.4
SINK_ADDR=127.0.10.5
NO_DNS=127.0.10.53          # nothing listens here: a lookup fails at once instead of leaving the machine
C2S_PORT=5222

# wait_port ADDR PORT SECONDS: until the port accepts TCP connections.
wait_port() {
  local i
  for ((i = 0; i < $3 * 10; i++)); do
    (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "nothing listens on $1:$2 after $3 s" >&2
  return 1
}

# stop_pid PIDFILE: TERM, bounded wait, then KILL; only the recorded PID.
stop_pid() {
  local pid i
  [ -f "$1" ] || return 0
  pid=$(cat "$1")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null
    for ((i = 0; i < 100; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
  fi
  rm -f "$1"
}

# ---------------------------------------------------------------- Parley
setup_parley() {
  mkdir -p "$W/parley/data"
  cat > "$W/parley/parley.toml" <<EOF
# Benchmark settings: the same certificate as the peers, SCRAM keys provisioned with $ITERATIONS iterations,
# throttles that could slow the benchmark lifted, logging at Warning.
data_dir = "$W/parley/data"
[hosts."$HOST"]
certificate = "$CERT"
key = "$KEY"
[c2s]
addresses = ["$PARLEY_ADDR"]
port = $C2S_PORT
direct_tls_port = 0
idle_timeout_seconds = 3600
negotiation_timeout_seconds = 120
[s2s]
enabled = false
[limits]
session_queue = 65536
[sasl]
scram_iterations = $ITERATIONS
failures_per_ip_per_minute = 1000000
failures_per_account_per_minute = 1000000
[logging]
level = "Warning"
EOF
  "$LOAD" provision --target parley --path "$W/parley/data/parley.db" --users "$ACCOUNTS" --host "$HOST" \
    --password "$PASSWORD" --iterations "$ITERATIONS" >/dev/null
}

start_parley() {
  setsid bash -c "ulimit -n \$(ulimit -Hn); echo \$\$ > '$W/parley.pid'; cd '$W/parley';
    exec env ${PARLEY_ENV:-} taskset -c $SERVER_CORE dotnet '$REPO/src/Parley/bin/Release/net10.0/parley.dll' run --config '$W/parley/parley.toml'" \
    >>"$W/parley/stdout.log" 2>&1 </dev/null &
  wait_port $PARLEY_ADDR $C2S_PORT 30
}

stop_parley() { stop_pid "$W/parley.pid"; }

# ---------------------------------------------------------------- Prosody
setup_prosody() {
  mkdir -p "$W/prosody/data"
  cat > "$W/prosody/prosody.cfg.lua" <<EOF
-- Benchmark settings: loopback only, the same certificate, SCRAM-SHA-256 (password_hash) with the provisioned
-- iteration count, no mod_limits (no rate limits), epoll, no s2s/http listeners, DNS pointed at nothing.
run_as_root = true
prosody_user = "root"
pidfile = "$W/prosody/prosody.pid"
data_path = "$W/prosody/data"
admin_socket = "$W/prosody/prosody.sock"
interfaces = { "$PROSODY_ADDR" }
local_interfaces = { "$PROSODY_ADDR" }
c2s_ports = { $C2S_PORT }
s2s_ports = { }
c2s_direct_tls_ports = { }
s2s_direct_tls_ports = { }
component_ports = { }
http_ports = { }
https_ports = { }
http_interfaces = { "$PROSODY_ADDR" }
https_interfaces = { "$PROSODY_ADDR" }
unbound = { resolvconf = false; hoststxt = false; forward = { "$NO_DNS@53" } }
network_backend = "epoll"
-- Nagle off like Parley (Kestrel) and ejabberd: with it on, every round trip of the login waits for a delayed ACK.
-- A listen backlog that does not drop SYNs under concurrent logins (default 128).
network_settings = { nagle = false; tcp_backlog = 4096 }
c2s_require_encryption = true
authentication = "internal_hashed"
password_hash = "SHA-256"
default_iteration_count = $ITERATIONS
storage = "internal"
log = { warn = "$W/prosody/prosody.log" }
modules_enabled = { "roster"; "saslauth"; "tls"; "disco"; "ping"; "presence"; }
modules_disabled = { "posix"; "s2s"; }
ssl = { certificate = "$CERT"; key = "$KEY"; }
VirtualHost "$HOST"
EOF
  "$LOAD" provision --target prosody --path "$W/prosody/data" --users "$ACCOUNTS" --host "$HOST" \
    --password "$PASSWORD" --iterations "$ITERATIONS" >/dev/null
}

start_prosody() {
  setsid bash -c "ulimit -n \$(ulimit -Hn); echo \$\$ > '$W/prosody.pid'; cd '$W/prosody/data';
    exec taskset -c $SERVER_CORE prosody --config '$W/prosody/prosody.cfg.lua' -F" \
    >>"$W/prosody/stdout.log" 2>&1 </dev/null &
  wait_port $PROSODY_ADDR $C2S_PORT 30
}

stop_prosody() { stop_pid "$W/prosody.pid"; }

# ---------------------------------------------------------------- ejabberd
EJ_NODE=parleybench@localhost

ej_ctl() {
  setpriv --reuid=ejabberd --regid=ejabberd --init-groups env HOME=/var/lib/ejabberd \
    ejabberdctl --config-dir "$W/ejabberd/conf" --spool "$W/ejabberd/spool" --logs "$W/ejabberd/logs" --node $EJ_NODE "$@"
}

setup_ejabberd() {
  local E=$W/ejabberd
  mkdir -p "$E/conf" "$E/spool" "$E/logs" "$E/etc"
  cat "$CERT" "$KEY" > "$E/conf/server.pem"
  cat > "$E/conf/ejabberd.yml" <<EOF
# Benchmark settings: loopback only, the same certificate, SCRAM-SHA-256 keys stored (auth_password_format: scram),
# no shaper and no max_fsm_queue on the listener (no rate limits), a listen backlog that does not drop SYNs under
# concurrent logins (default 5), Mnesia storage, logging at warning.
hosts: ["$HOST"]
loglevel: warning
log_rotate_count: 0
certfiles: ["$E/conf/server.pem"]
listen:
  - {port: $C2S_PORT, ip: "$EJABBERD_ADDR", module: ejabberd_c2s, starttls_required: true, backlog: 4096}
auth_method: internal
auth_password_format: scram
auth_scram_hash: sha256
cache_size: $((ACCOUNTS + 1000))          # an account cache that holds every benchmark user (default 1000)
acl: {local: {user_regexp: ""}}
access_rules: {local: {allow: local}}
api_permissions:
  "console commands": {from: [ejabberd_ctl], who: all, what: "*"}
modules:
  mod_roster: {}
  mod_disco: {}
  mod_ping: {}
EOF
  cat > "$E/conf/ejabberdctl.cfg" <<EOF
ERL_OPTIONS="-env ERL_CRASH_DUMP_BYTES 0"
ERL_DIST_PORT=27990
INET_DIST_INTERFACE=127.0.0.1
ERLANG_NODE=$EJ_NODE
EJABBERD_PID_PATH=$E/ejabberd.pid
EJABBERD_BYPASS_WARNINGS=true
EOF
  printf '{lookup, [file]}.\n{host, {127,0,0,1}, ["localhost"]}.\n{resolv_conf, ""}.\n{hosts_file, ""}.\n{nameserver, {127,0,10,53}, 53}.\n{timeout, 500}.\n{retry, 1}.\n' > "$E/conf/inetrc"
  printf '127.0.0.1 localhost\n' > "$E/etc/hosts"
  printf 'nameserver %s\noptions timeout:1 attempts:1\n' "$NO_DNS" > "$E/etc/resolv.conf"
  printf 'hosts: files dns\n' > "$E/etc/nsswitch.conf"
  "$LOAD" provision --target ejabberd --path "$E/users.xml" --users "$ACCOUNTS" --host "$HOST" \
    --password "$PASSWORD" --iterations "$ITERATIONS" >/dev/null
  chown -R ejabberd:ejabberd "$E"
  # First start imports the accounts into Mnesia (in the spool, kept for every later start).
  start_ejabberd || return 1
  ej_ctl import_piefxis "$E/users.xml" || return 1
  stop_ejabberd
}

start_ejabberd() {
  local E=$W/ejabberd
  rm -f "$E/ejabberd.pid"
  # A private mount namespace gives the node its own hosts/resolv.conf/nsswitch.conf (libc look-ups ignore inetrc).
  W=$W SERVER_CORE=$SERVER_CORE setsid unshare --mount --propagation private sh -c '
    mount --bind $W/ejabberd/etc/hosts /etc/hosts && mount --bind $W/ejabberd/etc/resolv.conf /etc/resolv.conf &&
    mount --bind $W/ejabberd/etc/nsswitch.conf /etc/nsswitch.conf && ulimit -n $(ulimit -Hn) &&
    exec taskset -c $SERVER_CORE setpriv --reuid=ejabberd --regid=ejabberd --init-groups env HOME=/var/lib/ejabberd \
      ejabberdctl --config-dir $W/ejabberd/conf --spool $W/ejabberd/spool --logs $W/ejabberd/logs --node '"$EJ_NODE"' foreground
  ' >>"$E/stdout.log" 2>&1 </dev/null &
  echo $! > "$W/ejabberd-shell.pid"
  wait_port $EJABBERD_ADDR $C2S_PORT 60 || return 1
  local i
  for ((i = 0; i < 100; i++)); do [ -s "$E/ejabberd.pid" ] && break; sleep 0.1; done
}

stop_ejabberd() {
  local E=$W/ejabberd i pid
  pid=$(cat "$E/ejabberd.pid" 2>/dev/null || true)
  ej_ctl stop >/dev/null 2>&1 || true
  for ((i = 0; i < 100; i++)); do { [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; } || break; sleep 0.1; done
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
  rm -f "$E/ejabberd.pid"
  stop_pid "$W/ejabberd-shell.pid"
}

# ---------------------------------------------------------------- references (bench project)
start_relay() {
  setsid bash -c "ulimit -n \$(ulimit -Hn); echo \$\$ > '$W/relay.pid';
    exec taskset -c $SERVER_CORE '$LOAD' serve-relay --listen $RELAY_ADDR:$C2S_PORT --cert '$CERT' --key '$KEY'" \
    >>"$W/relay.log" 2>&1 </dev/null &
  wait_port $RELAY_ADDR $C2S_PORT 30
}

stop_relay() { stop_pid "$W/relay.pid"; }

start_sink() {
  setsid bash -c "ulimit -n \$(ulimit -Hn); echo \$\$ > '$W/sink.pid';
    exec taskset -c $SERVER_CORE '$LOAD' serve-sink --listen $SINK_ADDR:$C2S_PORT --cert '$CERT' --key '$KEY' --host '$HOST' --password '$PASSWORD' --iterations $ITERATIONS" \
    >>"$W/sink.log" 2>&1 </dev/null &
  wait_port $SINK_ADDR $C2S_PORT 30
}

stop_sink() { stop_pid "$W/sink.pid"; }
