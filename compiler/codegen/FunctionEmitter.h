// Shared state of the code generator for one specialization; its methods are
// split by node family over emit_stmt.cpp, emit_expr.cpp and emit_builtins.cpp.
#pragma once
#include "codegen/Codegen.h"
#include <optional>
#include "parallel/ParallelPlan.h"
#include "llvm/IR/DIBuilder.h"
#include "llvm/IR/IRBuilder.h"
#include <array>
#include <functional>
#include <map>
#include <set>

namespace parjit::codegen {

using typed::Type;
using typed::DType;

/// Does a value of this type hold arrays (an array, or a tuple with one)?
bool holdsArray(const Type *t);

/// Module-wide state: LLVM functions for specializations and runtime entry points.
struct ModuleEmitter {
  const typed::Program &prog;
  typed::TypeContext &T; // interns the types codegen needs (i64 for indices)
  const SourceManager &sm;
  llvm::LLVMContext &ctx;
  llvm::Module &mod;
  const parallel::Plan &plan;
  std::map<const typed::Specialization *, llvm::Function *> functions;
  std::map<std::string, llvm::Constant *> strings;
  /// Line tables, when CompileOptions::debugLines asks for them.
  llvm::DIBuilder *di = nullptr;
  llvm::DIFile *diFile = nullptr;

  llvm::Type *llvmType(const Type *t);        // SSA type of a value
  llvm::Type *memType(DType d);               // in-memory element type (bool is i8)
  llvm::Type *scalarType(DType d);
  llvm::FunctionCallee runtime(const char *name); // declared from abi.h's table
  llvm::Constant *cstring(const std::string &s);  // a private global "s\0"
  llvm::Function *declare(const typed::Specialization &s);

  // ---- GPU (emit_cuda.cpp) ----
  /// Emitting device code (the NVPTX module).
  bool device = false;
  /// In host code: the program's GPU code, for kernel launches.
  const DeviceCode *deviceCode = nullptr;
  llvm::GlobalVariable *cudaModuleDesc = nullptr;
  /// The pj_cuda_module of the program (PTX, file, messages).
  llvm::Constant *cudaModule();
  /// Whether calling `s` may launch GPU code (memoized).
  bool mayLaunch(const typed::Specialization *s);
  std::map<const typed::Specialization *, bool> launchMemo;
};

/// The prange loops one GPU kernel runs: `f` and the prange loops perfectly
/// nested in it (each the only statement of the one before, its range not
/// depending on the outer loops' variables), at most 3 levels, collapsed
/// into one iteration space.
std::vector<const ast::For *> offloadNest(const ast::For &f, const parallel::LoopPlan &plan,
                                          const typed::Specialization &s);
/// Threads per block, and most blocks, of an offloaded loop: the grid is a
/// function of the trip count only, so reductions give the same bits on
/// every run and device.
inline constexpr int64_t kOffloadThreads = 256, kOffloadMaxBlocks = 4096;

class Elementwise;
class FunctionEmitter;

/// Where one element of an element-wise loop is: a flat C-order index (every
/// operand and output C-contiguous and of the result's shape), or a
/// multi-index of the result whose last axis has unit stride in every
/// operand and output when `unit` holds (so the inner loop vectorizes).
struct ElementPos {
  llvm::Value *flat = nullptr;
  std::vector<llvm::Value *> idx;
  bool unit = false;
};

/// The loops of one element-wise statement: the result's shape, the arrays
/// the body writes (indexed as the result), and the body, which emits the
/// work of one element into `fe` using only what it is given (it may be
/// called again in an outlined parallel chunk, where `ew` and `outs` are
/// that function's values).
struct ElementLoop {
  std::vector<llvm::Value *> shape;
  std::vector<std::pair<llvm::Value *, const typed::Type *>> outputs;
  std::function<void(FunctionEmitter &fe, Elementwise &ew, const std::vector<llvm::Value *> &outs,
                     const ElementPos &p)>
      body;
};

class FunctionEmitter {
public:
  FunctionEmitter(ModuleEmitter &m, const typed::Specialization &s);
  /// An emitter for the outlined body of a prange loop of `s`, into `f`.
  FunctionEmitter(ModuleEmitter &m, const typed::Specialization &s, llvm::Function *f);
  void emitBody();

  // ---- emit_stmt.cpp ----
  void block(const std::vector<const ast::Stmt *> &b);
  void block(const ast::StmtList &b);
  void stmt(const ast::Stmt &s);
  void stmtImpl(const ast::Stmt &s);
  void assign(const ast::Expr &target, llvm::Value *v, const Type *vt);
  void forRange(const ast::For &f);
  void emitRangeLoop(const ast::For &f, llvm::Value *start, llvm::Value *stop, llvm::Value *step,
                     std::optional<int64_t> constStep, bool withElse = true);
  /// An index component a loop can check once for its whole range: `i + c`
  /// (affine in the loop variable) or an expression the loop does not change.
  struct RangeCheck {
    const ast::Subscript *sub;
    unsigned axis;
    const ast::Expr *offset = nullptr; // i + offset (null: offset 0), or the invariant expression
    bool negate = false;               // i - offset
    bool affine = true;
  };
  /// The checks of `body`'s indices that depend on the loop variable `iv`
  /// only (`otherVariables` change in the loop too); none without bounds checks.
  std::vector<RangeCheck> rangeChecks(const ast::StmtList &body, const std::string &iv,
                                      const std::set<std::string> &otherVariables);
  /// Whether every check holds for iv in [lo, hi].
  llvm::Value *rangeChecksHold(const std::vector<RangeCheck> &checks, llvm::Value *lo, llvm::Value *hi);

  /// The bounds-checked copy of a versioned loop, outlined into a cold
  /// `optnone` function so that neither the optimizer nor instruction
  /// selection spends time on a path only a failing index takes.
  void emitCheckedLoopCall(const ast::For &f, llvm::Value *start, llvm::Value *stop, llvm::Value *step,
                           std::optional<int64_t> constStep, bool withElse);
  void emitCheckedLoopBody(const ast::For &f, llvm::StructType *envTy, std::optional<int64_t> constStep,
                           bool withElse);
  /// In a checked-loop function: the locals go back to the caller's env.
  void copyLocalsToEnv();

  // ---- emit_array.cpp: NumPy's array programming ----
  /// An operator or ufunc node of array type (computed element by element).
  bool isElementwise(const ast::Expr &e) const;
  /// An element-wise expression, computed in one loop nest into a new
  /// C-contiguous array (a temporary of the statement).
  llvm::Value *materialize(const ast::Expr &e);
  /// dst[...] = value: a scalar fills the view; an array broadcasts to it
  /// (through a temporary when it overlaps the view).
  void assignToView(llvm::Value *dst, const Type *dt, const ast::Expr &value, SourceLoc loc);
  /// a op= value on an array: in place, as NumPy does.
  void augAssignArray(llvm::Value *dst, const Type *dt, ast::BinOpKind op, const ast::Expr &value, SourceLoc loc);
  /// a[1:-1, ::2], a[i], a[:, None], a[..., 0]: a view of a's memory (a new reference).
  llvm::Value *view(const ast::Subscript &s);
  /// a[mask], with a boolean array of a's shape.
  bool isMaskIndex(const ast::Subscript &s) const;
  /// a[mask]: a new 1-d array of the selected elements, in C order.
  llvm::Value *maskSelect(const ast::Subscript &s);
  /// a[mask] = value, a[mask] op= value (op is nullopt for plain assignment).
  void maskAssign(const ast::Subscript &s, std::optional<ast::BinOpKind> op, const ast::Expr &value, SourceLoc loc);
  llvm::Value *transposed(llvm::Value *arr, const Type *t, const Type *rt);
  /// NumPy's functions and array methods on arrays (np.sum, a.copy(), ...).
  llvm::Value *callArrayFunction(const ast::Call &c, const std::string &name);
  /// np.random.NAME(...) (emit_random.cpp).
  llvm::Value *callRandom(const ast::Call &c, const std::string &fn);
  /// np.save / np.load (emit_npy.cpp).
  llvm::Value *callNpy(const ast::Call &c, const std::string &fn);
  /// Loops over every index of `shape` (axis 0 over [lo0, hi0) when given).
  void emitIndexLoops(const std::vector<llvm::Value *> &shape,
                      const std::function<void(const std::vector<llvm::Value *> &)> &body, llvm::Value *lo0 = nullptr,
                      llvm::Value *hi0 = nullptr);
  void emitFlatLoop(llvm::Value *n, const std::function<void(llvm::Value *)> &body, llvm::Value *lo = nullptr);
  /// The address of an output element at p.
  llvm::Value *elementAddress(llvm::Value *arr, DType d, const ElementPos &p);
  /// The loops of `loop`, versioned at run time (flat / unit inner stride / any strides).
  void emitElementLoopNest(Elementwise &ew, const ElementLoop &loop, const std::vector<llvm::Value *> &outs,
                           llvm::Value *lo0, llvm::Value *hi0);
  /// Runs `loop` here, or in chunks of rows on all cores in a parallel=True
  /// function; `value` is the expression computed (for its integer ** errors).
  void runElementLoop(Elementwise &ew, const ElementLoop &loop, const ast::Expr &value);
  bool hasIntPow(const ast::Expr &e);
  llvm::Value *shapeCount(const std::vector<llvm::Value *> &shape);
  llvm::Value *cOrderIndex(const std::vector<llvm::Value *> &shape, const std::vector<llvm::Value *> &idx);
  void checkPowErrors(const ast::Expr &e);
  /// np.nonzero(arr): a tuple (type rt) of one new int64 index array per axis.
  llvm::Value *nonzero(llvm::Value *arr, const Type *at, const Type *rt, SourceLoc loc);
  /// a (one more reference) when C-contiguous at run time, else a contiguous copy.
  llvm::Value *contiguousOrCopy(llvm::Value *a, const Type *at, SourceLoc loc);
  /// A C-contiguous copy of an array, converted to dtype d (a new reference).
  llvm::Value *contiguousCopy(llvm::Value *src, const Type *st, DType d, SourceLoc loc);
  /// NumPy's float sum: pairwise blocks of 8192 elements added in order.
  llvm::Value *pairwiseSum(llvm::Value *data, llvm::Value *n, llvm::Value *stride, DType d);
  /// A reduction (sum, mean, min, argmax, ...) of n elements `stride` bytes apart.
  /// A whole reduction of an element-wise expression (np.sum(a * b)), with
  /// no temporary array when the operands allow.
  llvm::Value *reduceExpression(const std::string &name, const ast::Expr &e, SourceLoc loc);
  /// var/std(ddof=k) being emitted: k (int64), else null (ddof 0).
  llvm::Value *reductionDdof = nullptr;
  /// NumPy's float sum of n computed elements: blocks of 8192 through a
  /// stack buffer, each summed pairwise.
  llvm::Value *bufferedSum(llvm::Value *n, DType fd, const std::function<llvm::Value *(llvm::Value *)> &at);
  /// A reduction (sum, mean, min, argmax, ...) of n elements given by elem(i);
  /// floatSum, when given, computes their float sum faster (from memory).
  llvm::Value *reduceElements(const std::string &name, llvm::Value *n, DType d,
                              const std::function<llvm::Value *(llvm::Value *)> &elem,
                              std::function<llvm::Value *(DType)> floatSum, SourceLoc loc);
  llvm::Value *reduceArray(const std::string &name, llvm::Value *data, llvm::Value *n, llvm::Value *stride, DType d,
                           bool sequential, SourceLoc loc);
  llvm::Value *reduceAxis(const std::string &name, llvm::Value *arr, const Type *at, int64_t axis, const Type *rt,
                          SourceLoc loc);
  llvm::Value *dot(const ast::Expr &l, const ast::Expr &r, const Type *t, SourceLoc loc);
  /// np.array / np.asarray of a list literal, a tuple or an array (a new reference).
  llvm::Value *arrayFromData(const ast::Expr &data, const Type *t, bool copy, SourceLoc loc);
  /// np.concatenate (stack false) or np.stack of a tuple of arrays along axis.
  llvm::Value *joinArrays(llvm::Value *seq, const Type *seqT, bool stack, int64_t axis, const Type *t, SourceLoc loc);
  /// One element of `l op r` with NumPy's semantics (no Python exceptions).
  llvm::Value *elementBinop(ast::BinOpKind op, llvm::Value *l, DType ld, llvm::Value *r, DType rd, DType d);

  // ---- emit_parallel.cpp ----
  void emitParallelFor(const ast::For &f, const parallel::LoopPlan &plan);
  llvm::Function *emitParallelBody(const ast::For &f, const parallel::LoopPlan &plan, llvm::StructType *envTy,
                                   std::optional<int64_t> constStep);
  void emitChunk(const ast::For &f, const parallel::LoopPlan &plan, llvm::StructType *envTy,
                 std::optional<int64_t> constStep);
  llvm::Value *reduceIdentity(parallel::ReduceOp op, const Type *t);
  llvm::Value *reduceCombine(parallel::ReduceOp op, const Type *t, llvm::Value *acc, llvm::Value *v);

  // ---- emit_expr.cpp ----
  llvm::Value *expr(const ast::Expr &e);
  llvm::Value *convert(llvm::Value *v, const Type *from, const Type *to, SourceLoc loc = {});
  llvm::Value *toDType(llvm::Value *v, const Type *from, DType to);
  llvm::Value *truth(llvm::Value *v, const Type *t);
  llvm::Value *binop(ast::BinOpKind op, llvm::Value *l, const Type *lt, llvm::Value *r, const Type *rt,
                     const Type *resT, SourceLoc loc);
  llvm::Value *compareOp(ast::CmpOpKind op, llvm::Value *l, const Type *lt, llvm::Value *r, const Type *rt,
                         const ast::Expr *le, const ast::Expr *re);
  llvm::Value *elementPtr(const ast::Subscript &s, llvm::Value *&arrOut, const Type *&arrT);
  /// The address of arr[idx...] (negative indices wrap, bounds checked unless
  /// the subscript `s`, when given, is proven in bounds).
  llvm::Value *indexPtr(llvm::Value *arr, const Type *at, const std::vector<const ast::Expr *> &idx,
                        const ast::Subscript *s);
  // ---- emit_cuda.cpp ----
  llvm::Value *cudaRegister(const std::string &which, int axis); // threadIdx, blockIdx, blockDim, gridDim, laneid
  llvm::Value *callCuda(const ast::Call &c, const std::string &name);
  llvm::Value *emitLaunch(const ast::Call &c);
  /// One argument of a launch: its value, type and pj_cuda_arg.writes.
  struct KernelArg {
    llvm::Value *value;
    const Type *type;
    int writes;
  };
  /// pj_cuda_launch of the program's kernel `entry` (`shownName` in
  /// tracebacks) on grid x block (3 i64 each); its status (0: done).
  llvm::Value *launchKernel(const std::string &entry, const std::string &shownName,
                            const std::array<llvm::Value *, 3> &grid, const std::array<llvm::Value *, 3> &block,
                            llvm::Value *sharedBytes, const std::vector<KernelArg> &args);
  /// `deep`: for a whole loop (nested statements included) that launches
  /// nothing, so the statements inside need no syncing of their own.
  void syncArraysForHost(const ast::Stmt &s, bool deep);
  /// Could running `s` launch GPU code (a kernel launch, an offloaded loop,
  /// a call to a function that may)?
  bool mayLaunch(const ast::Stmt &s);
  /// In GPU code: may running `s` reach a barrier (cuda.syncthreads, or a
  /// call of one of the program's functions, which might)?
  bool mayHaveBarrier(const ast::Stmt &s);
  /// In an offloaded loop: integer arrays accumulated at shared indices
  /// (`hist[b] += 1`), updated with atomics.
  std::set<std::string> atomicArrays;
  /// > 0 inside a loop synced as a whole (see syncArraysForHost).
  int hostSynced = 0;
  // prange loops offloaded to the GPU (@jit(parallel=True, target="cuda")):
  /// The host side: the trip counts, a launch of the loop's kernel, the
  /// reductions' block partials combined in block order.
  void emitOffloadLaunch(const ast::For &f, const parallel::LoopPlan &plan);
  /// The device side, into F: `i32 (start, step, n per loop level...,
  /// captured..., ptr accumulator per reduction)`, a grid-stride loop.
  void emitOffloadBody(const std::vector<const ast::For *> &nest, const parallel::LoopPlan &plan);
  /// start, step and trip count of a range()/prange() call's arguments.
  void rangeTrips(const ast::Call &call, llvm::Value *&start, llvm::Value *&step, llvm::Value *&n);
  llvm::Value *loadElement(llvm::Value *ptr, DType d);
  void storeElement(llvm::Value *ptr, llvm::Value *v, DType d);
  llvm::Value *call(const ast::Call &c);
  llvm::Value *callUser(const ast::Call &c);

  // ---- emit_builtins.cpp ----
  llvm::Value *callBuiltin(const ast::Call &c, const std::string &name);
  /// A new C-contiguous array (a new reference); zeroed unless `zeroed` is
  /// false, for arrays the caller writes in full before reading.
  llvm::Value *allocArray(DType d, const std::vector<llvm::Value *> &shape, SourceLoc loc, bool zeroed = true);
  /// The descriptor of type t of a C-contiguous array: {meminfo, data, shape, C strides}.
  llvm::Value *cArray(const Type *t, llvm::Value *meminfo, llvm::Value *data, const std::vector<llvm::Value *> &shape);
  void print(const ast::Call &c);
  void write(llvm::Value *v, const Type *t, bool repr);

  // ---- helpers ----
  const Type *typeOf(const ast::Expr &e) const;
  llvm::AllocaInst *local(const std::string &name);
  /// Branches to the unwind block when `failed` is true (an exception raised at `loc`).
  void checkFailed(llvm::Value *failed, SourceLoc loc);
  /// The same, with the line known only at run time (from a prange body).
  void checkFailedAt(llvm::Value *failed, llvm::Value *line);
  /// The entry block with a stack slot for every local, and the unwind block.
  /// `managed` must be set first: the unwind block releases those locals.
  void setUpFrame();

  // ---- reference counting (emit_refcount.cpp) ----
  // Every array value holds a reference to its block. A local that the body
  // assigns owns one ("managed"); a parameter that is never reassigned only
  // borrows its caller's. A call that returns an array returns a new
  // reference, which lives as a temporary until the end of the statement.
  /// The locals of type `t` that the statements assign (array-holding types only).
  void computeManaged(const std::vector<const ast::Stmt *> &body);
  void incref(llvm::Value *v, const Type *t);
  void decref(llvm::Value *v, const Type *t);
  /// Releases the temporaries of the statement (or region) being emitted.
  void releaseTemps();
  /// Releases every managed local (on the way out of the function).
  void releaseLocals();
  /// Evaluates `e` as a new reference the caller owns.
  llvm::Value *ownedValue(const ast::Expr &e);
  /// Runs `fn` (code evaluated only on some paths) with its own temporaries,
  /// released when it ends.
  template <typename Fn> auto tempScope(Fn &&fn) {
    auto saved = std::move(temps);
    temps.clear();
    auto v = fn();
    releaseTemps();
    temps = std::move(saved);
    return v;
  }
  /// Returns 0 from a body that fell off its end; drops an unused unwind block.
  void finishFrame();
  /// Emits `cond ? raise(...) : continue`; `raise` emits the pj_raise* call.
  void raiseIf(llvm::Value *cond, SourceLoc loc, const std::function<void()> &raise);
  void raiseMsg(int kind, const std::string &msg);
  llvm::Value *arrayData(llvm::Value *arr) { return B.CreateExtractValue(arr, {1}); }
  llvm::Value *arrayDim(llvm::Value *arr, unsigned k) { return B.CreateExtractValue(arr, {2, k}); }
  llvm::Value *arrayStride(llvm::Value *arr, unsigned k) { return B.CreateExtractValue(arr, {3, k}); }
  llvm::Value *i64(int64_t v) { return B.getInt64(static_cast<uint64_t>(v)); }
  /// The address of arr[idx...] (idx may name fewer axes than arr has).
  llvm::Value *stridedPtr(llvm::Value *arr, const std::vector<llvm::Value *> &idx) {
    llvm::Value *off = i64(0);
    for (size_t k = 0; k < idx.size(); ++k)
      off = B.CreateAdd(off, B.CreateMul(idx[k], arrayStride(arr, static_cast<unsigned>(k))));
    return B.CreateInBoundsGEP(B.getInt8Ty(), arrayData(arr), off);
  }
  llvm::Function *intrinsic(llvm::Intrinsic::ID id, llvm::ArrayRef<llvm::Type *> tys);
  llvm::BasicBlock *newBlock(const char *name) { return llvm::BasicBlock::Create(M.ctx, name, F); }
  bool terminated() const { return B.GetInsertBlock()->getTerminator() != nullptr; }

  ModuleEmitter &M;
  const typed::Specialization &S;
  llvm::Function *F = nullptr;
  /// A prange body: its unwind block returns the line instead of adding a frame.
  bool outlined = false;
  /// An outlined bounds-checked loop: the caller's locals come in and go back
  /// through childEnv (fields 4.. in S.locals order), and the caller owns them.
  bool checkedChild = false;
  /// An outlined chunk of a parallel loop: array expressions in it stay serial.
  bool inParallelChunk = false;
  llvm::StructType *childEnv = nullptr;
  std::vector<std::string> childLocals; // the locals in childEnv, in order
  /// In a prange body: the reduction variables, updated with reassociation allowed.
  std::set<std::string> reductionVars;
  /// Locals that own a reference to their array (released at every exit).
  std::set<std::string> managed;
  /// New array references made by the statement being emitted.
  std::vector<std::pair<llvm::Value *, const Type *>> temps;
  llvm::IRBuilder<> B;
  llvm::Value *retSlot = nullptr;
  llvm::BasicBlock *unwindBB = nullptr;
  llvm::PHINode *unwindLine = nullptr;
  std::map<std::string, llvm::AllocaInst *> locals;
  struct Loop { llvm::BasicBlock *continueBB, *breakBB; };
  std::vector<Loop> loops;
  /// Index components (subscript, axis) proven in range in the loop version being emitted.
  std::set<std::pair<const ast::Subscript *, unsigned>> proven;
};

} // namespace parjit::codegen
