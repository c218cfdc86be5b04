#!/usr/bin/env bash
# The whole-process speed check of issue 16: `algobot backtest --json` of an SMA 10/30
# strategy over a 1,000,000-bar 1-minute CSV, against a hand-written C program doing the same
# from the same file (scripts/bench/sma_backtest.c), interleaved, best of N. Prints wall and CPU
# seconds, peak memory and the ratios. The machine is shared: read the ratio, not the seconds.
#
#   scripts/bench/csv-backtest.sh [ALGOBOT] [RUNS]   (default: .build/release/algobot, 3)
#
# `algobot bench --csv [--repeat RUNS]` measures the same without Python or GNU time (it
# writes the same CSV byte for byte, and reads CPU and peak memory from wait4); this script
# stays for timing any algobot binary, an older release included, against the same file.
set -euo pipefail
cd "$(dirname "$0")/../.."
algobot=${1:-.build/release/algobot}
runs=${2:-3}
work=${TMPDIR:-/tmp}/algobot-csv-bench
mkdir -p "$work"
[[ -x $algobot ]] || { echo "no $algobot: build it with 'swift build -c release --product algobot'" >&2; exit 2; }
[[ -f $work/BENCH.csv ]] || python3 scripts/bench/make_minute_csv.py "$work/BENCH.csv" 1000000
cc -O2 -o "$work/sma_backtest" scripts/bench/sma_backtest.c

# Runs a command, prints "wall cpu rss_kb" from GNU time.
measure() { /usr/bin/time -f "%e %U %S %M" -o "$work/time.txt" "$@" >/dev/null 2>&1; awk '{print $1, $2 + $3, $4}' "$work/time.txt"; }

best_a=; best_c=
for ((k = 1; k <= runs; k++)); do
    a=$(measure "$algobot" backtest scripts/bench/sma-1min.yaml --data "$work/BENCH.csv" --policy rules/research.yaml --json "$work/algobot.json")
    c=$(measure "$work/sma_backtest" "$work/BENCH.csv" "$work/c.json")
    echo "run $k: algobot ${a% *} s wall (cpu ${a#* }), C ${c% *} s wall (cpu ${c#* })" | awk '{print}'
    if [[ -z $best_a ]] || awk -v x="${a#* }" -v y="${best_a#* }" 'BEGIN{exit !(x+0 < y+0)}'; then best_a=$a; fi
    if [[ -z $best_c ]] || awk -v x="${c#* }" -v y="${best_c#* }" 'BEGIN{exit !(x+0 < y+0)}'; then best_c=$c; fi
done
read -r aw ac am <<<"$best_a"
read -r cw cc_ cm <<<"$best_c"
echo "1,000,000 1-minute bars, SMA 10/30, --json (best CPU time of $runs interleaved runs):"
echo "  algobot backtest: ${ac} s CPU (${aw} s wall), peak $((am / 1024)) MiB"
echo "  hand-written C:   ${cc_} s CPU (${cw} s wall), peak $((cm / 1024)) MiB"
awk -v a="$ac" -v c="$cc_" -v m="$am" 'BEGIN { printf "  ratio %.1fx the C program (target <= 2x); peak %d MiB (target <= 100 MiB)\n", a / c, m / 1024 }'
