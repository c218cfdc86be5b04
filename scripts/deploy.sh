#!/usr/bin/env bash
# First install of algobot on a server, with Docker Compose or as a systemd service: prepares
# the state folder and .env (checked without printing a secret), builds, lints the shipped
# strategies and starts the bot. Safe to run again: it never overwrites .env or state/.
set -euo pipefail

SCRIPT_NAME=deploy
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source-path=SCRIPTDIR source=lib/envfile.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/envfile.sh"

usage() {
    cat <<'USAGE'
Usage: scripts/deploy.sh [--docker | --systemd] [--state DIR] [--env FILE]
                         [--user NAME] [--unit-dir DIR] [--no-start] [--dry-run] [--help]

First install, run from the checkout on the server.

  --docker        (default) build the image and start it with docker compose up -d.
  --systemd       build bin/algobot and install deploy/systemd/algobot.service (run as root).
  --state DIR     state folder (default: state); holds the audit log, approvals, status.json.
                  The bot itself uses state/ in the checkout unless its config names another.
  --env FILE      settings and keys (default: .env); created from .env.example when missing.
                  Compose always reads .env; the systemd unit is pointed at FILE.
  --user NAME     with --systemd: the account the service runs as (default: algobot;
                  created as a system user when missing).
  --unit-dir DIR  with --systemd: where the unit goes (default: /etc/systemd/system).
  --no-start      prepare and build, but do not start the bot.
  --dry-run       print the commands that would change something, change nothing.
  --help          show this help.

Steps: check .env (reports whether each key is set, never its value; refuses a placeholder,
a half-set key pair or a live-trading URL), create the state folder (mode 700), build
(scripts/build.sh), lint strategies/ and rules/, then start the bot.
Environment: DOCKER, SWIFT, SYSTEMCTL name the commands to use.
Exit status: 0 deployed, 1 a check or step failed, 2 bad usage.
USAGE
}

mode=docker
state_dir=state
env_file=.env
service_user=algobot
unit_dir=/etc/systemd/system
start=true
while [ $# -gt 0 ]; do
    case "$1" in
        --help | -h) usage; exit 0 ;;
        --docker) mode=docker ;;
        --systemd) mode=systemd ;;
        --state) state_dir="${2:?--state needs a folder}"; shift ;;
        --env) env_file="${2:?--env needs a file}"; shift ;;
        --user) service_user="${2:?--user needs a name}"; shift ;;
        --unit-dir) unit_dir="${2:?--unit-dir needs a folder}"; shift ;;
        --no-start) start=false ;;
        --dry-run) DRY_RUN=true ;;
        *) usage_error "unknown argument '$1'" ;;
    esac
    shift
done
check_mode "$mode"
cd "$ALGOBOT_ROOT"
build_flags=()
if [ "$DRY_RUN" = true ]; then build_flags+=(--dry-run); fi

# ---- prerequisites -----------------------------------------------------------------------
if [ "$mode" = docker ]; then
    need_command "$DOCKER" "Install Docker Engine with the Compose plugin, or use --systemd."
    if [ "$DRY_RUN" != true ]; then
        "$DOCKER" compose version >/dev/null 2>&1 || die "'docker compose' is missing: install the Docker Compose plugin (v2.24 or newer)."
    fi
else
    need_command "$SWIFT" "Install Swift 6.1 or newer (https://www.swift.org/install/) and libyaml-dev."
    if [ "$DRY_RUN" != true ] && [ "$(id -u)" -ne 0 ]; then
        die "--systemd installs a system service: run it as root (or with sudo)."
    fi
fi

# ---- .env --------------------------------------------------------------------------------
if [ "$($GIT ls-files -- "$env_file" 2>/dev/null)" != "" ]; then
    die "$env_file is tracked by git: remove it from the repository (git rm --cached $env_file) and rotate the keys it held."
fi
if [ ! -f "$env_file" ]; then
    [ -f .env.example ] || die ".env.example is missing from the checkout; cannot create $env_file."
    say "$env_file does not exist: creating it from .env.example (no keys yet)"
    run install -m 600 .env.example "$env_file"
fi
if [ -f "$env_file" ]; then
    mode_bits="$(env_file_mode "$env_file")"
    if [ "${mode_bits: -2}" != "00" ]; then
        say "$env_file is readable by other users (mode $mode_bits): restricting it to its owner"
        run chmod 600 "$env_file"
    fi
    check_env_file "$env_file" || die "fix $env_file (see .env.example), then run this script again."
fi

# ---- state folder ------------------------------------------------------------------------
if [ -d "$state_dir" ]; then
    say "state folder $state_dir exists: kept as it is"
else
    run mkdir -p "$state_dir"
    run chmod 700 "$state_dir"
fi

if [ "$mode" = docker ]; then
    if [ "$env_file" != .env ]; then
        warn "docker compose reads .env, not $env_file: copy your settings there before starting"
    fi
    # The container runs as the owner of ./state, so the bot can write there without root.
    # Deploying as root: the image's own unprivileged user (10001) owns state/ instead.
    uid="$(id -u)"
    gid="$(id -g)"
    if [ "$uid" -eq 0 ]; then
        uid=10001
        gid=10001
        run chown "$uid:$gid" "$state_dir"
    fi
    if ! grep -q '^ALGOBOT_UID=' "$env_file" 2>/dev/null; then
        say "recording ALGOBOT_UID=$uid and ALGOBOT_GID=$gid in $env_file for Compose"
        if [ "$DRY_RUN" = true ]; then
            echo "would run: append ALGOBOT_UID=$uid ALGOBOT_GID=$gid to $env_file"
        else
            printf '\nALGOBOT_UID=%s\nALGOBOT_GID=%s\n' "$uid" "$gid" >>"$env_file"
        fi
    fi
    "$ALGOBOT_ROOT/scripts/build.sh" --docker "${build_flags[@]}"
    run_compose run --rm --no-deps algobot lint
    if [ "$start" = true ]; then
        run_compose up -d algobot
        say_done "started; follow it with: docker compose logs -f algobot"
    fi
    exit 0
fi

# ---- systemd -----------------------------------------------------------------------------
if ! id "$service_user" >/dev/null 2>&1; then
    run useradd --system --home-dir "$ALGOBOT_ROOT" --no-create-home --shell /usr/sbin/nologin "$service_user"
fi
run chown "$service_user:$service_user" "$state_dir"
# The bot reads .env itself too (same folder), so its group may read it; nobody else can.
run chown "root:$service_user" "$env_file"
run chmod 640 "$env_file"
"$ALGOBOT_ROOT/scripts/build.sh" --native "${build_flags[@]}"
run "$ALGOBOT_ROOT/bin/algobot" lint

unit="$unit_dir/algobot.service"
say "installing $unit (WorkingDirectory=$ALGOBOT_ROOT, User=$service_user)"
rendered="$(sed -e "s#/opt/algobot#$ALGOBOT_ROOT#g" -e "s#^User=algobot#User=$service_user#" \
    -e "s#^Group=algobot#Group=$service_user#" \
    -e "s#^EnvironmentFile=.*#EnvironmentFile=$(realpath -m "$env_file")#" \
    -e "s#^ReadWritePaths=.*#ReadWritePaths=$(realpath -m "$state_dir")#" \
    deploy/systemd/algobot.service)"
if [ "$DRY_RUN" = true ]; then
    echo "would run: write $unit with"
    printf '%s\n' "$rendered" | grep -E '^(User|Group|WorkingDirectory|EnvironmentFile|ExecStart|ReadWritePaths)=' | sed 's/^/    /'
else
    printf '%s\n' "$rendered" >"$unit.tmp"
    mv -f "$unit.tmp" "$unit"
fi
run "$SYSTEMCTL" daemon-reload
if [ "$start" = true ]; then
    run "$SYSTEMCTL" enable --now algobot.service
    say_done "started; follow it with: journalctl -u algobot -f"
else
    run "$SYSTEMCTL" enable algobot.service
fi
