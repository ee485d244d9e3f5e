// The module-level part of code generation: types, runtime declarations,
// one function per specialization, and the program's entry point.
#include "codegen/FunctionEmitter.h"
#include "llvm/IR/MDBuilder.h"
#include "llvm/IR/Verifier.h"
#include "llvm/Support/Casting.h"

using namespace llvm;

namespace parjit {
namespace codegen {

llvm::Type *ModuleEmitter::scalarType(DType d) {
  switch (d) {
  case DType::Bool: return llvm::Type::getInt1Ty(ctx);
  case DType::I8: case DType::U8: return llvm::Type::getInt8Ty(ctx);
  case DType::I16: case DType::U16: return llvm::Type::getInt16Ty(ctx);
  case DType::I32: case DType::U32: return llvm::Type::getInt32Ty(ctx);
  case DType::I64: case DType::U64: return llvm::Type::getInt64Ty(ctx);
  case DType::F32: return llvm::Type::getFloatTy(ctx);
  case DType::F64: return llvm::Type::getDoubleTy(ctx);
  }
  return nullptr;
}

llvm::Type *ModuleEmitter::memType(DType d) {
  return d == DType::Bool ? llvm::Type::getInt8Ty(ctx) : scalarType(d);
}

llvm::Type *ModuleEmitter::llvmType(const Type *t) {
  auto *ptr = PointerType::getUnqual(ctx);
  auto *i64 = llvm::Type::getInt64Ty(ctx);
  switch (t->kind) {
  case typed::TypeKind::Scalar: return scalarType(t->dtype);
  case typed::TypeKind::Array: {
    // { meminfo, data, shape[ndim], strides[ndim] (bytes) }
    auto *dims = ArrayType::get(i64, t->ndim);
    return StructType::get(ctx, {ptr, ptr, dims, dims});
  }
  case typed::TypeKind::Tuple: {
    std::vector<llvm::Type *> elts;
    for (const Type *e : t->elts) elts.push_back(llvmType(e));
    return StructType::get(ctx, elts);
  }
  case typed::TypeKind::Str: return StructType::get(ctx, {ptr, i64});
  default: return StructType::get(ctx, {});
  }
}

FunctionCallee ModuleEmitter::runtime(const char *name) {
  auto *ptr = PointerType::getUnqual(ctx);
  auto *i64 = llvm::Type::getInt64Ty(ctx);
  auto *i32 = llvm::Type::getInt32Ty(ctx);
  auto *f64 = llvm::Type::getDoubleTy(ctx);
  auto *f32 = llvm::Type::getFloatTy(ctx);
  auto *vd = llvm::Type::getVoidTy(ctx);
  struct Sig { const char *name; llvm::Type *ret; std::vector<llvm::Type *> args; };
  const Sig sigs[] = {
      {"pj_write_str", vd, {ptr, i64}},
      {"pj_write_repr_str", vd, {ptr, i64}},
      {"pj_write_i64", vd, {i64}},
      {"pj_write_u64", vd, {i64}},
      {"pj_write_f64", vd, {f64}},
      {"pj_write_f32", vd, {f32}},
      {"pj_write_bool", vd, {i32}},
      {"pj_write_array", vd, {ptr, i32, i32, ptr, ptr, i32}},
      {"pj_flush", vd, {}},
      {"pj_alloc", ptr, {i64, ptr}},
      {"pj_alloc_empty", ptr, {i64, ptr}},
      {"pj_incref", vd, {ptr}},
      {"pj_decref", vd, {ptr}},
      {"pj_raise", vd, {i32, ptr}},
      {"pj_raise_index", vd, {i64, i64, i64}},
      {"pj_raise_broadcast", vd, {i32, ptr, ptr}},
      {"pj_raise_broadcast_into", vd, {i32, ptr, i32, ptr}},
      {"pj_raise_reshape", vd, {i64, i32, ptr}},
      {"pj_raise_mask_shape", vd, {i64, i64, i64}},
      {"pj_raise_mask_assign", vd, {i64, i64}},
      {"pj_raise_concatenate", vd, {i64, i64, i64, i64}},
      {"pj_add_frame", vd, {ptr, i32, ptr}},
      {"pj_pow_i64", i64, {i64, i64}},
      {"pj_failed", i32, {}},
      {"pj_round_f64", f64, {f64, i64}},
      {"pj_pairwise_f64", f64, {ptr, i64, i64}},
      {"pj_pairwise_f32", f32, {ptr, i64, i64}},
      {"pj_sum_f64", f64, {ptr, i64, i64, i32}},
      {"pj_sum_f32", f32, {ptr, i64, i64, i32}},
      {"pj_gemm_f64", vd, {i64, i64, i64, ptr, i64, ptr, i64, ptr, i64}},
      {"pj_gemm_f32", vd, {i64, i64, i64, ptr, i64, ptr, i64, ptr, i64}},
      {"pj_perf_counter", f64, {}},
      {"pj_special_erf", f64, {f64}},
      {"pj_special_erfc", f64, {f64}},
      {"pj_argc", i64, {}},
      {"pj_argv", ptr, {i64}},
      {"pj_str_to_i64", i64, {ptr, i64}},
      {"pj_str_to_f64", f64, {ptr, i64}},
      {"pj_parallel_for", i32, {ptr, ptr, i64, i64}},
      {"pj_num_threads", i64, {}},
      {"pj_thread_id", i64, {}},
      {"pj_random_seed", vd, {i64}},
      {"pj_random_random", f64, {}},
      {"pj_random_standard_normal", f64, {}},
      {"pj_random_uniform", f64, {f64, f64}},
      {"pj_random_normal", f64, {f64, f64}},
      {"pj_random_randint", i64, {i64, i64}},
      {"pj_random_fill_random", vd, {ptr, i64}},
      {"pj_random_fill_standard_normal", vd, {ptr, i64}},
      {"pj_random_fill_uniform", vd, {ptr, i64, f64, f64}},
      {"pj_random_fill_normal", vd, {ptr, i64, f64, f64}},
      {"pj_random_fill_randint", vd, {ptr, i64, i64, i64}},
      {"pj_npy_save", i32, {ptr, i64, ptr, i32, i32, ptr, ptr}},
      {"pj_npy_header", i32, {ptr, i64, ptr, ptr, ptr}},
      {"pj_npy_load", ptr, {ptr, i64, i32, i32, ptr, ptr}},
      {"pj_cuda_launch", i32, {ptr, ptr, ptr, ptr, ptr, i64, i32, ptr}},
      {"pj_cuda_to_host", i32, {ptr}},
      {"pj_cuda_host_wrote", i32, {ptr}},
      {"pj_cuda_is_available", i32, {}},
  };
  for (const Sig &s : sigs)
    if (StringRef(s.name) == name) {
      FunctionCallee fc = mod.getOrInsertFunction(name, FunctionType::get(s.ret, s.args, false));
      if (auto *f = dyn_cast<Function>(fc.getCallee())) {
        f->setDoesNotThrow();
        if (StringRef(name).starts_with("pj_raise")) f->addFnAttr(Attribute::Cold);
        if (StringRef(name).starts_with("pj_special_")) { // pure math: hoistable, no memory touched
          f->setWillReturn();
          f->setMemoryEffects(MemoryEffects::none());
        }
      }
      return fc;
    }
  report_fatal_error(Twine("parjit: unknown runtime function ") + name);
}

Constant *ModuleEmitter::cstring(const std::string &s) {
  auto &slot = strings[s];
  if (!slot) {
    auto *init = ConstantDataArray::getString(ctx, s, true);
    auto *gv = new GlobalVariable(mod, init->getType(), true, GlobalValue::PrivateLinkage, init, ".str");
    gv->setUnnamedAddr(GlobalValue::UnnamedAddr::Global);
    slot = gv;
  }
  return slot;
}

Function *ModuleEmitter::declare(const typed::Specialization &s) {
  std::vector<llvm::Type *> params{PointerType::getUnqual(ctx)}; // where the return value goes
  for (const Type *a : s.argTypes) params.push_back(llvmType(a));
  auto *fty = FunctionType::get(llvm::Type::getInt32Ty(ctx), params, false);
  Function *f = Function::Create(fty, GlobalValue::InternalLinkage, s.mangled, mod);
  f->setDoesNotThrow();
  f->addParamAttr(0, Attribute::NoAlias);
  f->addParamAttr(0, Attribute::NoCapture);
  functions[&s] = f;
  return f;
}

FunctionEmitter::FunctionEmitter(ModuleEmitter &m, const typed::Specialization &s)
    : FunctionEmitter(m, s, m.functions.at(&s)) {
  outlined = false;
}

FunctionEmitter::FunctionEmitter(ModuleEmitter &m, const typed::Specialization &s, llvm::Function *f)
    : M(m), S(s), F(f), outlined(true), B(m.ctx) {
  // Default: CPython's bits (no contraction, no reassociation). fastmath: Numba's fastmath.
  if (S.fastmath) B.setFastMathFlags(FastMathFlags::getFast());
}

const Type *FunctionEmitter::typeOf(const ast::Expr &e) const {
  const Type *t = S.typeOf(&e);
  if (!t) report_fatal_error("parjit: internal error: untyped expression reached code generation");
  return t;
}

AllocaInst *FunctionEmitter::local(const std::string &name) {
  auto it = locals.find(name);
  return it == locals.end() ? nullptr : it->second;
}

Function *FunctionEmitter::intrinsic(Intrinsic::ID id, ArrayRef<llvm::Type *> tys) {
  return Intrinsic::getDeclaration(&M.mod, id, tys);
}

void FunctionEmitter::checkFailedAt(Value *failed, Value *line) {
  BasicBlock *cont = newBlock("ok");
  BasicBlock *here = B.GetInsertBlock();
  auto *br = B.CreateCondBr(failed, unwindBB, cont);
  br->setMetadata(LLVMContext::MD_prof, MDBuilder(M.ctx).createUnlikelyBranchWeights());
  unwindLine->addIncoming(line, here);
  B.SetInsertPoint(cont);
}

void FunctionEmitter::checkFailed(Value *failed, SourceLoc loc) {
  BasicBlock *cont = newBlock("ok");
  BasicBlock *here = B.GetInsertBlock();
  auto *br = B.CreateCondBr(failed, unwindBB, cont);
  br->setMetadata(LLVMContext::MD_prof, MDBuilder(M.ctx).createUnlikelyBranchWeights());
  unwindLine->addIncoming(B.getInt32(loc.line), here);
  B.SetInsertPoint(cont);
}

void FunctionEmitter::raiseIf(Value *cond, SourceLoc loc, const std::function<void()> &raise) {
  BasicBlock *raiseBB = newBlock("raise");
  BasicBlock *cont = newBlock("cont");
  auto *br = B.CreateCondBr(cond, raiseBB, cont);
  br->setMetadata(LLVMContext::MD_prof, MDBuilder(M.ctx).createUnlikelyBranchWeights());
  B.SetInsertPoint(raiseBB);
  raise();
  B.CreateBr(unwindBB);
  unwindLine->addIncoming(B.getInt32(loc.line), raiseBB);
  B.SetInsertPoint(cont);
}

void FunctionEmitter::raiseMsg(int kind, const std::string &msg) {
  B.CreateCall(M.runtime("pj_raise"), {B.getInt32(kind), M.cstring(msg)});
}

void FunctionEmitter::setUpFrame() {
  BasicBlock *entry = BasicBlock::Create(M.ctx, "entry", F);
  B.SetInsertPoint(entry);
  if (M.di) {
    SourceLoc at = S.def ? S.def->loc : SourceLoc{};
    auto *sty = M.di->createSubroutineType(M.di->getOrCreateTypeArray({}));
    F->setSubprogram(M.di->createFunction(M.diFile, S.name, F->getName(), M.diFile, at.line, sty, at.line,
                                          DINode::FlagZero, DISubprogram::SPFlagDefinition));
  }
  // Every local gets a stack slot in the entry block; mem2reg makes them SSA.
  for (auto &[name, t] : S.locals) {
    llvm::Type *lt = M.llvmType(t);
    AllocaInst *a = B.CreateAlloca(lt, nullptr, name);
    B.CreateStore(Constant::getNullValue(lt), a);
    locals[name] = a;
  }
  // The shared unwind block: add this function's frame to the traceback and
  // return 1; a prange body returns the line instead, and the function that
  // runs the loop adds the frame once.
  unwindBB = BasicBlock::Create(M.ctx, "unwind", F);
  IRBuilderBase::InsertPointGuard guard(B);
  B.SetInsertPoint(unwindBB);
  unwindLine = B.CreatePHI(B.getInt32Ty(), 4, "line");
  if (checkedChild) { // the caller releases its locals, as they are now
    copyLocalsToEnv();
    B.CreateRet(unwindLine);
    return;
  }
  releaseLocals(); // an exception leaves the function too
  if (outlined) {
    B.CreateRet(unwindLine);
    return;
  }
  std::string file = S.def ? M.sm.name(S.def->loc.file) : (M.prog.module ? M.sm.name(M.prog.module->file) : "");
  B.CreateCall(M.runtime("pj_add_frame"), {M.cstring(file), unwindLine, M.cstring(S.name)});
  B.CreateRet(B.getInt32(1));
}

void FunctionEmitter::finishFrame() {
  if (!terminated()) {
    releaseTemps();
    releaseLocals();
    B.CreateRet(B.getInt32(0));
  }
  if (unwindLine->getNumIncomingValues() == 0) {
    unwindLine->replaceAllUsesWith(UndefValue::get(unwindLine->getType()));
    unwindLine->eraseFromParent();
    unwindBB->eraseFromParent();
  }
}

void FunctionEmitter::emitBody() {
  computeManaged(S.body);
  setUpFrame();
  retSlot = F->getArg(0);
  for (size_t i = 0; i < S.params.size() && i < S.argTypes.size(); ++i) {
    Value *arg = F->getArg(i + 1);
    arg->setName(S.params[i]);
    Value *v = convert(arg, S.argTypes[i], S.locals.at(S.params[i]));
    B.CreateStore(v, locals.at(S.params[i]));
    // A parameter the body reassigns owns a reference like any local.
    if (managed.count(S.params[i])) incref(v, S.locals.at(S.params[i]));
  }
  block(S.body);
  finishFrame();
}

} // namespace codegen

std::unique_ptr<Module> emitLLVM(const typed::Program &prog, const parallel::Plan &plan, const SourceManager &sm,
                                 LLVMContext &ctx, const DeviceCode *device) {
  std::string name = prog.module ? sm.name(prog.module->file) : "parjit";
  auto mod = std::make_unique<Module>(name, ctx);
  codegen::ModuleEmitter me{prog, const_cast<typed::TypeContext &>(prog.types), sm, ctx, *mod, plan, {}, {}};
  me.deviceCode = device;
  std::unique_ptr<DIBuilder> di;
  if (prog.debugLines) {
    mod->addModuleFlag(Module::Warning, "Debug Info Version", DEBUG_METADATA_VERSION);
    di = std::make_unique<DIBuilder>(*mod);
    std::string path = name, dir = ".";
    if (size_t slash = name.rfind('/'); slash != std::string::npos) {
      dir = name.substr(0, slash);
      path = name.substr(slash + 1);
    }
    me.diFile = di->createFile(path, dir);
    di->createCompileUnit(dwarf::DW_LANG_Python, me.diFile, "parjit", true, "", 0, "",
                          DICompileUnit::LineTablesOnly);
    me.di = di.get();
  }
  for (const typed::Specialization *s : prog.reachable) me.declare(*s);
  for (const typed::Specialization *s : prog.reachable) {
    codegen::FunctionEmitter fe(me, *s);
    fe.emitBody();
  }
  // Exports: int32_t SYMBOL(void *ret, void **args), where args[i] points to
  // the i-th argument in its in-memory layout (an array: { meminfo, data,
  // shape[n], strides[n] }), for hosts that call compiled functions.
  for (const typed::Export &ex : prog.exports) {
    auto *ptrTy = PointerType::getUnqual(ctx);
    auto *wty = FunctionType::get(llvm::Type::getInt32Ty(ctx), {ptrTy, ptrTy}, false);
    Function *w = Function::Create(wty, GlobalValue::ExternalLinkage, ex.symbol, *mod);
    w->setDoesNotThrow();
    IRBuilder<> b(BasicBlock::Create(ctx, "entry", w));
    std::vector<Value *> args{w->getArg(0)};
    for (size_t i = 0; i < ex.spec->argTypes.size(); ++i) {
      const typed::Type *t = ex.spec->argTypes[i];
      Value *p = b.CreateLoad(ptrTy, b.CreateConstInBoundsGEP1_64(ptrTy, w->getArg(1), i));
      Value *v;
      if (t->isScalar() && t->dtype == typed::DType::Bool)
        v = b.CreateICmpNE(b.CreateLoad(b.getInt8Ty(), p), b.getInt8(0));
      else
        v = b.CreateLoad(me.llvmType(t), p);
      args.push_back(v);
    }
    b.CreateRet(b.CreateCall(me.functions.at(ex.spec), args));
  }
  if (!prog.entry) {
    if (di) di->finalize();
    return mod;
  }

  // int32_t __pj_main(void): runs the module's entry code.
  auto *mainTy = FunctionType::get(llvm::Type::getInt32Ty(ctx), false);
  Function *mainFn = Function::Create(mainTy, GlobalValue::ExternalLinkage, kEntrySymbol, *mod);
  IRBuilder<> b(BasicBlock::Create(ctx, "entry", mainFn));
  Function *entry = me.functions.at(prog.entry);
  Value *slot = b.CreateAlloca(me.llvmType(prog.entry->retType));
  Value *st = b.CreateCall(entry, {slot});
  b.CreateCall(me.runtime("pj_flush"));
  b.CreateRet(st);
  if (di) di->finalize();
  return mod;
}

} // namespace parjit
