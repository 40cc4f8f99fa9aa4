#!/usr/bin/env bash
# Prints the home of a JDK 21 or later: JAVA_HOME when it qualifies, else the newest JDK under /usr/lib/jvm.
# Exits 1 with a message on stderr when none is installed.
set -euo pipefail

java_major() {
    # "openjdk version "21.0.5"" or "17.0.15" -> 21 or 17
    "$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1
}

qualifies() {
    [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] && [ "$(java_major "$1")" -ge 21 ] 2>/dev/null
}

if [ -n "${JAVA_HOME:-}" ] && qualifies "$JAVA_HOME"; then
    echo "$JAVA_HOME"
    exit 0
fi

best=""
best_major=0
for home in /usr/lib/jvm/*; do
    [ -d "$home" ] || continue
    if qualifies "$home"; then
        major=$(java_major "$home")
        if [ "$major" -gt "$best_major" ]; then
            best="$home"
            best_major=$major
        fi
    fi
done

if [ -z "$best" ]; then
    echo "no JDK 21 or later found: install one (apt-get install openjdk-21-jdk-headless) or set JAVA_HOME" >&2
    exit 1
fi
echo "$best"
