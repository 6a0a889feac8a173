// Scripts as Linux's own TCP tests write them: shell lines that set
// sysctls, `%{ assert ... }%` over tcp_info, descriptors and segments as
// packetdrill treats them.
#include <catch2/catch.hpp>

#include <string>

#include "core/drill/drill_runner.h"
#include "core/drill/tcp_info.h"

using namespace tcplab;
using namespace tcplab::drill;

namespace {

RunReport run(const std::string& text, RunConfig config = {}) { return run_text(text, "t.pkt", config); }

// A server that has accepted a connection from a peer offering MSS 1000,
// SACK, timestamps and window scale 7; its SYN,ACK is answered 100 ms later.
const std::string kServer =
    "0   socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"                                  // 1
    "+0  bind(3, ..., ...) = 0\n"                                                     // 2
    "+0  listen(3, 1) = 0\n"                                                          // 3
    "+0  < S 0:0(0) win 32792 <mss 1000,sackOK,TS val 100 ecr 0,nop,wscale 7>\n"      // 4
    "+0  > S. 0:0(0) ack 1 <...>\n"                                                   // 5
    "+.1 < . 1:1(0) ack 1 win 257 <nop,nop,TS val 200 ecr 0>\n"                      // 6
    "+0  accept(3, ..., ...) = 4\n";                                                  // 7

}  // namespace

TEST_CASE("Linux scripts: the shell lines set the profile the stack runs") {
  const std::string synack_sack = "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 bind(3, ..., ...) = 0\n"
                                  "+0 listen(3, 1) = 0\n+0 < S 0:0(0) win 100 <mss 1000,sackOK,wscale 2>\n";
  SECTION("Linux's defaults: the Linux profile, SACK and window scale 7 in the SYN,ACK") {
    const RunReport r = run("`../common/defaults.sh`\n" + synack_sack + "+0 > S. 0:0(0) ack 1 <mss 1460,sackOK,wscale 7>\n");
    INFO(r.message);
    CHECK(r.passed());
  }
  SECTION("SACK off and a 32 MB tcp_rmem max (Linux 6.18's default): no sackOK, window scale 10") {
    const RunReport r = run("`../common/defaults.sh\n sysctl -q net.ipv4.tcp_sack=0 net.ipv4.tcp_rmem=\"4096 131072 33554432\"`\n" +
                            synack_sack + "+0 > S. 0:0(0) ack 1 <mss 1460,wscale 10>\n");
    INFO(r.message);
    CHECK(r.passed());
  }
  SECTION("a command with a time, before the first socket(), applies too") {
    const RunReport r = run("0 `sysctl -q net.ipv4.tcp_window_scaling=0`\n" + synack_sack +
                            "+0 > S. 0:0(0) ack 1 <mss 1460,sackOK>\n");
    INFO(r.message);
    CHECK(r.passed());
  }
  SECTION("tcp_syn_retries: two retries, SYNs at 0, 1 and 3 s, then ETIMEDOUT") {
    const RunReport r = run("`sysctl -q net.ipv4.tcp_syn_retries=2`\n"
                            "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
                            "+0 connect(3, ..., ...) = -1 ETIMEDOUT (Connection timed out)\n"
                            "0 > S 0:0(0) <...>\n1 > S 0:0(0) <...>\n3 > S 0:0(0) <...>\n");
    INFO(r.message);
    CHECK(r.passed());
  }
  SECTION("what the lab lacks stops the script in one form, at its line") {
    CHECK(run("`../common/defaults.sh\nsysctl -q net.ipv4.tcp_frto=0`\n" + synack_sack).message ==
          "t.pkt:2: unsupported: sysctl net.ipv4.tcp_frto=0");
    CHECK(run("`ethtool -K tun0 tso off`\n" + synack_sack).message ==
          "t.pkt:1: unsupported: the shell command 'ethtool -K tun0 tso off'");
    CHECK(run("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 `sysctl -q net.ipv4.tcp_sack=0`\n").message ==
          "t.pkt:2: unsupported: a shell command after the first socket() (the settings would apply to sockets made "
          "later only; put them in the command before the first event)");
    // A cleanup command cannot change the run, but is read all the same.
    CHECK(run(synack_sack + "+0 > S. 0:0(0) ack 1 <...>\n`tc qdisc del dev tun0 root`\n").outcome ==
          RunReport::Outcome::Unsupported);
    CHECK(run(synack_sack + "+0 > S. 0:0(0) ack 1 <...>\n`sysctl -q net.ipv4.tcp_sack=1`\n").passed());
  }
  SECTION("a value Linux refuses is a script error with line and column") {
    CHECK(run("`sysctl -q net.ipv4.tcp_sack=2`\n" + synack_sack).message ==
          "t.pkt:1:12: error: net.ipv4.tcp_sack takes 0 to 1, got '2'");
  }
}

TEST_CASE("Linux scripts: tcp_info asserts read the socket under test") {
  SECTION("the values Linux 6.18 reported for the same exchange") {
    // Measured with packetdrill: state 1, rtt ~100 ms and rttvar half of it,
    // rto = srtt + 200 ms (Linux rounds it to its 4 ms jiffies: 304000),
    // snd_mss 988 (1000 less 12 for timestamps), snd_wnd 257 << 7, nothing
    // unacknowledged or retransmitted.
    const RunReport r = run(kServer +
                            "+0 %{ assert tcpi_state == TCP_ESTABLISHED, tcpi_state }%\n"
                            "+0 %{\n"
                            "assert 99000 <= tcpi_rtt <= 101000\n"
                            "assert tcpi_rttvar == tcpi_rtt // 2\n"
                            "assert 300000 <= tcpi_rto <= 304000\n"
                            "assert tcpi_snd_mss == 988 and tcpi_snd_wnd == 257 * 128\n"
                            "assert tcpi_unacked == 0 and tcpi_total_retrans == 0 and tcpi_retransmits == 0\n"
                            "}%\n");
    INFO(r.message);
    CHECK(r.passed());
  }
  SECTION("a retransmission timeout: retransmits and total_retrans count it, the ACK clears retransmits") {
    // SACK was negotiated, so the tail loss probe (RFC 8985 §7) resends the
    // segment first: total_retrans counts it, retransmits (timeouts in a
    // row, Linux's icsk_retransmits) does not; then the RTO.
    const RunReport r = run(kServer +
                            "+0 write(4, ..., 988) = 988\n"
                            "+0 > P. 1:989(988) ack 1 <...>\n"
                            "+0 %{ assert tcpi_unacked == 1 and tcpi_total_retrans == 0 }%\n"
                            "* > P. 1:989(988) ack 1 <...>\n"
                            "+0 %{ assert tcpi_retransmits == 0 and tcpi_total_retrans == 1 and tcpi_unacked == 1 }%\n"
                            "* > P. 1:989(988) ack 1 <...>\n"
                            "+0 %{ assert tcpi_retransmits == 1 and tcpi_total_retrans == 2 and tcpi_unacked == 1 }%\n"
                            "+.1 < . 1:1(0) ack 989 win 257 <nop,nop,TS val 300 ecr 0>\n"
                            "+0 %{ assert tcpi_retransmits == 0 and tcpi_total_retrans == 2 and tcpi_unacked == 0 }%\n");
    INFO(r.message);
    CHECK(r.passed());
  }
  SECTION("a listening socket reports LISTEN and its accept queue") {
    const RunReport r = run("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 bind(3, ..., ...) = 0\n"
                            "+0 listen(3, 1) = 0\n+0 %{ assert tcpi_state == TCP_LISTEN and tcpi_rto == 0 }%\n");
    INFO(r.message);
    CHECK(r.passed());
  }
  SECTION("SYN-SENT before any RTT sample: rtt 0, rttvar a quarter of the 1 s RTO, the SYN unacknowledged") {
    const RunReport r = run("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0\n"
                            "+0 connect(3, ..., ...) = -1 EINPROGRESS\n+0 > S 0:0(0) <...>\n"
                            "+0 %{ assert tcpi_state == TCP_SYN_SENT and tcpi_rtt == 0 and tcpi_rttvar == 250000 }%\n"
                            "+0 %{ assert tcpi_rto == 1000000 and tcpi_unacked == 1 }%\n");
    INFO(r.message);
    CHECK(r.passed());
  }
  SECTION("a false assert fails with its position, the statement and the values") {
    const RunReport r = run(kServer + "+0 %{ assert tcpi_snd_mss == 1000, tcpi_snd_mss }%\n");
    CHECK(r.outcome == RunReport::Outcome::Mismatch);
    CHECK(r.message == "t.pkt:8:7: error: assertion failed: assert tcpi_snd_mss == 1000, tcpi_snd_mss (message: 988) "
                       "with tcpi_snd_mss = 988 at 0.100000 sec");
  }
  SECTION("fields the stack does not model are unsupported, never made up") {
    const RunReport r = run(kServer + "+0 %{ assert tcpi_rcv_mss == 1000 }%\n");
    CHECK(r.outcome == RunReport::Outcome::Unsupported);
    CHECK(r.message == "t.pkt:8: unsupported: tcp_info field tcpi_rcv_mss (not modelled yet)");
    const auto waiting = tcp_info_fields_not_modelled();
    CHECK(std::find(waiting.begin(), waiting.end(), "tcpi_rcv_mss") != waiting.end());
    for (std::string_view f : {"tcpi_snd_cwnd", "tcpi_snd_ssthresh", "tcpi_ca_state", "tcpi_sacked", "tcpi_lost",
                               "tcpi_retrans"})
      CHECK(std::find(waiting.begin(), waiting.end(), f) == waiting.end());
  }
  SECTION("congestion fields: cwnd and ssthresh in segments, the CA state") {
    CHECK(run(kServer + "+0 %{ assert tcpi_snd_cwnd == 10 and tcpi_snd_ssthresh == 2147483647 }%\n").passed());
    CHECK(run(kServer + "+0 %{ assert tcpi_ca_state == TCP_CA_Open and tcpi_sacked == 0 and tcpi_lost == 0 "
                        "and tcpi_retrans == 0 }%\n").passed());
  }
  SECTION("names that are not tcp_info are Python's NameError, at their column") {
    CHECK(run(kServer + "+0 %{ assert tcpi_cwnd == 10 }%\n").message == "t.pkt:8:14: error: name 'tcpi_cwnd' is not defined");
  }
  SECTION("no socket, no tcp_info") {
    CHECK(run("0 %{ assert tcpi_state == 7 }%\n").message ==
          "t.pkt:1: unsupported: tcp_info of a socket without a connection (before listen() or connect(), or none open)");
  }
}

TEST_CASE("Linux scripts: outbound segments add up as packetdrill adds them") {
  // Three MSS-sized segments (988 octets with timestamps) leave at once.
  const std::string burst = kServer + "+0 write(4, ..., 2964) = 2964\n";
  SECTION("one expected segment matches consecutive segments that continue one another") {
    const RunReport r = run(burst + "+0 > P. 1:2965(2964) ack 1 <...>\n");
    INFO(r.message);
    CHECK(r.passed());
    CHECK(run(burst + "+0 > . 1:1977(1976) ack 1 <...>\n+0 > P. 1977:2965(988) ack 1 <...>\n").passed());
  }
  SECTION("--strict_segments: each line is one segment") {
    const std::string strict = "live packet field tcp_payload_len: expected: 2964 vs actual: 988";
    CHECK_THAT(run("--strict_segments\n" + burst + "+0 > P. 1:2965(2964) ack 1 <...>\n").message, Catch::Contains(strict));
    RunConfig c;
    c.strict_segments = true;
    CHECK_THAT(run(burst + "+0 > P. 1:2965(2964) ack 1 <...>\n", c).message, Catch::Contains(strict));
  }
  SECTION("the sum must be exactly the expected length") {
    const RunReport r = run(burst + "+0 > P. 1:2001(2000) ack 1 <...>\n");
    CHECK(r.outcome == RunReport::Outcome::Mismatch);
    CHECK_THAT(r.message, Catch::StartsWith("t.pkt:9: error handling packet: live packet payload: expected 2000 bytes "
                                           "vs actual 2964 bytes\nscript packet: 0.100000 > P. 1:2001(2000) ack 1 <...>\n"
                                           "actual packet: 0.100000 > . 1:989(988) ack 1 win"));
  }
  SECTION("the sum takes the last segment's flags: the PSH is on the third") {
    CHECK_THAT(run(burst + "+0 > . 1:2965(2964) ack 1 <...>\n").message,
               Catch::Contains("live packet field tcp_flags: expected: . vs actual: P."));
  }
  SECTION("a segment that does not continue the one before is not added") {
    // 500 octets and nothing after them: the sum falls short.
    const std::string one = kServer + "+0 write(4, ..., 500) = 500\n";
    CHECK(run(one + "+0 > P. 1:501(500) ack 1 <...>\n+0 close(4) = 0\n+0 > F. 501:501(0) ack 1 <...>\n").passed());
    const RunReport r = run(one + "+0 > P. 1:1001(1000) ack 1 <...>\n");
    CHECK_THAT(r.message, Catch::StartsWith("t.pkt:9: error handling packet: live packet payload: expected 1000 bytes vs "
                                           "actual 500 bytes"));
  }
  SECTION("each segment but the last is as long as the one before") {
    // 500 octets, then the FIN's empty segment: no continuation.
    const RunReport r = run(kServer + "+0 write(4, ..., 500) = 500\n+0 close(4) = 0\n" + "+0 > FP. 1:1001(1000) ack 1 <...>\n");
    CHECK_THAT(r.message, Catch::Contains("error"));
  }
}
