#!/usr/bin/env bash
# Installing a real Go toolchain from a warm `gofer serve` on this machine:
#   gofer toolchain install --proxy URL VERSION      (into an empty GOFER_HOME)
# vs the go command fetching and unpacking the same toolchain module from the same gofer:
#   GOPROXY=URL GOTOOLCHAIN=goVERSION go version     (with an empty module cache)
# Both verify the toolchain through sum.golang.org (reached through gofer's /sumdb/), both start
# from nothing but the warm proxy. Goal (issue 4): gofer within 1.2x of go.
# Needs hyperfine, a go on PATH (any version: it only downloads VERSION), and the network once,
# to warm the proxy. VERSION=1.22.12 RUNS=10 by default.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
version=${VERSION:-1.22.12}
runs=${RUNS:-10}
tmp=$(mktemp -d)
serve_pid=
cleanup() {
  [ -n "$serve_pid" ] && kill "$serve_pid" 2>/dev/null && wait "$serve_pid" 2>/dev/null
  chmod -R u+w "$tmp" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

"$root/gofer" --version >/dev/null # build the jar and the JVM start-up cache first
"$root/gofer" serve --listen 127.0.0.1:0 --data "$tmp/data" >"$tmp/serve.out" 2>"$tmp/serve.err" &
serve_pid=$!
while ! grep -q 'listening on' "$tmp/serve.out" 2>/dev/null; do
  kill -0 "$serve_pid" 2>/dev/null || { cat "$tmp/serve.err" >&2; exit 1; }
  sleep 0.2
done
url=$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$tmp/serve.out")
echo "gofer serve at $url; warming it with go$version" >&2

# Hermetic go: nothing from the user's go env, caches under $tmp.
goenv="env -u GOROOT -u GOFLAGS GOENV=off HOME=$tmp GOPATH=$tmp/gopath GOCACHE=$tmp/gocache GOFLAGS=-modcacherw GOPROXY=$url GOSUMDB=sum.golang.org GOTOOLCHAIN=go$version GOMODCACHE=$tmp/mc"
gofer="env GOFER_HOME=$tmp/h GOSUMDB=sum.golang.org $root/gofer toolchain install --proxy $url $version"

# Warm: the proxy fetches the zip and the checksum-database tiles once; check both work.
(cd "$tmp" && $gofer >/dev/null)
(cd "$tmp" && $goenv go version) | grep -q "go$version" || { echo "go did not switch to go$version" >&2; exit 1; }
[ -x "$tmp/h/toolchains/go$version/bin/go" ] || { echo "gofer did not install go$version" >&2; exit 1; }

clean="chmod -R u+w $tmp/h $tmp/mc 2>/dev/null; rm -rf $tmp/h $tmp/mc"
cd "$tmp"
hyperfine -w 1 -r "$runs" --prepare "$clean" --export-markdown "$tmp/results.md" \
  -n "gofer toolchain install $version (empty GOFER_HOME)" "$gofer" \
  -n "GOTOOLCHAIN=go$version go version (empty module cache)" "$goenv go version"
cat "$tmp/results.md"
echo "load: $(uptime)"

# Phases of one more gofer run: seconds since the start at each of its progress lines
# (downloaded = JVM start + download, verified = zip hash + checksum database, exit = unpack,
# flush to disk and rename).
bash -c "$clean" || true
start=$(date +%s.%N)
{ $gofer 2>&1 >/dev/null; echo "exit"; } | while IFS= read -r line; do
  printf '%6.2f s  %s\n' "$(echo "$(date +%s.%N) - $start" | bc)" "$line"
done
