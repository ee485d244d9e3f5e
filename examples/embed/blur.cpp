// Blurs an image the host owns with a kernel written in Python, compiled by
// parjit when the program starts (and taken from parjit's disk cache on
// later runs).
#include <parjit/parjit.hpp>
#include <cstdio>
#include <vector>

int main(int argc, char **argv) {
  const int64_t h = 480, w = 640;
  std::vector<double> image(h * w), blurred(h * w);
  for (int64_t y = 0; y < h; ++y)
    for (int64_t x = 0; x < w; ++x) image[y * w + x] = ((x / 32 + y / 32) % 2) ? 1.0 : 0.0; // a checkerboard

  try {
    parjit::Engine engine;
    parjit::Module mod = engine.compileFile(argc > 1 ? argv[1] : BLUR_PY);
    auto blur = mod.function<void(parjit::ArrayRef<const double, 2>, parjit::ArrayRef<double, 2>)>("blur");
    auto histogram = mod.function<parjit::Array<int64_t, 1>(parjit::ArrayRef<const double, 2>, int64_t)>("histogram");

    parjit::ArrayRef<const double, 2> src(image.data(), {h, w});
    parjit::ArrayRef<double, 2> dst(blurred.data(), {h, w});
    blur(src, dst);
    parjit::Array<int64_t, 1> bins = histogram(dst, 4); // an array parjit allocated; freed with `bins`
    std::printf("blurred %lldx%lld: center %.6f, edge of a square %.6f\n", (long long)h, (long long)w,
                blurred[240 * w + 320], blurred[240 * w + 31]);
    std::printf("histogram of the blurred image:");
    for (int64_t b = 0; b < bins.shape(0); ++b) std::printf(" %lld", (long long)bins(b));
    std::printf("\n");
  } catch (const parjit::CompileError &e) {
    std::fprintf(stderr, "%s", e.what());
    return 1;
  } catch (const parjit::RuntimeError &e) {
    std::fprintf(stderr, "%s", e.traceback().c_str());
    return 3;
  }
  return 0;
}
