#!/usr/bin/env bash
# Sourced by the packing scripts: one way to write a tar.gz that is the same bytes from the same tree.
# Entries sorted by name, owned by 0:0 numerically, one fixed mtime, permissions normalised to u=rwX,go=rX
# (the exec bit is kept where the build set it), and gzip without the file name and time stamp (-n).
REPRODUCIBLE_MTIME='2000-01-01 00:00:00Z'

# reproducible_tar_gz <stage-directory> <output.tar.gz> <entry>...: the entries are paths relative to the stage.
reproducible_tar_gz() {
  local stage="$1" output="$2"
  shift 2
  chmod -R u=rwX,go=rX "$stage"
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="$REPRODUCIBLE_MTIME" --format=gnu \
      -C "$stage" -cf - "$@" | gzip -n -6 > "$output"
}
