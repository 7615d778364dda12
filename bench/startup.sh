#!/usr/bin/env bash
# Start-up time of the gofer command: `./gofer --version` and `./gofer --help`, through the
# launcher script, warm page cache, AOT/CDS cache in place. Needs hyperfine (apt-get install hyperfine).
set -euo pipefail
cd "$(dirname "$0")/.."
./gofer --version >/dev/null   # builds the jar and the start-up cache if needed
hyperfine -N --warmup 5 --runs "${RUNS:-30}" --export-json "${OUT:-/tmp/gofer-startup.json}" \
  './gofer --version' './gofer --help'
python3 - "${OUT:-/tmp/gofer-startup.json}" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print(f'{r["command"]}: median {r["median"]*1000:.0f} ms (min {r["min"]*1000:.0f}, max {r["max"]*1000:.0f}, n={len(r["times"])})')
PY
