#!/usr/bin/env bash
# Packs the agent home as an OCI/Docker image layer tarball (opt/dotnet-telemetry/..., root-owned, fixed
# timestamps, sorted, so the same build gives the same bytes). Needs no container engine: load it with
# `docker import`, or add it as a layer with any OCI tool (crane, umoci, buildah).
# With a third argument, the static copy program (container/copy-home) goes in too, as /copy-home: the layer of
# the OCI image that make-oci.sh writes.
# Usage: container/make-layer.sh <agent-home> <output.tar.gz> [copy-home-binary]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/reproducible-tar.sh"
HOME_DIR="$(cd "$1" && pwd)"
OUT="$2"
COPY_HOME="${3:-}"
STAGE="$(mktemp -d)"
trap 'rm -rf "$STAGE"' EXIT
mkdir -p "$STAGE/opt"
cp -a "$HOME_DIR" "$STAGE/opt/dotnet-telemetry"
entries=(opt)
if [ -n "$COPY_HOME" ]; then
  cp "$COPY_HOME" "$STAGE/copy-home"
  chmod 0755 "$STAGE/copy-home"
  entries+=(copy-home)
fi
reproducible_tar_gz "$STAGE" "$OUT" "${entries[@]}"
echo "layer: $OUT"
