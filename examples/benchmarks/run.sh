#!/usr/bin/env bash
# Builds Hookline and runs the benchmarks: prints one table of measured figures and ratios.
# Usage: examples/benchmarks/run.sh [--events=N] [--rounds=N] ... (options: see Benchmarks.java)
set -euo pipefail
cd "$(dirname "$0")/../.."
# Scenario 8 drives the server with wrk, from Debian's packages.
if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" = 0 ]; then apt-get install -y -q wrk >/dev/null; else sudo apt-get install -y -q wrk >/dev/null; fi
fi
mvn -B -q -Dmaven.wagon.rto=30000 -DskipTests install
exec mvn -B -q -pl examples/benchmarks exec:java -Dexec.args="$*"
