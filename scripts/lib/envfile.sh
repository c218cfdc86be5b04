# shellcheck shell=bash
# Reads `.env` without ever printing a value: callers learn whether a key is set, empty or
# still a placeholder, never what it holds (a deploy log must not leak the secret key).
# Same syntax as the app's reader: KEY=VALUE, optional `export `, optional quotes, # comments.

# env_file_value FILE KEY: the last assignment of KEY (quotes and trailing comment removed).
# Prints nothing when KEY is absent. For internal use: never echo the result to the user.
env_file_value() {
    local file="$1" key="$2" line value="" found=false
    while IFS= read -r line || [ -n "$line" ]; do
        line="${line%$'\r'}"
        line="${line#"${line%%[![:space:]]*}"}"
        case "$line" in '' | '#'*) continue ;; esac
        if [[ "$line" =~ ^export[[:space:]]+(.*)$ ]]; then line="${BASH_REMATCH[1]}"; fi
        if [[ "$line" =~ ^${key}[[:space:]]*=[[:space:]]*(.*)$ ]]; then
            value="${BASH_REMATCH[1]}"
            found=true
        fi
    done <"$file"
    [ "$found" = true ] || return 0
    case "$value" in
        \"*) value="${value#\"}"; value="${value%%\"*}" ;;
        \'*) value="${value#\'}"; value="${value%%\'*}" ;;
        *) value="${value%%[[:space:]]#*}"; value="${value%"${value##*[![:space:]]}"}" ;;
    esac
    printf '%s' "$value"
}

# env_key_state FILE KEY: prints one of set, missing, placeholder.
env_key_state() {
    local value
    value="$(env_file_value "$1" "$2")"
    if [ -z "$value" ]; then
        echo missing
        return
    fi
    case "$value" in
        *XXXX* | *xxxx* | *your* | *YOUR* | *changeme* | *CHANGEME* | *'<'*'>'* | *'...'*) echo placeholder ;;
        *) echo set ;;
    esac
}

# env_url_host URL: the host part, lower-cased (no scheme, user, port or path).
env_url_host() {
    local rest="${1#*://}"
    rest="${rest%%/*}"
    rest="${rest##*@}"
    rest="${rest%%:*}"
    printf '%s' "$rest" | tr '[:upper:]' '[:lower:]'
}

# env_is_live_trading_url URL: true for Alpaca's live trading host (or any *.alpaca.markets
# host other than the paper one), the same rule the app itself enforces.
env_is_live_trading_url() {
    local host
    host="$(env_url_host "$1")"
    case "$host" in
        paper-api.alpaca.markets | data.alpaca.markets | stream.data.alpaca.markets) return 1 ;;
        api.alpaca.markets | *.alpaca.markets) return 0 ;;
        *) return 1 ;;
    esac
}

# check_env_file FILE: reports the state of each setting (never its value) and fails on a
# half-configured key pair, a placeholder or a live trading URL. Prints a summary.
check_env_file() {
    local file="$1" key_id secret base problems=0
    key_id="$(env_key_state "$file" APCA_API_KEY_ID)"
    secret="$(env_key_state "$file" APCA_API_SECRET_KEY)"
    say "$file: APCA_API_KEY_ID $key_id, APCA_API_SECRET_KEY $secret, LLM_API_KEY $(env_key_state "$file" LLM_API_KEY)"
    if [ "$key_id" = placeholder ] || [ "$secret" = placeholder ]; then
        warn "$file still holds a placeholder key: put your paper-trading keys there, or leave both empty to use the simulator"
        problems=$((problems + 1))
    elif [ "$key_id" != "$secret" ]; then
        warn "$file sets only one of APCA_API_KEY_ID and APCA_API_SECRET_KEY: set both (paper-trading keys) or neither"
        problems=$((problems + 1))
    elif [ "$key_id" = missing ]; then
        say "no Alpaca keys in $file: 'algobot run' will trade against its built-in simulator"
    fi
    base="$(env_file_value "$file" APCA_API_BASE_URL)"
    if [ -n "$base" ] && env_is_live_trading_url "$base"; then
        warn "$file: APCA_API_BASE_URL points at Alpaca's live trading host ($(env_url_host "$base")); live trading is not allowed, use https://paper-api.alpaca.markets"
        problems=$((problems + 1))
    fi
    [ "$problems" -eq 0 ]
}

# env_file_mode FILE: octal permission bits (e.g. 600).
env_file_mode() {
    stat -c '%a' "$1" 2>/dev/null || stat -f '%Lp' "$1"
}
