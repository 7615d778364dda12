#!/usr/bin/env bash
# Resident memory of the `gofer serve` JVM while 64 clients download a 100 MiB zip at once
# (wrk -t2 -c64, 20 s), sampled from /proc/PID/status every 100 ms: VmRSS before, the highest
# VmRSS seen during the load, and VmHWM (the kernel's own high-water mark) at the end.
#
#   bench/serve-memory.sh                          # the launcher's serve flags
#   bench/serve-memory.sh cli serve                # one run per launcher profile, to compare
#   GOFER_JAVA_OPTS='-Xmx64m' bench/serve-memory.sh  # extra JVM flags through the launcher
#   DURATION=30s, GOFER_BENCH_STORE=DIR, BENCH_WAIT_QUIET=600 as in serve-vs-nginx.sh
#
# Needs wrk, curl, python3 (installed with apt-get when run as root).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
need_tools wrk curl python3

store=${GOFER_BENCH_STORE:-/tmp/gofer-bench-store}
duration=${DURATION:-20s}
make_store "$store"
build_gofer
profiles=("$@")
[ ${#profiles[@]} -eq 0 ] && profiles=(serve)

kb() { awk -v k="$1" '$1 == k":" {print $2}' "/proc/$2/status"; }
mib() { awk -v k="$1" 'BEGIN {printf "%.0f MiB", k / 1024}'; }

echo "machine: $(machine)"
echo "wrk -t2 -c64 -d$duration --timeout 60s http://127.0.0.1:PORT/$bench_module/@v/v1.1.0.zip"
echo
echo "| launcher profile | RSS idle | RSS max under load | VmHWM | requests/s | transfer/s | errors | load before/after |"
echo "|---|---:|---:|---:|---:|---:|---|---|"
for profile in "${profiles[@]}"; do
  port=$(free_port)
  GOFER_JVM_PROFILE=$profile start_gofer "$port" --offline --access-log=false --data "$store"
  url="http://127.0.0.1:$port/$bench_module/@v/v1.1.0.zip"
  curl -fsS -o /dev/null "$url"   # page cache warm; classes loaded
  idle=$(kb VmRSS "$gofer_pid")
  wait_quiet
  before=$(load1)
  max=0
  wrk -t2 -c64 -d"$duration" --timeout 60s "$url" >"$bench_tmp/wrk.out" &
  wrk_pid=$!
  while kill -0 "$wrk_pid" 2>/dev/null; do
    r=$(kb VmRSS "$gofer_pid"); [ "$r" -gt "$max" ] && max=$r
    sleep 0.1
  done
  wait "$wrk_pid"
  hwm=$(kb VmHWM "$gofer_pid")
  after=$(load1)
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$bench_tmp/wrk.out")
  tps=$(awk '/^Transfer\/sec:/ {print $2}' "$bench_tmp/wrk.out")
  errs=$(grep -E 'Non-2xx|Socket errors' "$bench_tmp/wrk.out" | tr -s ' ' | paste -sd';' || true)
  echo "| $profile | $(mib "$idle") | $(mib "$max") | $(mib "$hwm") | $rps | $tps | ${errs:-none} | $before / $after |"
  stop_pid "$gofer_pid"
done
