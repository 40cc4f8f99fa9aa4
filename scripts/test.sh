#!/usr/bin/env bash
# Runs the whole test suite: a smoke run of the benchmark program, then unit tests and integration tests
# against real nats-server processes. Needs nats-server on the PATH or in /usr/sbin (apt-get install
# nats-server) and a JDK 21 or later.
set -euo pipefail
cd "$(dirname "$0")/.."

JAVA_HOME=$(scripts/java-home.sh)
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH:/usr/sbin"

# A smoke run keeps the benchmark program from rotting; it checks that every result arrives, never a timing.
# It runs first so that the test runner's summary closes the output.
echo "benchmark smoke run"
scripts/bench.sh --smoke

mvn -B -ntp verify "$@"
