# Black-Scholes prices of European calls and puts for 2^22 float64 options,
# in loop style: one loop over the options with math.erf, math.exp, ...
# Prints: blackscholes BEST_SECONDS SUM(call)+SUM(put)
#   (compare with bench/cpp/array/blackscholes.cpp and blackscholes_array.py).
# Arguments: [n [parallel]]: the number of options (default 2^22); parallel 1
# times the @jit(parallel=True) copy of the kernel (a prange loop), 0 (default)
# the @jit one (a range loop).
import math
import sys
import time
import numpy as np
from parjit import jit, prange


@jit
def init(S, K, T, r, v):
    for i in range(S.shape[0]):
        S[i] = 80.0 + (i % 97) * 0.5  # stock price
        K[i] = 90.0 + (i % 89) * 0.25  # strike
        T[i] = 0.25 + (i % 13) * 0.125  # years to expiry
        r[i] = 0.01 + (i % 7) * 0.005  # interest rate
        v[i] = 0.1 + (i % 11) * 0.03  # volatility


@jit
def cnd(x):
    """The cumulative normal distribution."""
    return 0.5 * (1.0 + math.erf(x / math.sqrt(2.0)))


@jit
def blackscholes(S, K, T, r, v, call, put):
    for i in range(S.shape[0]):
        sqrtT = math.sqrt(T[i])
        d1 = (math.log(S[i] / K[i]) + (r[i] + 0.5 * v[i] * v[i]) * T[i]) / (v[i] * sqrtT)
        d2 = d1 - v[i] * sqrtT
        cndd1 = cnd(d1)
        cndd2 = cnd(d2)
        disc = K[i] * math.exp(-r[i] * T[i])
        call[i] = S[i] * cndd1 - disc * cndd2
        put[i] = disc * (1.0 - cndd2) - S[i] * (1.0 - cndd1)


@jit(parallel=True)
def blackscholes_par(S, K, T, r, v, call, put):
    for i in prange(S.shape[0]):
        sqrtT = math.sqrt(T[i])
        d1 = (math.log(S[i] / K[i]) + (r[i] + 0.5 * v[i] * v[i]) * T[i]) / (v[i] * sqrtT)
        d2 = d1 - v[i] * sqrtT
        cndd1 = cnd(d1)
        cndd2 = cnd(d2)
        disc = K[i] * math.exp(-r[i] * T[i])
        call[i] = S[i] * cndd1 - disc * cndd2
        put[i] = disc * (1.0 - cndd2) - S[i] * (1.0 - cndd1)


def main():
    n = 1 << 22
    par = 0
    if len(sys.argv) > 1:
        n = int(sys.argv[1])
    if len(sys.argv) > 2:
        par = int(sys.argv[2])
    S = np.empty(n)
    K = np.empty(n)
    T = np.empty(n)
    r = np.empty(n)
    v = np.empty(n)
    call = np.zeros(n)
    put = np.zeros(n)
    init(S, K, T, r, v)
    best = 1e30
    for rep in range(6):  # the first run warms up
        t0 = time.perf_counter()
        if par:
            blackscholes_par(S, K, T, r, v, call, put)
        else:
            blackscholes(S, K, T, r, v, call, put)
        t = time.perf_counter() - t0
        if rep > 0 and t < best:
            best = t
    print("blackscholes", best, call.sum() + put.sum())


if __name__ == "__main__":
    main()
