// The backquoted shell lines of Linux's packetdrill tests, read for what
// they set: Linux's defaults and the net.ipv4.tcp_* sysctls the profile has.
#include <catch2/catch.hpp>

#include <string>

#include "core/drill/shell_settings.h"

using namespace tcplab;
using namespace tcplab::drill;

namespace {

Profile applied(const std::string& block, Profile p = Profile::linux_like()) {
  auto r = apply_shell_block(block, Position{1, 2}, p);
  INFO(block);
  if (!r) INFO(r.error().what);
  REQUIRE(r.ok());
  return p;
}

ShellProblem problem(const std::string& block, Profile p = Profile::linux_like()) {
  auto r = apply_shell_block(block, Position{1, 2}, p);
  INFO(block);
  REQUIRE_FALSE(r.ok());
  return r.error();
}

}  // namespace

TEST_CASE("shell lines: Linux's defaults script is the Linux profile") {
  Profile changed = Profile::linux_like();
  changed.send_sack_permitted = false;
  changed.syn_retries = 2;
  for (const char* line : {"../common/defaults.sh", "./defaults.sh", "  ../common/defaults.sh  "}) {
    const Profile p = applied(line, changed);
    CHECK(p.send_sack_permitted);
    CHECK(p.syn_retries == Profile::linux_like().syn_retries);
  }
  SECTION("but not under the textbook profile: that would silently change profiles") {
    const ShellProblem e = problem("../common/defaults.sh", Profile::rfc9293());
    CHECK(e.unsupported);
    CHECK(e.what == "Linux's defaults (../common/defaults.sh) in a script run with the RFC 9293 profile");
  }
}

TEST_CASE("shell lines: sysctls map onto the profile") {
  SECTION("options offered in the SYN") {
    const Profile p = applied("sysctl -q net.ipv4.tcp_sack=0 net.ipv4.tcp_timestamps=0\nsysctl -q net.ipv4.tcp_window_scaling=0");
    CHECK_FALSE(p.send_sack_permitted);
    CHECK_FALSE(p.send_timestamps);
    CHECK_FALSE(p.send_window_scale);
    CHECK(applied("sysctl -q net.ipv4.tcp_timestamps=2", p).send_timestamps);
    CHECK(applied("sysctl -w net/ipv4/tcp_sack=1", p).send_sack_permitted);
  }
  SECTION("buffers: the default is the socket's buffer, the max sets the window scale") {
    const Profile p = applied("sysctl -q net.ipv4.tcp_rmem=\"4096 87380 33554432\" net.ipv4.tcp_wmem='4096\t16384 4194304'");
    CHECK(p.receive_buffer == 87380);
    CHECK(p.window_scale == 10);
    CHECK(p.send_buffer == 16384);
    CHECK(applied("sysctl -q net.ipv4.tcp_rmem=\"4096 87380 6291456\"").window_scale == 7);
  }
  SECTION("without window scaling no buffer offers more than 65535") {
    CHECK(applied("sysctl -q net.ipv4.tcp_window_scaling=0 net.ipv4.tcp_rmem=\"4096 87380 6291456\"").receive_buffer ==
          65535);
  }
  SECTION("loss recovery and congestion control, kept for the congestion controller") {
    Profile p = applied("sysctl -q net.ipv4.tcp_early_retrans=0 net.ipv4.tcp_recovery=0 net.ipv4.tcp_congestion_control=reno");
    CHECK_FALSE(p.tail_loss_probe);
    CHECK_FALSE(p.rack);
    CHECK(p.congestion.algorithm == CongestionAlgorithm::NewReno);
    p = applied("sysctl -q net.ipv4.tcp_early_retrans=4; sysctl -q net.ipv4.tcp_recovery=1 net.ipv4.tcp_congestion_control=cubic",
                p);
    CHECK(p.tail_loss_probe);
    CHECK(p.rack);
    CHECK(p.congestion.algorithm == CongestionAlgorithm::Cubic);
    CHECK_FALSE(applied("sysctl -q net.ipv4.tcp_early_retrans=2").tail_loss_probe);  // 1 and 2: no TLP since Linux 4.13
  }
  SECTION("retry counts") {
    const Profile p = applied("sysctl -q net.ipv4.tcp_syn_retries=2 net.ipv4.tcp_synack_retries=1 net.ipv4.tcp_retries2=8");
    CHECK(p.syn_retries == 2);
    CHECK(p.synack_retries == 1);
    CHECK(p.data_retries == 8);
  }
  SECTION("settings that only say what the stack does anyway") {
    const Profile p = applied("sysctl -q net.ipv4.tcp_syn_linear_timeouts=0 net.ipv4.tcp_ecn=0\n# a comment\n\n");
    CHECK(p.send_sack_permitted == Profile::linux_like().send_sack_permitted);
  }
  SECTION("the profile's own defaults match the sysctls Linux ships") {
    CHECK(Profile::linux_like().congestion.algorithm == CongestionAlgorithm::Cubic);
    CHECK(Profile::linux_like().rack);
    CHECK(Profile::linux_like().tail_loss_probe);
    CHECK(Profile::rfc9293().congestion.algorithm == CongestionAlgorithm::NewReno);
    CHECK_FALSE(Profile::rfc9293().rack);
  }
}

TEST_CASE("shell lines: Linux's window scale rule, checked against Linux 6.18") {
  // tcp_select_initial_window: ilog2(max(tcp_rmem[2], rmem_max)) - 15. With
  // net.core.rmem_max at its default (212992) these are what 6.18 offered
  // for each tcp_rmem max (8388481 and 8388607 give 7, not 8).
  using Row = std::tuple<std::uint64_t, int>;
  auto [max, shift] = GENERATE(table<std::uint64_t, int>({
      Row{65535, 2}, Row{212992, 2}, Row{6291456, 7}, Row{8388480, 7}, Row{8388481, 7}, Row{8388607, 7},
      Row{8388608, 8}, Row{16777215, 8}, Row{33554432, 10}, Row{std::uint64_t{1} << 40, 14},
  }));
  INFO(max);
  CHECK(linux_window_scale(max) == shift);
}

TEST_CASE("shell lines: what the lab does not have is unsupported, with its line") {
  using Row = std::tuple<std::string, int, std::string>;
  auto [block, line, what] = GENERATE(table<std::string, int, std::string>({
      Row{"sysctl -q net.ipv4.tcp_frto=2", 1, "sysctl net.ipv4.tcp_frto=2"},
      Row{"sysctl -q net.ipv4.tcp_sack=1\nsysctl -q net.ipv4.tcp_reordering=5", 2, "sysctl net.ipv4.tcp_reordering=5"},
      Row{"sysctl -q net.ipv4.tcp_congestion_control=bbr", 1,
          "sysctl net.ipv4.tcp_congestion_control=bbr (the lab has reno and cubic)"},
      Row{"sysctl -q net.ipv4.tcp_recovery=3", 1, "sysctl net.ipv4.tcp_recovery=3 (of tcp_recovery the lab has bit 0x1, RACK)"},
      Row{"sysctl -q net.ipv4.tcp_syn_linear_timeouts=4", 1, "sysctl net.ipv4.tcp_syn_linear_timeouts=4"},
      Row{"ip tcp_metrics flush all", 1, "the shell command 'ip tcp_metrics flush all'"},
      Row{"../common/defaults.sh\n  tc qdisc add dev tun0 root fq", 2, "the shell command 'tc qdisc add dev tun0 root fq'"},
      Row{"sysctl -q net.ipv4.tcp_sack=0 > /dev/null", 1, "the shell construct '>'"},
      Row{"sysctl -n net.ipv4.tcp_sack", 1, "the sysctl option '-n' (the lab reads -q and -w)"},
      Row{"sysctl -q net.ipv4.tcp_sack", 1, "reading the sysctl net.ipv4.tcp_sack (the lab maps settings, name=value)"},
      Row{"sysctl -q net.ipv4.tcp_sack=\"$X\"", 1, "the shell substitution '$' in a quoted word"},
  }));
  INFO(block);
  const ShellProblem e = problem(block);
  CHECK(e.unsupported);
  CHECK(e.at.line == line);
  CHECK(e.what == what);
}

TEST_CASE("shell lines: values Linux refuses are errors, not settings") {
  using Row = std::tuple<std::string, std::string>;
  auto [block, what] = GENERATE(table<std::string, std::string>({
      Row{"sysctl -q net.ipv4.tcp_sack=yes", "net.ipv4.tcp_sack takes 0 to 1, got 'yes'"},
      Row{"sysctl -q net.ipv4.tcp_syn_retries=0", "net.ipv4.tcp_syn_retries takes 1 to 127, got '0'"},
      Row{"sysctl -q net.ipv4.tcp_rmem=\"4096 87380\"", "net.ipv4.tcp_rmem takes three sizes \"min default max\", got '4096 87380'"},
      Row{"sysctl -q net.ipv4.tcp_sack=\"1", "unterminated \" quote in the shell command"},
  }));
  INFO(block);
  const ShellProblem e = problem(block);
  CHECK_FALSE(e.unsupported);
  CHECK(e.what == what);
}
