#!/usr/bin/env bash
# Upgrades a deployed algobot: pull, build, verify the audit chain, back up and migrate the
# state folder, restart. Refuses while an order is in flight, and refuses to touch a state
# folder whose audit chain does not verify (that is an incident to investigate, not to bury
# under an upgrade).
set -euo pipefail

SCRIPT_NAME=update
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source-path=SCRIPTDIR source=lib/status.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/status.sh"

usage() {
    cat <<'USAGE'
Usage: scripts/update.sh [--docker | --systemd] [--state DIR] [--algobot BIN] [--backup-dir DIR]
                         [--service NAME] [--no-pull] [--status-unknown-ok] [--dry-run] [--help]

Upgrades the bot in place, from the checkout on the server.

  --docker             (default) the bot runs under docker compose.
  --systemd            the bot runs as a systemd service from bin/algobot.
  --state DIR          state folder (default: state).
  --algobot BIN        with --systemd: the installed binary used for the checks
                       (default: bin/algobot, else algobot on PATH).
  --backup-dir DIR     where the state backup goes (default: backups).
  --service NAME       with --systemd: the unit name (default: algobot.service).
  --no-pull            do not git pull (you checked out the version you want yourself).
  --status-unknown-ok  proceed when DIR/status.json is missing or unreadable. Never overrides
                       a status file that reports an open order.
  --dry-run            run the checks for real, print every command that would change
                       something, change nothing.
  --help               show this help.

Steps: 1 refuse while an order is in flight (DIR/status.json: "open_orders" > 0 or
"submitting": true); 2 algobot audit verify DIR/audit.jsonl with the running version;
3 git pull --ff-only; 4 build (scripts/build.sh); 5 stop the bot; 6 check for an order in
flight again; 7 back up DIR to BACKUP-DIR/state-TIME.tar.gz; 8 verify the audit chain with the
new version; 9 migrate (algobot audit reindex; the SQLite stores migrate themselves on open);
10 start the bot.
Environment: DOCKER, SWIFT, SYSTEMCTL, GIT name the commands to use.
Exit status: 0 updated (or dry run done), 1 a step failed, 2 bad usage,
3 refused: an order is in flight or the status is unknown, 4 refused: the audit chain is broken.
USAGE
}

mode=docker
state_dir=state
algobot=""
backup_dir=backups
service=algobot.service
pull=true
status_unknown_ok=false
while [ $# -gt 0 ]; do
    case "$1" in
        --help | -h) usage; exit 0 ;;
        --docker) mode=docker ;;
        --systemd) mode=systemd ;;
        --state) state_dir="${2:?--state needs a folder}"; shift ;;
        --algobot) algobot="${2:?--algobot needs a path}"; shift ;;
        --backup-dir) backup_dir="${2:?--backup-dir needs a folder}"; shift ;;
        --service) service="${2:?--service needs a unit name}"; shift ;;
        --no-pull) pull=false ;;
        --status-unknown-ok) status_unknown_ok=true ;;
        --dry-run) DRY_RUN=true ;;
        *) usage_error "unknown argument '$1'" ;;
    esac
    shift
done
check_mode "$mode"
cd "$ALGOBOT_ROOT"
status_file="$state_dir/status.json"
audit_file="$state_dir/audit.jsonl"

if [ "$mode" = systemd ]; then
    if [ -z "$algobot" ]; then
        if [ -x bin/algobot ]; then algobot=bin/algobot; else algobot=algobot; fi
    fi
    need_command "$algobot" "Point --algobot at the installed binary (scripts/deploy.sh --systemd puts it in bin/)."
elif [ "$state_dir" != state ]; then
    usage_error "with --docker the state folder is ./state, as docker-compose.yml mounts it"
else
    need_command "$DOCKER" "Install Docker with the Compose plugin, or use --systemd."
fi

# require_no_order_in_flight WHEN: exit 3 unless the status file says nothing is in flight.
require_no_order_in_flight() {
    if [ ! -f "$status_file" ] && [ ! -e "$audit_file" ]; then
        say "$1: no $status_file and no audit log: the bot has never traded here"
        return 0
    fi
    local answer=0
    order_state "$status_file" || answer=$?
    if [ "$answer" -eq 0 ]; then
        say "$1: no order in flight ($status_file)"
        return 0
    fi
    if [ "$answer" -eq 2 ] && [ "$status_unknown_ok" = true ]; then
        warn "$1: status unknown; proceeding because of --status-unknown-ok"
        return 0
    fi
    if [ "$answer" -eq 2 ]; then
        die "refusing to update: cannot tell whether an order is in flight. Let the bot write $status_file (algobot run keeps it current), or check the broker for open orders yourself and pass --status-unknown-ok." 3
    fi
    die "refusing to update while an order may be in flight. Wait until the order fills or is cancelled ('algobot status' shows it), or halt the bot with 'algobot halt' and let open orders settle, then run this again." 3
}

# algobot_cmd VERSION ARGS...: runs the CLI of the running (current) or just built (new) version.
algobot_cmd() {
    local version="$1"
    shift
    if [ "$mode" = docker ]; then
        compose run --rm --no-deps algobot "$@"
    elif [ "$version" = new ]; then
        "$ALGOBOT_ROOT/bin/algobot.next" "$@"
    else
        "$algobot" "$@"
    fi
}

# audit_verifies VERSION WHEN: true when there is no audit log yet or its chain verifies.
audit_verifies() {
    if [ ! -e "$audit_file" ]; then
        say "$2: no audit log at $audit_file yet: nothing to verify"
        return 0
    fi
    say "$2: algobot audit verify $audit_file"
    if [ "$mode" = docker ]; then
        algobot_cmd "$1" audit verify state/audit.jsonl
    else
        algobot_cmd "$1" audit verify "$audit_file"
    fi
}

# ---- 1, 2: checks against the running version ------------------------------------------------
require_no_order_in_flight "check 1/2"
audit_verifies current "check 2/2" \
    || die "refusing to update: the audit chain in $audit_file does not verify (see the line named above). Nothing was changed. Investigate before trading on: docs/DEPLOY.md, 'Audit chain broken'." 4

# ---- 3, 4: new version -------------------------------------------------------------------
old_commit="$($GIT rev-parse --short HEAD 2>/dev/null || true)"
old_commit="${old_commit:-unknown}"
if [ "$pull" = true ]; then
    run "$GIT" pull --ff-only
fi
build_flags=()
if [ "$DRY_RUN" = true ]; then build_flags+=(--dry-run); fi
if [ "$mode" = docker ]; then
    # Keep the running image under a second name for a rollback.
    image="${ALGOBOT_IMAGE:-algobot:latest}"
    run "$DOCKER" image tag "$image" "${image%:*}:previous"
    "$ALGOBOT_ROOT/scripts/build.sh" --docker "${build_flags[@]}"
else
    "$ALGOBOT_ROOT/scripts/build.sh" --native --output bin/algobot.next "${build_flags[@]}"
fi

# ---- 5, 6: stop, and make sure nothing started meanwhile --------------------------------------
if [ "$mode" = docker ]; then
    run_compose stop algobot
else
    run "$SYSTEMCTL" stop "$service"
fi
if [ "$DRY_RUN" != true ] && ! (require_no_order_in_flight "after stop"); then
    say "an order went out while building: starting the previous version again"
    if [ "$mode" = docker ]; then run_compose start algobot; else run "$SYSTEMCTL" start "$service"; fi
    exit 3
fi

# ---- 7, 8, 9: back up, verify with the new version, migrate ---------------------------------
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
backup="$backup_dir/state-$stamp-$old_commit.tar.gz"
run mkdir -p "$backup_dir"
run tar -C "$(dirname "$state_dir")" -czf "$backup" "$(basename "$state_dir")"
if [ "$DRY_RUN" = true ]; then
    echo "would run: algobot audit verify $audit_file (new version)"
    echo "would run: algobot audit reindex $audit_file (new version)"
else
    if ! audit_verifies new "new version"; then
        die "the new version does not accept the audit log; the bot is stopped. Roll back: git checkout $old_commit, scripts/build.sh, then start it (docs/DEPLOY.md, 'Rolling back'). State backup: $backup" 4
    fi
    if [ -e "$audit_file" ]; then
        if [ "$mode" = docker ]; then
            algobot_cmd new audit reindex state/audit.jsonl
        else
            algobot_cmd new audit reindex "$audit_file"
        fi
    fi
fi

# ---- 10: start ---------------------------------------------------------------------------
if [ "$mode" = docker ]; then
    run_compose up -d algobot
else
    if [ -e bin/algobot ]; then run cp -p bin/algobot bin/algobot.previous; fi
    run mv -f bin/algobot.next bin/algobot
    run "$SYSTEMCTL" start "$service"
fi
if [ "$DRY_RUN" = true ]; then
    say "dry run: nothing was changed (checks passed; the steps above would update from $old_commit)"
else
    new_commit="$($GIT rev-parse --short HEAD 2>/dev/null || true)"
    say "updated from $old_commit to ${new_commit:-unknown}; state backup: $backup"
fi
