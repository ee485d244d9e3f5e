// np.save and np.load of .npy files: calls into runtime/npy.cpp, which
// writes NumPy's files byte for byte and checks a file it reads against the
// array type the program was compiled for.
#include "codegen/FunctionEmitter.h"

using namespace llvm;

namespace parjit::codegen {

Value *FunctionEmitter::callNpy(const ast::Call &c, const std::string &fn) {
  const Type *t = typeOf(c);
  Value *path = expr(*c.args[0]);
  Value *pathPtr = B.CreateExtractValue(path, {0}), *pathLen = B.CreateExtractValue(path, {1});
  IRBuilder<> eb(&F->getEntryBlock(), F->getEntryBlock().begin());
  if (fn == "save") {
    const Type *at = typeOf(*c.args[1]);
    Value *a = expr(*c.args[1]);
    auto *dimsTy = ArrayType::get(B.getInt64Ty(), at->ndim);
    AllocaInst *shape = eb.CreateAlloca(dimsTy), *strides = eb.CreateAlloca(dimsTy);
    B.CreateStore(B.CreateExtractValue(a, {2}), shape);
    B.CreateStore(B.CreateExtractValue(a, {3}), strides);
    Value *rc = B.CreateCall(M.runtime("pj_npy_save"), {pathPtr, pathLen, arrayData(a),
                                                        B.getInt32(static_cast<int>(at->dtype)), B.getInt32(at->ndim),
                                                        shape, strides});
    checkFailed(B.CreateICmpNE(rc, B.getInt32(0)), c.loc);
    return UndefValue::get(M.llvmType(t));
  }
  // np.load: the runtime checks the file holds an array of type t.
  auto *dimsTy = ArrayType::get(B.getInt64Ty(), t->ndim);
  AllocaInst *shape = eb.CreateAlloca(dimsTy), *data = eb.CreateAlloca(B.getPtrTy());
  Value *meminfo = B.CreateCall(M.runtime("pj_npy_load"), {pathPtr, pathLen, B.getInt32(static_cast<int>(t->dtype)),
                                                           B.getInt32(t->ndim), shape, data});
  checkFailed(B.CreateIsNull(meminfo), c.loc);
  std::vector<Value *> dims;
  for (unsigned k = 0; k < static_cast<unsigned>(t->ndim); ++k)
    dims.push_back(B.CreateLoad(B.getInt64Ty(), B.CreateConstInBoundsGEP2_32(dimsTy, shape, 0, k)));
  return cArray(t, meminfo, B.CreateLoad(B.getPtrTy(), data), dims);
}

} // namespace parjit::codegen
