#!/usr/bin/env bash
# One entry point for building, testing, the demo and the benchmarks. `./build.sh help` lists the commands.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CONFIGURATION="${CONFIGURATION:-Release}"
HOME_DIR="$ROOT/artifacts/dotnet-telemetry"       # the agent home: the tree the container layer ships
SHIM_BUILD_DIR="$ROOT/native-shim/build"
COPY_HOME_BUILD_DIR="$ROOT/artifacts/build-copy-home"        # the static copy program of the OCI image
NODE_PEERS_DIR="$ROOT/tests/node-peers"           # npm packages the tests use as independent peers

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log() { printf '\n==> %s\n' "$*"; }

usage() {
  cat <<'TXT'
Usage: ./build.sh [command]

  build   (default) build everything in Release and lay out artifacts/dotnet-telemetry/
  test    build and pack, then run every test suite (native shim, .NET, npm peers); non-zero on any failure
  demo    build, then run the console sample under the agent, print its events and write its HTML report
  bench   build, then run the microbenchmarks and the end-to-end overhead harness (writes bench/RESULTS.md)
  pack    build, then pack what ships: the dotnet tool package (artifacts/nupkg/), the release archive
          (artifacts/dotnet-telemetry-<version>-linux-x64.tar.gz) and the OCI image layout (artifacts/oci/)
  layer   build, then pack the agent home as a container image layer (artifacts/dotnet-telemetry-layer.tar.gz)
  clean   remove build outputs
  help    show this text
TXT
}

build_native_shim() {
  log "native shim (cmake)"
  cmake -S "$ROOT/native-shim" -B "$SHIM_BUILD_DIR" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$SHIM_BUILD_DIR" --parallel 2
}

build_managed() {
  log "managed code (dotnet build Agent.sln -c $CONFIGURATION)"
  dotnet build "$ROOT/Agent.sln" -c "$CONFIGURATION" -nologo -clp:ErrorsOnly -m:2
}

# Lays out the agent home exactly as the container image layer ships it.
layout_home() {
  log "agent home: $HOME_DIR"
  rm -rf "$HOME_DIR"
  mkdir -p "$HOME_DIR"/{startup-hook,agent,native-shim,cli}
  dotnet publish "$ROOT/startup-hook/DotnetTelemetry.StartupHook.csproj" -c "$CONFIGURATION" --no-build -nologo -v:q -o "$HOME_DIR/startup-hook"
  dotnet publish "$ROOT/src/DotnetTelemetry.Agent/DotnetTelemetry.Agent.csproj" -c "$CONFIGURATION" --no-build -nologo -v:q -o "$HOME_DIR/agent"
  if precompiling; then
    publish_precompiled "$ROOT/src/DotnetTelemetry.Agent/DotnetTelemetry.Agent.csproj" "$HOME_DIR/agent/net10.0" -p:InAppTargetFramework=net10.0
    publish_precompiled "$ROOT/src/DotnetTelemetry.Cli/DotnetTelemetry.Cli.csproj" "$HOME_DIR/cli"
  else
    dotnet publish "$ROOT/src/DotnetTelemetry.Cli/DotnetTelemetry.Cli.csproj" -c "$CONFIGURATION" --no-build -nologo -v:q -o "$HOME_DIR/cli"
  fi
  cp "$SHIM_BUILD_DIR/libdotnet_telemetry_shim.so" "$HOME_DIR/native-shim/"
}

# ReadyToRun code spares the JIT at startup, and is only used by the runtime major version it was compiled for
# (a .NET 10 runtime ignores code compiled against .NET 8). So on x64 Linux the home gets agent/net10.0, the agent
# precompiled for .NET 10, which the startup hook prefers in .NET 10 apps (the portable agent/ JITs ~650 of its
# methods at every app start), and a precompiled CLI. Built into artifacts/build-r2r, apart from the portable build.
precompiling() {
  [ "$(uname -s)-$(uname -m)" = "Linux-x86_64" ]
}

publish_precompiled() {
  local project="$1" output="$2"
  shift 2
  dotnet publish "$project" -c "$CONFIGURATION" -nologo -v:q -p:ReadyToRunLayout=true -p:PublishReadyToRun=true \
    -r linux-x64 --self-contained false -o "$output" "$@"
}

# The version every artifact carries: Directory.Build.props' <Version>, as MSBuild evaluates it (so a
# -p:Version=... given to the build would be seen here too). The agent reports it as telemetry_sdk_version.
product_version() {
  dotnet msbuild "$ROOT/packaging/tool/DotnetTelemetry.Tool.csproj" -nologo -getProperty:Version
}

# The OCI image's entrypoint: a static C++ program, as the image has no libc or shell to run anything else.
build_copy_home() {
  log "copy-home (cmake, static)"
  cmake -S "$ROOT/container/copy-home" -B "$COPY_HOME_BUILD_DIR" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$COPY_HOME_BUILD_DIR" --parallel 2 >/dev/null
}

# The three ways the agent ships, all from the laid-out home: the dotnet tool package, the release archive and the
# OCI image layout. Needs build_all first.
pack_all() {
  local version started=$SECONDS
  version="$(product_version)"
  build_copy_home
  log "dotnet tool package dotnet-telemetry $version: $ROOT/artifacts/nupkg/"
  rm -rf "$ROOT/artifacts/nupkg"
  dotnet pack "$ROOT/packaging/tool/DotnetTelemetry.Tool.csproj" -c "$CONFIGURATION" -nologo -v:q -clp:ErrorsOnly \
    -p:AgentHomeDirectory="$HOME_DIR/" -o "$ROOT/artifacts/nupkg"
  log "release archive"
  rm -f "$ROOT"/artifacts/dotnet-telemetry-*-linux-x64.tar.gz
  "$ROOT/container/make-archive.sh" "$HOME_DIR" "$version" "$ROOT/artifacts/dotnet-telemetry-$version-linux-x64.tar.gz"
  log "OCI image layout"
  "$ROOT/container/make-oci.sh" "$HOME_DIR" "$COPY_HOME_BUILD_DIR/copy-home" "$version" "$ROOT/artifacts/oci"
  echo "packed in $((SECONDS - started)) s"
}

# Tools the tests drive, from Debian's packages: umoci (an independent unpacker of the OCI image), chromium (the
# HTML report opened in a real browser) and tmux (the live view in a real terminal). CI runs as root on a fresh
# machine, so install them there; elsewhere the tests say what is missing.
install_test_tool() {
  local command="$1" package="$2"
  if ! command -v "$command" >/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      log "$package (apt-get)"
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null \
        || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null; } \
        || echo "build.sh: could not install $package; the tests that use it will fail" >&2
    else
      echo "build.sh: $package is missing and cannot be installed here (not root or no apt-get); the tests that use it will fail" >&2
    fi
  fi
}

install_test_tools() {
  install_test_tool umoci umoci
  install_test_tool chromium chromium
  install_test_tool tmux tmux
}

build_all() {
  build_native_shim
  build_managed
  layout_home
}

install_node_peers() {
  if [ -f "$NODE_PEERS_DIR/package.json" ]; then
    log "npm test peers ($NODE_PEERS_DIR)"
    (cd "$NODE_PEERS_DIR" && if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --loglevel=error; else npm install --no-audit --no-fund --loglevel=error; fi)
  fi
}

# Sums one counter of VSTest's closing summary in a log ("     Passed: 12"); 0 when absent.
count_in() {
  { grep -E "^ +$2: +[0-9]+$" "$1" || true; } | awk '{ total += $2 } END { print total + 0 }'
}

# Repeats every failed test with the first lines of its message, so that the tail of a long log
# (all a CI excerpt may show) names what failed and why.
print_failures() {
  local log_file
  for log_file in "$1"/*.log; do
    [ -f "$log_file" ] || continue
    if grep -qE "^ +Failed [A-Za-z_]" "$log_file"; then
      echo
      echo "== failed in $(basename "$log_file" .log):"
      awk '/^ +Failed [A-Za-z_]/ { shown = 0; printing = 1 }
           /^ +Passed [A-Za-z_]/ { printing = 0 }
           printing && shown < 12 { print; shown++ }' "$log_file"
    fi
  done
}

# Runs every suite even when one fails, then prints one closing line with the totals.
run_tests() {
  local passed=0 failed=0 skipped=0 status=0 results="$ROOT/artifacts/test-results"
  rm -rf "$results"; mkdir -p "$results"

  log "native shim tests (ctest)"
  if ! ctest --test-dir "$SHIM_BUILD_DIR" --output-on-failure; then status=1; fi

  install_node_peers

  local project name log_file
  for project in "$ROOT"/tests/*/*.Tests.csproj; do
    name="$(basename "$project" .csproj)"
    log_file="$results/$name.log"
    log "$name"
    if ! dotnet test "$project" -c "$CONFIGURATION" --no-build -nologo \
          --logger "console;verbosity=normal" --logger "trx;LogFileName=$name.trx" \
          --results-directory "$results" 2>&1 | tee "$log_file"; then
      status=1
    fi
    # VSTest's summary block ("Total tests: 12" then "     Passed: 11", "     Failed: 1", "    Skipped: 0").
    passed=$((passed + $(count_in "$log_file" Passed)))
    failed=$((failed + $(count_in "$log_file" Failed)))
    skipped=$((skipped + $(count_in "$log_file" Skipped)))
  done

  print_failures "$results"
  echo
  echo "$passed passed, $failed failed, $skipped skipped"
  if [ "$failed" -ne 0 ]; then status=1; fi
  return $status
}

run_demo() {
  log "demo: the console sample under dotnet-telemetry run"
  "$ROOT/samples/demo.sh" "$HOME_DIR"
}

run_bench() {
  log "benchmarks"
  "$ROOT/bench/run.sh" "$HOME_DIR"
}

command="${1:-build}"
case "$command" in
  build) build_all ;;
  test)  build_all; pack_all; install_test_tools; run_tests ;;
  pack)  build_all; pack_all ;;
  demo)  build_all; run_demo ;;
  bench) build_all; run_bench ;;
  layer) build_all; "$ROOT/container/make-layer.sh" "$HOME_DIR" "$ROOT/artifacts/dotnet-telemetry-layer.tar.gz" ;;
  clean) rm -rf "$ROOT/artifacts" "$SHIM_BUILD_DIR"; find "$ROOT" -type d \( -name bin -o -name obj \) -prune -exec rm -rf {} + ;;
  help|-h|--help) usage ;;
  *) echo "build.sh: unknown command '$command'" >&2; usage >&2; exit 2 ;;
esac
