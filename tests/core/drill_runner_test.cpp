// The script runner: relative sequence numbers, timing tolerance, the
// mismatch report, and that a wrong expectation fails.
#include <catch2/catch.hpp>

#include <string>

#include "core/drill/drill_runner.h"
#include "core/drill/socket_layer.h"

using namespace tcplab;
using namespace tcplab::drill;

namespace {

const std::string kListen =
    "0   socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"  // line 1
    "+0  bind(3, ..., ...) = 0\n"                      // line 2
    "+0  listen(3, 1) = 0\n"                           // line 3
    "+0  < S 0:0(0) win 32792 <mss 1000>\n";           // line 4

const std::string kEstablished = kListen +
                                 "+0  > S. 0:0(0) ack 1 <mss 1460>\n"    // line 5
                                 "+.1 < . 1:1(0) ack 1 win 32792\n"      // line 6
                                 "+0  accept(3, ..., ...) = 4\n";        // line 7

RunReport run(const std::string& text, RunConfig config = {}) { return run_text(text, "t.pkt", config); }

}  // namespace

TEST_CASE("drill runner: a correct handshake script passes") {
  const RunReport r = run(kEstablished);
  INFO(r.message);
  CHECK(r.passed());
  CHECK(r.message.empty());
}

TEST_CASE("drill runner: a deliberately wrong expectation fails with a readable diff") {
  const RunReport r = run(kListen + "+0  > S. 0:0(0) ack 2 win 100 <mss 1460>\n");
  CHECK(r.outcome == RunReport::Outcome::Mismatch);
  CHECK(r.message ==
        "t.pkt:5: error handling packet: live packet field tcp_ack: expected: 2 vs actual: 1\n"
        "  and live packet field tcp_window: expected: 100 vs actual: 65535\n"
        "script packet: 0.000000 > S. 0:0(0) ack 2 win 100 <mss 1460>\n"
        "actual packet: 0.000000 > S. 0:0(0) ack 1 win 65535 <mss 1460>");
}

TEST_CASE("drill runner: relative sequence numbers") {
  SECTION("the stack's ISN is not 0, yet its SYN,ACK reads as 0 and 'ack 1' acknowledges it") {
    SocketLayer host(Profile::linux_like(), kLocalAddress);
    const int fd = host.socket(Instant{}).value();
    REQUIRE(host.bind(fd, kBindPort, Instant{}).ok());
    REQUIRE(host.listen(fd, 1, Instant{}).ok());
    host.on_segment(Segment{.src_addr = kRemoteAddress, .dst_addr = kLocalAddress, .src_port = kRemoteEphemeralPort,
                            .dst_port = kBindPort, .seq = SeqNum{0}, .flags = kSyn, .window = 1000},
                    Instant{});
    auto synack = host.poll_transmit(Instant{});
    REQUIRE(synack);
    CHECK(synack->seq.value() != 0);
    CHECK(run(kEstablished).passed());
  }
  SECTION("an inbound ack is relative to the stack's ISN: 'ack 5' is not our SYN's") {
    const RunReport r = run(kListen + "+0  > S. 0:0(0) ack 1 <mss 1460>\n+.1 < . 1:1(0) ack 5 win 32792\n"
                                      "+0  > R 5:5(0)\n");
    INFO(r.message);
    CHECK(r.passed());
  }
  SECTION("inbound sequence numbers are the script's: the SYN at 1000 is acknowledged as 1001") {
    const std::string text = "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 bind(3, ..., ...) = 0\n"
                             "+0 listen(3, 1) = 0\n+0 < S 1000:1000(0) win 100\n+0 > S. 0:0(0) ack 1001 <...>\n";
    CHECK(run(text).passed());
  }
}

TEST_CASE("drill runner: outbound timing tolerance") {
  // The stack answers a SYN at once; the script places the SYN,ACK later.
  auto expect_synack_at = [](const std::string& when) { return kListen + when + " > S. 0:0(0) ack 1 <mss 1460>\n"; };
  SECTION("within packetdrill's default 4 ms it passes") { CHECK(run(expect_synack_at("+.004")).passed()); }
  SECTION("beyond it, a timing error says when it was expected and when it happened") {
    const RunReport r = run(expect_synack_at("+.005"));
    CHECK(r.outcome == RunReport::Outcome::Mismatch);
    CHECK_THAT(r.message, Catch::StartsWith("t.pkt:5: error handling packet: timing error: expected outbound packet at "
                                           "0.005000 sec but happened at 0.000000 sec; tolerance 0.004000 sec"));
  }
  SECTION("a script's --tolerance_usecs widens it") {
    CHECK(run("--tolerance_usecs=6000\n" + expect_synack_at("+.005")).passed());
  }
  SECTION("so does the runner's configuration") {
    RunConfig c;
    c.tolerance = Duration{10000};
    CHECK(run(expect_synack_at("+.009"), c).passed());
  }
  SECTION("the tolerance grows to 12.5% of the scripted interval since the previous event") {
    // The SYN,ACK is resent 1 s after the first; expecting it at +1.1 is
    // 100 ms off, inside 12.5% of 1.1 s (137.5 ms).
    const std::string late = kListen + "+0 > S. 0:0(0) ack 1 <mss 1460>\n+1.1 > S. 0:0(0) ack 1 <mss 1460>\n";
    CHECK(run(late).passed());
    const RunReport strict = run("--tolerance_percent=0\n" + late);
    CHECK_THAT(strict.message, Catch::Contains("timing error: expected outbound packet at 1.100000 sec but happened at "
                                               "1.000000 sec; tolerance 0.004000 sec"));
  }
  SECTION("a range t1~t2 accepts any time inside it") {
    CHECK(run(kListen + "+0~+1 > S. 0:0(0) ack 1 <mss 1460>\n").passed());
    CHECK_THAT(run(kListen + "+.5~+1 > S. 0:0(0) ack 1 <mss 1460>\n").message,
               Catch::Contains("timing error: expected outbound packet in time range 0.500000~1.000000 sec but "
                               "happened at 0.000000 sec"));
    CHECK(run(kListen + "* > S. 0:0(0) ack 1 <mss 1460>\n").passed());
  }
  SECTION("a retransmission expected too early is reported with nothing sent by then (tolerance 12.5% of 0.5 s)") {
    const RunReport r = run(kListen + "+0 > S. 0:0(0) ack 1 <mss 1460>\n+.5 > S. 0:0(0) ack 1 <mss 1460>\n");
    CHECK(r.message ==
          "t.pkt:6: error handling packet: expected outbound packet at 0.500000 sec, but the stack sent nothing by "
          "0.562500 sec\n"
          "script packet: 0.500000 > S. 0:0(0) ack 1 <mss 1460>\n"
          "actual packet: nothing");
  }
}

TEST_CASE("drill runner: segments the script does not expect are failures") {
  SECTION("before the next event") {
    const RunReport r = run(kListen + "+1 close(3) = 0\n");
    CHECK(r.outcome == RunReport::Outcome::Mismatch);
    CHECK_THAT(r.message, Catch::StartsWith("t.pkt:5: error: unexpected outbound packet at 0.000000 sec, before the "
                                           "event at 1.000000 sec\nactual packet: 0.000000 > S. 0:0(0) ack 1 win 65535"));
  }
  SECTION("after the last event") {
    const RunReport r = run(kListen);
    CHECK_THAT(r.message, Catch::Contains("unexpected outbound packet after the last event"));
  }
}

TEST_CASE("drill runner: system call results") {
  SECTION("a blocking call that never completes is a failure, not a pass") {
    const RunReport r = run(kEstablished + "+0 read(4, ..., 10) = 10\n");
    CHECK(r.message == "t.pkt:8: error: blocking call read(4, ..., 10) never returned (script ended at 0.100000 sec)");
  }
  SECTION("a wrong result names the call, both results and the time; errno is compared by name") {
    const RunReport r = run(kEstablished + "+0 fcntl(4, F_SETFL, O_RDWR|O_NONBLOCK) = 0\n+0 read(4, ..., 10) = 0\n");
    CHECK(r.message == "t.pkt:9: error: read(4, ..., 10): expected result 0 but got -1 EAGAIN (Resource temporarily "
                       "unavailable) at 0.100000 sec");
  }
  SECTION("a blocking read waits for data, then returns it") {
    CHECK(run(kEstablished + "+0 read(4, ..., 100) = 10\n+.2 < P. 1:11(10) ack 1 win 32792\n+0~+.2 > . 1:1(0) ack 11\n")
              .passed());
  }
  SECTION("descriptors are the script's names, mapped as packetdrill maps them") {
    // socket() and accept() succeed with any descriptor; the number the
    // script expects names it from then on, whatever the stack gave.
    CHECK(run("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 7\n+0 bind(7, ..., ...) = 0\n+0 listen(7, 1) = 0\n"
              "+0 < S 0:0(0) win 32792 <mss 1000>\n+0 > S. 0:0(0) ack 1 <mss 1460>\n"
              "+.1 < . 1:1(0) ack 1 win 32792\n+0 accept(7, ..., ...) = 12\n+0 close(12) = 0\n"
              "+0 > F. 1:1(0) ack 1\n")
              .passed());
    CHECK(run("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 close(4) = 0\n").message ==
          "t.pkt:2:10: error: unable to find fd with script fd 4");
    CHECK(run("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 close(3) = 0\n+0 close(3) = 0\n").message ==
          "t.pkt:3:10: error: unable to find fd with script fd 3");
    CHECK(run("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n").message ==
          "t.pkt:2: error: duplicate fd 3 in script");
    CHECK(run("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 close(3) = 0\n+0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n")
              .passed());
  }
}

TEST_CASE("drill runner: profiles and options") {
  const std::string synack_extensions = kListen.substr(0, kListen.rfind("+0  <")) +
                                        "+0 < S 0:0(0) win 100 <mss 1000,sackOK,wscale 2>\n"
                                        "+0 > S. 0:0(0) ack 1 <mss 1460,sackOK,wscale 7>\n";
  SECTION("Linux-like is the default: it offers SACK and window scale back") { CHECK(run(synack_extensions).passed()); }
  SECTION("--profile=rfc9293 picks the textbook profile: MSS only") {
    const RunReport r = run("--profile=rfc9293\n" + synack_extensions);
    CHECK_THAT(r.message, Catch::Contains("tcp_options: expected: <mss 1460,sackOK,wscale 7> vs actual: <mss 1460>"));
  }
  SECTION("the first event is at time 0, and absolute times never go back") {
    CHECK_THAT(run("1 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n").message,
               Catch::Contains("t.pkt:1: error: the first event must be at time 0"));
    CHECK_THAT(run("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n2 listen(3, 1) = 0\n1 close(3) = 0\n").message,
               Catch::Contains("t.pkt:3: error: time goes backward in script from 2.000000 sec to 1.000000 sec"));
  }
  SECTION("unknown options and profiles are errors, not ignored") {
    CHECK(run("--ip_version=ipv6\n" + kListen).message ==
          "t.pkt:1: unsupported: the option --ip_version (this runner knows --profile, --tolerance_usecs, "
          "--tolerance_percent and --strict_segments)");
    CHECK_THAT(run("--profile=bsd\n" + kListen).message, Catch::Contains("t.pkt:1:1: error: unknown profile 'bsd'"));
  }
  SECTION("socket options outside the subset are unsupported") {
    const RunReport r = run("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
                            "+0 setsockopt(3, SOL_SOCKET, SO_RCVBUF, [1000], 4) = 0\n");
    CHECK(r.outcome == RunReport::Outcome::Unsupported);
    CHECK_THAT(r.message, Catch::StartsWith("t.pkt:2: unsupported: the SOL_SOCKET option 'SO_RCVBUF'"));
  }
  SECTION("sizes no packet or buffer could have are errors, not allocations") {
    CHECK_THAT(run(kEstablished + "+0 < P. 1:4000000001(4000000000) ack 1 win 1\n").message,
               Catch::Contains("does not fit in an IPv4 packet"));
    CHECK_THAT(run(kEstablished + "+0 write(4, ..., 100000000000) = 1\n").message,
               Catch::StartsWith("t.pkt:8: unsupported: the length 100000000000"));
  }
  SECTION("parse errors come back as reports") {
    const RunReport r = run("0 < S 0:0(0) win 1 <bogus>\n");
    CHECK(r.outcome == RunReport::Outcome::ParseError);
    CHECK(r.message == "t.pkt:1:21: error: unknown TCP option 'bogus'");
  }
}

// Whatever a script's author gets wrong, the runner answers: every line
// prefix of a script, and every single line on its own, runs to a report.
TEST_CASE("drill runner: truncated and shuffled scripts end in a report, never a crash or a hang") {
  const std::string script = kEstablished +
                             "+0 setsockopt(4, SOL_SOCKET, SO_LINGER, {onoff=1, linger=0}, 8) = 0\n"
                             "+0 write(4, ..., 2000) = 2000\n"
                             "* > . 1:1001(1000) ack 1\n"
                             "+0 read(4, ..., 10) = 10\n"
                             "+.1~+.2 > P. 1001:2001(1000) ack 1\n"
                             "+0 < R. 1:1(0) ack 1 win 0\n"
                             "+0 connect(4, ..., ...) = 0\n"
                             "+0 shutdown(4, SHUT_RDWR) = 0\n"
                             "+0 close(4) = 0\n";
  std::vector<std::string> lines;
  for (std::size_t at = 0, nl; (nl = script.find('\n', at)) != std::string::npos; at = nl + 1)
    lines.push_back(script.substr(at, nl - at + 1));
  std::string prefix;
  for (const std::string& line : lines) {
    prefix += line;
    const RunReport r = run(prefix);
    CHECK((r.passed() || !r.message.empty()));
    const RunReport alone = run("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n" + line);
    CHECK((alone.passed() || !alone.message.empty()));
  }
}
