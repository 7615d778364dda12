#!/usr/bin/env bash
# Cold `go mod download all` of bench/cold/go.mod through two gofer builds, A and B, alternately
# (A, B, A, B, ...: machine load and network weather hit both alike), each run with an empty
# store and an empty module cache, and what each gofer's own /metrics says about the run: how
# long the go command waited for a cold .mod, .zip and .info and for the checksum database's
# lookups and tiles (mean and the histogram's median and 90th percentile bucket), and how many
# upstream reads each kind took. For a machine too busy for cold-download.sh's wall-time
# comparison with the direct path: the per-request latencies of the same graph fetched the same
# way still show what a change to gofer's request path did.
#
#   GOFER_A=/path/to/other/checkout/gofer bench/cold-metrics.sh   # B: this checkout's gofer
#   RUNS=3 ...                                                    # runs per build (default 3)
#
# Needs go, curl, python3 and access to the upstream (default https://proxy.golang.org; the
# checksum database is reached through it).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
need_tools curl python3
command -v go >/dev/null || { echo "bench: needs the go command on PATH" >&2; exit 3; }
[ -n "${GOFER_A:-}" ] || { echo "bench: set GOFER_A to the gofer launcher of the build to compare with" >&2; exit 2; }
runs=${RUNS:-3}
upstream=${UPSTREAM:-https://proxy.golang.org}
builds=(A B)
declare -A launcher=([A]="$GOFER_A" [B]="$bench_root/gofer")
for b in "${builds[@]}"; do "${launcher[$b]}" --version >/dev/null; done

# one_run BUILD: a cold download through a fresh gofer of BUILD; leaves its metrics in $bench_tmp/BUILD-N.txt.
one_run() {
  local build=$1 n=$2 dir="$bench_tmp/run" store="$bench_tmp/store" port t0 t1
  rm -rf "$dir" "$store"; mkdir -p "$dir/src"
  cp "$bench_root/bench/cold/go.mod" "$bench_root/bench/cold/main.go" "$dir/src/"
  port=$(free_port)
  gofer_cmd=${launcher[$build]} start_gofer "$port" --access-log=false --data "$store" --upstream "$upstream"
  t0=$(date +%s.%N)
  if ! (cd "$dir/src" && env -u GOFLAGS -u GONOSUMDB -u GONOSUMCHECK -u GOPRIVATE -u GONOPROXY \
      GOPATH="$dir/gopath" GOMODCACHE="$dir/gopath/pkg/mod" GOCACHE="$dir/gocache" \
      GOPROXY="http://127.0.0.1:$port" GOSUMDB=sum.golang.org GOFLAGS=-mod=mod GOTOOLCHAIN=local GOENV=off \
      go mod download all) >"$dir.log" 2>&1; then
    echo "bench: go mod download through gofer $build failed:" >&2; tail -5 "$dir.log" >&2; exit 3
  fi
  t1=$(date +%s.%N)
  curl -fsS "http://127.0.0.1:$port/metrics" >"$bench_tmp/$build-$n.txt"
  stop_pid "$gofer_pid"
  chmod -R u+w "$dir" && rm -rf "$dir" "$store"
  awk -v a="$t0" -v b="$t1" -v l="$(load1)" 'BEGIN {printf "%.2f %s\n", b - a, l}' >"$bench_tmp/$build-$n.wall"
}

echo "machine: $(machine); $(go version)"
echo "go mod download all of bench/cold/go.mod through gofer A ($GOFER_A) and B (this checkout), $runs runs each, alternating"
for n in $(seq "$runs"); do
  for b in "${builds[@]}"; do
    one_run "$b" "$n"
    echo "run $n $b: $(cut -d' ' -f1 "$bench_tmp/$b-$n.wall") s (load $(cut -d' ' -f2 "$bench_tmp/$b-$n.wall"))" >&2
  done
done

python3 - "$bench_tmp" "$runs" <<'PY'
import collections, re, statistics, sys
tmp, runs = sys.argv[1], int(sys.argv[2])
HIST = re.compile(r'(gofer_http_request_duration_seconds|gofer_upstream_fetch_duration_seconds)_(bucket|count|sum)\{(?:kind|route)="([^"]+)"(?:,le="([^"]+)")?\} (\S+)')
FETCH = re.compile(r'gofer_upstream_fetches_total\{kind="([^"]+)",outcome="ok"\} (\S+)')

def parse(path):
    h = collections.defaultdict(lambda: {"count": 0.0, "sum": 0.0, "buckets": []})
    fetches = collections.Counter()
    for line in open(path):
        m = HIST.match(line)
        if m:
            key = ("served" if "http" in m[1] else "upstream", m[3])
            if m[2] == "bucket":
                h[key]["buckets"].append((float("inf") if m[4] == "+Inf" else float(m[4]), float(m[5])))
            else:
                h[key][m[2]] += float(m[5])
        m = FETCH.match(line)
        if m:
            fetches[m[1]] += float(m[2])
    return h, fetches

def quantile(buckets, q):
    total = buckets[-1][1] if buckets else 0
    for le, c in buckets:
        if total and c >= q * total:
            return le
    return float("nan")

rows = collections.defaultdict(list)
for build in "AB":
    for n in range(1, runs + 1):
        wall, load = open(f"{tmp}/{build}-{n}.wall").read().split()
        h, fetches = parse(f"{tmp}/{build}-{n}.txt")
        rows[build].append((float(wall), float(load), h, fetches))

ROUTES = ["mod", "zip", "info", "sumdb"]
def route_key(h, name):
    for (side, r), v in h.items():
        if side == "served" and r == name:
            return v
    return None

print("| build | run | wall s | load | " + " | ".join(f"{r} mean ms (p50, p90 ≤)" for r in ROUTES) + " | upstream lookups | upstream tiles |")
print("|---|---:|---:|---:|" + "---:|" * len(ROUTES) + "---:|---:|")
for build in "AB":
    for i, (wall, load, h, fetches) in enumerate(rows[build], 1):
        cells = []
        for r in ROUTES:
            v = route_key(h, r)
            if not v or not v["count"]:
                cells.append("–")
                continue
            b = sorted(v["buckets"])
            cells.append(f"{1000 * v['sum'] / v['count']:.0f} ({1000 * quantile(b, 0.5):.0f}, {1000 * quantile(b, 0.9):.0f})")
        print(f"| {build} | {i} | {wall:.1f} | {load:.1f} | " + " | ".join(cells)
              + f" | {fetches.get('lookup', 0):.0f} | {fetches.get('tile', 0):.0f} |")
for r in ["mod", "zip"]:
    means = {}
    for build in "AB":
        vals = [route_key(h, r) for _, _, h, _ in rows[build]]
        means[build] = statistics.median([1000 * v["sum"] / v["count"] for v in vals if v and v["count"]])
    print(f"\nmedian of the runs' mean cold .{r} latency: A {means['A']:.0f} ms, B {means['B']:.0f} ms ({100 * (means['B'] / means['A'] - 1):+.0f} %)", end="")
print()
PY
