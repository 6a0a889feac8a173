// A streaming application (StreamAction): it keeps the send buffer full, so
// what limits the sender is cwnd and the receiver's window, never the
// application; its octets are the pattern, made as room opens.
#include <catch2/catch.hpp>

#include <chrono>
#include <tuple>

#include "core/sim/world.h"
#include "core/wire/wire.h"

using namespace tcplab;
using namespace std::chrono_literals;

namespace {

constexpr std::uint32_t kSendBuffer = 16384;

WorldConfig streaming_hosts(std::uint32_t receive_buffer = 65535) {
  WorldConfig c;
  Profile p = Profile::rfc9293();
  p.delayed_ack = false;
  p.send_buffer = kSendBuffer;
  p.receive_buffer = receive_buffer;
  c.hosts = {{"client", 0x0A000001, p}, {"server", 0x0A000002, p}};
  for (LinkConfig& l : c.link) l.latency = 10ms;
  c.seed = 1;
  return c;
}

void connect(World& w) {
  w.apply(ListenAction{"server", "l", 80, 8});
  w.apply(ConnectAction{"client", "c", 40000, "server", 80});
  w.run_until(w.now() + 100ms);
  REQUIRE(w.entry(*w.find("c")).conn.state() == State::Established);
}

const ConnEntry& client(const World& w) { return w.entry(*w.find("c")); }
const ConnEntry& server(const World& w) { return w.entry(*w.find("l.1")); }

// Each data segment the client sent carries the pattern at its place in the
// stream; the octets checked (retransmissions count again).
std::uint64_t check_pattern(const World& w) {
  const SeqNum iss = client(w).conn.status().iss;
  std::uint64_t checked = 0;
  for (const TraceRecord& r : w.trace()) {
    const auto* s = std::get_if<SegmentSentRecord>(&r.data);
    if (!s || s->from != 0 || s->payload == 0) continue;
    const auto seg = decode(s->bytes);
    REQUIRE(seg);
    const std::uint32_t offset = seg.value().seq.value() - iss.value() - 1;
    std::vector<std::uint8_t> want(seg.value().payload.size());
    fill_pattern(want.data(), want.size(), offset);
    CHECK(seg.value().payload == want);
    checked += want.size();
  }
  return checked;
}

}  // namespace

TEST_CASE("A stream of N octets delivers exactly N, each octet the pattern at its place", "[world][stream]") {
  World w(streaming_hosts());
  connect(w);
  w.apply(StreamAction{"c", true, 200000});
  w.run_until(w.now() + 10s);
  CHECK(server(w).bytes_read == 200000);
  CHECK(client(w).conn.status().send_queued == 0);
  CHECK_FALSE(client(w).stream);
  CHECK(check_pattern(w) >= 200000);
  // The input log holds the action, not the octets.
  const std::vector<InputRecord> inputs = w.inputs();
  REQUIRE(inputs.size() == 3);
  CHECK(std::get<StreamAction>(inputs[2].action) == StreamAction{"c", true, 200000});
}

TEST_CASE("A stream keeps the send buffer full while cwnd limits the sender", "[world][stream]") {
  World w(streaming_hosts());
  connect(w);
  w.apply(StreamAction{"c", true, std::nullopt});
  // Slow start from the initial window: the buffer is topped up each time
  // ACKs free room, and cwnd, not the application, limits what is in flight.
  int cwnd_limited = 0;
  for (int i = 0; i < 40; ++i) {
    w.run_until(w.now() + 5ms);
    const ConnectionStatus st = client(w).conn.status();
    CHECK(st.send_queued == kSendBuffer);
    if (st.flight_size < st.send_queued && st.flight_size + st.send_mss > st.cwnd) ++cwnd_limited;
  }
  CHECK(cwnd_limited > 0);
  CHECK(client(w).stream);
  CHECK(server(w).bytes_read > 100000);
}

TEST_CASE("A stream against a receiver that does not read fills the window and waits, buffer still full",
          "[world][stream]") {
  World w(streaming_hosts(8192));
  connect(w);
  w.apply(ReadingAction{"l.1", false});
  w.apply(StreamAction{"c", true, std::nullopt});
  w.run_until(w.now() + 2s);
  // The receiver's window is shut: 8192 octets wait there, the sender holds a full buffer.
  CHECK(server(w).conn.status().receive_queued == 8192);
  CHECK(client(w).conn.status().snd_wnd == 0);
  CHECK(client(w).conn.status().send_queued == kSendBuffer);
  // Reading opens the window; the stream goes on from where its pattern was.
  w.apply(ReadingAction{"l.1", true});
  w.run_until(w.now() + 2s);
  CHECK(server(w).bytes_read > 8192 + kSendBuffer);
  CHECK(client(w).conn.status().send_queued == kSendBuffer);
  check_pattern(w);
}

TEST_CASE("Stopping a stream: what TCP holds is still delivered, then nothing more", "[world][stream]") {
  World w(streaming_hosts());
  connect(w);
  w.apply(StreamAction{"c", true, std::nullopt});
  w.run_until(w.now() + 300ms);
  w.apply(StreamAction{"c", false, std::nullopt});
  CHECK_FALSE(client(w).stream);
  w.run_until(w.now() + 5s);
  // Everything written reached the server: the octets sent so far, once each.
  const ConnectionStatus st = client(w).conn.status();
  CHECK(st.send_queued == 0);
  CHECK(server(w).bytes_read == st.snd_nxt.value() - st.iss.value() - 1);
  CHECK(server(w).bytes_read > kSendBuffer);
}

TEST_CASE("A stream on a closing connection fails like a write, and rewind replays a stream exactly",
          "[world][stream]") {
  World w(streaming_hosts());
  connect(w);
  w.apply(CloseAction{"c"});
  w.apply(StreamAction{"c", true, std::nullopt});
  CHECK_FALSE(client(w).stream);
  bool failed = false;
  for (const TraceRecord& r : w.trace())
    if (const auto* u = std::get_if<UserCallRecord>(&r.data); u && u->call == "stream" && !u->error.empty())
      failed = u->error == message(UserError::ConnectionClosing);
  CHECK(failed);

  World a(streaming_hosts());
  connect(a);
  a.apply(StreamAction{"c", true, 100000});
  a.run_until(a.now() + 3s);
  const std::uint64_t sent = a.segments_sent();
  a.rewind(at(150ms));
  a.run_until(at(100ms) + 3s);
  CHECK(a.segments_sent() == sent);
  CHECK(server(a).bytes_read == 100000);
}

TEST_CASE("A stream of N octets puts the same segments on the wire as a SEND of N the buffer cannot hold",
          "[world][stream]") {
  // The lessons' big `send c N bytes` already behaves as a full buffer (the
  // application keeps what does not fit and writes it as room opens): a
  // stream of N octets is the same transfer, segment for segment.
  const auto segments = [](Action what) {
    World w(streaming_hosts());
    connect(w);
    w.apply(std::move(what));
    w.run_until(w.now() + 10s);
    std::vector<std::tuple<std::int64_t, std::uint32_t, std::size_t, std::size_t>> out;
    for (const TraceRecord& r : w.trace())
      if (const auto* s = std::get_if<SegmentSentRecord>(&r.data))
        out.emplace_back(micros(r.t), s->seg.seq.value(), s->payload, s->from);
    return out;
  };
  const auto sent = segments(SendAction{"c", pattern_octets(150000)});
  const auto streamed = segments(StreamAction{"c", true, 150000});
  CHECK(sent.size() > 150000 / 1460);
  CHECK(streamed == sent);
}
