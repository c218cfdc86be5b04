# shellcheck shell=bash
# Shared helpers for scripts/build.sh, deploy.sh and update.sh. Sourced, never run.
#
# Every command that changes something goes through `run`, so `--dry-run` prints exactly
# what would happen and changes nothing. Read-only checks (status file, audit verify) run
# for real even in a dry run: a dry run that skipped them would prove nothing.
#
# Overrides for tests and unusual hosts (each names the command to use):
#   DOCKER     docker client          (default: docker)
#   SWIFT      swift toolchain driver (default: swift)
#   SYSTEMCTL  systemctl              (default: systemctl)
#   GIT        git                    (default: git)

ALGOBOT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DRY_RUN=false
SCRIPT_NAME="${SCRIPT_NAME:-$(basename "$0" .sh)}"

DOCKER="${DOCKER:-docker}"
SWIFT="${SWIFT:-swift}"
SYSTEMCTL="${SYSTEMCTL:-systemctl}"
GIT="${GIT:-git}"

say() { printf '%s: %s\n' "$SCRIPT_NAME" "$*"; }
warn() { printf '%s: warning: %s\n' "$SCRIPT_NAME" "$*" >&2; }

# die MESSAGE [EXIT_CODE]
die() {
    printf '%s: %s\n' "$SCRIPT_NAME" "$1" >&2
    exit "${2:-1}"
}

usage_error() {
    printf '%s: %s\n' "$SCRIPT_NAME" "$1" >&2
    printf "Run '%s --help' for the options.\n" "$0" >&2
    exit 2
}

# Prints a command the way a shell would read it back.
show_command() {
    local quoted=() word
    for word in "$@"; do quoted+=("$(printf '%q' "$word")"); done
    printf '%s\n' "${quoted[*]}"
}

# run COMMAND...: runs it, or in a dry run prints it prefixed with "would run:".
run() {
    if [ "$DRY_RUN" = true ]; then
        printf 'would run: %s' "$(show_command "$@")"
        printf '\n'
        return 0
    fi
    printf '+ %s\n' "$(show_command "$@")"
    "$@"
}

# The Compose command: `docker compose -f docker-compose.yml` from the checkout.
compose() {
    "$DOCKER" compose --project-directory "$ALGOBOT_ROOT" -f "$ALGOBOT_ROOT/docker-compose.yml" "$@"
}

run_compose() {
    run "$DOCKER" compose --project-directory "$ALGOBOT_ROOT" -f "$ALGOBOT_ROOT/docker-compose.yml" "$@"
}

need_command() {
    command -v "$1" >/dev/null 2>&1 || die "$1 is not installed or not on PATH. $2"
}

# check_mode VALUE: the two ways to run the bot.
check_mode() {
    case "$1" in
        docker | systemd) ;;
        *) usage_error "unknown mode '$1': use --docker or --systemd" ;;
    esac
}

# say_done MESSAGE: the closing line; in a dry run it says nothing was changed.
say_done() {
    if [ "$DRY_RUN" = true ]; then
        say "dry run, nothing changed (would have: $*)"
    else
        say "$*"
    fi
}
