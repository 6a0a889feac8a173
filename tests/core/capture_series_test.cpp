// The window lane's series for a replayed capture (core/lab/capture_series.h):
// bytes in flight at the capture point, the peer's window scaled as the SYNs
// negotiated, and the analysis's marks, over real Linux captures
// (tests/data/captures) and one of the lab's own. The expected values are
// tshark's: tcp.analysis.bytes_in_flight on data segments, tcp.window_size
// (the scaled window), tcp.analysis.* for the marks.
#include <catch2/catch.hpp>

#include "capture_files.h"
#include "core/capture/replay.h"
#include "core/lab/capture_series.h"

using namespace tcplab;

namespace {

Replay replay_of(const std::string& path) {
  auto s = CaptureSession::open(read_source_file(path));
  REQUIRE(s.ok());
  REQUIRE(s.value().select(0).ok());
  return *s.value().replay();
}

// The value in force just after frame `frame`: the last entry set by it or before it.
template <class T>
const T* after_frame(const std::vector<T>& v, std::uint32_t frame) {
  const T* found = nullptr;
  for (const T& e : v) {
    const auto segment = std::optional<std::uint32_t>(e.segment);
    if (segment && *segment <= frame) found = &e;
  }
  return found;
}
std::uint32_t flight_after(const SenderSeries& s, std::uint32_t frame) {
  const WindowPoint* p = after_frame(s.points, frame);
  REQUIRE(p);
  return p->flight;
}
std::uint32_t window_after(const SenderSeries& s, std::uint32_t frame) {
  const PeerWindow* w = after_frame(s.peer_window, frame);
  REQUIRE(w);
  return w->window;
}
std::vector<std::uint32_t> marks_of(const SenderSeries& s, WindowMarkKind kind) {
  std::vector<std::uint32_t> frames;
  for (const WindowMark& m : s.marks)
    if (m.kind == kind) frames.push_back(*m.segment);
  return frames;
}

using Frames = std::vector<std::uint32_t>;

}  // namespace

TEST_CASE("capture series: bytes in flight and the scaled window of a bulk transfer", "[capture][series]") {
  // Loopback, one capture point; the client offered window scale 10, the server 0.
  const Replay r = replay_of("tests/data/captures/bulk.pcapng");
  const WindowSeries ws = capture_window_series(r);
  const SenderSeries* client = ws.for_host(0);
  const SenderSeries* server = ws.for_host(1);
  REQUIRE(client);
  REQUIRE(server);
  CHECK(client->from_wire);
  CHECK(client->conn.host == 0);

  SECTION("in flight: the highest sequence number sent minus the highest ACK seen") {
    CHECK(flight_after(*client, 1) == 1);  // the SYN takes one sequence number
    CHECK(flight_after(*client, 2) == 0);  // the SYN,ACK acknowledges it
    CHECK(flight_after(*client, 4) == 2048);
    CHECK(flight_after(*client, 5) == 0);
    CHECK(flight_after(*client, 6) == 2048);
    CHECK(flight_after(*client, 12) == 4096);
    CHECK(flight_after(*server, 2) == 1);
    CHECK(flight_after(*server, 3) == 0);
    // A point only where the value changed, each naming the frame that moved it.
    CHECK(client->points[2].segment == 4u);
    CHECK(client->points[3].segment == 5u);
    // At the capture point's time: frame 4 came 225.921 µs after frame 1.
    CHECK(micros(client->points[2].t) == 225);
  }
  SECTION("the peer's window, scaled by the shift its SYN offered; a SYN's own never") {
    CHECK(client->wire_scale == WireScale::Negotiated);
    CHECK(client->peer_shift == 0);
    CHECK(window_after(*client, 2) == 4096);
    CHECK(window_after(*client, 5) == 2048);
    CHECK(window_after(*client, 11) == 4096);
    CHECK(window_after(*client, 13) == 2048);
    CHECK(server->wire_scale == WireScale::Negotiated);
    CHECK(server->peer_shift == 10);
    CHECK(window_after(*server, 1) == 65495);  // the SYN's window, as sent
    CHECK(window_after(*server, 3) == 65536);  // 64 << 10
  }
  SECTION("cwnd and ssthresh are not on the wire: the points carry none") {
    for (const WindowPoint& p : client->points) {
      CHECK(p.cwnd == 0);
      CHECK(p.ssthresh == kInfiniteSsthresh);
    }
  }
}

TEST_CASE("capture series: a capture that starts after the SYNs cannot know the scale", "[capture][series]") {
  Replay whole = replay_of("tests/data/captures/bulk.pcapng");
  std::vector<StreamPacket> later(whole.packets.begin() + 2, whole.packets.end());  // from frame 3 on
  const WindowSeries ws = capture_window_series(make_replay(whole.stream, std::move(later)));
  const SenderSeries* server = ws.for_host(1);
  const SenderSeries* client = ws.for_host(0);
  REQUIRE(server);
  REQUIRE(client);
  CHECK(server->wire_scale == WireScale::Unknown);
  CHECK(client->wire_scale == WireScale::Unknown);
  CHECK(window_after(*server, 3) == 64);  // drawn as sent, and the lane says why
  // In flight counts from the first sequence number seen, until an ACK is.
  CHECK(flight_after(*client, 4) == 2048);
  CHECK(flight_after(*client, 5) == 0);
}

TEST_CASE("capture series: SYNs without the option mean windows as sent", "[capture][series]") {
  // The lab's own export: its SYNs carry no window scale.
  const Replay r = replay_of("tests/fuzz/corpus/pcap/zero-window.pcap");
  const WindowSeries ws = capture_window_series(r);
  const SenderSeries* client = ws.for_host(0);
  REQUIRE(client);
  CHECK(client->wire_scale == WireScale::NotNegotiated);
  CHECK(window_after(*client, 6) == 2540);
  CHECK(window_after(*client, 7) == 1080);
  CHECK(flight_after(*client, 4) == 1460);
  CHECK(flight_after(*client, 5) == 2920);
  CHECK(flight_after(*client, 8) == 1080);
}

TEST_CASE("capture series: the analysis's marks on the lane of the side they concern", "[capture][series]") {
  // Through a user-space link (lossy_link.py): each segment captured as
  // sent and as received, the two copies with other addresses, so stream 0
  // is the client's side of the link (tshark's tcp.stream == 0).
  SECTION("zero windows and window updates the receiver sent, on the sender's lane") {
    const Replay r = replay_of("tests/data/captures/zero-window.pcapng");
    const WindowSeries ws = capture_window_series(r);
    const SenderSeries* client = ws.for_host(0);
    REQUIRE(client);
    const Frames zero = marks_of(*client, WindowMarkKind::ZeroWindow);
    REQUIRE(zero.size() >= 5);
    CHECK(Frames(zero.begin(), zero.begin() + 5) == Frames{14, 18, 27, 33, 39});
    const Frames update = marks_of(*client, WindowMarkKind::WindowUpdate);
    REQUIRE(update.size() >= 4);
    CHECK(Frames(update.begin(), update.begin() + 4) == Frames{23, 29, 35, 41});
    CHECK(window_after(*client, 12) == 724);
    CHECK(window_after(*client, 14) == 0);
    CHECK(window_after(*client, 23) == 724);
    CHECK(micros(client->marks.front().t) == 44941);  // frame 14, 0.044941116 s
    const SenderSeries* server = ws.for_host(1);
    CHECK((!server || marks_of(*server, WindowMarkKind::ZeroWindow).empty()));
  }
  SECTION("retransmissions the sender sent and duplicate ACKs it received") {
    const Replay r = replay_of("tests/data/captures/rto.pcapng");
    const WindowSeries ws = capture_window_series(r);
    const SenderSeries* client = ws.for_host(0);
    REQUIRE(client);
    CHECK(marks_of(*client, WindowMarkKind::Retransmission) == Frames{16});
    CHECK(marks_of(*client, WindowMarkKind::DupAck) == Frames{15});
    CHECK(marks_of(*client, WindowMarkKind::FastRetransmit).empty());
  }
  SECTION("fast retransmissions after the duplicate ACKs") {
    const Replay r = replay_of("tests/data/captures/fast-retransmit.pcapng");
    const WindowSeries ws = capture_window_series(r);
    const SenderSeries* client = ws.for_host(0);
    REQUIRE(client);
    CHECK(marks_of(*client, WindowMarkKind::FastRetransmit) == Frames{37});
    CHECK(marks_of(*client, WindowMarkKind::Retransmission).empty());
    CHECK(marks_of(*client, WindowMarkKind::DupAck) == Frames{34, 35, 36, 38, 39, 40});
  }
}
