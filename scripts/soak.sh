#!/usr/bin/env bash
# Long fault soak: the built algobot trades the loopback simulator for N trading days with
# faults injected on a schedule and one hard kill mid-order, and a bracket strategy killed while its
# exit legs are open, then prints the figures of both.
set -euo pipefail

usage() {
    cat <<'USAGE'
Usage: scripts/soak.sh [--days N]

Runs the soak test (Tests/RuntimeTests/SoakTests.swift) for N simulated trading days
(default 120, at least 10) and prints what it measured: policy violations, duplicate orders
(by client order id and by decision), broker orders without a decision record, the audit
chain verification, and final positions against the broker's.

Options:
  --days N    simulated trading days after the warm-up (default 120)
  -h, --help  show this help

The package is built first (swift build --build-tests). Exit status: 0 when every check
passed, 1 otherwise.
USAGE
}

days=120
while [[ $# -gt 0 ]]; do
    case "$1" in
        --days)
            [[ $# -ge 2 ]] || { echo "soak.sh: --days needs a number" >&2; exit 2; }
            days="$2"
            shift 2
            ;;
        --days=*)
            days="${1#--days=}"
            shift
            ;;
        -h|--help)
            usage
            exit 0
            ;;
        *)
            echo "soak.sh: unknown option '$1'" >&2
            usage >&2
            exit 2
            ;;
    esac
done

if ! [[ "$days" =~ ^[0-9]+$ ]] || (( days < 10 )); then
    echo "soak.sh: --days must be a whole number of at least 10 (got '$days')" >&2
    exit 2
fi

cd "$(dirname "${BASH_SOURCE[0]}")/.."
report="$(mktemp)"
log="$(mktemp)"
trap 'rm -f "$report" "$log"' EXIT

echo "soak.sh: building…" >&2
swift build --build-tests >"$log" 2>&1 || { cat "$log" >&2; exit 1; }

echo "soak.sh: running ${days} simulated trading days…" >&2
status=0
ALGOBOT_SOAK_DAYS="$days" ALGOBOT_SOAK_REPORT="$report" \
    swift test --skip-build --filter SoakTests >"$log" 2>&1 || status=$?

if [[ -s "$report" ]]; then
    cat "$report"
else
    echo "soak.sh: the soak produced no figures; test output follows" >&2
    cat "$log" >&2
    exit 1
fi
if (( status != 0 )); then
    echo "soak.sh: FAILED — test output follows" >&2
    grep -E "Expectation failed|error|failed" "$log" >&2 || cat "$log" >&2
    exit 1
fi
echo "soak.sh: all checks passed"
