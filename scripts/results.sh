#!/usr/bin/env bash
# Regenerates docs/RESULTS.md and the reports in docs/results/ from fresh backtests.
set -euo pipefail

usage() {
  cat <<'TXT'
usage: scripts/results.sh [--check] [--help]

Runs every backtest listed in docs/results/runs.tsv and every walk-forward listed in
docs/results/walkforward.tsv with the algobot binary, writes docs/results/<name>.json and
<name>.html, and rebuilds docs/RESULTS.md from them. With
chromium installed it also photographs the README's run into docs/img/backtest-report.png.

  --check   regenerate into a temporary folder and compare with the committed files;
            exit 1 (and show the difference) when they disagree
  --help    show this help

Environment: ALGOBOT=path/to/algobot (default: .build/debug/algobot, built if missing).
TXT
}

check=false
for arg in "$@"; do
  case "$arg" in
    --check) check=true ;;
    --help|-h) usage; exit 0 ;;
    *) echo "results.sh: unknown option '$arg' (see --help)" >&2; exit 2 ;;
  esac
done

cd "$(dirname "$0")/.."
algobot="${ALGOBOT:-.build/debug/algobot}"
if [ ! -x "$algobot" ]; then
  swift build --product algobot >/dev/null
fi

out=docs/results
page=docs/RESULTS.md
if $check; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  out="$work/results"
  page="$work/RESULTS.md"
  mkdir -p "$out"
fi

while IFS=$'\t' read -r name strategy policy flags; do
  case "$name" in ''|'#'*) continue ;; esac
  # shellcheck disable=SC2086  # flags is a list of words on purpose
  "$algobot" backtest "$strategy" --policy "$policy" $flags \
    --json "$out/$name.json" --html "$out/$name.html" >/dev/null
done < docs/results/runs.tsv

while IFS=$'\t' read -r name strategy policy condition flags; do
  case "$name" in ''|'#'*) continue ;; esac
  # shellcheck disable=SC2086  # flags is a list of words on purpose
  "$algobot" walkforward "$strategy" --policy "$policy" --where "$condition" $flags \
    --json "$out/$name.json" --html "$out/$name.html" >/dev/null
done < docs/results/walkforward.tsv

python3 scripts/results_page.py docs/results/runs.tsv "$out" docs/results/walkforward.tsv > "$page"

if $check; then
  status=0
  diff -u docs/RESULTS.md "$page" || status=1
  for json in "$out"/*.json; do
    diff -q "docs/results/$(basename "$json")" "$json" >/dev/null || { echo "differs: docs/results/$(basename "$json")"; status=1; }
  done
  if [ "$status" -ne 0 ]; then
    echo "docs/RESULTS.md is out of date: run scripts/results.sh and commit the result" >&2
  fi
  exit "$status"
fi
echo "wrote $page and $out/"

# The README's picture is the README's own run (`algobot backtest --html out/report.html`),
# photographed by headless chromium at a desktop width and at a phone's (390 px). Pixels differ
# between chromium versions, so --check leaves the pictures alone; without chromium this step
# is skipped.
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -n "$browser" ]; then
  shot=$(mktemp -d)
  "$algobot" backtest --html "$shot/report.html" >/dev/null
  "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1280,2500 \
    --screenshot="$shot/report.png" "file://$shot/report.html" >/dev/null 2>&1
  mv "$shot/report.png" docs/img/backtest-report.png
  "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=390,3000 \
    --screenshot="$shot/phone.png" "file://$shot/report.html" >/dev/null 2>&1
  mv "$shot/phone.png" docs/img/backtest-report-phone.png
  rm -rf "$shot"
  echo "wrote docs/img/backtest-report.png and backtest-report-phone.png (the README's run, $("$browser" --version 2>/dev/null | head -1))"
else
  echo "no chromium: docs/img/backtest-report.png left as it is (apt install chromium to regenerate it)"
fi
