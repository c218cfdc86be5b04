#!/usr/bin/env python3
"""An independent reference backtester for algobot (python3, standard library only).

It implements the fill and accounting model of docs/BACKTEST.md the slow, obvious way, so
that tests can compare its numbers with the Swift engine's. It shares no code with the
engine: its own YAML subset reader, expression parser, indicators (full-window sums every
bar, EMA seeded with the SMA of the first n, Wilder RSI), portfolio and policy.

    python3 scripts/reference_backtest.py STRATEGY [--policy F] [--data P] [--from D] [--to D]
        [--cash N] [--commission-per-share X] [--commission-min X] [--commission-pct X]
        [--slippage-bps X] [--fractional] [--approve-all] [--borrow-fee-pct P] [--benchmark SYM]

Prints one JSON document on stdout with unrounded figures (Python floats, written exactly).

Supported (enough for the tests; anything else is refused with a message):
- daily CSV files `date,open,high,low,close,volume` (a file, or a folder of SYMBOL.csv);
- strategy expressions: numbers, params, open/high/low/close/volume, the calendar values
  day_of_week/day_of_month/month/hour/minute (the bar's start in New York time, worked out with
  zoneinfo: a daily bar starts at 00:00 of its date), another symbol's field SYMBOL.field
  (its bars read from the same data; an expression of one other symbol alone, like
  sma(SPY.close, 200), is computed over that symbol's own days and then looked up by date, and
  a day that symbol has no bar on has no value), x[n], + - * /, unary -,
  sma/ema/rsi/highest/lowest, crosses_above/crosses_below, < <= > >= == !=, and/or/not, and
  the account values position/position_value/equity/cash (directly, not inside indicators);
- policy: the four built-in limits and user rules over the order's figures
  (qty, notional, price, position, position_after, position_value_after,
  gross_exposure_after, drawdown_today, equity, cash, reduces_position, side, symbol, action,
  order_type, limit_price, stop_price; a price an order does not have is a missing figure, so a
  rule reading it blocks, as any rule that cannot be evaluated).
- exits and order types (issue 14 and its fill model in docs/BACKTEST.md):
  `exits:` at the strategy level or a rule's own (which replaces the strategy's as a whole):
  `stop_loss` / `take_profit` `{ percent: P }` (from entry_price) or `{ price: "<expr>" }` (the
  value at the close of the entry decision), `trailing_stop: { percent: P }`, `max_bars: N`;
  a rule's `order: { type: market|limit|stop|stop_limit, limit: "<expr>", stop: "<expr>",
  time_in_force: day|gtc, expire_bars: N }`; the values of the open position entry_price,
  bars_held, unrealized_pct, highest_since_entry, lowest_since_entry (with no position they
  have no value and a comparison reading one is false).
  On a bar, per symbol in strategy order: (a) market orders decided at the last close fill at
  the open; (b) the resting order (at most one per symbol) is checked against the bar, and a
  day order (its one bar) or a gtc order (its expire_bars-th bar) that did not fill expires;
  (c) the exits of the open position: stop = the higher of stop loss and trailing stop (a tie
  is the stop loss); the open through the stop, the open through the target, the low reaching
  the stop, the high reaching the target, in that order; (d) the close: the rules, then a
  max_bars market sell when bars_held == N and no sell rule fired. Each exit leg is an order
  judged by the policy when the opening entry fills (stop_loss: stop, take_profit: limit,
  trailing_stop: trailing_stop, at its level then); a leg the policy does not allow is not
  active; exit orders carry the id of the rule whose exits they are (`exit_reason` names the
  exit). Statuses beyond the market ones: `canceled` (a resting order whose time ran out, note
  "expired unfilled", or a leg whose position another fill closed), `unfilled` (still resting
  or active at the end of the data).

- shorts (issue 15, docs/RULES.md "Short selling" and "Reversals", docs/BACKTEST.md sections 2, 3
  and 8): actions sell_short / buy_to_cover (with a size) and cover_all; whole shares for shorts,
  proceeds to cash, equity = cash + shares x close with shares below zero; sell_short while long
  first decides a market sell_all, buy while short a market cover_all, and the rule's own order
  (sized as from flat) only when that one is allowed; exits mirrored for a short (stop above,
  target below, trailing stop from the lowest low; an exit is a cover_all), unrealized_pct
  positive when the short gains; the policy's max_short_notional (absent means 0: every short is
  blocked) on the short left after the order; `--borrow-fee-pct P`: each daily bar's close, shares
  short x close x P / 100 / 252, from cash and into the trade's pnl. Trades carry `side`
  (long / short); the report adds `borrow_fees` and `trades_by_side`.

Output beyond docs/BACKTEST.md's figures: `trades[].exit_reason` (the closing rule's id, or
stop_loss / take_profit / trailing_stop / max_bars), `order_list[].order_type`, `limit_price`,
`stop_price`, `exit_reason` (exit orders only), and `exit_reasons` (closed trades per reason).
"""

import argparse
import datetime
import json
import math
import os
import re
import sys
import zoneinfo

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


def fail(message):
    sys.stderr.write("reference_backtest.py: " + message + "\n")
    sys.exit(2)


# ---------------------------------------------------------------- YAML (a small subset)

def strip_comment(line):
    quote = None
    for i, ch in enumerate(line):
        if quote:
            if ch == quote:
                quote = None
        elif ch in "\"'":
            quote = ch
        elif ch == "#" and (i == 0 or line[i - 1] in " \t"):
            return line[:i].rstrip()
    return line.rstrip()


def split_top(text, sep):
    """Splits on `sep` outside brackets and quotes."""
    parts, depth, quote, current = [], 0, None, ""
    for ch in text:
        if quote:
            quote = None if ch == quote else quote
        elif ch in "\"'":
            quote = ch
        elif ch in "[{(":
            depth += 1
        elif ch in "]})":
            depth -= 1
        elif ch == sep and depth == 0:
            parts.append(current)
            current = ""
            continue
        current += ch
    parts.append(current)
    return parts


def scalar(text):
    text = text.strip()
    if text.startswith("[") and text.endswith("]"):
        inner = text[1:-1].strip()
        return [scalar(p) for p in split_top(inner, ",")] if inner else []
    if text.startswith("{") and text.endswith("}"):
        inner = text[1:-1].strip()
        result = {}
        for part in split_top(inner, ",") if inner else []:
            key, _, value = part.partition(":")
            result[key.strip()] = scalar(value)
        return result
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1]
    if text in ("true", "false"):
        return text == "true"
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        return text


def parse_yaml(path):
    lines = []
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = strip_comment(raw.rstrip("\n"))
            if line.strip():
                lines.append((len(line) - len(line.lstrip(" ")), line.strip()))
    value, end = parse_block(lines, 0, 0)
    if end != len(lines):
        fail("%s: cannot read line '%s' (only a simple YAML subset is supported)" % (path, lines[end][1]))
    return value


def parse_block(lines, i, indent):
    if i < len(lines) and lines[i][1].startswith("- "):
        items = []
        while i < len(lines) and lines[i][0] == indent and lines[i][1].startswith("- "):
            # "- key: value" opens a mapping whose keys sit two columns further in.
            inner = [(indent + 2, lines[i][1][2:])]
            j = i + 1
            while j < len(lines) and lines[j][0] > indent:
                inner.append(lines[j])
                j += 1
            item, _ = parse_block(inner, 0, indent + 2) if ":" in inner[0][1] else (scalar(inner[0][1]), 1)
            items.append(item)
            i = j
        return items, i
    mapping = {}
    while i < len(lines) and lines[i][0] == indent:
        key, _, rest = lines[i][1].partition(":")
        rest = rest.strip()
        if rest:
            mapping[key.strip()] = scalar(rest)
            i += 1
        else:
            child_indent = lines[i + 1][0] if i + 1 < len(lines) else indent
            if child_indent <= indent and not (i + 1 < len(lines) and lines[i + 1][1].startswith("- ")):
                mapping[key.strip()] = None
                i += 1
            else:
                mapping[key.strip()], i = parse_block(lines, i + 1, child_indent)
    return mapping, i


# ---------------------------------------------------------------- expressions

TOKEN = re.compile(r"\s*(?:(\d+\.\d*|\d*\.\d+|\d+)|([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)|(\"[^\"]*\")|(<=|>=|==|!=|[<>+\-*/(),\[\]]))")


def tokenize(text):
    tokens, pos = [], 0
    text = text.rstrip()
    while pos < len(text):
        m = TOKEN.match(text, pos)
        if not m:
            fail("cannot read expression at '%s'" % text[pos:])
        number, name, string, op = m.groups()
        if number is not None:
            tokens.append(("num", float(number)))
        elif name is not None:
            tokens.append(("kw", name) if name in ("and", "or", "not") else ("name", name))
        elif string is not None:
            tokens.append(("str", string[1:-1]))
        else:
            tokens.append(("op", op))
        pos = m.end()
    tokens.append(("end", None))
    return tokens


class Parser:
    """Recursive descent: or < and < not < comparison < + - < * / < unary - < call, x[n]."""

    def __init__(self, text):
        self.tokens = tokenize(text)
        self.i = 0

    def peek(self):
        return self.tokens[self.i]

    def take(self):
        token = self.tokens[self.i]
        self.i += 1
        return token

    def expect(self, op):
        token = self.take()
        if token != ("op", op):
            fail("expected '%s', found %r" % (op, token))

    def parse(self):
        node = self.or_()
        if self.peek()[0] != "end":
            fail("unexpected %r" % (self.peek(),))
        return node

    def or_(self):
        node = self.and_()
        while self.peek() == ("kw", "or"):
            self.take()
            node = ("or", node, self.and_())
        return node

    def and_(self):
        node = self.not_()
        while self.peek() == ("kw", "and"):
            self.take()
            node = ("and", node, self.not_())
        return node

    def not_(self):
        if self.peek() == ("kw", "not"):
            self.take()
            return ("not", self.not_())
        return self.comparison()

    def comparison(self):
        node = self.sum_()
        kind, value = self.peek()
        if kind == "op" and value in ("<", "<=", ">", ">=", "==", "!="):
            self.take()
            node = ("cmp", value, node, self.sum_())
        return node

    def sum_(self):
        node = self.product()
        while self.peek() in (("op", "+"), ("op", "-")):
            node = ("arith", self.take()[1], node, self.product())
        return node

    def product(self):
        node = self.unary()
        while self.peek() in (("op", "*"), ("op", "/")):
            node = ("arith", self.take()[1], node, self.unary())
        return node

    def unary(self):
        if self.peek() == ("op", "-"):
            self.take()
            return ("neg", self.unary())
        node = self.primary()
        while self.peek() == ("op", "["):
            self.take()
            kind, n = self.take()
            if kind != "num":
                fail("x[n] needs a number")
            self.expect("]")
            node = ("lag", node, int(n))
        return node

    def primary(self):
        kind, value = self.take()
        if kind in ("num", "str"):
            return (kind, value)
        if kind == "op" and value == "(":
            node = self.or_()
            self.expect(")")
            return node
        if kind == "name":
            if self.peek() == ("op", "("):
                self.take()
                args = [self.or_()]
                while self.peek() == ("op", ","):
                    self.take()
                    args.append(self.or_())
                self.expect(")")
                return ("call", value, args)
            return ("name", value)
        fail("unexpected %r in expression" % ((kind, value),))


# ---------------------------------------------------------------- indicators, the slow way

def sma_series(x, n):
    out = [None] * len(x)
    for t in range(n - 1, len(x)):
        window = x[t - n + 1:t + 1]
        if any(v is None for v in window):
            continue
        total = 0.0
        for v in window:
            total += v
        out[t] = total / n
    return out


def ema_series(x, n):
    out = [None] * len(x)
    defined = [t for t, v in enumerate(x) if v is not None]
    if len(defined) < n:
        return out
    first = defined[n - 1]
    total = 0.0
    for t in defined[:n]:
        total += x[t]
    value = total / n
    out[first] = value
    alpha = 2.0 / (n + 1)
    for t in range(first + 1, len(x)):
        value = alpha * x[t] + (1 - alpha) * value
        out[t] = value
    return out


def rsi_series(x, n):
    """Wilder: the first averages are simple means of the first n changes, then smoothed."""
    out = [None] * len(x)
    defined = [t for t, v in enumerate(x) if v is not None]
    if len(defined) < n + 1:
        return out
    start = defined[0]
    gains, losses = [], []
    avg_gain = avg_loss = None
    for t in range(start + 1, len(x)):
        change = x[t] - x[t - 1]
        gain = change if change > 0 else 0.0
        loss = -change if change < 0 else 0.0
        if len(gains) < n:
            gains.append(gain)
            losses.append(loss)
            if len(gains) < n:
                continue
            sum_gain = sum_loss = 0.0
            for g in gains:
                sum_gain += g
            for l in losses:
                sum_loss += l
            avg_gain, avg_loss = sum_gain / n, sum_loss / n
        else:
            avg_gain = (avg_gain * (n - 1) + gain) / n
            avg_loss = (avg_loss * (n - 1) + loss) / n
        if avg_loss == 0:
            out[t] = 50.0 if avg_gain == 0 else 100.0
        else:
            out[t] = 100 - 100 / (1 + avg_gain / avg_loss)
    return out


def extreme_series(x, n, pick):
    out = [None] * len(x)
    for t in range(n - 1, len(x)):
        window = x[t - n + 1:t + 1]
        if all(v is not None for v in window):
            out[t] = pick(window)
    return out


class _NoValue:
    def __repr__(self):
        return "no value"


NO_VALUE = _NoValue()  # a position value (entry_price, bars_held, ...) read while flat


def bar_start(date):
    """A daily bar's start on the New York clock: its trading date at 00:00 there."""
    y, m, d = (int(x) for x in date.split("-"))
    return datetime.datetime(y, m, d, 0, 0, tzinfo=NEW_YORK)


# ISO weekday: 1 = Monday ... 7 = Sunday.
CALENDAR = {
    "day_of_week": lambda t: float(t.isoweekday()),
    "day_of_month": lambda t: float(t.day),
    "month": lambda t: float(t.month),
    "hour": lambda t: float(t.hour),
    "minute": lambda t: float(t.minute),
}


def only_symbol(node, params):
    """The other symbol a numeric node reads, when it reads nothing else (numbers and params aside)."""
    found = set()

    def walk(n):
        kind = n[0]
        if kind == "name":
            if "." in n[1]:
                found.add(n[1].rsplit(".", 1)[0])
                return True
            return n[1] in params
        if kind == "num":
            return True
        if kind == "call":
            return all(walk(a) for a in n[2])
        if kind in ("neg", "lag"):
            return walk(n[1])
        if kind == "arith":
            return walk(n[2]) and walk(n[3])
        return False

    return found.pop() if walk(node) and len(found) == 1 else None


def strip_symbol(node):
    """The node with SYMBOL.field written as field."""
    if not isinstance(node, tuple):
        return node
    if node[0] == "name" and "." in node[1]:
        return ("name", node[1].rsplit(".", 1)[1])
    if node[0] == "call":
        return ("call", node[1], [strip_symbol(a) for a in node[2]])
    return tuple(strip_symbol(p) if isinstance(p, tuple) else p for p in node)


class StrategySeries:
    """Every value of an expression on every bar of one symbol (None while undefined)."""

    FIELDS = ("open", "high", "low", "close", "volume")

    def __init__(self, bars, params, references=None):
        self.bars = bars
        self.params = params
        self.references = references or {}  # symbol -> bars, for SYMBOL.field
        self.memo = {}
        self.by_node = {}  # id(node) -> (node, series); the node is kept so its id stays unique

    def number(self, node):
        key = repr(node)
        if key in self.memo:
            return self.memo[key]
        count = len(self.bars["close"])
        kind = node[0]
        symbol = only_symbol(node, self.params)
        if symbol is not None:
            # Over the other symbol's own days, then by date: None where it has no bar.
            if symbol not in self.references:
                fail("no data for %s" % symbol)
            other = self.references[symbol]
            own = StrategySeries(other, self.params).number(strip_symbol(node))
            by_date = dict(zip(other["date"], own))
            result = [by_date.get(d) for d in self.bars["date"]]
            self.memo[key] = result
            return result
        if kind == "num":
            result = [node[1]] * count
        elif kind == "name":
            name = node[1]
            if name in self.FIELDS:
                result = list(self.bars[name])
            elif name in self.params:
                result = [float(self.params[name])] * count
            elif name in CALENDAR:
                result = [CALENDAR[name](bar_start(d)) for d in self.bars["date"]]
            else:
                fail("unknown name '%s' (the reference supports bar fields and params)" % name)
        elif kind == "neg":
            result = [None if v is None else -v for v in self.number(node[1])]
        elif kind == "arith":
            a, b = self.number(node[2]), self.number(node[3])
            op = node[1]
            result = [None if x is None or y is None else
                      (x + y if op == "+" else x - y if op == "-" else x * y if op == "*" else x / y)
                      for x, y in zip(a, b)]
        elif kind == "lag":
            x, n = self.number(node[1]), node[2]
            result = [x[t - n] if t >= n else None for t in range(count)]
        elif kind == "call" and node[1] in ("sma", "ema", "rsi", "highest", "lowest"):
            x, n = self.number(node[2][0]), int(self.constant(node[2][1]))
            f = {"sma": sma_series, "ema": ema_series, "rsi": rsi_series,
                 "highest": lambda s, k: extreme_series(s, k, max), "lowest": lambda s, k: extreme_series(s, k, min)}[node[1]]
            result = f(x, n)
        else:
            fail("unsupported numeric expression %r" % (node,))
        self.memo[key] = result
        return result

    def constant(self, node):
        values = self.number(node)
        return values[0]

    # The values of the open position (issue 14) are account values too; with no position they
    # are NO_VALUE, and a comparison reading one is false.
    POSITION_VALUES = ("entry_price", "bars_held", "unrealized_pct", "highest_since_entry", "lowest_since_entry")
    ACCOUNT = ("position", "position_value", "equity", "cash") + POSITION_VALUES

    def uses_account(self, node):
        if node[0] == "name":
            return node[1] in self.ACCOUNT
        parts = node[2] if node[0] == "call" else node[1:]
        return any(isinstance(p, tuple) and self.uses_account(p) for p in parts)

    def series_of(self, node):
        """The whole series of a node that does not read the account (None if it does); by node identity, for speed."""
        key = id(node)
        if key not in self.by_node:
            self.by_node[key] = (node, None if self.uses_account(node) else self.number(node))
        return self.by_node[key][1]

    def value(self, node, t, account):
        """A number on bar t; the account values (as of the bar's close) are read from `account`."""
        series = self.series_of(node)
        if series is not None:
            return series[t]
        kind = node[0]
        if kind == "name":
            return account[node[1]]
        if kind == "neg":
            v = self.value(node[1], t, account)
            return v if v is None or v is NO_VALUE else -v
        if kind == "arith":
            x, y = self.value(node[2], t, account), self.value(node[3], t, account)
            if x is None or y is None:
                return None
            if x is NO_VALUE or y is NO_VALUE:
                return NO_VALUE
            return {"+": lambda: x + y, "-": lambda: x - y, "*": lambda: x * y, "/": lambda: x / y}[node[1]]()
        fail("the reference reads position, position_value, equity and cash only directly, not inside indicators, x[n] or crosses")

    def holds(self, node, t, account):
        """True/False on bar t, None where a value it needs is not defined yet (warm-up)."""
        kind = node[0]
        if kind == "cmp":
            x, y = self.value(node[2], t, account), self.value(node[3], t, account)
            if x is None or y is None:
                return None
            return False if x is NO_VALUE or y is NO_VALUE else compare(node[1], x, y)
        if kind == "call" and node[1] in ("crosses_above", "crosses_below"):
            if self.uses_account(node):
                fail("the reference does not support crosses of account values")
            a, b = self.series_of(node[2][0]), self.series_of(node[2][1])
            if t < 1 or None in (a[t], b[t], a[t - 1], b[t - 1]):
                return None
            if node[1] == "crosses_above":
                return a[t - 1] <= b[t - 1] and a[t] > b[t]
            return a[t - 1] >= b[t - 1] and a[t] < b[t]
        if kind in ("and", "or"):
            x, y = self.holds(node[1], t, account), self.holds(node[2], t, account)
            if x is None or y is None:
                return None
            return (x and y) if kind == "and" else (x or y)
        if kind == "not":
            x = self.holds(node[1], t, account)
            return None if x is None else not x
        fail("unsupported condition %r" % (node,))


def compare(op, x, y):
    return {"<": x < y, "<=": x <= y, ">": x > y, ">=": x >= y, "==": x == y, "!=": x != y}[op]


# ---------------------------------------------------------------- policy

LIMIT_IDS = ["max_position_per_symbol", "max_gross_notional", "daily_max_drawdown", "approval_threshold",
             "max_short_notional"]


class Policy:
    def __init__(self, doc):
        limits = (doc or {}).get("limits") or {}
        position = limits.get("max_position_per_symbol") or {}
        self.position_notional = position.get("notional")
        self.position_percent = position.get("percent_of_equity")
        self.gross = limits.get("max_gross_notional")
        self.drawdown = (limits.get("daily_max_drawdown") or {}).get("percent")
        self.approval = (limits.get("approval_threshold") or {}).get("notional")
        # absent is not "no limit": shorting is off (0 dollars) until the policy says otherwise
        self.short = limits.get("max_short_notional")
        self.rules = [(r["id"], Parser(str(r["when"])).parse(), r["outcome"]) for r in (doc or {}).get("rules") or []]
        self.ids = LIMIT_IDS + [rule[0] for rule in self.rules]
        # rule id -> {"block": n, "needs_approval": n}: how often each rule held an order back
        self.violations = {i: {"block": 0, "needs_approval": 0} for i in self.ids}

    def decide(self, order):
        """allow / needs_approval / block for an order's figures (a dict)."""
        results = []
        reducing = order["reduces_position"]

        def limit(configured, value, bound, passes, outcome):
            if not configured or reducing:
                return "allow"
            if bound is None or not math.isfinite(value) or not math.isfinite(bound):
                return "block"
            return "allow" if passes(value, bound) else outcome

        at_most = lambda v, b: v <= b + 1e-9
        position_bound = self.position_notional
        if position_bound is None and self.position_percent is not None:
            position_bound = order["equity"] * self.position_percent / 100
        configured = self.position_notional is not None or self.position_percent is not None
        results.append(limit(configured, order["position_value_after"], position_bound, at_most, "block"))
        results.append(limit(self.gross is not None, order["gross_exposure_after"], self.gross, at_most, "block"))
        results.append(limit(self.drawdown is not None, order["drawdown_today"], self.drawdown, lambda v, b: v < b, "block"))
        results.append(limit(self.approval is not None, order["notional"], self.approval, at_most, "needs_approval"))
        short_value = order["short_value_after"]
        results.append(limit(self.short is not None or short_value != 0, short_value,
                             self.short if self.short is not None else 0.0, at_most, "block"))
        for _, node, outcome in self.rules:
            fired = policy_condition(node, order)
            results.append("block" if fired is None else (outcome if fired else "allow"))
        for rule_id, result in zip(self.ids, results):
            if result != "allow":
                self.violations[rule_id][result] += 1
        for severe in ("block", "needs_approval"):
            if severe in results:
                return severe
        return "allow"


def policy_condition(node, order):
    kind = node[0]
    if kind == "name" and node[1] == "reduces_position":
        return order["reduces_position"]
    if kind in ("and", "or"):
        a, b = policy_condition(node[1], order), policy_condition(node[2], order)
        if a is None or b is None:
            return None
        return (a and b) if kind == "and" else (a or b)
    if kind == "not":
        a = policy_condition(node[1], order)
        return None if a is None else not a
    if kind == "cmp":
        if node[3][0] == "str" or node[2][0] == "str":
            name, text = (node[2][1], node[3][1]) if node[3][0] == "str" else (node[3][1], node[2][1])
            same = order[name] == text
            return same if node[1] == "==" else not same
        a, b = policy_number(node[2], order), policy_number(node[3], order)
        if math.isnan(a) or math.isnan(b):
            return None
        return compare(node[1], a, b)
    fail("unsupported policy condition %r" % (node,))


def policy_number(node, order):
    if node[0] == "num":
        return node[1]
    if node[0] == "name":
        return float(order[node[1]])
    if node[0] == "neg":
        return -policy_number(node[1], order)
    if node[0] == "arith":
        a, b = policy_number(node[2], order), policy_number(node[3], order)
        return {"+": a + b, "-": a - b, "*": a * b, "/": a / b if b != 0 else math.nan}[node[1]]
    fail("unsupported policy value %r" % (node,))


# ---------------------------------------------------------------- data

def load_csv(path):
    bars = {"date": [], "open": [], "high": [], "low": [], "close": [], "volume": []}
    with open(path, encoding="utf-8-sig") as f:
        header = f.readline().strip().split(",")
        if header[:6] != ["date", "open", "high", "low", "close", "volume"]:
            fail("%s: expected the header date,open,high,low,close,volume" % path)
        for line in f:
            if not line.strip():
                continue
            fields = line.strip().split(",")
            bars["date"].append(fields[0])
            for key, text in zip(("open", "high", "low", "close", "volume"), fields[1:6]):
                bars[key].append(float(text))
    return bars


def data_file(data, symbol):
    if os.path.isdir(data):
        path = os.path.join(data, symbol + ".csv")
        return path if os.path.exists(path) else None
    return data if os.path.splitext(os.path.basename(data))[0] == symbol else None


def until(bars, last):
    if last is None:
        return bars
    count = sum(1 for d in bars["date"] if d <= last)
    return {k: v[:count] for k, v in bars.items()}


# ---------------------------------------------------------------- the backtest

def estimated_qty(order):
    """Shares an order moves at its decision price (dollar sizes are divided by that price)."""
    return order["qty"] if order["qty"] is not None else order["notional"] / order["price"]


def floor_shares(q, fractional):
    """Whole shares (a count within 1e-9 of a whole number is that number), or 1e-6 shares."""
    if fractional:
        return math.floor((q + 1e-12) * 1_000_000) / 1_000_000
    return float(math.floor(q + 1e-9))


# ---------------------------------------------------------------- exits and order types (issue 14)

EXIT_KEYS = ("stop_loss", "take_profit", "trailing_stop", "max_bars")
LEG_REASONS = ("stop_loss", "take_profit", "trailing_stop")  # the exits that rest as orders, in placing order
ORDER_KEYS = ("type", "limit", "stop", "time_in_force", "expire_bars")
ORDER_TYPES = ("market", "limit", "stop", "stop_limit")


def percent(value, where):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < 100:
        fail("%s: percent must be a number above 0 and below 100, not %r" % (where, value))
    return float(value)


def parse_exits(doc, where):
    """`exits:` as {"stop_loss": ("percent", p) | ("price", tree), "take_profit": ..., "trailing_stop": p, "max_bars": n}."""
    if doc is None:
        return {}
    if not isinstance(doc, dict):
        fail("%s: exits must be a mapping" % where)
    spec = {}
    for key, value in doc.items():
        if key not in EXIT_KEYS:
            fail("%s: unknown exit '%s' (the reference supports %s)" % (where, key, ", ".join(EXIT_KEYS)))
        at = "%s.%s" % (where, key)
        if key == "max_bars":
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                fail("%s: a whole number of bars, at least 1, not %r" % (at, value))
            spec[key] = value
        elif not isinstance(value, dict) or len(value) != 1:
            fail("%s: expected { percent: N }%s" % (at, "" if key == "trailing_stop" else " or { price: \"<expression>\" }"))
        elif "percent" in value:
            spec[key] = percent(value["percent"], at) if key == "trailing_stop" else ("percent", percent(value["percent"], at))
        elif "price" in value and key != "trailing_stop":
            spec[key] = ("price", Parser(str(value["price"])).parse())
        else:
            fail("%s: unknown key %s" % (at, list(value)))
    return spec


def parse_order(doc, where):
    """A rule's `order:`; market when absent."""
    doc = doc or {}
    for key in doc:
        if key not in ORDER_KEYS:
            fail("%s: unknown key '%s' (the reference supports %s)" % (where, key, ", ".join(ORDER_KEYS)))
    kind = doc.get("type", "market")
    if kind not in ORDER_TYPES:
        fail("%s.type: '%s' is not one of %s" % (where, kind, ", ".join(ORDER_TYPES)))
    tif = doc.get("time_in_force", "day")
    if tif not in ("day", "gtc"):
        fail("%s.time_in_force: '%s' is not day or gtc" % (where, tif))
    expire = doc.get("expire_bars")
    if expire is not None and (tif != "gtc" or isinstance(expire, bool) or not isinstance(expire, int) or expire < 1):
        fail("%s.expire_bars: a whole number of bars, at least 1, with time_in_force: gtc" % where)
    needs_limit, needs_stop = kind in ("limit", "stop_limit"), kind in ("stop", "stop_limit")
    if needs_limit != ("limit" in doc) or needs_stop != ("stop" in doc):
        fail("%s: type %s takes %s" % (where, kind, " and ".join(k for k, n in (("limit", needs_limit), ("stop", needs_stop)) if n) or "no prices"))
    return {"type": kind, "tif": tif, "expire_bars": expire,
            "limit": Parser(str(doc["limit"])).parse() if needs_limit else None,
            "stop": Parser(str(doc["stop"])).parse() if needs_stop else None}


def order_fill(side, kind, limit, stop, bar_open, high, low):
    """The (pre-slippage) price at which a resting order fills on one bar, or None (issue 14, 14-semantics 1)."""
    if kind == "limit":
        if side == "buy":
            return min(bar_open, limit) if low <= limit else None
        return max(bar_open, limit) if high >= limit else None
    if kind == "stop":
        if side == "buy":
            return max(bar_open, stop) if high >= stop else None
        return min(bar_open, stop) if low <= stop else None
    if kind == "stop_limit":
        if side == "buy":
            return min(max(bar_open, stop), limit) if high >= stop and low <= limit else None
        return max(min(bar_open, stop), limit) if low <= stop and high >= limit else None
    fail("no bar rule for order type %s" % kind)


def exit_fill(stop_loss, trailing, target, bar_open, high, low):
    """(price, reason) of the exit of a long that fills on one bar, or None.

    The stop is the tighter (higher) of stop loss and trailing stop, a tie is the stop loss; then:
    open through the stop, open through the target, low reaches the stop, high reaches the target.
    """
    stop = None
    if stop_loss is not None and trailing is not None:
        stop = (trailing, "trailing_stop") if trailing > stop_loss else (stop_loss, "stop_loss")
    elif stop_loss is not None:
        stop = (stop_loss, "stop_loss")
    elif trailing is not None:
        stop = (trailing, "trailing_stop")
    if stop is not None and bar_open <= stop[0]:
        return bar_open, stop[1]
    if target is not None and bar_open >= target:
        return bar_open, "take_profit"
    if stop is not None and low <= stop[0]:
        return stop[0], stop[1]
    if target is not None and high >= target:
        return target, "take_profit"
    return None


class Backtest:
    def __init__(self, args, strategy, policy):
        self.a = args
        self.strategy = strategy
        self.policy = policy
        self.symbols = strategy["symbols"]
        self.references = {}  # symbol -> bars of the symbols a condition reads (SYMBOL.field)
        self.cash = args.cash
        self.qty = {s: 0.0 for s in self.symbols}
        self.mark = {s: None for s in self.symbols}
        self.round_trip = {s: None for s in self.symbols}
        self.trades = []
        self.orders = []
        self.pending = {s: [] for s in self.symbols}   # market orders: fill at the next open
        self.resting = {s: None for s in self.symbols}  # at most one limit/stop/stop-limit order per symbol
        self.holding = {s: None for s in self.symbols}  # the open position's exits, from its opening fill
        self.commissions = 0.0
        self.borrow_fees = 0.0
        self.strategy_exits = parse_exits(strategy.get("exits"), "exits")
        self.rule_exits = {r["id"]: parse_exits(r["exits"], "rule %s exits" % r["id"]) if "exits" in r else None
                           for r in strategy["rules"]}
        self.rule_orders = {r["id"]: parse_order(r.get("order"), "rule %s order" % r["id"]) for r in strategy["rules"]}
        self.series = None
        self.day_start_equity = args.cash

    # -- money
    def commission(self, qty, price):
        fee = self.a.commission_per_share * qty + self.a.commission_pct / 100 * qty * price
        return max(fee, self.a.commission_min)

    def equity(self):
        total = self.cash
        for s in self.symbols:
            if self.qty[s] != 0:
                total += self.qty[s] * self.mark[s]
        return total

    def gross(self):
        total = 0.0
        for s in self.symbols:
            if self.qty[s] != 0:
                total += abs(self.qty[s] * self.mark[s])
        return total

    def most_affordable(self, price, fractional):
        """The largest quantity whose cost plus commission fits in cash, rounded like any share count.

        cost(q) = q * price + max(minimum, q * per_share + pct% * q * price) <= cash holds exactly when
        q <= cash / (price * (1 + pct%) + per_share) and q <= (cash - minimum) / price.
        """
        if self.cash <= 0:
            return 0.0
        all_in = price * (1 + self.a.commission_pct / 100) + self.a.commission_per_share
        q = floor_shares(self.cash / all_in, fractional)
        if self.a.commission_min > 0:
            q = min(q, floor_shares(max(self.cash - self.a.commission_min, 0.0) / price, fractional))
        step = 1e-6 if fractional else 1.0
        # binary rounding may leave the bound a hair too high: never spend more than the cash
        while q > 0 and q * price + self.commission(q, price) > self.cash + 1e-9:
            q = round(q - step, 6)
        return max(q, 0.0)

    def entry_price(self, symbol):
        trip = self.round_trip[symbol]
        return trip["entry_value"] / trip["entry_qty"]

    # -- orders
    def decide(self, symbol, i, rule, close, evaluate):
        """A rule fired at the close of bar i: an order (judged by the policy), or nothing.

        Reversals: sell_short while long first sells the whole long position, buy while short first
        covers the whole short (a market order judged on its own); only if that is allowed is the
        rule's own order decided, sized as from flat."""
        date = self.series[symbol]["date"][i]
        if self.resting[symbol] is not None:
            return  # one resting order per symbol: the decision is skipped, not judged
        action, size = rule["action"], rule.get("size") or {}
        short = action in ("sell_short", "buy_to_cover", "cover_all")
        fractional = (self.a.fractional or bool(size.get("fractional", False))) and not short
        position, equity = self.qty[symbol], self.equity()
        if (action == "sell_short" and position > 0) or (action == "buy" and position < 0):
            closing = {"symbol": symbol, "rule": rule["id"], "decided": date,
                       "side": "sell" if position > 0 else "buy_to_cover",
                       "action": "sell_all" if position > 0 else "cover_all", "qty": abs(position), "notional": None,
                       "price": close, "fractional": position > 0 and (self.a.fractional or position != math.floor(position)),
                       "order_type": "market", "limit_price": None, "stop_price": None}
            allowed = self.judge(closing)
            if allowed:
                self.pending[symbol].append(closing)
            self.orders.append(closing)
            if not allowed:
                return
            position = 0.0
        qty = notional = None
        if action in ("sell_all", "cover_all"):
            if (position <= 0) if action == "sell_all" else (position >= 0):
                return
            qty = abs(position)
        elif "percent_of_equity" in size:
            notional = equity * size["percent_of_equity"] / 100
        elif "notional" in size:
            notional = float(size["notional"])
        else:
            shares = float(size["shares"])
            qty = shares if fractional else float(math.floor(shares))
        side = {"buy": "buy", "sell": "sell", "sell_all": "sell", "sell_short": "sell_short"}.get(action, "buy_to_cover")
        if side == "sell":
            if position <= 0:
                return
            if qty is not None:
                qty = min(qty, position)
        if side == "buy_to_cover":
            if position >= 0:
                return
            if qty is not None:
                qty = min(qty, -position)
        spec = self.rule_orders[rule["id"]]
        limit = stop = None
        if spec["limit"] is not None:
            limit = evaluate(spec["limit"], "limit")
        if spec["stop"] is not None:
            stop = evaluate(spec["stop"], "stop")
        # a resting entry is judged at its limit price (limit, stop_limit) or its stop price (stop)
        price = limit if limit is not None else stop if stop is not None else close
        order = {"symbol": symbol, "rule": rule["id"], "decided": date, "side": side, "action": action,
                 "qty": qty, "notional": notional, "price": price, "fractional": fractional,
                 "order_type": spec["type"], "limit_price": limit, "stop_price": stop}
        if side in ("buy", "sell_short"):
            exits = self.rule_exits[rule["id"]]
            exits = self.strategy_exits if exits is None else exits
            # price: levels are the expression's value at the close of the entry decision
            order["exits"] = exits
            order["exit_prices"] = {k: evaluate(v[1], "exits." + k) for k, v in exits.items()
                                    if k in ("stop_loss", "take_profit") and v[0] == "price"}
        if self.judge(order):
            if spec["type"] == "market":
                self.pending[symbol].append(order)
            else:
                order["status"] = "resting"
                order["last_i"] = i + 1 if spec["tif"] == "day" else i + spec["expire_bars"] if spec["expire_bars"] else None
                self.resting[symbol] = order
        self.orders.append(order)

    def decide_max_bars(self, symbol, i, close):
        """The time exit: a market sell of the whole position decided at this close."""
        holding = self.holding.get(symbol)
        rule = holding["rule"] if holding is not None else "max_bars"
        short = self.qty[symbol] < 0
        order = {"symbol": symbol, "rule": rule, "decided": self.series[symbol]["date"][i],
                 "side": "buy_to_cover" if short else "sell", "action": "cover_all" if short else "sell_all",
                 "qty": abs(self.qty[symbol]), "notional": None, "price": close, "fractional": False,
                 "order_type": "market", "limit_price": None, "stop_price": None, "exit_reason": "max_bars"}
        if self.judge(order):
            self.pending[symbol].append(order)
        self.orders.append(order)

    def judge(self, order):
        """The policy's outcome on the order; True when it may be executed (status pending)."""
        outcome = self.policy.decide(self.policy_figures(order))
        order["outcome"] = outcome
        if outcome == "allow" or (outcome == "needs_approval" and self.a.approve_all):
            order["status"] = "pending"
            return True
        order["status"] = "blocked" if outcome == "block" else "needs_approval"
        return False

    def policy_figures(self, order):
        """The order as the policy sees it; orders decided but not filled (market orders waiting for the
        next open, resting entries) count as filled at their decision price (a resting one at its limit/stop)."""
        cash, gross, equity = self.cash, self.gross(), self.equity()
        position = self.qty[order["symbol"]]
        for s in self.symbols:
            held = self.qty[s]
            waiting = self.pending[s] + ([self.resting[s]] if self.resting[s] is not None else [])
            for p in waiting:
                wanted = held if p["action"] == "sell_all" else -held if p["action"] == "cover_all" else estimated_qty(p)
                moved = min(wanted, max(held, 0.0)) if p["side"] == "sell" else \
                    min(wanted, max(-held, 0.0)) if p["side"] == "buy_to_cover" else wanted
                signed = moved if p["side"] in ("buy", "buy_to_cover") else -moved
                gross += abs((held + signed) * p["price"]) - abs(held * p["price"])
                cash -= signed * p["price"]
                held += signed
            if s == order["symbol"]:
                position = held
        price = order["price"]
        qty = position if order["action"] == "sell_all" else -position if order["action"] == "cover_all" else estimated_qty(order)
        if order["side"] == "sell":
            qty = min(qty, max(position, 0.0))
        if order["side"] == "buy_to_cover":
            qty = min(qty, max(-position, 0.0))
        after = position + (qty if order["side"] in ("buy", "buy_to_cover") else -qty)
        mark = self.mark[order["symbol"]] if self.mark[order["symbol"]] is not None else price
        opens = order["side"] in ("buy", "sell_short")
        notional = order["notional"] if opens and order["notional"] is not None else qty * price
        start = self.day_start_equity
        drawdown = max(0.0, (start - equity) / start * 100) if start > 0 else math.nan
        nan = math.nan
        return {"qty": qty, "notional": notional, "price": price, "position": position, "position_after": after,
                "position_value_after": abs(after * price),
                "short_value_after": -after * price if after < 0 else 0.0,
                "gross_exposure_after": gross - abs(position * mark) + abs(after * price),
                "drawdown_today": drawdown, "equity": equity, "cash": cash,
                "reduces_position": (order["side"] == "sell" and position > 0 and after >= 0)
                or (order["side"] == "buy_to_cover" and position < 0 and after <= 0),
                "symbol": order["symbol"], "side": order["side"], "action": order["action"],
                "order_type": order["order_type"],
                "limit_price": order["limit_price"] if order["limit_price"] is not None else nan,
                "stop_price": order["stop_price"] if order["stop_price"] is not None else nan}

    def fill(self, order, i, raw_price):
        """Fills `order` on bar i at `raw_price` (before slippage); opens or closes a round trip."""
        symbol = order["symbol"]
        date = self.series[symbol]["date"][i]
        slip = self.a.slippage_bps / 10000
        buying = order["side"] in ("buy", "buy_to_cover")
        price = raw_price * (1 + slip) if buying else raw_price * (1 - slip)
        fractional = order["fractional"]
        wanted = order["notional"] / price if order["notional"] is not None else order["qty"]
        held = self.qty[symbol]
        if order["side"] == "buy":
            qty = min(floor_shares(wanted, fractional), self.most_affordable(price, fractional)) if held >= 0 else 0.0
        elif order["side"] == "sell_short":
            qty = floor_shares(wanted, False) if held <= 0 else 0.0  # whole shares, no cash limit
        elif order["action"] == "sell_all":
            qty = held
        elif order["action"] == "cover_all":
            qty = -held
        elif order["side"] == "sell":
            qty = min(floor_shares(wanted, fractional), held)
        else:
            qty = min(floor_shares(wanted, fractional), -held)
        if qty <= 0:
            order["status"] = "canceled"
            return
        fee = self.commission(qty, price)
        self.commissions += fee
        order.update(status="filled", fill_qty=qty, fill_price=price, commission=fee, filled=date)
        trip = self.round_trip[symbol]
        self.cash += -(qty * price + fee) if buying else qty * price - fee
        self.qty[symbol] += qty if buying else -qty
        if order["side"] in ("buy", "sell_short"):
            opened = trip is None
            if opened:
                trip = self.round_trip[symbol] = {"entry": date, "side": "long" if order["side"] == "buy" else "short",
                                                  "entry_qty": 0.0, "entry_value": 0.0, "exit_qty": 0.0,
                                                  "exit_value": 0.0, "fees": 0.0}
            trip["entry_qty"] += qty
            trip["entry_value"] += qty * price
            trip["fees"] += fee
            if opened:
                self.open_exits(order, i, raw_price)
        else:
            trip["exit_qty"] += qty
            trip["exit_value"] += qty * price
            trip["fees"] += fee
            if abs(self.qty[symbol]) < 1e-9:
                self.qty[symbol] = 0.0
                gain = trip["exit_value"] - trip["entry_value"]
                pnl = (gain if trip["side"] == "long" else -gain) - trip["fees"]
                self.trades.append({"symbol": symbol, "side": trip["side"], "entry_date": trip["entry"], "exit_date": date,
                                    "entry_price": trip["entry_value"] / trip["entry_qty"],
                                    "exit_price": trip["exit_value"] / trip["exit_qty"],
                                    "qty": trip["entry_qty"], "pnl": pnl, "return_pct": pnl / trip["entry_value"] * 100,
                                    "exit_reason": order.get("exit_reason", order["rule"])})
                self.round_trip[symbol] = None
                self.close_exits(symbol)

    def charge_borrow_fee(self, symbol, close):
        """One trading day's borrow fee on a short, at the day's close: shares short x close x pct / 100 / 252."""
        if self.qty[symbol] >= 0 or self.a.borrow_fee_pct == 0:
            return
        fee = -self.qty[symbol] * close * (self.a.borrow_fee_pct / 100 / 252)
        self.cash -= fee
        self.borrow_fees += fee
        self.round_trip[symbol]["fees"] += fee

    # -- exits
    def open_exits(self, entry, i, raw_price):
        """The entry opened a position from flat: its rule's exits become active, each leg judged now."""
        symbol = entry["symbol"]
        exits = entry.get("exits") or {}
        holding = {"exits": exits, "fill_i": i, "fill_open": raw_price, "legs": {}, "prices": entry.get("exit_prices", {}),
                   "rule": entry["rule"]}
        self.holding[symbol] = holding
        for reason in LEG_REASONS:
            if reason not in exits:
                continue
            level = self.level(symbol, reason, i)
            kind = "stop" if reason == "stop_loss" else "limit" if reason == "take_profit" else "trailing_stop"
            # An exit order names the rule whose exits it is; `exit_reason` says which exit.
            short = self.qty[symbol] < 0
            leg = {"symbol": symbol, "rule": entry["rule"], "decided": self.series[symbol]["date"][i],
                   "side": "buy_to_cover" if short else "sell", "action": "cover_all" if short else "sell_all",
                   "qty": abs(self.qty[symbol]), "notional": None, "price": level, "fractional": False,
                   "order_type": kind, "limit_price": level if kind == "limit" else None,
                   "stop_price": level if kind != "limit" else None, "exit_reason": reason}
            if self.judge(leg):
                leg["status"] = "active"
                holding["legs"][reason] = leg
            self.orders.append(leg)

    def close_exits(self, symbol):
        """The position is flat: exits that did not fill are canceled."""
        holding = self.holding[symbol]
        self.holding[symbol] = None
        for leg in holding["legs"].values():
            if leg["status"] == "active":
                leg["status"] = "canceled"

    def level(self, symbol, reason, i):
        """An exit's price level for bar i (percent levels from the current entry price)."""
        holding = self.holding[symbol]
        spec = holding["exits"][reason]
        entry = self.entry_price(symbol)
        short = self.qty[symbol] < 0
        if reason == "trailing_stop":
            # from the highest high below a long, from the lowest low above a short
            fill_i = holding["fill_i"]
            if short:
                bottom = entry if i == fill_i else min(self.series[symbol]["low"][fill_i:i])
                return bottom * (1 + spec / 100)
            top = entry if i == fill_i else max(self.series[symbol]["high"][fill_i:i])
            return top * (1 - spec / 100)
        if spec[0] == "price":
            return holding["prices"][reason]
        below = (reason == "stop_loss") != short  # a long's stop and a short's target are below the entry
        return entry * (1 - spec[1] / 100) if below else entry * (1 + spec[1] / 100)

    def check_exits(self, symbol, i):
        holding = self.holding[symbol]
        if holding is None or not holding["legs"]:
            return
        bars = self.series[symbol]
        # on the fill bar of an entry that filled after the open, the bar starts at the fill
        bar_open = holding["fill_open"] if i == holding["fill_i"] else bars["open"][i]
        legs = holding["legs"]
        levels = {r: self.level(symbol, r, i) if r in legs else None for r in LEG_REASONS}
        if self.qty[symbol] < 0:
            # a short is a long upside down: negate every price, then the long's rules apply
            neg = lambda v: None if v is None else -v
            hit = exit_fill(neg(levels["stop_loss"]), neg(levels["trailing_stop"]), neg(levels["take_profit"]),
                            -bar_open, -bars["low"][i], -bars["high"][i])
            hit = None if hit is None else (-hit[0], hit[1])
        else:
            hit = exit_fill(levels["stop_loss"], levels["trailing_stop"], levels["take_profit"], bar_open, bars["high"][i], bars["low"][i])
        if hit is not None:
            self.fill(legs[hit[1]], i, hit[0])

    def position_values(self, symbol, i, close):
        """entry_price, bars_held, unrealized_pct, highest/lowest_since_entry at the close of bar i."""
        holding = self.holding[symbol]
        if holding is None or self.qty[symbol] == 0:
            return {k: NO_VALUE for k in StrategySeries.POSITION_VALUES}
        entry, fill_i, bars = self.entry_price(symbol), holding["fill_i"], self.series[symbol]
        gain = (close / entry - 1) * 100
        return {"entry_price": entry, "bars_held": float(i - fill_i + 1),
                "unrealized_pct": -gain if self.qty[symbol] < 0 else gain,
                "highest_since_entry": max(bars["high"][fill_i:i + 1]), "lowest_since_entry": min(bars["low"][fill_i:i + 1])}

    def check_resting(self, symbol, i):
        order = self.resting[symbol]
        if order is None:
            return
        bars = self.series[symbol]
        raw = order_fill(order["side"], order["order_type"], order["limit_price"], order["stop_price"],
                         bars["open"][i], bars["high"][i], bars["low"][i])
        if raw is not None:
            self.resting[symbol] = None
            self.fill(order, i, raw)
        elif order["last_i"] is not None and i >= order["last_i"]:
            self.resting[symbol] = None
            # Like the engine's report: canceled, with the reason in the note.
            order["status"] = "canceled"
            order["note"] = "expired unfilled"

    # -- the loop
    def run(self, series):
        self.series = series
        rules = self.strategy["rules"]
        params = self.strategy.get("params") or {}
        trees = [Parser(str(r["when"])).parse() for r in rules]
        evaluators, index = {}, {}
        for s in self.symbols:
            evaluators[s] = StrategySeries(series[s], params, self.references)
            index[s] = {d: i for i, d in enumerate(series[s]["date"])}
        timeline = sorted(set(d for s in self.symbols for d in series[s]["date"]))
        curve, invested, dates = [], [], []
        last_equity = self.a.cash
        for date in timeline:
            self.day_start_equity = last_equity
            here = [s for s in self.symbols if date in index[s]]
            for s in here:
                i = index[s][date]
                # (a) market orders decided at the last close fill at this open
                while self.pending[s]:
                    self.fill(self.pending[s].pop(0), i, series[s]["open"][i])
                # (b) a resting limit/stop/stop-limit order; (c) the exits of the open position
                self.check_resting(s, i)
                self.check_exits(s, i)
                self.mark[s] = series[s]["close"][i]
                # (d) daily bars: every bar is a trading day's last, where a short pays its borrow fee
                self.charge_borrow_fee(s, series[s]["close"][i])
            equity = self.equity()
            trading = self.a.from_ is None or date >= self.a.from_
            for s in here:
                i = index[s][date]
                close = series[s]["close"][i]
                account = {"position": self.qty[s], "position_value": self.qty[s] * close, "equity": equity, "cash": self.cash}
                account.update(self.position_values(s, i, close))
                fired = next((r for r, tree in zip(rules, trees) if evaluators[s].holds(tree, i, account) is True), None)
                if not trading:
                    continue

                def evaluate(node, what, s=s, i=i, account=account):
                    v = evaluators[s].value(node, i, account)
                    if v is None or v is NO_VALUE or not math.isfinite(v):
                        fail("%s %s: %s has no value at its decision (the reference refuses such a case)" % (s, series[s]["date"][i], what))
                    return v

                if fired is not None:
                    self.decide(s, i, fired, close, evaluate)
                holding = self.holding[s]
                max_bars = holding["exits"].get("max_bars") if holding is not None else None
                # a rule that closes this position (or reverses it) decided its own exit on this close
                closing = ("sell", "sell_all", "sell_short") if self.qty[s] > 0 else ("buy_to_cover", "cover_all", "buy")
                sold = fired is not None and fired["action"] in closing
                if max_bars is not None and self.qty[s] != 0 and i - holding["fill_i"] + 1 == max_bars and not sold:
                    self.decide_max_bars(s, i, close)
            if trading:
                curve.append(equity)
                invested.append(self.gross())
                dates.append(date)
            last_equity = equity
        for s in self.symbols:
            for order in self.pending[s]:
                order["status"] = "unfilled"
            if self.resting[s] is not None:
                self.resting[s]["status"] = "unfilled"
            if self.holding[s] is not None:
                for leg in self.holding[s]["legs"].values():
                    if leg["status"] == "active":
                        leg["status"] = "unfilled"
        return curve, invested, dates


# ---------------------------------------------------------------- figures

def max_drawdown(equity):
    peak, worst = None, 0.0
    for e in equity:
        peak = e if peak is None or e > peak else peak
        if peak > 0:
            worst = max(worst, (peak - e) / peak * 100)
    return worst


def day_number(date):
    y, m, d = (int(p) for p in date.split("-"))
    # days since 1970-01-01 (proleptic Gregorian), without the datetime module's help
    y2 = y - (m <= 2)
    era = y2 // 400
    yoe = y2 - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def statistics(cash, curve, invested, dates, periods_per_year):
    returns, previous = [], cash
    for e in curve:
        returns.append(e / previous - 1 if previous != 0 else 0.0)
        previous = e
    n = len(returns)
    sharpe = sortino = None
    if n > 1:
        mean = math.fsum(returns) / n
        sd = math.sqrt(math.fsum((r - mean) ** 2 for r in returns) / (n - 1))
        down = math.sqrt(math.fsum(min(r, 0.0) ** 2 for r in returns) / n)
        sharpe = mean / sd * math.sqrt(periods_per_year) if sd > 0 else None
        sortino = mean / down * math.sqrt(periods_per_year) if down > 0 else None
    final = curve[-1] if curve else cash
    cagr = None
    if len(dates) > 1 and final > 0:
        years = (day_number(dates[-1]) - day_number(dates[0])) / 365.25
        if years > 0:
            cagr = ((final / cash) ** (1 / years) - 1) * 100
    exposure = 100.0 * sum(1 for v in invested if v > 0) / len(invested) if invested else 0.0
    return {"sharpe": sharpe, "sortino": sortino, "cagr_pct": cagr, "exposure_pct": exposure}


def trade_statistics(trades):
    """Profit factor, expectancy, average win and loss, longest losing streak (docs/BACKTEST.md)."""
    pnls = [t["pnl"] for t in trades]
    wins = [p for p in pnls if p > 0]
    losses = [p for p in pnls if p < 0]
    streak = longest = 0
    for p in pnls:
        streak = streak + 1 if p < 0 else 0
        longest = max(longest, streak)
    return {
        "profit_factor": sum(wins) / -sum(losses) if losses else None,
        "expectancy": sum(pnls) / len(pnls) if pnls else None,
        "average_win": sum(wins) / len(wins) if wins else None,
        "average_loss": sum(losses) / len(losses) if losses else None,
        "longest_losing_streak": longest,
    }


def monthly_returns(cash, curve, dates):
    """Each calendar month's last equity over the month before's (the cash before the first)."""
    last_of_month = {}
    order = []
    for d, e in zip(dates, curve):
        if d[:7] not in last_of_month:
            order.append(d[:7])
        last_of_month[d[:7]] = e
    out, before = [], cash
    for m in order:
        out.append({"month": m, "return_pct": (last_of_month[m] / before - 1) * 100 if before else 0.0})
        before = last_of_month[m]
    return out


def drawdown_periods(curve, dates, limit=5):
    """Stretches below a running peak: peak, lowest point, first point back at the peak's level."""
    found = []
    top_i = None
    low_i = None
    for i, e in enumerate(curve):
        if top_i is None or e >= curve[top_i]:
            if low_i is not None:
                found.append((top_i, low_i, i))
            top_i, low_i = i, None
        elif low_i is None or e < curve[low_i]:
            low_i = i
    if low_i is not None:
        found.append((top_i, low_i, None))
    rows = []
    for n, (p, t, r) in enumerate(found):
        depth = (curve[p] - curve[t]) / curve[p] * 100 if curve[p] > 0 else 0.0
        rows.append((-depth, n, {"peak": dates[p], "trough": dates[t], "recovered": dates[r] if r is not None else None,
                                 "depth_pct": depth, "bars": (r if r is not None else len(curve) - 1) - p}))
    rows.sort(key=lambda x: (x[0], x[1]))
    return [row for _, _, row in rows[:limit]]


def benchmark(bars, cash, first, last, periods_per_year):
    rows = [i for i, d in enumerate(bars["date"]) if (first is None or d >= first) and (last is None or d <= last)]
    if not rows:
        return None
    entry = bars["open"][rows[0]]
    shares = float(math.floor(cash / entry + 1e-9))
    left = cash - shares * entry
    equity = [left + shares * bars["close"][i] for i in rows]
    held = [shares * bars["close"][i] for i in rows]
    result = {"final_equity": equity[-1], "total_return_pct": (equity[-1] / cash - 1) * 100,
              "max_drawdown_pct": max_drawdown(equity), "shares": shares, "entry_price": entry}
    # the same statistics as the strategy's, over the benchmark's own curve
    result.update(statistics(cash, equity, held, [bars["date"][i] for i in rows], periods_per_year))
    return result


def order_entry(o):
    """One order of `order_list`; exit orders (legs and max_bars sells) also carry `exit_reason`."""
    entry = {"symbol": o["symbol"], "rule_id": o["rule"], "decided_at": o["decided"], "side": o["side"],
             "order_type": o["order_type"], "limit_price": o["limit_price"], "stop_price": o["stop_price"],
             "outcome": o["outcome"], "status": o["status"], "fill_qty": o.get("fill_qty"),
             "fill_price": o.get("fill_price"), "filled_at": o.get("filled")}
    if "exit_reason" in o:
        entry["exit_reason"] = o["exit_reason"]
    if "note" in o:
        entry["note"] = o["note"]
    return entry


def exit_reasons(trades):
    """Closed trades by what closed them: a rule id, stop_loss, take_profit, trailing_stop or max_bars."""
    counts = {}
    for t in trades:
        counts[t["exit_reason"]] = counts.get(t["exit_reason"], 0) + 1
    return counts


PERIODS = {"1Hour": 252 * 7, "30Min": 252 * 13, "15Min": 252 * 26, "5Min": 252 * 78, "1Min": 252 * 390}


def main():
    p = argparse.ArgumentParser(description="Independent reference backtest (see docs/BACKTEST.md).")
    p.add_argument("strategy")
    p.add_argument("--policy")
    p.add_argument("--data", default="data/daily")
    p.add_argument("--from", dest="from_")
    p.add_argument("--to")
    p.add_argument("--cash", type=float, default=10_000.0)
    p.add_argument("--commission-per-share", type=float, default=0.0)
    p.add_argument("--commission-min", type=float, default=0.0)
    p.add_argument("--commission-pct", type=float, default=0.0)
    p.add_argument("--slippage-bps", type=float, default=0.0)
    p.add_argument("--fractional", action="store_true")
    p.add_argument("--approve-all", action="store_true")
    p.add_argument("--borrow-fee-pct", type=float, default=0.0)
    p.add_argument("--benchmark", default="SPY")
    args = p.parse_args()

    strategy = parse_yaml(args.strategy)
    for name in strategy.get("params") or {}:
        if name in StrategySeries.FIELDS or name in CALENDAR:
            fail("param '%s' has the name of a bar field or calendar value" % name)
    if strategy.get("timeframe", "1Day") != "1Day":
        fail("the reference supports daily bars only")
    policy = Policy(parse_yaml(args.policy) if args.policy else None)
    series = {}
    for s in strategy["symbols"]:
        path = data_file(args.data, s)
        if path is None:
            fail("no data for %s in %s" % (s, args.data))
        series[s] = until(load_csv(path), args.to)

    bt = Backtest(args, strategy, policy)
    for rule in strategy["rules"]:
        for kind, value in tokenize(str(rule["when"])):
            if kind == "name" and "." in value:
                symbol = value.rsplit(".", 1)[0]
                path = data_file(args.data if os.path.isdir(args.data) else os.path.dirname(args.data) or ".", symbol)
                if path is None:
                    fail("no data for %s in %s" % (symbol, args.data))
                bt.references[symbol] = until(load_csv(path), args.to)
    curve, invested, dates = bt.run(series)
    final = curve[-1] if curve else args.cash
    statuses = {}
    for o in bt.orders:
        statuses[o["status"]] = statuses.get(o["status"], 0) + 1
    report = {
        "final_equity": final,
        "final_cash": bt.cash,
        "total_return_pct": (final / args.cash - 1) * 100,
        "max_drawdown_pct": max_drawdown(curve),
        "commissions": bt.commissions,
        "borrow_fees": bt.borrow_fees,
        "trades_by_side": {side: sum(1 for t in bt.trades if t["side"] == side) for side in ("long", "short")},
        "bars": len(curve),
        "first_bar": dates[0] if dates else None,
        "last_bar": dates[-1] if dates else None,
        "orders": len(bt.orders),
        "orders_by_status": statuses,
        "order_list": [order_entry(o) for o in bt.orders],
        "trades": bt.trades,
        "open_positions": [{"symbol": s, "qty": bt.qty[s], "entry_date": bt.round_trip[s]["entry"], "mark": bt.mark[s]}
                           for s in bt.symbols if bt.qty[s] != 0],
        "benchmark": None,
        "violations": policy.violations,
        "exit_reasons": exit_reasons(bt.trades),
    }
    periods_per_year = PERIODS.get(strategy.get("timeframe", "1Day"), 252)
    report.update(statistics(args.cash, curve, invested, dates, periods_per_year))
    report.update(trade_statistics(bt.trades))
    report["monthly_returns"] = monthly_returns(args.cash, curve, dates)
    report["drawdown_periods"] = drawdown_periods(curve, dates)
    bench_path = data_file(args.data, args.benchmark)
    if bench_path:
        # over the backtest's own days: from its first to its last bar
        first = max(d for d in (args.from_, dates[0] if dates else None) if d) if (args.from_ or dates) else None
        last = min(d for d in (args.to, dates[-1] if dates else None) if d) if (args.to or dates) else None
        b = benchmark(load_csv(bench_path), args.cash, first, last, periods_per_year)
        if b:
            b["symbol"] = args.benchmark
        report["benchmark"] = b
    json.dump(report, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
