#!/usr/bin/env bash
# Packs the agent home as an OCI/Docker image layer tarball (opt/dotnet-telemetry/..., root-owned, fixed
# timestamps, sorted, so the same build gives the same bytes). Needs no container engine: load it with
# `docker import`, or add it as a layer with any OCI tool (crane, umoci, buildah).
# Usage: container/make-layer.sh <agent-home> <output.tar.gz>
set -euo pipefail
HOME_DIR="$(cd "$1" && pwd)"
OUT="$2"
STAGE="$(mktemp -d)"
trap 'rm -rf "$STAGE"' EXIT
mkdir -p "$STAGE/opt"
cp -a "$HOME_DIR" "$STAGE/opt/dotnet-telemetry"
chmod -R u=rwX,go=rX "$STAGE/opt"
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime='2000-01-01 00:00:00Z' \
    -C "$STAGE" -cf - opt | gzip -n > "$OUT"
echo "layer: $OUT"
