# CUDA: Black-Scholes option pricing, after the classic Numba-CUDA
# example: a device function for the cumulative normal distribution
# (the polynomial approximation with math.exp and math.fabs), math.log,
# math.sqrt, math.exp in the kernel, five input arrays and two outputs in
# float64, and riskfree/volatility passed as scalars. Prices are printed
# rounded to 6 decimals (libdevice may differ from libm in the last place).
import math
import numpy as np
from numba import cuda

RSQRT2PI = 0.39894228040143267793994605993438
A1 = 0.31938153
A2 = -0.356563782
A3 = 1.781477937
A4 = -1.821255978
A5 = 1.330274429


@cuda.jit(device=True)
def cnd(d):
    k = 1.0 / (1.0 + 0.2316419 * math.fabs(d))
    ret_val = (RSQRT2PI * math.exp(-0.5 * d * d) *
               (k * (A1 + k * (A2 + k * (A3 + k * (A4 + k * A5))))))
    if d > 0:
        ret_val = 1.0 - ret_val
    return ret_val


@cuda.jit
def black_scholes(call_result, put_result, S, X, T, R, V):
    i = cuda.threadIdx.x + cuda.blockIdx.x * cuda.blockDim.x
    if i >= S.shape[0]:
        return
    sqrt_t = math.sqrt(T[i])
    d1 = (math.log(S[i] / X[i]) + (R + 0.5 * V * V) * T[i]) / (V * sqrt_t)
    d2 = d1 - V * sqrt_t
    cnd_d1 = cnd(d1)
    cnd_d2 = cnd(d2)
    exp_rt = math.exp(-1.0 * R * T[i])
    call_result[i] = S[i] * cnd_d1 - X[i] * exp_rt * cnd_d2
    put_result[i] = X[i] * exp_rt * (1.0 - cnd_d2) - S[i] * (1.0 - cnd_d1)


def rounded(a):
    return np.rint(a * 1e6) / 1e6 + 0.0  # + 0.0: no -0.0


def main():
    n = 1000
    k = np.arange(n)
    stock = 5.0 + (k % 26) * 1.0
    strike = 1.0 + (k % 97) * 1.0
    years = 0.25 + (k % 39) * 0.25
    call = np.zeros(n)
    put = np.zeros(n)
    d_call = cuda.to_device(call)
    d_put = cuda.to_device(put)
    tpb = 128
    black_scholes[(n + tpb - 1) // tpb, tpb](d_call, d_put, cuda.to_device(stock),
                                             cuda.to_device(strike), cuda.to_device(years),
                                             0.02, 0.30)
    call = d_call.copy_to_host()
    put = d_put.copy_to_host()
    print(rounded(call[:5]))
    print(rounded(put[:5]))
    print(rounded(call[500:505]))
    print(round(call.sum(), 4), round(put.sum(), 4))
    # put-call parity: C - P = S - X exp(-rT)
    parity = call - put - (stock - strike * np.exp(-0.02 * years))
    print(np.abs(parity).max() < 1e-9)


if __name__ == "__main__":
    main()
