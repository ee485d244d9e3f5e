// Shared state of the code generator for one specialization; its methods are
// split by node family over emit_stmt.cpp, emit_expr.cpp and emit_builtins.cpp.
#pragma once
#include "codegen/Codegen.h"
#include "parallel/ParallelPlan.h"
#include "llvm/IR/DIBuilder.h"
#include "llvm/IR/IRBuilder.h"
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

  /// The bounds-checked copy of a versioned loop, outlined into a cold
  /// `optnone` function so that neither the optimizer nor instruction
  /// selection spends time on a path only a failing index takes.
  void emitCheckedLoopCall(const ast::For &f, llvm::Value *start, llvm::Value *stop, llvm::Value *step,
                           std::optional<int64_t> constStep, bool withElse);
  void emitCheckedLoopBody(const ast::For &f, llvm::StructType *envTy, std::optional<int64_t> constStep,
                           bool withElse);
  /// In a checked-loop function: the locals go back to the caller's env.
  void copyLocalsToEnv();

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
  llvm::Value *loadElement(llvm::Value *ptr, DType d);
  void storeElement(llvm::Value *ptr, llvm::Value *v, DType d);
  llvm::Value *call(const ast::Call &c);
  llvm::Value *callUser(const ast::Call &c);

  // ---- emit_builtins.cpp ----
  llvm::Value *callBuiltin(const ast::Call &c, const std::string &name);
  llvm::Value *allocArray(DType d, const std::vector<llvm::Value *> &shape, SourceLoc loc);
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
