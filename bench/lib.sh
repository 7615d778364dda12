# Shared helpers of the serve benchmarks (sourced, not run). Every server they start listens on
# 127.0.0.1 only and is stopped by the EXIT trap of the script that sourced this file.

bench_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bench_pids=()
bench_tmp=$(mktemp -d /tmp/gofer-bench-run.XXXXXX)

bench_cleanup() {
  local pid
  for pid in "${bench_pids[@]}"; do
    kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  done
  rm -rf "$bench_tmp"
}
trap bench_cleanup EXIT

# need_tools TOOL... : installs the Debian packages of missing tools (as root), else says what to install.
need_tools() {
  local missing=() t
  for t in "$@"; do command -v "$t" >/dev/null 2>&1 || missing+=("$t"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "bench: installing ${missing[*]}" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "bench: missing ${missing[*]}; install them: sudo apt-get install -y ${missing[*]}" >&2
    exit 3
  fi
}

# load1: the 1-minute load average.
load1() { cut -d' ' -f1 /proc/loadavg; }

# wait_quiet [MAX_SECONDS]: waits (up to MAX_SECONDS, default 0 = no wait) for load1 < BENCH_MAX_LOAD (1.5).
wait_quiet() {
  local max=${1:-${BENCH_WAIT_QUIET:-0}} waited=0
  while awk -v l="$(load1)" -v m="${BENCH_MAX_LOAD:-1.5}" 'BEGIN{exit !(l >= m)}'; do
    [ "$waited" -ge "$max" ] && { echo "bench: load $(load1) is not below ${BENCH_MAX_LOAD:-1.5}; measuring anyway" >&2; return 0; }
    sleep 5; waited=$((waited + 5))
  done
}

# wait_idle: waits (up to BENCH_IDLE_WAIT seconds, default 30) until the CPUs were at least
# 90 % idle over one second, from /proc/stat. The 1-minute load average (wait_quiet) lags: after
# the cold download's 2-minute warm-up it stays above 2 for a minute after the machine has gone
# quiet, and it cannot see the kernel still writing back a deleted store.
wait_idle() {
  local max=${BENCH_IDLE_WAIT:-30} waited=0 a b
  while :; do
    a=$(head -1 /proc/stat); sleep 1; b=$(head -1 /proc/stat)
    if awk -v a="$a" -v b="$b" 'BEGIN {
        split(a, x); split(b, y); total = 0
        for (i = 2; i <= 9; i++) total += y[i] - x[i]
        idle = (y[5] - x[5]) + (y[6] - x[6])
        exit !(total > 0 && idle / total >= 0.9) }'; then
      return 0
    fi
    waited=$((waited + 1))
    [ "$waited" -ge "$max" ] && { echo "bench: CPUs not 90 % idle after ${max} s; measuring anyway" >&2; return 0; }
  done
}

# drop_caches: writes dirty pages back and empties the kernel's page cache before a timed run,
# when this user may (root; else it says so once). On this VM a go client's extraction costs
# 2-3 s of system time after `echo 3 >/proc/sys/vm/drop_caches` and 9-24 s when the page cache
# holds the previous runs' few hundred MB: the same direct `go mod download all` measured 4.0 s
# and 17.3 s. Without it, run order decides more than the code does. DROP_CACHES=0 turns it off.
drop_caches() {
  [ "${DROP_CACHES:-1}" = 1 ] || return 0
  sync
  if ! { echo 3 >/proc/sys/vm/drop_caches; } 2>/dev/null; then
    [ -n "${bench_drop_warned:-}" ] || echo "bench: cannot drop the page cache (needs root); runs may differ by the cache's state" >&2
    bench_drop_warned=1
  fi
}

# free_port: a TCP port free on 127.0.0.1 right now.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# wait_http URL: waits until URL answers (up to 60 s).
wait_http() {
  local i
  for i in $(seq 600); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "bench: $1 did not answer within 60 s" >&2
  return 1
}

# The gofer launcher to measure: this checkout's, or GOFER_BENCH_GOFER (e.g. the launcher of
# another checkout, to measure before/after a change).
gofer_cmd=${GOFER_BENCH_GOFER:-$bench_root/gofer}

# build_gofer: builds the jar (and the launcher's start-up cache) when the sources changed.
build_gofer() {
  "$gofer_cmd" --version >/dev/null
}

# start_gofer PORT ARGS... : starts `gofer serve` on 127.0.0.1:PORT in the background; sets gofer_pid.
# GOFER_PIN, if set, prefixes the command (taskset -c N).
start_gofer() {
  local port=$1; shift
  ${GOFER_PIN:-} "$gofer_cmd" serve --listen "127.0.0.1:$port" "$@" >"$bench_tmp/gofer.out" 2>"$bench_tmp/gofer.err" &
  gofer_pid=$!
  bench_pids+=("$gofer_pid")
  wait_http "http://127.0.0.1:$port/healthz" || { cat "$bench_tmp/gofer.err" >&2; exit 3; }
}

# stop_pid PID: stops one process this script started.
stop_pid() {
  kill "$1" 2>/dev/null && wait "$1" 2>/dev/null || true
}

# machine: one line describing this machine.
machine() {
  local cpu
  cpu=$(sed -n 's/^model name\s*:\s*//p' /proc/cpuinfo | head -1)
  echo "$(nproc) cores ($cpu), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(. /etc/os-release; echo "$PRETTY_NAME"), kernel $(uname -r)"
}

# make_store DIR: a store in Go's cache layout with one module, example.com/bench, whose
# v1.0.0 has a small .info and .mod and a 1 MiB .zip and whose v1.1.0 has a 100 MiB .zip. The
# zips are random bytes: `gofer serve --offline` serves stored files as they are, and so does
# nginx. Written once; kept between runs (delete DIR to rebuild).
bench_module=example.com/bench
make_store() {
  local v="$1/cache/download/$bench_module/@v"
  [ -f "$v/v1.1.0.zip" ] && return 0
  mkdir -p "$v"
  local ver
  for ver in v1.0.0 v1.1.0; do
    printf '{"Version":"%s","Time":"2024-01-02T03:04:05Z"}' "$ver" >"$v/$ver.info"
    printf 'module %s\n\ngo 1.21\n\nrequire (\n\tgolang.org/x/mod v0.17.0\n\tgolang.org/x/sync v0.7.0\n)\n' "$bench_module" >"$v/$ver.mod"
  done
  head -c $((1 << 20)) /dev/urandom >"$v/v1.0.0.zip.tmp" && mv "$v/v1.0.0.zip.tmp" "$v/v1.0.0.zip"
  head -c $((100 << 20)) /dev/urandom >"$v/v1.1.0.zip.tmp" && mv "$v/v1.1.0.zip.tmp" "$v/v1.1.0.zip"
  printf 'v1.0.0\nv1.1.0\n' >"$v/list"
}
