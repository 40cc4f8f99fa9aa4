#!/usr/bin/env bash
# Builds the worker, starts a local nats-server with JetStream and a fresh NKEY user, starts one worker in
# debug mode, runs one demo job through it and prints the stored result. Everything listens on 127.0.0.1
# and is stopped on exit. Installs nats-server with apt-get when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v nats-server >/dev/null 2>&1 && [ ! -x /usr/sbin/nats-server ]; then
    echo "demo: installing nats-server"
    if [ "$(id -u)" -eq 0 ]; then apt-get update -qq && apt-get install -y -qq nats-server
    else sudo apt-get update -qq && sudo apt-get install -y -qq nats-server; fi
fi
NATS_SERVER=$(command -v nats-server || echo /usr/sbin/nats-server)

JAVA_HOME=$(scripts/java-home.sh)
export JAVA_HOME
JAVA="$JAVA_HOME/bin/java"

echo "demo: building the worker"
mvn -B -q -ntp -DskipTests package
JAR=target/worker.jar

work=$(mktemp -d -t worker-demo-XXXXXX)
nats_pid=""
worker_pid=""
cleanup() {
    [ -n "$worker_pid" ] && kill "$worker_pid" 2>/dev/null && wait "$worker_pid" 2>/dev/null || true
    [ -n "$nats_pid" ] && kill "$nats_pid" 2>/dev/null && wait "$nats_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

read -r seed public_key < <("$JAVA" --enable-native-access=ALL-UNNAMED -cp "$JAR" io.logset.worker.tools.Demo nkey)
port=$("$JAVA" --enable-native-access=ALL-UNNAMED -cp "$JAR" io.logset.worker.tools.FreePort)

cat > "$work/nats.conf" <<CONF
listen: 127.0.0.1:$port
jetstream { store_dir: "$work/jetstream" }
authorization { users = [ { nkey: $public_key } ] }
CONF

echo "demo: starting nats-server on 127.0.0.1:$port with NKEY user $public_key"
"$NATS_SERVER" -c "$work/nats.conf" > "$work/nats.log" 2>&1 &
nats_pid=$!

health_port=$("$JAVA" --enable-native-access=ALL-UNNAMED -cp "$JAR" io.logset.worker.tools.FreePort)
export MODE=debug NATS_HOSTS="127.0.0.1:$port" NATS_NKEY="$seed" NODE_NAME=demo-node
export HEALTH_BIND=127.0.0.1 HEALTH_PORT="$health_port"
echo "demo: starting the worker (its log follows)"
"$JAVA" -jar "$JAR" > >(tee "$work/worker.log") 2>&1 &
worker_pid=$!

# The worker waits for NATS by itself; the job is published once the worker has subscribed.
for _ in $(seq 1 300); do
    grep -q "worker demo-node started" "$work/worker.log" 2>/dev/null && break
    kill -0 "$worker_pid" 2>/dev/null || { echo "demo: the worker exited; see its log above" >&2; exit 1; }
    sleep 0.1
done
grep -q "worker demo-node started" "$work/worker.log" || { echo "demo: the worker did not start within 30 s" >&2; exit 1; }

echo "demo: health endpoints on http://127.0.0.1:$health_port/healthz, /readyz and /metrics"
"$JAVA" --enable-native-access=ALL-UNNAMED -cp "$JAR" io.logset.worker.tools.Demo run
