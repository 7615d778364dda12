#!/usr/bin/env bash
# `gofer serve --offline` against nginx serving the very same store directory as static files
# (sendfile on): wrk, 2 threads, 64 connections, on a warm .info, .mod, 1 MiB .zip and
# 100 MiB .zip. Prints a Markdown table (requests/s, transfer/s, latency p50/p99, load average).
#
#   bench/serve-vs-nginx.sh              # 20 s per file kind and server (40 s for the 100 MiB zip)
#   DURATION=10s DURATION_BIG=20s bench/serve-vs-nginx.sh
#   ROUNDS=4 DURATION=5s DURATION_BIG=10s bench/serve-vs-nginx.sh   # alternate, for a noisy machine
#   GOFER_JVM_PROFILE=cli bench/serve-vs-nginx.sh   # gofer with the launcher's CLI JVM flags
#   GOFER_BENCH_STORE=DIR  store to build/use (default /tmp/gofer-bench-store)
#   BENCH_WAIT_QUIET=600   wait up to 600 s for a 1-minute load average under BENCH_MAX_LOAD (1.5)
#   GOFER_JAVA_OPTS=...    extra JVM flags for gofer (through the launcher)
#   GOFER_BENCH_GOFER=/path/to/other/checkout/gofer   measure another build (before/after)
#
# Needs nginx, wrk, curl, python3 (installed with apt-get when run as root).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
need_tools nginx wrk curl python3

store=${GOFER_BENCH_STORE:-/tmp/gofer-bench-store}
duration=${DURATION:-20s}
# ROUNDS > 1 alternates gofer and nginx in that many runs of DURATION each per file kind, so that
# a shared machine's changing load hits both alike; the table sums them.
rounds=${ROUNDS:-1}
# A 100 MiB answer takes seconds at 64 connections: a longer run so that enough complete.
duration_big=${DURATION_BIG:-40s}
make_store "$store"
build_gofer

gport=$(free_port)
start_gofer "$gport" --offline --access-log=false --data "$store"

nport=$(free_port)
cat >"$bench_tmp/nginx.conf" <<CONF
worker_processes auto;
daemon off;
pid $bench_tmp/nginx.pid;
error_log $bench_tmp/nginx-error.log warn;
events { worker_connections 4096; }
http {
  default_type application/octet-stream;
  sendfile on;
  tcp_nopush on;
  access_log off;
  keepalive_requests 1000000;
  client_body_temp_path $bench_tmp/nginx-body;
  proxy_temp_path $bench_tmp/nginx-proxy;
  fastcgi_temp_path $bench_tmp/nginx-fastcgi;
  uwsgi_temp_path $bench_tmp/nginx-uwsgi;
  scgi_temp_path $bench_tmp/nginx-scgi;
  server {
    listen 127.0.0.1:$nport;
    root $store/cache/download;
  }
}
CONF
nginx -e "$bench_tmp/nginx-error.log" -p "$bench_tmp" -c "$bench_tmp/nginx.conf" &
bench_pids+=($!)
wait_http "http://127.0.0.1:$nport/$bench_module/@v/list"

paths=(
  "info|/$bench_module/@v/v1.0.0.info"
  "mod|/$bench_module/@v/v1.0.0.mod"
  "zip 1 MiB|/$bench_module/@v/v1.0.0.zip"
  "zip 100 MiB|/$bench_module/@v/v1.1.0.zip"
)

# Both must serve the same bytes, else the comparison means nothing.
for p in "${paths[@]}"; do
  path=${p#*|}
  a=$(curl -fsS "http://127.0.0.1:$gport$path" | sha256sum)
  b=$(curl -fsS "http://127.0.0.1:$nport$path" | sha256sum)
  [ "$a" = "$b" ] || { echo "bench: gofer and nginx serve different bytes for $path" >&2; exit 3; }
done

# run_wrk URL DURATION: one wrk run; its output is appended to $bench_tmp/wrk-<tag>.log.
run_wrk() {
  wrk -t2 -c64 -d"$2" --timeout 60s --latency "$1" >>"$bench_tmp/wrk-$3.log"
}

# summary TAG: "req/s | transfer/s | p50 | p99 | errors" over all rounds of TAG (requests and
# bytes summed over the rounds' time; p50/p99 the median of the rounds' values).
summary() {
  python3 - "$bench_tmp/wrk-$1.log" <<'PY'
import re, statistics, sys
text = open(sys.argv[1]).read()
unit = {"B": 1, "KB": 1 << 10, "MB": 1 << 20, "GB": 1 << 30}
tunit = {"us": 1e-3, "ms": 1, "s": 1e3, "m": 6e4}
def size(v):
    m = re.match(r"([\d.]+)([KMG]?B)", v); return float(m[1]) * unit[m[2]]
def ms(v):
    m = re.match(r"([\d.]+)(us|ms|s|m)$", v); return float(m[1]) * tunit[m[2]]
reqs = secs = byts = 0.0
p50, p99, errs = [], [], []
for run in text.split("Running ")[1:]:
    m = re.search(r"(\d+) requests in ([\d.]+)(s|m), ([\d.]+[KMG]?B) read", run)
    reqs += int(m[1]); secs += float(m[2]) * (60 if m[3] == "m" else 1); byts += size(m[4])
    p50.append(ms(re.search(r"^\s+50%\s+(\S+)", run, re.M)[1]))
    p99.append(ms(re.search(r"^\s+99%\s+(\S+)", run, re.M)[1]))
    errs += [l.strip() for l in run.splitlines() if "Non-2xx" in l or "Socket errors" in l]
print(f"{reqs / secs:.1f} | {byts / secs / (1 << 20):.1f} MiB/s | {statistics.median(p50):.2f} ms | "
      f"{statistics.median(p99):.2f} ms | {'; '.join(errs) or 'none'}")
PY
}

# Warm-up: JIT (gofer) and page cache (both), not recorded.
for p in "${paths[@]}"; do
  wrk -t2 -c64 -d5s --timeout 60s "http://127.0.0.1:$gport${p#*|}" >/dev/null
  wrk -t2 -c64 -d3s --timeout 60s "http://127.0.0.1:$nport${p#*|}" >/dev/null
done

echo "machine: $(machine)"
echo "gofer: ${GOFER_BENCH_LABEL:-this checkout, $(git -C "$bench_root" rev-parse --short HEAD)}, $(nginx -v 2>&1), $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)"
echo "wrk -t2 -c64 -d$duration --timeout 60s --latency URL (-d$duration_big for the 100 MiB zip), $rounds round(s) alternating gofer and nginx; gofer JVM profile ${GOFER_JVM_PROFILE:-serve}"
echo
echo "| file | server | requests/s | transfer/s | p50 | p99 | errors | load before/after |"
echo "|---|---|---:|---:|---:|---:|---|---|"
for p in "${paths[@]}"; do
  kind=${p%%|*} path=${p#*|}
  d=$duration; [ "$kind" = "zip 100 MiB" ] && d=$duration_big
  declare -A load_before=() load_after=()
  for round in $(seq "$rounds"); do
    for server in gofer nginx; do
      port=$([ "$server" = gofer ] && echo "$gport" || echo "$nport")
      wait_quiet
      [ "$round" -gt 1 ] || load_before[$server]=$(load1)
      run_wrk "http://127.0.0.1:$port$path" "$d" "$server-${kind// /-}"
      load_after[$server]=$(load1)
    done
  done
  for server in gofer nginx; do
    echo "| $kind | $server | $(summary "$server-${kind// /-}") | ${load_before[$server]} / ${load_after[$server]} |"
  done
done
echo
echo "gofer JVM after the run: $(grep -E 'VmHWM|VmRSS' /proc/$gofer_pid/status | tr -s ' \t' ' ' | paste -sd, -)"
