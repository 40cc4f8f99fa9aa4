#!/usr/bin/env bash
# Runs the whole test suite: unit tests, then integration tests against real nats-server processes.
# Needs nats-server on the PATH or in /usr/sbin (apt-get install nats-server) and a JDK 21 or later.
set -euo pipefail
cd "$(dirname "$0")/.."

JAVA_HOME=$(scripts/java-home.sh)
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH:/usr/sbin"

exec mvn -B -ntp verify "$@"
