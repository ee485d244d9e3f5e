// Type inference: walks the entry code, and every function reached from it
// once per argument-type signature, to a fixpoint of the local variables'
// types; then walks once more to record diagnostics.
#include "typed/ArrayOps.h"
#include "typed/Builtins.h"
#include "typed/TypedProgram.h"
#include "typed/Signature.h"
#include "llvm/Support/Casting.h"
#include <algorithm>
#include <functional>
#include <set>

using namespace llvm;

namespace parjit::typed {

const std::string *constString(const ast::Expr *e) {
  static const std::string mainName = "__main__";
  if (auto *s = dyn_cast_or_null<ast::StrLit>(e))
    return s->isFString || s->isBytes ? nullptr : &s->value;
  if (auto *n = dyn_cast_or_null<ast::Name>(e))
    if (n->id == "__name__")
      return &mainName;
  return nullptr;
}

namespace {

bool foldIntConstant(const ast::Expr &e, int64_t &v,
                     const std::function<const ast::Expr *(const std::string &)> &constant, int depth = 0);

/// & | ^ << >>: the operators NumPy has no float loops for.
bool isBitwise(ast::BinOpKind op) {
  using K = ast::BinOpKind;
  return op == K::BitAnd || op == K::BitOr || op == K::BitXor || op == K::LShift || op == K::RShift;
}

/// Names every assignment in a body binds (Python: local to the function).
void collectAssigned(const ast::Stmt &s, std::set<std::string> &out) { ast::collectBoundNames(s, out); }
void collectTargets(const ast::Expr &t, std::set<std::string> &out) { ast::collectTargetNames(t, out); }

struct ModuleScope {
  std::map<std::string, const ast::FunctionDef *> functions;
  std::map<std::string, const Type *> names; // imported modules, builtins, dtypes
  std::map<std::string, const ast::Expr *> constants;
  std::set<std::string> moduleVariables; // assigned at module level (constants or not)
  /// Module-level classes: skipped by the entry code, an error where used.
  std::map<std::string, SourceLoc> classes;
  /// Functions defined in a module-level block (`if __name__ == "__main__":`
  /// ... `f = lambda x: ...`): module-level functions too, not entry code locals.
  std::set<std::string> blockFunctions;
  /// `from M import x` where parjit does not support M.x: the name bound,
  /// its qualified name ("scipy.special.erfinv") and the import. An error
  /// only where compiled code uses it.
  std::map<std::string, std::pair<std::string, SourceLoc>> unsupportedImports;
};

class Inferrer {
public:
  Inferrer(Program &p, const CompileOptions &o) : prog(p), T(p.types), opts(o) {}

  void buildModuleScope(const ast::Module &m, DiagnosticEngine &diags);
  Specialization *specialize(const ast::FunctionDef *def, std::vector<const Type *> args,
                             Specialization *caller, SourceLoc callLoc);
  void inferBody(Specialization &s);

  Program &prog;
  TypeContext &T;
  const CompileOptions &opts;
  ModuleScope scope;
  std::map<std::pair<const ast::FunctionDef *, std::vector<const Type *>>, Specialization *> cache;
  /// Nested functions (and lambdas) met so far, by their Function type's name.
  std::map<std::string, const ast::FunctionDef *> nestedFunctions;
  /// Messages reported once for the whole program, at their first place in
  /// source order (the use of an unsupported import).
  std::set<std::string> reportOnce;

private:
  // --- per specialization walk state ---
  Specialization *cur = nullptr;
  bool final = false;
  bool changed = false;
  std::set<std::string> localNames;
  std::map<std::string, SourceLoc> firstAssign;
  std::map<std::string, const Type *> annotated;
  /// `a: T = value` (or `a = value` with `a` annotated before): the value
  /// and T, for np.load, which takes its array type from T.
  const ast::Expr *annotatedValue = nullptr;
  const Type *annotatedValueType = nullptr;
  /// Locals whose value failed to type: their uses are not reported again.
  std::set<std::string> poisoned;
  /// The @jit("sig") signature this specialization matched, checked against its return type.
  std::optional<Signature> declared;
  SourceLoc declaredLoc;
  void checkSignatures(Specialization &s, const ast::Call &decorator);
  int loopDepth = 0;
  /// Typing the body of an outermost prange loop of a cudaOffload function:
  /// GPU code.
  bool offloadBody = false;
  /// A construct GPU code cannot run: an error now in an offloaded loop,
  /// else recorded in case this function is compiled for the GPU.
  void hostOnly(SourceLoc loc, std::string msg) {
    if (!final) return;
    if (offloadBody) error(loc, msg + " (in a prange loop offloaded to the GPU)");
    else cur->hostOnly.push_back({loc, std::move(msg)});
  }
  /// The callee expression of the call being typed: a nested function's
  /// name is only allowed there.
  const ast::Expr *calleeExpr = nullptr;

  void error(SourceLoc loc, std::string msg) {
    if (final) cur->diags.push_back({Severity::Error, loc, std::move(msg), {}});
  }
  Diagnostic *errorD(SourceLoc loc, std::string msg) {
    if (!final) return nullptr;
    cur->diags.push_back({Severity::Error, loc, std::move(msg), {}});
    return &cur->diags.back();
  }
  const Type *set(const ast::Expr &e, const Type *t) {
    cur->exprTypes[&e] = t;
    return t;
  }

  void block(const std::vector<const ast::Stmt *> &b) { for (auto *s : b) stmt(*s); }
  void block(const ast::StmtList &b) { for (auto &s : b) stmt(*s); }
  void stmt(const ast::Stmt &s);
  void assignTo(const ast::Expr &target, const Type *t, SourceLoc valueLoc);
  void bindLocal(const std::string &name, const Type *t, SourceLoc loc);
  void forStmt(const ast::For &f);

  const Type *expr(const ast::Expr &e);
  const Type *exprImpl(const ast::Expr &e);
  const Type *name(const ast::Name &n);
  const Type *binop(const ast::BinOp &b);
  const Type *binopTypes(ast::BinOpKind op, const Type *l, const Type *r, SourceLoc loc);
  const Type *unary(const ast::UnaryOp &u);
  const Type *compare(const ast::Compare &c);
  const Type *call(const ast::Call &c);
  const Type *callUser(const ast::Call &c, const ast::FunctionDef *def);
  /// ignoresStream: a `stream=` keyword is accepted (Numba's host API).
  const Type *callBuiltin(const ast::Call &c, const std::string &name, bool ignoresStream = false);
  // CUDA (Numba-CUDA's syntax): kernel[grid, block](args) and cuda.* in kernels.
  const Type *launch(const ast::Call &c, const Specialization::LaunchConfig &config, SourceLoc configLoc,
                     const ast::FunctionDef *def);
  /// The configuration of kernel.forall(ntasks, tpb, stream, sharedmem) (by position or keyword).
  std::optional<Specialization::LaunchConfig> forallConfig(const ast::Call &forall);
  const Type *cudaCall(const ast::Call &c, const std::string &name);
  bool constInt(const ast::Expr &e, int64_t &v);
  /// The builtin a decorator names ("parjit.jit", "cuda.jit"), or "".
  std::string decoratorName(const ast::Expr &d);
  /// What @cuda.jit makes of a function: a kernel (launched with
  /// [blocks, threads]), a device function (device=True), or neither.
  enum class CudaKind { None, Kernel, Device };
  CudaKind cudaKind(const ast::FunctionDef &def);
  const Type *arrayConstructor(const ast::Call &c, const std::string &name);
  const Type *attribute(const ast::Attribute &a);
  const Type *subscript(const ast::Subscript &s);
  const Type *truthTest(const ast::Expr &e);
  std::optional<DType> dtypeArg(const ast::Expr &e);
  const Type *annotationType(const ast::Expr &e);
  const Type *unify(const Type *a, const Type *b);
  bool intConst(const ast::Expr &e, int64_t &v);
  const ast::Expr *moduleConstant(const ast::Expr &e);
  /// The value of a scalar expression known when compiling (a literal, its
  /// negation, a module-level constant, np.int32(70000)), if any.
  std::optional<ScalarValue> scalarValue(const ast::Expr &e);
  /// For `array op scalar` (either order) with a known scalar: records the
  /// scalar's value-based dtype and returns the operation's dtype as NumPy
  /// computes it (the dtype both operands are converted to), else nullopt.
  std::optional<DType> valueBasedOperands(const ast::Expr &le, const Type *l, const ast::Expr &re, const Type *r);
  /// Whether the store target s (typed) is a[mask] with a mask of lower rank
  /// than a, which only reads support: reports it.
  bool storesThroughPartialMask(const ast::Subscript &s);
};

void Inferrer::buildModuleScope(const ast::Module &m, DiagnosticEngine &diags) {
  for (const char *b : {"len", "range", "print", "abs", "min", "max", "int", "float", "bool", "round", "divmod"})
    scope.names[b] = T.builtin(b);
  scope.names["int"] = T.dtype(DType::I64);
  scope.names["float"] = T.dtype(DType::F64);
  scope.names["bool"] = T.dtype(DType::Bool);
  for (auto &sp : m.body) {
    const ast::Stmt &s = *sp;
    if (auto *f = dyn_cast<ast::FunctionDef>(&s)) {
      scope.functions[f->name] = f;
      scope.names.erase(f->name);
      scope.unsupportedImports.erase(f->name);
    } else if (auto *imp = dyn_cast<ast::Import>(&s)) {
      for (auto &a : imp->names) {
        std::string mod = a.name;
        std::string bound = a.asname.empty() ? mod.substr(0, mod.find('.')) : a.asname;
        if (!a.asname.empty() && (mod == "numba.cuda" || mod == "parjit.cuda")) // import numba.cuda as cuda
          scope.names[bound] = T.module("parjit.cuda");
        else if (mod == "numpy" || mod == "math" || mod == "parjit" || mod == "numba" || mod == "sys" ||
                 mod == "time" || mod == "scipy.special" || mod == "numba.cuda" || mod == "parjit.cuda")
          scope.names[bound] = T.module(a.asname.empty() ? mod.substr(0, mod.find('.')) : mod);
        else
          scope.names[bound] = T.module("?" + mod); // unknown module: an error only if used
        scope.unsupportedImports.erase(bound);
      }
    } else if (auto *imp = dyn_cast<ast::ImportFrom>(&s)) {
      std::string mod = imp->module;
      for (auto &a : imp->names) {
        std::string bound = a.asname.empty() ? a.name : a.asname;
        if (mod == "__future__") continue;
        if (a.name == "*") {
          diags.error(a.loc, "'from " + mod + " import *' is not supported");
          continue;
        }
        const Type *t = moduleAttribute(T, mod == "numba" ? "parjit" : mod, a.name);
        scope.names[bound] = t ? t : T.module("?" + mod + "." + a.name);
        if (t) scope.unsupportedImports.erase(bound);
        else scope.unsupportedImports[bound] = {mod + "." + a.name, a.loc};
      }
    } else if (isa<ast::If>(&s) || isa<ast::For>(&s) || isa<ast::While>(&s)) {
      std::function<void(const ast::StmtList &)> walk = [&](const ast::StmtList &body) {
        for (auto &x : body) {
          if (auto *f = dyn_cast<ast::FunctionDef>(x.get())) {
            scope.functions[f->name] = f;
            scope.names.erase(f->name);
            scope.unsupportedImports.erase(f->name);
            scope.blockFunctions.insert(f->name);
          } else if (auto *i = dyn_cast<ast::If>(x.get())) { walk(i->body); walk(i->orelse); }
          else if (auto *fo = dyn_cast<ast::For>(x.get())) { walk(fo->body); walk(fo->orelse); }
          else if (auto *w = dyn_cast<ast::While>(x.get())) { walk(w->body); walk(w->orelse); }
        }
      };
      walk(s.kind == ast::StmtKind::If ? cast<ast::If>(s).body : s.kind == ast::StmtKind::For ? cast<ast::For>(s).body : cast<ast::While>(s).body);
      walk(s.kind == ast::StmtKind::If ? cast<ast::If>(s).orelse : s.kind == ast::StmtKind::For ? cast<ast::For>(s).orelse : cast<ast::While>(s).orelse);
    } else if (auto *u = dyn_cast<ast::UnsupportedStmt>(&s); u && !u->name.empty()) {
      scope.classes[u->name] = u->loc;
      scope.names.erase(u->name);
      scope.unsupportedImports.erase(u->name);
    } else if (auto *as = dyn_cast<ast::Assign>(&s)) {
      for (auto &t : as->targets)
        if (auto *n = dyn_cast<ast::Name>(t.get())) scope.moduleVariables.insert(n->id);
      // NAME = literal at module level: a compile-time constant visible to functions.
      if (as->targets.size() == 1)
        if (auto *n = dyn_cast<ast::Name>(as->targets[0].get())) {
          if (const ast::Expr *value = moduleConstant(*as->value)) {
            if (scope.constants.count(n->id)) scope.constants[n->id] = nullptr; // assigned twice: not constant
            else scope.constants[n->id] = value;
          }
        }
    }
  }
}

/// What a module-level `NAME = e` binds as a compile-time constant: e when
/// it is a number literal (or its negation); an integer expression of
/// literals and earlier constants, or a tuple of constants, folded into new
/// literals owned by the program (so that no name in e can be shadowed
/// where NAME is used); null when e is not constant.
const ast::Expr *Inferrer::moduleConstant(const ast::Expr &e) {
  const ast::Expr *v = &e;
  if (auto *u = dyn_cast<ast::UnaryOp>(v))
    if (u->op == ast::UnaryOpKind::Neg || u->op == ast::UnaryOpKind::Pos) v = u->operand.get();
  if (isa<ast::IntLit>(v) || isa<ast::FloatLit>(v) || isa<ast::BoolLit>(v)) return &e;
  auto keep = [&](std::unique_ptr<ast::Expr> x) {
    prog.foldedConstants.push_back(std::move(x));
    return prog.foldedConstants.back().get();
  };
  int64_t folded = 0;
  if (foldIntConstant(e, folded, [&](const std::string &name) {
        auto c = scope.constants.find(name);
        return c == scope.constants.end() ? nullptr : c->second;
      })) {
    if (folded >= 0) return keep(std::make_unique<ast::IntLit>(e.loc, static_cast<uint64_t>(folded)));
    if (folded == INT64_MIN) return nullptr;
    return keep(std::make_unique<ast::UnaryOp>(e.loc, ast::UnaryOpKind::Neg,
                                               std::make_unique<ast::IntLit>(e.loc, static_cast<uint64_t>(-folded))));
  }
  auto *t = dyn_cast<ast::Tuple>(&e);
  if (!t || t->elts.empty()) return nullptr;
  // A tuple of constants: each element copied as a literal.
  std::function<std::unique_ptr<ast::Expr>(const ast::Expr &)> copy =
      [&](const ast::Expr &x) -> std::unique_ptr<ast::Expr> {
    if (auto *i = dyn_cast<ast::IntLit>(&x)) return std::make_unique<ast::IntLit>(i->loc, i->value, i->overflow);
    if (auto *f = dyn_cast<ast::FloatLit>(&x)) return std::make_unique<ast::FloatLit>(f->loc, f->value, f->imaginary);
    if (auto *b = dyn_cast<ast::BoolLit>(&x)) return std::make_unique<ast::BoolLit>(b->loc, b->value);
    if (auto *u = dyn_cast<ast::UnaryOp>(&x))
      if (auto inner = copy(*u->operand)) return std::make_unique<ast::UnaryOp>(u->loc, u->op, std::move(inner));
    if (auto *tu = dyn_cast<ast::Tuple>(&x)) {
      ast::ExprList elts;
      for (auto &y : tu->elts) {
        auto c = copy(*y);
        if (!c) return nullptr;
        elts.push_back(std::move(c));
      }
      return std::make_unique<ast::Tuple>(tu->loc, std::move(elts));
    }
    return nullptr;
  };
  ast::ExprList elts;
  for (auto &x : t->elts) {
    const ast::Expr *c = moduleConstant(*x);
    auto el = c ? copy(*c) : nullptr;
    if (!el) return nullptr;
    elts.push_back(std::move(el));
  }
  return keep(std::make_unique<ast::Tuple>(t->loc, std::move(elts)));
}

/// Is a view of a C-contiguous array through these index components
/// C-contiguous too: integers first, then at most one slice with step 1,
/// then whole axes (`:`) only, and no new axes.
bool viewStaysContiguous(const std::vector<const ast::Expr *> &idx, int ndim) {
  size_t k = 0;
  while (k < idx.size() && !isa<ast::Slice>(idx[k]) && !isa<ast::EllipsisLit>(idx[k]) && !isa<ast::NoneLit>(idx[k])) ++k;
  auto whole = [](const ast::Expr *e) {
    auto *sl = dyn_cast<ast::Slice>(e);
    return isa<ast::EllipsisLit>(e) || (sl && !sl->lower && !sl->upper && !sl->step);
  };
  if (k < idx.size()) {
    auto *sl = dyn_cast<ast::Slice>(idx[k]);
    if (!sl && !isa<ast::EllipsisLit>(idx[k])) return false; // None: a new axis
    if (sl && sl->step) {
      auto *one = dyn_cast<ast::IntLit>(sl->step.get());
      if (!one || one->value != 1) return false;
    }
    ++k;
  }
  for (; k < idx.size(); ++k)
    if (!whole(idx[k])) return false;
  (void)ndim;
  return true;
}

/// Arrays of the same dtype and rank (whatever their layouts).
bool sameArrayShape(const Type *a, const Type *b) {
  return a && b && a->isArray() && b->isArray() && a->dtype == b->dtype && a->ndim == b->ndim;
}

std::string mangle(const std::string &name, const std::vector<const Type *> &args) {
  std::string s = name + "(";
  for (size_t i = 0; i < args.size(); ++i) s += (i ? ", " : "") + args[i]->str();
  return s + ")";
}

Specialization *Inferrer::specialize(const ast::FunctionDef *def, std::vector<const Type *> args,
                                     Specialization *caller, SourceLoc callLoc) {
  auto key = std::make_pair(def, args);
  auto it = cache.find(key);
  if (it != cache.end()) {
    if (it->second->inProgress) {
      if (caller && final)
        caller->diags.push_back({Severity::Error, callLoc, "recursion is not supported ('" + def->name + "' calls itself)", {}});
      return nullptr;
    }
    return it->second;
  }
  auto sp = std::make_unique<Specialization>();
  Specialization &s = *sp;
  s.def = def;
  // Tracebacks name a lambda "<lambda>", as CPython's do.
  s.name = def->isLambda ? "<lambda>" : def->name;
  s.mangled = mangle(def->enclosing ? def->enclosing->shownName() + ".<locals>." + def->name : def->name, args);
  for (auto &st : def->body) s.body.push_back(st.get());
  s.argTypes = args;
  s.boundsCheck = opts.boundsCheck;
  s.fastmath = opts.fastmath;
  if (def->enclosing && caller) { // a closure is compiled as part of its enclosing function
    s.boundsCheck = caller->boundsCheck;
    s.fastmath = caller->fastmath;
  }
  for (auto &p : def->params) s.params.push_back(p.name);
  prog.specs.push_back(std::move(sp));
  cache[key] = &s;
  inferBody(s);
  return &s;
}

void Inferrer::inferBody(Specialization &s) {
  // Save the walk state: specializing a callee happens in the middle of a caller's walk.
  Specialization *savedCur = cur;
  bool savedFinal = final, savedChanged = changed;
  auto savedLocals = std::move(localNames);
  auto savedFirst = std::move(firstAssign);
  auto savedAnn = std::move(annotated);
  auto savedPoisoned = std::move(poisoned);
  auto savedDeclared = std::move(declared);
  SourceLoc savedDeclaredLoc = declaredLoc;
  declared.reset();
  int savedDepth = loopDepth;
  bool savedOffloadBody = offloadBody;
  offloadBody = false;

  cur = &s;
  s.inProgress = true;
  localNames.clear(); firstAssign.clear(); annotated.clear(); poisoned.clear();
  if (s.def)
    for (auto &p : s.def->params) localNames.insert(p.name);
  for (auto *st : s.body) collectAssigned(*st, localNames);
  if (!s.def)
    for (const std::string &f : scope.blockFunctions) localNames.erase(f);
  final = true; // diagnostics about the signature itself
  if (s.def) {
    SourceLoc at = s.def->nameLoc.valid() ? s.def->nameLoc : s.def->loc;
    // Decorators: jit/njit and their options.
    CudaKind kind = cudaKind(*s.def);
    s.cudaKernel = kind == CudaKind::Kernel;
    s.cudaDevice = kind == CudaKind::Device;
    for (auto &d : s.def->decorators) {
      const ast::Call *dc = dyn_cast<ast::Call>(d.get());
      std::string dn = decoratorName(*d);
      if (dn != "parjit.jit" && dn != "parjit.njit" && dn != "cuda.jit") {
        error(d->loc, "this decorator is not supported (use @jit, @njit or @cuda.jit)");
        continue;
      }
      if (dn == "cuda.jit") {
        if (dc)
          for (auto &kw : dc->keywords) {
            bool value = true;
            if (auto *b = dyn_cast<ast::BoolLit>(kw.value.get())) value = b->value;
            if (kw.name == "boundscheck") s.boundsCheck = value;
            else if (kw.name == "fastmath") s.fastmath = value;
            else if (kw.name != "device" && kw.name != "debug" && kw.name != "lineinfo" && kw.name != "cache" &&
                     kw.name != "opt" && kw.name != "inline" && kw.name != "forceinline")
              error(kw.loc, "cuda.jit() got an unsupported option '" + kw.name + "'");
          }
        continue; // a signature string, as Numba-CUDA's, is not checked
      }
      s.jitted = true;
      if (dc && !dc->args.empty()) checkSignatures(s, *dc);
      if (dc)
        for (auto &kw : dc->keywords) {
          bool value = true;
          if (auto *b = dyn_cast<ast::BoolLit>(kw.value.get())) value = b->value;
          if (kw.name == "boundscheck") s.boundsCheck = value;
          else if (kw.name == "parallel") s.parallel = value;
          else if (kw.name == "fastmath") s.fastmath = value;
          else if (kw.name == "target") {
            const std::string *t = constString(kw.value.get());
            if (!t || (*t != "cpu" && *t != "cuda")) error(kw.value->loc, "target must be \"cpu\" or \"cuda\"");
            else s.cudaOffload = *t == "cuda";
          }
        }
    }
    if (opts.offloadCuda && s.parallel) s.cudaOffload = true;
    if (s.cudaOffload && !s.parallel) {
      error(at, "target=\"cuda\" offloads the prange loops of a parallel=True function: add parallel=True");
      s.cudaOffload = false;
    }
    for (size_t i = 0; i < s.def->params.size(); ++i) {
      const ast::Param &p = s.def->params[i];
      if (p.kind != ast::Param::Normal) {
        error(p.loc, p.kind == ast::Param::VarArgs ? "*args parameters are not supported"
                     : p.kind == ast::Param::KwArgs ? "**kwargs parameters are not supported"
                                                    : "keyword-only parameters are not supported");
        continue;
      }
      const Type *t = i < s.argTypes.size() ? s.argTypes[i] : nullptr;
      if (p.annotation && t) {
        const Type *ann = annotationType(*p.annotation);
        if (!ann)
          error(p.annotation->loc, "unsupported annotation (use a dtype such as np.float64, or np.float64[:] for an array)");
        else if (ann != t && !(ann->isScalar() && t->isScalar()) && !sameArrayShape(ann, t))
          error(p.loc, "argument '" + p.name + "' has type " + t->str() + " but is annotated " + ann->str());
        else if (ann->isScalar())
          t = ann;
      }
      if (t) { s.locals[p.name] = t; firstAssign[p.name] = p.loc; }
    }
    if (s.def->isAsync) error(s.def->loc, "async functions are not supported");
    for (auto &[loc, msg] : s.def->closureErrors) error(loc, msg);
  }
  final = false;
  for (int iter = 0; iter < 30; ++iter) {
    changed = false;
    loopDepth = 0;
    block(s.body);
    if (!changed) break;
  }
  final = true;
  loopDepth = 0;
  block(s.body);
  if (!s.retType) s.retType = T.none();
  if (s.cudaKernel && s.retType->kind != TypeKind::None)
    error(s.def->nameLoc.valid() ? s.def->nameLoc : s.def->loc,
          "a CUDA kernel cannot return a value (it returns " + s.retType->str() + "); write results into an array argument");
  if (declared && declared->ret && declared->ret != s.retType)
    error(declaredLoc, "'" + s.name + "' returns " + s.retType->str() + ", but its signature says " +
                           declared->ret->str());
  s.inProgress = false;

  cur = savedCur; final = savedFinal; changed = savedChanged;
  localNames = std::move(savedLocals); firstAssign = std::move(savedFirst);
  annotated = std::move(savedAnn); poisoned = std::move(savedPoisoned); loopDepth = savedDepth;
  offloadBody = savedOffloadBody;
  declared = std::move(savedDeclared); declaredLoc = savedDeclaredLoc;
}

// @jit("float64(float64[:])") or @jit(["f8(f8[:])", "f4(f4[:])"]): Numba
// compiles exactly these signatures and converts arguments to them; parjit
// compiles what the program calls and checks that it is one of them, so the
// program never runs with types its author did not declare.
void Inferrer::checkSignatures(Specialization &s, const ast::Call &dc) {
  std::vector<const ast::Expr *> sigExprs;
  const ast::Expr *first = dc.args[0].get();
  if (auto *l = dyn_cast<ast::List>(first)) for (auto &e : l->elts) sigExprs.push_back(e.get());
  else if (auto *t = dyn_cast<ast::Tuple>(first)) for (auto &e : t->elts) sigExprs.push_back(e.get());
  else sigExprs.push_back(first);
  std::vector<std::pair<Signature, SourceLoc>> sigs;
  for (const ast::Expr *e : sigExprs) {
    const std::string *text = constString(e);
    if (!text) { error(e->loc, "a signature must be a string such as \"float64(float64[:])\""); return; }
    std::string err;
    size_t col = 0;
    auto sig = parseSignature(T, *text, err, col);
    if (!sig) {
      SourceLoc at = e->loc;
      at.col += static_cast<uint32_t>(col) + 1; // past the opening quote
      error(at, "bad signature: " + err);
      return;
    }
    sigs.push_back({*sig, e->loc});
  }
  auto matches = [&](const Signature &sig) {
    if (sig.args.size() != s.argTypes.size()) return false;
    for (size_t i = 0; i < sig.args.size(); ++i)
      if (sig.args[i] != s.argTypes[i] && !(sameArrayShape(sig.args[i], s.argTypes[i]) && !sig.args[i]->contiguous))
        return false; // float64[:] (any layout) accepts a contiguous array; float64[::1] only those
    return true;
  };
  for (auto &[sig, loc] : sigs)
    if (matches(sig)) {
      declared = sig;
      declaredLoc = loc;
      return;
    }
  std::string got = s.name + "(";
  for (size_t i = 0; i < s.argTypes.size(); ++i) got += (i ? ", " : "") + s.argTypes[i]->str();
  got += ")";
  error(sigExprs[0]->loc, "'" + s.name + "' is called as " + got + ", which matches no signature given to @jit" +
                              " (parjit does not convert arguments to a signature's types)");
}

const Type *Inferrer::unify(const Type *a, const Type *b) {
  if (!a) return b;
  if (!b || a == b) return a;
  if (a->isScalar() && b->isScalar()) {
    DType d = promote(a->dtype, b->dtype);
    return T.scalar(d);
  }
  if (a->isArray() && b->isArray() && a->dtype == b->dtype && a->ndim == b->ndim)
    return T.array(a->dtype, a->ndim, false); // one contiguous, one not: any strides
  if (a->isTuple() && b->isTuple() && a->elts.size() == b->elts.size()) {
    std::vector<const Type *> e;
    for (size_t i = 0; i < a->elts.size(); ++i) {
      const Type *u = unify(a->elts[i], b->elts[i]);
      if (!u) return nullptr;
      e.push_back(u);
    }
    return T.tuple(e);
  }
  return nullptr;
}

void Inferrer::bindLocal(const std::string &name, const Type *t, SourceLoc loc) {
  if (!t) return;
  bool stream = t->kind == TypeKind::Module && t->name == "parjit.cuda.Stream"; // s = cuda.stream()
  if (!t->isValue() && !stream) {
    error(loc, "cannot assign " + t->str() + " to a variable");
    return;
  }
  auto ann = annotated.find(name);
  if (ann != annotated.end()) {
    if (!(ann->second->isScalar() && t->isScalar()) && ann->second != t)
      error(loc, "cannot assign a value of type " + t->str() + " to '" + name + "', annotated " + ann->second->str());
    return;
  }
  const Type *&slot = cur->locals[name];
  if (!slot) {
    slot = t;
    changed = true;
    firstAssign.emplace(name, loc);
    return;
  }
  const Type *u = unify(slot, t);
  if (!u) {
    if (Diagnostic *d = errorD(loc, "cannot assign a value of type " + t->str() + " to '" + name +
                                        "', which has type " + slot->str()))
      d->note(firstAssign[name], "'" + name + "' was first assigned here");
    return;
  }
  if (u != slot) { slot = u; changed = true; }
}

void Inferrer::assignTo(const ast::Expr &target, const Type *t, SourceLoc valueLoc) {
  if (!t) { // the value already has its diagnostic
    std::set<std::string> names;
    collectTargets(target, names);
    poisoned.insert(names.begin(), names.end());
  }
  if (auto *n = dyn_cast<ast::Name>(&target)) {
    bindLocal(n->id, t, n->loc);
    set(target, cur->locals.count(n->id) ? cur->locals[n->id] : t);
    return;
  }
  if (isa<ast::Tuple>(&target) || isa<ast::List>(&target)) {
    const ast::ExprList &elts = isa<ast::Tuple>(&target) ? cast<ast::Tuple>(target).elts : cast<ast::List>(target).elts;
    if (!t) return;
    if (!t->isTuple()) {
      error(valueLoc, "cannot unpack a value of type " + t->str() + " (only tuples can be unpacked)");
      return;
    }
    for (auto &e : elts)
      if (isa<ast::Starred>(e.get())) { error(e->loc, "starred assignment targets are not supported"); return; }
    if (t->elts.size() != elts.size()) {
      error(valueLoc, t->elts.size() < elts.size()
                          ? "not enough values to unpack (expected " + std::to_string(elts.size()) + ", got " + std::to_string(t->elts.size()) + ")"
                          : "too many values to unpack (expected " + std::to_string(elts.size()) + ")");
      return;
    }
    set(target, t);
    for (size_t i = 0; i < elts.size(); ++i) assignTo(*elts[i], t->elts[i], valueLoc);
    return;
  }
  if (auto *sub = dyn_cast<ast::Subscript>(&target)) {
    const Type *et = set(target, subscript(*sub));
    if (!et || !t) return;
    const Type *base = cur->typeOf(sub->value.get());
    if (storesThroughPartialMask(*sub)) return;
    if (base && base->isTuple()) { error(target.loc, "tuples are immutable: cannot assign to a tuple element"); return; }
    if (et->isArray()) { // a[1:-1] = ..., out[:] = ..., a[mask] = ...: a scalar or a broadcastable array
      if (!t->isScalar() && !(t->isArray() && t->ndim <= et->ndim))
        error(valueLoc, "cannot assign a value of type " + t->str() + " to a view of type " + et->str());
      return;
    }
    if (!t->isScalar()) error(valueLoc, "cannot store a value of type " + t->str() + " into an element of " + base->str());
    return;
  }
  if (auto *a = dyn_cast<ast::Attribute>(&target)) {
    error(a->attrLoc.valid() ? a->attrLoc : a->loc, "assignment to attributes is not supported");
    return;
  }
  if (auto *st = dyn_cast<ast::Starred>(&target)) {
    error(st->loc, "starred assignment targets are not supported");
    return;
  }
  error(target.loc, "cannot assign to this expression");
}

void Inferrer::stmt(const ast::Stmt &s) {
  switch (s.kind) {
  case ast::StmtKind::ExprStmt: {
    const ast::Expr &e = *cast<ast::ExprStmt>(s).value;
    if (isa<ast::StrLit>(&e)) return; // docstring
    expr(e);
    return;
  }
  case ast::StmtKind::Assign: {
    auto &a = cast<ast::Assign>(s);
    if (auto *n = dyn_cast<ast::Name>(a.targets[0].get()); n && annotated.count(n->id)) {
      annotatedValue = a.value.get();
      annotatedValueType = annotated[n->id];
    }
    const Type *t = expr(*a.value);
    for (auto &tg : a.targets) assignTo(*tg, t, a.value->loc);
    return;
  }
  case ast::StmtKind::AugAssign: {
    auto &a = cast<ast::AugAssign>(s);
    const Type *lt = expr(*a.target);
    const Type *rt = expr(*a.value);
    if (!lt || !rt) return;
    if (auto *sub = dyn_cast<ast::Subscript>(a.target.get()); sub && storesThroughPartialMask(*sub)) return;
    const Type *res = binopTypes(a.op, lt, rt, a.opLoc.valid() ? a.opLoc : a.loc);
    if (!res) return;
    if (int64_t k = 0; a.op == ast::BinOpKind::Pow && lt->isScalar() && rt->isScalar() && !isFloat(lt->dtype) &&
                       !isFloat(rt->dtype) && intConst(*a.value, k) && k < 0)
      res = T.f64(); // r **= -1: a float, as `r ** -1`
    if (lt->isArray() && res->isArray())
      if (valueBasedOperands(*a.target, lt, *a.value, rt)) // a += 1000: NumPy's dtype for the value
        res = T.array(elementwiseBinOpDType(a.op, lt->dtype, true, cur->scalarOperandDTypes.at(a.value.get()), true),
                      res->ndim);
    if (lt->isArray()) { // in place, as NumPy does: the array keeps its dtype
      if (!res->isArray() || res->ndim > lt->ndim) {
        error(a.loc, "non-broadcastable output operand with shape of rank " + std::to_string(lt->ndim) +
                         " doesn't match the broadcast rank " + std::to_string(res->isArray() ? res->ndim : 0));
        return;
      }
      // NumPy's 'same_kind' rule: a safe cast, or one within a kind (int to
      // int, float to float); uint8 += int8 array, bool += int are errors.
      auto kind = [](DType d) { return d == DType::Bool ? 'b' : isFloat(d) ? 'f' : isSigned(d) ? 'i' : 'u'; };
      if (res->dtype != lt->dtype && kind(res->dtype) != kind(lt->dtype) && promote(res->dtype, lt->dtype) != lt->dtype) {
        error(a.loc, std::string("Cannot cast ufunc '") + ast::spelling(a.op) + "' output from dtype('" +
                         dtypeName(res->dtype) + "') to dtype('" + dtypeName(lt->dtype) + "') with casting rule 'same_kind'");
        return;
      }
      if (auto *sub = dyn_cast<ast::Subscript>(a.target.get())) (void)sub;
      return;
    }
    if (isa<ast::Name>(a.target.get())) assignTo(*a.target, res, a.value->loc);
    else if (!isa<ast::Subscript>(a.target.get())) error(a.target->loc, "augmented assignment to this target is not supported");
    else if (!res->isScalar()) error(a.loc, "cannot store a value of type " + res->str() + " into an array element");
    return;
  }
  case ast::StmtKind::AnnAssign: {
    auto &a = cast<ast::AnnAssign>(s);
    if (auto *n = dyn_cast<ast::Name>(a.target.get())) {
      const Type *ann = annotationType(*a.annotation);
      if (!ann) error(a.annotation->loc, "unsupported annotation (use a dtype such as np.float64, or np.float64[:] for an array)");
      else if (!annotated.count(n->id)) {
        annotated[n->id] = ann;
        if (!cur->locals.count(n->id)) { cur->locals[n->id] = ann; changed = true; firstAssign.emplace(n->id, n->loc); }
        else if (cur->locals[n->id] != ann) { cur->locals[n->id] = ann; changed = true; }
      }
    }
    if (a.value) {
      if (auto *n = dyn_cast<ast::Name>(a.target.get()); n && annotated.count(n->id)) {
        annotatedValue = a.value.get();
        annotatedValueType = annotated[n->id];
      }
      const Type *t = expr(*a.value);
      assignTo(*a.target, t, a.value->loc);
    }
    return;
  }
  case ast::StmtKind::If: {
    auto &i = cast<ast::If>(s);
    truthTest(*i.test);
    block(i.body);
    block(i.orelse);
    return;
  }
  case ast::StmtKind::For: forStmt(cast<ast::For>(s)); return;
  case ast::StmtKind::While: {
    auto &w = cast<ast::While>(s);
    truthTest(*w.test);
    ++loopDepth;
    block(w.body);
    --loopDepth;
    block(w.orelse);
    return;
  }
  case ast::StmtKind::Break:
  case ast::StmtKind::Continue:
    if (loopDepth == 0) error(s.loc, std::string("'") + (isa<ast::Break>(&s) ? "break" : "continue") + "' outside loop");
    return;
  case ast::StmtKind::Pass: return;
  case ast::StmtKind::Return: {
    auto &r = cast<ast::Return>(s);
    if (!cur->def) { error(s.loc, "'return' outside function"); return; }
    const Type *t = r.value ? expr(*r.value) : T.none();
    if (!t || !t->isValue()) {
      if (final) cur->returnFailed = true;
      if (t) error(r.value->loc, "cannot return " + t->str());
      return;
    }
    if (!cur->retType) { cur->retType = t; changed = true; return; }
    const Type *u = (cur->retType->kind == TypeKind::None) != (t->kind == TypeKind::None) ? nullptr : unify(cur->retType, t);
    if (!u) error(s.loc, "this function returns " + t->str() + " here but " + cur->retType->str() + " elsewhere");
    else if (u != cur->retType) { cur->retType = u; changed = true; }
    return;
  }
  case ast::StmtKind::Assert: {
    auto &a = cast<ast::Assert>(s);
    truthTest(*a.test);
    if (a.msg) {
      const Type *m = expr(*a.msg);
      if (m && m->kind != TypeKind::Str && !m->isScalar()) error(a.msg->loc, "assert messages must be strings or numbers");
    }
    return;
  }
  case ast::StmtKind::Raise:
    error(s.loc, "raise statements are not supported");
    return;
  case ast::StmtKind::FunctionDef:
    // A nested function (or lambda) is compiled where it is called; closure
    // conversion (frontend/closures.cpp) made it an ordinary function, and
    // its problems are reported with the enclosing function's (inferBody).
    return;
  case ast::StmtKind::Import:
  case ast::StmtKind::ImportFrom:
    if (cur->def) error(s.loc, "import statements inside functions are not supported");
    return;
  case ast::StmtKind::UnsupportedStmt:
    // A module-level class is defined but unused until a use reports it.
    if (!cur->def && !cast<ast::UnsupportedStmt>(s).name.empty()) return;
    // The names a global or nonlocal statement declares are not reported again where used.
    for (const std::string &n : cast<ast::UnsupportedStmt>(s).names) poisoned.insert(n);
    if (cast<ast::UnsupportedStmt>(s).what == "nonlocal statements") {
      error(s.loc, "nonlocal statements are not supported: a lambda or nested function can read the enclosing "
                   "function's variables but not assign them");
      return;
    }
    error(s.loc, cast<ast::UnsupportedStmt>(s).what + " are not supported");
    return;
  }
}

/// The value of an integer constant expression: literals, names that
/// `constant` maps to constant expressions, unary - + ~ and the binary
/// operators of ints (+ - * // % ** << >> & | ^, with Python's floor
/// division and modulo); false if anything else, or on overflow.
bool foldIntConstant(const ast::Expr &e, int64_t &v,
                     const std::function<const ast::Expr *(const std::string &)> &constant, int depth) {
  if (depth > 32) return false; // also ends N = N + 1 chains
  if (auto *i = dyn_cast<ast::IntLit>(&e)) {
    v = static_cast<int64_t>(i->value);
    return !i->overflow && v >= 0;
  }
  if (auto *n = dyn_cast<ast::Name>(&e)) {
    const ast::Expr *c = constant(n->id);
    return c && foldIntConstant(*c, v, constant, depth + 1);
  }
  if (auto *u = dyn_cast<ast::UnaryOp>(&e)) {
    int64_t x = 0;
    if (!foldIntConstant(*u->operand, x, constant, depth + 1)) return false;
    if (u->op == ast::UnaryOpKind::Neg) return !__builtin_sub_overflow(int64_t(0), x, &v);
    if (u->op == ast::UnaryOpKind::Pos) return v = x, true;
    if (u->op == ast::UnaryOpKind::Invert) return v = ~x, true;
    return false;
  }
  auto *b = dyn_cast<ast::BinOp>(&e);
  int64_t x = 0, y = 0;
  if (!b || !foldIntConstant(*b->lhs, x, constant, depth + 1) || !foldIntConstant(*b->rhs, y, constant, depth + 1))
    return false;
  switch (b->op) {
  case ast::BinOpKind::Add: return !__builtin_add_overflow(x, y, &v);
  case ast::BinOpKind::Sub: return !__builtin_sub_overflow(x, y, &v);
  case ast::BinOpKind::Mul: return !__builtin_mul_overflow(x, y, &v);
  case ast::BinOpKind::FloorDiv:
  case ast::BinOpKind::Mod: {
    if (y == 0 || (x == INT64_MIN && y == -1)) return false;
    int64_t q = x / y, r = x % y;
    if (r != 0 && ((r < 0) != (y < 0))) --q, r += y; // Python floors
    v = b->op == ast::BinOpKind::FloorDiv ? q : r;
    return true;
  }
  case ast::BinOpKind::Pow: {
    if (y < 0) return false;
    if (x == 0 || x == 1) return v = y == 0 ? 1 : x, true;
    if (x == -1) return v = y % 2 ? -1 : 1, true;
    int64_t r = 1;
    for (int64_t k = 0; k < y; ++k) // |x| >= 2: overflows within 63 rounds
      if (__builtin_mul_overflow(r, x, &r)) return false;
    return v = r, true;
  }
  case ast::BinOpKind::LShift:
    if (y < 0 || y > 62 || x < 0 || x > (INT64_MAX >> y)) return false;
    return v = x << y, true;
  case ast::BinOpKind::RShift:
    if (y < 0) return false;
    return v = y > 63 ? (x < 0 ? -1 : 0) : x >> y, true;
  case ast::BinOpKind::BitAnd: return v = x & y, true;
  case ast::BinOpKind::BitOr: return v = x | y, true;
  case ast::BinOpKind::BitXor: return v = x ^ y, true;
  default: return false;
  }
}

bool Inferrer::intConst(const ast::Expr &e, int64_t &v) {
  if (auto *i = dyn_cast<ast::IntLit>(&e)) { v = static_cast<int64_t>(i->value); return !i->overflow; }
  if (auto *u = dyn_cast<ast::UnaryOp>(&e))
    if (u->op == ast::UnaryOpKind::Neg && intConst(*u->operand, v)) { v = -v; return true; }
  return false;
}

void Inferrer::forStmt(const ast::For &f) {
  const ast::Call *c = dyn_cast<ast::Call>(f.iter.get());
  std::string callee;
  if (c) {
    const Type *ft = expr(*c->func);
    if (ft && ft->kind == TypeKind::Builtin) callee = ft->name;
  }
  if (callee != "range" && callee != "parjit.prange") {
    const Type *it = c ? nullptr : expr(*f.iter);
    error(f.iter->loc, "for loops over " + (it ? it->str() : std::string("this iterable")) +
                           " are not supported; loop over range(...)");
    assignTo(*f.target, nullptr, f.target->loc); // the loop variable has no type: no errors at its uses
  } else {
    if (c->args.empty() || c->args.size() > 3 || !c->keywords.empty())
      error(c->loc, "range expects 1 to 3 integer arguments");
    DType d = DType::I64;
    for (auto &a : c->args) {
      const Type *t = expr(*a);
      if (!t) continue;
      if (!t->isScalar() || isFloat(t->dtype)) {
        error(a->loc, "'" + t->str() + "' object cannot be interpreted as an integer");
        continue;
      }
      if (t->dtype == DType::U64) d = DType::I64; // keep the loop index signed
    }
    int64_t step;
    if (c->args.size() == 3 && intConst(*c->args[2], step) && step == 0)
      error(c->args[2]->loc, "range() arg 3 must not be zero");
    set(*c, T.builtin("range"));
    assignTo(*f.target, T.scalar(d), f.target->loc);
  }
  ++loopDepth;
  bool savedOffload = offloadBody;
  if (cur->cudaOffload && callee == "parjit.prange") offloadBody = true;
  block(f.body);
  offloadBody = savedOffload;
  --loopDepth;
  block(f.orelse);
}

const Type *Inferrer::truthTest(const ast::Expr &e) {
  const Type *t = expr(e);
  if (!t) return nullptr;
  if (t->isArray()) error(e.loc, "the truth value of an array is ambiguous; use a comparison of scalars");
  else if (!t->isScalar() && t->kind != TypeKind::None && !(t->kind == TypeKind::Str && constString(&e)) &&
           !t->isTuple())
    error(e.loc, "cannot use " + t->str() + " as a condition");
  return t;
}

const Type *Inferrer::expr(const ast::Expr &e) {
  const Type *t = set(e, exprImpl(e));
  // GPU code cannot allocate arrays: record where this code does (an error
  // only if it is compiled for the GPU).
  if (final && t && t->isArray()) {
    bool creates = isa<ast::BinOp>(&e) || isa<ast::UnaryOp>(&e) || isa<ast::Compare>(&e);
    if (auto *c = dyn_cast<ast::Call>(&e)) {
      const Type *f = cur->typeOf(c->func.get());
      creates = f && f->kind == TypeKind::Builtin && f->name != "cuda.shared.array" && f->name != "cuda.local.array";
    }
    if (creates)
      hostOnly(e.loc, "creating arrays (array expressions, np.zeros, copies, ...) is not supported in CUDA kernels; "
                      "use cuda.local.array or cuda.shared.array");
  }
  return t;
}

const Type *Inferrer::exprImpl(const ast::Expr &e) {
  switch (e.kind) {
  case ast::ExprKind::Name: return name(cast<ast::Name>(e));
  case ast::ExprKind::IntLit:
    if (cast<ast::IntLit>(e).overflow) {
      error(e.loc, "integer literal is too large for 64 bits");
      return nullptr;
    }
    // As Numba: a literal above int64's range (0x9E3779B97F4A7C15) is uint64.
    return cast<ast::IntLit>(e).value > uint64_t(INT64_MAX) ? T.scalar(DType::U64) : T.i64();
  case ast::ExprKind::FloatLit:
    if (cast<ast::FloatLit>(e).imaginary) { error(e.loc, "complex numbers are not supported"); return nullptr; }
    return T.f64();
  case ast::ExprKind::StrLit: {
    auto &s = cast<ast::StrLit>(e);
    if (s.isFString) { error(e.loc, "f-strings are not supported"); return nullptr; }
    if (s.isBytes) { error(e.loc, "bytes literals are not supported"); return nullptr; }
    return T.str();
  }
  case ast::ExprKind::BoolLit: return T.boolTy();
  case ast::ExprKind::NoneLit: return T.none();
  case ast::ExprKind::EllipsisLit: error(e.loc, "'...' is not supported"); return nullptr;
  case ast::ExprKind::BinOp: return binop(cast<ast::BinOp>(e));
  case ast::ExprKind::UnaryOp: return unary(cast<ast::UnaryOp>(e));
  case ast::ExprKind::BoolOp: {
    auto &b = cast<ast::BoolOp>(e);
    const Type *r = nullptr;
    bool ok = true;
    for (auto &v : b.values) {
      const Type *t = truthTest(*v);
      if (!t) { ok = false; continue; }
      if (!t->isScalar()) { error(v->loc, std::string("operands of '") + (b.op == ast::BoolOpKind::And ? "and" : "or") + "' must be scalars, not " + t->str()); ok = false; continue; }
      r = r ? unify(r, t) : t;
    }
    return ok ? r : nullptr;
  }
  case ast::ExprKind::Compare: return compare(cast<ast::Compare>(e));
  case ast::ExprKind::Call: return call(cast<ast::Call>(e));
  case ast::ExprKind::Attribute: return attribute(cast<ast::Attribute>(e));
  case ast::ExprKind::Subscript: return subscript(cast<ast::Subscript>(e));
  case ast::ExprKind::Slice: error(e.loc, "slicing is not supported yet"); return nullptr;
  case ast::ExprKind::Tuple: {
    std::vector<const Type *> elts;
    bool ok = true;
    for (auto &x : cast<ast::Tuple>(e).elts) {
      if (isa<ast::Starred>(x.get())) { error(x->loc, "starred expressions are not supported"); ok = false; continue; }
      const Type *t = expr(*x);
      if (!t) { ok = false; continue; }
      if (!t->isValue()) { error(x->loc, "a tuple cannot hold " + t->str()); ok = false; continue; }
      elts.push_back(t);
    }
    return ok ? T.tuple(elts) : nullptr;
  }
  case ast::ExprKind::List:
    for (auto &x : cast<ast::List>(e).elts) expr(*x);
    error(e.loc, "lists are not supported (use a NumPy array or a tuple)");
    return nullptr;
  case ast::ExprKind::IfExp: {
    auto &i = cast<ast::IfExp>(e);
    truthTest(*i.test);
    const Type *a = expr(*i.body), *b = expr(*i.orelse);
    if (!a || !b) return nullptr;
    const Type *u = unify(a, b);
    if (!u) error(i.loc, "the branches of a conditional expression have different types: " + a->str() + " and " + b->str());
    return u;
  }
  case ast::ExprKind::Starred: error(e.loc, "starred expressions are not supported"); return nullptr;
  case ast::ExprKind::Lambda:
    error(e.loc, "a lambda is only supported assigned to a name in a function (`f = lambda x: ...`) and called "
                 "there; it cannot be passed, returned or stored");
    return nullptr;
  case ast::ExprKind::UnsupportedExpr:
    error(e.loc, cast<ast::UnsupportedExpr>(e).what + " are not supported");
    return nullptr;
  }
  return nullptr;
}

const Type *Inferrer::name(const ast::Name &n) {
  if (n.function) { // a nested function or lambda (see frontend/closures.cpp)
    const ast::FunctionDef *f = n.function;
    if (&n != calleeExpr) {
      error(n.loc, std::string(f->isLambda ? "a lambda" : "a nested function") + " can only be called, not used as a "
                   "value ('" + n.id + "' is passed, stored or returned here)");
      return nullptr;
    }
    std::string key = f->shownName() + "@" + std::to_string(f->nameLoc.line) + ":" + std::to_string(f->nameLoc.col);
    nestedFunctions[key] = f;
    return T.function(key);
  }
  if (localNames.count(n.id)) {
    auto it = cur->locals.find(n.id);
    if (it != cur->locals.end()) return it->second;
    if (!poisoned.count(n.id)) error(n.loc, "local variable '" + n.id + "' is used before it is assigned");
    return nullptr;
  }
  if (n.id == "__name__") return T.str();
  if (scope.functions.count(n.id)) return T.function(n.id);
  if (scope.classes.count(n.id)) {
    error(n.loc, "'" + n.id + "' is a class; class definitions are not supported");
    return nullptr;
  }
  auto c = scope.constants.find(n.id);
  if (c != scope.constants.end() && c->second) return expr(*c->second);
  auto u = scope.unsupportedImports.find(n.id);
  if (u != scope.unsupportedImports.end()) {
    // One error for the import, where compiled code first uses it.
    std::string msg = u->second.first + " is not supported (imported at line " + std::to_string(u->second.second.line) + ")";
    reportOnce.insert(msg);
    error(n.loc, msg);
    return nullptr;
  }
  auto it = scope.names.find(n.id);
  if (it != scope.names.end()) return it->second;
  if (c != scope.constants.end())
    error(n.loc, "global variable '" + n.id + "' is assigned more than once; only module-level constants can be read from functions");
  else if (scope.moduleVariables.count(n.id))
    error(n.loc, "global variable '" + n.id + "' is not a compile-time constant: functions can read module-level "
                 "numbers (and integer expressions of them) only; pass '" + n.id + "' as an argument");
  else
    error(n.loc, "name '" + n.id + "' is not defined");
  return nullptr;
}

const Type *Inferrer::binopTypes(ast::BinOpKind op, const Type *l, const Type *r, SourceLoc loc) {
  using K = ast::BinOpKind;
  auto bad = [&]() -> const Type * {
    error(loc, std::string("unsupported operand types for ") + ast::spelling(op) + ": '" + l->str() + "' and '" + r->str() + "'");
    return nullptr;
  };
  if (l->isArray() || r->isArray()) {
    if (!(l->isArray() || l->isScalar()) || !(r->isArray() || r->isScalar())) return bad();
    if (op == K::MatMul) {
      if (!l->isArray() || !r->isArray() || l->ndim > 2 || r->ndim > 2) {
        error(loc, "@ (np.dot) is supported between 1-d and 2-d arrays, not " + l->str() + " and " + r->str());
        return nullptr;
      }
      DType d = promote(l->dtype, r->dtype); // bool @ bool is bool, as NumPy
      if (l->ndim == 1 && r->ndim == 1) return T.scalar(d);
      return T.array(d, l->ndim + r->ndim - 2);
    }
    DType a = l->dtype, b = r->dtype;
    if (op == K::Sub && a == DType::Bool && b == DType::Bool) {
      error(loc, "numpy boolean subtract, the `-` operator, is not supported, use the bitwise_xor, the `^` operator, "
                 "or the logical_xor function instead.");
      return nullptr;
    }
    if (isBitwise(op) &&
        (isFloat(a) || isFloat(b))) {
      error(loc, std::string("ufunc for ") + ast::spelling(op) + " is not supported for floating-point arrays (" +
                     l->str() + " and " + r->str() + ")");
      return nullptr;
    }
    int nd = std::max(l->isArray() ? l->ndim : 0, r->isArray() ? r->ndim : 0);
    DType d = elementwiseBinOpDType(op, a, l->isArray(), b, r->isArray());
    if (isBitwise(op) && isFloat(d)) {
      error(loc, std::string("ufunc for ") + ast::spelling(op) + " is not supported for " + l->str() + " and " +
                     r->str() + " (NumPy promotes them to float64); make both unsigned or both signed");
      return nullptr;
    }
    return T.array(d, nd);
  }
  if (l->isTuple() && r->isTuple() && op == K::Add) {
    std::vector<const Type *> e(l->elts);
    e.insert(e.end(), r->elts.begin(), r->elts.end());
    return T.tuple(e);
  }
  if (!l->isScalar() || !r->isScalar()) return bad();
  DType a = l->dtype, b = r->dtype;
  switch (op) {
  case K::Add: case K::Sub: case K::Mul: case K::FloorDiv: case K::Mod:
    if (a == DType::Bool && b == DType::Bool) return T.i64();
    return T.scalar(promote(a, b));
  case K::Pow: {
    if (a == DType::Bool && b == DType::Bool) return T.i64();
    return T.scalar(promote(a, b));
  }
  case K::Div: {
    DType p = promote(a, b);
    return T.scalar(p == DType::F32 ? DType::F32 : DType::F64);
  }
  case K::LShift: case K::RShift: case K::BitAnd: case K::BitOr: case K::BitXor:
    if (isFloat(a) || isFloat(b)) return bad();
    if (a == DType::Bool && b == DType::Bool && op != K::LShift && op != K::RShift) return T.boolTy();
    if (a == DType::Bool && b == DType::Bool) return T.i64();
    if (isFloat(promote(a, b))) { // uint64 with a signed int: NumPy's common type is float64
      error(loc, std::string("unsupported operand types for ") + ast::spelling(op) + ": " + l->str() + " and " +
                     r->str() + " (NumPy promotes them to float64, which has no bitwise operations); make both "
                                "unsigned, e.g. np.uint64(1)");
      return nullptr;
    }
    return T.scalar(promote(a, b));
  case K::MatMul:
    return bad();
  }
  return bad();
}

bool Inferrer::storesThroughPartialMask(const ast::Subscript &s) {
  const Type *it = cur->typeOf(s.index.get()), *bt = cur->typeOf(s.value.get());
  if (!it || !bt || !it->isArray() || it->dtype != DType::Bool || !bt->isArray() || it->ndim == bt->ndim) return false;
  error(s.index->loc, "assigning through a boolean index of lower rank than the array is not supported yet");
  return true;
}

std::optional<ScalarValue> Inferrer::scalarValue(const ast::Expr &e) {
  if (int64_t k = 0; !isa<ast::Call>(&e) && constInt(e, k)) { // also 2**31, N // 2
    ScalarValue v;
    v.i = k;
    return v;
  }
  const ast::Expr *x = &e;
  if (auto *n = dyn_cast<ast::Name>(x)) {
    if (localNames.count(n->id)) return std::nullopt;
    auto c = scope.constants.find(n->id);
    if (c == scope.constants.end() || !c->second) return std::nullopt;
    x = c->second;
  }
  bool neg = false;
  if (auto *u = dyn_cast<ast::UnaryOp>(x); u && (u->op == ast::UnaryOpKind::Neg || u->op == ast::UnaryOpKind::Pos)) {
    neg = u->op == ast::UnaryOpKind::Neg;
    x = u->operand.get();
  }
  if (auto *call = dyn_cast<ast::Call>(x); call && !neg && call->args.size() == 1 && call->keywords.empty()) {
    // np.int32(70000): its value, when the type holds it.
    const Type *ft = cur->typeOf(call->func.get());
    if (!ft || ft->kind != TypeKind::DType) return std::nullopt;
    auto v = scalarValue(*call->args[0]);
    if (!v) return std::nullopt;
    DType d = ft->dtype;
    if (isFloat(d)) {
      if (!v->isFloat) v->f = static_cast<double>(v->i), v->isFloat = true;
      return v;
    }
    if (v->isFloat || d == DType::Bool) return std::nullopt;
    unsigned bits = bitWidth(d);
    __int128 lo = isSigned(d) ? -(static_cast<__int128>(1) << (bits - 1)) : 0;
    __int128 hi = isSigned(d) ? (static_cast<__int128>(1) << (bits - 1)) - 1 : (static_cast<__int128>(1) << bits) - 1;
    if (v->i < lo || v->i > hi) return std::nullopt;
    return v;
  }
  ScalarValue v;
  if (auto *i = dyn_cast<ast::IntLit>(x)) {
    if (i->overflow) return std::nullopt;
    v.i = static_cast<__int128>(i->value);
  } else if (auto *f = dyn_cast<ast::FloatLit>(x)) {
    if (f->imaginary) return std::nullopt;
    v.isFloat = true;
    v.f = f->value;
  } else if (auto *b = dyn_cast<ast::BoolLit>(x)) {
    v.i = b->value ? 1 : 0;
  } else {
    return std::nullopt;
  }
  if (neg) v.isFloat ? void(v.f = -v.f) : void(v.i = -v.i);
  return v;
}

std::optional<DType> Inferrer::valueBasedOperands(const ast::Expr &le, const Type *l, const ast::Expr &re,
                                                  const Type *r) {
  if (!l || !r || l->isArray() == r->isArray() || !(l->isArray() ? r : l)->isScalar()) return std::nullopt;
  const ast::Expr &se = l->isArray() ? re : le;
  const Type *at = l->isArray() ? l : r, *st = l->isArray() ? r : l;
  auto v = scalarValue(se);
  if (!v) return std::nullopt;
  DType eff = scalarOperandDType(at->dtype, st->dtype, v);
  cur->scalarOperandDTypes[&se] = eff;
  return promote(at->dtype, eff);
}

const Type *Inferrer::binop(const ast::BinOp &b) {
  const Type *l = expr(*b.lhs), *r = expr(*b.rhs);
  if (!l || !r) return nullptr;
  if (auto d = valueBasedOperands(*b.lhs, l, *b.rhs, r)) {
    // array op constant: NumPy's dtype for the constant's value.
    const Type *res = binopTypes(b.op, l, r, b.loc); // the checks of the operands' kinds
    if (!res || !res->isArray()) return res;
    DType at = l->isArray() ? l->dtype : r->dtype;
    DType st = cur->scalarOperandDTypes.at(l->isArray() ? b.rhs.get() : b.lhs.get());
    DType rd = elementwiseBinOpDType(b.op, l->isArray() ? at : st, true, l->isArray() ? st : at, true);
    using K = ast::BinOpKind;
    if (isBitwise(b.op) &&
        isFloat(rd)) {
      error(b.loc, std::string("ufunc for ") + ast::spelling(b.op) + " is not supported for " + l->str() + " and " +
                       r->str() + " (NumPy promotes them to float64 for this value); make both unsigned or both "
                                  "signed");
      return nullptr;
    }
    return T.array(rd, res->ndim);
  }
  // `2 ** -1` is 0.5 in Python: an int raised to a negative literal is a float.
  // (An exponent only known at run time keeps the int type, and a negative
  // value raises ValueError as NumPy does.)
  int64_t k;
  if (b.op == ast::BinOpKind::Pow && l->isScalar() && r->isScalar() && !isFloat(l->dtype) && !isFloat(r->dtype) &&
      intConst(*b.rhs, k) && k < 0)
    return T.f64();
  if (b.op == ast::BinOpKind::Mul && (l->isTuple() || r->isTuple()) && (l->isScalar() || r->isScalar())) {
    // (2,) * 3: a tuple's length must be known when compiling
    const Type *tt = l->isTuple() ? l : r;
    if (!constInt(l->isTuple() ? *b.rhs : *b.lhs, k) || isFloat((l->isTuple() ? r : l)->dtype)) {
      error(b.loc, "a tuple can only be repeated by an integer constant");
      return nullptr;
    }
    if (k > 0 && static_cast<uint64_t>(k) * tt->elts.size() > 1024) {
      error(b.loc, "a tuple of more than 1024 elements is not supported");
      return nullptr;
    }
    std::vector<const Type *> elts;
    for (int64_t i = 0; i < k; ++i) elts.insert(elts.end(), tt->elts.begin(), tt->elts.end());
    return T.tuple(elts);
  }
  return binopTypes(b.op, l, r, b.loc);
}

const Type *Inferrer::unary(const ast::UnaryOp &u) {
  if (u.op == ast::UnaryOpKind::Not) { truthTest(*u.operand); return T.boolTy(); }
  if (auto *lit = dyn_cast<ast::IntLit>(u.operand.get()); lit && u.op == ast::UnaryOpKind::Neg &&
                                                            !lit->overflow && lit->value > uint64_t(INT64_MAX)) {
    // -9223372036854775808 is int64's least value; below it, no int64 or uint64 holds it.
    if (lit->value != uint64_t(INT64_MAX) + 1) {
      error(u.loc, "integer literal is too large for int64");
      return nullptr;
    }
    set(*lit, T.i64());
    return T.i64();
  }
  const Type *t = expr(*u.operand);
  if (!t) return nullptr;
  if (t->isArray()) {
    if (u.op == ast::UnaryOpKind::Invert && isFloat(t->dtype)) {
      error(u.loc, "ufunc 'invert' is not supported for " + t->str());
      return nullptr;
    }
    if (u.op == ast::UnaryOpKind::Neg && t->dtype == DType::Bool) {
      error(u.loc, "the - operator is not supported for boolean arrays; use ~ or np.logical_not");
      return nullptr;
    }
    return T.array(t->dtype, t->ndim);
  }
  if (!t->isScalar()) {
    error(u.loc, std::string("bad operand type for unary ") + ast::spelling(u.op) + ": '" + t->str() + "'");
    return nullptr;
  }
  if (u.op == ast::UnaryOpKind::Invert && isFloat(t->dtype)) {
    error(u.loc, "bad operand type for unary ~: '" + t->str() + "'");
    return nullptr;
  }
  if (t->dtype == DType::Bool) return T.i64();
  return t;
}

const Type *Inferrer::compare(const ast::Compare &c) {
  const Type *l = expr(*c.left);
  bool ok = l != nullptr;
  for (size_t i = 0; i < c.ops.size(); ++i) {
    const Type *r = expr(*c.comparators[i]);
    if (!r) { ok = false; }
    ast::CmpOpKind op = c.ops[i];
    SourceLoc at = i < c.opLocs.size() ? c.opLocs[i] : c.loc;
    if (l && r) {
      if (op == ast::CmpOpKind::In || op == ast::CmpOpKind::NotIn) {
        error(at, "'in' comparisons are not supported");
        ok = false;
      } else if (op == ast::CmpOpKind::Is || op == ast::CmpOpKind::IsNot) {
        if (l->kind != TypeKind::None && r->kind != TypeKind::None) {
          error(at, "'is' is only supported for comparisons with None");
          ok = false;
        }
      } else if (l->kind == TypeKind::Str && r->kind == TypeKind::Str) {
        if (!constString(i == 0 ? c.left.get() : c.comparators[i - 1].get()) || !constString(c.comparators[i].get()) ||
            (op != ast::CmpOpKind::Eq && op != ast::CmpOpKind::NotEq)) {
          error(at, "string comparisons are only supported between string constants");
          ok = false;
        }
      } else if (l->isArray() || r->isArray()) {
        if (c.ops.size() != 1) {
          error(at, "chained comparisons of arrays are ambiguous; combine comparisons with & and parentheses");
          ok = false;
        } else if (!(l->isArray() || l->isScalar()) || !(r->isArray() || r->isScalar())) {
          error(at, std::string("'") + ast::spelling(op) + "' not supported between '" + l->str() + "' and '" + r->str() + "'");
          ok = false;
        } else {
          valueBasedOperands(i == 0 ? *c.left : *c.comparators[i - 1], l, *c.comparators[i], r);
          return T.array(DType::Bool, std::max(l->isArray() ? l->ndim : 0, r->isArray() ? r->ndim : 0));
        }
      } else if (!l->isScalar() || !r->isScalar()) {
        if (op == ast::CmpOpKind::Eq || op == ast::CmpOpKind::NotEq) {
          if (l->kind != TypeKind::None && r->kind != TypeKind::None) {
            error(at, std::string("unsupported operand types for ") + ast::spelling(op) + ": '" + l->str() + "' and '" + r->str() + "'");
            ok = false;
          }
        } else {
          error(at, std::string("'") + ast::spelling(op) + "' not supported between instances of '" + l->str() + "' and '" + r->str() + "'");
          ok = false;
        }
      }
    }
    l = r;
  }
  return ok ? T.boolTy() : nullptr;
}

const Type *Inferrer::attribute(const ast::Attribute &a) {
  const Type *base = expr(*a.value);
  if (!base) return nullptr;
  SourceLoc at = a.attrLoc.valid() ? a.attrLoc : a.loc;
  if (base->kind == TypeKind::Module) {
    if (base->name[0] == '?') {
      error(a.value->loc, "module '" + base->name.substr(1) +
                              "' is not supported (parjit knows numpy, math, scipy.special, sys, time and parjit)");
      return nullptr;
    }
    if (const Type *t = moduleAttribute(T, base->name == "numba" ? "parjit" : base->name, a.attr)) {
      if (final && t->isScalar() && base->name.rfind("parjit.cuda.", 0) == 0)
        cur->deviceOnly.push_back({a.loc, "cuda." + base->name.substr(12) + "." + a.attr +
                                              " is only available in CUDA kernels and device functions"});
      if (final && base->name == "parjit.cuda" && a.attr == "laneid")
        cur->deviceOnly.push_back({a.loc, "cuda.laneid is only available in CUDA kernels and device functions"});
      return t;
    }
    std::string shown = base->name.rfind("numpy", 0) == 0         ? "np" + base->name.substr(5)
                        : base->name.rfind("parjit.cuda", 0) == 0 ? base->name.substr(7)
                                                                  : base->name;
    if (shown == "cuda" && (a.attr == "event" || a.attr == "event_elapsed_time")) {
      error(at, "cuda." + a.attr + " is not supported: launches and copies run in order, each waits for its end "
                                   "(time them on the host)");
      return nullptr;
    }
    error(at, shown + "." + a.attr + " is not supported");
    return nullptr;
  }
  if (base->isArray()) {
    if (a.attr == "shape" || a.attr == "strides") return T.tuple(std::vector<const Type *>(base->ndim, T.i64()));
    if (a.attr == "ndim" || a.attr == "size" || a.attr == "itemsize" || a.attr == "nbytes") return T.i64();
    if (a.attr == "dtype") return T.dtype(base->dtype); // np.zeros(n, dtype=a.dtype), x.astype(a.dtype), print
    if (a.attr == "T") return T.array(base->dtype, base->ndim, base->ndim == 1 && base->contiguous);
    if (isArrayMethod(a.attr)) return T.builtin("method." + a.attr);
    error(at, "array attribute '" + a.attr + "' is not supported");
    return nullptr;
  }
  error(at, (base->kind == TypeKind::Function ? "function '" + base->name + "'" : "'" + base->str() + "'") +
                 " has no supported attribute '" + a.attr + "'");
  return nullptr;
}

const Type *Inferrer::subscript(const ast::Subscript &s) {
  const Type *base = expr(*s.value);
  if (!base) { // an error was reported: check the index's own parts, not its slices
    std::function<void(const ast::Expr &)> index = [&](const ast::Expr &e) {
      if (auto *sl = dyn_cast<ast::Slice>(&e)) {
        for (const ast::ExprPtr *p : {&sl->lower, &sl->upper, &sl->step})
          if (*p) expr(**p);
      } else if (auto *t = dyn_cast<ast::Tuple>(&e)) {
        for (auto &x : t->elts) index(*x);
      } else {
        expr(e);
      }
    };
    index(*s.index);
    return nullptr;
  }
  if (base->isTuple()) {
    int64_t i;
    if (!intConst(*s.index, i)) {
      if (isa<ast::Slice>(s.index.get())) error(s.index->loc, "slicing tuples is not supported");
      else { expr(*s.index); error(s.index->loc, "tuples can only be indexed by an integer constant"); }
      return nullptr;
    }
    set(*s.index, T.i64());
    int64_t n = static_cast<int64_t>(base->elts.size());
    if (i < -n || i >= n) { error(s.index->loc, "tuple index out of range"); return nullptr; }
    return base->elts[i < 0 ? i + n : i];
  }
  if (base->kind == TypeKind::Builtin && base->name == "sys.argv") {
    const Type *it = expr(*s.index);
    if (isa<ast::Slice>(s.index.get())) { error(s.index->loc, "slicing sys.argv is not supported"); return nullptr; }
    if (it && (!it->isScalar() || !isInt(it->dtype))) { error(s.index->loc, "list indices must be integers, not " + it->str()); return nullptr; }
    return it ? T.str() : nullptr;
  }
  if (!base->isArray()) {
    expr(*s.index);
    if (base->kind == TypeKind::DType && isa<ast::Slice>(s.index.get())) return nullptr;
    bool kernel = false;
    if (base->kind == TypeKind::Function)
      if (auto f = scope.functions.find(base->name); f != scope.functions.end())
        kernel = cudaKind(*f->second) == CudaKind::Kernel;
    error(s.loc, (base->kind == TypeKind::Function ? "'" + base->name + "'" : "'" + base->str() + "'") +
                     " object is not subscriptable" +
                     (kernel ? " (a CUDA kernel's [blocks, threads] must be followed by its call)" : ""));
    return nullptr;
  }
  std::vector<const ast::Expr *> idx;
  if (auto *t = dyn_cast<ast::Tuple>(s.index.get())) {
    for (auto &e : t->elts) idx.push_back(e.get());
    set(*t, nullptr);
  } else {
    idx.push_back(s.index.get());
  }
  // a[mask]: the elements where a boolean array of the same shape is true.
  if (idx.size() == 1 && !isa<ast::Slice>(idx[0]) && !isa<ast::EllipsisLit>(idx[0])) {
    const Type *t = expr(*idx[0]);
    if (!t) return nullptr;
    if (t->isArray()) {
      if (t->dtype != DType::Bool) {
        error(idx[0]->loc, "indexing with an integer array (fancy indexing) is not supported; use a loop");
        return nullptr;
      }
      if (t->ndim > base->ndim) {
        error(idx[0]->loc, "too many indices for array: array is " + std::to_string(base->ndim) +
                               "-dimensional, but " + std::to_string(t->ndim) + " were indexed");
        return nullptr;
      }
      // A mask of the first axes selects the sub-arrays under them: X[labels == k] is rows.
      return T.array(base->dtype, base->ndim - t->ndim + 1);
    }
  }
  // Integers drop an axis, slices keep one (a view), None adds one, ... fills.
  bool ok = true, ellipsis = false;
  int consumed = 0, outNd = 0;
  for (auto *i : idx) {
    if (auto *sl = dyn_cast<ast::Slice>(i)) {
      for (const ast::Expr *part : {sl->lower.get(), sl->upper.get(), sl->step.get()}) {
        if (!part) continue;
        const Type *pt = expr(*part);
        if (pt && pt->kind == TypeKind::None) continue;
        if (pt && (!pt->isScalar() || isFloat(pt->dtype) || pt->dtype == DType::Bool)) {
          error(part->loc, "slice indices must be integers or None, not " + pt->str());
          ok = false;
        } else if (!pt) {
          ok = false;
        }
      }
      ++consumed;
      ++outNd;
      continue;
    }
    if (isa<ast::EllipsisLit>(i)) {
      if (ellipsis) { error(i->loc, "an index can only have a single ellipsis ('...')"); ok = false; }
      ellipsis = true;
      continue;
    }
    const Type *t = cur->typeOf(i) ? cur->typeOf(i) : expr(*i);
    if (!t) { ok = false; continue; }
    if (t->kind == TypeKind::None) { ++outNd; continue; } // None / np.newaxis
    if (t->isArray()) { error(i->loc, "fancy and boolean-mask indexing are only supported alone (a[mask])"); ok = false; continue; }
    if (!t->isScalar() || isFloat(t->dtype) || t->dtype == DType::Bool) {
      error(i->loc, "array indices must be integers, not " + t->str());
      ok = false;
      continue;
    }
    ++consumed;
  }
  if (!ok) return nullptr;
  if (consumed > base->ndim) {
    error(s.index->loc, "too many indices for array: array is " + std::to_string(base->ndim) +
                            "-dimensional, but " + std::to_string(consumed) + " were indexed");
    return nullptr;
  }
  outNd += base->ndim - consumed; // axes not mentioned are kept whole
  bool view = outNd > 0 || ellipsis;
  if (!view) return T.scalar(base->dtype);
  if (outNd == 0) {
    error(s.index->loc, "0-dimensional arrays are not supported");
    return nullptr;
  }
  return T.array(base->dtype, outNd, base->contiguous && viewStaysContiguous(idx, base->ndim));
}

std::optional<DType> Inferrer::dtypeArg(const ast::Expr &e) {
  if (const std::string *s = constString(&e)) {
    for (int d = 0; d <= static_cast<int>(DType::F64); ++d)
      if (*s == dtypeName(static_cast<DType>(d))) { set(e, T.str()); return static_cast<DType>(d); }
    if (*s == "float") return DType::F64;
    if (*s == "int") return DType::I64;
    error(e.loc, "data type '" + *s + "' not understood");
    return std::nullopt;
  }
  const Type *t = expr(e);
  if (!t) return std::nullopt;
  if (t->kind == TypeKind::DType) return t->dtype;
  error(e.loc, "expected a dtype such as np.float64, not " + t->str());
  return std::nullopt;
}

const Type *Inferrer::annotationType(const ast::Expr &e) {
  if (auto *s = dyn_cast<ast::Subscript>(&e)) {
    auto d = dtypeArg(*s->value);
    if (!d) return nullptr;
    int nd = 1;
    if (auto *t = dyn_cast<ast::Tuple>(s->index.get())) nd = static_cast<int>(t->elts.size());
    else if (!isa<ast::Slice>(s->index.get())) return nullptr;
    return T.array(*d, nd);
  }
  if (const std::string *str = constString(&e)) { (void)str; return nullptr; }
  const Type *t = expr(e);
  if (t && t->kind == TypeKind::DType) return T.scalar(t->dtype);
  return nullptr;
}

const Type *Inferrer::call(const ast::Call &c) {
  if (auto *sub = dyn_cast<ast::Subscript>(c.func.get())) { // kernel[grid, block](args)
    const ast::Expr *saved = calleeExpr;
    calleeExpr = sub->value.get();
    const Type *kt = expr(*sub->value);
    calleeExpr = saved;
    if (kt && kt->kind == TypeKind::Function) {
      auto n = nestedFunctions.find(kt->name);
      Specialization::LaunchConfig cfg;
      if (auto *t = dyn_cast<ast::Tuple>(sub->index.get()))
        for (auto &e : t->elts) cfg.exprs.push_back(e.get());
      else
        cfg.exprs.push_back(sub->index.get());
      return launch(c, cfg, sub->index->loc, n != nestedFunctions.end() ? n->second : scope.functions.at(kt->name));
    }
  }
  // kernel.forall(ntasks, tpb=0, stream=0, sharedmem=0)(args), as Numba-CUDA
  if (auto *inner = dyn_cast<ast::Call>(c.func.get()))
    if (auto *at = dyn_cast<ast::Attribute>(inner->func.get()); at && at->attr == "forall")
      if (auto *kn = dyn_cast<ast::Name>(at->value.get()); kn && scope.functions.count(kn->id) &&
                                                           !localNames.count(kn->id)) {
        auto cfg = forallConfig(*inner);
        return cfg ? launch(c, *cfg, inner->loc, scope.functions.at(kn->id)) : nullptr;
      }
  const ast::Expr *savedCallee = calleeExpr;
  calleeExpr = c.func.get();
  const Type *f = expr(*c.func);
  calleeExpr = savedCallee;
  if (!f) {
    for (auto &a : c.args) expr(isa<ast::Starred>(a.get()) ? *cast<ast::Starred>(*a).value : *a);
    return nullptr;
  }
  for (auto &k : c.keywords)
    if (k.name.empty()) { error(k.loc, "**kwargs in calls are not supported"); return nullptr; }
  if (f->kind == TypeKind::Function) {
    auto n = nestedFunctions.find(f->name);
    return callUser(c, n != nestedFunctions.end() ? n->second : scope.functions.at(f->name));
  }
  for (auto &a : c.args)
    if (isa<ast::Starred>(a.get())) {
      std::string shown = f->kind == TypeKind::Builtin ? f->name : f->kind == TypeKind::DType ? dtypeName(f->dtype) : "";
      error(a->loc, "unpacking a tuple into arguments (*args) is only supported in calls to the program's functions" +
                        (shown.empty() ? std::string() : ", not to " + shown + "()"));
      return nullptr;
    }
  if (f->kind == TypeKind::Builtin) {
    const Type *t = callBuiltin(c, f->name);
    const std::string &b = f->name;
    bool hostApi = b == "cuda.synchronize" || b == "cuda.stream" || b == "cuda.is_available"; // the rest make arrays
    bool deviceOk = (t && t->isArray()) /* reported as creating an array */ || b.rfind("math.", 0) == 0 ||
                    (b.rfind("cuda.", 0) == 0 && !hostApi) || b == "abs" || b == "min" || b == "max" ||
                    (b == "round" && c.args.size() == 1) || b == "divmod" ||
                    b == "len" || (b.rfind("np.", 0) == 0 && t && t->isScalar() && b != "np.random.random");
    if (!deviceOk)
      hostOnly(c.loc, (b.rfind("method.", 0) == 0 ? "the array method " + b.substr(7) : b) +
                          (b == "round" ? "(x, ndigits)" : "()") + " is not supported in CUDA kernels");
    return t;
  }
  if (f->kind == TypeKind::DType) {
    // np.float32(x), int(x), float(x), bool(x)
    if (c.args.size() != 1 || !c.keywords.empty()) {
      if (c.args.empty() && c.keywords.empty()) return T.scalar(f->dtype); // float() == 0.0
      error(c.loc, std::string(dtypeName(f->dtype)) + "() takes exactly one argument");
      return nullptr;
    }
    const Type *a = expr(*c.args[0]);
    if (!a) return nullptr;
    if (a->kind == TypeKind::Str && (f->dtype == DType::I64 || f->dtype == DType::F64) &&
        isa<ast::Name>(c.func.get())) {
      hostOnly(c.loc, std::string(f->dtype == DType::I64 ? "int" : "float") +
                          "() of a string is not supported in CUDA kernels");
      return T.scalar(f->dtype); // int(s), float(s)
    }
    if (!a->isScalar()) {
      if (a->kind == TypeKind::Str) error(c.args[0]->loc, "only int(s) and float(s) convert strings to numbers");
      else error(c.args[0]->loc, "cannot convert " + a->str() + " to " + dtypeName(f->dtype));
      return nullptr;
    }
    return T.scalar(f->dtype);
  }
  if (f->kind == TypeKind::Module) {
    error(c.func->loc, "'module' object is not callable");
    return nullptr;
  }
  error(c.func->loc, "'" + f->str() + "' object is not callable");
  return nullptr;
}

/// "'a'", "'a' and 'b'", "'a', 'b', and 'c'", as CPython lists missing arguments.
std::string quotedList(const std::vector<std::string> &names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i) out += names.size() == 2 ? " and " : i + 1 == names.size() ? ", and " : ", ";
    out += "'" + names[i] + "'";
  }
  return out;
}

// Binds the arguments to the parameters as CPython does, with its TypeError
// messages; `*t` spreads a tuple's elements over positional parameters.
// Hidden parameters (a nested function's free variables) take the hidden
// keywords closure conversion put at the call.
const Type *Inferrer::callUser(const ast::Call &c, const ast::FunctionDef *def) {
  const std::string &fn = def->shownName();
  for (auto &d : def->decorators) {
    std::string dn = decoratorName(*d);
    if (dn != "parjit.jit" && dn != "parjit.njit" && dn != "cuda.jit") {
      // The decorator may change what the function is (@cuda.reduce): say so
      // before judging the call by the function's own parameters.
      error(c.loc, "'" + fn + "' has a decorator parjit does not support (use @jit, @njit or @cuda.jit)");
      for (auto &a : c.args) expr(*a);
      return nullptr;
    }
  }
  if (cudaKind(*def) == CudaKind::Kernel) {
    error(c.loc, "'" + fn + "' is a CUDA kernel: launch it as " + fn + "[blocks, threads](...)");
    for (auto &a : c.args) expr(*a);
    return nullptr;
  }
  for (auto &p : def->params)
    if (p.kind != ast::Param::Normal) {
      error(c.loc, "calling '" + def->name + "', which has *args, **kwargs or keyword-only parameters, is not supported");
      return nullptr;
    }
  size_t nParams = def->params.size(), nUser = 0, nDefaults = 0;
  while (nUser < nParams && !def->params[nUser].hidden) nDefaults += def->params[nUser++].defaultValue != nullptr;
  // Positional arguments, a starred tuple standing for its elements.
  std::vector<std::pair<const ast::Expr *, int>> positional;
  for (auto &a : c.args) {
    auto *st = dyn_cast<ast::Starred>(a.get());
    if (!st) { positional.push_back({a.get(), -1}); continue; }
    const Type *t = set(*st, expr(*st->value));
    if (!t) return nullptr;
    if (!t->isTuple()) {
      error(st->value->loc, fn + "() argument after * must be a tuple, not " + t->str() +
                                (t->isArray() ? " (parjit must know the number of arguments when it compiles)" : ""));
      return nullptr;
    }
    for (size_t i = 0; i < t->elts.size(); ++i) positional.push_back({st, static_cast<int>(i)});
  }
  if (positional.size() > nUser) {
    size_t given = positional.size();
    std::string takes = nDefaults == 0 ? std::to_string(nUser) + " positional argument" + (nUser == 1 ? "" : "s")
                                       : "from " + std::to_string(nUser - nDefaults) + " to " + std::to_string(nUser) +
                                             " positional arguments";
    error(c.loc, fn + "() takes " + takes + " but " + std::to_string(given) + (given == 1 ? " was" : " were") + " given");
    return nullptr;
  }
  std::vector<const ast::Expr *> bound(nParams, nullptr);
  std::vector<int> elements(nParams, -1);
  bool spread = false;
  for (size_t i = 0; i < positional.size(); ++i) {
    bound[i] = positional[i].first;
    elements[i] = positional[i].second;
    spread |= positional[i].second >= 0;
  }
  bool ok = true;
  auto paramNamed = [&](const std::string &name, bool hidden) {
    for (size_t i = hidden ? nUser : 0; i < (hidden ? nParams : nUser); ++i)
      if (def->params[i].name == name) return i;
    return nParams;
  };
  for (auto &k : c.keywords) {
    if (k.isDefault) continue; // below, once the call's own arguments are bound
    size_t i = paramNamed(k.name, k.hidden);
    if (i == nParams) { error(k.loc, fn + "() got an unexpected keyword argument '" + k.name + "'"); ok = false; continue; }
    if (bound[i]) { error(k.loc, fn + "() got multiple values for argument '" + k.name + "'"); ok = false; continue; }
    bound[i] = k.value.get();
  }
  for (auto &k : c.keywords)
    if (k.isDefault) {
      size_t i = paramNamed(k.name, false);
      if (i < nParams && !bound[i]) bound[i] = k.value.get();
    }
  std::vector<std::string> missing;
  for (size_t i = 0; i < bound.size(); ++i)
    if (!bound[i]) {
      if (def->params[i].defaultValue) bound[i] = def->params[i].defaultValue.get();
      else missing.push_back(def->params[i].name);
    }
  if (!missing.empty() && ok)
    error(c.loc, fn + "() missing " + std::to_string(missing.size()) + " required positional argument" +
                     (missing.size() == 1 ? "" : "s") + ": " + quotedList(missing));
  if (!ok || !missing.empty()) return nullptr;
  std::vector<const Type *> args;
  for (size_t i = 0; i < bound.size(); ++i) {
    const Type *t = elements[i] >= 0 ? cur->typeOf(bound[i])->elts[static_cast<size_t>(elements[i])] : expr(*bound[i]);
    if (!t) return nullptr;
    if (!t->isValue()) {
      error(bound[i]->loc, "cannot pass " + t->str() + " as an argument");
      return nullptr;
    }
    args.push_back(t);
  }
  cur->callArgs[&c] = bound;
  if (spread) cur->callArgElements[&c] = elements;
  else cur->callArgElements.erase(&c);
  Specialization *callee = specialize(def, args, cur, c.loc);
  if (!callee) return nullptr;
  cur->callees[&c] = callee;
  if (offloadBody) cur->offloadCallees.insert(callee);
  if (callee->returnFailed &&
      std::any_of(callee->diags.begin(), callee->diags.end(), [](const Diagnostic &d) { return d.severity == Severity::Error; }))
    return nullptr; // its error is reported; its return type is unknown
  if (!callee->retType) return nullptr;
  return callee->retType;
}

std::string Inferrer::decoratorName(const ast::Expr &d) {
  const ast::Expr *callee = &d;
  if (auto *dc = dyn_cast<ast::Call>(callee)) callee = dc->func.get();
  const Type *dt = nullptr;
  if (auto *n = dyn_cast<ast::Name>(callee)) {
    auto f = scope.names.find(n->id);
    if (f != scope.names.end()) dt = f->second;
  } else if (auto *a = dyn_cast<ast::Attribute>(callee)) {
    const Type *base = nullptr;
    if (auto *n = dyn_cast<ast::Name>(a->value.get())) {
      auto f = scope.names.find(n->id);
      if (f != scope.names.end()) base = f->second;
    } else if (auto *inner = dyn_cast<ast::Attribute>(a->value.get())) { // numba.cuda.jit, parjit.cuda.jit
      if (auto *n = dyn_cast<ast::Name>(inner->value.get())) {
        auto f = scope.names.find(n->id);
        if (f != scope.names.end() && f->second->kind == TypeKind::Module)
          base = moduleAttribute(T, f->second->name == "numba" ? "parjit" : f->second->name, inner->attr);
      }
    }
    if (base && base->kind == TypeKind::Module)
      dt = moduleAttribute(T, base->name == "numba" ? "parjit" : base->name, a->attr);
  }
  return dt && dt->kind == TypeKind::Builtin ? dt->name : "";
}

Inferrer::CudaKind Inferrer::cudaKind(const ast::FunctionDef &def) {
  for (auto &d : def.decorators) {
    if (decoratorName(*d) != "cuda.jit") continue;
    if (auto *dc = dyn_cast<ast::Call>(d.get()))
      for (auto &kw : dc->keywords)
        if (auto *b = dyn_cast<ast::BoolLit>(kw.value.get()); b && kw.name == "device" && b->value)
          return CudaKind::Device;
    return CudaKind::Kernel;
  }
  return CudaKind::None;
}

bool Inferrer::constInt(const ast::Expr &e, int64_t &v) {
  return foldIntConstant(e, v, [&](const std::string &name) -> const ast::Expr * {
    if (localNames.count(name)) return nullptr;
    auto c = scope.constants.find(name);
    return c == scope.constants.end() ? nullptr : c->second;
  });
}

// kernel[grid, block](args), as Numba-CUDA: grid and block are an int or a
// tuple of 1 to 3 ints; the kernel is specialized for the argument types
// and compiled for the GPU.
std::optional<Specialization::LaunchConfig> Inferrer::forallConfig(const ast::Call &forall) {
  Specialization::LaunchConfig cfg;
  cfg.forall = true;
  static const char *const names[] = {"ntasks", "tpb", "stream", "sharedmem"};
  if (forall.args.size() > 4) {
    error(forall.loc, "forall() takes ntasks, tpb, stream and sharedmem");
    return std::nullopt;
  }
  cfg.exprs.assign(4, nullptr);
  for (size_t i = 0; i < forall.args.size(); ++i) cfg.exprs[i] = forall.args[i].get();
  for (auto &kw : forall.keywords) {
    size_t i = 0;
    while (i < 4 && kw.name != names[i]) ++i;
    if (i == 4 || cfg.exprs[i]) {
      error(kw.loc, "forall() got an unexpected keyword argument '" + kw.name + "'");
      return std::nullopt;
    }
    cfg.exprs[i] = kw.value.get();
  }
  if (!cfg.exprs[0]) {
    error(forall.loc, "forall() needs the number of tasks");
    return std::nullopt;
  }
  return cfg;
}

const Type *Inferrer::launch(const ast::Call &c, const Specialization::LaunchConfig &config, SourceLoc configLoc,
                             const ast::FunctionDef *def) {
  if (cudaKind(*def) != CudaKind::Kernel) {
    error(c.func->loc, "'" + def->shownName() + "' is not a CUDA kernel: only @cuda.jit functions are launched with " +
                           (config.forall ? "forall" : "[blocks, threads]"));
    return nullptr;
  }
  const std::vector<const ast::Expr *> &cfg = config.exprs;
  if (!config.forall && (cfg.size() < 2 || cfg.size() > 4)) {
    error(configLoc, "a kernel launch takes [blocks, threads], [blocks, threads, stream] or [blocks, threads, "
                     "stream, shared_bytes]");
    return nullptr;
  }
  bool ok = true;
  for (size_t i = 0; i < cfg.size(); ++i) {
    if (!cfg[i]) continue; // forall's defaults
    const Type *t = expr(*cfg[i]);
    if (!t) { ok = false; continue; }
    auto isInt = [](const Type *x) { return x->isScalar() && !isFloat(x->dtype) && x->dtype != DType::Bool; };
    if (i == 2) continue; // the stream: accepted, not used (launches wait for their kernel)
    if (config.forall && i < 2) {
      if (!isInt(t)) {
        error(cfg[i]->loc, std::string("forall()'s ") + (i == 0 ? "ntasks" : "tpb") + " must be an int, not " + t->str());
        ok = false;
      }
      continue;
    }
    if (i == 3) {
      if (!isInt(t)) {
        error(cfg[i]->loc, "the dynamic shared memory size of a kernel launch must be an int (bytes), not " + t->str());
        ok = false;
      }
      continue;
    }
    bool good = isInt(t) || (t->isTuple() && !t->elts.empty() && t->elts.size() <= 3 &&
                             std::all_of(t->elts.begin(), t->elts.end(), isInt));
    if (!good) {
      error(cfg[i]->loc, std::string(i == 0 ? "the grid" : "the block") +
                             " of a kernel launch must be an int or a tuple of 1 to 3 ints, not " + t->str());
      ok = false;
    }
  }
  if (!c.keywords.empty()) {
    error(c.keywords[0].loc, "kernel arguments are passed by position");
    return nullptr;
  }
  std::vector<const Type *> args;
  std::vector<const ast::Expr *> bound;
  for (auto &a : c.args) {
    const Type *t = expr(*a);
    if (!t) { ok = false; continue; }
    if (!t->isScalar() && !t->isArray()) {
      error(a->loc, "a kernel takes arrays and numbers, not " + t->str());
      ok = false;
      continue;
    }
    args.push_back(t);
    bound.push_back(a.get());
  }
  if (!ok) return nullptr;
  size_t nParams = 0;
  for (auto &p : def->params) nParams += !p.hidden;
  if (args.size() != nParams || nParams != def->params.size()) {
    if (nParams != def->params.size())
      error(c.loc, "a CUDA kernel cannot read the variables of an enclosing function");
    else
      error(c.loc, def->shownName() + "() takes " + std::to_string(nParams) + " argument" + (nParams == 1 ? "" : "s") +
                       " but " + std::to_string(args.size()) + (args.size() == 1 ? " was" : " were") + " given");
    return nullptr;
  }
  Specialization *k = specialize(def, args, cur, c.loc);
  if (!k) return nullptr;
  cur->callArgs[&c] = bound;
  cur->launches[&c] = k;
  cur->launchConfigs[&c] = config;
  return T.none();
}

// cuda.grid, cuda.syncthreads, cuda.shared.array, cuda.atomic.add, ...
const Type *Inferrer::cudaCall(const ast::Call &c, const std::string &name) {
  auto deviceOnly = [&] {
    if (final) cur->deviceOnly.push_back({c.loc, name + "() is only available in CUDA kernels and device functions"});
  };
  auto arity = [&](size_t lo, size_t hi) {
    if (c.args.size() >= lo && c.args.size() <= hi) return true;
    error(c.loc, name + "() takes " + (lo == hi ? std::to_string(lo) : std::to_string(lo) + " to " + std::to_string(hi)) +
                     " arguments (" + std::to_string(c.args.size()) + " given)");
    return false;
  };
  if (name == "cuda.jit") {
    error(c.loc, "cuda.jit can only be used as a decorator");
    return nullptr;
  }
  // Numba's device arrays: parjit arrays are copied to and from the GPU when
  // a kernel or host code needs them, so these are ordinary arrays.
  if (name == "cuda.to_device") return callBuiltin(c, "np.copy", true);
  if (name == "cuda.device_array" || name == "cuda.pinned_array") return callBuiltin(c, "np.empty", true);
  if (name == "cuda.device_array_like") return callBuiltin(c, "np.empty_like", true);
  if (name == "cuda.synchronize") {
    if (!arity(0, 0)) return nullptr;
    return T.none(); // launches wait for their kernel
  }
  if (name == "cuda.stream") {
    if (!arity(0, 0)) return nullptr;
    return T.module("parjit.cuda.Stream");
  }
  if (name == "cuda.is_available") {
    if (!arity(0, 0)) return nullptr;
    return T.boolTy();
  }
  if (name == "cuda.grid" || name == "cuda.gridsize") {
    deviceOnly();
    int64_t n = 0;
    if (!arity(1, 1)) return nullptr;
    if (!constInt(*c.args[0], n) || n < 1 || n > 3) {
      error(c.args[0]->loc, name + "() takes the number of dimensions, 1, 2 or 3, as a constant");
      return nullptr;
    }
    set(*c.args[0], T.i64());
    if (n == 1) return T.i64();
    return T.tuple(std::vector<const Type *>(static_cast<size_t>(n), T.i64()));
  }
  if (name == "cuda.syncthreads" || name == "cuda.threadfence" || name == "cuda.threadfence_block" ||
      name == "cuda.threadfence_system") {
    deviceOnly();
    if (!arity(0, 0)) return nullptr;
    return T.none();
  }
  // The arguments of the warp and bit functions: all positional, scalars.
  auto scalars = [&](size_t lo, size_t hi) -> std::optional<std::vector<const Type *>> {
    if (!c.keywords.empty()) {
      error(c.keywords[0].loc, name + "() takes no keyword arguments");
      return std::nullopt;
    }
    if (!arity(lo, hi)) return std::nullopt;
    std::vector<const Type *> ts;
    for (auto &a : c.args) {
      const Type *t = expr(*a);
      if (!t) return std::nullopt;
      if (!t->isScalar()) {
        error(a->loc, name + "() takes numbers, not " + t->str());
        return std::nullopt;
      }
      ts.push_back(t);
    }
    return ts;
  };
  auto isInt = [](const Type *x) { return x->isScalar() && !isFloat(x->dtype) && x->dtype != DType::Bool; };
  auto needInt = [&](size_t i, const Type *t, const char *what) {
    if (isInt(t)) return true;
    error(c.args[i]->loc, name + "() takes an integer " + what + ", not " + t->str());
    return false;
  };
  if (name == "cuda.syncthreads_count" || name == "cuda.syncthreads_and" || name == "cuda.syncthreads_or") {
    deviceOnly();
    if (!scalars(1, 1)) return nullptr;
    return T.scalar(DType::I32);
  }
  if (name == "cuda.syncwarp") {
    deviceOnly();
    auto ts = scalars(0, 1);
    if (!ts || (!ts->empty() && !needInt(0, (*ts)[0], "mask"))) return nullptr;
    return T.none();
  }
  if (name == "cuda.activemask" || name == "cuda.lanemask_lt") {
    deviceOnly();
    if (!scalars(0, 0)) return nullptr;
    return T.scalar(DType::U32);
  }
  if (name == "cuda.all_sync" || name == "cuda.any_sync" || name == "cuda.eq_sync" || name == "cuda.ballot_sync") {
    deviceOnly();
    auto ts = scalars(2, 2);
    if (!ts || !needInt(0, (*ts)[0], "mask")) return nullptr;
    return T.scalar(name == "cuda.ballot_sync" ? DType::U32 : DType::I32);
  }
  if (name == "cuda.shfl_sync" || name == "cuda.shfl_up_sync" || name == "cuda.shfl_down_sync" ||
      name == "cuda.shfl_xor_sync") {
    deviceOnly();
    auto ts = scalars(3, 3);
    if (!ts || !needInt(0, (*ts)[0], "mask") || !needInt(2, (*ts)[2], name == "cuda.shfl_sync" ? "lane" : "offset"))
      return nullptr;
    return (*ts)[1];
  }
  if (name == "cuda.popc" || name == "cuda.clz" || name == "cuda.ffs" || name == "cuda.brev") {
    deviceOnly();
    auto ts = scalars(1, 1);
    if (!ts || !needInt(0, (*ts)[0], "value")) return nullptr;
    return name == "cuda.ffs" ? T.scalar(DType::U32) : (*ts)[0];
  }
  if (name == "cuda.fma" || name == "cuda.cbrt") {
    deviceOnly();
    auto ts = name == "cuda.fma" ? scalars(3, 3) : scalars(1, 1);
    if (!ts) return nullptr;
    bool all32 = true;
    for (size_t i = 0; i < ts->size(); ++i) {
      if (name == "cuda.fma" && !isFloat((*ts)[i]->dtype)) {
        error(c.args[i]->loc, name + "() takes floats, not " + (*ts)[i]->str());
        return nullptr;
      }
      all32 = all32 && (*ts)[i]->dtype == DType::F32;
    }
    return T.scalar(all32 ? DType::F32 : DType::F64);
  }
  if (name == "cuda.selp") {
    deviceOnly();
    auto ts = scalars(3, 3);
    if (!ts) return nullptr;
    return T.scalar(promote((*ts)[1]->dtype, (*ts)[2]->dtype));
  }
  if (name == "cuda.shared.array" || name == "cuda.local.array") {
    deviceOnly();
    const ast::Expr *shapeE = c.args.size() > 0 ? c.args[0].get() : nullptr;
    const ast::Expr *dtypeE = c.args.size() > 1 ? c.args[1].get() : nullptr;
    for (auto &kw : c.keywords) {
      if (kw.name == "shape") shapeE = kw.value.get();
      else if (kw.name == "dtype") dtypeE = kw.value.get();
      else { error(kw.loc, name + "() got an unexpected keyword argument '" + kw.name + "'"); return nullptr; }
    }
    if (!shapeE || !dtypeE || c.args.size() > 2) {
      error(c.loc, name + "() takes a shape and a dtype");
      return nullptr;
    }
    std::vector<int64_t> shape;
    std::vector<const ast::Expr *> dims;
    const ast::Expr *shapeAsWritten = shapeE;
    if (auto *n = dyn_cast<ast::Name>(shapeE); n && !localNames.count(n->id)) // SHAPE = (16, 17) at module level
      if (auto k = scope.constants.find(n->id); k != scope.constants.end() && k->second && isa<ast::Tuple>(k->second))
        shapeE = k->second;
    if (auto *t = dyn_cast<ast::Tuple>(shapeE)) for (auto &e : t->elts) dims.push_back(e.get());
    else dims.push_back(shapeE);
    for (const ast::Expr *d : dims) {
      int64_t v = 0;
      // shared.array(0, dtype): the launch's dynamic shared memory.
      bool dynamic = name == "cuda.shared.array" && dims.size() == 1 && constInt(*d, v) && v == 0;
      if (!dynamic && (!constInt(*d, v) || v <= 0)) {
        error(d->loc, name + "() needs a shape of positive integer constants (literals or module-level constants)" +
                          (name == "cuda.shared.array" ? ", or 0 for the launch's dynamic shared memory" : ""));
        return nullptr;
      }
      set(*d, T.i64());
      shape.push_back(v);
    }
    if (dims.empty() || dims.size() > 3) {
      error(shapeE->loc, name + "() takes 1 to 3 dimensions");
      return nullptr;
    }
    if (isa<ast::Tuple>(shapeE)) {
      set(*shapeE, T.tuple(std::vector<const Type *>(dims.size(), T.i64())));
      set(*shapeAsWritten, T.tuple(std::vector<const Type *>(dims.size(), T.i64())));
    }
    auto d = dtypeArg(*dtypeE);
    if (!d) return nullptr;
    cur->cudaArrayShapes[&c] = shape;
    return T.array(*d, static_cast<int>(shape.size()), true);
  }
  if (name.rfind("cuda.atomic.", 0) == 0) {
    // cuda.atomic.<op>(array, index, value), cas(array, index, old, value),
    // compare_and_swap(array, old, value) on array[0] of a 1-D array.
    deviceOnly();
    std::string op = name.substr(12);
    bool swapAt0 = op == "compare_and_swap";
    size_t n = op == "cas" ? 4 : 3;
    if (!arity(n, n)) return nullptr;
    std::vector<const Type *> ts;
    for (auto &e : c.args) {
      ts.push_back(expr(*e));
      if (!ts.back()) return nullptr;
    }
    const Type *a = ts[0];
    if (!a->isArray()) {
      error(c.args[0]->loc, name + "() takes an array, not " + a->str());
      return nullptr;
    }
    if (swapAt0 && a->ndim != 1) {
      error(c.args[0]->loc, name + "() works on element 0 of a 1-D array, not on " + a->str());
      return nullptr;
    }
    if (!swapAt0) {
      const Type *i = ts[1];
      bool idxOk = (a->ndim == 1 && isInt(i)) ||
                   (i->isTuple() && static_cast<int>(i->elts.size()) == a->ndim &&
                    std::all_of(i->elts.begin(), i->elts.end(), isInt));
      if (!idxOk) {
        error(c.args[1]->loc,
              name + "() needs one integer index per axis of the array (" + std::to_string(a->ndim) + ")");
        return nullptr;
      }
    }
    for (size_t k = swapAt0 ? 1 : 2; k < n; ++k)
      if (!ts[k]->isScalar()) {
        error(c.args[k]->loc, name + "() takes a number, not " + ts[k]->str());
        return nullptr;
      }
    bool fourBytes = a->dtype != DType::Bool && byteSize(a->dtype) >= 4;
    const char *want = "int32, int64, uint32, uint64, float32 and float64";
    bool ok = fourBytes;
    if (op == "and_" || op == "or_" || op == "xor" || op == "cas" || swapAt0) {
      ok = fourBytes && !isFloat(a->dtype);
      want = "int32, int64, uint32 and uint64";
    } else if (op == "inc" || op == "dec") {
      ok = a->dtype == DType::U32 || a->dtype == DType::U64;
      want = "uint32 and uint64";
    }
    if (!ok) {
      error(c.args[0]->loc, name + "() works on " + std::string(want) + " arrays, not " + a->str());
      return nullptr;
    }
    return T.scalar(a->dtype);
  }
  error(c.loc, name + "() is not supported");
  return nullptr;
}

const Type *Inferrer::callBuiltin(const ast::Call &c, const std::string &name, bool ignoresStream) {
  if (name.rfind("cuda.", 0) == 0) return cudaCall(c, name);
  if (name == "np.array" || name == "np.asarray") return arrayConstructor(c, name);
  if (name == "np.load") {
    // The file's array type is only known when it runs: it comes from the
    // annotation of the variable assigned, and is checked against the file.
    const Type *want = &c == annotatedValue ? annotatedValueType : nullptr;
    for (auto &a : c.args) expr(*a);
    if (c.args.size() != 1 || !c.keywords.empty() || !cur->typeOf(c.args[0].get()) ||
        cur->typeOf(c.args[0].get())->kind != TypeKind::Str) {
      error(c.loc, "np.load() takes a file name (a string)");
      return nullptr;
    }
    if (!want || !want->isArray()) {
      error(c.loc, "np.load() needs the array's type, which parjit must know before the file is read: annotate "
                   "the variable, e.g. `a: np.float64[:, :] = np.load(path)`");
      return nullptr;
    }
    return T.array(want->dtype, want->ndim);
  }
  // np.concatenate([a, b]): a list literal of arrays is taken as a tuple.
  if ((name == "np.concatenate" || name == "np.stack" || name == "np.vstack" || name == "np.hstack") &&
      !c.args.empty())
    if (auto *l = dyn_cast<ast::List>(c.args[0].get())) {
      std::vector<const Type *> elts;
      for (auto &x : l->elts) {
        const Type *t = expr(*x);
        if (!t) return nullptr;
        elts.push_back(t);
      }
      set(*l, T.tuple(elts));
    }
  BuiltinCallContext ctx{T, c, cur->exprTypes};
  ctx.typeOf = [this](const ast::Expr &e) {
    if (isa<ast::List>(&e)) // typed above, as the tuple it stands for
      if (const Type *t = cur->typeOf(&e)) return t;
    return expr(e);
  };
  ctx.dtypeOf = [this](const ast::Expr &e) { return dtypeArg(e); };
  ctx.error = [this](SourceLoc l, std::string m) { error(l, std::move(m)); };
  ctx.ignoresStream = ignoresStream;
  ctx.valueBased = [this](const ast::Expr &le, const Type *l, const ast::Expr &re, const Type *r) {
    return valueBasedOperands(le, l, re, r);
  };
  return typeBuiltinCall(ctx, name);
}

/// np.array(x, dtype=None), np.asarray(x, dtype=None): x is a nested list or
/// tuple literal of numbers (its shape known here, its dtype the promotion
/// of its elements' as NumPy's), a tuple value of numbers (or of equal-size
/// tuples of numbers), or an array (copied by np.array).
const Type *Inferrer::arrayConstructor(const ast::Call &c, const std::string &name) {
  std::string shown = name;
  if (c.args.size() != 1) {
    for (auto &a : c.args) expr(*a);
    error(c.loc, shown + "() takes one positional argument (the data) and dtype=");
    return nullptr;
  }
  std::optional<DType> want;
  for (auto &k : c.keywords) {
    if (k.name != "dtype") {
      error(k.loc, shown + "() got an unsupported keyword argument '" + k.name + "'");
      return nullptr;
    }
    if (!(want = dtypeArg(*k.value))) return nullptr;
  }
  const ast::Expr &data = *c.args[0];
  auto literalElts = [](const ast::Expr &e) -> const std::vector<ast::ExprPtr> * {
    if (auto *l = dyn_cast<ast::List>(&e)) return &l->elts;
    if (auto *t = dyn_cast<ast::Tuple>(&e)) return &t->elts;
    return nullptr;
  };
  if (literalElts(data)) {
    // The shape follows the first elements down; every part must match it.
    std::vector<size_t> shape;
    for (const ast::Expr *e = &data; literalElts(*e);) {
      shape.push_back(literalElts(*e)->size());
      if (literalElts(*e)->empty()) break;
      e = literalElts(*e)->front().get();
    }
    std::optional<DType> d;
    bool ok = true, rectangular = true;
    std::function<void(const ast::Expr &, size_t)> walk = [&](const ast::Expr &e, size_t depth) {
      const std::vector<ast::ExprPtr> *elts = literalElts(e);
      if (depth < shape.size()) {
        if (!elts || elts->size() != shape[depth]) { rectangular = false; if (!elts) expr(e); return; }
        for (auto &x : *elts) walk(*x, depth + 1);
        return;
      }
      if (elts) { rectangular = false; return; }
      const Type *t = expr(e);
      if (!t) { ok = false; return; }
      if (!t->isScalar()) {
        error(e.loc, shown + "() of a list needs numbers (or nested lists of numbers), not " + t->str());
        ok = false;
        return;
      }
      d = d ? promote(*d, t->dtype) : t->dtype;
    };
    walk(data, 0);
    if (!rectangular)
      error(data.loc, "setting an array element with a sequence: the nested lists have an inhomogeneous shape");
    if (!ok || !rectangular) return nullptr;
    const Type *t = T.array(want ? *want : d ? *d : DType::F64, static_cast<int>(shape.size()));
    set(data, t);
    return t;
  }
  const Type *t = expr(data);
  if (!t) return nullptr;
  if (t->isArray()) return T.array(want ? *want : t->dtype, t->ndim);
  if (t->isTuple() && !t->elts.empty()) {
    // (x, y, z): 1-d; ((a, b), (c, d)): 2-d.
    const Type *first = t->elts[0];
    int nd = first->isTuple() ? 2 : 1;
    std::optional<DType> d;
    for (const Type *e : t->elts) {
      const std::vector<const Type *> leaves = nd == 2 ? (e->isTuple() ? e->elts : std::vector<const Type *>{})
                                                       : std::vector<const Type *>{e};
      if (nd == 2 && (!e->isTuple() || e->elts.size() != first->elts.size())) {
        error(data.loc, shown + "() of a tuple needs numbers or equal-size tuples of numbers, not " + t->str());
        return nullptr;
      }
      for (const Type *x : leaves) {
        if (!x->isScalar()) {
          error(data.loc, shown + "() of a tuple needs numbers or equal-size tuples of numbers, not " + t->str());
          return nullptr;
        }
        d = d ? promote(*d, x->dtype) : x->dtype;
      }
    }
    if (nd == 2 && first->elts.empty()) d = DType::F64;
    return T.array(want ? *want : *d, nd);
  }
  error(data.loc, shown + "() needs a list, a tuple or an array, not " + t->str());
  return nullptr;
}

std::vector<std::pair<const ast::Call *, Specialization *>>
inSourceOrder(const std::unordered_map<const ast::Call *, Specialization *> &m) {
  std::vector<std::pair<const ast::Call *, Specialization *>> calls(m.begin(), m.end());
  std::sort(calls.begin(), calls.end(), [](auto &a, auto &b) {
    return std::tie(a.first->loc.line, a.first->loc.col) < std::tie(b.first->loc.line, b.first->loc.col);
  });
  return calls;
}

void computeReachable(std::vector<Specialization *> &out, Specialization *s, std::set<Specialization *> &seen) {
  if (!s || !seen.insert(s).second) return;
  for (auto &c : inSourceOrder(s->callees)) computeReachable(out, c.second, seen);
  out.push_back(s);
}

/// The CPU code and, from its kernel launches, the GPU code; each side's
/// misplaced constructs (print in a kernel, cuda.grid on the CPU) become errors.
void computeReachable(Program &p, Specialization *root, std::set<Specialization *> &seen) {
  size_t from = p.reachable.size();
  computeReachable(p.reachable, root, seen);
  std::set<Specialization *> deviceSeen(p.deviceReachable.begin(), p.deviceReachable.end());
  for (size_t i = from; i < p.reachable.size(); ++i) {
    Specialization *s = p.reachable[i];
    for (auto &l : inSourceOrder(s->launches)) computeReachable(p.deviceReachable, l.second, deviceSeen);
    if (s->cudaOffload) {
      p.offloaded.push_back(s);
      std::vector<Specialization *> callees(s->offloadCallees.begin(), s->offloadCallees.end());
      std::sort(callees.begin(), callees.end(), [](Specialization *a, Specialization *b) { return a->mangled < b->mangled; });
      for (Specialization *c : callees) computeReachable(p.deviceReachable, c, deviceSeen);
    }
  }
  for (size_t i = from; i < p.reachable.size(); ++i)
    for (auto &[loc, msg] : p.reachable[i]->deviceOnly) p.reachable[i]->diags.push_back({Severity::Error, loc, msg, {}});
  for (Specialization *s : p.deviceReachable) {
    if (s->hostOnlyReported) continue;
    s->hostOnlyReported = true;
    for (auto &[loc, msg] : s->hostOnly) s->diags.push_back({Severity::Error, loc, msg, {}});
  }
}

/// Reports the diagnostics of the reachable specializations, in source order;
/// a message in `once` only where it comes first.
void reportReachable(Program &prog, DiagnosticEngine &diags, const std::set<std::string> &once) {
  std::vector<Diagnostic> all;
  std::set<Specialization *> both(prog.reachable.begin(), prog.reachable.end());
  both.insert(prog.deviceReachable.begin(), prog.deviceReachable.end());
  for (Specialization *s : both)
    all.insert(all.end(), s->diags.begin(), s->diags.end());
  std::stable_sort(all.begin(), all.end(), [](const Diagnostic &a, const Diagnostic &b) {
    return std::tie(a.loc.file, a.loc.line, a.loc.col) < std::tie(b.loc.file, b.loc.line, b.loc.col);
  });
  std::set<std::tuple<uint32_t, uint32_t, uint32_t, std::string>> seen; // one function, several exports
  std::set<std::string> reportedOnce;
  for (auto &d : all) {
    if (!seen.insert({d.loc.file, d.loc.line, d.loc.col, d.message}).second) continue;
    if (once.count(d.message) && !reportedOnce.insert(d.message).second) continue;
    Diagnostic &out = d.severity == Severity::Error ? diags.error(d.loc, d.message) : diags.warning(d.loc, d.message);
    out.notes = d.notes;
  }
}

} // namespace

std::unique_ptr<Program> inferTypes(const ast::Module &m, const CompileOptions &opts, DiagnosticEngine &diags,
                                    const std::vector<ExportRequest> &exports) {
  auto prog = std::make_unique<Program>();
  prog->module = &m;
  prog->debugLines = opts.debugLines;
  Inferrer inf(*prog, opts);
  inf.buildModuleScope(m, diags);
  prog->constants = inf.scope.constants;

  if (!exports.empty()) {
    std::set<Specialization *> seen;
    for (const ExportRequest &req : exports) {
      auto f = inf.scope.functions.find(req.function);
      if (f == inf.scope.functions.end()) {
        diags.error({m.file, 1, 1}, "there is no function '" + req.function + "' at the top level of this module");
        continue;
      }
      std::string err;
      size_t col = 0;
      auto sig = parseSignature(prog->types, req.signature, err, col);
      if (!sig) {
        diags.error(f->second->loc, "bad signature '" + req.signature + "' for '" + req.function + "': " + err);
        continue;
      }
      if (sig->args.size() != f->second->params.size()) {
        diags.error(f->second->loc, "'" + req.function + "' takes " + std::to_string(f->second->params.size()) +
                                        " arguments, but the signature '" + req.signature + "' has " +
                                        std::to_string(sig->args.size()));
        continue;
      }
      Specialization *s = inf.specialize(f->second, sig->args, nullptr, {});
      if (!s) continue;
      if (sig->ret && s->retType && sig->ret != s->retType)
        s->diags.push_back({Severity::Error, f->second->nameLoc.valid() ? f->second->nameLoc : f->second->loc,
                            "'" + req.function + "' returns " + s->retType->str() + ", but the signature '" +
                                req.signature + "' says " + sig->ret->str(),
                            {}});
      prog->exports.push_back({s, req.symbol});
      computeReachable(*prog, s, seen);
    }
    reportReachable(*prog, diags, inf.reportOnce);
    return prog;
  }

  auto entry = std::make_unique<Specialization>();
  entry->name = "<module>";
  entry->mangled = "<module>";
  entry->boundsCheck = opts.boundsCheck;
  entry->fastmath = opts.fastmath;
  for (auto &s : m.body)
    if (!isa<ast::FunctionDef>(s.get()) && !isa<ast::Import>(s.get()) && !isa<ast::ImportFrom>(s.get()))
      entry->body.push_back(s.get());
  prog->entry = entry.get();
  prog->specs.push_back(std::move(entry));
  inf.inferBody(*prog->entry);

  std::set<Specialization *> seen;
  computeReachable(*prog, prog->entry, seen);
  reportReachable(*prog, diags, inf.reportOnce);
  return prog;
}

} // namespace parjit::typed
