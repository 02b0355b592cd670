#!/usr/bin/env bash
# The demo: the console sample under the agent, printing its real telemetry v3 events and a summary.
# Called by `./build.sh demo` with the agent home as $1.
set -euo pipefail
HOME_DIR="$1"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SAMPLE="$ROOT/samples/ConsoleSample/bin/Release/net10.0/ConsoleSample.dll"
OUT="$ROOT/artifacts/demo-events.ndjson"
rm -f "$OUT"
# Demos talk to loopback only: no cloud metadata lookups, even on a cloud VM.
DOTNET_TELEMETRY_OUTPUT="file:$OUT" DOTNET_TELEMETRY_CLOUD_DETECTION=false \
  "$HOME_DIR/cli/dotnet-telemetry" run -- dotnet "$SAMPLE"
echo
echo "---- events ($OUT) ----"
if [ -s "$OUT" ]; then head -n 40 "$OUT"; else echo "(no events written)"; fi
