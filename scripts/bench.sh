#!/usr/bin/env bash
# Builds the worker and the benchmark program, then runs the benchmark. Arguments go to the program:
#   --smoke      every scenario once with a few hundred jobs, to check the program works (no measurement)
#   --runs N     runs per scenario, reported as the median (default 5)
#   --only NAME  one scenario: instant, delay100, latency or memory
set -euo pipefail
cd "$(dirname "$0")/.."

JAVA_HOME=$(scripts/java-home.sh)
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH:/usr/sbin"

if [ ! -f target/worker.jar ] || [ -n "$(find src pom.xml -newer target/worker.jar -print -quit)" ]; then
    mvn -B -q -ntp -DskipTests package
fi
mvn -B -q -ntp -f bench/pom.xml package

exec "$JAVA_HOME/bin/java" -jar bench/target/worker-bench.jar --jar target/worker.jar "$@"
