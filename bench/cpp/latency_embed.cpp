// JIT latency through the embedding API: from source text to the first
// call's result, in one process. Prints `embed MS RESULT`.
//   latency_embed KERNEL.py [--no-cache] [--cache-dir DIR]
#include <parjit/parjit.hpp>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

int main(int argc, char **argv) {
  if (argc < 2) return 2;
  std::ifstream in(argv[1]);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string source = ss.str();
  parjit::Options opts;
  for (int i = 2; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--no-cache")) opts.cache = false;
    else if (!std::strcmp(argv[i], "--cache-dir") && i + 1 < argc) opts.cacheDir = argv[++i];
  }
  std::vector<double> x(1000);
  for (size_t i = 0; i < x.size(); ++i) x[i] = static_cast<double>(i);
  auto t0 = std::chrono::steady_clock::now();
  parjit::Engine engine(opts);
  parjit::Module mod = engine.compile(source, argv[1]);
  auto f = mod.function<double(parjit::ArrayRef<const double, 1>, int64_t)>("smooth_norm");
  double r = f(x, 3);
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  std::printf("embed %.3f %.17g\n", ms, r);
  return 0;
}
