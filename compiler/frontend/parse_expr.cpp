// The expression half of the parser (see Parser.cpp): precedence climbing
// from lambda down to atoms, displays, calls and subscripts.
#include "frontend/ParserImpl.h"

namespace parjit {
namespace parse {

// --------------------------------------------------------------- expressions

ExprPtr Parser::parseTest() {
  DepthGuard guard(*this);
  if (!guard.ok) return tooDeep();
  if (at(Tok::KwLambda)) return parseLambda();
  SourceLoc start = cur().loc;
  ExprPtr body = parseOr();
  if (!body || !at(Tok::KwIf)) return body;
  advance();
  ExprPtr test = parseOr();
  if (!test) return nullptr;
  if (!accept(Tok::KwElse)) {
    if (at(Tok::Newline) || at(Tok::RParen) || at(Tok::Comma) || at(Tok::RBracket) || at(Tok::RBrace) || at(Tok::Equal))
      return fail(start, "expected 'else' after 'if' expression");
    return syntaxError(cur());
  }
  ExprPtr orelse = parseTest();
  if (!orelse) return nullptr;
  return make<IfExp>(start, std::move(test), std::move(body), std::move(orelse));
}

ExprPtr Parser::parseNamedExpr() {
  if (at(Tok::Name) && ahead(1).kind == Tok::ColonEqual) {
    SourceLoc start = cur().loc;
    auto target = make<Name>(start, std::string(cur().text));
    advance();
    advance();
    ExprPtr value = parseTest();
    if (!value) return nullptr;
    auto node = make<UnsupportedExpr>(start, "assignment expressions");
    node->children.push_back(std::move(target));
    node->children.push_back(std::move(value));
    return node;
  }
  ExprPtr e = parseTest();
  if (e && at(Tok::ColonEqual)) return fail(startOf(*e), "cannot use assignment expressions with " + describe(*e));
  return e;
}

ExprPtr Parser::parseStarOrNamed() {
  if (!at(Tok::Star)) return parseNamedExpr();
  SourceLoc start = cur().loc;
  advance();
  ExprPtr v = parseBinary(0);
  return v ? make<Starred>(start, std::move(v)) : nullptr;
}

ExprPtr Parser::parseStarOrTest() {
  if (!at(Tok::Star)) return parseTest();
  SourceLoc start = cur().loc;
  advance();
  ExprPtr v = parseBinary(0);
  return v ? make<Starred>(start, std::move(v)) : nullptr;
}

// star_expressions: `a`, `a, *b`, `a,` (the last two are Tuples).
ExprPtr Parser::parseStarExprs() {
  SourceLoc start = cur().loc;
  ExprPtr first = parseStarOrTest();
  if (!first || !at(Tok::Comma)) return first;
  ExprList elts;
  elts.push_back(std::move(first));
  while (accept(Tok::Comma) && startsExpr(cur().kind)) {
    if (elts.size() >= static_cast<size_t>(kMaxChain) * 100) return tooDeep();
    ExprPtr e = parseStarOrTest();
    if (!e) return nullptr;
    elts.push_back(std::move(e));
  }
  return make<Tuple>(start, std::move(elts));
}

// One target (star_target); bitwise-or level, so that it stops before `in`.
ExprPtr Parser::parseTarget() {
  if (!at(Tok::Star)) return parseBinary(0);
  SourceLoc s = cur().loc;
  advance();
  ExprPtr v = parseBinary(0);
  return v ? make<Starred>(s, std::move(v)) : nullptr;
}

// The targets of `for`, `del` and comprehensions (star_targets).
ExprPtr Parser::parseTargetList() {
  SourceLoc start = cur().loc;
  auto one = [&]() { return parseTarget(); };
  ExprPtr first = one();
  if (!first || !at(Tok::Comma)) return first;
  ExprList elts;
  elts.push_back(std::move(first));
  while (accept(Tok::Comma) && startsExpr(cur().kind)) {
    ExprPtr e = one();
    if (!e) return nullptr;
    elts.push_back(std::move(e));
  }
  return make<Tuple>(start, std::move(elts));
}

ExprPtr Parser::parseYield() {
  auto node = make<UnsupportedExpr>(cur().loc, "yield expressions");
  advance();
  if (accept(Tok::KwFrom)) {
    ExprPtr v = parseTest();
    if (!v) return nullptr;
    node->children.push_back(std::move(v));
  } else if (startsExpr(cur().kind)) {
    ExprPtr v = parseStarExprs();
    if (!v) return nullptr;
    node->children.push_back(std::move(v));
  }
  return node;
}

ExprPtr Parser::parseLambda() {
  auto node = make<Lambda>(cur().loc);
  advance();
  if (!parseParams(node->params, Tok::Colon, false) || !expect(Tok::Colon)) return nullptr;
  if (!(node->body = parseTest())) return nullptr;
  return node;
}

ExprPtr Parser::parseOr() {
  ExprPtr first = parseAnd();
  if (!first || !at(Tok::KwOr)) return first;
  SourceLoc opLoc = cur().loc;
  ExprList values;
  values.push_back(std::move(first));
  while (accept(Tok::KwOr)) {
    if (values.size() > static_cast<size_t>(kMaxChain) * 100) return tooDeep();
    ExprPtr e = parseAnd();
    if (!e) return nullptr;
    values.push_back(std::move(e));
  }
  return make<BoolOp>(opLoc, BoolOpKind::Or, std::move(values));
}

ExprPtr Parser::parseAnd() {
  ExprPtr first = parseNot();
  if (!first || !at(Tok::KwAnd)) return first;
  SourceLoc opLoc = cur().loc;
  ExprList values;
  values.push_back(std::move(first));
  while (accept(Tok::KwAnd)) {
    if (values.size() > static_cast<size_t>(kMaxChain) * 100) return tooDeep();
    ExprPtr e = parseNot();
    if (!e) return nullptr;
    values.push_back(std::move(e));
  }
  return make<BoolOp>(opLoc, BoolOpKind::And, std::move(values));
}

ExprPtr Parser::parseNot() {
  if (!at(Tok::KwNot)) return parseComparison();
  DepthGuard guard(*this);
  if (!guard.ok) return tooDeep();
  SourceLoc loc = cur().loc;
  advance();
  ExprPtr e = parseNot();
  return e ? make<UnaryOp>(loc, UnaryOpKind::Not, std::move(e)) : nullptr;
}

ExprPtr Parser::parseComparison() {
  ExprPtr left = parseBinary(0);
  if (!left) return nullptr;
  std::unique_ptr<Compare> cmp;
  while (true) {
    SourceLoc opLoc = cur().loc;
    CmpOpKind op;
    switch (cur().kind) {
    case Tok::EqEqual: op = CmpOpKind::Eq; break;
    case Tok::NotEqual: op = CmpOpKind::NotEq; break;
    case Tok::Less: op = CmpOpKind::Lt; break;
    case Tok::LessEqual: op = CmpOpKind::LtE; break;
    case Tok::Greater: op = CmpOpKind::Gt; break;
    case Tok::GreaterEqual: op = CmpOpKind::GtE; break;
    case Tok::KwIn: op = CmpOpKind::In; break;
    case Tok::KwIs: op = ahead(1).kind == Tok::KwNot ? (advance(), CmpOpKind::IsNot) : CmpOpKind::Is; break;
    case Tok::KwNot:
      if (ahead(1).kind != Tok::KwIn) return cmp ? std::move(cmp) : std::move(left);
      advance();
      op = CmpOpKind::NotIn;
      break;
    default: return cmp ? std::move(cmp) : std::move(left);
    }
    advance();
    if (!cmp) cmp = make<Compare>(opLoc, std::move(left));
    if (cmp->ops.size() > static_cast<size_t>(kMaxChain) * 100) return tooDeep();
    ExprPtr rhs = parseBinary(0);
    if (!rhs) return nullptr;
    cmp->ops.push_back(op);
    cmp->opLocs.push_back(opLoc);
    cmp->comparators.push_back(std::move(rhs));
  }
}

// Levels 0..5: | ^ & (<< >>) (+ -) (* / // % @), all left-associative.
ExprPtr Parser::parseBinary(int level) {
  if (level == 6) return parseFactor();
  ExprPtr lhs = parseBinary(level + 1);
  for (int n = 0; lhs; ++n) {
    BinOpKind op;
    Tok k = cur().kind;
    switch (level) {
    case 0: if (k != Tok::VBar) return lhs; op = BinOpKind::BitOr; break;
    case 1: if (k != Tok::Circumflex) return lhs; op = BinOpKind::BitXor; break;
    case 2: if (k != Tok::Amper) return lhs; op = BinOpKind::BitAnd; break;
    case 3:
      if (k == Tok::LeftShift) op = BinOpKind::LShift;
      else if (k == Tok::RightShift) op = BinOpKind::RShift;
      else return lhs;
      break;
    case 4:
      if (k == Tok::Plus) op = BinOpKind::Add;
      else if (k == Tok::Minus) op = BinOpKind::Sub;
      else return lhs;
      break;
    default:
      if (k == Tok::Star) op = BinOpKind::Mul;
      else if (k == Tok::Slash) op = BinOpKind::Div;
      else if (k == Tok::DoubleSlash) op = BinOpKind::FloorDiv;
      else if (k == Tok::Percent) op = BinOpKind::Mod;
      else if (k == Tok::At) op = BinOpKind::MatMul;
      else return lhs;
    }
    if (n >= kMaxChain) return tooDeep();
    SourceLoc opLoc = cur().loc;
    advance();
    ExprPtr rhs = parseBinary(level + 1);
    if (!rhs) return nullptr;
    lhs = make<BinOp>(opLoc, op, std::move(lhs), std::move(rhs));
  }
  return lhs;
}

ExprPtr Parser::parseFactor() {
  UnaryOpKind op;
  switch (cur().kind) {
  case Tok::Plus: op = UnaryOpKind::Pos; break;
  case Tok::Minus: op = UnaryOpKind::Neg; break;
  case Tok::Tilde: op = UnaryOpKind::Invert; break;
  default: return parsePower();
  }
  DepthGuard guard(*this);
  if (!guard.ok) return tooDeep();
  SourceLoc loc = cur().loc;
  advance();
  ExprPtr e = parseFactor();
  return e ? make<UnaryOp>(loc, op, std::move(e)) : nullptr;
}

// `**` binds tighter than a unary operator on its left, looser on its right:
// -2**-1 is -(2**(-1)).
ExprPtr Parser::parsePower() {
  ExprPtr base;
  if (at(Tok::KwAwait)) {
    DepthGuard guard(*this);
    if (!guard.ok) return tooDeep();
    auto node = make<UnsupportedExpr>(cur().loc, "await expressions");
    advance();
    ExprPtr v = parsePrimary();
    if (!v) return nullptr;
    node->children.push_back(std::move(v));
    base = std::move(node);
  } else {
    base = parsePrimary();
  }
  if (!base || !at(Tok::DoubleStar)) return base;
  DepthGuard guard(*this);
  if (!guard.ok) return tooDeep();
  SourceLoc opLoc = cur().loc;
  advance();
  ExprPtr exp = parseFactor();
  return exp ? make<BinOp>(opLoc, BinOpKind::Pow, std::move(base), std::move(exp)) : nullptr;
}

ExprPtr Parser::parsePrimary() {
  SourceLoc start = cur().loc;
  ExprPtr e = parseAtom();
  for (int n = 0; e; ++n) {
    if (n >= kMaxChain) return tooDeep();
    if (accept(Tok::Dot)) {
      if (!at(Tok::Name)) return syntaxError(cur());
      auto attr = make<Attribute>(start, std::move(e), std::string(cur().text));
      attr->attrLoc = cur().loc;
      advance();
      e = std::move(attr);
    } else if (at(Tok::LParen)) {
      e = parseCall(start, std::move(e));
    } else if (at(Tok::LBracket)) {
      DepthGuard guard(*this);
      if (!guard.ok) return tooDeep();
      advance();
      ExprPtr index = parseSlices();
      if (!index || !expect(Tok::RBracket)) return nullptr;
      e = make<Subscript>(start, std::move(e), std::move(index));
    } else {
      break;
    }
  }
  return e;
}

ExprPtr Parser::parseAtom() {
  const Token &t = cur();
  switch (t.kind) {
  case Tok::Name: advance(); return make<Name>(t.loc, std::string(t.text));
  case Tok::KwTrue: advance(); return make<BoolLit>(t.loc, true);
  case Tok::KwFalse: advance(); return make<BoolLit>(t.loc, false);
  case Tok::KwNone: advance(); return make<NoneLit>(t.loc);
  case Tok::Ellipsis: advance(); return make<EllipsisLit>(t.loc);
  case Tok::Int: advance(); return make<IntLit>(t.loc, t.intValue, t.overflow);
  case Tok::Float: advance(); return make<FloatLit>(t.loc, t.floatValue, t.imaginary);
  case Tok::String: return parseStrings();
  case Tok::LParen: return parseParen();
  case Tok::LBracket: return parseListDisplay();
  case Tok::LBrace: return parseBraceDisplay();
  default: return syntaxError(t);
  }
}

ExprPtr Parser::parseStrings() {
  const Token &first = cur();
  auto node = make<StrLit>(first.loc, std::string());
  node->isBytes = first.isBytes;
  for (; at(Tok::String); advance()) {
    if (cur().isBytes != first.isBytes) return fail(cur().loc, "cannot mix bytes and nonbytes literals");
    node->value += cur().str;
    node->isFString |= cur().isFString;
  }
  return node;
}

ExprPtr Parser::parseParen() {
  DepthGuard guard(*this);
  if (!guard.ok) return tooDeep();
  SourceLoc lpar = cur().loc;
  advance();
  if (accept(Tok::RParen)) {
    auto t = make<Tuple>(lpar, ExprList{});
    t->parenthesized = true;
    return t;
  }
  if (at(Tok::KwYield)) {
    ExprPtr y = parseYield();
    return y && expect(Tok::RParen) ? std::move(y) : nullptr;
  }
  ExprPtr first = parseStarOrNamed();
  if (!first) return nullptr;
  if (at(Tok::KwFor) || (at(Tok::KwAsync) && ahead(1).kind == Tok::KwFor)) {
    auto g = make<UnsupportedExpr>(lpar, "generator expressions");
    g->children.push_back(std::move(first));
    if (!parseComprehension(g->children) || !expect(Tok::RParen)) return nullptr;
    return g;
  }
  if (accept(Tok::RParen)) {
    if (as<Starred>(first.get())) return fail(first->loc, "cannot use starred expression here");
    return first;
  }
  if (!at(Tok::Comma)) return syntaxError(cur());
  ExprList elts;
  elts.push_back(std::move(first));
  while (accept(Tok::Comma) && !at(Tok::RParen)) {
    ExprPtr e = parseStarOrNamed();
    if (!e) return nullptr;
    elts.push_back(std::move(e));
  }
  if (!expect(Tok::RParen)) return nullptr;
  auto t = make<Tuple>(lpar, std::move(elts));
  t->parenthesized = true;
  return t;
}

ExprPtr Parser::parseListDisplay() {
  DepthGuard guard(*this);
  if (!guard.ok) return tooDeep();
  SourceLoc lbrack = cur().loc;
  advance();
  ExprList elts;
  if (accept(Tok::RBracket)) return make<List>(lbrack, std::move(elts));
  ExprPtr first = parseStarOrNamed();
  if (!first) return nullptr;
  if (at(Tok::KwFor) || (at(Tok::KwAsync) && ahead(1).kind == Tok::KwFor)) {
    auto c = make<UnsupportedExpr>(lbrack, "list comprehensions");
    c->children.push_back(std::move(first));
    if (!parseComprehension(c->children) || !expect(Tok::RBracket)) return nullptr;
    return c;
  }
  elts.push_back(std::move(first));
  while (accept(Tok::Comma) && !at(Tok::RBracket)) {
    ExprPtr e = parseStarOrNamed();
    if (!e) return nullptr;
    elts.push_back(std::move(e));
  }
  if (!expect(Tok::RBracket)) return nullptr;
  return make<List>(lbrack, std::move(elts));
}

ExprPtr Parser::parseBraceDisplay() {
  DepthGuard guard(*this);
  if (!guard.ok) return tooDeep();
  SourceLoc lbrace = cur().loc;
  advance();
  if (accept(Tok::RBrace)) return make<UnsupportedExpr>(lbrace, "dict literals");
  ExprList children;
  bool isDict;
  if (accept(Tok::DoubleStar)) {
    ExprPtr v = parseBinary(0);
    if (!v) return nullptr;
    children.push_back(std::move(v));
    isDict = true;
  } else {
    ExprPtr k = parseStarOrNamed();
    if (!k) return nullptr;
    isDict = accept(Tok::Colon);
    children.push_back(std::move(k));
    if (isDict) {
      ExprPtr v = parseTest();
      if (!v) return nullptr;
      children.push_back(std::move(v));
    }
    if (at(Tok::KwFor) || (at(Tok::KwAsync) && ahead(1).kind == Tok::KwFor)) {
      auto c = make<UnsupportedExpr>(lbrace, isDict ? "dict comprehensions" : "set comprehensions");
      c->children = std::move(children);
      if (!parseComprehension(c->children) || !expect(Tok::RBrace)) return nullptr;
      return c;
    }
  }
  while (accept(Tok::Comma) && !at(Tok::RBrace)) {
    if (isDict && accept(Tok::DoubleStar)) {
      ExprPtr v = parseBinary(0);
      if (!v) return nullptr;
      children.push_back(std::move(v));
      continue;
    }
    ExprPtr k = isDict ? parseStarOrNamed() : parseStarOrNamed();
    if (isDict && as<Starred>(k.get())) return syntaxError(cur());
    if (!k) return nullptr;
    children.push_back(std::move(k));
    if (isDict) {
      if (!accept(Tok::Colon)) return fail(startOf(*children.back()), "':' expected after dictionary key");
      ExprPtr v = parseTest();
      if (!v) return nullptr;
      children.push_back(std::move(v));
    }
  }
  if (!expect(Tok::RBrace)) return nullptr;
  auto node = make<UnsupportedExpr>(lbrace, isDict ? "dict literals" : "set literals");
  node->children = std::move(children);
  return node;
}

// `for t in it if c ...` clauses after the element of a comprehension.
bool Parser::parseComprehension(ExprList &children) {
  while (at(Tok::KwFor) || (at(Tok::KwAsync) && ahead(1).kind == Tok::KwFor)) {
    accept(Tok::KwAsync);
    advance();
    ExprPtr target = parseTargetList();
    if (!target || !checkTarget(*target, false) || !expect(Tok::KwIn)) return false;
    ExprPtr iter = parseOr();
    if (!iter) return false;
    children.push_back(std::move(target));
    children.push_back(std::move(iter));
    while (accept(Tok::KwIf)) {
      ExprPtr cond = parseOr();
      if (!cond) return false;
      children.push_back(std::move(cond));
    }
  }
  return true;
}

ExprPtr Parser::parseCall(SourceLoc start, ExprPtr func) {
  DepthGuard guard(*this);
  if (!guard.ok) return tooDeep();
  advance();
  auto call = make<Call>(start, std::move(func));
  bool sawKeyword = false, sawKwUnpack = false;
  while (!at(Tok::RParen)) {
    const Token &t = cur();
    if (t.kind == Tok::Star) {
      if (sawKwUnpack) return fail(t.loc, "iterable argument unpacking follows keyword argument unpacking");
      advance();
      ExprPtr v = parseTest();
      if (!v) return nullptr;
      call->args.push_back(make<Starred>(t.loc, std::move(v)));
    } else if (t.kind == Tok::DoubleStar) {
      advance();
      ExprPtr v = parseTest();
      if (!v) return nullptr;
      call->keywords.push_back({t.loc, "", std::move(v)});
      sawKwUnpack = true;
    } else if (t.kind == Tok::Name && ahead(1).kind == Tok::Equal) {
      advance();
      advance();
      ExprPtr v = parseTest();
      if (!v) return nullptr;
      call->keywords.push_back({t.loc, std::string(t.text), std::move(v)});
      sawKeyword = true;
    } else {
      ExprPtr e = parseNamedExpr();
      if (!e) return nullptr;
      if (at(Tok::Equal)) return fail(startOf(*e), "expression cannot contain assignment, perhaps you meant \"==\"?");
      if (at(Tok::KwFor) || (at(Tok::KwAsync) && ahead(1).kind == Tok::KwFor)) {
        auto g = make<UnsupportedExpr>(t.loc, "generator expressions");
        g->children.push_back(std::move(e));
        if (!parseComprehension(g->children)) return nullptr;
        if (!call->args.empty() || !call->keywords.empty() || !at(Tok::RParen))
          return fail(t.loc, "Generator expression must be parenthesized");
        e = std::move(g);
      }
      if (sawKwUnpack) return fail(t.loc, "positional argument follows keyword argument unpacking");
      if (sawKeyword) return fail(t.loc, "positional argument follows keyword argument");
      call->args.push_back(std::move(e));
    }
    if (!accept(Tok::Comma)) break;
  }
  if (!expect(Tok::RParen)) return nullptr;
  return call;
}

// The inside of `a[...]`: one index, a Slice, or a Tuple of them.
ExprPtr Parser::parseSlices() {
  SourceLoc start = cur().loc;
  ExprPtr first = parseSliceItem();
  if (!first || !at(Tok::Comma)) return first;
  ExprList elts;
  elts.push_back(std::move(first));
  while (accept(Tok::Comma) && !at(Tok::RBracket)) {
    ExprPtr e = parseSliceItem();
    if (!e) return nullptr;
    elts.push_back(std::move(e));
  }
  return make<Tuple>(start, std::move(elts));
}

ExprPtr Parser::parseSliceItem() {
  SourceLoc start = cur().loc;
  if (at(Tok::Star)) return parseStarOrNamed();
  ExprPtr lower;
  if (!at(Tok::Colon)) {
    lower = parseNamedExpr();
    if (!lower || !at(Tok::Colon)) return lower;
  }
  advance();
  auto s = make<Slice>(start);
  s->lower = std::move(lower);
  auto endOfPart = [&]() { return at(Tok::Colon) || at(Tok::Comma) || at(Tok::RBracket); };
  if (!endOfPart() && !(s->upper = parseTest())) return nullptr;
  if (accept(Tok::Colon) && !at(Tok::Comma) && !at(Tok::RBracket) && !(s->step = parseTest())) return nullptr;
  return s;
}

} // namespace parse
} // namespace parjit
