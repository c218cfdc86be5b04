#!/usr/bin/env python3
"""Drive `algobot sim` with the official Alpaca SDK for Python (alpaca-py).

Start the simulator, then run this with the keys and URL it printed:

    algobot sim --port 8765 &
    pip install alpaca-py
    APCA_API_KEY_ID=PKSIMULATOR0000000000 \\
    APCA_API_SECRET_KEY=simulator-secret-key-0000000000000000000 \\
    APCA_API_BASE_URL=http://127.0.0.1:8765 python3 scripts/alpaca_py_smoke.py

It reads the account and the clock, fetches daily bars, submits a market order for one share,
finds it in the order list, and (with --advance) moves the simulator's clock one bar so the order
fills at the next open and shows in the positions. It exits 0 when every step worked, 1 with the
SDK's error otherwise. It talks only to a simulator on this machine: any other URL is refused,
so it can never send an order to a real account.
"""

import argparse
import datetime
import json
import os
import sys
import urllib.parse
import urllib.request
import uuid

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def parse_arguments():
    parser = argparse.ArgumentParser(description="Drive `algobot sim` with alpaca-py (loopback only).")
    parser.add_argument("--url", default=os.environ.get("APCA_API_BASE_URL", "http://127.0.0.1:8765"),
                        help="the simulator's URL (default: $APCA_API_BASE_URL, else http://127.0.0.1:8765)")
    parser.add_argument("--key-id", default=os.environ.get("APCA_API_KEY_ID", ""),
                        help="the key id `algobot sim` printed (default: $APCA_API_KEY_ID)")
    parser.add_argument("--secret-key", default=os.environ.get("APCA_API_SECRET_KEY", ""),
                        help="the secret key `algobot sim` printed (default: $APCA_API_SECRET_KEY)")
    parser.add_argument("--symbol", default="SPY", help="the symbol to buy one share of (default: SPY)")
    parser.add_argument("--advance", action="store_true",
                        help="advance the simulator one bar (POST /sim/advance) and check the order filled")
    arguments = parser.parse_args()
    host = urllib.parse.urlsplit(arguments.url).hostname or ""
    if host not in LOOPBACK:
        parser.error(f"--url must be a simulator on this machine (127.0.0.1, localhost or [::1]), not {host!r}")
    if not arguments.key_id or not arguments.secret_key:
        parser.error("give the keys `algobot sim` printed: --key-id and --secret-key, or APCA_API_KEY_ID and APCA_API_SECRET_KEY")
    return arguments


def advance_one_bar(arguments):
    """The simulator's own control route, with the same keys as the trading API."""
    request = urllib.request.Request(arguments.url.rstrip("/") + "/sim/advance", data=b'{"bars": 1}', method="POST",
                                     headers={"APCA-API-KEY-ID": arguments.key_id,
                                              "APCA-API-SECRET-KEY": arguments.secret_key,
                                              "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


def main():
    arguments = parse_arguments()
    from alpaca.data.historical import StockHistoricalDataClient
    from alpaca.data.requests import StockBarsRequest
    from alpaca.data.timeframe import TimeFrame
    from alpaca.trading.client import TradingClient
    from alpaca.trading.enums import OrderSide, QueryOrderStatus, TimeInForce
    from alpaca.trading.requests import GetOrdersRequest, MarketOrderRequest

    trading = TradingClient(arguments.key_id, arguments.secret_key, paper=True, url_override=arguments.url)
    account = trading.get_account()
    print(f"account {account.account_number}: status {account.status.value}, cash {account.cash}, buying power {account.buying_power}")
    clock = trading.get_clock()
    print(f"clock: {clock.timestamp.isoformat()}, market {'open' if clock.is_open else 'closed'}, next open {clock.next_open.isoformat()}")

    data = StockHistoricalDataClient(arguments.key_id, arguments.secret_key, url_override=arguments.url)
    bars = data.get_stock_bars(StockBarsRequest(symbol_or_symbols=arguments.symbol, timeframe=TimeFrame.Day,
                                                start=clock.timestamp - datetime.timedelta(days=14), end=clock.timestamp))
    last = bars[arguments.symbol][-1]
    print(f"bars: {len(bars[arguments.symbol])} daily {arguments.symbol} bars in the last two weeks, the last {last.timestamp.date()} close {last.close}")

    client_order_id = f"alpaca-py-smoke-{uuid.uuid4().hex[:12]}"
    order = trading.submit_order(MarketOrderRequest(symbol=arguments.symbol, qty=1, side=OrderSide.BUY,
                                                    time_in_force=TimeInForce.DAY, client_order_id=client_order_id))
    print(f"submitted order {order.id}: buy 1 {order.symbol} at market, status {order.status.value}")
    listed = trading.get_orders(GetOrdersRequest(status=QueryOrderStatus.ALL))
    if not any(str(item.id) == str(order.id) and item.client_order_id == client_order_id for item in listed):
        print(f"FAIL: order {order.id} is not in the order list ({len(listed)} orders)", file=sys.stderr)
        return 1
    print(f"orders: {len(listed)} listed, ours among them")

    if arguments.advance:
        advance_one_bar(arguments)
        filled = trading.get_order_by_id(order.id)
        positions = {position.symbol: position.qty for position in trading.get_all_positions()}
        if filled.status.value != "filled" or arguments.symbol not in positions:
            print(f"FAIL: after one bar the order is {filled.status.value}, positions {positions}", file=sys.stderr)
            return 1
        print(f"advanced one bar: order filled at {filled.filled_avg_price}, holding {positions[arguments.symbol]} {arguments.symbol}")
    print("alpaca-py works against algobot sim")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except ImportError as error:
        print(f"alpaca-py is not installed ({error}): pip install alpaca-py", file=sys.stderr)
        sys.exit(2)
    except Exception as error:  # the SDK's own errors carry the simulator's answer
        print(f"FAIL: {type(error).__name__}: {error}", file=sys.stderr)
        sys.exit(1)
