"""Hand checks of scripts/reference_backtest.py's short selling (issue 15).

Each test runs the reference on a few hand-made bars and compares with numbers worked out by
hand from docs/RULES.md ("Short selling", "Reversals") and docs/BACKTEST.md (not from the code).
Signals ride in the volume, as in test_reference_exits.py.

    python3 -m unittest discover -s scripts/tests
"""

import json
import os
import subprocess
import sys
import tempfile
import unittest

from test_reference_exits import SCRIPT, date

SHORT_ON_1 = """rules:
  - id: go-short
    when: volume == 1
    action: sell_short
    size: { shares: 10 }
  - id: cover
    when: volume == 2
    action: cover_all
"""
# short 10 at bar 1's open (98), cover all at bar 3's open (91)
BARS = [(100, 100, 100, 100, 1), (98, 98, 95, 95, 0), (96, 96, 90, 90, 2), (91, 92, 91, 92, 0)]


def run(strategy, bars, limits="max_short_notional: 1000000", args=()):
    """The reference's report for `strategy` on `bars` [(open, high, low, close, volume)] under `limits`."""
    with tempfile.TemporaryDirectory() as folder:
        with open(os.path.join(folder, "XYZ.csv"), "w") as f:
            f.write("date,open,high,low,close,volume\n")
            for n, (o, h, l, c, v) in enumerate(bars):
                f.write("2024-01-%02d,%s,%s,%s,%s,%s\n" % (n + 1, o, h, l, c, v))
        path = os.path.join(folder, "s.yaml")
        with open(path, "w") as f:
            f.write("strategy: hand\nsymbols: [XYZ]\n" + strategy)
        policy = os.path.join(folder, "p.yaml")
        with open(policy, "w") as f:
            f.write("policy: hand\nlimits: { %s }\n" % limits)
        command = [sys.executable, SCRIPT, path, "--data", folder, "--benchmark", "XYZ", "--policy", policy] + list(args)
        return json.loads(subprocess.run(command, capture_output=True, text=True, check=True).stdout)


class Shorts(unittest.TestCase):
    def test_without_max_short_notional_the_short_is_blocked(self):
        r = run(SHORT_ON_1, BARS, limits="")
        self.assertEqual([(o["side"], o["status"]) for o in r["order_list"]], [("sell_short", "blocked")])
        self.assertEqual(r["final_equity"], 10000.0)
        self.assertEqual(r["violations"]["max_short_notional"]["block"], 1)

    def test_short_then_cover(self):
        r = run(SHORT_ON_1, BARS)
        [trade] = r["trades"]
        self.assertEqual((trade["side"], trade["entry_price"], trade["exit_price"], trade["qty"]), ("short", 98.0, 91.0, 10.0))
        self.assertEqual(trade["pnl"], 70.0)
        # cash 10,000 + 980 - 910; bar 1 equity 10,980 - 950, bar 2 10,980 - 900
        self.assertEqual(r["final_cash"], 10070.0)
        self.assertEqual([(o["side"], o["fill_price"]) for o in r["order_list"]], [("sell_short", 98.0), ("buy_to_cover", 91.0)])

    def test_borrow_fee_each_day_at_the_close(self):
        r = run(SHORT_ON_1, BARS, args=["--borrow-fee-pct", "25.2"])
        # 25.2 % / 252 = 0.1 % a day, on 10 x 95 (bar 1) and 10 x 90 (bar 2); covered at bar 3's open
        self.assertAlmostEqual(r["borrow_fees"], 1.85, places=9)
        self.assertAlmostEqual(r["trades"][0]["pnl"], 70 - 1.85, places=9)
        self.assertAlmostEqual(r["final_cash"], 10070 - 1.85, places=9)

    def test_sell_short_while_long_sells_first_then_shorts_from_flat(self):
        strategy = """rules:
  - id: go-long
    when: volume == 1
    action: buy
    size: { shares: 10 }
  - id: go-short
    when: volume == 2
    action: sell_short
    size: { percent_of_equity: 50 }
"""
        # long 10 at 101; at the close of 120 equity is 10,190: 5,095 / 119 -> 42 shares short
        bars = [(100, 100, 100, 100, 1), (101, 110, 101, 110, 0), (110, 120, 110, 120, 2), (119, 119, 115, 115, 0)]
        r = run(strategy, bars)
        self.assertEqual([(o["side"], o["decided_at"], o["fill_qty"]) for o in r["order_list"]],
                         [("buy", date(0), 10.0), ("sell", date(2), 10.0), ("sell_short", date(2), 42.0)])
        self.assertEqual([(t["side"], t["pnl"]) for t in r["trades"]], [("long", 180.0)])
        self.assertEqual(r["open_positions"][0]["qty"], -42.0)

    def test_mirrored_exits_trail_from_the_lowest_low(self):
        strategy = "exits: { stop_loss: { percent: 5 }, trailing_stop: { percent: 5 } }\n" + SHORT_ON_1
        # entry 100; lows 95 then 90 -> bar 3's trailing stop is 94.5 (tighter than the 105 stop); its high 95 reaches it
        bars = [(101, 101, 101, 101, 1), (100, 101, 95, 96, 0), (95, 96, 90, 92, 0), (93, 95, 92, 94, 0)]
        r = run(strategy, bars)
        [trade] = r["trades"]
        self.assertEqual((trade["exit_reason"], trade["side"]), ("trailing_stop", "short"))
        self.assertAlmostEqual(trade["exit_price"], 94.5, places=9)
        legs = [(o["side"], o["order_type"], o["status"]) for o in r["order_list"] if "exit_reason" in o]
        self.assertEqual(legs, [("buy_to_cover", "stop", "canceled"), ("buy_to_cover", "trailing_stop", "filled")])

    def test_a_stop_above_and_a_target_below(self):
        strategy = "exits: { stop_loss: { percent: 5 }, take_profit: { percent: 10 } }\n" + SHORT_ON_1
        up = run(strategy, [(101, 101, 101, 101, 1), (100, 101, 98, 99, 0), (100, 106, 99, 104, 0)])
        self.assertEqual((up["trades"][0]["exit_reason"], up["trades"][0]["exit_price"]), ("stop_loss", 105.0))
        down = run(strategy, [(101, 101, 101, 101, 1), (100, 101, 95, 96, 0), (95, 96, 89, 91, 0)])
        self.assertEqual((down["trades"][0]["exit_reason"], down["trades"][0]["exit_price"]), ("take_profit", 90.0))


if __name__ == "__main__":
    unittest.main()
