#!/usr/bin/env bash
# The demo: the console sample under `dotnet-telemetry run` (weave mode: a woven copy of the app from the weave
# cache, the app folder untouched), then some of its real telemetry v3 events and a short summary.
# Called by `./build.sh demo` with the agent home as $1.
set -euo pipefail
HOME_DIR="$1"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SAMPLE="$ROOT/samples/ConsoleSample/bin/Release/net10.0/ConsoleSample.dll"
OUT="$ROOT/artifacts/demo-events.ndjson"
rm -f "$OUT"

# Demos talk to loopback only: no cloud metadata lookups, even on a cloud VM.
DOTNET_TELEMETRY_CLOUD_DETECTION=false \
  "$HOME_DIR/cli/dotnet-telemetry" run --mode weave -o "file:$OUT" -- dotnet "$SAMPLE"

echo
echo "---- first events ($OUT) ----"
if [ ! -s "$OUT" ]; then
  echo "(no events written: is the in-process agent in this build? the woven app ran with its probes dormant)"
  exit 0
fi
# A dozen events past the fib(10) recursion (177 nested calls), so the print shows async, HTTP and exceptions too.
# (grep -m, not a pipe into head: under pipefail, head closing early would fail the demo with SIGPIPE)
grep -v -m 12 '"function_name":"ConsoleSample.MathOps.Fibonacci"' "$OUT"
echo
echo "---- summary ----"
node "$ROOT/samples/demo-summary.js" "$OUT"

echo
echo "---- report ----"
# The HTML report next to the events: open it in any browser (it needs no network).
"$HOME_DIR/cli/dotnet-telemetry" report "$OUT" -o "$ROOT/artifacts/demo-report.html"
echo "open $ROOT/artifacts/demo-report.html"
