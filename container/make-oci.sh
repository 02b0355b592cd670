#!/usr/bin/env bash
# Writes the agent's OCI image as an image layout directory (OCI image spec v1: oci-layout, index.json,
# blobs/sha256/<digest>), without a container engine: one layer (make-layer.sh: /opt/dotnet-telemetry and the
# static /copy-home), its config and manifest. Entrypoint ["/copy-home", "/opt/dotnet-telemetry"]: given one more
# argument, a directory, the image copies the agent home into it and exits 0 (a Kubernetes init container).
# Every byte is a function of the inputs (fixed times, sorted entries, JSON written in one fixed form), so the
# same build gives the same digests. The manifest is tagged <version> (org.opencontainers.image.ref.name).
# Usage: container/make-oci.sh <agent-home> <copy-home-binary> <version> <output-directory>
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
HOME_DIR="$1"
COPY_HOME="$2"
VERSION="$3"
OUT="$4"
CREATED="2000-01-01T00:00:00Z"   # the layer's fixed mtime, so that the config does not vary either

case "$VERSION" in *[!A-Za-z0-9.+_-]*|"") echo "make-oci.sh: unusable version '$VERSION'" >&2; exit 2 ;; esac

rm -rf "$OUT"
mkdir -p "$OUT/blobs/sha256"
BLOBS="$OUT/blobs/sha256"

# Moves a file into blobs/sha256/ under its digest; prints "<digest> <size>".
add_blob() {
  local digest size
  digest="$(sha256sum "$1" | cut -d' ' -f1)"
  size="$(stat -c %s "$1")"
  mv "$1" "$BLOBS/$digest"
  echo "$digest $size"
}

"$HERE/make-layer.sh" "$HOME_DIR" "$OUT/layer.tar.gz" "$COPY_HOME" >/dev/null
# The config names the layer by the digest of its uncompressed tar (the diff id), the manifest by the gzip's.
diff_id="$(gzip -dc "$OUT/layer.tar.gz" | sha256sum | cut -d' ' -f1)"
read -r layer_digest layer_size < <(add_blob "$OUT/layer.tar.gz")

labels="\"org.opencontainers.image.title\":\"dotnet-telemetry\",\"org.opencontainers.image.version\":\"$VERSION\",\"org.opencontainers.image.description\":\"The dotnet-telemetry agent home under /opt/dotnet-telemetry; the entrypoint copies it into the directory given as the one argument.\",\"org.opencontainers.image.created\":\"$CREATED\""

printf '%s' "{\"architecture\":\"amd64\",\"os\":\"linux\",\"created\":\"$CREATED\",\"config\":{\"Entrypoint\":[\"/copy-home\",\"/opt/dotnet-telemetry\"],\"WorkingDir\":\"/\",\"Labels\":{$labels}},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:$diff_id\"]},\"history\":[{\"created\":\"$CREATED\",\"created_by\":\"container/make-oci.sh\",\"comment\":\"agent home and copy-home\"}]}" > "$OUT/config.json"
read -r config_digest config_size < <(add_blob "$OUT/config.json")

printf '%s' "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:$config_digest\",\"size\":$config_size},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"sha256:$layer_digest\",\"size\":$layer_size}],\"annotations\":{$labels}}" > "$OUT/manifest.json"
read -r manifest_digest manifest_size < <(add_blob "$OUT/manifest.json")

printf '%s' "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:$manifest_digest\",\"size\":$manifest_size,\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"},\"annotations\":{\"org.opencontainers.image.ref.name\":\"$VERSION\"}}]}" > "$OUT/index.json"
printf '%s' '{"imageLayoutVersion":"1.0.0"}' > "$OUT/oci-layout"
echo "oci image: $OUT (dotnet-telemetry:$VERSION, manifest sha256:$manifest_digest)"
