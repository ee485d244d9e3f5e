// Type inference: the types of locals and returns, one specialization per
// signature, and the diagnostics for code outside the subset.
#include "frontend/Parser.h"
#include "typed/TypedProgram.h"
#include <gtest/gtest.h>

using namespace parjit;

namespace {

struct Inferred {
  SourceManager sm;
  DiagnosticEngine diags;
  std::optional<ast::Module> mod;
  std::unique_ptr<typed::Program> prog;

  explicit Inferred(const std::string &src) {
    uint32_t f = sm.addBuffer("t.py", src);
    mod = parseModule(sm, f, diags);
    if (mod) prog = typed::inferTypes(*mod, CompileOptions{}, diags);
  }
  const typed::Specialization *spec(const std::string &name, size_t nth = 0) const {
    for (auto *s : prog->reachable)
      if (s->name == name && nth-- == 0) return s;
    return nullptr;
  }
  std::string local(const std::string &fn, const std::string &var) const {
    auto *s = spec(fn);
    if (!s) return "<no function>";
    auto it = s->locals.find(var);
    return it == s->locals.end() ? "<no local>" : it->second->str();
  }
  std::string errors() const { return diags.render(sm); }
};

TEST(TypeInference, IntAndFloatUnifyToFloat) {
  Inferred t("def f(x):\n    s = 0\n    for i in range(3):\n        s += x\n    return s\nprint(f(1.5))\n");
  ASSERT_FALSE(t.diags.hasErrors()) << t.errors();
  EXPECT_EQ(t.local("f", "s"), "float64");
  EXPECT_EQ(t.local("f", "i"), "int64");
  EXPECT_EQ(t.spec("f")->retType->str(), "float64");
}

TEST(TypeInference, OneSpecializationPerSignature) {
  Inferred t("def f(x):\n    return x * 2\na = f(1)\nb = f(2.0)\nc = f(3)\n");
  ASSERT_FALSE(t.diags.hasErrors()) << t.errors();
  int n = 0;
  for (auto *s : t.prog->reachable) n += s->name == "f";
  EXPECT_EQ(n, 2);
  EXPECT_EQ(t.local("<module>", "a"), "int64");
  EXPECT_EQ(t.local("<module>", "b"), "float64");
}

TEST(TypeInference, NumPyPromotion) {
  Inferred t("import numpy as np\nx = np.float32(1.0) * np.float32(2.0)\ny = np.float32(1.0) * 2.0\n"
             "z = np.int8(1) + np.int8(2)\nw = np.uint64(1) + 1\nv = np.int16(1) + np.float32(1.0)\nu = 7 / 2\n");
  ASSERT_FALSE(t.diags.hasErrors()) << t.errors();
  EXPECT_EQ(t.local("<module>", "x"), "float32");
  EXPECT_EQ(t.local("<module>", "y"), "float64");
  EXPECT_EQ(t.local("<module>", "z"), "int8");
  EXPECT_EQ(t.local("<module>", "w"), "float64");
  EXPECT_EQ(t.local("<module>", "v"), "float32");
  EXPECT_EQ(t.local("<module>", "u"), "float64");
}

TEST(TypeInference, ArraysAndShapes) {
  Inferred t("import numpy as np\na = np.zeros((3, 4), dtype=np.int32)\nn, m = a.shape\nb = np.arange(10)\n"
             "c = np.full(5, 2.5)\nd = a[1, 2]\n");
  ASSERT_FALSE(t.diags.hasErrors()) << t.errors();
  EXPECT_EQ(t.local("<module>", "a"), "array(int32, 2d)");
  EXPECT_EQ(t.local("<module>", "n"), "int64");
  EXPECT_EQ(t.local("<module>", "b"), "array(int64, 1d)");
  EXPECT_EQ(t.local("<module>", "c"), "array(float64, 1d)");
  EXPECT_EQ(t.local("<module>", "d"), "int32");
}

TEST(TypeInference, TupleReturnAndUnpack) {
  Inferred t("def f(x):\n    return x, x * 1.5\na, b = f(2)\n");
  ASSERT_FALSE(t.diags.hasErrors()) << t.errors();
  EXPECT_EQ(t.local("<module>", "a"), "int64");
  EXPECT_EQ(t.local("<module>", "b"), "float64");
}

TEST(TypeInference, UncalledFunctionsMayHoldAnyPython) {
  Inferred t("import argparse\nclass C:\n    pass\ndef unused():\n    return [x for x in range(3)]\nprint(1)\n");
  EXPECT_FALSE(t.diags.hasErrors()) << t.errors();
}

TEST(TypeInference, UnsupportedConstructsAreNamed) {
  Inferred t("def f():\n    return [x for x in range(3)]\nf()\n");
  EXPECT_NE(t.errors().find("t.py:2:12: error: list comprehensions are not supported"), std::string::npos) << t.errors();
}

TEST(TypeInference, BadOperandsNameBothTypes) {
  Inferred t("x = 1 + 'a'\n");
  EXPECT_NE(t.errors().find("t.py:1:7: error: unsupported operand types for +: 'int64' and 'str'"), std::string::npos)
      << t.errors();
}

TEST(TypeInference, RecursionIsRejected) {
  Inferred t("def f(n):\n    if n == 0:\n        return 0\n    return f(n - 1)\nf(3)\n");
  EXPECT_NE(t.errors().find("recursion is not supported"), std::string::npos) << t.errors();
}

TEST(TypeInference, ConflictingAssignmentHasANote) {
  Inferred t("import numpy as np\ndef f():\n    a = 1\n    a = np.zeros(3)\n    return a\nf()\n");
  std::string e = t.errors();
  EXPECT_NE(e.find("t.py:4:5: error: cannot assign a value of type array(float64, 1d) to 'a', which has type int64"),
            std::string::npos) << e;
  EXPECT_NE(e.find("t.py:3:5: note: 'a' was first assigned here"), std::string::npos) << e;
}

TEST(TypeInference, SeveralErrorsInOneRun) {
  Inferred t("def f():\n    x = undefined_a\n    y = undefined_b\nf()\n");
  EXPECT_EQ(t.diags.numErrors(), 2u) << t.errors();
}

TEST(TypeInference, DefaultArgumentsAndKeywords) {
  Inferred t("def f(a, b=2.5, c=1):\n    return a + b + c\nx = f(1)\ny = f(1, c=3)\n");
  ASSERT_FALSE(t.diags.hasErrors()) << t.errors();
  EXPECT_EQ(t.local("<module>", "x"), "float64");
}

TEST(TypeInference, IndexWithFewerIndicesIsAView) {
  Inferred t("import numpy as np\na = np.zeros((2, 2))\nx = a[1]\ny = a[:, 1]\n");
  ASSERT_FALSE(t.diags.hasErrors()) << t.errors();
  EXPECT_EQ(t.local("<module>", "x"), "array(float64, 1d)");
  EXPECT_EQ(t.local("<module>", "y"), "array(float64, 1d, A)");
}

TEST(TypeInference, IndexWithTooManyIndices) {
  Inferred t("import numpy as np\na = np.zeros((2, 2))\nx = a[1, 2, 3]\n");
  EXPECT_NE(t.errors().find("too many indices for array: array is 2-dimensional, but 3 were indexed"),
            std::string::npos) << t.errors();
}

} // namespace
