// Monte Carlo pi from 10^8 samples in 1024 chunks, OpenMP over chunks with an
// int reduction; the reference for bench/parallel/montecarlo_pi.py, with the
// same generator (xorshift64 seeded by splitmix64 of (c + 1) * golden), so the
// same hits. An optional argument sets the number of samples.
#include "../common.h"
#include <cstdint>

BENCH_KERNEL long montecarlo_pi(long samples, long nchunks) {
  const uint64_t golden = 0x9E3779B97F4A7C15ull, mix1 = 0xBF58476D1CE4E5B9ull, mix2 = 0x94D049BB133111EBull;
  const double scale = 1.0 / 9007199254740992.0; // 2^-53
  long hits = 0;
#pragma omp parallel for reduction(+ : hits)
  for (long c = 0; c < nchunks; ++c) {
    uint64_t s = (uint64_t)(c + 1) * golden;
    s = (s ^ (s >> 30)) * mix1;
    s = (s ^ (s >> 27)) * mix2;
    s = s ^ (s >> 31);
    if (s == 0) s = golden; // xorshift's state must not be 0
    long count = 0;
    for (long k = samples * c / nchunks; k < samples * (c + 1) / nchunks; ++k) {
      s ^= s << 13;
      s ^= s >> 7;
      s ^= s << 17;
      double px = (double)(s >> 11) * scale;
      s ^= s << 13;
      s ^= s >> 7;
      s ^= s << 17;
      double py = (double)(s >> 11) * scale;
      if (px * px + py * py < 1.0) count += 1;
    }
    hits += count;
  }
  return hits;
}

int main(int argc, char **argv) {
  const long samples = argc > 1 ? std::atol(argv[1]) : 100000000;
  const long nchunks = 1024;
  double best = 1e30;
  long hits = 0;
  for (int rep = 0; rep < 6; ++rep) { // the first run warms up
    double t0 = now();
    hits = montecarlo_pi(samples, nchunks);
    double t = now() - t0;
    if (rep > 0 && t < best) best = t;
  }
  report("montecarlo_pi", best, 4.0 * (double)hits / (double)samples);
}
