#!/usr/bin/env bash
# Builds the JMH benchmarks and runs them. Arguments go to JMH (e.g. a benchmark regexp).
#   bench/jmh.sh DirHashBench
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/jdk.sh
gofer_find_jdk || { echo "bench: no JDK 21+" >&2; exit 3; }
export JAVA_HOME=$GOFER_JAVA_HOME
./mvnw -B -q -Pbench -pl bench/jmh -am package -DskipTests
exec "$JAVA_HOME/bin/java" -jar bench/jmh/target/benchmarks.jar "$@"
