# shellcheck shell=bash
# Reads the few fields of state/status.json that decide whether an update is safe, with
# plain shell (no jq or python on a slim host). The file is written by `algobot run`
# (flat JSON, sorted keys); a field that cannot be read counts as "unknown", and unknown
# is treated as unsafe.

# status_number FILE KEY: the integer value of "KEY", or nothing when absent / not a number.
status_number() {
    local text
    text="$(tr -d '\n\r' <"$1")"
    if [[ "$text" =~ \"$2\"[[:space:]]*:[[:space:]]*(-?[0-9]+)([^0-9.eE]|$) ]]; then
        printf '%s' "${BASH_REMATCH[1]}"
    fi
}

# status_flag FILE KEY: prints true, false, or nothing when absent / not a boolean.
status_flag() {
    local text
    text="$(tr -d '\n\r' <"$1")"
    if [[ "$text" =~ \"$2\"[[:space:]]*:[[:space:]]*(true|false) ]]; then
        printf '%s' "${BASH_REMATCH[1]}"
    fi
}

# status_has_key FILE KEY
status_has_key() {
    grep -q "\"$2\"[[:space:]]*:" "$1"
}

# order_state FILE: returns 0 when the status file says no order is open or being submitted,
# 1 when it says one is (definitely unsafe), 2 when it cannot tell (missing file or field).
# Prints why on stderr unless the answer is 0.
#   open_orders  integer: orders accepted by the broker and not yet filled/cancelled
#   submitting   boolean: an order's audit record is written and the broker has not answered
#   in_flight    integer or boolean: accepted as a synonym of submitting
order_state() {
    local file="$1" open submitting in_flight
    if [ ! -f "$file" ]; then
        warn "$file does not exist, so there is no way to tell whether an order is in flight"
        return 2
    fi
    open="$(status_number "$file" open_orders)"
    if [ -n "$open" ] && [ "$open" -gt 0 ]; then
        warn "$file reports $open open order(s) at the broker"
        return 1
    fi
    submitting="$(status_flag "$file" submitting)"
    if [ "$submitting" = true ]; then
        warn "$file reports an order being submitted right now (\"submitting\": true)"
        return 1
    fi
    if status_has_key "$file" in_flight; then
        in_flight="$(status_number "$file" in_flight)"
        [ -n "$in_flight" ] || in_flight="$(status_flag "$file" in_flight)"
        case "$in_flight" in
            0 | false) ;;
            *)
                warn "$file reports an order in flight (\"in_flight\": ${in_flight:-unreadable})"
                return 1
                ;;
        esac
    fi
    if [ -z "$open" ]; then
        warn "$file has no readable \"open_orders\" number, so there is no way to tell whether an order is in flight"
        return 2
    fi
    return 0
}
