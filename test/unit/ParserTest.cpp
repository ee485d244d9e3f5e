// The parser: AST shapes (through dumpAST), source locations, syntax error
// messages, and robustness on truncated and random input.
#include "frontend/Parser.h"
#include <gtest/gtest.h>
#include <random>

using namespace parjit;

namespace {

struct Parsed {
  SourceManager sm;
  DiagnosticEngine diags;
  std::optional<ast::Module> mod;
  explicit Parsed(const std::string &src) { mod = parseModule(sm, sm.addBuffer("t.py", src), diags); }
  std::string dump() const { return mod ? dumpAST(*mod) : "<error> " + diags.render(sm); }
  // "line:col: message" of the one error.
  std::string error() const {
    if (mod) return "<no error>";
    if (diags.all().size() != 1) return "<" + std::to_string(diags.all().size()) + " diagnostics>";
    const Diagnostic &d = diags.all()[0];
    return std::to_string(d.loc.line) + ":" + std::to_string(d.loc.col) + ": " + d.message;
  }
};

// The dump of a single expression statement, without "(expr " and ")\n".
std::string expr(const std::string &src) {
  std::string d = Parsed(src + "\n").dump();
  if (d.rfind("(expr ", 0) != 0 || d.size() < 8) return d;
  return d.substr(6, d.size() - 8);
}
std::string dump(const std::string &src) { return Parsed(src).dump(); }
std::string error(const std::string &src) { return Parsed(src).error(); }

const ast::Expr &firstExpr(const ast::Module &m) {
  return *static_cast<const ast::ExprStmt &>(*m.body.at(0)).value;
}

TEST(Parser, Atoms) {
  EXPECT_EQ(expr("x"), "(name x)");
  EXPECT_EQ(expr("42"), "(int 42)");
  EXPECT_EQ(expr("99999999999999999999"), "(int overflow)");
  EXPECT_EQ(expr("1.5"), "(float 1.5)");
  EXPECT_EQ(expr("2."), "(float 2.0)");
  EXPECT_EQ(expr("2j"), "(imag 2.0)");
  EXPECT_EQ(expr("'a' \"b\" '''c'''"), "(str \"abc\")");
  EXPECT_EQ(expr("b'a' b'b'"), "(bytes \"ab\")");
  EXPECT_EQ(expr("f'{x}' 'y'"), "(fstr \"{x}y\")");
  EXPECT_EQ(expr("True, False, None, ..."), "(tuple (bool True) (bool False) (none) (ellipsis))");
}

TEST(Parser, Precedence) {
  EXPECT_EQ(expr("-2**2"), "(unary - (binop ** (int 2) (int 2)))");
  EXPECT_EQ(expr("2**-1"), "(binop ** (int 2) (unary - (int 1)))");
  EXPECT_EQ(expr("a**b**c"), "(binop ** (name a) (binop ** (name b) (name c)))");
  EXPECT_EQ(expr("a - b - c"), "(binop - (binop - (name a) (name b)) (name c))");
  EXPECT_EQ(expr("a + b * c"), "(binop + (name a) (binop * (name b) (name c)))");
  EXPECT_EQ(expr("a * b // c % d @ e"),
            "(binop @ (binop % (binop // (binop * (name a) (name b)) (name c)) (name d)) (name e))");
  EXPECT_EQ(expr("a | b ^ c & d << e + f"),
            "(binop | (name a) (binop ^ (name b) (binop & (name c) (binop << (name d) (binop + (name e) (name f))))))");
  EXPECT_EQ(expr("~a + -b"), "(binop + (unary ~ (name a)) (unary - (name b)))");
  EXPECT_EQ(expr("not a == b"), "(unary not (compare (name a) == (name b)))");
  EXPECT_EQ(expr("a or b and not c"), "(or (name a) (and (name b) (unary not (name c))))");
  EXPECT_EQ(expr("a and b and c"), "(and (name a) (name b) (name c))");
  EXPECT_EQ(expr("a < b <= c is not d not in e"),
            "(compare (name a) < (name b) <= (name c) is not (name d) not in (name e))");
  EXPECT_EQ(expr("a if b or c else d"), "(ifexp (or (name b) (name c)) (name a) (name d))");
  EXPECT_EQ(expr("a if b else c if d else e"), "(ifexp (name b) (name a) (ifexp (name d) (name c) (name e)))");
  EXPECT_EQ(expr("lambda x: x if y else z"), "(lambda (x) (ifexp (name y) (name x) (name z)))");
  EXPECT_EQ(expr("lambda a, b=1: a"), "(lambda (a (b :default (int 1))) (name a))");
  EXPECT_EQ(expr("-a.b[c](d)"), "(unary - (call (subscript (attr (name a) b) (name c)) (name d)))");
  EXPECT_EQ(expr("await x ** 2"), "(binop ** (unsupported \"await expressions\" (name x)) (int 2))");
  EXPECT_EQ(expr("(a + b) * c"), "(binop * (binop + (name a) (name b)) (name c))");
}

TEST(Parser, Displays) {
  EXPECT_EQ(expr("[1, *a]"), "(list (int 1) (star (name a)))");
  EXPECT_EQ(expr("[]"), "(list)");
  EXPECT_EQ(expr("()"), "(tuple)");
  EXPECT_EQ(expr("(1,)"), "(tuple (int 1))");
  EXPECT_EQ(expr("(1)"), "(int 1)");
  EXPECT_EQ(expr("{}"), "(unsupported \"dict literals\")");
  EXPECT_EQ(expr("{1: 2, **a}"), "(unsupported \"dict literals\" (int 1) (int 2) (name a))");
  EXPECT_EQ(expr("{1, 2}"), "(unsupported \"set literals\" (int 1) (int 2))");
  EXPECT_EQ(expr("[x for x in y if x]"), "(unsupported \"list comprehensions\" (name x) (name x) (name y) (name x))");
  EXPECT_EQ(expr("{x for x in y}"), "(unsupported \"set comprehensions\" (name x) (name x) (name y))");
  EXPECT_EQ(expr("{k: v for k, v in y}"),
            "(unsupported \"dict comprehensions\" (name k) (name v) (tuple (name k) (name v)) (name y))");
  EXPECT_EQ(expr("(x for x in y)"), "(unsupported \"generator expressions\" (name x) (name x) (name y))");
  EXPECT_EQ(expr("(x := 1)"), "(unsupported \"assignment expressions\" (name x) (int 1))");
  EXPECT_EQ(expr("(yield x)"), "(unsupported \"yield expressions\" (name x))");
}

TEST(Parser, CallsAndSubscripts) {
  EXPECT_EQ(expr("f(a, *b, k=1, **c)"), "(call (name f) (name a) (star (name b)) (kw k (int 1)) (kw ** (name c)))");
  EXPECT_EQ(expr("f(x for x in y)"), "(call (name f) (unsupported \"generator expressions\" (name x) (name x) (name y)))");
  EXPECT_EQ(expr("f(a,)"), "(call (name f) (name a))");
  EXPECT_EQ(expr("x[1:2, ::3]"), "(subscript (name x) (tuple (slice (int 1) (int 2) _) (slice _ _ (int 3))))");
  EXPECT_EQ(expr("x[i]"), "(subscript (name x) (name i))");
  EXPECT_EQ(expr("x[i, j]"), "(subscript (name x) (tuple (name i) (name j)))");
  EXPECT_EQ(expr("x[:]"), "(subscript (name x) (slice _ _ _))");
  EXPECT_EQ(expr("x[::]"), "(subscript (name x) (slice _ _ _))");
  EXPECT_EQ(expr("x[a:]"), "(subscript (name x) (slice (name a) _ _))");
  EXPECT_EQ(expr("x[..., None]"), "(subscript (name x) (tuple (ellipsis) (none)))");
  EXPECT_EQ(expr("np.zeros((3, 4))"), "(call (attr (name np) zeros) (tuple (int 3) (int 4)))");
}

TEST(Parser, Assignments) {
  EXPECT_EQ(dump("a = b = c\n"), "(assign (name a) (name b) (name c))\n");
  EXPECT_EQ(dump("a, b = x\n"), "(assign (tuple (name a) (name b)) (name x))\n");
  EXPECT_EQ(dump("(a, b) = x\n"), "(assign (tuple (name a) (name b)) (name x))\n");
  EXPECT_EQ(dump("[a, b] = x\n"), "(assign (list (name a) (name b)) (name x))\n");
  EXPECT_EQ(dump("a, *b = 1, 2\n"), "(assign (tuple (name a) (star (name b))) (tuple (int 1) (int 2)))\n");
  EXPECT_EQ(dump("x[i] += 1\n"), "(augassign += (subscript (name x) (name i)) (int 1))\n");
  EXPECT_EQ(dump("x //= 2\n"), "(augassign //= (name x) (int 2))\n");
  EXPECT_EQ(dump("x: int = 3\n"), "(annassign (name x) (name int) (int 3))\n");
  EXPECT_EQ(dump("x: int\n"), "(annassign (name x) (name int))\n");
  EXPECT_EQ(dump("x = yield\n"), "(assign (name x) (unsupported \"yield expressions\"))\n");
  EXPECT_EQ(dump("x = 1; y = 2;\n"), "(assign (name x) (int 1))\n(assign (name y) (int 2))\n");
}

TEST(Parser, CompoundStatements) {
  EXPECT_EQ(dump("if a:\n    pass\nelif b:\n    x = 1\nelse:\n    y = 2\n"),
            "(if (name a)\n"
            "  (pass)\n"
            " else\n"
            "  (if (name b)\n"
            "    (assign (name x) (int 1))\n"
            "   else\n"
            "    (assign (name y) (int 2))))\n");
  EXPECT_EQ(dump("for i, j in z:\n  break\nelse:\n  continue\n"),
            "(for (tuple (name i) (name j)) (name z)\n  (break)\n else\n  (continue))\n");
  EXPECT_EQ(dump("while x: x -= 1\n"), "(while (name x)\n  (augassign -= (name x) (int 1)))\n");
  EXPECT_EQ(dump("def saxpy(a, x, y):\n    for i in range(len(x)):\n        y[i] += a * x[i]\n"),
            "(def saxpy (a x y)\n"
            "  (for (name i) (call (name range) (call (name len) (name x)))\n"
            "    (augassign += (subscript (name y) (name i)) (binop * (name a) (subscript (name x) (name i))))))\n");
}

TEST(Parser, FunctionDefinitions) {
  EXPECT_EQ(dump("@jit\n@njit(fastmath=True)\ndef f(a, b: int = 1, /, *args, c, d=2, **kw) -> float:\n  return a\n"),
            "(def f (a (b :ann (name int) :default (int 1)) *args kwonly:c (kwonly:d :default (int 2)) **kw) "
            "(decorators (name jit) (call (name njit) (kw fastmath (bool True)))) (returns (name float))\n"
            "  (return (name a)))\n");
  EXPECT_EQ(dump("def f(*, a): pass\n"), "(def f (kwonly:a)\n  (pass))\n");
  EXPECT_EQ(dump("async def f(): await x\n"), "(async def f ()\n  (expr (unsupported \"await expressions\" (name x))))\n");
  Parsed p("def  foo(a, *b):\n  return\n");
  ASSERT_TRUE(p.mod) << p.dump();
  auto &f = static_cast<const ast::FunctionDef &>(*p.mod->body[0]);
  EXPECT_EQ(f.nameLoc.col, 6u);
  EXPECT_EQ(f.params[1].kind, ast::Param::VarArgs);
  EXPECT_EQ(f.params[1].name, "b");
}

// parseModule's closure conversion (frontend/closures.cpp): `name = lambda`
// becomes a def; free variables become hidden parameters, passed at each call.
TEST(Parser, ClosureConversion) {
  EXPECT_EQ(dump("def f(x, k):\n  sq = lambda v: v * k\n  return sq(x)\n"),
            "(def f (x k)\n  (lambda-def sq (v hidden:k)\n    (return (binop * (name v) (name k))))\n"
            "  (return (call (name sq) (name x) (hidden-kw k (name k)))))\n");
  // A sibling's free variables are passed along; a default that reads a
  // variable is computed where the def runs.
  EXPECT_EQ(dump("def f(n):\n  def g(i, w=n):\n    return i * w + n\n  h = lambda j: g(j)\n  return h(1)\n"),
            "(def f (n)\n  (assign (name g.w) (name n))\n  (def g (i (w :default (name g.w)) hidden:n)\n"
            "    (return (binop + (binop * (name i) (name w)) (name n))))\n"
            "  (lambda-def h (j hidden:n hidden:g.w)\n"
            "    (return (call (name g) (name j) (hidden-kw n (name n)) (default-kw w (name g.w)))))\n"
            "  (return (call (name h) (int 1) (hidden-kw n (name n)) (hidden-kw g.w (name g.w)))))\n");
  // At module level a lambda assigned to a name is a function; elsewhere it stays a lambda.
  EXPECT_EQ(dump("sq = lambda v: v\nprint((lambda: 1)())\n"),
            "(lambda-def sq (v)\n  (return (name v)))\n(expr (call (name print) (call (lambda () (int 1)))))\n");
  Parsed p("def f(k):\n  g = lambda: k\n  return g()\n");
  ASSERT_TRUE(p.mod) << p.dump();
  auto &f = static_cast<const ast::FunctionDef &>(*p.mod->body[0]);
  auto &g = static_cast<const ast::FunctionDef &>(*f.body[0]);
  EXPECT_TRUE(g.isLambda);
  EXPECT_EQ(g.qualname, "f.<locals>.<lambda>");
  EXPECT_EQ(g.enclosing, &f);
  EXPECT_TRUE(g.params.at(0).hidden);
}

TEST(Parser, SimpleStatements) {
  EXPECT_EQ(dump("import os.path as p, sys\n"), "(import (os.path as p) sys)\n");
  EXPECT_EQ(dump("from ..a.b import (c, d as e,)\n"), "(from ..a.b import c (d as e))\n");
  EXPECT_EQ(dump("from . import x\n"), "(from . import x)\n");
  EXPECT_EQ(dump("from m import *\n"), "(from m import *)\n");
  EXPECT_EQ(dump("assert x, 'm'\n"), "(assert (name x) (str \"m\"))\n");
  EXPECT_EQ(dump("raise E from e\n"), "(raise (name E) from (name e))\n");
  EXPECT_EQ(dump("raise\n"), "(raise)\n");
  EXPECT_EQ(dump("return *a, b\n"), "(return (tuple (star (name a)) (name b)))\n");
}

TEST(Parser, UnsupportedStatements) {
  EXPECT_EQ(dump("class A(B):\n  def f(self): pass\n"),
            "(unsupported \"class definitions\"\n  (def f (self)\n    (pass)))\n");
  EXPECT_EQ(dump("with a as b, c: pass\n"), "(unsupported \"with statements\"\n  (pass))\n");
  EXPECT_EQ(dump("with (a as b, c): pass\n"), "(unsupported \"with statements\"\n  (pass))\n");
  EXPECT_EQ(dump("try:\n  x\nexcept E as e:\n  y\nfinally:\n  z\n"),
            "(unsupported \"try statements\"\n  (expr (name x))\n  (expr (name y))\n  (expr (name z)))\n");
  EXPECT_EQ(dump("global a, b\n"), "(unsupported \"global statements\")\n");
  EXPECT_EQ(dump("nonlocal a\n"), "(unsupported \"nonlocal statements\")\n");
  EXPECT_EQ(dump("del a, b[0]\n"), "(unsupported \"del statements\")\n");
  EXPECT_EQ(dump("async for x in y: pass\n"), "(unsupported \"async for loops\"\n  (pass))\n");
  EXPECT_EQ(dump("match x:\n  case [1, *r] if r: pass\n  case _: pass\n"),
            "(unsupported \"match statements\"\n  (pass)\n  (pass))\n");
  EXPECT_EQ(dump("match = 1\n"), "(assign (name match) (int 1))\n");
}

TEST(Parser, Locations) {
  Parsed p("x = a + b * c\nif y < z < w:\n    q.attr[i](k)\n    s += 1\n");
  ASSERT_TRUE(p.mod) << p.dump();
  auto &assign = static_cast<const ast::Assign &>(*p.mod->body[0]);
  EXPECT_EQ(assign.loc.col, 1u);
  auto &add = static_cast<const ast::BinOp &>(*assign.value);
  EXPECT_EQ(add.loc.col, 7u); // the operator
  EXPECT_EQ(add.lhs->loc.col, 5u);
  EXPECT_EQ(add.rhs->loc.col, 11u);
  auto &ifs = static_cast<const ast::If &>(*p.mod->body[1]);
  auto &cmp = static_cast<const ast::Compare &>(*ifs.test);
  EXPECT_EQ(cmp.loc.col, 6u);
  ASSERT_EQ(cmp.opLocs.size(), 2u);
  EXPECT_EQ(cmp.opLocs[1].col, 10u);
  auto &call = static_cast<const ast::Call &>(*static_cast<const ast::ExprStmt &>(*ifs.body[0]).value);
  EXPECT_EQ(call.loc.line, 3u);
  EXPECT_EQ(call.loc.col, 5u);
  auto &sub = static_cast<const ast::Subscript &>(*call.func);
  EXPECT_EQ(sub.loc.col, 5u);
  auto &attr = static_cast<const ast::Attribute &>(*sub.value);
  EXPECT_EQ(attr.loc.col, 5u);
  EXPECT_EQ(attr.attrLoc.col, 7u);
  auto &aug = static_cast<const ast::AugAssign &>(*ifs.body[1]);
  EXPECT_EQ(aug.loc.col, 7u);
  EXPECT_EQ(aug.opLoc.col, 7u);

  Parsed q("[i * i for i in r]\n");
  ASSERT_TRUE(q.mod);
  EXPECT_EQ(firstExpr(*q.mod).loc.col, 1u);
  Parsed s("x = ('a'\n  'b')\n");
  ASSERT_TRUE(s.mod);
  EXPECT_EQ(static_cast<const ast::Assign &>(*s.mod->body[0]).value->loc.col, 6u);
}

TEST(Parser, SyntaxErrors) {
  EXPECT_EQ(error("x = 1 +\n"), "1:8: invalid syntax");
  EXPECT_EQ(error("x = 5 5\n"), "1:7: invalid syntax");
  EXPECT_EQ(error("else:\n  pass\n"), "1:1: invalid syntax");
  EXPECT_EQ(error("x = 1\n    y = 2\n"), "2:5: unexpected indent");
  EXPECT_EQ(error("x = 1\nif x:\n    y\n\n      z\n"), "5:7: unexpected indent");
  EXPECT_EQ(error("x = 1\n\nif x:\ny = 2\n"), "4:1: expected an indented block after 'if' statement on line 3");
  EXPECT_EQ(error("for x in y:\n\n"), "3:1: expected an indented block after 'for' statement on line 1");
  EXPECT_EQ(error("def f():\nreturn\n"), "2:1: expected an indented block after function definition on line 1");
  EXPECT_EQ(error("if x:\n  pass\nelse:\npass\n"), "4:1: expected an indented block after 'else' statement on line 3");
  EXPECT_EQ(error("if x:\n    a\n  b\n"), "3:3: unindent does not match any outer indentation level");
  EXPECT_EQ(error("if x\n  pass\n"), "1:5: expected ':'");
  EXPECT_EQ(error("def f()\n  pass\n"), "1:8: expected ':'");
  EXPECT_EQ(error("x = (1, 2\n"), "1:5: '(' was never closed");
  EXPECT_EQ(error("f(1,\nx = 2\n"), "1:2: '(' was never closed");
  EXPECT_EQ(error("x = )\n"), "1:5: unmatched ')'");
  EXPECT_EQ(error("s = 'abc\n"), "1:5: unterminated string literal (detected at line 1)");
  EXPECT_EQ(error("s = '''abc\n"), "1:5: unterminated triple-quoted string literal (detected at line 2)");
  EXPECT_EQ(error("x = 1abc\n"), "1:5: invalid decimal literal");
  EXPECT_EQ(error("x = 1\ny = $\n"), "2:5: invalid character '$' (U+0024)");
  EXPECT_EQ(error("x = a!b\n"), "1:6: invalid syntax");
  EXPECT_EQ(error("x = 1 if 2\n"), "1:5: expected 'else' after 'if' expression");
  EXPECT_EQ(error("x := 5\n"), "1:3: invalid syntax");
  EXPECT_EQ(error("try:\n  pass\nx = 1\n"), "3:1: expected 'except' or 'finally' block");
  EXPECT_EQ(error("from a import b,\n"), "1:17: trailing comma not allowed without surrounding parentheses");
  EXPECT_EQ(error("x = 'a' b'c'\n"), "1:9: cannot mix bytes and nonbytes literals");
  EXPECT_EQ(error("print 'x'\n"), "1:1: Missing parentheses in call to 'print'. Did you mean print(...)?");
  EXPECT_EQ(error("x = {1: 2, 3}\n"), "1:12: ':' expected after dictionary key");
}

TEST(Parser, TargetErrors) {
  EXPECT_EQ(error("f() = 1\n"), "1:1: cannot assign to function call here. Maybe you meant '==' instead of '='?");
  EXPECT_EQ(error("x = f() = 1\n"), "1:5: cannot assign to function call");
  EXPECT_EQ(error("a + b = 1\n"), "1:1: cannot assign to expression here. Maybe you meant '==' instead of '='?");
  EXPECT_EQ(error("a, 1 = x\n"), "1:4: cannot assign to literal");
  EXPECT_EQ(error("None = 1\n"), "1:1: cannot assign to None");
  EXPECT_EQ(error("for f() in x: pass\n"), "1:5: cannot assign to function call");
  EXPECT_EQ(error("[x for 1 in y]\n"), "1:8: cannot assign to literal");
  EXPECT_EQ(error("f() += 1\n"), "1:1: 'function call' is an illegal expression for augmented assignment");
  EXPECT_EQ(error("a, b += 1\n"), "1:1: 'tuple' is an illegal expression for augmented assignment");
  EXPECT_EQ(error("(a, b): int\n"), "1:1: only single target (not tuple) can be annotated");
  EXPECT_EQ(error("del f()\n"), "1:5: cannot delete function call");
  EXPECT_EQ(error("x = yield = 3\n"), "1:5: assignment to yield expression not possible");
  EXPECT_EQ(error("f(a.b=1)\n"), "1:3: expression cannot contain assignment, perhaps you meant \"==\"?");
}

TEST(Parser, ParameterAndArgumentErrors) {
  EXPECT_EQ(error("def f(*): pass\n"), "1:7: named arguments must follow bare *");
  EXPECT_EQ(error("def f(*, **k): pass\n"), "1:7: named arguments must follow bare *");
  EXPECT_EQ(error("def f(a=1, b): pass\n"), "1:12: non-default argument follows default argument");
  EXPECT_EQ(error("def f(**k, a): pass\n"), "1:12: arguments cannot follow var-keyword argument");
  EXPECT_EQ(error("def f(*a, *b): pass\n"), "1:11: * argument may appear only once");
  EXPECT_EQ(error("f(a=1, 2)\n"), "1:8: positional argument follows keyword argument");
  EXPECT_EQ(error("f(**k, 2)\n"), "1:8: positional argument follows keyword argument unpacking");
  EXPECT_EQ(error("f(**k, *a)\n"), "1:8: iterable argument unpacking follows keyword argument unpacking");
  EXPECT_EQ(error("f(x for x in y, 1)\n"), "1:3: Generator expression must be parenthesized");
}

TEST(Parser, WhitespaceEdgeCases) {
  EXPECT_EQ(dump(""), "");
  EXPECT_EQ(dump("\n\n# nothing\n"), "");
  EXPECT_EQ(dump("x = 1"), "(assign (name x) (int 1))\n");
  EXPECT_EQ(dump("if x:\r\n    y = 1\r\n"), "(if (name x)\n  (assign (name y) (int 1)))\n");
  EXPECT_EQ(dump("if x:\n    pass\n# c\n  # c\n\n"), "(if (name x)\n  (pass))\n");
  EXPECT_EQ(dump("if x:\n\tpass\n"), "(if (name x)\n  (pass))\n");
  EXPECT_EQ(error(std::string("x = 1\0", 6)), "1:6: source code cannot contain null bytes");
}

TEST(Parser, DeepNesting) {
  EXPECT_TRUE(Parsed("x = " + std::string(199, '(') + "1" + std::string(199, ')') + "\n").mod);
  EXPECT_EQ(error("x = " + std::string(250, '(') + "1" + std::string(250, ')') + "\n"),
            "1:205: too many nested parentheses");
  EXPECT_EQ(error("x = " + std::string(5000, '-') + "1\n"), "1:1003: too deeply nested expression");
  std::string nots;
  for (int i = 0; i < 5000; ++i) nots += "not ";
  EXPECT_EQ(error("x = " + nots + "1\n").substr(0, 7), "1:3997:");
  std::string sum = "x = 1";
  for (int i = 0; i < 5000; ++i) sum += "+1";
  EXPECT_EQ(error(sum + "\n"), "1:2006: too deeply nested expression");
  std::string lambdas;
  for (int i = 0; i < 2000; ++i) lambdas += "lambda: ";
  EXPECT_FALSE(Parsed(lambdas + "1\n").mod);
}

// Every prefix of these programs, and random bytes, must parse or fail with
// exactly one error; under ASan this also checks that nothing reads out of bounds.
const char *const kSamples[] = {
    "import numpy as np\nfrom parjit import jit, prange\n\n@jit(parallel=True)\ndef saxpy(a, x, y):\n"
    "    \"\"\"doc\"\"\"\n    for i in prange(x.shape[0]):\n        y[i] = a * x[i] + y[i]  # c\n"
    "    return y\n\nx = np.arange(10, dtype=np.float64)\nprint(saxpy(2.0, x, x.copy())[1:3, ::2])\n",
    "def f(a, b=1, *args, c, **kw) -> int:\n    if a < b <= c:\n        return -a ** 2\n    elif not a:\n"
    "        x, *y = [1, 2.5e-3, 0x_ff, 0o7, 0b1, 1_000j]\n    else:\n        while True:\n            break\n"
    "    s = 'a\\n' r'\\x' f'{a!r}' '''x\n  y'''\n    t = {k: v for k, v in kw.items()}\n"
    "    return (lambda q: q)(a) if a else [z async for z in y]\n",
    "class A(B):\n    def m(self):\n        with open(p) as f, g:\n            try:\n                pass\n"
    "            except (E, F) as e:\n                raise X from e\n            finally:\n                del a[0]\n"
    "match p:\n    case {'k': [1, *r]} if r:\n        pass\nx = (\n  1,\n  2\n)\ny = \\\n  3\n",
};

TEST(Parser, EveryPrefixFailsCleanly) {
  for (const char *sample : kSamples) {
    std::string src = sample;
    ASSERT_TRUE(Parsed(src).mod) << Parsed(src).dump();
    for (size_t n = 0; n <= src.size(); ++n) {
      Parsed p(src.substr(0, n));
      EXPECT_TRUE(p.mod ? p.diags.all().empty() : p.diags.all().size() == 1) << n;
      if (p.mod) (void)dumpAST(*p.mod);
    }
  }
}

TEST(Parser, RandomBytesFailCleanly) {
  std::mt19937 rng(12345);
  const std::string alphabet = "()[]{}:,.=+-*/%<>!~@#'\"\\\n\t 0123456789eEjx_abcdefif for in def\r\x00\xff";
  for (int iter = 0; iter < 3000; ++iter) {
    std::string src;
    size_t len = rng() % 80;
    for (size_t i = 0; i < len; ++i)
      src += iter % 2 ? static_cast<char>(rng() % 256) : alphabet[rng() % alphabet.size()];
    Parsed p(src);
    EXPECT_TRUE(p.mod ? p.diags.all().empty() : p.diags.all().size() == 1) << iter;
    if (p.mod) (void)dumpAST(*p.mod);
    else (void)p.diags.render(p.sm);
  }
  // Mutations of a valid program.
  std::string base = kSamples[1];
  for (int iter = 0; iter < 2000; ++iter) {
    std::string src = base;
    for (int k = 0; k < 3; ++k) {
      size_t pos = rng() % src.size();
      char c = alphabet[rng() % alphabet.size()];
      switch (rng() % 3) {
      case 0: src[pos] = c; break;
      case 1: src.erase(pos, 1); break;
      default: src.insert(pos, 1, c);
      }
    }
    Parsed p(src);
    EXPECT_TRUE(p.mod ? p.diags.all().empty() : p.diags.all().size() == 1) << src;
  }
}

} // namespace
