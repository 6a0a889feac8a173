// The packetdrill subset's parser: what it accepts, and that everything
// else is an error naming line, column and what was expected.
#include <catch2/catch.hpp>

#include <string>

#include "core/drill/drill_parser.h"

using namespace tcplab;
using namespace tcplab::drill;

namespace {

ParseError error_of(std::string_view text) {
  auto r = parse_script(text);
  REQUIRE_FALSE(r.ok());
  return r.error();
}

}  // namespace

TEST_CASE("drill parser: a server handshake script") {
  auto r = parse_script(
      "--profile=rfc9293\n"
      "0   socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
      "+0  setsockopt(3, SOL_SOCKET, SO_LINGER, {onoff=1, linger=0}, 8) = 0\n"
      "+0  < S 0:0(0) win 32792 <mss 1000,sackOK,nop,nop,TS val 100 ecr 0,nop,wscale 7>\n"
      "+.1 > S. 0:0(0) ack 1 <...>\n"
      "1.5~+2 > P. 1:1001(1000) ack 1 win 257\n"
      "*   > F. 1001:1001(0) ack 1\n"
      "+0  connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)\n");
  REQUIRE(r.ok());
  const Script& s = r.value();
  REQUIRE(s.options.size() == 1);
  CHECK(s.options[0].name == "profile");
  CHECK(s.options[0].value == "rfc9293");
  REQUIRE(s.events.size() == 7);

  SECTION("system calls keep their arguments and expected result") {
    const auto& sock = std::get<SyscallEvent>(s.events[0].what);
    CHECK(sock.name == "socket");
    CHECK(sock.args.size() == 3);
    CHECK(sock.args[0].kind == Arg::Kind::Ellipsis);
    CHECK(sock.args[1].symbols == std::vector<std::string>{"SOCK_STREAM"});
    CHECK(sock.result == 3);
    const auto& linger = std::get<SyscallEvent>(s.events[1].what);
    CHECK(linger.args[3].kind == Arg::Kind::Struct);
    CHECK(linger.args[3].field_names == std::vector<std::string>{"onoff", "linger"});
    CHECK(linger.args[3].items[1].number == 0);
    const auto& conn = std::get<SyscallEvent>(s.events[6].what);
    CHECK(conn.result == -1);
    CHECK(conn.errno_name == "EINPROGRESS");
  }
  SECTION("an inbound SYN with its options in semantic form") {
    const Event& e = s.events[2];
    CHECK(e.at.line == 4);
    CHECK(e.time.start.relative);
    const auto& p = std::get<PacketEvent>(e.what);
    CHECK(p.inbound);
    CHECK(p.flags == Flags(kSyn));
    CHECK(p.window == 32792u);
    REQUIRE(p.options);
    CHECK(p.options->options.mss == 1000);
    CHECK(p.options->options.sack_permitted);
    CHECK(p.options->options.window_scale == 7);
    CHECK(p.options->options.timestamps == Timestamps{100, 0});
  }
  SECTION("times: relative, absolute, ranges and any") {
    CHECK(s.events[3].time.start.offset == Duration{100000});
    CHECK(std::get<PacketEvent>(s.events[3].what).options->ignore);
    CHECK_FALSE(s.events[4].time.start.relative);
    CHECK(s.events[4].time.start.offset == Duration{1500000});
    REQUIRE(s.events[4].time.end);
    CHECK(s.events[4].time.end->relative);
    CHECK(s.events[5].time.any);
    const auto& data = std::get<PacketEvent>(s.events[4].what);
    CHECK(data.flags == Flags(kPsh | kAck));
    CHECK(data.start == 1);
    CHECK(data.end == 1001);
    CHECK(data.length == 1000);
  }
}

TEST_CASE("drill parser: comments of both kinds are skipped anywhere") {
  auto r = parse_script("// a line comment\n/* a block\n   over lines */ 0 /* inline */ < . 1:1(0) ack 1 win 5 // end\n");
  REQUIRE(r.ok());
  REQUIRE(r.value().events.size() == 1);
  CHECK(r.value().events[0].at.line == 3);
}

TEST_CASE("drill parser: errors name line, column and what was expected") {
  using Row = std::tuple<std::string, int, int, std::string>;
  auto [text, line, column, words] = GENERATE(table<std::string, int, int, std::string>({
      Row{"0 < S 0:0(0)\n+0 > X 1:1(0)\n", 2, 6, "expected TCP flags"},
      Row{"0 < S 0:5(0) win 1\n", 1, 11, "payload length 0 disagrees with 0:5"},
      Row{"0 < S 0 0(0)\n", 1, 9, "expected ':' between the start and end"},
      Row{"0 < . 1:1(0) ack\n", 2, 1, "the acknowledgement number after 'ack'"},
      Row{"0 < . 1:1(0) ack 1 wnd 5\n", 1, 20, "expected 'ack N', 'win N'"},
      Row{"0 < S 0:0(0) <mss 1000,bogus>\n", 1, 24, "unknown TCP option 'bogus'"},
      Row{"0 < S 0:0(0) <mss 1000 wscale 7>\n", 1, 24, "expected ',' or '>'"},
      Row{"0 < S 0:0(0) win 70000\n", 1, 18, "at most 65535"},
      Row{"0 < S 4294967296:0(0)\n", 1, 7, "too large"},
      Row{"x socket(...) = 3\n", 1, 1, "expected a time"},
      Row{"0 close(3) 0\n", 1, 12, "expected '=' and the expected result"},
      Row{"0 close(3) = -1\n", 1, 14, "needs the expected errno"},
      Row{"0 close(3) = 0 EBADF\n", 1, 16, "only follows '= -1'"},
      Row{"0 close(3 = 0\n", 1, 11, "expected ',' or ')'"},
      Row{"0 bind(3, {a=1, ...) = 0\n", 1, 17, "a field name"},
      Row{"0 < S 0:0(0)\n/* never closed\n", 2, 1, "unterminated comment"},
      Row{"0 close(3) = 0\n--profile=linux\n", 2, 1, "must come before the first event"},
      Row{"0.1234567 close(3) = 0\n", 1, 9, "more than 6 decimal places"},
      Row{"0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3 (unclosed\n", 1, 45, "unclosed '('"},
      Row{"* close(3) = 0\n", 1, 1, "outbound packets ('>') only"},
  }));
  INFO(text);
  const ParseError e = error_of(text);
  CHECK(e.at.line == line);
  CHECK(e.at.column == column);
  CHECK_THAT(e.message, Catch::Contains(words));
}

TEST_CASE("drill parser: what the subset lacks is 'unsupported', never skipped") {
  using Row = std::tuple<std::string, std::string>;
  auto [text, words] = GENERATE(table<std::string, std::string>({
      Row{"0 poll([{fd=3, events=POLLIN}], 1, 0) = 1\n", "the system call 'poll'"},
      Row{"0 < SE 0:0(0) win 1\n", "the TCP flag 'E'"},
      Row{"0 < S 0:0(0) <mss 1000,FO abcd>\n", "the TCP option 'FO'"},
      Row{"0...0.1 read(4, ..., 10) = 10\n", "a blocking call's end time"},
      Row{"0 < [ect0] S 0:0(0) win 1\n", "IP-level packet fields"},
      Row{"0 < S 0:0(0) win 1 (tos 0x2)\n", "IP-level packet fields"},
      Row{"0 < S 0:0(0) urg 5\n", "the packet field 'urg'"},
      Row{"0 %{ print(1) }%\n", "the Python statement 'print(1)'"},
  }));
  INFO(text);
  const ParseError e = error_of(text);
  CHECK(e.unsupported);
  CHECK_THAT(e.message, Catch::StartsWith(words));
  CHECK_THAT(format_error("x.pkt", e), Catch::StartsWith("x.pkt:1: unsupported: " + words));
}

TEST_CASE("drill parser: shell commands and code blocks") {
  auto r = parse_script(
      "--strict_segments\n"
      "`../common/defaults.sh\n"
      " sysctl -q net.ipv4.tcp_sack=0`\n"
      "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
      "+0 `sysctl -q net.ipv4.tcp_timestamps=0`\n"
      "+.1 %{ assert tcpi_state == TCP_CLOSE, \\\n"
      "       tcpi_state }%\n"
      "`sysctl -q net.ipv4.tcp_sack=1`\n");
  REQUIRE(r.ok());
  const Script& s = r.value();
  REQUIRE(s.options.size() == 1);
  CHECK(s.options[0].name == "strict_segments");
  CHECK(s.options[0].value.empty());
  REQUIRE(s.init_command);
  CHECK(s.init_command->text == "../common/defaults.sh\n sysctl -q net.ipv4.tcp_sack=0");
  CHECK(s.init_command->text_at.line == 2);
  CHECK(s.init_command->text_at.column == 2);
  REQUIRE(s.events.size() == 3);
  CHECK(std::get<ShellEvent>(s.events[1].what).text == "sysctl -q net.ipv4.tcp_timestamps=0");
  const auto& code = std::get<CodeEvent>(s.events[2].what);
  REQUIRE(code.asserts.size() == 1);
  CHECK(code.asserts[0].source == "assert tcpi_state == TCP_CLOSE, \\\n       tcpi_state");  // a backslash joins lines
  CHECK(code.asserts[0].at.line == 6);
  CHECK(code.asserts[0].at.column == 8);
  REQUIRE(s.cleanup_command);
  CHECK(s.cleanup_command->text == "sysctl -q net.ipv4.tcp_sack=1");

  using Row = std::tuple<std::string, int, int, std::string>;
  auto [text, line, column, words] = GENERATE(table<std::string, int, int, std::string>({
      Row{"`a`\n`b`\n", 2, 1, "a second command before the first event"},
      Row{"0 close(3) = 0\n`a`\n0 close(3) = 0\n", 3, 1, "expected the end of the script after the cleanup command"},
      Row{"`open\n", 1, 1, "unterminated shell command"},
      Row{"0 %{ assert 1\n", 1, 3, "unterminated code block"},
      Row{"%{ assert 1 }%\n", 1, 1, "expected a time before the code block"},
      Row{"* %{ assert 1 }%\n", 1, 1, "'*' and 't1~t2' times are for outbound packets"},
      Row{"0 %{ assert 1 +\n }%\n", 1, 16, "expected a value"},
  }));
  INFO(text);
  const ParseError e = error_of(text);
  CHECK(e.at.line == line);
  CHECK(e.at.column == column);
  CHECK_THAT(e.message, Catch::Contains(words));
}

TEST_CASE("drill parser: file:line:column formatting") {
  CHECK(format_error("x.pkt", ParseError{{3, 14}, "expected ':'"}) == "x.pkt:3:14: error: expected ':'");
}

// Fuzzing proper comes later; until then every prefix of a real script and
// a stream of pseudo-random bytes must come back as a script or an error.
TEST_CASE("drill parser: never crashes or hangs on truncated or random input") {
  const std::string script =
      "--tolerance_usecs=1000\n0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3 // c\n"
      "+0 setsockopt(3, SOL_SOCKET, SO_LINGER, {onoff=1, linger=0}, 8) = 0 /* b */\n"
      "+0 getsockopt(3, SOL_SOCKET, SO_ERROR, [ECONNREFUSED], [4]) = 0\n"
      "+.1~+.2 > FP. 1:1001(1000) ack 1 win 257 <nop,nop,TS val 1 ecr 2,sack 1:2 3:4>\n"
      "* < R. 0:0(0) ack 4294967295 win 0 <...>\n";
  for (std::size_t n = 0; n <= script.size(); ++n) (void)parse_script(std::string_view(script).substr(0, n));
  std::uint32_t x = 12345;
  const std::string alphabet = "0123456789+.*~<>SFRP.:()[]{},=|-/\\*`%\"abcdexyz \n\tEWU";
  for (int round = 0; round < 2000; ++round) {
    std::string text;
    for (int i = 0; i < 40; ++i) {
      x = x * 1103515245u + 12345u;
      text += alphabet[(x >> 16) % alphabet.size()];
    }
    auto r = parse_script(text);
    if (!r.ok()) CHECK(r.error().at.line >= 1);
  }
}
