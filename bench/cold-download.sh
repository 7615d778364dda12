#!/usr/bin/env bash
# Cold `go mod download all` of a large real dependency graph (bench/cold/go.mod: client-go,
# prometheus/client_golang, x/tools and their ~140 modules, ~90 MB of zips), with an empty
# module cache each run and no go.sum, so the go command checks every module against
# sum.golang.org too:
#   direct: GOPROXY=https://proxy.golang.org, GOSUMDB=sum.golang.org (the go default)
#   gofer:  GOPROXY=http://127.0.0.1:PORT of a `gofer serve` with an EMPTY store (restarted each
#           run), GOSUMDB=sum.golang.org reached through gofer's /sumdb/; gofer verifies every
#           .mod and .zip against sum.golang.org before it stores and serves it.
# Runs alternate (direct, gofer, direct, ...) so that network weather hits both alike. Prints
# the wall time of each run and the medians.
#
#   bench/cold-download.sh           # 5 runs each
#   RUNS=3 bench/cold-download.sh
#   UPSTREAM=https://proxy.golang.org  gofer's upstream and the direct run's GOPROXY
#   WARM=1 bench/cold-download.sh      # gofer's JVM warmed first (see below)
#   PIN=1 bench/cold-download.sh       # gofer on CPU 0, the go command on CPU 1 (see below)
#   GOFER_ARGS="--prefetch=false --prefetch-zips=false" bench/cold-download.sh   # more serve flags
#
# WARM=1: a proxy in production runs for days; what a new dependency graph meets is a cold
# *store* in a warm *JVM*. The warm-up is a `go mod download all` of bench/cold/warm/go.mod (a
# graph walk, as the measured run is: 16 modules, 19 module versions in its graph) and then of
# bench/cold/warmup.txt (72 earlier releases of modules in the measured build list). None of them
# is in the measured graph, and none requires a module version that is: gofer fetches the
# requirements of each go.mod a client fetched ahead of it, and a warm-up that reached into the
# measured graph would leave part of it stored. Then bench/cold/warmup-more.txt: 477 more
# versions (at most 10 of each module in the measured graph, chosen the same way: neither they nor
# what their go.mod files require is in the measured graph). The JIT needs more than the measured
# run's own amount of work to settle: after the 91 versions alone, C2 still compiled about 200
# methods during the measured run (2.4 s of CPU on 2 cores, jdk.Compilation events); after all
# 568, about 50, one of them a single 1.3 s compilation (bench/RESULTS.md). Each run's warm-up
# takes about 2 minutes and 700 MB. The "JIT s" column is jvm_compilation_time_seconds_total
# during the measured run: near 0 means the JVM was warm. A fresh `gofer serve` per run also pays its JIT compilation (about
# 6 s of CPU on 2 cores, measured with /proc/PID/task/*/stat: C1 + C2 threads) while the go
# command competes for the same cores. With WARM=1, each run's fresh serve first downloads
# bench/cold/warmup.txt into a separate module cache, untimed (see above), so no .info, .mod or
# .zip is shared with the measured run. Checksum-database tiles may be shared, as
# they would be on a serve that has been running. The store is still cold for the measured graph.
#
# PIN=1: on a machine this small the go command and gofer compete for the same two cores, which a
# proxy serving a fleet does not: it runs on its own host. PIN=1 models that with taskset: the
# go command runs on CPU 1 in both the direct and the gofer runs (so GOMAXPROCS is 1 in both),
# gofer on CPU 0.
#
# NICE=N: gofer (and nginx with VIA_NGINX=1) run at CPU priority nice N, the go command at the
# default. On a host that also runs the builds, the proxy's fetching ahead (zips verified before
# the client asks) is work the client does not wait for yet, and the client's own unpacking is;
# `Nice=10` in the proxy's systemd unit says so to the scheduler. On a proxy host of its own it
# changes nothing. A client waiting for an answer leaves the CPU to the proxy unless it has other
# work ready (unpacking a zip it already has).
#
# The graph walk column: the time until the go command asked for its first zip (its -x request
# lines, stamped as they arrive). Before that it loads the module graph (.mod files and their
# checksum lookups, latency-bound); after it, it downloads and unpacks the zips (CPU-bound).
#
# VIA_NGINX=1: each run also downloads through a fresh caching nginx in front of the same upstream
# (proxy_cache on an empty directory, upstream keep-alive over TLS, nothing verified and nothing
# forced to disk): what a proxy hop itself costs on this machine, the floor for any proxy.
#
# Before each timed run the page cache is written back and dropped (as root; DROP_CACHES=0 turns
# it off): see drop_caches in lib.sh for why. Then the run waits until the CPUs are idle
# (wait_idle in lib.sh); the "load before" column is the lagging 1-minute average.
#
# Needs go, curl, python3 and access to proxy.golang.org and sum.golang.org.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
need_tools curl python3
command -v go >/dev/null || { echo "bench: needs the go command on PATH (https://go.dev/dl/)" >&2; exit 3; }
runs=${RUNS:-5}
go_pin="" gofer_pin=""
if [ "${PIN:-0}" = 1 ]; then
  command -v taskset >/dev/null || { echo "bench: PIN=1 needs taskset (util-linux)" >&2; exit 3; }
  go_pin="taskset -c 1" gofer_pin="taskset -c 0"
fi
proxy_nice=""
if [ -n "${NICE:-}" ]; then
  case $NICE in *[!0-9]*) echo "bench: NICE must be a number from 1 to 19, not $NICE" >&2; exit 2 ;; esac
  proxy_nice="nice -n $NICE"
  gofer_pin="${gofer_pin:+$gofer_pin }$proxy_nice"
fi
upstream=${UPSTREAM:-https://proxy.golang.org}
build_gofer
[ "${VIA_NGINX:-0}" = 1 ] && need_tools nginx

# start_nginx_cache PORT DIR: a caching nginx on 127.0.0.1:PORT in front of $upstream, its cache
# and temp files under DIR (emptied); sets nginx_pid.
start_nginx_cache() {
  local host=${upstream#https://}
  host=${host%%/*}
  rm -rf "$2"; mkdir -p "$2/cache" "$2/tmp"
  # Started as root, nginx's workers run as another user unless told: the bench's temp
  # directory is private, so they run as this user.
  cat >"$2/nginx.conf" <<CONF
$([ "$(id -u)" -eq 0 ] && echo "user root;")
worker_processes 2;
daemon off;
pid $2/nginx.pid;
error_log $2/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  proxy_cache_path $2/cache levels=1:2 keys_zone=gp:16m max_size=20g inactive=7d use_temp_path=off;
  proxy_temp_path $2/tmp;
  client_body_temp_path $2/tmp;
  fastcgi_temp_path $2/tmp;
  uwsgi_temp_path $2/tmp;
  scgi_temp_path $2/tmp;
  upstream up { server $host:443; keepalive 64; }
  server {
    listen 127.0.0.1:$1;
    location / {
      proxy_pass https://up;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_ssl_server_name on;
      proxy_ssl_name $host;
      proxy_ssl_session_reuse on;
      proxy_ssl_verify on;
      proxy_ssl_trusted_certificate /etc/ssl/certs/ca-certificates.crt;
      proxy_cache gp;
      proxy_cache_valid 200 1d;
      proxy_cache_lock on;
    }
  }
}
CONF
  $proxy_nice nginx -e "$2/error.log" -p "$2" -c "$2/nginx.conf" &
  nginx_pid=$!
  bench_pids+=("$nginx_pid")
  wait_http "http://127.0.0.1:$1/golang.org/x/mod/@v/list" || { cat "$2/error.log" >&2; exit 3; }
}

# run_download NAME GOPROXY: one cold download; prints its wall time and the time until the go
# command asked for its first zip (the end of its graph walk), in seconds. The go command runs
# with -x, whose request lines a small filter stamps with the time they arrive.
run_download() {
  local dir="$bench_tmp/$1" t0 t1
  rm -rf "$dir"; mkdir -p "$dir/src"
  cp "$bench_root/bench/cold/go.mod" "$bench_root/bench/cold/main.go" "$dir/src/"
  drop_caches
  wait_idle
  t0=$(date +%s.%N)
  if ! (cd "$dir/src" && env -u GOFLAGS -u GONOSUMDB -u GONOSUMCHECK -u GOPRIVATE -u GONOPROXY \
      GOPATH="$dir/gopath" GOMODCACHE="$dir/gopath/pkg/mod" GOCACHE="$dir/gocache" \
      GOPROXY="$2" GOSUMDB=sum.golang.org GOFLAGS=-mod=mod GOTOOLCHAIN=local GOENV=off \
      $go_pin go mod download -x all 2>&1 | python3 -c '
import sys, time
with open(sys.argv[1], "w") as out:
    for line in sys.stdin:
        out.write("%.3f %s" % (time.time(), line))' "$dir.log"); then
    echo "bench: go mod download through $2 failed:" >&2; tail -5 "$dir.log" >&2; exit 3
  fi
  t1=$(date +%s.%N)
  chmod -R u+w "$dir" && rm -rf "$dir"
  python3 - "$t0" "$t1" "$dir.log" <<'PY'
import sys
t0, t1 = float(sys.argv[1]), float(sys.argv[2])
first_zip = next((float(l.split(" ", 1)[0]) for l in open(sys.argv[3])
                  if l.split(" ", 1)[1].startswith("# get ") and l.rstrip().endswith(".zip")), t1)
print(f"{t1 - t0:.2f} {first_zip - t0:.2f}")
PY
}

# warm_jvm GOPROXY: downloads bench/cold/warmup.txt through gofer into a throw-away module cache.
warm_jvm() {
  local dir="$bench_tmp/warm"
  rm -rf "$dir"; mkdir -p "$dir/src"
  cp "$bench_root/bench/cold/warm/go.mod" "$bench_root/bench/cold/warm/main.go" "$dir/src/"
  # A graph walk first (its 19 module versions are disjoint from the measured graph's), then the list.
  if ! (cd "$dir/src" && env -u GOFLAGS -u GONOSUMDB -u GOPRIVATE -u GONOPROXY \
      GOPATH="$dir/gopath" GOMODCACHE="$dir/gopath/pkg/mod" GOCACHE="$dir/gocache" \
      GOPROXY="$1" GOSUMDB=sum.golang.org GOFLAGS="-mod=mod -modcacherw" GOTOOLCHAIN=local GOENV=off \
      go mod download all) >"$dir.log" 2>&1; then
    echo "bench: warm-up graph walk through $1 failed:" >&2; tail -5 "$dir.log" >&2; exit 3
  fi
  # shellcheck disable=SC2046
  if ! (cd "$dir" && env -u GOFLAGS -u GONOSUMDB -u GOPRIVATE -u GONOPROXY \
      GOPATH="$dir/gopath" GOMODCACHE="$dir/gopath/pkg/mod" GOCACHE="$dir/gocache" \
      GOPROXY="$1" GOSUMDB=sum.golang.org GOFLAGS=-modcacherw GOTOOLCHAIN=local GOENV=off \
      go mod download $(cat "$bench_root/bench/cold/warmup.txt" "$bench_root/bench/cold/warmup-more.txt")) >"$dir.log" 2>&1; then
    echo "bench: warm-up through $1 failed:" >&2; tail -5 "$dir.log" >&2; exit 3
  fi
  rm -rf "$dir"
}

echo "machine: $(machine); $(go version)"
echo "go mod download all of bench/cold/go.mod, $runs runs each, empty GOMODCACHE and gofer store per run$([ "${WARM:-0}" = 1 ] && echo ', gofer JVM warmed first (WARM=1)')$([ "${PIN:-0}" = 1 ] && echo ', go on CPU 1 and gofer on CPU 0 (PIN=1)')$([ -n "$proxy_nice" ] && echo ", proxies at nice $NICE (NICE=$NICE)")"
echo
if [ "${VIA_NGINX:-0}" = 1 ]; then
  echo "| run | direct (s) | through gofer (s) | JIT s | through nginx (s) | graph walk: direct / gofer / nginx (s) | load before |"
  echo "|---|---:|---:|---:|---:|---|---|"
else
  echo "| run | direct (s) | through gofer (s) | JIT s | graph walk: direct / gofer (s) | load before |"
  echo "|---|---:|---:|---:|---|---|"
fi
direct=() gofer=() viaNginx=() dgraphs=() ggraphs=()
for i in $(seq "$runs"); do
  wait_quiet
  before=$(load1)
  read -r d dgraph <<<"$(run_download direct "$upstream")"
  store="$bench_tmp/store"
  rm -rf "$store"
  port=$(free_port)
  # shellcheck disable=SC2086
  GOFER_PIN="$gofer_pin" start_gofer "$port" --access-log=false --data "$store" --upstream "$upstream" ${GOFER_ARGS:-}
  : >"$bench_tmp/metrics-warm.txt"
  if [ "${WARM:-0}" = 1 ]; then
    warm_jvm "http://127.0.0.1:$port"
    curl -fsS "http://127.0.0.1:$port/metrics" >"$bench_tmp/metrics-warm.txt"
  fi
  read -r g ggraph <<<"$(run_download gofer "http://127.0.0.1:$port")"
  files=$(find "$store/cache/download" -name '*.zip' | wc -l)
  curl -fsS "http://127.0.0.1:$port/metrics" >"$bench_tmp/metrics-last.txt"
  stop_pid "$gofer_pid"
  rm -rf "$store"
  direct+=("$d") gofer+=("$g") dgraphs+=("$dgraph") ggraphs+=("$ggraph")
  jit=$(python3 - "$bench_tmp/metrics-last.txt" "$bench_tmp/metrics-warm.txt" <<'PY'
import sys
def jit(path):
    for line in open(path):
        if line.startswith("jvm_compilation_time_seconds_total "):
            return float(line.split()[1])
    return 0.0
print(f"{jit(sys.argv[1]) - jit(sys.argv[2]):.2f}")
PY
)
  if [ "${VIA_NGINX:-0}" = 1 ]; then
    port=$(free_port)
    start_nginx_cache "$port" "$bench_tmp/nginx-cache"
    read -r n ngraph <<<"$(run_download nginx "http://127.0.0.1:$port")"
    stop_pid "$nginx_pid"
    rm -rf "$bench_tmp/nginx-cache"
    viaNginx+=("$n")
    echo "| $i | $d | $g ($files zips stored) | $jit | $n | $dgraph / $ggraph / $ngraph | $before |"
  else
    echo "| $i | $d | $g ($files zips stored) | $jit | $dgraph / $ggraph | $before |"
  fi
done
python3 - "${direct[*]}" "${gofer[*]}" "${viaNginx[*]:-}" "${dgraphs[*]}" "${ggraphs[*]}" <<'PY'
import statistics, sys
d = [float(x) for x in sys.argv[1].split()]
g = [float(x) for x in sys.argv[2].split()]
md, mg = statistics.median(d), statistics.median(g)
print(f"\nmedian: direct {md:.2f} s, through gofer {mg:.2f} s: gofer costs {100 * (mg / md - 1):+.1f} % wall time"
      f" (min {min(d):.2f} vs {min(g):.2f} s)")
dg = [float(x) for x in sys.argv[4].split()]
gg = [float(x) for x in sys.argv[5].split()]
mdg, mgg = statistics.median(dg), statistics.median(gg)
mdz = statistics.median([a - b for a, b in zip(d, dg)])
mgz = statistics.median([a - b for a, b in zip(g, gg)])
print(f"median graph walk (until the first zip is asked for): direct {mdg:.2f} s, through gofer {mgg:.2f} s;"
      f" the rest (zips, extraction): direct {mdz:.2f} s, through gofer {mgz:.2f} s")
if sys.argv[3].strip():
    n = [float(x) for x in sys.argv[3].split()]
    mn = statistics.median(n)
    print(f"median through a caching nginx: {mn:.2f} s: {100 * (mn / md - 1):+.1f} % (min {min(n):.2f} s)")
PY
echo
echo "Where gofer's time went in the last run (its /metrics, less the warm-up's): upstream fetches"
echo "by kind, and the time the go command waited for gofer by route kind (summed over concurrent"
echo "requests)."
python3 - "$bench_tmp/metrics-last.txt" "$bench_tmp/metrics-warm.txt" <<'PY'
import re, sys, collections
count, total = collections.Counter(), collections.Counter()
for sign, path in ((1, sys.argv[1]), (-1, sys.argv[2])):
    for line in open(path):
        m = re.match(r'(gofer_upstream_fetch_duration_seconds|gofer_http_request_duration_seconds)_(count|sum)\{(?:kind|route)="([^"]+)"\} (\S+)', line)
        if m:
            key = ("upstream" if "upstream" in m[1] else "served", m[3])
            (count if m[2] == "count" else total)[key] += sign * float(m[4])
print("| what | kind | count | seconds (sum) | mean ms |")
print("|---|---|---:|---:|---:|")
for key in sorted(count):
    if count[key]:
        print(f"| {key[0]} | {key[1]} | {count[key]:.0f} | {total[key]:.1f} | {1000 * total[key] / count[key]:.0f} |")
PY
