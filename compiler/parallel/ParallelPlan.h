// What the analyze-parallel pass decides for each prange loop, and what
// code generation and `parjit explain` read: whether the loop runs on
// threads, its reductions, its private variables and its chunk grain.
#pragma once
#include "support/Diagnostics.h"
#include "typed/TypedProgram.h"
#include <map>
#include <set>
#include <string>
#include <vector>

namespace parjit::parallel {

enum class ReduceOp { Add, Mul, Min, Max, BitOr, BitAnd, BitXor };
const char *spelling(ReduceOp op); // "+", "*", "min", "max", "|", "&", "^"

struct Reduction {
  std::string var;
  ReduceOp op = ReduceOp::Add;
  SourceLoc loc; // the first update in the loop
};

struct LoopPlan {
  const ast::For *loop = nullptr;
  bool parallel = false;
  std::string serialReason; // when !parallel: why the loop runs serially
  /// s += e, s = min(s, e), ...: one partial per chunk, combined in chunk order.
  std::vector<Reduction> reductions;
  /// hist[b] += 1 on an integer array: one private copy per thread, added in thread order.
  std::vector<Reduction> arrayReductions;
  /// Scalars and arrays assigned in the body: each iteration has its own.
  std::set<std::string> privates;
  /// Locals read in the body and assigned only outside it: copied into the chunk.
  std::vector<std::string> captured;
  /// Arrays from outside the loop that it writes (each iteration its own
  /// elements). If one overlaps another array the loop uses (f(u, u)), the
  /// loop runs as one chunk on the calling thread: the analysis compared
  /// names, not memory.
  std::vector<std::string> writtenArrays;
  /// The fewest iterations worth a chunk, from a static estimate of the
  /// body's cost; a loop shorter than one grain runs on the calling thread.
  int64_t grain = 1;
  /// What the analysis could not prove, for `parjit explain` (also warnings).
  std::vector<std::string> notes;
};

struct Plan {
  std::map<std::pair<const typed::Specialization *, const ast::For *>, LoopPlan> loops;
  const LoopPlan *find(const typed::Specialization *s, const ast::For *f) const {
    auto it = loops.find({s, f});
    return it == loops.end() ? nullptr : &it->second;
  }
};

/// For every prange loop of every reachable specialization: runs it in
/// parallel when the function is @jit(parallel=True) and the loop is not
/// nested in another prange loop; finds scalar and array reductions; reports
/// loop-carried dependences (errors) and writes it cannot prove independent
/// (warnings). False when it reported an error.
bool analyzeParallel(const typed::Program &prog, Plan &plan, DiagnosticEngine &diags);

} // namespace parjit::parallel
