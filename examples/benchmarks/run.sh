#!/usr/bin/env bash
# Builds Hookline and runs the benchmarks: prints one table of measured figures and ratios.
# Usage: examples/benchmarks/run.sh [--events=N] [--rounds=N]
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -q -Dmaven.wagon.rto=30000 -DskipTests install
exec mvn -B -q -pl examples/benchmarks exec:java -Dexec.args="$*"
