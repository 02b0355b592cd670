#!/usr/bin/env bash
# The release archive: the agent home as dotnet-telemetry-<version>/..., reproducible like the image layer.
# Unpack it anywhere; the home finds its parts relative to itself.
# Usage: container/make-archive.sh <agent-home> <version> <output.tar.gz>
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/reproducible-tar.sh"
HOME_DIR="$(cd "$1" && pwd)"
VERSION="$2"
OUT="$3"
STAGE="$(mktemp -d)"
trap 'rm -rf "$STAGE"' EXIT
cp -a "$HOME_DIR" "$STAGE/dotnet-telemetry-$VERSION"
reproducible_tar_gz "$STAGE" "$OUT" "dotnet-telemetry-$VERSION"
echo "archive: $OUT"
