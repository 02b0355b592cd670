#!/usr/bin/env bash
# The benchmarks: BenchmarkDotNet microbenchmarks, then the end-to-end overhead harness, which writes
# bench/RESULTS.md with both. Called by `./build.sh bench` with the agent home as $1.
# BENCH_FILTER narrows the microbenchmarks (default '*'); BENCH_ROUNDS / BENCH_REQUESTS / BENCH_CONCURRENCY /
# BENCH_WARMUP size the load runs.
set -euo pipefail
HOME_DIR="$1"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
rm -rf BenchmarkDotNet.Artifacts
dotnet bench/DotnetTelemetry.Benchmarks/bin/Release/net10.0/DotnetTelemetry.Benchmarks.dll \
  --filter "${BENCH_FILTER:-*}" --job short --inProcess --exporters github --artifacts "$ROOT/BenchmarkDotNet.Artifacts"
dotnet bench/OverheadHarness/bin/Release/net10.0/OverheadHarness.dll "$ROOT" "$HOME_DIR" \
  "${BENCH_ROUNDS:-3}" "${BENCH_REQUESTS:-20000}" "${BENCH_CONCURRENCY:-16}" "${BENCH_WARMUP:-10000}"
echo "bench/RESULTS.md written"
