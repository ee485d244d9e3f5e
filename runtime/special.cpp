// scipy.special's error functions, computed as scipy computes them (the
// Cephes rational approximations, whose coefficients are S. L. Moshier's,
// BSD-licensed), so that compiled scripts give scipy's bits rather than
// glibc's erf, which differs from it in the last place for about a third of
// its arguments. math.erf keeps calling glibc, as CPython does.
#include "parjit/abi.h"
#include <cmath>
#include <iterator>

namespace {

#pragma GCC optimize("fp-contract=off") // scipy's bits: no fused multiply-adds

// erfc for 1 <= |x| < 8: P(x) / Q(x), Q monic.
constexpr double erfcP[] = {2.46196981473530512524E-10, 5.64189564831068821977E-1, 7.46321056442269912687E0,
                            4.86371970985681366614E1,   1.96520832956077098242E2,  5.26445194995477358631E2,
                            9.34528527171957607540E2,   1.02755188689515710272E3,  5.57535335369399327526E2};
constexpr double erfcQ[] = {1.32281951154744992508E1, 8.67072140885989742329E1, 3.54937778887819891062E2,
                            9.75708501743205489753E2, 1.82390916687909736289E3, 2.24633760818710981792E3,
                            1.65666309194161350182E3, 5.57535340817727675546E2};
// erfc for |x| >= 8: R(x) / S(x), S monic.
constexpr double erfcR[] = {5.64189583547755073984E-1, 1.27536670759978104416E0, 5.01905042251180477414E0,
                            6.16021097993053585195E0,  7.40974269950448939160E0, 2.97886665372100240670E0};
constexpr double erfcS[] = {2.26052863220117276590E0, 9.39603524938001434673E0, 1.20489539808096656605E1,
                            1.70814450747565897222E1, 9.60896809063285878198E0, 3.36907645100081516050E0};
// erf for |x| <= 1: x * T(x^2) / U(x^2), U monic.
constexpr double erfT[] = {9.60497373987051638749E0, 9.00260197203842689217E1, 2.23200534594684319226E3,
                           7.00332514112805075473E3, 5.55923013010394962768E4};
constexpr double erfU[] = {3.35617141647503099647E1, 5.21357949780152679795E2, 4.59432382970980127987E3,
                           2.26290000613890934246E4, 4.92673942608635921086E4};
constexpr double maxLog = 7.09782712893383996843E2; // log(DBL_MAX)

/// Horner's rule over coefficients from the highest power down.
template <size_t N> double poly(double x, const double (&c)[N]) {
  double r = c[0];
  for (size_t i = 1; i < N; ++i) r = r * x + c[i];
  return r;
}
/// The same with an implicit leading coefficient 1.
template <size_t N> double monicPoly(double x, const double (&c)[N]) {
  double r = x + c[0];
  for (size_t i = 1; i < N; ++i) r = r * x + c[i];
  return r;
}

double erfImpl(double x);

double erfcImpl(double a) {
  if (std::isnan(a)) return a;
  double x = std::fabs(a);
  if (x < 1.0) return 1.0 - erfImpl(a);
  double z = -a * a;
  if (z < -maxLog) return a < 0 ? 2.0 : 0.0; // underflow
  z = std::exp(z);
  double y = x < 8.0 ? z * poly(x, erfcP) / monicPoly(x, erfcQ) : z * poly(x, erfcR) / monicPoly(x, erfcS);
  if (a < 0) y = 2.0 - y;
  if (y == 0.0) return a < 0 ? 2.0 : 0.0;
  return y;
}

double erfImpl(double x) {
  if (std::isnan(x)) return x;
  if (x < 0.0) return -erfImpl(-x);
  if (x > 1.0) return 1.0 - erfcImpl(x);
  double z = x * x;
  return x * poly(z, erfT) / monicPoly(z, erfU);
}

} // namespace

extern "C" {
double pj_special_erf(double x) { return erfImpl(x); }
double pj_special_erfc(double x) { return erfcImpl(x); }
}
