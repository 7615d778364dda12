#!/usr/bin/env bash
# h1: of a 100 MB module zip (JMH) against sha256sum of the same file (hyperfine).
set -euo pipefail
cd "$(dirname "$0")/.."
bench/jmh.sh DirHashBench -rf text -rff /tmp/gofer-dirhash-jmh.txt
zip=${GOFER_BENCH_DIR:-/tmp/gofer-bench}/module-100mb.zip
ls -l "$zip"
hyperfine -N --warmup 3 --runs 10 "sha256sum $zip"
cat /tmp/gofer-dirhash-jmh.txt
