// Tokens first (with the script's line and column), then recursive descent
// in Python's precedence order: or < and < not < comparison < + - < * / //
// < unary + - < atoms. The evaluator follows Python's rules for the subset,
// including chained comparisons evaluating the middle operand once.
#include "core/drill/py_assert.h"

#include <cmath>
#include <cstdio>
#include <limits>

namespace tcplab::drill {

namespace {

struct Token {
  enum class Kind : std::uint8_t { Int, Name, String, Op, Newline, End };
  Kind kind = Kind::End;
  Position at{};
  std::string text;
  std::int64_t number = 0;
  std::size_t begin = 0, end = 0;  // offsets in the code, for statement source
};

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Marks a message as "outside the subset"; the public functions turn the
// mark into ParseError::unsupported or PyOutcome::Kind::Unsupported.
constexpr std::string_view kUnsupported = "unsupported: ";
std::string unsupported(const std::string& what) { return std::string(kUnsupported) + what; }

class Lexer : TextCursor {
 public:
  Lexer(std::string_view s, Position start) : TextCursor(s, start) {}

  std::optional<ParseError> run(std::vector<Token>& out) {
    int depth = 0;
    for (;;) {
      skip_blanks();
      Token t;
      t.at = pos();
      t.begin = i_;
      const char c = peek();
      if (i_ >= s_.size()) {
        t.kind = Token::Kind::End;
        out.push_back(t);
        return std::nullopt;
      }
      if (c == '\n' || c == ';') {
        advance();
        if (depth == 0) {
          t.kind = Token::Kind::Newline;
          out.push_back(t);
        }
        continue;
      }
      if (is_digit(c)) {
        if (auto e = number(t)) return e;
      } else if (is_alpha(c)) {
        t.kind = Token::Kind::Name;
        while (is_alpha(peek()) || is_digit(peek())) t.text += take();
      } else if (c == '"' || c == '\'') {
        if (auto e = string(t)) return e;
      } else {
        if (auto e = op(t)) return e;
        if (t.text == "(") ++depth;
        if (t.text == ")" && depth > 0) --depth;
      }
      t.end = i_;
      out.push_back(std::move(t));
    }
  }

 private:
  char take() {
    const char c = peek();
    advance();
    return c;
  }
  // Blanks, comments and backslash-newline continuations.
  void skip_blanks() {
    for (;;) {
      const char c = peek();
      if (c == ' ' || c == '\t' || c == '\r') {
        advance();
      } else if (c == '\\' && peek(1) == '\n') {
        advance();
        advance();
      } else if (c == '#') {
        while (i_ < s_.size() && peek() != '\n') advance();
      } else {
        return;
      }
    }
  }
  std::optional<ParseError> number(Token& t) {
    t.kind = Token::Kind::Int;
    int base = 10;
    if (peek() == '0' && (peek(1) == 'x' || peek(1) == 'X' || peek(1) == 'o' || peek(1) == 'O' || peek(1) == 'b' ||
                          peek(1) == 'B')) {
      const char b = static_cast<char>(peek(1) | 0x20);
      base = b == 'x' ? 16 : b == 'o' ? 8 : 2;
      advance();
      advance();
    }
    std::uint64_t v = 0;
    int digits = 0;
    for (;;) {
      const char c = peek();
      int d = -1;
      if (is_digit(c)) d = c - '0';
      else if (base == 16 && ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')) d = (c | 0x20) - 'a' + 10;
      else if (c == '_' && digits > 0) {
        advance();
        continue;
      }
      if (d < 0) break;
      if (d >= base) return ParseError{t.at, "invalid digit '" + std::string(1, c) + "' in a base-" + std::to_string(base) + " literal"};
      if (v > (static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) - static_cast<std::uint64_t>(d)) /
                  static_cast<std::uint64_t>(base))
        return ParseError{t.at, unsupported("an integer literal beyond 64 bits")};
      v = v * static_cast<std::uint64_t>(base) + static_cast<std::uint64_t>(d);
      ++digits;
      advance();
    }
    if (digits == 0) return ParseError{t.at, "expected digits after the base prefix"};
    if (peek() == '.' || peek() == 'e' || peek() == 'E') return ParseError{t.at, unsupported("a float literal (the subset has integers)")};
    if (is_alpha(peek())) return ParseError{pos(), "invalid character '" + std::string(1, peek()) + "' after a number"};
    t.number = static_cast<std::int64_t>(v);
    return std::nullopt;
  }
  std::optional<ParseError> string(Token& t) {
    t.kind = Token::Kind::String;
    const char quote = take();
    while (peek() != quote) {
      if (i_ >= s_.size() || peek() == '\n') return ParseError{t.at, "unterminated string literal"};
      if (peek() == '\\') advance();
      t.text += take();
    }
    advance();
    return std::nullopt;
  }
  std::optional<ParseError> op(Token& t) {
    t.kind = Token::Kind::Op;
    static constexpr std::string_view kTwo[] = {"==", "!=", "<=", ">=", "//", "**", "<<", ">>", "->", ":="};
    for (std::string_view two : kTwo)
      if (peek() == two[0] && peek(1) == two[1]) {
        advance();
        advance();
        t.text = two;
        if (two == "**" || two == "<<" || two == ">>" || two == "->" || two == ":=")
          return ParseError{t.at, unsupported("the operator '" + t.text + "'")};
        return std::nullopt;
      }
    const char c = peek();
    t.text = std::string(1, c);
    switch (c) {
      // Brackets, '.', ':' and '=' are Python the subset lacks; the parser
      // says so where it meets them (a whole statement, or one place).
      case '+': case '-': case '*': case '/': case '<': case '>': case '(': case ')': case ',':
      case '[': case ']': case '{': case '}': case '.': case ':': case '=':
        advance();
        return std::nullopt;
      case '%': case '&': case '|': case '^': case '~': case '@':
        return ParseError{t.at, unsupported("the operator '" + t.text + "'")};
      default: {
        char buf[32];
        std::snprintf(buf, sizeof buf, "byte 0x%02x", static_cast<unsigned char>(c));
        return ParseError{t.at, std::string("unexpected ") + (c >= 0x20 && c < 0x7f ? "'" + t.text + "'" : buf)};
      }
    }
  }

};

// Words Python reserves that the subset does not have: naming them as
// values would be a confusing NameError, so they are "unsupported".
bool reserved(std::string_view w) {
  static constexpr std::string_view kWords[] = {"if", "else", "elif", "for", "while", "in", "is", "lambda", "None",
                                                "import", "from", "def", "return", "del", "pass", "with", "yield",
                                                "global", "class", "try", "raise"};
  for (std::string_view k : kWords)
    if (w == k) return true;
  return false;
}

class Parser {
 public:
  Parser(std::string_view code, std::vector<Token> tokens) : code_(code), t_(std::move(tokens)) {}

  Result<std::vector<PyAssert>, ParseError> run() {
    std::vector<PyAssert> out;
    for (;;) {
      while (is(Token::Kind::Newline)) ++k_;
      if (is(Token::Kind::End)) return out;
      PyAssert a;
      if (!statement(a)) return Err{*error_};
      out.push_back(std::move(a));
      if (!is(Token::Kind::Newline) && !is(Token::Kind::End)) {
        fail_here("the end of the statement (a new line or ';')");
        return Err{*error_};
      }
    }
  }

 private:
  const Token& cur() const { return t_[k_]; }
  bool is(Token::Kind k) const { return cur().kind == k; }
  bool is_op(std::string_view o) const { return cur().kind == Token::Kind::Op && cur().text == o; }
  bool is_word(std::string_view w) const { return cur().kind == Token::Kind::Name && cur().text == w; }
  bool fail(Position at, std::string m) {
    if (!error_) error_ = ParseError{at, std::move(m)};
    return false;
  }
  std::string shown() const {
    switch (cur().kind) {
      case Token::Kind::End: return "the end of the code block";
      case Token::Kind::Newline: return "the end of the statement";
      case Token::Kind::Int: return std::to_string(cur().number);
      case Token::Kind::String: return "a string";
      default: return "'" + cur().text + "'";
    }
  }
  bool fail_here(const std::string& expected) {
    const Token& t = cur();
    if (t.kind == Token::Kind::Op && std::string_view("[]{}.:=").find(t.text[0]) != std::string_view::npos)
      return fail(t.at, unsupported("'" + t.text + "' (the subset has integer expressions in assert statements)"));
    if (t.kind == Token::Kind::Name && reserved(t.text)) return fail(t.at, unsupported("the Python keyword '" + t.text + "'"));
    return fail(t.at, "expected " + expected + ", got " + shown());
  }

  bool statement(PyAssert& a) {
    a.at = cur().at;
    const std::size_t begin = cur().begin;
    if (!is_word("assert")) {
      std::size_t end = begin;
      for (std::size_t k = k_; t_[k].kind != Token::Kind::Newline && t_[k].kind != Token::Kind::End; ++k) end = t_[k].end;
      return fail(a.at, unsupported("the Python statement '" + std::string(code_.substr(begin, end - begin)) +
                                    "' (the subset has assert statements)"));
    }
    ++k_;
    if (!or_test(a.test)) return false;
    if (is_op(",")) {
      ++k_;
      PyExpr m;
      if (is(Token::Kind::String)) {
        m.kind = PyExpr::Kind::String;
        m.at = cur().at;
        m.text = cur().text;
        ++k_;
      } else if (!or_test(m)) {
        return false;
      }
      a.message = std::move(m);
    }
    a.source = std::string(code_.substr(begin, t_[k_ - 1].end - begin));
    return true;
  }

  bool or_test(PyExpr& e) { return chain(e, "or", PyExpr::Kind::Or, &Parser::and_test); }
  bool and_test(PyExpr& e) { return chain(e, "and", PyExpr::Kind::And, &Parser::not_test); }
  bool chain(PyExpr& e, std::string_view word, PyExpr::Kind kind, bool (Parser::*next)(PyExpr&)) {
    PyExpr first;
    if (!(this->*next)(first)) return false;
    if (!is_word(word)) {
      e = std::move(first);
      return true;
    }
    e = PyExpr{.kind = kind, .at = first.at};
    e.operands.push_back(std::move(first));
    while (is_word(word)) {
      ++k_;
      PyExpr more;
      if (!(this->*next)(more)) return false;
      e.operands.push_back(std::move(more));
    }
    return true;
  }
  bool not_test(PyExpr& e) {
    if (!is_word("not")) return comparison(e);
    e = PyExpr{.kind = PyExpr::Kind::Unary, .at = cur().at, .text = "not"};
    ++k_;
    PyExpr inner;
    if (!not_test(inner)) return false;
    e.operands.push_back(std::move(inner));
    return true;
  }
  std::optional<std::string> compare_op() const {
    for (std::string_view o : {"==", "!=", "<", "<=", ">", ">="})
      if (is_op(o)) return std::string(o);
    return std::nullopt;
  }
  bool comparison(PyExpr& e) {
    PyExpr first;
    if (!arith(first)) return false;
    if (!compare_op()) {
      if (is_word("in") || is_word("is")) return fail(cur().at, unsupported("the operator '" + cur().text + "'"));
      e = std::move(first);
      return true;
    }
    e = PyExpr{.kind = PyExpr::Kind::Compare, .at = first.at};
    e.operands.push_back(std::move(first));
    while (auto o = compare_op()) {
      ++k_;
      e.ops.push_back(*o);
      PyExpr more;
      if (!arith(more)) return false;
      e.operands.push_back(std::move(more));
    }
    return true;
  }
  bool binary(PyExpr& e, std::initializer_list<std::string_view> ops, bool (Parser::*next)(PyExpr&)) {
    if (!(this->*next)(e)) return false;
    for (;;) {
      std::optional<std::string> op;
      for (std::string_view o : ops)
        if (is_op(o)) op = std::string(o);
      if (!op) return true;
      PyExpr b{.kind = PyExpr::Kind::Binary, .at = cur().at, .text = *op};
      ++k_;
      PyExpr rhs;
      if (!(this->*next)(rhs)) return false;
      b.operands.push_back(std::move(e));
      b.operands.push_back(std::move(rhs));
      e = std::move(b);
    }
  }
  bool arith(PyExpr& e) { return binary(e, {"+", "-"}, &Parser::term); }
  bool term(PyExpr& e) { return binary(e, {"*", "/", "//"}, &Parser::factor); }
  bool factor(PyExpr& e) {
    if (!is_op("+") && !is_op("-")) return atom(e);
    e = PyExpr{.kind = PyExpr::Kind::Unary, .at = cur().at, .text = cur().text};
    ++k_;
    PyExpr inner;
    if (!factor(inner)) return false;
    e.operands.push_back(std::move(inner));
    return true;
  }
  bool atom(PyExpr& e) {
    const Token& t = cur();
    if (t.kind == Token::Kind::Int) {
      e = PyExpr{.kind = PyExpr::Kind::Int, .at = t.at, .number = t.number};
      ++k_;
      return true;
    }
    if (t.kind == Token::Kind::String)
      return fail(t.at, unsupported("a string outside an assert's message (the subset compares integers)"));
    if (t.kind == Token::Kind::Name) {
      if (t.text == "True" || t.text == "False") {
        e = PyExpr{.kind = t.text == "True" ? PyExpr::Kind::True : PyExpr::Kind::False, .at = t.at};
        ++k_;
        return true;
      }
      if (reserved(t.text) || t.text == "assert" || t.text == "and" || t.text == "or" || t.text == "not")
        return fail_here("a value");
      e = PyExpr{.kind = PyExpr::Kind::Name, .at = t.at, .text = t.text};
      ++k_;
      if (is_op("(")) return fail(cur().at, unsupported("calling '" + e.text + "' (the subset has no function calls)"));
      return true;
    }
    if (is_op("(")) {
      const Position open = t.at;
      ++k_;
      if (is_op(")")) return fail(open, unsupported("a tuple '()'"));
      if (!or_test(e)) return false;
      if (is_op(",")) return fail(cur().at, unsupported("a tuple (a ',' inside parentheses)"));
      if (!is_op(")")) return fail_here("')' to close the '(' at column " + std::to_string(open.column));
      ++k_;
      return true;
    }
    return fail_here("a value (a number, a name or '(')");
  }

  std::string_view code_;
  std::vector<Token> t_;
  std::size_t k_ = 0;
  std::optional<ParseError> error_{};
};

// --- evaluation --------------------------------------------------------------

struct Stop {
  PyOutcome outcome;
};
using Eval = std::variant<PyValue, Stop>;

Stop error_at(Position at, std::string m) {
  if (m.starts_with(kUnsupported)) return Stop{PyOutcome{PyOutcome::Kind::Unsupported, at, m.substr(kUnsupported.size())}};
  return Stop{PyOutcome{PyOutcome::Kind::Error, at, std::move(m)}};
}

bool truthy(const PyValue& v) {
  switch (v.kind) {
    case PyValue::Kind::Float: return v.f != 0;
    case PyValue::Kind::String: return !v.s.empty();
    default: return v.i != 0;
  }
}
PyValue int_value(std::int64_t i) { return PyValue{.kind = PyValue::Kind::Int, .i = i}; }
PyValue bool_value(bool b) { return PyValue{.kind = PyValue::Kind::Bool, .i = b ? 1 : 0}; }
PyValue float_value(double f) { return PyValue{.kind = PyValue::Kind::Float, .f = f}; }
double as_float(const PyValue& v) { return v.kind == PyValue::Kind::Float ? v.f : static_cast<double>(v.i); }
bool is_float(const PyValue& v) { return v.kind == PyValue::Kind::Float; }

class Evaluator {
 public:
  explicit Evaluator(const NameLookup& lookup) : lookup_(lookup) {}
  // Names in the order first seen, with their values: the failure report.
  std::vector<std::pair<std::string, std::string>> seen{};

  Eval eval(const PyExpr& e) {
    switch (e.kind) {
      case PyExpr::Kind::Int: return int_value(e.number);
      case PyExpr::Kind::True: return bool_value(true);
      case PyExpr::Kind::False: return bool_value(false);
      case PyExpr::Kind::String: return PyValue{.kind = PyValue::Kind::String, .s = e.text};
      case PyExpr::Kind::Name: return name(e);
      case PyExpr::Kind::Unary: return unary(e);
      case PyExpr::Kind::Binary: return binary(e);
      case PyExpr::Kind::Compare: return compare(e);
      case PyExpr::Kind::And:
      case PyExpr::Kind::Or: return logic(e);
    }
    return error_at(e.at, "bad expression");
  }

 private:
  Eval name(const PyExpr& e) {
    auto r = lookup_(e.text);
    if (auto* v = std::get_if<PyValue>(&r)) {
      bool known = false;
      for (const auto& [n, _] : seen) known = known || n == e.text;
      if (!known) seen.emplace_back(e.text, v->text());
      return *v;
    }
    if (auto* u = std::get_if<NameUnsupported>(&r))
      return Stop{PyOutcome{PyOutcome::Kind::Unsupported, e.at, u->what}};
    return error_at(e.at, "name '" + e.text + "' is not defined");
  }
  Eval unary(const PyExpr& e) {
    Eval r = eval(e.operands[0]);
    if (std::holds_alternative<Stop>(r)) return r;
    const PyValue v = std::get<PyValue>(r);
    if (e.text == "not") return bool_value(!truthy(v));
    if (v.kind == PyValue::Kind::String) return error_at(e.at, "bad operand type for unary " + e.text + ": 'str'");
    if (is_float(v)) return float_value(e.text == "-" ? -v.f : v.f);
    if (e.text == "+") return int_value(v.i);
    if (v.i == std::numeric_limits<std::int64_t>::min()) return error_at(e.at, unsupported("integers beyond 64 bits"));
    return int_value(-v.i);
  }
  Eval binary(const PyExpr& e) {
    Eval l = eval(e.operands[0]);
    if (std::holds_alternative<Stop>(l)) return l;
    Eval r = eval(e.operands[1]);
    if (std::holds_alternative<Stop>(r)) return r;
    const PyValue a = std::get<PyValue>(l), b = std::get<PyValue>(r);
    if (a.kind == PyValue::Kind::String || b.kind == PyValue::Kind::String)
      return error_at(e.at, "unsupported operand type for " + e.text + ": 'str'");
    const std::string& op = e.text;
    if (op == "/") {
      if (as_float(b) == 0) return error_at(e.at, "division by zero");
      return float_value(as_float(a) / as_float(b));
    }
    if (is_float(a) || is_float(b)) {
      const double x = as_float(a), y = as_float(b);
      if (op == "+") return float_value(x + y);
      if (op == "-") return float_value(x - y);
      if (op == "*") return float_value(x * y);
      if (y == 0) return error_at(e.at, "float floor division by zero");
      return float_value(std::floor(x / y));
    }
    std::int64_t out = 0;
    bool overflow = false;
    if (op == "+") overflow = __builtin_add_overflow(a.i, b.i, &out);
    else if (op == "-") overflow = __builtin_sub_overflow(a.i, b.i, &out);
    else if (op == "*") overflow = __builtin_mul_overflow(a.i, b.i, &out);
    else {  // "//": Python floors toward negative infinity
      if (b.i == 0) return error_at(e.at, "integer division by zero");
      if (a.i == std::numeric_limits<std::int64_t>::min() && b.i == -1) overflow = true;
      else {
        out = a.i / b.i;
        if ((a.i % b.i != 0) && ((a.i < 0) != (b.i < 0))) --out;
      }
    }
    if (overflow) return error_at(e.at, unsupported("integers beyond 64 bits"));
    return int_value(out);
  }
  static bool holds(const std::string& op, const PyValue& a, const PyValue& b) {
    if (!is_float(a) && !is_float(b)) {
      const std::int64_t x = a.i, y = b.i;
      return op == "==" ? x == y : op == "!=" ? x != y : op == "<" ? x < y : op == "<=" ? x <= y : op == ">" ? x > y : x >= y;
    }
    const double x = as_float(a), y = as_float(b);
    return op == "==" ? x == y : op == "!=" ? x != y : op == "<" ? x < y : op == "<=" ? x <= y : op == ">" ? x > y : x >= y;
  }
  // a < b < c is (a < b) and (b < c), with b evaluated once.
  Eval compare(const PyExpr& e) {
    Eval first = eval(e.operands[0]);
    if (std::holds_alternative<Stop>(first)) return first;
    PyValue left = std::get<PyValue>(first);
    for (std::size_t i = 0; i < e.ops.size(); ++i) {
      Eval next = eval(e.operands[i + 1]);
      if (std::holds_alternative<Stop>(next)) return next;
      const PyValue right = std::get<PyValue>(next);
      if (left.kind == PyValue::Kind::String || right.kind == PyValue::Kind::String)
        return error_at(e.operands[i + 1].at, unsupported("comparing strings"));
      if (!holds(e.ops[i], left, right)) return bool_value(false);
      left = right;
    }
    return bool_value(true);
  }
  // Python's and/or yield the operand that decided, not a bool.
  Eval logic(const PyExpr& e) {
    const bool is_and = e.kind == PyExpr::Kind::And;
    Eval last;
    for (const PyExpr& o : e.operands) {
      last = eval(o);
      if (std::holds_alternative<Stop>(last)) return last;
      if (truthy(std::get<PyValue>(last)) != is_and) return last;
    }
    return last;
  }

  const NameLookup& lookup_;
};

}  // namespace

std::string PyValue::text() const {
  switch (kind) {
    case Kind::Bool: return i ? "True" : "False";
    case Kind::String: return "'" + s + "'";
    case Kind::Float: {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.17g", f);
      std::string t = buf;
      if (t.find_first_of(".en") == std::string::npos) t += ".0";
      return t;
    }
    case Kind::Int: break;
  }
  return std::to_string(i);
}

Result<std::vector<PyAssert>, ParseError> parse_py_asserts(std::string_view code, Position start) {
  auto marked = [](ParseError e) {
    if (e.message.starts_with(kUnsupported)) {
      e.message = e.message.substr(kUnsupported.size());
      e.unsupported = true;
    }
    return e;
  };
  std::vector<Token> tokens;
  if (auto e = Lexer(code, start).run(tokens)) return Err{marked(*e)};
  auto r = Parser(code, std::move(tokens)).run();
  if (!r) return Err{marked(r.error())};
  return r;
}

PyOutcome run_py_assert(const PyAssert& a, const NameLookup& lookup) {
  Evaluator ev(lookup);
  Eval r = ev.eval(a.test);
  if (auto* s = std::get_if<Stop>(&r)) return s->outcome;
  if (truthy(std::get<PyValue>(r))) return PyOutcome{PyOutcome::Kind::Held, a.at, ""};
  std::string m = "assertion failed: " + a.source;
  if (a.message) {
    Eval msg = ev.eval(*a.message);
    if (auto* s = std::get_if<Stop>(&msg)) return s->outcome;
    const PyValue& v = std::get<PyValue>(msg);
    m += " (message: " + (v.kind == PyValue::Kind::String ? v.s : v.text()) + ")";
  }
  if (!ev.seen.empty()) {
    m += " with ";
    for (std::size_t i = 0; i < ev.seen.size(); ++i)
      m += (i ? ", " : "") + ev.seen[i].first + " = " + ev.seen[i].second;
  }
  return PyOutcome{PyOutcome::Kind::Failed, a.at, m};
}

}  // namespace tcplab::drill
