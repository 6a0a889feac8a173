// The part of Python that packetdrill scripts use in `%{ ... }%` blocks to
// check tcp_info: assert statements over integers.
//
//   %{ assert tcpi_snd_cwnd == 10, tcpi_snd_cwnd }%
//   %{ assert 200000 <= tcpi_rto < 300000 and tcpi_ca_state == TCP_CA_Open }%
//
// The subset, with Python's meaning: integer literals (decimal, 0x, 0o, 0b),
// True/False, names, parentheses; unary + - not; + - * / // (true division
// gives a float, // floors); == != < <= > >= and chained comparisons
// (a < b < c); and/or (short-circuit, yielding an operand); an assert's
// optional message (an expression or a string literal). Statements are
// separated by newlines or ';'. Anything else is "unsupported", with its
// position; a syntax error names its line and column in the script.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/base/result.h"
#include "core/drill/position.h"

namespace tcplab::drill {

struct PyExpr {
  enum class Kind : std::uint8_t { Int, True, False, String, Name, Unary, Binary, Compare, And, Or };
  Kind kind = Kind::Int;
  Position at{};
  std::int64_t number = 0;
  std::string text{};              // Name: the name; String: the text; Unary/Binary: the operator
  std::vector<PyExpr> operands{};  // Unary: 1; Binary: 2; Compare: n+1; And/Or: 2 or more
  std::vector<std::string> ops{};  // Compare: "<", "<=", "==", ...
};

struct PyAssert {
  Position at{};
  std::string source;  // the statement as written, for reports
  PyExpr test;
  std::optional<PyExpr> message{};
};

// Parses the text between "%{" and "}%"; `start` is where that text begins
// in the script, so errors carry the script's line and column. An
// unsupported construct comes back as a ParseError whose message starts
// with "unsupported: ".
Result<std::vector<PyAssert>, ParseError> parse_py_asserts(std::string_view code, Position start);

// A value: Python's int (within 64 bits), float (from '/') or bool.
struct PyValue {
  enum class Kind : std::uint8_t { Int, Float, Bool, String };
  Kind kind = Kind::Int;
  std::int64_t i = 0;  // Int and Bool
  double f = 0;        // Float
  std::string s{};     // String (an assert's message only)
  std::string text() const;  // as Python prints it: 10, 2.5, True
};

// What a name means: a value, a field the stack does not model yet (the
// string says what), or nothing (Python's NameError).
struct NameUnsupported {
  std::string what;  // "tcp_info field tcpi_snd_cwnd (not modelled yet)"
};
using NameLookup = std::function<std::variant<std::monostate, PyValue, NameUnsupported>(std::string_view)>;

// How one assert ended.
struct PyOutcome {
  enum class Kind : std::uint8_t { Held, Failed, Unsupported, Error };
  Kind kind = Kind::Held;
  Position at{};
  std::string message;  // Failed: what was asserted and the values it saw; else what went wrong
};
PyOutcome run_py_assert(const PyAssert& a, const NameLookup& lookup);

}  // namespace tcplab::drill
