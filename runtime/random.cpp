// np.random: NumPy's legacy global RandomState (MT19937), drawing the very
// same numbers as NumPy 1.24 for the same seed, scalar and size= forms alike.
// The algorithms follow numpy/random/src/mt19937, src/legacy and
// src/distributions/distributions.c (random_bounded_uint64_fill).
#include "Runtime.h"
#include <cmath>
#include <cstdint>
#include <mutex>
#include <random>

// NumPy's own build does not fuse a * b + c into an FMA (x86-64 baseline),
// so neither may we: a fused loc + scale * g rounds once and differs in the
// last bit. GCC's default is to fuse wherever the target has FMA (aarch64).
#if defined(__clang__)
#pragma clang fp contract(off)
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

namespace {

constexpr int kStateLen = 624;

// The MT19937 key plus legacy_gauss's cached second value: NumPy's
// RandomState (its bit generator and aug_bitgen_t).
struct RandomState {
  uint32_t key[kStateLen];
  int pos = kStateLen;
  bool hasGauss = false;
  double gauss = 0.0;
  bool seeded = false;
};

// One generator for the process, as NumPy's global RandomState. Every entry
// point holds the lock while it draws (NumPy holds RandomState.lock the same
// way), so calls from a prange body are safe and each call (a whole fill
// too) takes a contiguous run of the stream; but which iteration gets which
// run depends on thread scheduling, so the values per iteration are not
// reproducible there, only the serial program's are.
std::mutex gMutex;
RandomState gState;

// The top bit of one word and the low 31 of the next, twisted.
uint32_t mix(uint32_t hi, uint32_t lo) {
  uint32_t y = (hi & 0x80000000u) | (lo & 0x7fffffffu);
  return (y >> 1) ^ (-(y & 1u) & 0x9908b0dfu);
}

// Regenerates all 624 words in place; split where the indices wrap, so the
// loops need no modulo.
void twist(RandomState &s) {
  constexpr int kShift = 397, kWrap = kStateLen - kShift;
  uint32_t *k = s.key;
  for (int i = 0; i < kWrap; ++i) k[i] = k[i + kShift] ^ mix(k[i], k[i + 1]);
  for (int i = kWrap; i < kStateLen - 1; ++i) k[i] = k[i - kWrap] ^ mix(k[i], k[i + 1]);
  k[kStateLen - 1] = k[kShift - 1] ^ mix(k[kStateLen - 1], k[0]);
  s.pos = 0;
}

// mt19937_seed: Knuth's linear recurrence over the 624 words.
void seedInt(RandomState &s, uint32_t seed) {
  for (int i = 0; i < kStateLen; ++i) {
    s.key[i] = seed;
    seed = 1812433253u * (seed ^ (seed >> 30)) + uint32_t(i + 1);
  }
  s.pos = kStateLen;
  s.hasGauss = false; // RandomState.seed calls _reset_gauss
  s.gauss = 0.0;
  s.seeded = true;
}

// NumPy seeds an unseeded RandomState from OS entropy (SeedSequence), so its
// stream is not reproducible; neither is ours. Setting the top bit of
// key[0] keeps the state nonzero, as NumPy does.
void seedFromEntropy(RandomState &s) {
  std::random_device dev;
  for (uint32_t &k : s.key) k = dev();
  s.key[0] = 0x80000000u;
  s.pos = kStateLen;
  s.seeded = true;
}

// The global state, seeded on first use; call with gMutex held.
RandomState &state() {
  if (!gState.seeded) seedFromEntropy(gState);
  return gState;
}

uint32_t next32(RandomState &s) {
  if (s.pos == kStateLen) twist(s);
  uint32_t y = s.key[s.pos++];
  y ^= y >> 11; // tempering
  y ^= (y << 7) & 0x9d2c5680u;
  y ^= (y << 15) & 0xefc60000u;
  return y ^ (y >> 18);
}

// mt19937_next64: the first word drawn is the high half.
uint64_t next64(RandomState &s) {
  uint64_t hi = next32(s);
  return hi << 32 | next32(s);
}

// random_sample: 27 + 26 bits make a 53-bit double in [0, 1).
double nextDouble(RandomState &s) {
  int32_t a = int32_t(next32(s) >> 5), b = int32_t(next32(s) >> 6);
  return (a * 67108864.0 + b) / 9007199254740992.0;
}

// legacy_gauss: the polar method yields two normals; the second is kept for
// the next call, whatever other draws come in between.
double gauss(RandomState &s) {
  if (s.hasGauss) {
    s.hasGauss = false;
    double cached = s.gauss;
    s.gauss = 0.0;
    return cached;
  }
  double x1, x2, r2;
  do {
    x1 = 2.0 * nextDouble(s) - 1.0;
    x2 = 2.0 * nextDouble(s) - 1.0;
    r2 = x1 * x1 + x2 * x2;
  } while (r2 >= 1.0 || r2 == 0.0);
  double f = std::sqrt(-2.0 * std::log(r2) / r2);
  s.gauss = f * x1;
  s.hasGauss = true;
  return f * x2;
}

// The smallest all-ones mask covering rng.
uint64_t maskFor(uint64_t rng) {
  for (int shift = 1; shift < 64; shift *= 2) rng |= rng >> shift;
  return rng;
}

// One value in [0, rng] by masked rejection, RandomState's method (not
// Lemire's): 32-bit words while rng fits in 32 bits, else 64-bit ones
// (two words each). rng == 0 draws nothing. NumPy's "buffered" 32-bit
// helper does not buffer, so a size= array consumes the stream exactly as
// the same number of scalar calls.
uint64_t bounded(RandomState &s, uint64_t rng, uint64_t mask) {
  if (rng == 0) return 0;
  uint64_t v;
  if (rng <= 0xffffffffu) {
    do v = next32(s) & mask;
    while (v > rng);
  } else {
    do v = next64(s) & mask;
    while (v > rng);
  }
  return v;
}

// Checks randint's bounds before any draw; NumPy's message for low == 0
// names high, as for the one-argument randint(high).
bool randintBoundsOk(int64_t low, int64_t high) {
  if (high > low) return true;
  pj_raise(PJ_EXC_VALUE, low == 0 ? "high <= 0" : "low >= high");
  return false;
}

// NumPy computes uniform's range once, up front, and refuses an infinite one.
bool uniformRange(double low, double high, double &range) {
  range = high - low;
  if (std::isfinite(range)) return true;
  pj_raise(PJ_EXC_OVERFLOW, "Range exceeds valid bounds");
  return false;
}

// CONS_NON_NEGATIVE: -0.0 is refused too (signbit); NaN is let through.
bool scaleOk(double scale) {
  if (std::isnan(scale) || !std::signbit(scale)) return true;
  pj_raise(PJ_EXC_VALUE, "scale < 0");
  return false;
}

} // namespace

extern "C" {

void pj_random_seed(int64_t seed) {
  if (seed < 0 || seed > int64_t(0xffffffffu)) {
    pj_raise(PJ_EXC_VALUE, "Seed must be between 0 and 2**32 - 1");
    return;
  }
  std::lock_guard<std::mutex> lock(gMutex);
  seedInt(gState, uint32_t(seed));
}

double pj_random_random(void) {
  std::lock_guard<std::mutex> lock(gMutex);
  return nextDouble(state());
}

double pj_random_standard_normal(void) {
  std::lock_guard<std::mutex> lock(gMutex);
  return gauss(state());
}

double pj_random_uniform(double low, double high) {
  double range;
  if (!uniformRange(low, high, range)) return 0.0;
  std::lock_guard<std::mutex> lock(gMutex);
  return low + range * nextDouble(state());
}

double pj_random_normal(double loc, double scale) {
  if (!scaleOk(scale)) return 0.0;
  std::lock_guard<std::mutex> lock(gMutex);
  return loc + scale * gauss(state());
}

int64_t pj_random_randint(int64_t low, int64_t high) {
  int64_t out = 0;
  pj_random_fill_randint(&out, 1, low, high); // NumPy's scalar path fills one too
  return out;
}

void pj_random_fill_random(double *out, int64_t n) {
  std::lock_guard<std::mutex> lock(gMutex);
  RandomState &s = state();
  for (int64_t i = 0; i < n; ++i) out[i] = nextDouble(s);
}

void pj_random_fill_standard_normal(double *out, int64_t n) {
  std::lock_guard<std::mutex> lock(gMutex);
  RandomState &s = state();
  for (int64_t i = 0; i < n; ++i) out[i] = gauss(s);
}

void pj_random_fill_uniform(double *out, int64_t n, double low, double high) {
  double range;
  if (!uniformRange(low, high, range)) return;
  std::lock_guard<std::mutex> lock(gMutex);
  RandomState &s = state();
  for (int64_t i = 0; i < n; ++i) out[i] = low + range * nextDouble(s);
}

void pj_random_fill_normal(double *out, int64_t n, double loc, double scale) {
  if (!scaleOk(scale)) return;
  std::lock_guard<std::mutex> lock(gMutex);
  RandomState &s = state();
  for (int64_t i = 0; i < n; ++i) out[i] = loc + scale * gauss(s);
}

// randint draws on the closed interval [low, high - 1], offset by low, in
// unsigned arithmetic (the full int64 range wraps as NumPy's does).
void pj_random_fill_randint(int64_t *out, int64_t n, int64_t low, int64_t high) {
  if (!randintBoundsOk(low, high)) return;
  uint64_t rng = uint64_t(high) - 1 - uint64_t(low), mask = maskFor(rng);
  std::lock_guard<std::mutex> lock(gMutex);
  RandomState &s = state();
  for (int64_t i = 0; i < n; ++i) out[i] = int64_t(uint64_t(low) + bounded(s, rng, mask));
}

} // extern "C"
