// Stack bugs found by the random runs (tests/property) and the fuzzers,
// each kept as a specification with the seed or input that found it.
#include "tests/core/connection_harness.h"

using namespace tcplab;
using namespace tcplab::test;

namespace {

std::size_t payload_octets(const std::vector<Segment>& segs) {
  std::size_t n = 0;
  for (const Segment& s : segs) n += s.payload.size();
  return n;
}

bool any_fin(const std::vector<Segment>& segs) {
  return std::any_of(segs.begin(), segs.end(), [](const Segment& s) { return s.flags.has(kFin); });
}

}  // namespace

// Random run seed 44: both ends closed at once while one still had data
// queued behind a small window. RFC 9293 §3.10.4: CLOSE in ESTABLISHED queues
// the FIN "until all preceding SENDs have been segmentized"; the peer's FIN
// moving us to CLOSING does not cancel those SENDs.
TEST_CASE("CLOSING: data queued before CLOSE still goes out, then the FIN", "[connection][close][closing]") {
  Connection c = established_server();
  const SeqNum iss = iss_of(c);
  // The peer offers two segments of window; 5000 octets are queued.
  deliver(c, Segment{.seq = kPeerIss + 1, .ack = iss + 1, .flags = kAck, .window = 2920}, at_ms(20));
  REQUIRE(c.send(bytes(5000), at_ms(20)).ok());
  REQUIRE(payload_octets(transmitted(c, at_ms(20))) == 2920);
  REQUIRE(c.close(at_ms(21)).ok());
  REQUIRE(c.state() == State::FinWait1);
  CHECK_FALSE(any_fin(transmitted(c, at_ms(21))));  // the FIN waits behind 2080 octets
  // The peer's FIN acknowledges what was sent and opens the window.
  deliver(c, Segment{.seq = kPeerIss + 1, .ack = iss + 2921, .flags = kFin | kAck, .window = 65535}, at_ms(30));
  REQUIRE(c.state() == State::Closing);
  const std::vector<Segment> out = transmitted(c, at_ms(30));
  // One full segment goes; Nagle (RFC 9293 §3.7.4; CLOSE pushes) holds the
  // last 620 octets and the FIN until it is acknowledged.
  CHECK(payload_octets(out) == 1460);
  CHECK_FALSE(any_fin(out));
  deliver(c, Segment{.seq = kPeerIss + 2, .ack = iss + 4381, .flags = kAck, .window = 65535}, at_ms(40));
  const std::vector<Segment> rest = transmitted(c, at_ms(40));
  CHECK(payload_octets(rest) == 620);
  CHECK(any_fin(rest));
}
