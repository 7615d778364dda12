#!/usr/bin/env bash
# Overhead of the gofer `go` shim: `go version` through the shim vs the same binary directly,
# for a fake toolchain (a sh script printing its version) and for the machine's real Go
# ($(go env GOROOT), linked in as a toolchain). The shim resolves through a .go-version three
# directories up and through a go.mod toolchain line (the two sh-only paths).
# Needs hyperfine (apt-get install hyperfine) and, for the real-Go rows, a go on PATH.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
home=$tmp/home
export GOFER_HOME=$home

# The shims exactly as 'gofer toolchain rehash' writes them (template + three substitutions),
# without starting a JVM here; GOFER_CMD=false proves the JVM is never asked.
mkdir -p "$home/bin"
for prog in go gofmt; do
  sed -e "s|@PROG@|$prog|g" -e "s|'@HOME@'|'$home'|" -e "s|@GOFER@|false|" \
    "$root/gofer-toolchain/src/main/resources/dev/gofer/toolchain/select/shim.sh" >"$home/bin/$prog"
  chmod +x "$home/bin/$prog"
done

fake=$home/toolchains/go1.99.0
mkdir -p "$fake/bin"
printf '#!/bin/sh\necho "go version go1.99.0 linux/amd64"\n' >"$fake/bin/go"
chmod +x "$fake/bin/go"

mkdir -p "$tmp/p/a/b/c" "$tmp/m/x"
echo 1.99.0 >"$tmp/p/.go-version"
printf 'module example.com/m\n\ngo 1.21\n\ntoolchain go1.99.0\n' >"$tmp/m/go.mod"

cmds=(
  -n 'fake go, directly' "$fake/bin/go version"
  -n 'fake go, shim (.go-version 3 dirs up)' "sh -c 'cd $tmp/p/a/b/c && exec $home/bin/go version'"
  -n 'fake go, shim (go.mod toolchain line)' "sh -c 'cd $tmp/m/x && exec $home/bin/go version'"
  -n 'cd only (sh -c baseline)' "sh -c 'cd $tmp/p/a/b/c && exec $fake/bin/go version'"
)
if command -v go >/dev/null; then
  real=$(go env GOROOT)
  v=$(go env GOVERSION)
  ln -s "$real" "$home/toolchains/$v"
  mkdir -p "$tmp/r/a/b/c"
  echo "$v" >"$tmp/r/.go-version"
  cmds+=(
    -n "real $v, directly" "sh -c 'cd $tmp/r/a/b/c && exec $real/bin/go version'"
    -n "real $v, shim" "sh -c 'cd $tmp/r/a/b/c && exec $home/bin/go version'"
  )
fi
echo "load: $(uptime)" >&2
PATH=/usr/bin:/bin GOFER_CMD=false hyperfine -N --warmup 20 --runs "${RUNS:-200}" \
  --export-json "${OUT:-/tmp/gofer-shim.json}" "${cmds[@]}"
python3 - "${OUT:-/tmp/gofer-shim.json}" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print(f'| {r["command"]} | {r["median"]*1000:.2f} ms | {r["mean"]*1000:.2f} ± {r["stddev"]*1000:.2f} ms | {r["min"]*1000:.2f} ms |')
PY
