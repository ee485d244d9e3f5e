// Black-Scholes prices of European calls and puts for 2^22 float64 options,
// OpenMP over options (run with OMP_NUM_THREADS=1 for the single-threaded
// reference); the reference for bench/array/blackscholes_array.py and
// blackscholes_loop.py: the same inputs and the same operations in the same
// order, with glibc's erf, exp, log and sqrt, as parjit calls them.
// An optional argument sets the number of options.
#include "../common.h"
#include <cmath>

BENCH_KERNEL void init(double *S, double *K, double *T, double *r, double *v, long n) {
  for (long i = 0; i < n; ++i) {
    S[i] = 80.0 + (double)(i % 97) * 0.5;   // stock price
    K[i] = 90.0 + (double)(i % 89) * 0.25;  // strike
    T[i] = 0.25 + (double)(i % 13) * 0.125; // years to expiry
    r[i] = 0.01 + (double)(i % 7) * 0.005;  // interest rate
    v[i] = 0.1 + (double)(i % 11) * 0.03;   // volatility
  }
}

// The cumulative normal distribution.
static inline double cnd(double x) { return 0.5 * (1.0 + std::erf(x / std::sqrt(2.0))); }

BENCH_KERNEL void blackscholes(const double *S, const double *K, const double *T, const double *r, const double *v,
                               double *call, double *put, long n) {
#pragma omp parallel for
  for (long i = 0; i < n; ++i) {
    double sqrtT = std::sqrt(T[i]);
    double d1 = (std::log(S[i] / K[i]) + (r[i] + 0.5 * v[i] * v[i]) * T[i]) / (v[i] * sqrtT);
    double d2 = d1 - v[i] * sqrtT;
    double cndd1 = cnd(d1), cndd2 = cnd(d2);
    double disc = K[i] * std::exp(-r[i] * T[i]);
    call[i] = S[i] * cndd1 - disc * cndd2;
    put[i] = disc * (1.0 - cndd2) - S[i] * (1.0 - cndd1);
  }
}

int main(int argc, char **argv) {
  const long n = argc > 1 ? std::atol(argv[1]) : 1L << 22;
  double *S = new double[n], *K = new double[n], *T = new double[n], *r = new double[n], *v = new double[n];
  double *call = new double[n](), *put = new double[n]();
  init(S, K, T, r, v, n);
  double best = 1e30;
  for (int rep = 0; rep < 6; ++rep) { // the first run warms up
    double t0 = now();
    blackscholes(S, K, T, r, v, call, put, n);
    double t = now() - t0;
    if (rep > 0 && t < best) best = t;
  }
  report("blackscholes", best, numpySum(call, n) + numpySum(put, n));
  for (double *p : {S, K, T, r, v, call, put}) delete[] p;
}
