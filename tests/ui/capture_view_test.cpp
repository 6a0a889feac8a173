// A real capture in the page's views (issue 17): the ladder model built from
// a replay (the same LadderIndex the simulated world fills, so the window
// lane and the inspector read both alike), and its narration: every state
// change with its rule or why it is assumed, every analysis finding with its
// rule, in plain language.
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>

#include "core/capture/replay.h"
#include "imgui_app/capture_narration.h"
#include "imgui_app/ladder_index.h"

using namespace tcplab;
using namespace tcplab::ui;

namespace {

Replay replay_of(const std::string& name, std::size_t stream = 0) {
  std::ifstream in(std::string(TCPLAB_SOURCE_DIR) + "/tests/data/captures/" + name, std::ios::binary);
  REQUIRE(in);
  auto s = CaptureSession::open({std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()});
  REQUIRE(s.ok());
  REQUIRE(s.value().select(stream).ok());
  return *s.value().replay();
}

std::vector<std::string> texts(const std::vector<NarrationLine>& lines) {
  std::vector<std::string> out;
  for (const NarrationLine& l : lines) out.push_back(l.text + (l.reference.empty() ? "" : " [" + l.reference + "]"));
  return out;
}

}  // namespace

TEST_CASE("capture view: the ladder model holds one segment per packet at the capture's times") {
  const Replay r = replay_of("client-closes.pcapng");
  LadderIndex index;
  index.load(r);
  REQUIRE(index.segments().size() == 11);
  const LadderSeg& syn = index.segments()[0];
  CHECK(syn.id == 1);  // the frame number
  CHECK(syn.from == 0);
  CHECK(micros(syn.sent) == 0);
  CHECK(syn.arrival == syn.sent);  // one place on the path: one time
  CHECK(syn.end == SegEnd::Delivered);
  CHECK(syn.seg.flags == Flags(kSyn));
  CHECK(syn.window == 65495);
  const LadderSeg& synack = index.segments()[1];
  CHECK(micros(synack.sent) == 13);  // 0.013 ms after the SYN, as `tcplab replay` prints it
  CHECK(synack.seg.seq.value() - synack.seq_base == 0);
  CHECK(synack.seg.ack.value() - synack.ack_base == 1);
  const LadderSeg& data = index.segments()[3];
  CHECK(data.payload == 5);
  CHECK(data.seg.seq.value() - data.seq_base == 1);
  CHECK(data.trace_index == 3);  // the replay's packet, for the inspector's bytes
  CHECK(index.find(4) == &data);
  // One mark per inference, the assumed ones said so.
  REQUIRE(index.marks().size() == r.inferences.size());
  const StateMark& listen = index.marks()[1];
  CHECK(listen.host == 1);
  CHECK(listen.to == State::Listen);
  CHECK(listen.assumed);
  CHECK_FALSE(index.marks()[0].assumed);
  CHECK(index.marks().back().to == State::Closed);
  CHECK(index.marks().back().assumed);
  // The same binary search as a world's ladder.
  const auto [lo, hi] = index.visible(at(std::chrono::milliseconds(50)), at(std::chrono::milliseconds(100)));
  CHECK(hi - lo == 2);  // #8 at 53.957 ms and #9 at 95.792 ms
}

TEST_CASE("capture view: an analysis flag is carried to the ladder (retransmissions, duplicate ACKs)") {
  const Replay r = replay_of("fast-retransmit.pcapng");
  LadderIndex index;
  index.load(r);
  std::size_t dup = 0, fast = 0;
  for (const LadderSeg& g : index.segments()) {
    dup += (g.analysis & kDuplicateAck) != 0;
    if (g.analysis & kFastRetransmission) {
      ++fast;
      CHECK(g.retransmission);
    }
  }
  CHECK(dup >= 3);
  CHECK(fast == 1);
}

TEST_CASE("capture narration: the state changes with their rules, the assumed ones with why") {
  const Replay r = replay_of("client-closes.pcapng");
  LadderIndex index;
  index.load(r);
  const std::vector<std::string> lines = texts(narrate_capture(r, index, "client-closes.pcapng", true));
  REQUIRE(lines.size() >= 12);
  CHECK(lines[0] ==
        "Capture client-closes.pcapng, stream 0: client 127.0.0.1:47458 and server 127.0.0.1:8080, 11 packets. Both "
        "ends' states are inferred from what crossed the wire; '?' marks an assumption.");
  CHECK(lines[1].rfind("client: CLOSED → SYN-SENT. ", 0) == 0);
  CHECK(lines[2] ==
        "server: CLOSED → LISTEN, assumed: The end answered a SYN with SYN,ACK, so it was listening; its passive OPEN "
        "was not on the wire. [RFC 9293 §3.10.1]");
  CHECK(lines[3].rfind("server: LISTEN → SYN-RECEIVED. ", 0) == 0);
  CHECK(lines.back() ==
        "server: LAST-ACK → CLOSED, assumed: The segment was sent to the end; nothing it sent afterwards was captured "
        "to show it arrived. [RFC 9293 §3.10.7.4]");
}

TEST_CASE("capture narration: retransmissions, duplicate ACKs, resets and challenge ACKs are told with their rules") {
  SECTION("fast retransmission after duplicate ACKs") {
    const Replay r = replay_of("fast-retransmit.pcapng");
    LadderIndex index;
    index.load(r);
    const std::vector<NarrationLine> lines = narrate_capture(r, index, "fast-retransmit.pcapng", true);
    const auto all = texts(lines);
    std::size_t dups = 0, fast = 0;
    for (const std::string& l : all) {
      dups += l.find("(duplicate ACK ") != std::string::npos;
      fast += l.find("a fast retransmission (RFC 5681 §3.2)") != std::string::npos;
    }
    CHECK(dups >= 3);
    CHECK(fast == 1);
  }
  SECTION("a reset and a challenge ACK") {
    const Replay r = replay_of("challenge.pcapng");
    LadderIndex index;
    index.load(r);
    const auto all = texts(narrate_capture(r, index, "challenge.pcapng", true));
    bool reset = false, challenge = false;
    for (const std::string& l : all) {
      reset = reset || l.find("resets the connection (RST).") != std::string::npos;
      challenge = challenge || l.find("it answers with a challenge ACK (RFC 5961). [RFC 5961") != std::string::npos;
    }
    CHECK(reset);
    CHECK(challenge);
  }
}
