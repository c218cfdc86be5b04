#!/usr/bin/env python3
"""Writes a deterministic 1-minute random walk as an algobot CSV (regular sessions only,
09:30-15:59 New York, weekdays, New York UTC offsets from the tz database).

    python3 scripts/bench/make_minute_csv.py OUT.csv [BARS]   (default 1,000,000 bars)
"""
import datetime
import random
import sys
from zoneinfo import ZoneInfo


def main():
    out, bars = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
    rng = random.Random(42)
    york = ZoneInfo("America/New_York")
    day = datetime.date(2010, 1, 4)
    price = 100.0
    written = 0
    with open(out, "w") as f:
        f.write("timestamp,open,high,low,close,volume\n")
        while written < bars:
            if day.weekday() < 5:
                start = datetime.datetime(day.year, day.month, day.day, 9, 30, tzinfo=york)
                offset = start.utcoffset()
                sign = "-" if offset < datetime.timedelta(0) else "+"
                hours = abs(int(offset.total_seconds())) // 3600
                zone = f"{sign}{hours:02d}:00"
                for minute in range(390):
                    if written == bars:
                        break
                    t = start + datetime.timedelta(minutes=minute)
                    open_ = price
                    close = max(1.0, open_ * (1 + rng.gauss(0, 0.001)))
                    high = max(open_, close) * (1 + abs(rng.gauss(0, 0.0003)))
                    low = min(open_, close) * (1 - abs(rng.gauss(0, 0.0003)))
                    volume = rng.randint(100, 100_000)
                    f.write(f"{t.strftime('%Y-%m-%dT%H:%M:%S')}{zone},{open_:.4f},{high:.4f},{low:.4f},{close:.4f},{volume}\n")
                    price = close
                    written += 1
            day += datetime.timedelta(days=1)


if __name__ == "__main__":
    main()
