// The Python subset of `%{ assert ... }%` blocks: what it reads, what it
// computes (Python's answers), and where it says something is wrong.
#include <catch2/catch.hpp>

#include <map>
#include <string>

#include "core/drill/py_assert.h"

using namespace tcplab::drill;

namespace {

// Names a test's snippets can use: two tcp_info-like values, one field that
// is "not modelled", and nothing else.
const NameLookup kNames = [](std::string_view n) -> std::variant<std::monostate, PyValue, NameUnsupported> {
  static const std::map<std::string, std::int64_t, std::less<>> values = {
      {"cwnd", 10}, {"rto", 300000}, {"zero", 0}, {"TCP_CA_Open", 0}};
  if (auto it = values.find(n); it != values.end()) return PyValue{.kind = PyValue::Kind::Int, .i = it->second};
  if (n == "tcpi_lost") return NameUnsupported{"tcp_info field tcpi_lost (not modelled yet)"};
  return std::monostate{};
};

PyOutcome run(const std::string& code) {
  auto parsed = parse_py_asserts(code, Position{1, 1});
  INFO(code);
  REQUIRE(parsed.ok());
  REQUIRE(parsed.value().size() == 1);
  return run_py_assert(parsed.value()[0], kNames);
}
bool holds(const std::string& expr) { return run("assert " + expr).kind == PyOutcome::Kind::Held; }

ParseError parse_error(const std::string& code, Position start = {1, 1}) {
  auto parsed = parse_py_asserts(code, start);
  INFO(code);
  REQUIRE_FALSE(parsed.ok());
  return parsed.error();
}

}  // namespace

TEST_CASE("python subset: comparisons, as Python answers them") {
  using Row = std::tuple<std::string, bool>;
  auto [expr, truth] = GENERATE(table<std::string, bool>({
      Row{"cwnd == 10", true},         Row{"cwnd != 10", false},       Row{"cwnd < 11", true},
      Row{"cwnd <= 9", false},         Row{"cwnd > 9", true},          Row{"cwnd >= 11", false},
      Row{"1 < cwnd < 11", true},      Row{"1 < cwnd < 10", false},    Row{"10 == cwnd <= 10 < 11", true},
      Row{"3 > 2 > 1", true},          Row{"1 < 3 > 2", true},         Row{"1 < 0 < 5", false},
      Row{"cwnd == 10 and rto == 300000", true},                       Row{"cwnd == 9 or rto == 300000", true},
      Row{"not cwnd == 9", true},      Row{"not (cwnd == 10 and zero)", true},
      Row{"not not cwnd", true},       Row{"zero or 0", false},        Row{"True", true},
      Row{"False == 0", true},         Row{"True + True == 2", true},
  }));
  INFO(expr);
  CHECK(holds(expr) == truth);
}

TEST_CASE("python subset: arithmetic, as Python computes it") {
  using Row = std::tuple<std::string, bool>;
  auto [expr, truth] = GENERATE(table<std::string, bool>({
      Row{"2 + 3 * 4 == 14", true},       Row{"(2 + 3) * 4 == 20", true},   Row{"10 - 3 - 2 == 5", true},
      Row{"7 // 2 == 3", true},           Row{"-7 // 2 == -4", true},       Row{"7 // -2 == -4", true},
      Row{"-7 // -2 == 3", true},         Row{"7 / 2 == 3.5 * 1", false},   Row{"7 / 2 > 3", true},
      Row{"7 / 2 < 4", true},             Row{"6 / 2 == 3", true},          Row{"1 / 3 * 3 == 1", true},
      Row{"-cwnd == -10", true},          Row{"- -cwnd == +10", true},      Row{"rto // 1000 == 300", true},
      Row{"0x10 + 0o10 + 0b10 == 26", true}, Row{"1_000 == 1000", true},   Row{"7.0 // 2 == 3", false},
  }));
  INFO(expr);
  if (expr == "7 / 2 == 3.5 * 1" || expr == "7.0 // 2 == 3") {
    // A float literal is outside the subset (integer literals only).
    CHECK(parse_error("assert " + expr).unsupported);
    return;
  }
  CHECK(holds(expr) == truth);
}

TEST_CASE("python subset: and/or yield the operand that decided") {
  const PyOutcome r = run("assert zero, (zero or cwnd) + 1");
  CHECK(r.kind == PyOutcome::Kind::Failed);
  CHECK(r.message == "assertion failed: assert zero, (zero or cwnd) + 1 (message: 11) with zero = 0, cwnd = 10");
  CHECK(run("assert (cwnd and rto) == 300000").kind == PyOutcome::Kind::Held);
  // Short-circuit: the right side is never looked at, so an unknown name there is fine.
  CHECK(run("assert cwnd or undefined_name").kind == PyOutcome::Kind::Held);
  CHECK(run("assert not (zero and undefined_name)").kind == PyOutcome::Kind::Held);
}

TEST_CASE("python subset: a failed assert shows the statement, its message and the values it read") {
  const PyOutcome r = run("assert cwnd == 4, 'cwnd after the timeout'");
  CHECK(r.kind == PyOutcome::Kind::Failed);
  CHECK(r.message == "assertion failed: assert cwnd == 4, 'cwnd after the timeout' (message: cwnd after the timeout) "
                     "with cwnd = 10");
  CHECK(run("assert 0 < rto / 1000 < 250").message ==
        "assertion failed: assert 0 < rto / 1000 < 250 with rto = 300000");
}

TEST_CASE("python subset: statements, lines and columns") {
  auto parsed = parse_py_asserts(" assert cwnd == 10, cwnd\n   assert (rto >\n      200000); assert 1\n", Position{7, 3});
  REQUIRE(parsed.ok());
  const auto& a = parsed.value();
  REQUIRE(a.size() == 3);
  CHECK(a[0].at.line == 7);
  CHECK(a[0].at.column == 4);
  CHECK(a[0].source == "assert cwnd == 10, cwnd");
  CHECK(a[1].at.line == 8);
  CHECK(a[1].at.column == 4);
  CHECK(a[1].source == "assert (rto >\n      200000)");  // a newline inside parentheses joins lines
  CHECK(a[2].at.line == 9);
  CHECK(a[2].at.column == 16);
  for (const PyAssert& x : a) CHECK(run_py_assert(x, kNames).kind == PyOutcome::Kind::Held);
}

TEST_CASE("python subset: errors name the line and column") {
  SECTION("syntax") {
    const ParseError e = parse_error("\n  assert cwnd ==\n", Position{4, 5});
    CHECK_FALSE(e.unsupported);
    CHECK(e.at.line == 5);
    CHECK(e.at.column == 17);
    CHECK(e.message == "expected a value (a number, a name or '('), got the end of the statement");
    CHECK(parse_error("assert (cwnd == 1").message == "expected ')' to close the '(' at column 8, got the end of the code block");
    CHECK(parse_error("assert 1 2").message == "expected the end of the statement (a new line or ';'), got 2");
    CHECK(parse_error("assert 'open").message == "unterminated string literal");
  }
  SECTION("evaluation: Python's NameError and ZeroDivisionError") {
    const PyOutcome r = run("assert cwnd + nosuch == 1");
    CHECK(r.kind == PyOutcome::Kind::Error);
    CHECK(r.message == "name 'nosuch' is not defined");
    CHECK(r.at.column == 15);
    CHECK(run("assert cwnd // zero").message == "integer division by zero");
    CHECK(run("assert cwnd / zero").message == "division by zero");
    CHECK(run("assert 9223372036854775807 + 1").kind == PyOutcome::Kind::Unsupported);
  }
  SECTION("a field the stack does not model is unsupported, with its name") {
    const PyOutcome r = run("assert tcpi_lost == 0");
    CHECK(r.kind == PyOutcome::Kind::Unsupported);
    CHECK(r.message == "tcp_info field tcpi_lost (not modelled yet)");
  }
}

TEST_CASE("python subset: what it lacks is unsupported, never skipped") {
  using Row = std::tuple<std::string, std::string>;
  auto [code, what] = GENERATE(table<std::string, std::string>({
      Row{"print(cwnd)", "the Python statement 'print(cwnd)' (the subset has assert statements)"},
      Row{"x = 1", "the Python statement 'x = 1' (the subset has assert statements)"},
      Row{"assert cwnd % 2 == 0", "the operator '%'"},
      Row{"assert cwnd ** 2", "the operator '**'"},
      Row{"assert cwnd << 1", "the operator '<<'"},
      Row{"assert cwnd in [1]", "the operator 'in'"},
      Row{"assert max(cwnd, 1)", "calling 'max' (the subset has no function calls)"},
      Row{"assert 1.5", "a float literal (the subset has integers)"},
      Row{"assert cwnd if 1 else 2", "the Python keyword 'if'"},
      Row{"assert 'a' == 'a'", "a string outside an assert's message (the subset compares integers)"},
      Row{"assert (1, 2)", "a tuple (a ',' inside parentheses)"},
  }));
  INFO(code);
  const ParseError e = parse_error(code);
  CHECK(e.unsupported);
  CHECK(e.message == what);
}
