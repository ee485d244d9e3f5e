// `parjit explain`: per loop, what the compiler did with it. The parallel
// plan says whether a prange loop runs on threads and with which reductions;
// LLVM's loop-vectorizer remarks, matched by source line, say whether and at
// what width the loop was vectorized, or why not.
#include "Pipeline.h"
#include "codegen/FunctionEmitter.h"
#include "typed/ArrayOps.h"
#include "llvm/Support/Casting.h"
#include <algorithm>
#include <functional>
#include <set>
#include <sstream>

using llvm::cast;
using llvm::dyn_cast;

namespace parjit {
namespace {

std::string joinNames(const std::vector<std::string> &names) {
  std::string out;
  for (auto &n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

/// What LLVM did with the innermost loop on `line`: "vectorized (width 8,
/// interleave 1)", or why not.
std::string vectorization(const Compilation &c, uint32_t line, bool innermost) {
  std::string passed, why, missed;
  for (const OptRemark &r : c.remarks) {
    // The bounds-checked copy of a loop is never vectorized, on purpose.
    if (r.line != line || r.message.find("explicitly disabled") != std::string::npos) continue;
    if (r.kind == OptRemark::Passed && passed.empty()) passed = r.message;
    else if (r.kind == OptRemark::Analysis && why.empty()) why = r.message;
    else if (r.kind == OptRemark::Missed && missed.empty()) missed = r.message;
  }
  if (!passed.empty()) {
    // "vectorized loop (vectorization width: 8, interleaved count: 1)"
    std::string w, ic;
    if (size_t p = passed.find("width: "); p != std::string::npos) w = passed.substr(p + 7, passed.find_first_of(",)", p) - p - 7);
    if (size_t p = passed.find("count: "); p != std::string::npos) ic = passed.substr(p + 7, passed.find_first_of(",)", p) - p - 7);
    return "vectorized, " + (w.empty() ? std::string("?") : w) + " lanes" + (ic.empty() || ic == "1" ? "" : " x " + ic + " interleaved");
  }
  if (!why.empty()) {
    const std::string prefix = "loop not vectorized: ";
    if (why.rfind(prefix, 0) == 0) why = why.substr(prefix.size());
    return "not vectorized: " + why;
  }
  if (!missed.empty()) return "not vectorized: " + missed;
  return innermost ? "not vectorized" : "not vectorized (LLVM vectorizes innermost loops)";
}

bool hasInnerLoop(const ast::StmtList &body) {
  bool found = false;
  std::function<void(const ast::Stmt &)> walk = [&](const ast::Stmt &s) {
    if (llvm::isa<ast::For>(&s) || llvm::isa<ast::While>(&s)) found = true;
    ast::forEachChild(s, [](const ast::Expr &) {}, walk);
  };
  for (auto &s : body) walk(*s);
  return found;
}

/// A statement that compiles to an element-wise loop nest: `c = a * b + 1`,
/// `u[1:-1] = ...`, `a += b`. Empty when it is not one; else what it is.
std::string arrayStatement(const typed::Specialization &s, const ast::Stmt &st) {
  auto elementwise = [&](const ast::Expr &e) {
    const typed::Type *t = s.typeOf(&e);
    if (!t || !t->isArray()) return false;
    if (auto *b = dyn_cast<ast::BinOp>(&e)) return b->op != ast::BinOpKind::MatMul;
    if (llvm::isa<ast::UnaryOp>(&e) || llvm::isa<ast::Compare>(&e)) return true;
    if (auto *call = dyn_cast<ast::Call>(&e)) {
      const typed::Type *ft = s.typeOf(call->func.get());
      return ft && ft->kind == typed::TypeKind::Builtin && ft->name.rfind("np.", 0) == 0 &&
             typed::findUfunc(ft->name.substr(3));
    }
    return false;
  };
  if (auto *a = dyn_cast<ast::Assign>(&st)) {
    const ast::Expr &target = *a->targets.front();
    const typed::Type *tt = s.typeOf(&target);
    if (llvm::isa<ast::Subscript>(&target) && tt && tt->isArray()) return "assignment to a view";
    if (elementwise(*a->value)) return "array expression";
  }
  if (auto *a = dyn_cast<ast::AugAssign>(&st)) {
    const typed::Type *tt = s.typeOf(a->target.get());
    if (tt && tt->isArray()) return "in-place array update";
  }
  return "";
}

} // namespace

std::string explainLoops(const Compilation &c) {
  std::ostringstream os;
  if (!c.program) return "";
  std::vector<const typed::Specialization *> specs(c.program->reachable.begin(), c.program->reachable.end());
  std::stable_sort(specs.begin(), specs.end(), [](auto *a, auto *b) {
    uint32_t la = a->def ? a->def->loc.line : 0, lb = b->def ? b->def->loc.line : 0;
    return la < lb;
  });
  for (const typed::Specialization *s : specs) {
    std::vector<std::pair<const ast::Stmt *, int>> loops; // loop or array statement, nesting depth
    std::function<void(const ast::Stmt &, int)> walk = [&](const ast::Stmt &st, int depth) {
      bool isLoop = llvm::isa<ast::For>(&st) || llvm::isa<ast::While>(&st);
      if (isLoop || !arrayStatement(*s, st).empty()) loops.push_back({&st, depth});
      ast::forEachChild(st, [](const ast::Expr &) {}, [&](const ast::Stmt &ch) { walk(ch, depth + (isLoop ? 1 : 0)); });
    };
    for (const ast::Stmt *st : s->body) walk(*st, 0);
    if (loops.empty()) continue;
    os << c.sm.name(c.file) << ":" << (s->def ? s->def->nameLoc.line : 1) << ": " << s->mangled
       << (s->parallel ? " [parallel=True]" : "") << "\n";
    std::set<const ast::Stmt *> collapsed; // inner loops of an offloaded nest: part of its kernel
    for (auto &[st, depth] : loops) {
      if (collapsed.count(st)) continue;
      std::string indent(2 + 2 * depth, ' ');
      if (std::string what = arrayStatement(*s, *st); !what.empty()) {
        // One fused loop nest, versioned at run time (flat when everything is
        // C-contiguous, unit inner stride, any strides).
        os << indent << "line " << st->loc.line << ": " << what << ": one fused loop nest"
           << (s->parallel ? ", in chunks of rows on all threads" : "") << "\n";
        os << indent << "  " << vectorization(c, st->loc.line, true) << "\n";
        continue;
      }
      const ast::StmtList &body = llvm::isa<ast::For>(st) ? cast<ast::For>(st)->body : cast<ast::While>(st)->body;
      bool innermost = !hasInnerLoop(body);
      os << indent << "line " << st->loc.line << ": ";
      const parallel::LoopPlan *p = nullptr;
      if (auto *f = dyn_cast<ast::For>(st)) p = c.parallelPlan.find(s, f);
      if (p && p->parallel && s->cudaOffload) {
        auto entry = c.device.loopEntries.find({s, cast<ast::For>(st)});
        std::vector<const ast::For *> nest = codegen::offloadNest(*cast<ast::For>(st), *p, *s);
        size_t levels = nest.size();
        collapsed.insert(nest.begin() + 1, nest.end());
        os << "prange loop: offloaded to the GPU, kernel "
           << (entry == c.device.loopEntries.end() ? std::string("?") : entry->second);
        if (levels > 1) os << " (" << levels << " nested prange loops collapsed into one iteration space)";
        os << "\n" << indent << "  grid-stride loop, " << codegen::kOffloadThreads
           << " threads per block, at most " << codegen::kOffloadMaxBlocks
           << " blocks (fixed by the trip count)\n";
        if (!p->reductions.empty()) {
          os << indent << "  reductions:";
          for (auto &r : p->reductions) os << " " << r.var << " (" << parallel::spelling(r.op) << ")";
          os << ", a tree per block in shared memory, then block by block in block order on the host\n";
        }
        if (!p->arrayReductions.empty()) {
          os << indent << "  array reductions:";
          for (auto &r : p->arrayReductions) os << " " << r.var << " (" << parallel::spelling(r.op) << "=)";
          os << ", atomic updates of the elements\n";
        }
        if (!p->captured.empty()) os << indent << "  read from outside: " << joinNames(p->captured) << "\n";
        if (!p->writtenArrays.empty()) os << indent << "  writes: " << joinNames(p->writtenArrays) << "\n";
        continue;
      }
      if (p) {
        os << "prange loop: ";
        if (p->parallel) {
          os << "parallel, chunks of at least " << p->grain << " iteration" << (p->grain == 1 ? "" : "s")
             << " (fixed by the trip count, not the thread count)\n";
          if (!p->reductions.empty()) {
            os << indent << "  reductions:";
            for (auto &r : p->reductions) os << " " << r.var << " (" << parallel::spelling(r.op) << ")";
            os << ", combined chunk by chunk in chunk order\n";
          }
          if (!p->arrayReductions.empty()) {
            os << indent << "  array reductions:";
            for (auto &r : p->arrayReductions) os << " " << r.var << " (" << parallel::spelling(r.op) << "=)";
            os << ", one private copy per thread, added in thread order\n";
          }
          std::vector<std::string> priv;
          for (auto &n : p->privates) priv.push_back(n);
          if (!priv.empty()) os << indent << "  private to each iteration: " << joinNames(priv) << "\n";
          if (!p->captured.empty()) os << indent << "  read from outside: " << joinNames(p->captured) << "\n";
          if (!p->writtenArrays.empty())
            os << indent << "  writes: " << joinNames(p->writtenArrays)
               << " (if one overlaps another array the loop uses, it runs on one thread)\n";
          for (auto &n : p->notes) os << indent << "  warning: " << n << "\n";
        } else {
          os << "serial: " << p->serialReason << "\n";
        }
      } else {
        os << (llvm::isa<ast::For>(st) ? "for loop" : "while loop") << ": serial\n";
      }
      os << indent << "  " << vectorization(c, st->loc.line, innermost) << "\n";
    }
  }
  return os.str();
}

} // namespace parjit
