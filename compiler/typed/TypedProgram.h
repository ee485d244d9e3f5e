// The typed, specialized program: one Specialization per function and
// argument-type signature reached from the entry point, with the type of
// every expression and the target of every call. Built by inferTypes().
#pragma once
#include "frontend/AST.h"
#include "support/Diagnostics.h"
#include "typed/Types.h"
#include <map>
#include <set>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace parjit {

/// Options that change what is compiled; set by the CLI or the embedder.
struct CompileOptions {
  int optLevel = 3;
  bool boundsCheck = true;  // --boundscheck=on|off; @jit(boundscheck=...) overrides per function
  bool fastmath = false;    // --fastmath; @jit(fastmath=True) per function
  bool debugLines = false;  // line tables in the LLVM IR (parjit explain reads LLVM's remarks by line)
  bool offloadCuda = false; // --target=cuda: every @jit(parallel=True) function's prange loops run on the GPU
};

/// A function the host asks for by name and signature, instead of running
/// the module's entry code: the embedding API and `parjit compile --export`.
struct ExportRequest {
  std::string function;  // "norm"
  std::string signature; // Numba's syntax: "float64(float64[::1])" or "(float64[:],)"
  std::string symbol;    // the C symbol of its wrapper
};

namespace typed {

struct Specialization {
  const ast::FunctionDef *def = nullptr; // null for the module's entry code
  std::string name;                      // "saxpy", "<module>"
  std::string mangled;                   // "saxpy(float64, array(float64, 1d), ...)"
  std::vector<const ast::Stmt *> body;
  std::vector<std::string> params;
  std::vector<const Type *> argTypes;
  const Type *retType = nullptr;
  std::map<std::string, const Type *> locals; // params included
  std::unordered_map<const ast::Expr *, const Type *> exprTypes;
  std::unordered_map<const ast::Call *, Specialization *> callees;
  /// For calls to user functions: the argument for each parameter (defaults
  /// filled in). For a parameter bound to an element of a tuple spread with
  /// `*` (`f(x, *t)`), the argument is the Starred node and callArgElements
  /// says which element.
  std::unordered_map<const ast::Call *, std::vector<const ast::Expr *>> callArgs;
  /// For calls with `*t` arguments only: per parameter, the element of the
  /// Starred node in callArgs that it takes, or -1 for an ordinary argument.
  /// Each Starred tuple is evaluated once per call, in source order.
  std::unordered_map<const ast::Call *, std::vector<int>> callArgElements;
  bool boundsCheck = true;
  bool fastmath = false;
  /// Decorated with @jit/@njit. A call to it from undecorated code is a
  /// compilation boundary (never inlined), as Numba's dispatcher is.
  bool jitted = false;
  /// @jit(parallel=True): its prange loops may run on several threads.
  bool parallel = false;
  /// @cuda.jit: a kernel, launched as kernel[grid, block](args) and compiled
  /// for the GPU only. @cuda.jit(device=True): a device function.
  bool cudaKernel = false, cudaDevice = false;
  /// @jit(parallel=True, target="cuda") (or --target=cuda): its outermost
  /// prange loops run on the GPU; the rest of it on the CPU.
  bool cudaOffload = false;
  /// Functions called from those loops: compiled for the GPU too.
  std::set<Specialization *> offloadCallees;
  /// kernel[grid, block](args) calls in this function: the kernel launched.
  std::unordered_map<const ast::Call *, Specialization *> launches;
  /// How each launch is configured: kernel[grid, block, stream, shared_bytes]
  /// (the expressions given, 2 to 4), or kernel.forall(ntasks, tpb, stream,
  /// sharedmem) (forall: ntasks and then the ones given, null where left out).
  struct LaunchConfig {
    std::vector<const ast::Expr *> exprs;
    bool forall = false;
  };
  std::unordered_map<const ast::Call *, LaunchConfig> launchConfigs;
  /// Constructs that GPU code cannot run (print, array allocation, ...), with
  /// where they are: errors if this specialization is compiled for the GPU.
  std::vector<std::pair<SourceLoc, std::string>> hostOnly;
  /// The reverse: cuda.grid(), cuda.threadIdx, ... used here, errors if this
  /// specialization is compiled for the CPU.
  std::vector<std::pair<SourceLoc, std::string>> deviceOnly;
  bool hostOnlyReported = false;
  /// cuda.shared.array / cuda.local.array calls: their constant shapes.
  std::unordered_map<const ast::Call *, std::vector<int64_t>> cudaArrayShapes;
  /// Scalar operands of array operations whose value is known when
  /// compiling, with the dtype NumPy's value-based casting gives them: they
  /// promote with the array as an array of that dtype would (int8 array +
  /// 1000 computes in int16).
  std::unordered_map<const ast::Expr *, DType> scalarOperandDTypes;
  bool inProgress = false;
  /// A return statement's value failed to type (its error is reported): the
  /// return type is unknown, and calls to this specialization have no type.
  bool returnFailed = false;
  std::vector<Diagnostic> diags; // reported only if this specialization is reachable

  const Type *typeOf(const ast::Expr *e) const {
    auto it = exprTypes.find(e);
    return it == exprTypes.end() ? nullptr : it->second;
  }
};

struct Export {
  Specialization *spec = nullptr;
  std::string symbol;
};

struct Program {
  const ast::Module *module = nullptr;
  TypeContext types;
  std::vector<std::unique_ptr<Specialization>> specs; // creation order
  Specialization *entry = nullptr; // the module's entry code; null when compiling exports
  std::vector<Export> exports;     // what ExportRequests asked for
  /// Module-level names bound to compile-time constants (N = 100).
  std::map<std::string, const ast::Expr *> constants;
  /// The literals that integer constant expressions (M = N // 4 + 1) were
  /// folded to: `constants` points at them.
  std::vector<std::unique_ptr<ast::Expr>> foldedConstants;
  /// Reachable specializations, callees before callers.
  std::vector<Specialization *> reachable;
  /// What runs on the GPU: the kernels launched from reachable code and the
  /// functions they call, callees before callers. A function called on both
  /// sides is in both lists (compiled twice).
  std::vector<Specialization *> deviceReachable;
  /// Reachable functions whose prange loops are offloaded to the GPU.
  std::vector<Specialization *> offloaded;
  bool hasDeviceCode() const { return !deviceReachable.empty() || !offloaded.empty(); }
  bool debugLines = false; // from CompileOptions
};

/// Type inference: types the entry code and every function it reaches, or,
/// when `exports` is not empty, the requested specializations and every
/// function they reach (the entry code is then not compiled).
std::unique_ptr<Program> inferTypes(const ast::Module &m, const CompileOptions &opts, DiagnosticEngine &diags,
                                    const std::vector<ExportRequest> &exports = {});

/// The string value of a compile-time string expression ("__main__" for __name__), or null.
const std::string *constString(const ast::Expr *e);

} // namespace typed
} // namespace parjit
