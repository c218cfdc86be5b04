#!/usr/bin/env bash
# Builds the algobot executable for deployment: a release build on this machine (installed
# as bin/algobot for the systemd path) or the Docker image (for the Compose path).
set -euo pipefail

SCRIPT_NAME=build
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

usage() {
    cat <<'USAGE'
Usage: scripts/build.sh [--native | --docker] [--output FILE] [--pull] [--dry-run] [--help]

Builds algobot for deployment.

  --native         (default) swift build -c release --static-swift-stdlib, then install the
                   binary atomically as bin/algobot (what the systemd unit runs).
                   Needs Swift 6.1+ and libyaml-dev.
  --output FILE    with --native: install the binary as FILE instead (scripts/update.sh
                   builds bin/algobot.next while the old version still runs).
  --docker         docker compose build: the multi-stage Dockerfile, tagged $ALGOBOT_IMAGE
                   (default algobot:latest).
  --pull           with --docker: also pull newer base images (swift, debian).
  --dry-run        print the commands, change nothing.
  --help           show this help.

Environment: SWIFT and DOCKER name the commands to use (defaults swift, docker).
Exit status: 0 built, 1 the build failed, 2 bad usage.
USAGE
}

mode=native
pull=false
output=bin/algobot
while [ $# -gt 0 ]; do
    case "$1" in
        --help | -h) usage; exit 0 ;;
        --native) mode=native ;;
        --docker) mode=docker ;;
        --pull) pull=true ;;
        --output) output="${2:?--output needs a file}"; shift ;;
        --dry-run) DRY_RUN=true ;;
        *) usage_error "unknown argument '$1'" ;;
    esac
    shift
done

cd "$ALGOBOT_ROOT"

if [ "$mode" = docker ]; then
    args=(build)
    if [ "$pull" = true ]; then args+=(--pull); fi
    run_compose "${args[@]}" algobot
    say_done "built image ${ALGOBOT_IMAGE:-algobot:latest}"
    exit 0
fi

# Static Swift runtime: the binary then needs only glibc, libstdc++, libyaml and libsqlite3,
# so a rebuilt toolchain on the host cannot break the installed bot.
run "$SWIFT" build -c release --product algobot --static-swift-stdlib
if [ "$DRY_RUN" = true ]; then
    bin_path=".build/release"
else
    bin_path="$("$SWIFT" build -c release --show-bin-path)"
fi
# Copy then rename: the running service keeps its old file open while the new one lands.
run mkdir -p "$(dirname "$output")"
run cp "$bin_path/algobot" "$output.tmp"
run mv -f "$output.tmp" "$output"
say_done "installed $output"
