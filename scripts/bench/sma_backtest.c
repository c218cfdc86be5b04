/*
 * The hand-written C program `scripts/bench/csv-backtest.sh` compares `algobot backtest`
 * with (issue 16, "Speed"): the same SMA 10/30 crossover over the same 1-minute CSV, whole
 * process — read the file, parse every row, run the strategy (orders at the next open,
 * whole shares, all cash), keep the equity curve, write the orders and the round trips as
 * JSON with the final equity and the maximum drawdown (what `--json` holds per order and
 * trade, not its every field). It does less than algobot (no policy, no decision records,
 * no monthly table, no benchmark), which is why it is the floor to measure against.
 *
 *   cc -O2 -o sma_backtest sma_backtest.c && ./sma_backtest BARS.csv OUT.json
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct { const char *time; int timeLength; double open, close; } Bar;

static char *readFile(const char *path, long *size) {
    FILE *f = fopen(path, "rb");
    if (!f) { perror(path); exit(2); }
    fseek(f, 0, SEEK_END);
    *size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *text = malloc(*size + 1);
    if (fread(text, 1, *size, f) != (size_t)*size) { perror(path); exit(2); }
    text[*size] = 0;
    fclose(f);
    return text;
}

/* Skips `n` comma-separated fields. */
static char *skipFields(char *p, int n) {
    while (n-- > 0) { while (*p != ',') p++; p++; }
    return p;
}

int main(int argc, char **argv) {
    if (argc != 3) { fprintf(stderr, "usage: sma_backtest BARS.csv OUT.json\n"); return 2; }
    long size;
    char *text = readFile(argv[1], &size);
    long capacity = size / 40 + 16, count = 0;
    Bar *bars = malloc(capacity * sizeof(Bar));
    char *p = strchr(text, '\n') + 1; /* header */
    while (*p) {
        if (count == capacity) { capacity *= 2; bars = realloc(bars, capacity * sizeof(Bar)); }
        Bar *b = &bars[count++];
        b->time = p;
        while (*p != ',') p++;
        b->timeLength = (int)(p - b->time);
        p++;
        b->open = strtod(p, &p);
        p = skipFields(p + 1, 2);
        b->close = strtod(p, &p);
        while (*p && *p != '\n') p++;
        if (*p) p++;
    }

    const int fast = 10, slow = 30;
    double cash = 10000, shares = 0, fastSum = 0, slowSum = 0, prevFast = 0, prevSlow = 0;
    int pendingBuy = 0, pendingSell = 0;
    double *equity = malloc(count * sizeof(double));
    long tradeCapacity = 1024, trades = 0;
    long *tradeBars = malloc(tradeCapacity * 2 * sizeof(long));
    double *tradePrices = malloc(tradeCapacity * 2 * sizeof(double));
    long entryBar = 0;
    double entryPrice = 0;
    for (long t = 0; t < count; t++) {
        double open = bars[t].open, close = bars[t].close;
        if (pendingBuy) {
            double qty = (double)(long)(cash / open + 1e-9);
            if (qty > 0) { cash -= qty * open; shares += qty; entryBar = t; entryPrice = open; }
            pendingBuy = 0;
        }
        if (pendingSell) {
            if (shares > 0) {
                if (trades == tradeCapacity) {
                    tradeCapacity *= 2;
                    tradeBars = realloc(tradeBars, tradeCapacity * 2 * sizeof(long));
                    tradePrices = realloc(tradePrices, tradeCapacity * 2 * sizeof(double));
                }
                tradeBars[2 * trades] = entryBar; tradeBars[2 * trades + 1] = t;
                tradePrices[2 * trades] = entryPrice; tradePrices[2 * trades + 1] = open;
                trades++;
                cash += shares * open; shares = 0;
            }
            pendingSell = 0;
        }
        fastSum += close; slowSum += close;
        if (t >= fast) fastSum -= bars[t - fast].close;
        if (t >= slow) slowSum -= bars[t - slow].close;
        double f = fastSum / fast, s = slowSum / slow;
        if (t >= slow) {
            if (f > s && prevFast <= prevSlow && shares == 0) pendingBuy = 1;
            if (f < s && prevFast >= prevSlow && shares > 0) pendingSell = 1;
        }
        prevFast = f; prevSlow = s;
        equity[t] = cash + shares * close;
    }

    double peak = 0, worst = 0;
    for (long t = 0; t < count; t++) {
        if (equity[t] > peak) peak = equity[t];
        if (peak > 0 && (peak - equity[t]) / peak > worst) worst = (peak - equity[t]) / peak;
    }
    FILE *out = fopen(argv[2], "w");
    if (!out) { perror(argv[2]); return 2; }
    fprintf(out, "{\"final_equity\":%.17g,\"max_drawdown_pct\":%.17g,\"orders\":[", count ? equity[count - 1] : cash, worst * 100);
    for (long k = 0; k < 2 * trades; k++) {
        const Bar *b = &bars[tradeBars[k]];
        fprintf(out, "%s{\"side\":\"%s\",\"filled_at\":\"%.*s\",\"price\":%.17g}", k ? "," : "",
                k % 2 ? "sell" : "buy", b->timeLength, b->time, tradePrices[k]);
    }
    fputs("],\"trades\":[", out);
    for (long k = 0; k < trades; k++) {
        const Bar *in = &bars[tradeBars[2 * k]], *outBar = &bars[tradeBars[2 * k + 1]];
        double pnl = tradePrices[2 * k + 1] - tradePrices[2 * k];
        fprintf(out, "%s{\"entry_time\":\"%.*s\",\"entry_price\":%.17g,\"exit_time\":\"%.*s\",\"exit_price\":%.17g,\"return_pct\":%.17g}",
                k ? "," : "", in->timeLength, in->time, tradePrices[2 * k], outBar->timeLength, outBar->time, tradePrices[2 * k + 1],
                pnl / tradePrices[2 * k] * 100);
    }
    fputs("]}\n", out);
    fclose(out);
    printf("%ld bars, %ld trades, final equity %.2f\n", count, trades, count ? equity[count - 1] : cash);
    return 0;
}
