// GPU code generation, in Numba-CUDA's model: kernels (@cuda.jit) and the
// functions they call are emitted into their own module for the NVPTX
// target by the same FunctionEmitter as CPU code, then lowered for the
// device (lowerForDevice); the host side of kernel[grid, block](args) calls
// pj_cuda_launch (abi.h).
//
// What differs on the device:
//  - exceptions: the runtime calls that raise (pj_raise, pj_raise_index)
//    become a write of the first error into the module's __pj_cuda_error
//    record (kind, line, message number, three integers), which the runtime
//    reads after the kernel; the thread that failed returns;
//  - arrays are never allocated: reference counting calls are dropped;
//  - math goes to libdevice (__nv_sin, ...), linked by the target code;
//  - array arguments arrive by value, their data pointers in global memory.
#include "codegen/FunctionEmitter.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/InlineAsm.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/IntrinsicsNVPTX.h"
#include "llvm/IR/MDBuilder.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/Casting.h"

using namespace llvm;

namespace parjit {
namespace codegen {

namespace {
constexpr unsigned kGlobalAS = 1, kSharedAS = 3;

Intrinsic::ID specialRegister(StringRef which, int axis) {
  static const Intrinsic::ID tid[] = {Intrinsic::nvvm_read_ptx_sreg_tid_x, Intrinsic::nvvm_read_ptx_sreg_tid_y,
                                      Intrinsic::nvvm_read_ptx_sreg_tid_z};
  static const Intrinsic::ID ctaid[] = {Intrinsic::nvvm_read_ptx_sreg_ctaid_x, Intrinsic::nvvm_read_ptx_sreg_ctaid_y,
                                        Intrinsic::nvvm_read_ptx_sreg_ctaid_z};
  static const Intrinsic::ID ntid[] = {Intrinsic::nvvm_read_ptx_sreg_ntid_x, Intrinsic::nvvm_read_ptx_sreg_ntid_y,
                                       Intrinsic::nvvm_read_ptx_sreg_ntid_z};
  static const Intrinsic::ID nctaid[] = {Intrinsic::nvvm_read_ptx_sreg_nctaid_x,
                                         Intrinsic::nvvm_read_ptx_sreg_nctaid_y,
                                         Intrinsic::nvvm_read_ptx_sreg_nctaid_z};
  if (which == "laneid") return Intrinsic::nvvm_read_ptx_sreg_laneid;
  if (which == "threadIdx") return tid[axis];
  if (which == "blockIdx") return ctaid[axis];
  if (which == "blockDim") return ntid[axis];
  return nctaid[axis]; // gridDim
}
} // namespace

/// How a kernel entry receives a value of type t: as is, except an array,
/// whose data pointer is typed as global memory so that loads and stores
/// through it become ld.global/st.global.
static llvm::Type *kernelParamType(ModuleEmitter &me, const Type *t) {
  llvm::Type *lt = me.llvmType(t);
  if (!t->isArray()) return lt;
  auto *st = cast<StructType>(lt);
  return StructType::get(me.ctx, {st->getElementType(0), PointerType::get(me.ctx, kGlobalAS), st->getElementType(2),
                                  st->getElementType(3)});
}

/// The value of type t that functions take, from a kernel entry's parameter.
static Value *fromKernelParam(IRBuilder<> &b, ModuleEmitter &me, Value *v, const Type *t) {
  if (!t->isArray()) return v;
  Value *arr = UndefValue::get(me.llvmType(t));
  for (unsigned f = 0; f < 4; ++f) {
    Value *x = b.CreateExtractValue(v, {f});
    arr = b.CreateInsertValue(arr, f == 1 ? b.CreateAddrSpaceCast(x, b.getPtrTy()) : x, {f});
  }
  return arr;
}

/// A kernel entry `void entry(params...)`, which the driver launches.
static Function *createKernelEntry(ModuleEmitter &me, const std::string &entry, ArrayRef<llvm::Type *> params) {
  Function *k = Function::Create(FunctionType::get(llvm::Type::getVoidTy(me.ctx), params, false),
                                 GlobalValue::ExternalLinkage, entry, me.mod);
  k->setCallingConv(CallingConv::PTX_Kernel);
  me.mod.getOrInsertNamedMetadata("nvvm.annotations")
      ->addOperand(MDNode::get(me.ctx, {ValueAsMetadata::get(k), MDString::get(me.ctx, "kernel"),
                                        ValueAsMetadata::get(ConstantInt::get(llvm::Type::getInt32Ty(me.ctx), 1))}));
  return k;
}

Value *FunctionEmitter::cudaRegister(const std::string &which, int axis) {
  Value *v = B.CreateCall(intrinsic(specialRegister(which, axis), {}));
  return B.CreateZExt(v, B.getInt64Ty());
}

Value *FunctionEmitter::callCuda(const ast::Call &c, const std::string &name) {
  const Type *t = typeOf(c);
  if (name == "cuda.to_device") return callArrayFunction(c, "np.copy");
  if (name == "cuda.device_array" || name == "cuda.pinned_array") return callBuiltin(c, "np.empty");
  if (name == "cuda.device_array_like") return callArrayFunction(c, "np.empty_like");
  if (name == "cuda.synchronize" || name == "cuda.stream") return UndefValue::get(M.llvmType(t));
  if (name == "cuda.is_available") return B.CreateICmpNE(B.CreateCall(M.runtime("pj_cuda_is_available")), B.getInt32(0));
  if (name == "cuda.grid" || name == "cuda.gridsize") {
    int n = t->isTuple() ? static_cast<int>(t->elts.size()) : 1;
    std::vector<Value *> v;
    for (int k = 0; k < n; ++k) {
      if (name == "cuda.grid")
        v.push_back(B.CreateAdd(B.CreateMul(cudaRegister("blockIdx", k), cudaRegister("blockDim", k), "", true, true),
                                cudaRegister("threadIdx", k), "", true, true));
      else
        v.push_back(B.CreateMul(cudaRegister("blockDim", k), cudaRegister("gridDim", k), "", true, true));
    }
    if (n == 1) return v[0];
    Value *tup = UndefValue::get(M.llvmType(t));
    for (unsigned k = 0; k < static_cast<unsigned>(n); ++k) tup = B.CreateInsertValue(tup, v[k], {k});
    return tup;
  }
  if (name == "cuda.syncthreads") {
    B.CreateCall(intrinsic(Intrinsic::nvvm_barrier0, {}));
    return UndefValue::get(M.llvmType(t));
  }
  if (name == "cuda.threadfence" || name == "cuda.threadfence_block") {
    B.CreateCall(intrinsic(name == "cuda.threadfence" ? Intrinsic::nvvm_membar_gl : Intrinsic::nvvm_membar_cta, {}));
    return UndefValue::get(M.llvmType(t));
  }
  if (name == "cuda.threadfence_system") {
    B.CreateCall(intrinsic(Intrinsic::nvvm_membar_sys, {}));
    return UndefValue::get(M.llvmType(t));
  }
  // Warp and bit functions: arguments are scalars; masks and lanes are i32.
  auto arg = [&](size_t i) { return expr(*c.args[i]); };
  auto i32Arg = [&](size_t i) {
    return B.CreateIntCast(arg(i), B.getInt32Ty(), typed::isSigned(typeOf(*c.args[i])->dtype));
  };
  auto predArg = [&](size_t i) { return truth(arg(i), typeOf(*c.args[i])); };
  auto toResult = [&](Value *v, bool isSigned) { return B.CreateIntCast(v, M.llvmType(t), isSigned); };
  if (name == "cuda.syncthreads_count" || name == "cuda.syncthreads_and" || name == "cuda.syncthreads_or") {
    Intrinsic::ID id = name == "cuda.syncthreads_count" ? Intrinsic::nvvm_barrier0_popc
                       : name == "cuda.syncthreads_and" ? Intrinsic::nvvm_barrier0_and
                                                        : Intrinsic::nvvm_barrier0_or;
    Value *r = B.CreateCall(intrinsic(id, {}), {B.CreateZExt(predArg(0), B.getInt32Ty())});
    return name == "cuda.syncthreads_count" ? r : B.CreateZExt(B.CreateICmpNE(r, B.getInt32(0)), B.getInt32Ty());
  }
  if (name == "cuda.syncwarp") {
    B.CreateCall(intrinsic(Intrinsic::nvvm_bar_warp_sync, {}), {c.args.empty() ? B.getInt32(-1) : i32Arg(0)});
    return UndefValue::get(M.llvmType(t));
  }
  if (name == "cuda.activemask") return B.CreateCall(intrinsic(Intrinsic::nvvm_activemask, {}));
  if (name == "cuda.lanemask_lt") return B.CreateCall(intrinsic(Intrinsic::nvvm_read_ptx_sreg_lanemask_lt, {}));
  if (name == "cuda.all_sync" || name == "cuda.any_sync" || name == "cuda.eq_sync" || name == "cuda.ballot_sync") {
    Intrinsic::ID id = name == "cuda.all_sync"   ? Intrinsic::nvvm_vote_all_sync
                       : name == "cuda.any_sync" ? Intrinsic::nvvm_vote_any_sync
                       : name == "cuda.eq_sync"  ? Intrinsic::nvvm_vote_uni_sync
                                                 : Intrinsic::nvvm_vote_ballot_sync;
    Value *mask = i32Arg(0);
    Value *r = B.CreateCall(intrinsic(id, {}), {mask, predArg(1)});
    return name == "cuda.ballot_sync" ? r : B.CreateZExt(r, B.getInt32Ty());
  }
  if (name.rfind("cuda.shfl", 0) == 0) {
    // shfl.sync moves 32 bits: wider values go as two halves, narrower ones
    // widened; the clamp operand is 0 for up (lanes below delta keep their
    // value) and 31 otherwise (a whole warp of 32 lanes).
    Intrinsic::ID id = name == "cuda.shfl_sync"        ? Intrinsic::nvvm_shfl_sync_idx_i32
                       : name == "cuda.shfl_up_sync"   ? Intrinsic::nvvm_shfl_sync_up_i32
                       : name == "cuda.shfl_down_sync" ? Intrinsic::nvvm_shfl_sync_down_i32
                                                       : Intrinsic::nvvm_shfl_sync_bfly_i32;
    Value *mask = i32Arg(0), *lane = i32Arg(2), *clamp = B.getInt32(id == Intrinsic::nvvm_shfl_sync_up_i32 ? 0 : 31);
    Value *v = arg(1);
    llvm::Type *vt = v->getType();
    unsigned bits = static_cast<unsigned>(M.mod.getDataLayout().getTypeSizeInBits(vt));
    auto shfl32 = [&](Value *x) { return B.CreateCall(intrinsic(id, {}), {mask, x, lane, clamp}); };
    Value *asInt = vt->isIntegerTy() ? v : B.CreateBitCast(v, B.getIntNTy(bits));
    Value *out;
    if (bits == 64) {
      Value *lo = shfl32(B.CreateTrunc(asInt, B.getInt32Ty()));
      Value *hi = shfl32(B.CreateTrunc(B.CreateLShr(asInt, 32), B.getInt32Ty()));
      out = B.CreateOr(B.CreateZExt(lo, B.getInt64Ty()), B.CreateShl(B.CreateZExt(hi, B.getInt64Ty()), 32));
    } else {
      out = B.CreateTrunc(shfl32(B.CreateZExtOrTrunc(asInt, B.getInt32Ty())), asInt->getType());
    }
    return vt->isIntegerTy() ? out : B.CreateBitCast(out, vt);
  }
  if (name == "cuda.popc" || name == "cuda.clz" || name == "cuda.brev" || name == "cuda.ffs") {
    Value *x = arg(0);
    if (name == "cuda.popc") return B.CreateUnaryIntrinsic(Intrinsic::ctpop, x);
    if (name == "cuda.brev") return B.CreateUnaryIntrinsic(Intrinsic::bitreverse, x);
    if (name == "cuda.clz") return B.CreateBinaryIntrinsic(Intrinsic::ctlz, x, B.getFalse());
    // ffs: the 1-based position of the lowest set bit, 0 for 0.
    Value *tz = B.CreateBinaryIntrinsic(Intrinsic::cttz, x, B.getTrue());
    Value *pos = B.CreateAdd(toResult(tz, false), B.getInt32(1));
    return B.CreateSelect(B.CreateICmpEQ(x, ConstantInt::get(x->getType(), 0)), B.getInt32(0), pos);
  }
  if (name == "cuda.fma") {
    Value *a = convert(arg(0), typeOf(*c.args[0]), t), *b = convert(arg(1), typeOf(*c.args[1]), t),
          *d = convert(arg(2), typeOf(*c.args[2]), t);
    return B.CreateIntrinsic(Intrinsic::fma, {a->getType()}, {a, b, d});
  }
  if (name == "cuda.cbrt") {
    Value *x = convert(arg(0), typeOf(*c.args[0]), t);
    bool f32 = x->getType()->isFloatTy();
    return B.CreateCall(M.mod.getOrInsertFunction(f32 ? "cbrtf" : "cbrt", x->getType(), x->getType()), {x});
  }
  if (name == "cuda.selp") {
    Value *cond = predArg(0);
    Value *a = convert(arg(1), typeOf(*c.args[1]), t), *b = convert(arg(2), typeOf(*c.args[2]), t);
    return B.CreateSelect(cond, a, b);
  }
  if (name == "cuda.shared.array" || name == "cuda.local.array") {
    // No block of their own: meminfo NULL, refcounting never touches them.
    Value *noBlock = ConstantPointerNull::get(B.getPtrTy());
    const std::vector<int64_t> &shape = S.cudaArrayShapes.at(&c);
    int64_t n = 1;
    std::vector<Value *> dims;
    for (int64_t d : shape) n *= d, dims.push_back(i64(d));
    llvm::Type *elt = M.memType(t->dtype);
    auto *storageTy = ArrayType::get(elt, static_cast<uint64_t>(n));
    Value *data;
    if (name == "cuda.shared.array" && n == 0) {
      // Dynamic shared memory: one `extern __shared__` array for the module,
      // which every shared.array(0, dtype) views from its first byte; its
      // length is the launch's byte count over the item size.
      GlobalVariable *gv = M.mod.getNamedGlobal("__pj_dynamic_shared");
      if (!gv) {
        auto *ty = ArrayType::get(B.getInt8Ty(), 0);
        gv = new GlobalVariable(M.mod, ty, false, GlobalValue::ExternalLinkage, nullptr, "__pj_dynamic_shared",
                                nullptr, GlobalValue::NotThreadLocal, kSharedAS);
        gv->setAlignment(Align(16));
      }
      auto *asmTy = FunctionType::get(B.getInt32Ty(), false);
      Value *bytes = B.CreateCall(InlineAsm::get(asmTy, "mov.u32 $0, %dynamic_smem_size;", "=r", false), {});
      Value *len = B.CreateUDiv(B.CreateZExt(bytes, B.getInt64Ty()), i64(typed::byteSize(t->dtype)));
      return cArray(t, noBlock, B.CreateAddrSpaceCast(gv, B.getPtrTy()), {len});
    }
    if (name == "cuda.shared.array") {
      // One array per block: a __shared__ global per call site.
      auto *gv = new GlobalVariable(M.mod, storageTy, false, GlobalValue::InternalLinkage, UndefValue::get(storageTy),
                                    "shared." + std::to_string(c.loc.line), nullptr,
                                    GlobalValue::NotThreadLocal, kSharedAS);
      gv->setAlignment(Align(16));
      data = B.CreateAddrSpaceCast(gv, B.getPtrTy());
    } else {
      IRBuilder<> eb(&F->getEntryBlock(), F->getEntryBlock().begin());
      AllocaInst *a = eb.CreateAlloca(storageTy, nullptr, "local.array");
      a->setAlignment(Align(16));
      data = a;
    }
    return cArray(t, noBlock, data, dims);
  }
  if (name.rfind("cuda.atomic.", 0) == 0) {
    const Type *at = typeOf(*c.args[0]);
    Value *arr = expr(*c.args[0]);
    std::vector<const ast::Expr *> idx;
    if (auto *tu = dyn_cast<ast::Tuple>(c.args[1].get()))
      for (auto &e : tu->elts) idx.push_back(e.get());
    else
      idx.push_back(c.args[1].get());
    std::string op = name.substr(12);
    bool swapAt0 = op == "compare_and_swap";
    if (swapAt0) idx = {};
    Value *ptr = swapAt0 ? B.CreateExtractValue(arr, {1}) : indexPtr(arr, at, idx, nullptr);
    if (swapAt0 && S.boundsCheck) { // element 0 of a 1-D array: there must be one
      Value *n = B.CreateExtractValue(arr, {2, 0});
      raiseIf(B.CreateICmpEQ(n, i64(0)), c.loc,
              [&] { B.CreateCall(M.runtime("pj_raise_index"), {i64(0), i64(0), n}); });
    }
    size_t vi = swapAt0 ? 1 : 2;
    Value *v = convert(expr(*c.args[vi]), typeOf(*c.args[vi]), t);
    if (op == "cas" || swapAt0) {
      Value *nv = convert(expr(*c.args[vi + 1]), typeOf(*c.args[vi + 1]), t);
      Value *r = B.CreateAtomicCmpXchg(ptr, v, nv, MaybeAlign(), AtomicOrdering::Monotonic, AtomicOrdering::Monotonic);
      return B.CreateExtractValue(r, {0});
    }
    bool fp = typed::isFloat(t->dtype), sgn = typed::isSigned(t->dtype);
    AtomicRMWInst::BinOp k;
    if (op == "add") k = fp ? AtomicRMWInst::FAdd : AtomicRMWInst::Add;
    else if (op == "sub") k = fp ? AtomicRMWInst::FSub : AtomicRMWInst::Sub;
    else if (op == "max" || op == "nanmax") // floats: maxnum, NaN as missing
      k = fp ? AtomicRMWInst::FMax : sgn ? AtomicRMWInst::Max : AtomicRMWInst::UMax;
    else if (op == "min" || op == "nanmin")
      k = fp ? AtomicRMWInst::FMin : sgn ? AtomicRMWInst::Min : AtomicRMWInst::UMin;
    else if (op == "and_") k = AtomicRMWInst::And;
    else if (op == "or_") k = AtomicRMWInst::Or;
    else if (op == "xor") k = AtomicRMWInst::Xor;
    else if (op == "exch") k = AtomicRMWInst::Xchg;
    else if ((op == "inc" || op == "dec") && t->dtype == DType::U32) // atom.inc/dec.u32 (LLVM would loop on a CAS)
      return B.CreateIntrinsic(op == "inc" ? Intrinsic::nvvm_atomic_load_inc_32 : Intrinsic::nvvm_atomic_load_dec_32,
                               {ptr->getType()}, {ptr, v});
    else if (op == "inc") k = AtomicRMWInst::UIncWrap;
    else k = AtomicRMWInst::UDecWrap; // dec
    return B.CreateAtomicRMW(k, ptr, v, MaybeAlign(), AtomicOrdering::Monotonic);
  }
  report_fatal_error(Twine("parjit: internal error: ") + name + " reached GPU code generation");
}

/// Whether a kernel may store into its array parameter `p`: it is stored
/// into, updated atomically, passed to a function, or bound to another name
/// (conservative: what is not known to be read-only is written).
static bool writesArray(const typed::Specialization &k, const std::vector<const ast::Stmt *> &body,
                        const std::string &p) {
  bool writes = false;
  std::function<bool(const ast::Expr &)> mentions = [&](const ast::Expr &e) {
    if (auto *n = dyn_cast<ast::Name>(&e)) return n->id == p;
    bool found = false;
    ast::forEachChild(e, [&](const ast::Expr &x) { found = found || mentions(x); });
    return found;
  };
  auto baseIsP = [&](const ast::Expr *t) {
    while (auto *s = dyn_cast<ast::Subscript>(t)) t = s->value.get();
    auto *n = dyn_cast<ast::Name>(t);
    return n && n->id == p;
  };
  std::function<void(const ast::Expr &)> onExpr = [&](const ast::Expr &e) {
    if (auto *c = dyn_cast<ast::Call>(&e)) {
      const Type *ft = k.typeOf(c->func.get());
      bool userOrAtomic = !ft || ft->kind == typed::TypeKind::Function ||
                          (ft->kind == typed::TypeKind::Builtin && ft->name.rfind("cuda.atomic.", 0) == 0);
      if (userOrAtomic)
        for (auto &a : c->args)
          if (auto *n = dyn_cast<ast::Name>(a.get()); n && n->id == p) writes = true;
    }
    ast::forEachChild(e, onExpr);
  };
  std::function<void(const ast::Stmt &)> onStmt = [&](const ast::Stmt &s) {
    if (auto *a = dyn_cast<ast::Assign>(&s)) {
      for (auto &t : a->targets) {
        if (baseIsP(t.get())) writes = true;
        if (isa<ast::Name>(t.get()) && mentions(*a->value) && k.typeOf(a->value.get()) &&
            k.typeOf(a->value.get())->isArray())
          writes = true; // q = p, q = p[1:]: an alias
      }
    } else if (auto *u = dyn_cast<ast::AugAssign>(&s)) {
      if (baseIsP(u->target.get())) writes = true;
    }
    ast::forEachChild(s, onExpr, onStmt);
  };
  for (const ast::Stmt *s : body) onStmt(*s);
  return writes;
}

static bool kernelWrites(const typed::Specialization &k, const std::string &p) { return writesArray(k, k.body, p); }

// kernel[grid, block](args) on the host: pj_cuda_launch with the program's
// PTX module, the kernel's entry, the launch shape and the arguments.
Value *FunctionEmitter::emitLaunch(const ast::Call &c) {
  const typed::Specialization *k = S.launches.at(&c);
  if (!M.deviceCode) report_fatal_error("parjit: internal error: a kernel launch without GPU code");
  const typed::Specialization::LaunchConfig &config = S.launchConfigs.at(&c);
  const std::vector<const ast::Expr *> &cfg = config.exprs;
  std::array<Value *, 3> dims[2];
  if (config.forall) {
    // Numba's forall(ntasks, tpb): tpb threads per block (256 when 0 or not
    // given), enough blocks for ntasks (at least one).
    Value *n = convert(expr(*cfg[0]), typeOf(*cfg[0]), M.T.i64());
    Value *tpb = cfg[1] ? convert(expr(*cfg[1]), typeOf(*cfg[1]), M.T.i64()) : i64(0);
    tpb = B.CreateSelect(B.CreateICmpSLE(tpb, i64(0)), i64(256), tpb);
    Value *blocks = B.CreateSDiv(B.CreateAdd(n, B.CreateSub(tpb, i64(1))), tpb);
    blocks = B.CreateSelect(B.CreateICmpSLT(blocks, i64(1)), i64(1), blocks);
    dims[0] = {blocks, i64(1), i64(1)};
    dims[1] = {tpb, i64(1), i64(1)};
  }
  for (int which = 0; which < 2 && !config.forall; ++which) {
    const Type *t = typeOf(*cfg[which]);
    Value *v = expr(*cfg[which]);
    for (unsigned d = 0; d < 3; ++d) {
      Value *x = i64(1);
      if (t->isTuple() && d < t->elts.size()) x = convert(B.CreateExtractValue(v, {d}), t->elts[d], M.T.i64());
      else if (!t->isTuple() && d == 0) x = convert(v, t, M.T.i64());
      dims[which][d] = x;
    }
  }
  if (cfg.size() > 2 && cfg[2]) expr(*cfg[2]); // the stream: evaluated, unused
  Value *sharedBytes = cfg.size() > 3 && cfg[3] ? convert(expr(*cfg[3]), typeOf(*cfg[3]), M.T.i64()) : i64(0);
  const auto &bound = S.callArgs.at(&c);
  std::vector<KernelArg> args;
  for (unsigned i = 0; i < bound.size(); ++i) {
    const Type *at = k->argTypes[i];
    args.push_back({convert(expr(*bound[i]), typeOf(*bound[i]), at), at,
                    at->isArray() && kernelWrites(*k, k->params[i]) ? 1 : 0});
  }
  Value *st = launchKernel(M.deviceCode->entries.at(k), k->def ? k->def->shownName() : k->name, dims[0], dims[1],
                           sharedBytes, args);
  checkFailed(B.CreateICmpNE(st, B.getInt32(0)), c.loc);
  return UndefValue::get(M.llvmType(typeOf(c)));
}

Value *FunctionEmitter::launchKernel(const std::string &entry, const std::string &shownName,
                                     const std::array<Value *, 3> &grid, const std::array<Value *, 3> &block,
                                     Value *sharedBytes, const std::vector<KernelArg> &args) {
  IRBuilder<> eb(&F->getEntryBlock(), F->getEntryBlock().begin());
  auto *dims3 = ArrayType::get(B.getInt64Ty(), 3);
  auto dims = [&](const std::array<Value *, 3> &v, const char *name) {
    AllocaInst *a = eb.CreateAlloca(dims3, nullptr, name);
    for (unsigned d = 0; d < 3; ++d) B.CreateStore(v[d], B.CreateConstInBoundsGEP2_32(dims3, a, 0, d));
    return B.CreateConstInBoundsGEP2_32(dims3, a, 0, 0);
  };
  Value *gridPtr = dims(grid, "grid"), *blockPtr = dims(block, "block");
  // pj_cuda_arg { i32 kind, i32 ndim, i64 size, ptr value, i32 writes }
  auto *argTy = StructType::get(M.ctx, {B.getInt32Ty(), B.getInt32Ty(), B.getInt64Ty(), B.getPtrTy(), B.getInt32Ty()});
  auto *argsArrTy = ArrayType::get(argTy, std::max<size_t>(args.size(), 1));
  AllocaInst *argsArr = eb.CreateAlloca(argsArrTy, nullptr, "kernel.args");
  const DataLayout &dl = M.mod.getDataLayout();
  for (unsigned i = 0; i < args.size(); ++i) {
    const KernelArg &a = args[i];
    const Type *t = a.type;
    Value *v = t->isScalar() && t->dtype == DType::Bool ? B.CreateZExt(a.value, B.getInt8Ty()) : a.value; // bool: a byte
    AllocaInst *slot = eb.CreateAlloca(v->getType(), nullptr, "kernel.arg");
    B.CreateStore(v, slot);
    Value *fields[] = {B.getInt32(t->isArray() ? PJ_CUDA_ARG_ARRAY : PJ_CUDA_ARG_SCALAR),
                       B.getInt32(t->isArray() ? t->ndim : 0),
                       i64(t->isArray() ? static_cast<int64_t>(typed::byteSize(t->dtype))
                                        : static_cast<int64_t>(dl.getTypeAllocSize(v->getType()))),
                       slot, B.getInt32(a.writes)};
    for (unsigned f = 0; f < 5; ++f)
      B.CreateStore(fields[f], B.CreateInBoundsGEP(argsArrTy, argsArr, {B.getInt32(0), B.getInt32(i), B.getInt32(f)}));
  }
  return B.CreateCall(M.runtime("pj_cuda_launch"),
                      {M.cudaModule(), M.cstring(entry), M.cstring(shownName), gridPtr, blockPtr, sharedBytes,
                       B.getInt32(static_cast<int32_t>(args.size())), B.CreateConstInBoundsGEP2_32(argsArrTy, argsArr, 0, 0)});
}

// Host code in a program with kernels: before a statement touches arrays,
// their host copies are brought up to date, and the arrays it stores into
// are marked as changed on the host (pj_cuda_to_host, pj_cuda_host_wrote).
bool ModuleEmitter::mayLaunch(const typed::Specialization *s) {
  auto it = launchMemo.find(s);
  if (it != launchMemo.end()) return it->second;
  launchMemo[s] = false; // recursion is refused by type inference; this ends cycles anyway
  bool may = !s->launches.empty() || s->cudaOffload;
  for (auto &[call, callee] : s->callees) may = may || mayLaunch(callee);
  return launchMemo[s] = may;
}

/// Whether `s` or a statement nested in it satisfies `onStmt`, or one of
/// their calls satisfies `onCall`.
static bool anyWithin(const ast::Stmt &s, const std::function<bool(const ast::Stmt &)> &onStmt,
                      const std::function<bool(const ast::Call &)> &onCall) {
  bool found = false;
  std::function<void(const ast::Expr &)> expr = [&](const ast::Expr &e) {
    if (auto *c = dyn_cast<ast::Call>(&e); c && onCall(*c)) found = true;
    if (!found) ast::forEachChild(e, expr);
  };
  std::function<void(const ast::Stmt &)> stmt = [&](const ast::Stmt &st) {
    if (onStmt(st)) found = true;
    if (!found) ast::forEachChild(st, expr, stmt);
  };
  stmt(s);
  return found;
}

/// Whether the builtin `name` makes the threads of a block or a warp wait
/// for each other (code around it must not be duplicated into versions).
static bool isCollective(StringRef name) {
  return name.starts_with("cuda.syncthreads") || name == "cuda.syncwarp" || name == "cuda.activemask" ||
         (name.starts_with("cuda.") && name.ends_with("_sync"));
}

bool FunctionEmitter::mayHaveBarrier(const ast::Stmt &s) {
  return anyWithin(s, [](const ast::Stmt &) { return false; }, [&](const ast::Call &c) {
    const Type *ft = S.typeOf(c.func.get());
    return S.callees.count(&c) || (ft && ft->kind == typed::TypeKind::Builtin && isCollective(ft->name));
  });
}

bool FunctionEmitter::mayLaunch(const ast::Stmt &s) {
  auto offloaded = [&](const ast::Stmt &st) {
    const parallel::LoopPlan *p = isa<ast::For>(&st) && S.cudaOffload ? M.plan.find(&S, cast<ast::For>(&st)) : nullptr;
    return p && p->parallel;
  };
  return anyWithin(s, offloaded, [&](const ast::Call &c) {
    auto it = S.callees.find(&c);
    return S.launches.count(&c) || (it != S.callees.end() && M.mayLaunch(it->second));
  });
}

void FunctionEmitter::syncArraysForHost(const ast::Stmt &s, bool deep) {
  std::set<std::string> read, written;
  auto baseName = [](const ast::Expr *t) -> const ast::Name * {
    while (true) {
      if (auto *sub = dyn_cast<ast::Subscript>(t)) t = sub->value.get();
      else if (auto *a = dyn_cast<ast::Attribute>(t)) t = a->value.get();
      else return dyn_cast<ast::Name>(t);
    }
  };
  bool launch = false;
  std::function<void(const ast::Expr &)> onExpr = [&](const ast::Expr &e) {
    if (auto *c = dyn_cast<ast::Call>(&e); c && S.launches.count(c)) launch = true;
    if (auto *n = dyn_cast<ast::Name>(&e)) {
      if (const Type *t = S.typeOf(n); t && t->isArray() && local(n->id)) read.insert(n->id);
      return;
    }
    // What reads no elements: a.shape, a.size, ..., len(a); an array passed
    // to one of the program's functions, which syncs what it uses itself.
    if (auto *a = dyn_cast<ast::Attribute>(&e); a && isa<ast::Name>(a->value.get()))
      if (a->attr == "shape" || a->attr == "size" || a->attr == "ndim" || a->attr == "strides" ||
          a->attr == "itemsize" || a->attr == "nbytes")
        return;
    if (auto *c = dyn_cast<ast::Call>(&e)) {
      const Type *ft = S.typeOf(c->func.get());
      bool user = S.callees.count(c) != 0;
      bool len = ft && ft->kind == typed::TypeKind::Builtin && ft->name == "len";
      if (user || len) {
        auto visit = [&](const ast::Expr &x) {
          const ast::Expr *v = &x;
          if (auto *st = dyn_cast<ast::Starred>(v)) v = st->value.get();
          if (!isa<ast::Name>(v)) onExpr(*v);
        };
        for (auto &a : c->args) visit(*a);
        for (auto &k : c->keywords) visit(*k.value);
        return;
      }
    }
    if (auto *c = dyn_cast<ast::Call>(&e)) { // np.copyto(dst, ...) and methods such as a.fill() write
      const Type *ft = S.typeOf(c->func.get());
      if (ft && ft->kind == typed::TypeKind::Builtin) {
        if (!c->args.empty() && ft->name == "np.copyto")
          if (auto *n = baseName(c->args[0].get())) written.insert(n->id);
        if (ft->name.rfind("method.", 0) == 0)
          if (auto *a = dyn_cast<ast::Attribute>(c->func.get()))
            if (auto *n = baseName(a->value.get())) written.insert(n->id);
      }
    }
    ast::forEachChild(e, onExpr);
  };
  auto target = [&](const ast::Expr *t) {
    if (isa<ast::Subscript>(t))
      if (auto *n = baseName(t)) written.insert(n->id);
  };
  std::function<void(const ast::Stmt &)> onStmt = [&](const ast::Stmt &st) {
    if (auto *a = dyn_cast<ast::Assign>(&st))
      for (auto &t : a->targets) target(t.get());
    if (auto *a = dyn_cast<ast::AugAssign>(&st)) target(a->target.get());
    if (deep) ast::forEachChild(st, onExpr, onStmt);
  };
  ast::forEachChild(s, onExpr, [&](const ast::Stmt &st) { if (deep) onStmt(st); });
  if (launch) return; // pj_cuda_launch moves what the kernel needs
  if (auto *a = dyn_cast<ast::Assign>(&s))
    for (auto &t : a->targets) target(t.get());
  if (auto *a = dyn_cast<ast::AugAssign>(&s)) target(a->target.get());
  for (const std::string &n : read) {
    AllocaInst *slot = local(n);
    Value *arr = B.CreateLoad(slot->getAllocatedType(), slot);
    Value *mi = B.CreateExtractValue(arr, {0});
    // host_wrote brings the host copy up to date first (a statement that
    // writes an element reads the others).
    Value *st = B.CreateCall(M.runtime(written.count(n) ? "pj_cuda_host_wrote" : "pj_cuda_to_host"), {mi});
    checkFailed(B.CreateICmpNE(st, B.getInt32(0)), s.loc);
  }
}

Constant *ModuleEmitter::cudaModule() {
  if (cudaModuleDesc) return cudaModuleDesc;
  auto *ptr = PointerType::getUnqual(ctx);
  std::vector<Constant *> msgs;
  for (const std::string &m : deviceCode->messages) msgs.push_back(cstring(m));
  auto *msgArrTy = ArrayType::get(ptr, std::max<size_t>(msgs.size(), 1));
  if (msgs.empty()) msgs.push_back(ConstantPointerNull::get(ptr));
  auto *msgArr = new GlobalVariable(mod, msgArrTy, true, GlobalValue::PrivateLinkage,
                                    ConstantArray::get(msgArrTy, msgs), "cuda.messages");
  auto *ty = StructType::get(ctx, {ptr, ptr, ptr, llvm::Type::getInt32Ty(ctx)});
  std::string file = prog.module ? sm.name(prog.module->file) : "";
  auto *init = ConstantStruct::get(
      ty, {cstring(deviceCode->ptx), cstring(file), msgArr,
           ConstantInt::get(llvm::Type::getInt32Ty(ctx), deviceCode->messages.size())});
  cudaModuleDesc = new GlobalVariable(mod, ty, true, GlobalValue::PrivateLinkage, init, "cuda.module");
  return cudaModuleDesc;
}

namespace {

/// The libdevice function for a math intrinsic or libm call, or "".
std::string libdeviceName(StringRef callee, bool isF32) {
  StringRef base = callee;
  if (base.consume_front("llvm.")) base = base.take_until([](char ch) { return ch == '.'; });
  else if (isF32 && base.ends_with("f") && base != "erf" && base != "erfc") base = base.drop_back();
  static const char *names[] = {"exp",  "exp2", "exp10", "expm1", "log",   "log2",  "log10", "log1p", "sin",
                                "cos",  "tan",  "asin",  "acos",  "atan",  "atan2", "sinh",  "cosh",  "tanh",
                                "asinh", "acosh", "atanh", "pow",  "erf",   "erfc",  "cbrt",  "hypot", "fmod",
                                "lgamma", "tgamma"};
  for (const char *n : names)
    if (base == n) return std::string("__nv_") + n + (isF32 ? "f" : "");
  return "";
}

/// Defines, in the device module, what replaces the runtime's error calls:
/// a first-error-wins write into __pj_cuda_error.
struct DeviceErrors {
  Module &m;
  LLVMContext &ctx;
  std::vector<std::string> &messages;
  GlobalVariable *record = nullptr;
  Function *raiseFn = nullptr, *lineFn = nullptr;
  Function *powI64();

  int message(const std::string &text) {
    for (size_t i = 0; i < messages.size(); ++i)
      if (messages[i] == text) return static_cast<int>(i);
    messages.push_back(text);
    return static_cast<int>(messages.size() - 1);
  }

  void define() {
    auto *i32 = llvm::Type::getInt32Ty(ctx), *i64 = llvm::Type::getInt64Ty(ctx);
    // pj_cuda_error_record { i32 kind, line, message, pad; i64 args[3] }
    auto *recTy = StructType::get(ctx, {i32, i32, i32, i32, ArrayType::get(i64, 3)});
    record = new GlobalVariable(m, recTy, false, GlobalValue::ExternalLinkage, Constant::getNullValue(recTy),
                                "__pj_cuda_error", nullptr, GlobalValue::NotThreadLocal, kGlobalAS);
    record->setAlignment(Align(8));
    // void raise(kind, message, a0, a1, a2): the first error wins.
    raiseFn = Function::Create(FunctionType::get(llvm::Type::getVoidTy(ctx), {i32, i32, i64, i64, i64}, false),
                               GlobalValue::InternalLinkage, "pj_device_raise", m);
    {
      IRBuilder<> b(BasicBlock::Create(ctx, "entry", raiseFn));
      BasicBlock *won = BasicBlock::Create(ctx, "won", raiseFn), *done = BasicBlock::Create(ctx, "done", raiseFn);
      Value *kindPtr = b.CreateConstInBoundsGEP2_32(recTy, record, 0, 0);
      auto *cx = b.CreateAtomicCmpXchg(kindPtr, b.getInt32(0), raiseFn->getArg(0), MaybeAlign(4),
                                       AtomicOrdering::Monotonic, AtomicOrdering::Monotonic);
      b.CreateCondBr(b.CreateExtractValue(cx, {1}), won, done);
      b.SetInsertPoint(won);
      b.CreateStore(raiseFn->getArg(1), b.CreateConstInBoundsGEP2_32(recTy, record, 0, 2));
      for (unsigned k = 0; k < 3; ++k)
        b.CreateStore(raiseFn->getArg(2 + k), b.CreateInBoundsGEP(recTy, record, {b.getInt32(0), b.getInt32(4),
                                                                                  b.getInt32(k)}));
      b.CreateBr(done);
      b.SetInsertPoint(done);
      b.CreateRetVoid();
    }
    // void line(line): the innermost frame's line (the first to unwind).
    lineFn = Function::Create(FunctionType::get(llvm::Type::getVoidTy(ctx), {i32}, false), GlobalValue::InternalLinkage,
                              "pj_device_line", m);
    {
      IRBuilder<> b(BasicBlock::Create(ctx, "entry", lineFn));
      b.CreateAtomicCmpXchg(b.CreateConstInBoundsGEP2_32(recTy, record, 0, 1), b.getInt32(0), lineFn->getArg(0),
                            MaybeAlign(4), AtomicOrdering::Monotonic, AtomicOrdering::Monotonic);
      b.CreateRetVoid();
    }
  }
};

/// pj_pow_i64 for the device: the runtime's square-and-multiply (wrapping
/// as NumPy's int64), a negative exponent recorded as its ValueError.
Function *DeviceErrors::powI64() {
  if (Function *f = m.getFunction("pj_device_pow_i64")) return f;
  auto *i64 = llvm::Type::getInt64Ty(ctx);
  Function *f = Function::Create(FunctionType::get(i64, {i64, i64}, false), GlobalValue::InternalLinkage,
                                 "pj_device_pow_i64", m);
  BasicBlock *entry = BasicBlock::Create(ctx, "entry", f), *neg = BasicBlock::Create(ctx, "negative", f),
             *loop = BasicBlock::Create(ctx, "loop", f), *done = BasicBlock::Create(ctx, "done", f);
  IRBuilder<> b(entry);
  Value *base0 = f->getArg(0), *exp0 = f->getArg(1), *zero = ConstantInt::get(i64, 0), *one = ConstantInt::get(i64, 1);
  b.CreateCondBr(b.CreateICmpSLT(exp0, zero), neg, loop);
  b.SetInsertPoint(neg);
  int msg = message("Integers to negative integer powers are not allowed.");
  b.CreateCall(raiseFn, {b.getInt32(PJ_EXC_VALUE), b.getInt32(msg), zero, zero, zero});
  b.CreateRet(zero);
  b.SetInsertPoint(loop);
  PHINode *e = b.CreatePHI(i64, 2, "e"), *base = b.CreatePHI(i64, 2, "base"), *r = b.CreatePHI(i64, 2, "r");
  e->addIncoming(exp0, entry);
  base->addIncoming(base0, entry);
  r->addIncoming(one, entry);
  Value *odd = b.CreateICmpNE(b.CreateAnd(e, one), zero);
  Value *r2 = b.CreateSelect(odd, b.CreateMul(r, base), r);
  Value *e2 = b.CreateLShr(e, one);
  e->addIncoming(e2, loop);
  base->addIncoming(b.CreateMul(base, base), loop);
  r->addIncoming(r2, loop);
  b.CreateCondBr(b.CreateICmpEQ(e2, zero), done, loop);
  b.SetInsertPoint(done);
  PHINode *out = b.CreatePHI(i64, 1, "result");
  out->addIncoming(r2, loop);
  b.CreateRet(out);
  return f;
}

std::string stringConstant(Value *v) {
  if (auto *gv = dyn_cast<GlobalVariable>(v->stripPointerCasts()))
    if (gv->hasInitializer())
      if (auto *cda = dyn_cast<ConstantDataArray>(gv->getInitializer()))
        if (cda->isString()) return cda->getAsCString().str();
  return "";
}

} // namespace

/// Rewrites the runtime calls of device code (see the top of this file);
/// the names of runtime functions that have no device version go to `unsupported`.
static void lowerForDevice(Module &m, std::vector<std::string> &messages, std::set<std::string> &unsupported) {
  LLVMContext &ctx = m.getContext();
  DeviceErrors errs{m, ctx, messages};
  errs.define();
  std::vector<CallInst *> calls;
  for (Function &f : m)
    for (Instruction &i : instructions(f))
      if (auto *c = dyn_cast<CallInst>(&i))
        if (Function *callee = c->getCalledFunction(); callee && callee->isDeclaration()) calls.push_back(c);
  for (CallInst *c : calls) {
    Function *callee = c->getCalledFunction();
    StringRef name = callee->getName();
    IRBuilder<> b(c);
    auto *i64 = b.getInt64Ty();
    if (name == "pj_incref" || name == "pj_decref") {
      c->eraseFromParent();
      continue;
    }
    if (name == "pj_failed") {
      c->replaceAllUsesWith(b.getInt32(0));
      c->eraseFromParent();
      continue;
    }
    if (name == "pj_raise") {
      int msg = errs.message(stringConstant(c->getArgOperand(1)));
      Value *z = ConstantInt::get(i64, 0);
      b.CreateCall(errs.raiseFn, {c->getArgOperand(0), b.getInt32(msg), z, z, z});
      c->eraseFromParent();
      continue;
    }
    if (name == "pj_raise_index") {
      int msg = errs.message("index {0} is out of bounds for axis {1} with size {2}");
      b.CreateCall(errs.raiseFn, {b.getInt32(PJ_EXC_INDEX), b.getInt32(msg), c->getArgOperand(0),
                                  c->getArgOperand(1), c->getArgOperand(2)});
      c->eraseFromParent();
      continue;
    }
    if (name == "pj_add_frame") {
      b.CreateCall(errs.lineFn, {c->getArgOperand(1)});
      c->eraseFromParent();
      continue;
    }
    if (name.starts_with("llvm.") && !name.starts_with("llvm.nvvm.")) {
      // Intrinsics the NVPTX backend selects itself stay (sqrt, fabs, floor, fma, ...).
      std::string nv = libdeviceName(name, c->getType()->isFloatTy());
      if (nv.empty()) continue;
      FunctionCallee f = m.getOrInsertFunction(nv, callee->getFunctionType());
      c->setCalledFunction(f);
      continue;
    }
    if (name.starts_with("__nv_") || name.starts_with("llvm.nvvm.")) continue;
    if (name == "pj_pow_i64") {
      c->setCalledFunction(errs.powI64());
      continue;
    }
    if (name == "pj_special_erf" || name == "pj_special_erfc") {
      c->setCalledFunction(m.getOrInsertFunction(name == "pj_special_erf" ? "__nv_erf" : "__nv_erfc",
                                                 callee->getFunctionType()));
      continue;
    }
    std::string nv = libdeviceName(name, c->getType()->isFloatTy());
    if (!nv.empty()) {
      c->setCalledFunction(m.getOrInsertFunction(nv, callee->getFunctionType()));
      continue;
    }
    unsupported.insert(name.str());
  }
  for (Function &f : make_early_inc_range(m))
    if (f.isDeclaration() && f.use_empty() && !f.isIntrinsic()) f.eraseFromParent();
}

void emitOffloadKernels(ModuleEmitter &me, DeviceCode &out);

} // namespace codegen

std::unique_ptr<Module> emitDeviceLLVM(const typed::Program &prog, const parallel::Plan &plan,
                                       const SourceManager &sm, LLVMContext &ctx, DeviceCode &out,
                                       std::string &err) {
  std::string name = prog.module ? sm.name(prog.module->file) : "parjit";
  auto mod = std::make_unique<Module>(name + ".cuda", ctx);
  mod->setTargetTriple("nvptx64-nvidia-cuda");
  codegen::ModuleEmitter me{prog, const_cast<typed::TypeContext &>(prog.types), sm, ctx, *mod, plan, {}, {}};
  me.device = true;
  for (const typed::Specialization *s : prog.deviceReachable) {
    Function *f = me.declare(*s);
    f->setName("pj_dev_" + std::to_string(me.functions.size())); // PTX names: no parentheses or commas
  }
  for (const typed::Specialization *s : prog.deviceReachable) {
    codegen::FunctionEmitter fe(me, *s);
    fe.emitBody();
  }
  // Kernel entries: void NAME(args...) for the driver, calling the kernel's
  // function; an error it raised is in __pj_cuda_error already.
  for (const typed::Specialization *s : prog.deviceReachable) {
    if (!s->cudaKernel) continue;
    std::vector<llvm::Type *> params;
    for (const typed::Type *a : s->argTypes) params.push_back(codegen::kernelParamType(me, a));
    std::string entry = (s->def ? s->def->name : s->name) + "_" + std::to_string(out.entries.size());
    Function *k = codegen::createKernelEntry(me, entry, params);
    IRBuilder<> b(BasicBlock::Create(ctx, "entry", k));
    std::vector<Value *> args{b.CreateAlloca(me.llvmType(s->retType))};
    for (unsigned i = 0; i < params.size(); ++i)
      args.push_back(codegen::fromKernelParam(b, me, k->getArg(i), s->argTypes[i]));
    b.CreateCall(me.functions.at(s), args);
    b.CreateRetVoid();
    out.entries[s] = entry;
  }
  codegen::emitOffloadKernels(me, out);
  for (Function &f : *mod)
    if (!f.isDeclaration()) f.addFnAttr(Attribute::Convergent); // __syncthreads may be anywhere below
  std::set<std::string> unsupported;
  codegen::lowerForDevice(*mod, out.messages, unsupported);
  if (!unsupported.empty()) {
    err = "this code cannot run on the GPU yet (it needs the runtime function";
    err += unsupported.size() == 1 ? " " : "s ";
    bool first = true;
    for (const std::string &u : unsupported) err += (first ? "" : ", ") + u, first = false;
    err += ")";
    return nullptr;
  }
  return mod;
}

} // namespace parjit

// ---- prange loops offloaded to the GPU ----
//
// The kernel of an offloaded loop (nest) takes, in order: start, step and
// trip count of each loop level (i64), the captured locals (plan.captured),
// and one 1-d array per scalar reduction for the blocks' partials. Each
// thread runs iterations gid, gid + gridsize, ... of the collapsed space in
// order, keeping its own partial of each reduction; the block combines its
// threads' partials in a fixed tree in shared memory, and the host combines
// the blocks' partials in block order. The grid depends on the trip count
// only (kOffloadThreads, kOffloadMaxBlocks), so the result is the same on
// every run and device; it differs from the CPU's chunked order.
namespace parjit::codegen {

std::vector<const ast::For *> offloadNest(const ast::For &f, const parallel::LoopPlan &plan,
                                          const typed::Specialization &s) {
  std::vector<const ast::For *> nest{&f};
  std::set<std::string> outer;
  std::set<std::string> allowed(plan.captured.begin(), plan.captured.end());
  while (nest.size() < 3) {
    const ast::For *cur = nest.back();
    if (auto *n = dyn_cast<ast::Name>(cur->target.get())) outer.insert(n->id);
    else break;
    if (cur->body.size() != 1 || !cur->orelse.empty()) break;
    auto *inner = dyn_cast<ast::For>(cur->body[0].get());
    if (!inner || !inner->orelse.empty() || !isa<ast::Name>(inner->target.get())) break;
    auto *call = dyn_cast<ast::Call>(inner->iter.get());
    const typed::Type *ft = call ? s.typeOf(call->func.get()) : nullptr;
    if (!ft || ft->kind != typed::TypeKind::Builtin || ft->name != "parjit.prange") break;
    // Its range must be computable before the loop: captured names and constants only.
    bool ok = true;
    std::function<void(const ast::Expr &)> check = [&](const ast::Expr &e) {
      if (auto *n = dyn_cast<ast::Name>(&e)) {
        if (outer.count(n->id) || (s.locals.count(n->id) && !allowed.count(n->id))) ok = false;
        return;
      }
      ast::forEachChild(e, check);
    };
    for (auto &a : call->args) check(*a);
    if (!ok) break;
    nest.push_back(inner);
  }
  return nest;
}

void FunctionEmitter::emitOffloadLaunch(const ast::For &f, const parallel::LoopPlan &plan) {
  std::vector<const ast::For *> nest = offloadNest(f, plan, S);
  const std::string &entry = M.deviceCode->loopEntries.at({&S, &f});
  // The loop levels' ranges, evaluated here, before the loop.
  std::vector<Value *> scalars;
  Value *total = i64(1);
  for (const ast::For *l : nest) {
    Value *start, *step, *n;
    rangeTrips(cast<ast::Call>(*l->iter), start, step, n);
    scalars.insert(scalars.end(), {start, step, n});
    total = B.CreateMul(total, n);
  }
  BasicBlock *run = newBlock("offload"), *done = newBlock("offload.done");
  B.CreateCondBr(B.CreateICmpSGT(total, i64(0)), run, done);
  B.SetInsertPoint(run);
  Value *blocks = B.CreateBinaryIntrinsic(
      Intrinsic::smin, B.CreateSDiv(B.CreateAdd(total, i64(kOffloadThreads - 1)), i64(kOffloadThreads)),
      i64(kOffloadMaxBlocks), nullptr, "blocks");
  std::vector<Value *> partials;
  for (const parallel::Reduction &r : plan.reductions)
    partials.push_back(allocArray(S.locals.at(r.var)->dtype, {blocks}, f.loc, /*zeroed=*/false));

  std::vector<KernelArg> args;
  for (Value *v : scalars) args.push_back({v, M.T.i64(), 0});
  std::vector<const ast::Stmt *> body;
  for (auto &st : nest.back()->body) body.push_back(st.get());
  for (const std::string &name : plan.captured) {
    const Type *t = S.locals.at(name);
    args.push_back({B.CreateLoad(M.llvmType(t), local(name)), t, t->isArray() && writesArray(S, body, name) ? 1 : 0});
  }
  for (size_t r = 0; r < partials.size(); ++r)
    args.push_back({partials[r], M.T.array(S.locals.at(plan.reductions[r].var)->dtype, 1), PJ_CUDA_ARG_WRITES_ALL});
  Value *st = launchKernel(entry, S.name, {blocks, i64(1), i64(1)}, {i64(kOffloadThreads), i64(1), i64(1)}, i64(0),
                           args);
  auto releasePartials = [&] {
    for (Value *p : partials) B.CreateCall(M.runtime("pj_decref"), {B.CreateExtractValue(p, {0})});
  };
  // A non-zero status: the partials are released, then the exception unwinds.
  auto failIf = [&](Value *status) {
    BasicBlock *failed = newBlock("offload.failed"), *ok = newBlock("offload.ok");
    B.CreateCondBr(B.CreateICmpNE(status, B.getInt32(0)), failed, ok);
    B.SetInsertPoint(failed);
    releasePartials();
    checkFailed(B.getTrue(), f.loc);
    B.CreateUnreachable();
    B.SetInsertPoint(ok);
  };
  failIf(st);
  // The blocks' partials, in block order, onto the value before the loop.
  for (size_t r = 0; r < partials.size(); ++r) {
    const parallel::Reduction &red = plan.reductions[r];
    const Type *t = S.locals.at(red.var);
    llvm::Type *lt = M.llvmType(t);
    failIf(B.CreateCall(M.runtime("pj_cuda_to_host"), {B.CreateExtractValue(partials[r], {0})}));
    Value *data = arrayData(partials[r]);
    BasicBlock *pre = B.GetInsertBlock(), *loop = newBlock("reduce.blocks"), *end = newBlock("reduce.blocks.done");
    Value *init = B.CreateLoad(lt, local(red.var));
    B.CreateBr(loop);
    B.SetInsertPoint(loop);
    PHINode *c = B.CreatePHI(B.getInt64Ty(), 2), *acc = B.CreatePHI(lt, 2);
    c->addIncoming(i64(0), pre);
    acc->addIncoming(init, pre);
    Value *part = loadElement(B.CreateInBoundsGEP(M.memType(t->dtype), data, c), t->dtype);
    Value *next = reduceCombine(red.op, t, acc, part);
    Value *cn = B.CreateAdd(c, i64(1));
    c->addIncoming(cn, loop);
    acc->addIncoming(next, loop);
    B.CreateCondBr(B.CreateICmpSLT(cn, blocks), loop, end);
    B.SetInsertPoint(end);
    B.CreateStore(next, local(red.var));
  }
  releasePartials();
  B.CreateBr(done);
  B.SetInsertPoint(done);
  block(f.orelse); // `else:` runs once the loop is done (a prange body has no break)
}

void FunctionEmitter::emitOffloadBody(const std::vector<const ast::For *> &nest, const parallel::LoopPlan &plan) {
  std::vector<const ast::Stmt *> body;
  for (auto &st : nest.back()->body) body.push_back(st.get());
  computeManaged(body);
  setUpFrame();
  unsigned a = 0;
  std::vector<Value *> starts, steps, counts;
  for (size_t l = 0; l < nest.size(); ++l) {
    starts.push_back(F->getArg(a++));
    steps.push_back(F->getArg(a++));
    counts.push_back(F->getArg(a++));
  }
  for (const std::string &name : plan.captured) B.CreateStore(F->getArg(a++), local(name));
  std::vector<Value *> accs;
  for (const parallel::Reduction &r : plan.reductions) {
    accs.push_back(F->getArg(a++));
    B.CreateStore(reduceIdentity(r.op, S.locals.at(r.var)), local(r.var));
    reductionVars.insert(r.var);
  }
  for (const parallel::Reduction &r : plan.arrayReductions) atomicArrays.insert(r.var);
  Value *total = i64(1);
  for (Value *n : counts) total = B.CreateMul(total, n);
  Value *gid = B.CreateAdd(B.CreateMul(cudaRegister("blockIdx", 0), cudaRegister("blockDim", 0)),
                           cudaRegister("threadIdx", 0), "gid");
  Value *stride = B.CreateMul(cudaRegister("blockDim", 0), cudaRegister("gridDim", 0), "gridsize");
  BasicBlock *done = newBlock("grid.done");
  auto emitGridLoop = [&](const std::vector<RangeCheck> &proves) {
    BasicBlock *pre = B.GetInsertBlock(), *cond = newBlock("grid.cond"), *bodyBB = newBlock("grid.body"),
               *inc = newBlock("grid.inc");
    B.CreateBr(cond);
    B.SetInsertPoint(cond);
    PHINode *idx = B.CreatePHI(B.getInt64Ty(), 2, "idx");
    idx->addIncoming(gid, pre);
    B.CreateCondBr(B.CreateICmpSLT(idx, total), bodyBB, done);
    B.SetInsertPoint(bodyBB);
    // The collapsed index -> each level's loop variable (the last level varies fastest).
    Value *rest = idx;
    for (size_t l = nest.size(); l-- > 0;) {
      Value *k = l == 0 ? rest : B.CreateURem(rest, counts[l]);
      if (l > 0) rest = B.CreateUDiv(rest, counts[l]);
      assign(*nest[l]->target, B.CreateAdd(starts[l], B.CreateMul(k, steps[l])), M.T.i64());
    }
    auto savedProven = proven;
    for (const RangeCheck &rc : proves) proven.insert({rc.sub, rc.axis});
    loops.push_back({inc, done});
    block(body);
    loops.pop_back();
    proven = std::move(savedProven);
    if (!terminated()) B.CreateBr(inc);
    B.SetInsertPoint(inc);
    Value *next = B.CreateAdd(idx, stride);
    idx->addIncoming(next, inc);
    B.CreateBr(cond);
  };
  // As range loops on the CPU: when every index that depends only on the
  // loop variables is in range for their whole ranges, a copy of the loop
  // without those checks runs (a uniform branch, taken by every thread).
  std::vector<RangeCheck> checks;
  Value *allOk = B.getTrue();
  std::set<std::string> levelVars;
  bool canVersion = !mayHaveBarrier(*nest.front());
  for (const ast::For *f : nest) {
    if (auto *n = dyn_cast<ast::Name>(f->target.get())) levelVars.insert(n->id);
    else canVersion = false;
  }
  for (size_t l = 0; canVersion && l < nest.size(); ++l) {
    const std::string &iv = cast<ast::Name>(nest[l]->target.get())->id;
    std::set<std::string> others = levelVars;
    others.erase(iv);
    std::vector<RangeCheck> level = rangeChecks(nest.back()->body, iv, others);
    if (level.empty()) continue;
    // The level's first and last values (a level of 0 iterations runs no thread's body).
    Value *first = starts[l], *last = B.CreateAdd(starts[l], B.CreateMul(B.CreateSub(counts[l], i64(1)), steps[l]));
    Value *up = B.CreateICmpSGT(steps[l], i64(0));
    allOk = B.CreateAnd(allOk, rangeChecksHold(level, B.CreateSelect(up, first, last), B.CreateSelect(up, last, first)));
    checks.insert(checks.end(), level.begin(), level.end());
  }
  if (checks.empty()) {
    emitGridLoop({});
  } else {
    BasicBlock *fastBB = newBlock("grid.fast"), *slowBB = newBlock("grid.checked");
    B.CreateCondBr(B.CreateOr(allOk, B.CreateICmpSLE(total, i64(0))), fastBB, slowBB)
        ->setMetadata(LLVMContext::MD_prof, MDBuilder(M.ctx).createLikelyBranchWeights());
    B.SetInsertPoint(fastBB);
    emitGridLoop(checks);
    B.SetInsertPoint(slowBB);
    emitGridLoop({});
  }
  B.SetInsertPoint(done);
  for (size_t r = 0; r < plan.reductions.size(); ++r) {
    llvm::Type *lt = M.llvmType(S.locals.at(plan.reductions[r].var));
    B.CreateStore(B.CreateLoad(lt, local(plan.reductions[r].var)), accs[r]);
  }
  finishFrame();
}

/// The kernel of one offloaded loop: the body function above, then the
/// block's reduction in shared memory; every thread reaches the barriers,
/// including one whose iterations raised (its error is recorded).
static void emitOffloadKernel(ModuleEmitter &me, const typed::Specialization &s, const ast::For &f,
                              const parallel::LoopPlan &plan, const std::string &entry) {
  LLVMContext &ctx = me.ctx;
  std::vector<const ast::For *> nest = offloadNest(f, plan, s);
  // The parameters: the loop levels' (start, step, count), the captured
  // values, then the reductions' accumulators (the body function) or their
  // block partials (the kernel).
  std::vector<const Type *> types(nest.size() * 3, me.T.i64());
  for (const std::string &name : plan.captured) types.push_back(s.locals.at(name));
  std::vector<llvm::Type *> implParams, kernelParams;
  for (const Type *t : types) {
    implParams.push_back(me.llvmType(t));
    kernelParams.push_back(kernelParamType(me, t));
  }
  for (const parallel::Reduction &r : plan.reductions) {
    implParams.push_back(PointerType::getUnqual(ctx));
    kernelParams.push_back(kernelParamType(me, me.T.array(s.locals.at(r.var)->dtype, 1)));
  }
  Function *impl = Function::Create(FunctionType::get(llvm::Type::getInt32Ty(ctx), implParams, false),
                                    GlobalValue::InternalLinkage, entry + "_body", me.mod);
  {
    FunctionEmitter fe(me, s, impl);
    fe.emitOffloadBody(nest, plan);
  }
  Function *k = createKernelEntry(me, entry, kernelParams);
  FunctionEmitter w(me, s, k); // for its builder and the reduction helpers
  IRBuilder<> &b = w.B;
  b.SetInsertPoint(BasicBlock::Create(ctx, "entry", k));
  std::vector<Value *> args;
  for (unsigned i = 0; i < types.size(); ++i) args.push_back(fromKernelParam(b, me, k->getArg(i), types[i]));
  std::vector<AllocaInst *> accs;
  for (const parallel::Reduction &r : plan.reductions) {
    const Type *t = s.locals.at(r.var);
    AllocaInst *acc = b.CreateAlloca(me.llvmType(t), nullptr, r.var + ".acc");
    b.CreateStore(w.reduceIdentity(r.op, t), acc);
    accs.push_back(acc);
    args.push_back(acc);
  }
  Value *st = b.CreateCall(impl, args);
  {
    BasicBlock *failed = BasicBlock::Create(ctx, "failed", k), *cont = BasicBlock::Create(ctx, "reduce", k);
    b.CreateCondBr(b.CreateICmpNE(st, b.getInt32(0)), failed, cont);
    b.SetInsertPoint(failed);
    b.CreateCall(me.runtime("pj_add_frame"), {me.cstring(""), st, me.cstring(s.name)});
    b.CreateBr(cont);
    b.SetInsertPoint(cont);
  }
  Value *tid = w.cudaRegister("threadIdx", 0);
  for (size_t r = 0; r < plan.reductions.size(); ++r) {
    const Type *t = s.locals.at(plan.reductions[r].var);
    llvm::Type *et = me.memType(t->dtype);
    auto *shTy = ArrayType::get(et, kOffloadThreads);
    auto *sh = new GlobalVariable(me.mod, shTy, false, GlobalValue::InternalLinkage, UndefValue::get(shTy),
                                  entry + ".partials" + std::to_string(r), nullptr, GlobalValue::NotThreadLocal,
                                  kSharedAS);
    auto slot = [&](Value *i) { return b.CreateInBoundsGEP(shTy, sh, {b.getInt64(0), i}); };
    b.CreateStore(b.CreateLoad(et, accs[r]), slot(tid));
    b.CreateCall(w.intrinsic(Intrinsic::nvvm_barrier0, {}));
    for (int64_t half = kOffloadThreads / 2; half > 0; half /= 2) {
      BasicBlock *add = BasicBlock::Create(ctx, "tree", k), *next = BasicBlock::Create(ctx, "tree.next", k);
      b.CreateCondBr(b.CreateICmpSLT(tid, b.getInt64(half)), add, next);
      b.SetInsertPoint(add);
      Value *mine = b.CreateLoad(et, slot(tid));
      Value *other = b.CreateLoad(et, slot(b.CreateAdd(tid, b.getInt64(half))));
      b.CreateStore(w.reduceCombine(plan.reductions[r].op, t, mine, other), slot(tid));
      b.CreateBr(next);
      b.SetInsertPoint(next);
      b.CreateCall(w.intrinsic(Intrinsic::nvvm_barrier0, {}));
    }
    BasicBlock *write = BasicBlock::Create(ctx, "write", k), *next = BasicBlock::Create(ctx, "written", k);
    b.CreateCondBr(b.CreateICmpEQ(tid, b.getInt64(0)), write, next);
    b.SetInsertPoint(write);
    Value *partials = k->getArg(static_cast<unsigned>(types.size() + r));
    Value *data = b.CreateExtractValue(partials, {1});
    b.CreateStore(b.CreateLoad(et, slot(b.getInt64(0))),
                  b.CreateInBoundsGEP(et, data, w.cudaRegister("blockIdx", 0)));
    b.CreateBr(next);
    b.SetInsertPoint(next);
  }
  b.CreateRetVoid();
}

void emitOffloadKernels(ModuleEmitter &me, DeviceCode &out) {
  for (const typed::Specialization *s : me.prog.offloaded)
    for (auto &[key, plan] : me.plan.loops) {
      if (key.first != s || !plan.parallel) continue;
      std::string entry = (s->def ? s->def->name : s->name) + "_prange" + std::to_string(key.second->loc.line) + "_" +
                          std::to_string(out.loopEntries.size());
      emitOffloadKernel(me, *s, *key.second, plan, entry);
      out.loopEntries[key] = entry;
    }
}

} // namespace parjit::codegen
