#!/usr/bin/env python3
"""Check bracket and trailing-stop orders of `algobot sim` with the official Alpaca SDK (alpaca-py).

The simulator's order shapes were written from Alpaca's documentation; this is the check
nobody here wrote: the official SDK submits a bracket order (market entry, take profit 10 %
above the last close, stop loss 5 % below, gtc), must parse the answer with its two legs
`held`, and after one bar (POST /sim/advance) must read the parent filled and the legs working
through `get_order_by_id(..., nested=True)`. Then a trailing stop (3 %) for the position must
come back with its high-water mark. Not run in CI.

    algobot sim --port 8765 --speed 0 &
    pip install alpaca-py
    APCA_API_KEY_ID=PKSIMULATOR0000000000 \\
    APCA_API_SECRET_KEY=simulator-secret-key-0000000000000000000 \\
    APCA_API_BASE_URL=http://127.0.0.1:8765 python3 scripts/alpaca_py_bracket.py

Exits 0 when every step worked, 1 with what failed. Like scripts/alpaca_py_smoke.py it talks
only to a simulator on this machine.
"""

import sys

from alpaca_py_smoke import advance_one_bar, parse_arguments


def check(condition, what):
    if not condition:
        raise AssertionError(what)
    print(f"ok: {what}")


def main():
    arguments = parse_arguments()
    from alpaca.data.historical import StockHistoricalDataClient
    from alpaca.data.requests import StockLatestBarRequest
    from alpaca.trading.client import TradingClient
    from alpaca.trading.enums import OrderClass, OrderSide, OrderStatus, OrderType, TimeInForce
    from alpaca.trading.requests import (GetOrderByIdRequest, MarketOrderRequest, StopLossRequest,
                                         TakeProfitRequest, TrailingStopOrderRequest)

    trading = TradingClient(arguments.key_id, arguments.secret_key, paper=True, url_override=arguments.url)
    data = StockHistoricalDataClient(arguments.key_id, arguments.secret_key, url_override=arguments.url)
    close = data.get_stock_latest_bar(StockLatestBarRequest(symbol_or_symbols=arguments.symbol))[arguments.symbol].close
    target, stop = round(close * 1.10, 2), round(close * 0.95, 2)

    bracket = trading.submit_order(MarketOrderRequest(
        symbol=arguments.symbol, qty=1, side=OrderSide.BUY, time_in_force=TimeInForce.GTC,
        order_class=OrderClass.BRACKET, take_profit=TakeProfitRequest(limit_price=target),
        stop_loss=StopLossRequest(stop_price=stop)))
    check(bracket.order_class == OrderClass.BRACKET, f"bracket {bracket.id} accepted as order_class bracket")
    legs = bracket.legs or []
    check(len(legs) == 2, "the answer carries two legs")
    check(all(leg.status == OrderStatus.HELD for leg in legs), "both legs are held until the entry fills")
    check({leg.type for leg in legs} == {OrderType.LIMIT, OrderType.STOP}, "a limit take profit and a stop loss")
    check(any(float(leg.limit_price or 0) == target for leg in legs), f"take profit at {target}")
    check(any(float(leg.stop_price or 0) == stop for leg in legs), f"stop loss at {stop}")

    advance_one_bar(arguments)
    parent = trading.get_order_by_id(bracket.id, filter=GetOrderByIdRequest(nested=True))
    check(parent.status == OrderStatus.FILLED, f"entry filled at {parent.filled_avg_price}")
    working = [leg for leg in (parent.legs or []) if leg.status not in (OrderStatus.HELD,)]
    check(len(working) == 2, f"legs now {[leg.status.value for leg in parent.legs or []]}")

    open_legs = [leg for leg in parent.legs or [] if leg.status not in (OrderStatus.FILLED, OrderStatus.CANCELED)]
    if open_legs:
        trading.cancel_order_by_id(open_legs[0].id)
    after = trading.get_order_by_id(bracket.id, filter=GetOrderByIdRequest(nested=True))
    check(all(leg.status in (OrderStatus.CANCELED, OrderStatus.FILLED) for leg in after.legs or []),
          "canceling one leg cancels the other")

    if trading.get_all_positions():
        trailing = trading.submit_order(TrailingStopOrderRequest(
            symbol=arguments.symbol, qty=1, side=OrderSide.SELL, time_in_force=TimeInForce.GTC, trail_percent=3))
        check(trailing.type == OrderType.TRAILING_STOP and trailing.hwm is not None,
              f"trailing stop with hwm {trailing.hwm} and stop price {trailing.stop_price}")
    print("alpaca-py bracket check: every step worked")


if __name__ == "__main__":
    try:
        main()
    except Exception as error:  # the SDK's own error or a failed check, in its words
        print(f"alpaca-py bracket check failed: {type(error).__name__}: {error}", file=sys.stderr)
        sys.exit(1)
