#!/usr/bin/env bash
# Rewrites the expected linter output after an intended change to a diagnostic:
#   Tests/Fixtures/lint/*.expected  and the quoted outputs in docs/errors.md.
# Review the result with `git diff` before committing.
set -euo pipefail

usage() {
    cat <<'USAGE'
usage: scripts/update-lint-fixtures.sh [--help]

Lints every Tests/Fixtures/lint/*.yaml fixture and every bad example in docs/errors.md,
and writes what the linter prints into the matching .expected file / quoted output.
Runs: UPDATE_LINT_FIXTURES=1 swift test --filter 'LintFixtureTests|DocExampleTests'
Then check the changes with: git diff Tests/Fixtures/lint docs/errors.md
USAGE
}

case "${1:-}" in
    -h|--help) usage; exit 0 ;;
    "") ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
esac

cd "$(dirname "$0")/.."
UPDATE_LINT_FIXTURES=1 swift test --filter 'LintFixtureTests|DocExampleTests'
echo
echo "Updated. Changed files:"
git status --short -- Tests/Fixtures/lint docs/errors.md
