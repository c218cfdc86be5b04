#ifndef ALGOBOT_LANES_H
#define ALGOBOT_LANES_H

// What the block kernels need from C that Swift cannot say.
//
// Two doubles as one vector, for the block kernels' divisions (Kernel+SMAPair.swift,
// Kernel+Columns.swift). Swift's own `SIMD2<Double> / SIMD2<Double>` is written lane by
// lane in the standard library, and the optimizer leaves it as two scalar divisions;
// written here, the division reaches LLVM as one two-lane `fdiv` and stays one `divpd`,
// which the divider finishes in about the time of one scalar division. Each lane is the
// correctly rounded IEEE quotient, the same bits as a scalar division.
typedef double algobot_lanes2 __attribute__((ext_vector_type(2)));

static inline __attribute__((always_inline)) algobot_lanes2 algobot_divide_lanes(algobot_lanes2 dividends,
                                                                               algobot_lanes2 divisors) {
    return dividends / divisors;
}

// A hint that `address`'s cache line will be read soon: unlike a load, the processor does not
// wait for it, and it never faults (an address past an array's end is fine). Swift has no
// prefetch of its own.
static inline __attribute__((always_inline)) void algobot_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

#endif
