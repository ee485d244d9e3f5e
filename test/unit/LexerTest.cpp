// The tokenizer: token streams, indentation, literal values and lexical errors.
#include "frontend/Lexer.h"
#include <gtest/gtest.h>

using namespace parjit;

namespace {

// Token kinds spelled out, e.g. "name = int NEWLINE EOF".
std::string kinds(std::string_view src) {
  std::string out;
  for (const Token &t : tokenize(src, 1)) {
    if (!out.empty()) out += " ";
    switch (t.kind) {
    case Tok::Name: out += "name"; break;
    case Tok::Int: out += "int"; break;
    case Tok::Float: out += "float"; break;
    case Tok::String: out += "str"; break;
    case Tok::Newline: out += "NEWLINE"; break;
    case Tok::Indent: out += "INDENT"; break;
    case Tok::Dedent: out += "DEDENT"; break;
    case Tok::EndOfFile: out += "EOF"; break;
    case Tok::Error: out += "ERROR(" + t.str + ")"; break;
    default: out += spelling(t.kind);
    }
  }
  return out;
}

Token first(std::string_view src) { return tokenize(src, 1).front(); }

// "line:col: message" of the error token, or "" if none.
std::string error(std::string_view src) {
  std::vector<Token> toks = tokenize(src, 1);
  const Token &t = toks.back();
  if (t.kind != Tok::Error) return "";
  return std::to_string(t.loc.line) + ":" + std::to_string(t.loc.col) + ": " + t.str;
}

TEST(Lexer, SimpleStatement) {
  EXPECT_EQ(kinds("x = 1\n"), "name = int NEWLINE EOF");
  EXPECT_EQ(kinds("x = 1"), "name = int NEWLINE EOF"); // no trailing newline
  EXPECT_EQ(kinds(""), "EOF");
  EXPECT_EQ(kinds("\n\n# comment only\n   \n"), "EOF");
}

TEST(Lexer, Operators) {
  EXPECT_EQ(kinds("-> := **= //= @= >>= <<= ... ** // << >> <= >= == != += -= *= /= %= &= |= ^="),
            "-> := **= //= @= >>= <<= ... ** // << >> <= >= == != += -= *= /= %= &= |= ^= NEWLINE EOF");
  EXPECT_EQ(kinds("a.b,c;d:e"), "name . name , name ; name : name NEWLINE EOF");
  EXPECT_EQ(kinds("x[1] @ y ~z ^ w"), "name [ int ] @ name ~ name ^ name NEWLINE EOF");
}

TEST(Lexer, Keywords) {
  EXPECT_EQ(kinds("if not x is None: return True"), "if not name is None : return True NEWLINE EOF");
  // Soft keywords are names.
  EXPECT_EQ(kinds("match case _ type"), "name name name name NEWLINE EOF");
}

TEST(Lexer, IndentDedent) {
  EXPECT_EQ(kinds("if x:\n    y\n    z\nw\n"), "if name : NEWLINE INDENT name NEWLINE name NEWLINE DEDENT name NEWLINE EOF");
  EXPECT_EQ(kinds("if x:\n  if y:\n    z\n"),
            "if name : NEWLINE INDENT if name : NEWLINE INDENT name NEWLINE DEDENT DEDENT EOF");
  // Blank and comment lines inside a block do not change the indentation.
  EXPECT_EQ(kinds("if x:\n    y\n\n  # c\n    z\n"), "if name : NEWLINE INDENT name NEWLINE name NEWLINE DEDENT EOF");
  // A tab goes to the next multiple of 8.
  EXPECT_EQ(kinds("if x:\n\ty\n\tz\n"), "if name : NEWLINE INDENT name NEWLINE name NEWLINE DEDENT EOF");
  EXPECT_EQ(error("if x:\n\ty\n        z\n"), "3:9: inconsistent use of tabs and spaces in indentation");
}

TEST(Lexer, IndentLocation) {
  std::vector<Token> toks = tokenize("if x:\n    y\n", 1);
  ASSERT_EQ(toks[4].kind, Tok::Indent);
  EXPECT_EQ(toks[4].loc.line, 2u);
  EXPECT_EQ(toks[4].loc.col, 5u);
}

TEST(Lexer, ImplicitAndExplicitLineJoining) {
  EXPECT_EQ(kinds("f(1,\n  2)\n"), "name ( int , int ) NEWLINE EOF");
  EXPECT_EQ(kinds("x = [\n1,\n    # c\n]\n"), "name = [ int , ] NEWLINE EOF");
  EXPECT_EQ(kinds("if x:\n    b[0,\n 1] = 2\n    c\n"),
            "if name : NEWLINE INDENT name [ int , int ] = int NEWLINE name NEWLINE DEDENT EOF");
  EXPECT_EQ(kinds("x = 1 + \\\n  2\n"), "name = int + int NEWLINE EOF");
  EXPECT_EQ(error("x = \\ 1\n"), "1:6: unexpected character after line continuation character");
  EXPECT_EQ(error("x = \\\n"), "1:6: unexpected EOF while parsing");
}

TEST(Lexer, CRLF) {
  EXPECT_EQ(kinds("if x:\r\n    y\r\nz\r\n"), "if name : NEWLINE INDENT name NEWLINE DEDENT name NEWLINE EOF");
  EXPECT_EQ(first("'a\r\nb'").kind, Tok::Error);
  EXPECT_EQ(first("'''a\r\nb'''").str, "a\nb");
}

TEST(Lexer, IntegerLiterals) {
  EXPECT_EQ(first("0").intValue, 0u);
  EXPECT_EQ(first("00").intValue, 0u);
  EXPECT_EQ(first("1_000_000").intValue, 1000000u);
  EXPECT_EQ(first("0x1F").intValue, 31u);
  EXPECT_EQ(first("0XaB_cD").intValue, 0xabcdu);
  EXPECT_EQ(first("0o17").intValue, 15u);
  EXPECT_EQ(first("0b1_01").intValue, 5u);
  EXPECT_EQ(first("0x_1").intValue, 1u);
  EXPECT_EQ(first("18446744073709551615").intValue, UINT64_MAX);
  EXPECT_FALSE(first("18446744073709551615").overflow);
  EXPECT_TRUE(first("18446744073709551616").overflow);
  EXPECT_TRUE(first("0x1_0000_0000_0000_0000").overflow);
  EXPECT_EQ(kinds("1if x else 2"), "int if name else int NEWLINE EOF");
}

TEST(Lexer, FloatLiterals) {
  EXPECT_EQ(first("1.").kind, Tok::Float);
  EXPECT_DOUBLE_EQ(first("1.").floatValue, 1.0);
  EXPECT_DOUBLE_EQ(first(".5").floatValue, 0.5);
  EXPECT_DOUBLE_EQ(first("1e-3").floatValue, 1e-3);
  EXPECT_DOUBLE_EQ(first("1_0.5e+1_0").floatValue, 10.5e10);
  EXPECT_DOUBLE_EQ(first("09.5").floatValue, 9.5);
  EXPECT_DOUBLE_EQ(first("1E5").floatValue, 1e5);
  Token j = first("2j");
  EXPECT_EQ(j.kind, Tok::Float);
  EXPECT_TRUE(j.imaginary);
  EXPECT_DOUBLE_EQ(j.floatValue, 2.0);
  EXPECT_TRUE(first("1.5e3J").imaginary);
  EXPECT_EQ(kinds("1..real"), "float . name NEWLINE EOF");
}

TEST(Lexer, NumberErrors) {
  EXPECT_EQ(error("x = 1_\n"), "1:6: invalid decimal literal");
  EXPECT_EQ(error("x = 1__0\n"), "1:6: invalid decimal literal");
  EXPECT_EQ(error("x = 1abc\n"), "1:5: invalid decimal literal");
  EXPECT_EQ(error("x = 1e+\n"), "1:7: invalid decimal literal");
  EXPECT_EQ(error("x = 0x\n"), "1:7: invalid hexadecimal literal");
  EXPECT_EQ(error("x = 0b12\n"), "1:8: invalid digit '2' in binary literal");
  EXPECT_EQ(error("x = 0o8\n"), "1:7: invalid digit '8' in octal literal");
  EXPECT_EQ(error("x = 007\n"),
            "1:5: leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers");
  EXPECT_EQ(error("x = 1jx\n"), "1:5: invalid imaginary literal");
}

TEST(Lexer, Strings) {
  EXPECT_EQ(first("'abc'").str, "abc");
  EXPECT_EQ(first("\"a'b\"").str, "a'b");
  EXPECT_EQ(first("'''a\nb'''").str, "a\nb");
  EXPECT_EQ(first("\"\"\"x\"y\"\"\"").str, "x\"y");
  EXPECT_EQ(first("'\\n\\t\\\\\\'\\\"'").str, "\n\t\\'\"");
  EXPECT_EQ(first("'\\x41\\101\\0'").str, std::string("AA\0", 3));
  EXPECT_EQ(first("'\\u00e9\\U0001F600'").str, "\xC3\xA9\xF0\x9F\x98\x80");
  EXPECT_EQ(first("'a\\\nb'").str, "ab");
  EXPECT_EQ(first("'\\q'").str, "\\q"); // unknown escapes stay
  EXPECT_EQ(first("r'\\n'").str, "\\n");
  EXPECT_EQ(first("R'\\''").str, "\\'");
  Token b = first("b'\\xff\\u1234'");
  EXPECT_TRUE(b.isBytes);
  EXPECT_EQ(b.str, "\xff\\u1234");
  for (const char *p : {"rb", "Rb", "bR", "BR", "br"}) EXPECT_TRUE(first(std::string(p) + "'x'").isBytes) << p;
  Token f = first("f'{x!r}\\n'");
  EXPECT_TRUE(f.isFString);
  EXPECT_EQ(f.str, "{x!r}\\n"); // f-strings keep their text
  for (const char *p : {"fr", "Rf", "F", "u", "U"}) EXPECT_EQ(first(std::string(p) + "'x'").kind, Tok::String) << p;
  EXPECT_EQ(kinds("ub'x'"), "name str NEWLINE EOF");
}

TEST(Lexer, StringErrors) {
  EXPECT_EQ(error("s = 'abc\n"), "1:5: unterminated string literal (detected at line 1)");
  EXPECT_EQ(error("s = 'abc"), "1:5: unterminated string literal (detected at line 1)");
  EXPECT_EQ(error("s = '''abc\n\n"), "1:5: unterminated triple-quoted string literal (detected at line 3)");
  EXPECT_EQ(error("x = b'\xc3\xa9'\n"), "1:5: bytes can only contain ASCII literal characters");
  EXPECT_EQ(error("x = 'a\\xq'\n"),
            "1:5: (unicode error) 'unicodeescape' codec can't decode bytes in position 1-2: truncated \\xXX escape");
  EXPECT_EQ(error("x = 'a\\u12'\n"),
            "1:5: (unicode error) 'unicodeescape' codec can't decode bytes in position 1-4: truncated \\uXXXX escape");
}

TEST(Lexer, Brackets) {
  EXPECT_EQ(error("x = (1, 2\n"), "1:5: '(' was never closed");
  EXPECT_TRUE(tokenize("x = (1, 2\n", 1).back().errorAtEOF);
  EXPECT_EQ(error("x = )\n"), "1:5: unmatched ')'");
  EXPECT_EQ(error("x = (]\n"), "1:6: closing parenthesis ']' does not match opening parenthesis '('");
  EXPECT_EQ(error("x = (\n1]\n"), "2:2: closing parenthesis ']' does not match opening parenthesis '(' on line 1");
  EXPECT_EQ(error(std::string(200, '(') + std::string(200, ')')), "");
  EXPECT_EQ(error(std::string(201, '(')), "1:201: too many nested parentheses");
}

TEST(Lexer, BadCharacters) {
  EXPECT_EQ(error("x = $\n"), "1:5: invalid character '$' (U+0024)");
  EXPECT_EQ(error("x = 1\x01\n"), "1:6: invalid non-printable character U+0001");
  EXPECT_EQ(error(std::string("x = a\0b\n", 8)), "1:6: source code cannot contain null bytes");
  EXPECT_EQ(error(std::string("x = 'a\0b'\n", 10)), "1:7: source code cannot contain null bytes");
  EXPECT_EQ(kinds("x = a!b"), "name = name stray character name NEWLINE EOF");
  // Bytes >= 0x80 are identifier characters.
  EXPECT_EQ(kinds("\xC3\xA9 = 1"), "name = int NEWLINE EOF");
  EXPECT_EQ(kinds("\xEF\xBB\xBFx = 1"), "name = int NEWLINE EOF"); // BOM
}

TEST(Lexer, IndentationErrors) {
  EXPECT_EQ(error("if x:\n    a\n  b\n"), "3:3: unindent does not match any outer indentation level");
  std::string deep;
  for (int i = 0; i < 101; ++i) deep += std::string(static_cast<size_t>(i), ' ') + "if x:\n";
  EXPECT_EQ(error(deep), "101:101: too many levels of indentation");
}

TEST(Lexer, Locations) {
  std::vector<Token> toks = tokenize("x = 1\n  # c\nfoo(bar,\n    baz)\n", 1);
  // x = 1 NEWLINE foo ( bar , baz ) NEWLINE EOF
  ASSERT_GE(toks.size(), 10u);
  EXPECT_EQ(toks[3].kind, Tok::Newline);
  EXPECT_EQ(toks[3].loc.col, 6u);
  EXPECT_EQ(toks[4].loc.line, 3u);
  EXPECT_EQ(toks[7].loc.line, 3u);
  EXPECT_EQ(toks[8].loc.line, 4u);
  EXPECT_EQ(toks[8].loc.col, 5u);
  EXPECT_EQ(toks[8].text, "baz");
}

} // namespace
