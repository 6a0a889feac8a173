// Replaying captures: real Linux sockets captured by dumpcap
// (tests/data/captures, made by make_captures.sh there), and the lab's own
// exported captures, whose trace says what each end really did.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include "capture_files.h"
#include "core/capture/replay.h"
#include "core/scenario/scenario.h"
#include "core/scenario/scenario_runner.h"
#include "core/sim/trace_export.h"

using namespace tcplab;

namespace {

// "SYN-SENT>ESTABLISHED" lines for one side, "?" after an assumed one.
std::vector<std::string> changes(const Replay& r, int side) {
  std::vector<std::string> out;
  for (const Inference& in : r.inferences)
    if (in.side == side)
      out.push_back(std::string(rfc_name(in.from)) + ">" + std::string(rfc_name(in.to)) + (in.certain ? "" : "?"));
  return out;
}

using Lines = std::vector<std::string>;

}  // namespace

TEST_CASE("replay: the client closes first (pcapng, Ethernet on lo)", "[capture][replay]") {
  CaptureSession s = open_capture("client-closes.pcapng");
  REQUIRE(s.scan().streams.size() == 1);
  REQUIRE(s.select(0).ok());
  const Replay& r = *s.replay();
  CHECK(r.side_name(0) == "client");
  // FIN-WAIT-2 stays assumed: the client's ACK of the server's FIN would be
  // the same had the ACK of its own FIN been lost (CLOSING), and so does the
  // TIME-WAIT built on it. The server's passive OPEN and its last ACK's
  // arrival leave nothing on the wire.
  CHECK(changes(r, 0) == Lines{"CLOSED>SYN-SENT", "SYN-SENT>ESTABLISHED", "ESTABLISHED>FIN-WAIT-1",
                               "FIN-WAIT-1>FIN-WAIT-2?", "FIN-WAIT-2>TIME-WAIT?"});
  CHECK(changes(r, 1) == Lines{"CLOSED>LISTEN?", "LISTEN>SYN-RECEIVED", "SYN-RECEIVED>ESTABLISHED",
                               "ESTABLISHED>CLOSE-WAIT", "CLOSE-WAIT>LAST-ACK", "LAST-ACK>CLOSED?"});
  // Each certain change names the segment that proves it.
  for (const Inference& in : r.inferences)
    if (in.certain && in.basis == ObserverBasis::Answered) CHECK(in.proved_by);
}

TEST_CASE("replay: the server closes first (classic pcap)", "[capture][replay]") {
  CaptureSession s = open_capture("server-closes.pcap");
  REQUIRE(s.select(0).ok());
  const Replay& r = *s.replay();
  CHECK(changes(r, 1) == Lines{"CLOSED>LISTEN?", "LISTEN>SYN-RECEIVED", "SYN-RECEIVED>ESTABLISHED",
                               "ESTABLISHED>FIN-WAIT-1", "FIN-WAIT-1>FIN-WAIT-2?", "FIN-WAIT-2>TIME-WAIT?"});
  CHECK(changes(r, 0) == Lines{"CLOSED>SYN-SENT", "SYN-SENT>ESTABLISHED", "ESTABLISHED>CLOSE-WAIT",
                               "CLOSE-WAIT>LAST-ACK", "LAST-ACK>CLOSED?"});
}

TEST_CASE("replay: half-close over Linux cooked SLL: data flows to the client in FIN-WAIT-2", "[capture][replay]") {
  CaptureSession s = open_capture("half-close-sll.pcap");
  REQUIRE(s.select(0).ok());
  const Replay& r = *s.replay();
  CHECK(changes(r, 0) == Lines{"CLOSED>SYN-SENT", "SYN-SENT>ESTABLISHED", "ESTABLISHED>FIN-WAIT-1",
                               "FIN-WAIT-1>FIN-WAIT-2?", "FIN-WAIT-2>TIME-WAIT?"});
  // The server's 3 x 1000 octets reach the client after its FIN, the first
  // one carrying the ACK of that FIN.
  std::uint64_t data_to_half_closed_client = 0;
  for (std::size_t i = 0; i < r.packets.size(); ++i)
    if (r.packets[i].from == 1 && r.packets[i].tcp.payload_length > 0 && r.state_after(0, i) == State::FinWait2)
      data_to_half_closed_client += r.packets[i].tcp.payload_length;
  CHECK(data_to_half_closed_client == 3000);
}

TEST_CASE("replay: an aborted connection (SLL2): RST from the server", "[capture][replay]") {
  CaptureSession s = open_capture("abort-sll2.pcapng");
  REQUIRE(s.select(0).ok());
  const Replay& r = *s.replay();
  CHECK(changes(r, 1) == Lines{"CLOSED>LISTEN?", "LISTEN>SYN-RECEIVED", "SYN-RECEIVED>ESTABLISHED",
                               "ESTABLISHED>CLOSED"});
  CHECK(changes(r, 0).back() == "ESTABLISHED>CLOSED?");  // the RST's arrival: nothing follows it
  bool aborted = false;
  for (const Inference& in : r.inferences) aborted = aborted || (in.side == 1 && in.rule == Rule::Abort && in.certain);
  CHECK(aborted);
  CHECK(r.analysis.back().has(kReset));
}

TEST_CASE("replay: a refused connection", "[capture][replay]") {
  CaptureSession s = open_capture("refused.pcapng");
  REQUIRE(s.select(0).ok());
  const Replay& r = *s.replay();
  CHECK(changes(r, 0) == Lines{"CLOSED>SYN-SENT", "SYN-SENT>CLOSED?"});
  CHECK(changes(r, 1).empty());  // no listener: the reset comes from a closed port, no state of its own
}

TEST_CASE("replay: IPv6 over loopback", "[capture][replay]") {
  CaptureSession s = open_capture("ipv6.pcapng");
  REQUIRE(s.scan().streams.size() == 1);
  CHECK(s.scan().streams[0].b.text() == "[::1]:8080");
  REQUIRE(s.select(0).ok());
  CHECK(changes(*s.replay(), 0).size() == 5);
}

TEST_CASE("replay: the same 4-tuple used twice is two streams", "[capture][replay]") {
  CaptureSession s = open_capture("reuse.pcapng");
  REQUIRE(s.scan().streams.size() == 2);
  CHECK(s.scan().streams[0].a == s.scan().streams[1].a);
  CHECK(s.scan().streams[0].b == s.scan().streams[1].b);
  for (std::size_t i = 0; i < 2; ++i) {
    REQUIRE(s.select(i).ok());
    CHECK(changes(*s.replay(), 0).front() == "CLOSED>SYN-SENT");
  }
}

TEST_CASE("replay: a stream that does not exist is refused", "[capture][replay]") {
  CaptureSession s = open_capture("refused.pcapng");
  CHECK(s.select(5).error().message == "there is no stream 5; the capture has 1 TCP stream(s), numbered from 0");
}

TEST_CASE("replay: a forged RST in the window gets Linux's challenge ACK, and moves no one", "[capture][replay]") {
  CaptureSession s = open_capture("challenge.pcapng");
  REQUIRE(s.select(0).ok());
  const Replay& r = *s.replay();
  std::vector<std::uint64_t> challenges;
  for (std::size_t i = 0; i < r.packets.size(); ++i)
    if (r.analysis[i].has(kChallengeAck)) challenges.push_back(r.packets[i].number);
  CHECK(challenges == std::vector<std::uint64_t>{7});
  CHECK(r.analysis[5].has(kReset));
  CHECK(r.packets[5].number == 6);
  // The RST is not at the client's SND.NXT (it is not the client's own), and
  // not at the server's RCV.NXT (RFC 5961 §3.2): both ends stay ESTABLISHED
  // until the orderly close.
  CHECK(r.state_after(0, 6) == State::Established);
  CHECK(r.state_after(1, 6) == State::Established);
  CHECK(changes(r, 0) == Lines{"CLOSED>SYN-SENT", "SYN-SENT>ESTABLISHED", "ESTABLISHED>FIN-WAIT-1",
                               "FIN-WAIT-1>TIME-WAIT"});
}

TEST_CASE("replay: the lab's challenge-ack lesson, seen from the client", "[capture][replay]") {
  std::ifstream in(std::string(TCPLAB_SOURCE_DIR) + "/scenarios/challenge-ack.scenario");
  std::stringstream text;
  text << in.rdbuf();
  auto sc = parse_scenario(text.str(), "challenge-ack.scenario");
  REQUIRE(sc.ok());
  const ScenarioRun run = run_scenario(sc.value());
  auto s = CaptureSession::open(to_pcap(run.world.trace(), 0));
  REQUIRE(s.ok());
  REQUIRE(s.value().select(0).ok());
  const Replay& r = *s.value().replay();
  REQUIRE(r.packets.size() == 5);
  CHECK(r.analysis[3].has(kReset));
  CHECK(r.analysis[4].has(kChallengeAck));
  for (std::size_t i = 0; i < 4; ++i) CHECK_FALSE(r.analysis[i].has(kChallengeAck));
  CHECK(r.state_after(1, 4) == State::Established);
}
