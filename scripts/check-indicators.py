#!/usr/bin/env python3
"""Checks algobot's indicators against TA-Lib, which no one here wrote.

For every bundled daily file (data/daily/*.csv in the repository and, when it is beside the
repository, every daily file of ../shared/data/daily, with its raw/ and adjusted/ variants),
each indicator below is computed by TA-Lib (the C library bundled in PyPI's `ta-lib` wheels)
and by `algobot eval '<expression>' --data FILE --format csv`, and the two are compared bar
by bar:

- both must have their first value on the same bar (the same warm-up);
- from 10x the longest period on, every value must agree to 1e-9 relative:
  |a - b| <= 1e-9 * max(|a|, |b|, scale), where scale keeps values that cross zero (MACD,
  ROC) from being judged against zero: the file's mean close for price-valued indicators,
  its mean volume for OBV, 100 for the oscillators (RSI, ADX, CCI, MFI, Williams %R, ROC);
- before that, differences are reported as seeding differences (documented in
  docs/RULES.md) and do not fail the check.

`vwap` has no TA-Lib function; it is compared with a plain numpy computation (the typical
price weighted by volume, summed from each New York session's first bar) on the intraday
files of ../shared/data (hourly and minute bars).

    python3 scripts/check-indicators.py [--algobot PATH] [--jobs N] [--only roc,vwap,...] [FILE ...]

Needs python3 with numpy and ta-lib (.ci/run installs them into its cached venv). Exit
status: 0 every check passed, 1 a check failed, 2 a usage problem.
"""

import argparse
import concurrent.futures
import csv
import glob
import hashlib
import math
import os
import subprocess
import sys

import numpy as np
import talib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.normpath(os.path.join(ROOT, "..", "shared", "data"))
TOLERANCE = 1e-9

# expression, TA-Lib computation, longest period, scale ("price", "volume" or a number)
CHECKS = [
    ("sma(close, 20)", lambda b: talib.SMA(b["close"], 20), 20, "price"),
    ("ema(close, 20)", lambda b: talib.EMA(b["close"], 20), 20, "price"),
    ("rsi(close, 14)", lambda b: talib.RSI(b["close"], 14), 14, 100),
    ("stdev(close, 20)", lambda b: talib.STDDEV(b["close"], 20, 1), 20, "price"),
    ("stdev(close, 200)", lambda b: talib.STDDEV(b["close"], 200, 1), 200, "price"),
    ("bb_upper(close, 20, 2)", lambda b: talib.BBANDS(b["close"], 20, 2, 2, 0)[0], 20, "price"),
    ("bb_lower(close, 20, 2)", lambda b: talib.BBANDS(b["close"], 20, 2, 2, 0)[2], 20, "price"),
    ("bb_upper(close, 10, 1.5)", lambda b: talib.BBANDS(b["close"], 10, 1.5, 1.5, 0)[0], 10, "price"),
    ("true_range", lambda b: talib.TRANGE(b["high"], b["low"], b["close"]), 1, "price"),
    ("atr(14)", lambda b: talib.ATR(b["high"], b["low"], b["close"], 14), 14, "price"),
    ("atr(1)", lambda b: talib.ATR(b["high"], b["low"], b["close"], 1), 1, "price"),
    ("macd(close, 12, 26)", lambda b: talib.MACD(b["close"], 12, 26, 1)[0], 26, "price"),
    ("macd_signal(close, 12, 26, 9)", lambda b: talib.MACD(b["close"], 12, 26, 9)[1], 26 + 9, "price"),
    ("macd_hist(close, 12, 26, 9)", lambda b: talib.MACD(b["close"], 12, 26, 9)[2], 26 + 9, "price"),
    ("macd_hist(close, 5, 35, 5)", lambda b: talib.MACD(b["close"], 5, 35, 5)[2], 35 + 5, "price"),
    ("roc(close, 10)", lambda b: talib.ROC(b["close"], 10), 10, 100),
    ("wma(close, 20)", lambda b: talib.WMA(b["close"], 20), 20, "price"),
    ("wma(close, 200)", lambda b: talib.WMA(b["close"], 200), 200, "price"),
    ("adx(14)", lambda b: talib.ADX(b["high"], b["low"], b["close"], 14), 2 * 14, 100),
    ("cci(20)", lambda b: talib.CCI(b["high"], b["low"], b["close"], 20), 20, 100),
    ("mfi(14)", lambda b: talib.MFI(b["high"], b["low"], b["close"], b["volume"], 14), 14, 100),
    ("willr(14)", lambda b: talib.WILLR(b["high"], b["low"], b["close"], 14), 14, 100),
    ("obv", lambda b: talib.OBV(b["close"], b["volume"]), 1, "volume"),
]


def read_bars(path):
    """(times, columns as float arrays) of a daily or intraday CSV file."""
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    time_key = "date" if rows and "date" in rows[0] else "timestamp"
    columns = {k: np.array([float(r[k]) for r in rows]) for k in ("open", "high", "low", "close", "volume")}
    return [r[time_key] for r in rows], columns


def daily_files(explicit):
    if explicit:
        return explicit
    found = sorted(glob.glob(os.path.join(ROOT, "data", "daily", "*.csv")))
    for folder in ("", "raw", "adjusted"):
        found += sorted(glob.glob(os.path.join(SHARED, "daily", folder, "*.csv")))
    return found


def intraday_files():
    return sorted(glob.glob(os.path.join(SHARED, "hourly", "SPY.csv")) + glob.glob(os.path.join(SHARED, "minute", "*.csv")))


def unique(files):
    """Files with distinct contents (the repository's daily files are copies of shared ones)."""
    seen, out = {}, []
    for path in files:
        with open(path, "rb") as f:
            digest = hashlib.sha256(f.read()).hexdigest()
        if digest not in seen:
            seen[digest] = path
            out.append(path)
    return out


def algobot_values(binary, expression, path):
    """(times, values) printed by `algobot eval --format csv`; None for a bar without a value."""
    result = subprocess.run([binary, "eval", expression, "--data", path, "--format", "csv"], cwd=ROOT,
                            capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"algobot eval '{expression}' --data {path} exited {result.returncode}: {result.stderr.strip()}")
    lines = result.stdout.splitlines()
    if not lines or lines[0] != "time,value":
        raise RuntimeError(f"algobot eval '{expression}' --data {path}: unexpected header {lines[:1]}")
    times, values = [], []
    for line in lines[1:]:
        time, _, text = line.partition(",")
        times.append(time)
        values.append(float(text) if text else None)
    return times, values


def first_value(values):
    return next((i for i, v in enumerate(values) if v is not None and not (isinstance(v, float) and math.isnan(v))), None)


def compare(ours, theirs, longest, scale):
    """(problems, seeding notes, bars compared, worst difference against the tolerance's
    measure, worst difference relative to the value alone)."""
    problems, seeding = [], 0
    theirs = [None if math.isnan(v) else float(v) for v in theirs]
    if len(ours) != len(theirs):
        return [f"{len(ours)} bars from algobot, {len(theirs)} from the file"], 0, 0, 0.0, 0.0
    a0, b0 = first_value(ours), first_value(theirs)
    if a0 != b0:
        problems.append(f"first value on bar {a0} (algobot) but bar {b0} (TA-Lib)")
    stable = 10 * longest
    compared, worst, worst_value = 0, 0.0, 0.0
    for i, (a, b) in enumerate(zip(ours, theirs)):
        if a is None or b is None:
            if (a is None) != (b is None) and i >= stable:
                problems.append(f"bar {i}: algobot {a}, TA-Lib {b}")
            continue
        difference = abs(a - b)
        if difference > TOLERANCE * max(abs(a), abs(b), scale):
            if i >= stable:
                problems.append(f"bar {i}: algobot {a!r}, TA-Lib {b!r}")
            else:
                seeding += 1
        if i >= stable:
            compared += 1
            if difference:
                worst = max(worst, difference / max(abs(a), abs(b), scale))
                worst_value = max(worst_value, difference / max(abs(a), abs(b)))
    return problems, seeding, compared, worst, worst_value


def check_daily(binary, path, expression, compute, longest, scale):
    times, bars = read_bars(path)
    their_values = compute(bars)
    our_times, ours = algobot_values(binary, expression, path)
    if our_times != times:
        return [f"algobot's bars are not the file's ({len(our_times)} vs {len(times)})"], 0, 0, 0.0, 0.0
    level = {"price": float(np.mean(np.abs(bars["close"]))), "volume": float(np.mean(bars["volume"]))}.get(scale, scale)
    return compare(ours, their_values, longest, level)


def numpy_vwap(times, bars):
    """Typical price x volume summed from each session's first bar (the session is the local date)."""
    typical = (bars["high"] + bars["low"] + bars["close"]) / 3
    out, day, pv, vol = [], None, 0.0, 0.0
    for i, t in enumerate(times):
        if t[:10] != day:
            day, pv, vol = t[:10], 0.0, 0.0
        pv += typical[i] * bars["volume"][i]
        vol += bars["volume"][i]
        out.append(pv / vol if vol > 0 else math.nan)
    return np.array(out)


def check_vwap(binary, path):
    times, bars = read_bars(path)
    our_times, ours = algobot_values(binary, "vwap", path)
    if len(our_times) != len(times):
        return [f"algobot's bars are not the file's ({len(our_times)} vs {len(times)})"], 0, 0, 0.0, 0.0
    return compare(ours, numpy_vwap(times, bars), 0, float(np.mean(np.abs(bars["close"]))))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", help="daily CSV files (default: every bundled daily file)")
    parser.add_argument("--algobot", default=os.path.join(ROOT, ".build", "debug", "algobot"), help="the algobot binary")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2, help="evaluations run at once")
    parser.add_argument("--only", help="comma-separated function names to check, like roc,vwap (default: all)")
    args = parser.parse_args()
    if not os.access(args.algobot, os.X_OK):
        print(f"check-indicators: no algobot binary at {args.algobot}; run 'swift build' first or pass --algobot", file=sys.stderr)
        return 2
    only = set(args.only.split(",")) if args.only else None
    checks = [c for c in CHECKS if only is None or c[0].split("(")[0] in only]
    files = unique(daily_files(args.files))
    if not files:
        print("check-indicators: no daily files found", file=sys.stderr)
        return 2
    jobs = [(c, f) for c in checks for f in files]
    vwap_jobs = [] if args.files or (only is not None and "vwap" not in only) else intraday_files()
    print(f"check-indicators: TA-Lib {talib.__ta_version__.decode()} (ta-lib {talib.__version__}), "
          f"{len(checks)} indicators x {len(files)} daily files, vwap on {len(vwap_jobs)} intraday files")
    results = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = {pool.submit(check_daily, args.algobot, f, *c): (c[0], f) for c, f in jobs}
        futures.update({pool.submit(check_vwap, args.algobot, f): ("vwap", f) for f in vwap_jobs})
        for future in concurrent.futures.as_completed(futures):
            name, path = futures[future]
            try:
                results[(name, path)] = future.result()
            except Exception as error:  # a failed evaluation is a failed check, with its message
                results[(name, path)] = ([str(error)], 0, 0, 0.0, 0.0)
    passed = failed = 0
    for name in [c[0] for c in checks] + (["vwap"] if vwap_jobs else []):
        rows = [(path, *results[(n, path)]) for (n, path) in sorted(results) if n == name]
        problems = [(os.path.relpath(p, ROOT), msg) for p, found, _, _, _, _ in rows for msg in found]
        bars = sum(r[3] for r in rows)
        worst = max((r[4] for r in rows), default=0.0)
        worst_value = max((r[5] for r in rows), default=0.0)
        seeding = sum(r[2] for r in rows)
        status = "ok" if not problems else "FAILED"
        note = f", {seeding} early bars differ (seeding)" if seeding else ""
        reference = "numpy" if name == "vwap" else "TA-Lib"
        print(f"  {status:6} {name:30} {len(rows):3} files, {bars:7} bars vs {reference}, worst difference {worst:.1e}"
              f" (of the value alone {worst_value:.1e}){note}")
        for path, message in problems[:5]:
            print(f"         {path}: {message}")
        if len(problems) > 5:
            print(f"         ... and {len(problems) - 5} more")
        passed, failed = (passed + 1, failed) if not problems else (passed, failed + 1)
    print(f"indicators: {passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
