"""Hand checks of scripts/reference_backtest.py's exits and order types (issue 14).

Each test runs the reference on a few hand-made bars and compares with numbers worked out by
hand from the sentences of the issue's fill model and docs/BACKTEST.md (not from the code).
The bars carry the signals in their volume: a rule `volume == 1` fires on exactly the bars
whose volume is 1.

    python3 -m unittest discover -s scripts/tests
"""

import json
import os
import subprocess
import sys
import tempfile
import unittest

SCRIPT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "reference_backtest.py")

BUY_ON_1 = """
  - id: enter
    when: volume == 1
    action: buy
    size: { percent_of_equity: 100 }
"""


def run(strategy, bars, policy=None, args=()):
    """The reference's report for `strategy` (YAML text) on `bars` [(open, high, low, close, volume)]."""
    with tempfile.TemporaryDirectory() as folder:
        with open(os.path.join(folder, "XYZ.csv"), "w") as f:
            f.write("date,open,high,low,close,volume\n")
            for n, (o, h, l, c, v) in enumerate(bars):
                f.write("2024-01-%02d,%s,%s,%s,%s,%s\n" % (n + 1, o, h, l, c, v))
        path = os.path.join(folder, "s.yaml")
        with open(path, "w") as f:
            f.write("strategy: hand\nsymbols: [XYZ]\n" + strategy)
        command = [sys.executable, SCRIPT, path, "--data", folder, "--benchmark", "XYZ"] + list(args)
        if policy is not None:
            with open(os.path.join(folder, "p.yaml"), "w") as f:
                f.write("policy: hand\nlimits: {}\n" + policy)
            command += ["--policy", os.path.join(folder, "p.yaml")]
        out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        return json.loads(out)


def date(bar):
    return "2024-01-%02d" % (bar + 1)


class StopLossAndTakeProfit(unittest.TestCase):
    # bar 0 decides the buy at the close of 100; bar 1 fills 100 shares at its open, 100.
    BARS = [(100, 100, 100, 100, 1), (100, 102, 99, 101, 0)]

    def test_stop_reached_inside_a_bar_fills_at_the_stop(self):
        r = run("exits: { stop_loss: { percent: 5 } }\nrules:" + BUY_ON_1,
                self.BARS + [(101, 101, 94, 96, 0), (96, 97, 95, 96, 0)])
        [trade] = r["trades"]
        # stop = 100 x 0.95 = 95; bar 2's low 94 reaches it: sold at 95
        self.assertEqual((trade["exit_date"], trade["exit_price"], trade["qty"]), (date(2), 95.0, 100.0))
        self.assertAlmostEqual(trade["pnl"], -500.0, places=9)
        self.assertEqual(trade["exit_reason"], "stop_loss")
        self.assertEqual([(o["rule_id"], o["order_type"], o["status"]) for o in r["order_list"]],
                         [("enter", "market", "filled"), ("enter", "stop", "filled")])
        self.assertEqual(r["order_list"][1]["exit_reason"], "stop_loss")
        self.assertNotIn("exit_reason", r["order_list"][0])
        self.assertAlmostEqual(r["final_equity"], 9500.0, places=9)

    def test_a_gap_through_the_stop_fills_at_the_open(self):
        r = run("exits: { stop_loss: { percent: 5 } }\nrules:" + BUY_ON_1,
                self.BARS + [(93, 94, 90, 92, 0)])
        self.assertEqual((r["trades"][0]["exit_price"], r["trades"][0]["exit_reason"]), (93.0, "stop_loss"))
        self.assertAlmostEqual(r["trades"][0]["pnl"], -700.0, places=9)

    def test_stop_and_target_inside_one_bar_the_stop_fills(self):
        r = run("exits: { stop_loss: { percent: 5 }, take_profit: { percent: 10 } }\nrules:" + BUY_ON_1,
                self.BARS + [(100, 111, 94, 105, 0)])
        self.assertEqual((r["trades"][0]["exit_price"], r["trades"][0]["exit_reason"]), (95.0, "stop_loss"))
        # the target's leg is canceled with the position
        self.assertEqual([(o["rule_id"], o["order_type"], o["status"]) for o in r["order_list"]],
                         [("enter", "market", "filled"), ("enter", "stop", "filled"),
                          ("enter", "limit", "canceled")])

    def test_target_at_the_level_and_at_a_gap_open(self):
        exits = "exits: { stop_loss: { percent: 5 }, take_profit: { percent: 10 } }\nrules:"
        inside = run(exits + BUY_ON_1, self.BARS + [(101, 111, 100, 105, 0)])
        self.assertAlmostEqual(inside["trades"][0]["exit_price"], 110.0, places=9)  # 100 x 1.1
        self.assertEqual(inside["trades"][0]["exit_reason"], "take_profit")
        gap = run(exits + BUY_ON_1, self.BARS + [(112, 115, 90, 113, 0)])
        self.assertEqual((gap["trades"][0]["exit_price"], gap["trades"][0]["exit_reason"]), (112.0, "take_profit"))

    def test_exits_are_active_on_the_fill_bar(self):
        r = run("exits: { stop_loss: { percent: 5 } }\nrules:" + BUY_ON_1,
                [(100, 100, 100, 100, 1), (100, 101, 94, 95, 0), (95, 95, 95, 95, 0)])
        self.assertEqual((r["trades"][0]["exit_date"], r["trades"][0]["exit_price"]), (date(1), 95.0))

    def test_a_rules_own_exits_replace_the_strategys(self):
        strategy = ("exits: { stop_loss: { percent: 5 } }\nrules:" + BUY_ON_1 +
                    "    exits: { take_profit: { percent: 3 } }\n")
        r = run(strategy, self.BARS + [(101, 101, 94, 96, 0), (96, 104, 96, 100, 0)])
        # no stop at 95 any more: the low of 94 does nothing; the target 103 fills on bar 3
        self.assertEqual((r["trades"][0]["exit_date"], r["trades"][0]["exit_price"], r["trades"][0]["exit_reason"]),
                         (date(3), 103.0, "take_profit"))

    def test_price_levels_are_the_expression_at_the_decision_close(self):
        strategy = "exits: { stop_loss: { price: \"low - 3\" }, take_profit: { price: \"close * 1.2\" } }\nrules:" + BUY_ON_1
        # decided at bar 0: stop 100 - 3 = 97, target 120; bar 2's low 96.5 reaches 97
        r = run(strategy, self.BARS + [(100, 100, 96.5, 98, 0)])
        self.assertEqual((r["trades"][0]["exit_price"], r["trades"][0]["exit_reason"]), (97.0, "stop_loss"))

    def test_slippage_and_commission_apply_to_the_stop_fill(self):
        r = run("exits: { stop_loss: { percent: 5 } }\nrules:" + BUY_ON_1, self.BARS + [(101, 101, 94, 96, 0)],
                args=["--slippage-bps", "10", "--commission-per-share", "0.01", "--commission-min", "1"])
        trade = r["trades"][0]
        # buy at 100 x 1.001 = 100.1: 99 shares (10,000 / 100.1 = 99.9), commission max(1, 0.99) = 1;
        # stop = 100.1 x 0.95 = 95.095, sold at 95.095 x 0.999 = 94.999905, commission 1
        self.assertEqual(trade["qty"], 99.0)
        self.assertAlmostEqual(trade["entry_price"], 100.1, places=9)
        self.assertAlmostEqual(trade["exit_price"], 94.999905, places=9)
        self.assertAlmostEqual(trade["pnl"], 99 * (94.999905 - 100.1) - 2, places=6)
        self.assertAlmostEqual(r["commissions"], 2.0, places=9)


class TrailingStopAndMaxBars(unittest.TestCase):
    def test_trailing_stop_follows_the_highest_high(self):
        bars = [(100, 100, 100, 100, 1),
                (100, 105, 99, 104, 0),   # fill at 100; level on the fill bar 100 x 0.9 = 90; the high raises it to 105
                (104, 120, 100, 118, 0),  # level 105 x 0.9 = 94.5: low 100 is above
                (115, 116, 107, 110, 0),  # level 120 x 0.9 = 108: low 107 reaches it
                (110, 110, 110, 110, 0)]
        r = run("exits: { stop_loss: { percent: 5 }, trailing_stop: { percent: 10 } }\nrules:" + BUY_ON_1, bars)
        trade = r["trades"][0]
        self.assertEqual((trade["exit_date"], trade["exit_reason"]), (date(3), "trailing_stop"))
        self.assertAlmostEqual(trade["exit_price"], 108.0, places=9)
        self.assertAlmostEqual(trade["pnl"], 800.0, places=6)
        self.assertEqual([(o["rule_id"], o["order_type"], o["status"]) for o in r["order_list"]][1:],
                         [("enter", "stop", "canceled"), ("enter", "trailing_stop", "filled")])

    def test_the_stop_loss_is_the_tighter_stop_until_the_trail_passes_it(self):
        bars = [(100, 100, 100, 100, 1), (100, 101, 96, 100, 0), (100, 100, 94, 95, 0)]
        # trail 10 %: 90 on the fill bar, 101 x 0.9 = 90.9 on bar 2; the stop loss at 95 is higher
        r = run("exits: { stop_loss: { percent: 5 }, trailing_stop: { percent: 10 } }\nrules:" + BUY_ON_1, bars)
        self.assertEqual((r["trades"][0]["exit_price"], r["trades"][0]["exit_reason"]), (95.0, "stop_loss"))

    def test_max_bars_sells_at_the_next_open_after_the_nth_close(self):
        bars = [(100, 100, 100, 100, 1), (100, 101, 99, 100, 0), (100, 101, 99, 100, 0),
                (100, 101, 99, 100, 0), (103, 104, 102, 103, 0), (104, 104, 104, 104, 0)]
        r = run("exits: { max_bars: 3 }\nrules:" + BUY_ON_1, bars)
        # fill on bar 1 (bars_held 1 at its close), 3 at the close of bar 3: sold at bar 4's open
        trade = r["trades"][0]
        self.assertEqual((trade["exit_date"], trade["exit_price"], trade["exit_reason"]), (date(4), 103.0, "max_bars"))
        self.assertEqual([(o["rule_id"], o["decided_at"], o["order_type"], o.get("exit_reason")) for o in r["order_list"]],
                         [("enter", date(0), "market", None), ("enter", date(3), "market", "max_bars")])

    def test_a_sell_rule_on_the_nth_close_is_the_only_sell(self):
        strategy = ("exits: { max_bars: 2 }\nrules:" + BUY_ON_1 +
                    "  - id: leave\n    when: volume == 2\n    action: sell_all\n")
        bars = [(100, 100, 100, 100, 1), (100, 101, 99, 100, 0), (100, 101, 99, 100, 2), (101, 101, 101, 101, 0)]
        r = run(strategy, bars)
        self.assertEqual([o["rule_id"] for o in r["order_list"]], ["enter", "leave"])
        self.assertEqual(r["trades"][0]["exit_reason"], "leave")


class PositionValues(unittest.TestCase):
    def test_values_of_the_open_position(self):
        strategy = ("rules:" + BUY_ON_1 +
                    "  - id: take\n    when: unrealized_pct > 4 and bars_held >= 2 and highest_since_entry >= 106"
                    " and lowest_since_entry < 99.5 and entry_price == 100\n    action: sell_all\n")
        bars = [(100, 100, 100, 100, 1),
                (100, 106, 99, 105, 0),    # unrealized 5 %, but bars_held is 1
                (105, 105, 104, 104.5, 0),  # 4.5 %, bars_held 2, highest 106, lowest 99: sell
                (104, 104, 104, 104, 0)]
        r = run(strategy, bars)
        self.assertEqual([(o["rule_id"], o["decided_at"]) for o in r["order_list"]], [("enter", date(0)), ("take", date(2))])

    def test_with_no_position_a_comparison_reading_them_is_false(self):
        strategy = ("rules:\n  - id: never\n    when: entry_price > 0 or bars_held < 1 or unrealized_pct < 1000\n"
                    "    action: buy\n    size: { shares: 1 }\n")
        r = run(strategy, [(100, 100, 100, 100, 0)] * 3)
        self.assertEqual(r["order_list"], [])


class EntryOrderTypes(unittest.TestCase):
    def test_day_limit_expires_then_fills_at_the_limit(self):
        strategy = "rules:" + BUY_ON_1 + "    order: { type: limit, limit: \"close * 0.98\", time_in_force: day }\n"
        bars = [(100, 100, 100, 100, 1),
                (99, 100, 98.5, 99, 1),    # limit 98 not reached: expires; decides again, limit 99 x 0.98 = 97.02
                (98, 99, 96, 97, 0),       # low 96 reaches 97.02: min(98, 97.02)
                (97, 97, 97, 97, 0)]
        r = run(strategy, bars)
        self.assertEqual([(o["order_type"], o["status"]) for o in r["order_list"]], [("limit", "canceled"), ("limit", "filled")])
        filled = r["order_list"][1]
        self.assertAlmostEqual(filled["limit_price"], 97.02, places=9)
        self.assertAlmostEqual(filled["fill_price"], 97.02, places=9)
        self.assertEqual((filled["filled_at"], filled["fill_qty"]), (date(2), 103.0))  # floor(10,000 / 97.02)

    def test_limit_buy_opening_below_the_limit_fills_at_the_open(self):
        strategy = "rules:" + BUY_ON_1 + "    order: { type: limit, limit: \"close * 0.98\" }\n"
        r = run(strategy, [(100, 100, 100, 100, 1), (95, 97, 94, 96, 0), (96, 96, 96, 96, 0)])
        self.assertEqual(r["order_list"][0]["fill_price"], 95.0)

    def test_limit_entry_exits_check_the_rest_of_the_fill_bar(self):
        strategy = ("exits: { stop_loss: { percent: 2 } }\nrules:" + BUY_ON_1 +
                    "    order: { type: limit, limit: \"close * 0.98\" }\n")
        r = run(strategy, [(100, 100, 100, 100, 1), (99, 99.5, 95, 96, 0), (96, 96, 96, 96, 0)])
        # filled at 98 (102 shares: 10,000 / 98 = 102.04), stop 98 x 0.98 = 96.04, low 95 reaches it on the same bar
        trade = r["trades"][0]
        self.assertEqual((trade["qty"], trade["entry_date"], trade["exit_date"], trade["exit_reason"]), (102.0, date(1), date(1), "stop_loss"))
        self.assertAlmostEqual(trade["exit_price"], 96.04, places=9)

    def test_gtc_stop_rests_for_expire_bars(self):
        order = "    order: { type: stop, stop: \"high + 1\", time_in_force: gtc, expire_bars: %d }\n"
        bars = [(100, 100, 100, 100, 1), (100, 100.5, 99, 100, 0), (100, 102, 99, 101, 0), (101, 101, 101, 101, 0)]
        two = run("rules:" + BUY_ON_1 + order % 2, bars)
        # stop 101: bar 1's high 100.5 does not reach it; bar 2's 102 does: max(100, 101)
        self.assertEqual((two["order_list"][0]["status"], two["order_list"][0]["fill_price"], two["order_list"][0]["filled_at"]),
                         ("filled", 101.0, date(2)))
        one = run("rules:" + BUY_ON_1 + order % 1, bars)
        self.assertEqual(one["order_list"][0]["status"], "canceled")

    def test_stop_limit_needs_both_the_stop_and_the_limit(self):
        strategy = ("rules:" + BUY_ON_1 +
                    "    order: { type: stop_limit, stop: \"close + 1\", limit: \"close + 1.5\", time_in_force: gtc }\n")
        bars = [(100, 100, 100, 100, 1),
                (102, 103, 101.8, 102, 0),  # stop 101 reached, but the low 101.8 is above the limit 101.5
                (100, 102, 100, 101, 0),    # both: min(max(100, 101), 101.5) = 101
                (101, 101, 101, 101, 0)]
        r = run(strategy, bars)
        self.assertEqual((r["order_list"][0]["fill_price"], r["order_list"][0]["filled_at"]), (101.0, date(2)))

    def test_a_rule_firing_while_an_order_rests_places_nothing(self):
        strategy = "rules:" + BUY_ON_1 + "    order: { type: limit, limit: \"close * 0.9\", time_in_force: gtc }\n"
        r = run(strategy, [(100, 100, 100, 100, 1), (100, 100, 99, 100, 1), (100, 100, 99, 100, 1)])
        self.assertEqual([o["status"] for o in r["order_list"]], ["unfilled"])

    def test_a_sell_rule_with_a_limit(self):
        strategy = ("rules:" + BUY_ON_1 + "  - id: out\n    when: volume == 2\n    action: sell_all\n"
                    "    order: { type: limit, limit: \"close * 1.05\" }\n")
        bars = [(100, 100, 100, 100, 1), (100, 100, 100, 100, 2), (104, 106, 103, 105, 0), (105, 105, 105, 105, 0)]
        r = run(strategy, bars)
        self.assertEqual((r["trades"][0]["exit_price"], r["trades"][0]["exit_reason"]), (105.0, "out"))


class Policy(unittest.TestCase):
    def test_a_blocked_leg_is_not_active(self):
        policy = "rules:\n  - id: low-sells\n    when: side == \"sell\" and price < 96\n    outcome: block\n    reason: no\n"
        bars = StopLossAndTakeProfit.BARS + [(101, 101, 94, 96, 0), (96, 97, 95, 96, 0)]
        r = run("exits: { stop_loss: { percent: 5 } }\nrules:" + BUY_ON_1, bars, policy=policy)
        self.assertEqual([(o["rule_id"], o["outcome"], o["status"]) for o in r["order_list"]],
                         [("enter", "allow", "filled"), ("enter", "block", "blocked")])
        self.assertEqual(r["trades"], [])
        self.assertEqual(r["violations"]["low-sells"], {"block": 1, "needs_approval": 0})

    def test_a_resting_entry_is_judged_at_its_limit(self):
        policy = ("rules:\n  - id: dear-limits\n    when: order_type == \"limit\" and limit_price > 97.5\n"
                  "    outcome: block\n    reason: no\n")
        strategy = "rules:" + BUY_ON_1 + "    order: { type: limit, limit: \"close * 0.98\" }\n"
        bars = [(100, 100, 100, 100, 1), (99, 100, 98.5, 99, 1), (98, 99, 96, 97, 0)]
        r = run(strategy, bars, policy=policy)
        # 98 is blocked (nothing rests), 97.02 passes and fills
        self.assertEqual([(o["outcome"], o["status"]) for o in r["order_list"]], [("block", "blocked"), ("allow", "filled")])


if __name__ == "__main__":
    unittest.main()
