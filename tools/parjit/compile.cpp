// `parjit compile FILE --export 'norm(float64[:])' -o libnorm.so`: ahead of
// time, Pythran's model. The exported specializations are compiled to an
// object file; a small C wrapper per function gives each a plain C
// signature (arrays as parjit_aot_array); the system C compiler links both
// into a shared library that needs only libparjit_runtime.so at run time;
// and a header declares what the library exports.
#include "Commands.h"
#include "Pipeline.h"
#include "target/Target.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"
#include <cstdlib>
#include <fstream>
#include <iostream>

using namespace parjit;

namespace {

const char *cType(typed::DType d) {
  switch (d) {
  case typed::DType::Bool: return "uint8_t";
  case typed::DType::I8: return "int8_t";
  case typed::DType::I16: return "int16_t";
  case typed::DType::I32: return "int32_t";
  case typed::DType::I64: return "int64_t";
  case typed::DType::U8: return "uint8_t";
  case typed::DType::U16: return "uint16_t";
  case typed::DType::U32: return "uint32_t";
  case typed::DType::U64: return "uint64_t";
  case typed::DType::F32: return "float";
  case typed::DType::F64: return "double";
  }
  return "void";
}

std::string descType(int ndim) {
  return "struct { void *meminfo; void *data; int64_t shape[" + std::to_string(ndim) + "]; int64_t strides[" +
         std::to_string(ndim) + "]; }";
}

const char *kPreamble = R"(#include <stdint.h>

#ifndef PARJIT_AOT_H
#define PARJIT_AOT_H
#ifdef __cplusplus
extern "C" {
#endif
/* An array the caller owns: data, rank, shape, and strides in bytes (NULL:
   C-contiguous). Its element type is the one the function was exported for. */
typedef struct {
  void *data;
  int64_t ndim;
  const int64_t *shape;
  const int64_t *strides;
} parjit_aot_array;
/* An array a function returned: release it with parjit_aot_release. */
typedef struct {
  void *owner;
  void *data;
  int64_t ndim;
  int64_t shape[8];
  int64_t strides[8];
} parjit_aot_result;
/* After a function returned -1: the Python exception it raised, as text. */
const char *parjit_last_error(void);
void parjit_aot_release(parjit_aot_result *array);
int32_t pj_aot_array(void *desc, const parjit_aot_array *a, int64_t ndim, int64_t itemsize, int32_t contiguous);
void pj_aot_result(parjit_aot_result *out, const void *desc, int64_t ndim);
#ifdef __cplusplus
}
#endif
#endif
)";

struct Export {
  std::string name, signature; // "norm", "(float64[:])"
};

bool parseExport(const std::string &text, Export &out, std::string &err) {
  size_t open = text.find('(');
  if (open == std::string::npos || open == 0 || text.back() != ')') {
    err = "--export takes NAME(ARG TYPES), for example 'norm(float64[:])', not '" + text + "'";
    return false;
  }
  out.name = text.substr(0, open);
  while (!out.name.empty() && out.name.back() == ' ') out.name.pop_back();
  out.signature = text.substr(open);
  return true;
}

bool writeFile(const std::string &path, const std::string &data, std::string &err) {
  std::ofstream out(path, std::ios::binary);
  out << data;
  out.close();
  if (!out) {
    err = "cannot write '" + path + "'";
    return false;
  }
  return true;
}

} // namespace

int runCompile(const CompileCommand &cmd) {
  if (cmd.exports.empty()) return usageError("'parjit compile' needs at least one --export 'NAME(TYPES)'");
  if (cmd.output.empty()) return usageError("'parjit compile' needs -o LIBRARY.so");
  std::vector<Export> exports;
  for (const std::string &e : cmd.exports) {
    Export x;
    std::string err;
    if (!parseExport(e, x, err)) return usageError(err);
    exports.push_back(x);
  }
  std::string text, err;
  if (!readFile(cmd.file, text, err)) return usageError(err);

  Compilation c(cmd.file, std::move(text), cmd.opts);
  for (const Export &x : exports) c.exports.push_back({x.name, x.signature, "__pjaot_" + x.name});
  bool ok = runPipeline(c, Stage::Object);
  std::cerr << c.diags.render(c.sm);
  if (!ok) return 1;

  // The header and the C wrappers, one function per export.
  std::string base = llvm::sys::path::stem(cmd.output).str();
  std::string header = cmd.header.empty() ? (llvm::sys::path::parent_path(cmd.output).empty()
                                                 ? base + ".h"
                                                 : (llvm::sys::path::parent_path(cmd.output) + "/" + base + ".h").str())
                                          : cmd.header;
  std::string h = "/* " + llvm::sys::path::filename(header).str() + ": the functions of " +
                  llvm::sys::path::filename(cmd.output).str() + ", compiled by `parjit compile` from " + cmd.file +
                  ".\n   Each returns 0, or -1 when a Python exception escaped (its text: parjit_last_error()).\n"
                  "   Link with -L<parjit>/lib -lparjit_runtime. */\n";
  std::string guard = "PARJIT_AOT_" + base;
  for (char &ch : guard) ch = std::isalnum(static_cast<unsigned char>(ch)) ? std::toupper(ch) : '_';
  h += "#ifndef " + guard + "\n#define " + guard + "\n" + kPreamble + "\n#ifdef __cplusplus\nextern \"C\" {\n#endif\n";
  std::string shim = "#include \"" + llvm::sys::path::filename(header).str() + "\"\n";
  for (size_t i = 0; i < exports.size(); ++i) {
    const typed::Specialization &s = *c.program->exports[i].spec;
    const typed::Type *rt = s.retType;
    std::string params, body, decl;
    std::string retStruct;
    if (rt->isTuple()) {
      retStruct = s.name + "_result";
      h += "typedef struct {";
      for (size_t k = 0; k < rt->elts.size(); ++k) {
        if (!rt->elts[k]->isScalar()) {
          std::cerr << "parjit: error: '" << s.name << "' returns " << rt->str()
                    << "; exported functions return scalars, tuples of scalars or arrays\n";
          return 1;
        }
        h += std::string(" ") + cType(rt->elts[k]->dtype) + " r" + std::to_string(k) + ";";
      }
      h += " } " + retStruct + ";\n";
    }
    auto addParam = [&](const std::string &p) { params += (params.empty() ? "" : ", ") + p; };
    if (rt->isScalar()) addParam(std::string(cType(rt->dtype)) + " *result");
    else if (rt->isTuple()) addParam(retStruct + " *result");
    else if (rt->isArray()) addParam("parjit_aot_result *result");
    std::string argv;
    for (size_t k = 0; k < s.argTypes.size(); ++k) {
      const typed::Type *t = s.argTypes[k];
      std::string p = s.params[k], a = "a" + std::to_string(k);
      if (t->isArray()) {
        addParam("const parjit_aot_array *" + p);
        body += "  " + descType(t->ndim) + " " + a + ";\n";
        body += "  if (pj_aot_array(&" + a + ", " + p + ", " + std::to_string(t->ndim) + ", " +
                std::to_string(typed::byteSize(t->dtype)) + ", " + (t->contiguous ? "1" : "0") + ") != 0) return -1;\n";
      } else if (t->isScalar()) {
        addParam(std::string(cType(t->dtype)) + " " + p);
        body += std::string("  ") + cType(t->dtype) + " " + a + " = " + p +
                (t->dtype == typed::DType::Bool ? " != 0;\n" : ";\n");
      } else {
        std::cerr << "parjit: error: '" << s.name << "' takes " << t->str()
                  << "; exported functions take scalars and arrays\n";
        return 1;
      }
      argv += (argv.empty() ? "" : ", ") + ("&" + a);
    }
    if (params.empty()) params = "void";
    std::string retSlot = "result";
    if (rt->isArray()) {
      body += "  " + descType(rt->ndim) + " r;\n";
      retSlot = "&r";
    } else if (!rt->isScalar() && !rt->isTuple()) {
      body += "  char r[16];\n";
      retSlot = "r";
    }
    decl = "int " + s.name + "(" + params + ")";
    h += "/* " + s.mangled + " -> " + rt->str() + " */\n" + decl + ";\n";
    shim += "extern int32_t __pjaot_" + s.name + "(void *ret, void **args);\n" + decl + " {\n" + body;
    shim += "  void *args[] = {" + (argv.empty() ? std::string("0") : argv) + "};\n";
    shim += "  if (__pjaot_" + s.name + "(" + retSlot + ", args) != 0) return -1;\n";
    if (rt->isArray()) shim += "  pj_aot_result(result, &r, " + std::to_string(rt->ndim) + ");\n";
    shim += "  return 0;\n}\n";
  }
  h += "#ifdef __cplusplus\n}\n#endif\n#endif\n";

  llvm::SmallString<128> tmp;
  if (std::error_code ec = llvm::sys::fs::createUniqueDirectory("parjit-compile", tmp)) {
    std::cerr << "parjit: error: cannot make a temporary directory: " << ec.message() << "\n";
    return 1;
  }
  std::string obj = (tmp + "/code.o").str(), shimPath = (tmp + "/wrappers.c").str();
  std::string hdrCopy = (tmp + "/" + llvm::sys::path::filename(header)).str();
  if (!writeFile(obj, c.object, err) || !writeFile(shimPath, shim, err) || !writeFile(hdrCopy, h, err) ||
      !writeFile(header, h, err)) {
    std::cerr << "parjit: error: " << err << "\n";
    return 1;
  }
  std::string cc = std::getenv("CC") && *std::getenv("CC") ? std::getenv("CC") : "cc";
  auto ccPath = llvm::sys::findProgramByName(cc);
  if (!ccPath) {
    std::cerr << "parjit: error: 'parjit compile' links with a C compiler, and '" << cc << "' was not found\n";
    return 1;
  }
  std::string libdir = runtimeLibDir();
  std::vector<std::string> argv{*ccPath, "-shared", "-fPIC", "-O2", "-o", cmd.output, shimPath, obj,
                                "-L" + libdir, "-lparjit_runtime", "-Wl,-rpath," + libdir, "-lm"};
  if (*vectorMathLibrary()) argv.push_back("-lmvec"); // what vectorized exp, log, ... call
  std::vector<llvm::StringRef> refs(argv.begin(), argv.end());
  std::string why;
  int rc = llvm::sys::ExecuteAndWait(*ccPath, refs, std::nullopt, {}, 0, 0, &why);
  llvm::sys::fs::remove_directories(tmp);
  if (rc != 0) {
    std::cerr << "parjit: error: linking " << cmd.output << " failed" << (why.empty() ? "" : ": " + why) << "\n";
    return 1;
  }
  return 0;
}
