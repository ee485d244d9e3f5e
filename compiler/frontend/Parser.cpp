// Recursive-descent parser for the Python 3.11 grammar (Grammar/python.gram),
// one function per rule, over the token vector from the lexer. The first
// error ends parsing; its message and location follow CPython's. This file
// has the statements and the entry point; parse_expr.cpp the expressions.
#include "frontend/Parser.h"
#include "frontend/ParserImpl.h"

namespace parjit {
namespace parse {

// ---------------------------------------------------------------- statements

bool Parser::parseFile(StmtList &out) {
  while (!at(Tok::EndOfFile))
    if (!parseStatement(out)) return false;
  return true;
}

static std::string onLine(const char *what, const Token &t) { return std::string(what) + " on line " + std::to_string(t.loc.line); }

bool Parser::parseStatement(StmtList &out) {
  DepthGuard guard(*this);
  if (!guard.ok) return tooDeep();
  SourceLoc start = cur().loc;
  switch (cur().kind) {
  case Tok::KwIf: return parseIf(out);
  case Tok::KwWhile: return parseWhile(out);
  case Tok::KwFor: return parseFor(out, false, start);
  case Tok::KwDef: return parseDef(out, {}, false, start);
  case Tok::At: return parseDecorated(out);
  case Tok::KwClass: return parseClass(out, start);
  case Tok::KwWith: return parseWith(out, false, start);
  case Tok::KwTry: return parseTry(out);
  case Tok::KwAsync:
    advance();
    if (at(Tok::KwDef)) return parseDef(out, {}, true, start);
    if (at(Tok::KwFor)) return parseFor(out, true, start);
    if (at(Tok::KwWith)) return parseWith(out, true, start);
    return syntaxError(cur());
  case Tok::Indent: return syntaxError(cur());
  case Tok::Name:
    if (cur().text == "match" && looksLikeMatch()) return parseMatch(out);
    return parseSimpleStmts(out);
  default: return parseSimpleStmts(out);
  }
}

bool Parser::parseSimpleStmts(StmtList &out) {
  while (true) {
    if (!parseSmallStmt(out)) return false;
    if (!accept(Tok::Semi) || at(Tok::Newline)) break;
  }
  return expect(Tok::Newline);
}

bool Parser::parseBlock(StmtList &body, const std::string &after) {
  if (!accept(Tok::Newline)) return parseSimpleStmts(body);
  if (!at(Tok::Indent)) return fail(cur().loc, "expected an indented block after " + after);
  advance();
  while (!at(Tok::Dedent) && !at(Tok::EndOfFile))
    if (!parseStatement(body)) return false;
  accept(Tok::Dedent);
  return true;
}

bool Parser::parseIf(StmtList &out) {
  const Token &ifTok = cur();
  advance();
  ExprPtr test = parseNamedExpr();
  if (!test || !expectColon()) return false;
  auto node = make<If>(ifTok.loc, std::move(test));
  if (!parseBlock(node->body, onLine("'if' statement", ifTok))) return false;
  StmtList *tail = &node->orelse;
  while (at(Tok::KwElif)) {
    const Token &elifTok = cur();
    advance();
    ExprPtr t = parseNamedExpr();
    if (!t || !expectColon()) return false;
    auto elif = make<If>(elifTok.loc, std::move(t));
    if (!parseBlock(elif->body, onLine("'elif' statement", elifTok))) return false;
    StmtList *next = &elif->orelse;
    tail->push_back(std::move(elif));
    tail = next;
  }
  if (at(Tok::KwElse)) {
    const Token &elseTok = cur();
    advance();
    if (!expectColon() || !parseBlock(*tail, onLine("'else' statement", elseTok))) return false;
  }
  out.push_back(std::move(node));
  return true;
}

bool Parser::parseWhile(StmtList &out) {
  const Token &whileTok = cur();
  advance();
  ExprPtr test = parseNamedExpr();
  if (!test || !expectColon()) return false;
  auto node = make<While>(whileTok.loc, std::move(test));
  if (!parseBlock(node->body, onLine("'while' statement", whileTok))) return false;
  if (at(Tok::KwElse)) {
    const Token &elseTok = cur();
    advance();
    if (!expectColon() || !parseBlock(node->orelse, onLine("'else' statement", elseTok))) return false;
  }
  out.push_back(std::move(node));
  return true;
}

bool Parser::parseFor(StmtList &out, bool isAsync, SourceLoc start) {
  const Token &forTok = cur();
  advance();
  auto node = make<For>(start);
  node->target = parseTargetList();
  if (!node->target || !checkTarget(*node->target, false) || !expect(Tok::KwIn)) return false;
  node->iter = parseStarExprs();
  if (!node->iter || !expectColon()) return false;
  if (!parseBlock(node->body, onLine("'for' statement", forTok))) return false;
  if (at(Tok::KwElse)) {
    const Token &elseTok = cur();
    advance();
    if (!expectColon() || !parseBlock(node->orelse, onLine("'else' statement", elseTok))) return false;
  }
  if (isAsync) {
    auto u = make<UnsupportedStmt>(start, "async for loops");
    u->body = std::move(node->body);
    for (auto &s : node->orelse) u->body.push_back(std::move(s));
    out.push_back(std::move(u));
  } else {
    out.push_back(std::move(node));
  }
  return true;
}

bool Parser::parseDecorated(StmtList &out) {
  SourceLoc start = cur().loc;
  ExprList decorators;
  while (accept(Tok::At)) {
    ExprPtr d = parseNamedExpr();
    if (!d || !expect(Tok::Newline)) return false;
    decorators.push_back(std::move(d));
  }
  if (at(Tok::KwDef)) return parseDef(out, std::move(decorators), false, start);
  if (at(Tok::KwAsync) && ahead(1).kind == Tok::KwDef) {
    advance();
    return parseDef(out, std::move(decorators), true, start);
  }
  if (at(Tok::KwClass)) return parseClass(out, start);
  return syntaxError(cur());
}

bool Parser::parseDef(StmtList &out, ExprList decorators, bool isAsync, SourceLoc start) {
  const Token &defTok = cur();
  advance();
  auto node = make<FunctionDef>(start);
  node->decorators = std::move(decorators);
  node->isAsync = isAsync;
  if (!at(Tok::Name)) return syntaxError(cur());
  node->name = std::string(cur().text);
  node->nameLoc = cur().loc;
  advance();
  if (!expect(Tok::LParen) || !parseParams(node->params, Tok::RParen, true) || !expect(Tok::RParen)) return false;
  if (accept(Tok::RArrow) && !(node->returns = parseTest())) return false;
  if (!expectColon() || !parseBlock(node->body, onLine("function definition", defTok))) return false;
  out.push_back(std::move(node));
  return true;
}

bool Parser::parseParams(std::vector<Param> &params, Tok close, bool annotations) {
  bool seenSlash = false, seenStar = false, seenKwArgs = false, seenDefault = false, kwOnlyAfterStar = false;
  const Token *bareStar = nullptr;
  while (!at(close)) {
    const Token &t = cur();
    if (seenKwArgs) return fail(t.loc, "arguments cannot follow var-keyword argument");
    if (t.kind == Tok::Slash) {
      if (seenSlash) return fail(t.loc, "/ may appear only once");
      if (seenStar) return fail(t.loc, "/ must be ahead of *");
      if (params.empty()) return fail(t.loc, "at least one argument must precede /");
      seenSlash = true;
      advance();
    } else if (t.kind == Tok::Star || t.kind == Tok::DoubleStar) {
      bool dbl = t.kind == Tok::DoubleStar;
      advance();
      if (!dbl && seenStar) return fail(t.loc, "* argument may appear only once");
      if (!dbl && !at(Tok::Name)) {
        seenStar = true;
        bareStar = &t;
      } else {
        if (dbl && bareStar && !kwOnlyAfterStar) return fail(bareStar->loc, "named arguments must follow bare *");
        if (!at(Tok::Name)) return syntaxError(cur());
        Param prm;
        prm.kind = dbl ? Param::KwArgs : Param::VarArgs;
        prm.loc = t.loc;
        prm.name = std::string(cur().text);
        advance();
        if (annotations && accept(Tok::Colon)) {
          prm.annotation = dbl ? parseTest() : parseStarOrTest();
          if (!prm.annotation) return false;
        }
        if (at(Tok::Equal))
          return fail(cur().loc, dbl ? "var-keyword argument cannot have default value"
                                     : "var-positional argument cannot have default value");
        params.push_back(std::move(prm));
        if (dbl) seenKwArgs = true;
        else seenStar = true;
      }
    } else if (t.kind == Tok::Name) {
      Param prm;
      prm.kind = seenStar ? Param::KwOnly : Param::Normal;
      prm.loc = t.loc;
      prm.name = std::string(t.text);
      advance();
      if (annotations && accept(Tok::Colon) && !(prm.annotation = parseTest())) return false;
      if (accept(Tok::Equal) && !(prm.defaultValue = parseTest())) return false;
      if (seenStar) {
        kwOnlyAfterStar = true;
      } else if (prm.defaultValue) {
        seenDefault = true;
      } else if (seenDefault) {
        return fail(t.loc, "non-default argument follows default argument");
      }
      params.push_back(std::move(prm));
    } else {
      return syntaxError(t);
    }
    if (!accept(Tok::Comma)) break;
  }
  if (bareStar && !kwOnlyAfterStar) return fail(bareStar->loc, "named arguments must follow bare *");
  return true;
}

bool Parser::parseClass(StmtList &out, SourceLoc start) {
  const Token &classTok = cur();
  advance();
  if (!at(Tok::Name)) return syntaxError(cur());
  std::string className(cur().text);
  advance();
  if (at(Tok::LParen)) {
    ExprPtr bases = parseCall(cur().loc, make<Name>(classTok.loc, "class"));
    if (!bases) return false;
  }
  auto node = make<UnsupportedStmt>(start, "class definitions");
  node->name = std::move(className);
  if (!expectColon() || !parseBlock(node->body, onLine("class definition", classTok))) return false;
  out.push_back(std::move(node));
  return true;
}

bool Parser::parseWith(StmtList &out, bool isAsync, SourceLoc start) {
  const Token &withTok = cur();
  advance();
  // `with (a as b, c):` is a parenthesized item list; `with (a, b) as c:` and
  // `with (a) + b:` are expressions. Look past the matching ')' to tell.
  bool parenthesized = false;
  if (at(Tok::LParen)) {
    int level = 0;
    size_t i = p_;
    for (; i < toks_.size(); ++i) {
      Tok k = toks_[i].kind;
      if (k == Tok::LParen || k == Tok::LBracket || k == Tok::LBrace) ++level;
      else if ((k == Tok::RParen || k == Tok::RBracket || k == Tok::RBrace) && --level == 0) break;
      else if (k == Tok::Error || k == Tok::EndOfFile) break;
    }
    parenthesized = i + 1 < toks_.size() && toks_[i].kind == Tok::RParen && toks_[i + 1].kind == Tok::Colon;
    // ... and only with an `as` or a comma directly inside: `with (yield):` is an expression.
    bool itemList = false;
    level = 0;
    for (size_t j = p_; parenthesized && j < i; ++j) {
      Tok k = toks_[j].kind;
      if (k == Tok::LParen || k == Tok::LBracket || k == Tok::LBrace) ++level;
      else if (k == Tok::RParen || k == Tok::RBracket || k == Tok::RBrace) --level;
      else if (level == 1 && (k == Tok::KwAs || k == Tok::Comma)) itemList = true;
    }
    parenthesized = parenthesized && itemList;
  }
  if (parenthesized) advance();
  while (true) {
    ExprPtr item = parseTest();
    if (!item) return false;
    if (accept(Tok::KwAs)) {
      ExprPtr target = parseTarget();
      if (!target || !checkTarget(*target, false)) return false;
    }
    if (!accept(Tok::Comma)) break;
    if (parenthesized && at(Tok::RParen)) break;
  }
  if (parenthesized && !expect(Tok::RParen)) return false;
  auto node = make<UnsupportedStmt>(start, isAsync ? "async with statements" : "with statements");
  if (!expectColon() || !parseBlock(node->body, onLine("'with' statement", withTok))) return false;
  out.push_back(std::move(node));
  return true;
}

bool Parser::parseTry(StmtList &out) {
  const Token &tryTok = cur();
  advance();
  auto node = make<UnsupportedStmt>(tryTok.loc, "try statements");
  if (!expectColon() || !parseBlock(node->body, onLine("'try' statement", tryTok))) return false;
  bool handlers = false;
  const Token *bare = nullptr;
  while (at(Tok::KwExcept)) {
    const Token &exceptTok = cur();
    if (bare) return fail(bare->loc, "default 'except:' must be last");
    advance();
    handlers = true;
    accept(Tok::Star);
    if (at(Tok::Colon)) {
      bare = &exceptTok;
    } else {
      ExprPtr type = parseTest();
      if (!type) return false;
      if (at(Tok::Comma)) return fail(startOf(*type), "multiple exception types must be parenthesized");
      if (accept(Tok::KwAs)) {
        if (!at(Tok::Name)) return syntaxError(cur());
        advance();
      }
    }
    if (!expectColon() || !parseBlock(node->body, onLine("'except' statement", exceptTok))) return false;
  }
  if (handlers && at(Tok::KwElse)) {
    const Token &elseTok = cur();
    advance();
    if (!expectColon() || !parseBlock(node->body, onLine("'else' statement", elseTok))) return false;
  }
  if (at(Tok::KwFinally)) {
    const Token &finallyTok = cur();
    advance();
    if (!expectColon() || !parseBlock(node->body, onLine("'finally' statement", finallyTok))) return false;
  } else if (!handlers) {
    return fail(cur().loc, "expected 'except' or 'finally' block");
  }
  out.push_back(std::move(node));
  return true;
}

// `match` is a soft keyword: a statement only as `match ...:` NEWLINE INDENT `case`.
bool Parser::looksLikeMatch() const {
  int level = 0;
  size_t i = p_ + 1;
  for (; i < toks_.size(); ++i) {
    Tok k = toks_[i].kind;
    if (k == Tok::LParen || k == Tok::LBracket || k == Tok::LBrace) ++level;
    else if (k == Tok::RParen || k == Tok::RBracket || k == Tok::RBrace) --level;
    else if (k == Tok::Error || k == Tok::EndOfFile || (k == Tok::Newline && level == 0)) break;
  }
  return i + 2 < toks_.size() && i > p_ + 2 && toks_[i].kind == Tok::Newline && toks_[i - 1].kind == Tok::Colon &&
         toks_[i + 1].kind == Tok::Indent && toks_[i + 2].kind == Tok::Name && toks_[i + 2].text == "case";
}

// Patterns are skipped, not parsed: match statements are outside the subset.
bool Parser::parseMatch(StmtList &out) {
  auto node = make<UnsupportedStmt>(cur().loc, "match statements");
  advance();
  ExprPtr subject = parseStarExprs();
  if (!subject || !expectColon() || !expect(Tok::Newline) || !expect(Tok::Indent)) return false;
  while (at(Tok::Name) && cur().text == "case") {
    const Token &caseTok = cur();
    advance();
    int level = 0;
    size_t patternBegin = p_;
    while (level > 0 || !at(Tok::Colon)) {
      Tok k = cur().kind;
      if (k == Tok::Newline || k == Tok::EndOfFile || k == Tok::Error) return syntaxError(cur());
      if (k == Tok::LParen || k == Tok::LBracket || k == Tok::LBrace) ++level;
      else if (k == Tok::RParen || k == Tok::RBracket || k == Tok::RBrace) --level;
      advance();
    }
    if (p_ == patternBegin) return syntaxError(cur());
    advance();
    if (!parseBlock(node->body, onLine("'case' statement", caseTok))) return false;
  }
  if (!accept(Tok::Dedent)) return syntaxError(cur());
  out.push_back(std::move(node));
  return true;
}

bool Parser::parseSmallStmt(StmtList &out) {
  const Token &t = cur();
  switch (t.kind) {
  case Tok::KwPass: advance(); out.push_back(make<Pass>(t.loc)); return true;
  case Tok::KwBreak: advance(); out.push_back(make<Break>(t.loc)); return true;
  case Tok::KwContinue: advance(); out.push_back(make<Continue>(t.loc)); return true;
  case Tok::KwReturn: {
    advance();
    ExprPtr value;
    if (startsExpr(cur().kind) && !(value = parseStarExprs())) return false;
    out.push_back(make<Return>(t.loc, std::move(value)));
    return true;
  }
  case Tok::KwRaise: {
    advance();
    auto node = make<Raise>(t.loc);
    if (startsExpr(cur().kind)) {
      if (!(node->exc = parseTest())) return false;
      if (accept(Tok::KwFrom) && !(node->cause = parseTest())) return false;
    }
    out.push_back(std::move(node));
    return true;
  }
  case Tok::KwAssert: {
    advance();
    ExprPtr test = parseTest(), msg;
    if (!test) return false;
    if (accept(Tok::Comma) && !(msg = parseTest())) return false;
    out.push_back(make<Assert>(t.loc, std::move(test), std::move(msg)));
    return true;
  }
  case Tok::KwGlobal: return parseNameList(out, "global statements");
  case Tok::KwNonlocal: return parseNameList(out, "nonlocal statements");
  case Tok::KwDel: return parseDel(out);
  case Tok::KwImport: return parseImport(out);
  case Tok::KwFrom: return parseFromImport(out);
  default: return parseExprStmt(out);
  }
}

bool Parser::parseNameList(StmtList &out, const char *what) {
  SourceLoc start = cur().loc;
  advance();
  auto node = make<UnsupportedStmt>(start, what);
  do {
    if (!at(Tok::Name)) return syntaxError(cur());
    node->names.push_back(std::string(cur().text));
    advance();
  } while (accept(Tok::Comma));
  out.push_back(std::move(node));
  return true;
}

bool Parser::parseDel(StmtList &out) {
  SourceLoc start = cur().loc;
  advance();
  ExprPtr targets = parseTargetList();
  if (!targets) return false;
  if (const Expr *bad = invalidTarget(*targets, true)) return fail(startOf(*bad), "cannot delete " + describe(*bad));
  out.push_back(make<UnsupportedStmt>(start, "del statements"));
  return true;
}

bool Parser::parseDottedName(std::string &name) {
  if (!at(Tok::Name)) return syntaxError(cur());
  name = std::string(cur().text);
  advance();
  while (accept(Tok::Dot)) {
    if (!at(Tok::Name)) return syntaxError(cur());
    name += ".";
    name += cur().text;
    advance();
  }
  return true;
}

bool Parser::parseImport(StmtList &out) {
  auto node = make<Import>(cur().loc);
  advance();
  do {
    Alias a;
    a.loc = cur().loc;
    if (!parseDottedName(a.name)) return false;
    if (accept(Tok::KwAs)) {
      if (!at(Tok::Name)) return syntaxError(cur());
      a.asname = std::string(cur().text);
      advance();
    }
    node->names.push_back(std::move(a));
  } while (accept(Tok::Comma));
  out.push_back(std::move(node));
  return true;
}

bool Parser::parseFromImport(StmtList &out) {
  auto node = make<ImportFrom>(cur().loc);
  advance();
  for (;; advance()) {
    if (at(Tok::Dot)) node->level += 1;
    else if (at(Tok::Ellipsis)) node->level += 3;
    else break;
  }
  if ((node->level == 0 || !at(Tok::KwImport)) && !parseDottedName(node->module)) return false;
  if (!expect(Tok::KwImport)) return false;
  if (at(Tok::Star)) {
    node->names.push_back({cur().loc, "*", ""});
    advance();
    out.push_back(std::move(node));
    return true;
  }
  bool paren = accept(Tok::LParen);
  while (true) {
    if (!at(Tok::Name)) return syntaxError(cur());
    Alias a{cur().loc, std::string(cur().text), ""};
    advance();
    if (accept(Tok::KwAs)) {
      if (!at(Tok::Name)) return syntaxError(cur());
      a.asname = std::string(cur().text);
      advance();
    }
    node->names.push_back(std::move(a));
    if (!accept(Tok::Comma)) break;
    if (paren && at(Tok::RParen)) break;
    if (!paren && !at(Tok::Name)) return fail(cur().loc, "trailing comma not allowed without surrounding parentheses");
  }
  if (paren && !expect(Tok::RParen)) return false;
  out.push_back(std::move(node));
  return true;
}

bool Parser::parseExprStmt(StmtList &out) {
  SourceLoc start = cur().loc;
  ExprPtr first = at(Tok::KwYield) ? parseYield() : parseStarExprs();
  if (!first) return false;
  auto rhs = [&]() { return at(Tok::KwYield) ? parseYield() : parseStarExprs(); };
  BinOpKind op;
  if (at(Tok::Colon)) {
    if (auto *t = as<Tuple>(first.get()))
      return fail(t->elts.empty() ? t->loc : startOf(*first), "only single target (not tuple) can be annotated");
    if (as<List>(first.get())) return fail(first->loc, "only single target (not list) can be annotated");
    if (!as<Name>(first.get()) && !as<Attribute>(first.get()) && !as<Subscript>(first.get()))
      return fail(startOf(*first), "illegal target for annotation");
    advance();
    auto node = make<AnnAssign>(start);
    node->target = std::move(first);
    if (!(node->annotation = parseTest())) return false;
    if (accept(Tok::Equal) && !(node->value = rhs())) return false;
    out.push_back(std::move(node));
    return true;
  }
  if (augOp(cur().kind, op)) {
    SourceLoc opLoc = cur().loc;
    if (!as<Name>(first.get()) && !as<Attribute>(first.get()) && !as<Subscript>(first.get()))
      return fail(startOf(*first), "'" + describe(*first) + "' is an illegal expression for augmented assignment");
    advance();
    ExprPtr value = rhs();
    if (!value) return false;
    auto node = make<AugAssign>(opLoc, std::move(first), op, std::move(value));
    node->opLoc = opLoc;
    out.push_back(std::move(node));
    return true;
  }
  if (at(Tok::Equal)) {
    auto node = make<Assign>(start);
    node->targets.push_back(std::move(first));
    while (accept(Tok::Equal)) {
      ExprPtr e = rhs();
      if (!e) return false;
      node->targets.push_back(std::move(e));
    }
    node->value = std::move(node->targets.back());
    node->targets.pop_back();
    for (size_t i = 0; i < node->targets.size(); ++i)
      if (!checkTarget(*node->targets[i], i == 0 && node->targets.size() == 1)) return false;
    out.push_back(std::move(node));
    return true;
  }
  auto *name = as<Name>(first.get());
  if (name && (name->id == "print" || name->id == "exec") && startsExpr(cur().kind) && !at(Tok::Star) &&
      !at(Tok::Minus) && !at(Tok::Plus) && !at(Tok::LParen) && !at(Tok::LBracket))
    return fail(start, "Missing parentheses in call to '" + name->id + "'. Did you mean " + name->id + "(...)?");
  out.push_back(make<ExprStmt>(start, std::move(first)));
  return true;
}

} // namespace parse

std::optional<ast::Module> parseModule(const SourceManager &sm, uint32_t file, DiagnosticEngine &diags) {
  parse::Parser parser(tokenize(sm.text(file), file), diags);
  ast::Module m;
  m.file = file;
  if (!parser.parseFile(m.body)) return std::nullopt;
  ast::convertClosures(m);
  return m;
}

} // namespace parjit
