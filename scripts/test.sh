#!/usr/bin/env bash
# Runs the whole test suite: unit tests, integration tests against real nats-server processes, and a smoke
# run of the benchmark program.
# Needs nats-server on the PATH or in /usr/sbin (apt-get install nats-server) and a JDK 21 or later.
set -euo pipefail
cd "$(dirname "$0")/.."

JAVA_HOME=$(scripts/java-home.sh)
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH:/usr/sbin"

mvn -B -ntp verify "$@"

# A smoke run keeps the benchmark program from rotting; it asserts that every result arrives, never a timing.
echo "benchmark smoke run"
scripts/bench.sh --smoke
