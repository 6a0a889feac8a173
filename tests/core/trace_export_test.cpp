// The exported trace: JSON Lines, pcap bytes, and the digest.
#include <optional>
#include <catch2/catch.hpp>

#include <chrono>
#include <cstring>

#include "core/scenario/scenario.h"
#include "core/scenario/scenario_runner.h"
#include "core/sim/trace_export.h"
#include "core/wire/wire.h"

using namespace tcplab;
using namespace std::chrono_literals;

namespace {

ScenarioRun handshake(std::uint64_t seed = 1, const std::string& extra = "") {
  const std::string text = "host client 10.0.0.1\nhost server 10.0.0.2\n" + extra +
                           "at 0ms listen server:80 as l\nat 0ms connect client:40000 to server:80 as c\n"
                           "at 100ms close c\nrun until 1s\n";
  auto sc = parse_scenario(text, "t");
  REQUIRE(sc.ok());
  return run_scenario(sc.value(), seed);
}

std::uint32_t le32(const std::vector<std::uint8_t>& b, std::size_t at) {
  return b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (static_cast<std::uint32_t>(b[at + 3]) << 24);
}

}  // namespace

TEST_CASE("JSON Lines: one object per record, time and type first", "[trace][jsonl]") {
  const ScenarioRun run = handshake();
  const std::string text = to_jsonl(run.world.trace(), host_names(run.world));
  std::size_t lines = 0;
  for (std::size_t pos = 0; (pos = text.find('\n', pos)) != std::string::npos; ++pos) ++lines;
  CHECK(lines == run.world.trace().size());
  CHECK(text.rfind("{\"t\":0,\"type\":\"world\",\"seed\":\"1\",\"hosts\":[{\"name\":\"client\",\"addr\":\"10.0.0.1\","
                   "\"profile\":\"RFC 9293\"},{\"name\":\"server\",\"addr\":\"10.0.0.2\",\"profile\":\"RFC 9293\"}]}\n"
                   "{\"t\":0,\"type\":\"fault\",\"text\":\"link client->server: latency 10ms jitter 0ms bandwidth unlimited "
                   "queue unbounded loss 0% duplicate 0% reorder 0% reorder_delay 10ms corrupt 0% mtu 1500\"}\n",
                   0) == 0);
  CHECK(text.find("{\"t\":0,\"type\":\"conn\",\"host\":\"server\",\"conn\":\"l\"") != std::string::npos);
  CHECK(text.find("{\"t\":0,\"type\":\"segment\",\"id\":1,\"from\":\"client\",\"to\":\"server\",\"conn\":\"c\"") !=
        std::string::npos);
  CHECK(text.find("\"type\":\"state\",\"host\":\"server\",\"conn\":\"l.1\",\"from\":\"LISTEN\",\"to\":\"SYN-RECEIVED\","
                  "\"cause\":\"listen.syn\"") != std::string::npos);
  CHECK(text.find("{\"t\":10000,\"type\":\"fate\",\"id\":1,\"fate\":\"delivered\"") != std::string::npos);
}

TEST_CASE("JSON strings are escaped", "[trace][jsonl]") {
  TraceNames names({"a\"b", "c"});
  const std::string line = jsonl_line(TraceRecord{at(5us), FaultRecord{"x\"y\\z\n"}}, names);
  CHECK(line == "{\"t\":5,\"type\":\"fault\",\"text\":\"x\\\"y\\\\z\\u000a\"}");
}

TEST_CASE("pcap: LINKTYPE_RAW records of what one host saw, in time order", "[trace][pcap]") {
  const ScenarioRun run = handshake();
  const auto pcap = to_pcap(run.world.trace(), 0);
  REQUIRE(pcap.size() > 24);
  CHECK(le32(pcap, 0) == 0xA1B2C3D4);
  CHECK(le32(pcap, 20) == 101);
  std::size_t at_byte = 24, packets = 0;
  std::uint64_t last_us = 0;
  std::vector<Segment> segs;
  while (at_byte < pcap.size()) {
    const std::uint64_t us = le32(pcap, at_byte) * 1'000'000ULL + le32(pcap, at_byte + 4);
    const std::uint32_t len = le32(pcap, at_byte + 8);
    CHECK(le32(pcap, at_byte + 12) == len);
    CHECK(us >= last_us);
    last_us = us;
    auto seg = decode(std::span(pcap).subspan(at_byte + 16, len));
    REQUIRE(seg.ok());
    segs.push_back(seg.value());
    at_byte += 16 + len;
    ++packets;
  }
  CHECK(at_byte == pcap.size());
  // SYN out, SYN,ACK in, ACK out, FIN out, ACK in (the server never closes).
  REQUIRE(packets == 5);
  CHECK(segs[0].flags == Flags(kSyn));
  CHECK(segs[1].flags == Flags(kSyn | kAck));
  CHECK(segs[1].src_addr == 0x0A000002);
}

TEST_CASE("The digest follows the trace: same seed same digest, other seed other digest", "[trace][digest]") {
  const std::string lossy = "link loss 30%\n";
  const auto a = handshake(5, lossy), b = handshake(5, lossy), c = handshake(6, lossy);
  const std::string da = trace_digest(a.world.trace(), host_names(a.world));
  CHECK(da.size() == 16);
  CHECK(da == trace_digest(b.world.trace(), host_names(b.world)));
  CHECK(da != trace_digest(c.world.trace(), host_names(c.world)));
  CHECK(fnv1a64("") == 0xCBF29CE484222325ULL);
  CHECK(fnv1a64("a") == 0xAF63DC4C8601EC8CULL);  // the FNV-1a 64 test vector
}

TEST_CASE("Rewinding to a time and replaying gives the same trace, record for record", "[trace][rewind]") {
  const std::string text =
      "host client 10.0.0.1\nhost server 10.0.0.2\nlink loss 10% jitter 3ms duplicate 5% reorder 5%\n"
      "at 0ms listen server:80 as l\nat 0ms connect client:40000 to server:80 as c\n"
      "at 100ms send c 50000 bytes\nat 200ms send l.1 20000 bytes\nat 20s close c\nat 21s close l.1\n";
  auto sc = parse_scenario(text, "t");
  REQUIRE(sc.ok());
  WorldConfig cfg = sc.value().world;
  cfg.snapshot_every = 16;
  World w(cfg);
  for (const auto& a : sc.value().actions) w.schedule(a.t, a.action);
  w.run_until(at(60s));
  const auto names = host_names(w);
  const std::string full = to_jsonl(w.trace(), names);
  REQUIRE(w.snapshot_count() > 3);
  for (Instant t : {at(0s), at(150ms), at(1s), at(7s), at(20500ms)}) {
    w.rewind(t);
    CHECK(w.now() == t);
    const std::string prefix = to_jsonl(w.trace(), names);
    CHECK(full.compare(0, prefix.size(), prefix) == 0);
    w.run_until(at(60s));
    CHECK(to_jsonl(w.trace(), names) == full);
  }
}

TEST_CASE("An input given after a rewind starts a new future", "[trace][rewind]") {
  auto sc = parse_scenario("host client 10.0.0.1\nhost server 10.0.0.2\nat 0ms listen server:80 as l\n"
                           "at 0ms connect client:40000 to server:80 as c\nat 1s close c\n", "t");
  REQUIRE(sc.ok());
  World w(sc.value().world);
  for (const auto& a : sc.value().actions) w.schedule(a.t, a.action);
  w.run_until(at(2s));
  CHECK(w.entry(*w.find("c")).conn.state() == State::FinWait2);
  w.rewind(at(500ms));
  w.apply(AbortAction{"c"});
  w.run_until(at(2s));
  CHECK(w.entry(*w.find("c")).conn.state() == State::Closed);
  CHECK(w.entry(*w.find("l.1")).conn.state() == State::Closed);
}

#include "core/sim/ladder.h"

TEST_CASE("The ladder numbers each direction from its SYN, or shows raw numbers", "[trace][ladder]") {
  const ScenarioRun run = handshake();
  const std::string rel = ladder(run.world);
  CHECK(rel.find("#1   SYN      seq=0 ack=- len=0 win=65535") != std::string::npos);
  CHECK(rel.find("#2   SYN,ACK  seq=0 ack=1 len=0") != std::string::npos);
  CHECK(rel.find("#3   ACK      seq=1 ack=1 len=0") != std::string::npos);
  CHECK(rel.find("[server l.1] LISTEN -> SYN-RECEIVED  (listen.syn)") != std::string::npos);
  std::optional<SegmentSentRecord> syn;  // a copy: the trace hands out records by value
  for (const TraceRecord& r : run.world.trace())
    if (const auto* s = std::get_if<SegmentSentRecord>(&r.data); s && !syn) syn = *s;
  REQUIRE(syn);
  const std::string abs = ladder(run.world, true);
  CHECK(abs.find("SYN      seq=" + std::to_string(syn->seg.seq.value()) + " ack=0 ") != std::string::npos);
}
