#!/usr/bin/env bash
# What a cold checksum lookup costs on gofer's request path, without the network: 100 cold
# verified lookups (bench/lookup/LookupBench.java) against a local checksum database of 65536
# records, under strace, counting the fsyncs made on the thread that asked (the request path)
# and on all others (background writes). Latencies on a busy machine are noise; the fsync counts
# are not. With BEFORE=<another checkout> the same runs against that checkout's build first.
#
#   bench/lookup-fsync.sh
#   BEFORE=/path/to/older/checkout bench/lookup-fsync.sh
#
# Needs strace and a JDK (the gofer launcher finds it).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
need_tools strace
. "$bench_root/scripts/jdk.sh"
gofer_find_jdk || { echo "bench: no JDK found" >&2; exit 3; }
records=${RECORDS:-65536} lookups=${LOOKUPS:-100}
JAVA_HOME="$GOFER_JAVA_HOME" "$bench_root/mvnw" -q -o -B -f "$bench_root/pom.xml" -pl gofer-mod test-compile >/dev/null
test_classes="$bench_root/gofer-mod/target/test-classes"

run() {
  local name=$1 root=$2 out="$bench_tmp/$1"
  "$root/gofer" --version >/dev/null
  mkdir -p "$out/classes" "$out/data"
  "$GOFER_JAVA_HOME/bin/javac" -d "$out/classes" -cp "$root/gofer-cli/target/gofer.jar:$test_classes" \
    "$bench_root/bench/lookup/LookupBench.java"
  strace -f -qq -T -e trace=fsync,fdatasync -o "$out/strace.txt" \
    "$GOFER_JAVA_HOME/bin/java" -Xmx512m -cp "$out/classes:$root/gofer-cli/target/gofer.jar:$test_classes" \
    LookupBench "$records" "$lookups" "$out/data" >"$out/stdout.txt" 2>/dev/null
  python3 - "$name" "$out" <<'PY'
import re, sys
name, out = sys.argv[1], sys.argv[2]
stdout = open(f"{out}/stdout.txt").read()
tid = re.search(r"task/(\d+)", stdout)[1]
total = mine = 0
mine_s = 0.0
for line in open(f"{out}/strace.txt"):
    pid, rest = line.split(" ", 1)
    if "resumed>" in rest or not re.match(r"f(data)?sync\(", rest.strip()):
        continue
    total += 1
    if pid == tid:
        mine += 1
        m = re.search(r"<([\d.]+)>\s*$", rest)
        mine_s += float(m[1]) if m else 0
print(f"| {name} | {stdout.splitlines()[-1]} | {total} | {mine} | {1000 * mine_s:.0f} |")
PY
}

echo "machine: $(machine); load $(load1); $lookups cold lookups in a tree of $records records"
echo
echo "| build | latencies | fsyncs in all | on the request thread | request-thread fsync ms |"
echo "|---|---|---:|---:|---:|"
[ -n "${BEFORE:-}" ] && run before "$BEFORE"
run this "$bench_root"
