// The lab UI's logic without a screen: the session the panels drive, the
// narration, the ladder's index, the time view and the packet fields.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <sstream>

#include "core/sim/ladder.h"
#include "core/wire/wire.h"
#include "imgui_app/ladder_index.h"
#include "imgui_app/narration.h"
#include "imgui_app/packet_fields.h"
#include "core/lab/lab_session.h"
#include "imgui_app/stepping.h"
#include "imgui_app/strings.h"
#include "imgui_app/time_view.h"

using namespace tcplab;
using namespace tcplab::ui;
using namespace std::chrono_literals;

namespace {

State state_of(const LabSession& s, std::size_t host) {
  const auto f = s.focus(host);
  return f ? s.world().entry(*f).conn.state() : State::Closed;
}

void run(LabSession& s, std::vector<Command> cmds, double wall_seconds) {
  s.apply(cmds);
  for (double t = 0; t < wall_seconds; t += 0.05) s.advance(0.05);
}

bool has_line(const Narrator& n, std::string_view prefix) {
  return std::any_of(n.lines().begin(), n.lines().end(), [&](const NarrationLine& l) { return l.text.rfind(prefix, 0) == 0; });
}

}  // namespace

TEST_CASE("strings: templates fill their arguments in any order") {
  CHECK(fill_text("{1} then {0}", {"a", "b"}) == "b then a");
  CHECK(fill_text("{0} and {5}", {"x"}) == "x and ");
  CHECK(std::string(tr(Str::Listen)) == "Listen");
}

TEST_CASE("session: the learner's clicks drive a handshake at lab speed") {
  LabSession s;
  CHECK(s.setup().link[0].latency == 250ms);
  CHECK(s.time_wait() == 10s);  // the lab MSL of 5 s, shown instead of the RFC's 4 minutes
  run(s, {ApplyCmd{ListenAction{"server", s.fresh_name("l"), 80, 128}}}, 0);
  run(s, {ApplyCmd{ConnectAction{"client", s.fresh_name("c"), 40000, "server", 80}}}, 0.1);
  CHECK(state_of(s, 0) == State::SynSent);
  run(s, {}, 1.0);
  CHECK(state_of(s, 0) == State::Established);
  CHECK(state_of(s, 1) == State::Established);
  CHECK(s.world().entry(*s.focus(1)).name == "l.1");  // the accepted child stands for the server
  CHECK(s.fresh_name("c") == "c2");

  SECTION("pause stops the clock, step runs to the next event") {
    run(s, {PlayCmd{false}}, 0.5);
    const Instant t = s.world().now();
    run(s, {}, 0.5);
    CHECK(s.world().now() == t);
    run(s, {ApplyCmd{CloseAction{"c"}}}, 0);
    run(s, {StepCmd{}}, 0);
    CHECK(s.world().now() == t + 250ms);
    CHECK(state_of(s, 1) == State::CloseWait);
  }
  SECTION("speed is clamped to 0.1x..10x and a frame advances at most 0.1 s of wall time") {
    run(s, {SpeedCmd{50}}, 0);
    CHECK(s.speed() == kMaxSpeed);
    const Instant t = s.world().now();
    s.advance(5.0);
    CHECK(s.world().now() == t + 1s);
  }
  SECTION("rewind replays the same world, and play redoes what followed") {
    const auto segs = s.world().segments_sent();
    run(s, {RewindCmd{Instant{100ms}}}, 0);
    CHECK(s.world().now() == Instant{100ms});
    CHECK(state_of(s, 0) == State::SynSent);
    run(s, {}, 2.0);
    CHECK(state_of(s, 0) == State::Established);
    CHECK(s.world().segments_sent() == segs);
  }
  SECTION("reset applies a new setup") {
    LabSetup setup;
    setup.real_msl = true;
    setup.profile = ProfileKind::LinuxLike;
    setup.delayed_ack = false;
    setup.receive_buffer = 4000;
    setup.syn_retries = 3;
    run(s, {ResetCmd{setup}}, 0);
    CHECK(s.world().now() == Instant{});
    CHECK(s.time_wait() == 60s);  // Linux's TIME-WAIT, not a scaled one
    for (const Host& h : s.world().hosts()) {
      CHECK(!h.profile().delayed_ack);
      CHECK(h.profile().receive_buffer == 4000);
      CHECK(h.profile().syn_retries == 3);
    }
    CHECK(!s.focus(0));
  }
}

TEST_CASE("session: a lesson loads its scenario's actions") {
  std::string err;
  auto p = make_lesson("mini", "description Two hosts shake hands.\nhost client 10.0.0.1\nhost server 10.0.0.2\n"
                               "at 0ms listen server:80 as l\nat 10ms connect client:40000 to server:80 as c\n", &err);
  REQUIRE(p);
  CHECK(p->description == "Two hosts shake hands.");
  LabSession s;
  s.set_lessons({*p});
  run(s, {LoadLessonCmd{0}}, 0.5);
  CHECK(s.loaded_lesson() == 0u);
  CHECK(state_of(s, 0) == State::Established);
  CHECK(!make_lesson("bad", "at soon listen server:80 as l\n", &err));
  CHECK(err.find("bad:1:") == 0);
}

TEST_CASE("narration: says what happened and why and answers the syllabus's questions") {
  LabSession s;
  Narrator n;
  run(s, {ApplyCmd{ListenAction{"server", "l", 80, 128}}, ApplyCmd{ConnectAction{"client", "c", 40000, "server", 80}}}, 1.0);
  n.update(s.world(), s.generation());
  CHECK(has_line(n, "Server: LISTEN → SYN-RECEIVED. SYN in LISTEN: answer SYN,ACK and enter SYN-RECEIVED."));
  const auto it = std::find_if(n.lines().begin(), n.lines().end(),
                               [](const NarrationLine& l) { return l.text.find("LISTEN → SYN-RECEIVED") != std::string::npos; });
  CHECK(it->reference == "RFC 9293 §3.10.7.2");
  CHECK(has_line(n, "Why a third segment?"));
  CHECK(!has_line(n, "Why four segments"));

  run(s, {ApplyCmd{CloseAction{"c"}}}, 1.0);
  run(s, {ApplyCmd{CloseAction{"l.1"}}}, 1.0);
  n.update(s.world(), s.generation());
  CHECK(has_line(n, "Why four segments to close?"));
  CHECK(has_line(n, "Why wait 2MSL (10 s here)?"));

  SECTION("a rewind starts the log over, consistent with the world") {
    run(s, {RewindCmd{Instant{10ms}}}, 0);
    n.update(s.world(), s.generation());
    CHECK(!has_line(n, "Why a third segment?"));
  }
}

TEST_CASE("narration: a lost third ACK is explained as the RFC handles it") {
  LabSession s;
  Narrator n;
  SegmentFilter pure_ack;
  pure_ack.flags = Flags(kAck);
  pure_ack.has_payload = false;
  run(s, {ApplyCmd{ListenAction{"server", "l", 80, 128}}, ApplyCmd{DropNextAction{0, pure_ack}},
          ApplyCmd{ConnectAction{"client", "c", 40000, "server", 80}}}, 1.0);
  n.update(s.world(), s.generation());
  CHECK(has_line(n, "The third ACK of the handshake is lost."));
  // What the client does, as the trace shows: it rejects the retransmitted
  // SYN,ACK (syn.challenge) and sends an ACK that completes the handshake.
  run(s, {}, 1.5);
  n.update(s.world(), s.generation());
  CHECK(has_line(n, "Client drops SYN,ACK"));
  const auto why = std::find_if(n.lines().begin(), n.lines().end(), [](const NarrationLine& l) { return l.text.rfind("The third ACK", 0) == 0; });
  REQUIRE(why != n.lines().end());
  CHECK(why->text.find("the client answers that SYN,ACK with an ACK again") != std::string::npos);
  CHECK(state_of(s, 1) == State::Established);
}

TEST_CASE("ladder index: relative numbers agree with the text ladder when a host has two connections") {
  LabSession s;
  LadderIndex idx;
  const std::vector<std::uint8_t> hello{'h', 'e', 'l', 'l', 'o'};
  run(s, {ApplyCmd{ListenAction{"server", "l", 80, 128}}, ApplyCmd{ConnectAction{"client", "c", 40000, "server", 80}},
          ApplyCmd{ConnectAction{"client", "d", 40001, "server", 80}}}, 1.0);
  run(s, {ApplyCmd{SendAction{"c", hello}}, ApplyCmd{SendAction{"d", hello}}}, 1.0);
  idx.update(s.world(), s.generation());
  // The text ladder's "#ID FLAGS seq=X ack=Y" per segment.
  std::map<std::uint32_t, std::pair<std::string, std::string>> text;
  std::istringstream lines(ladder(s.world()));
  for (std::string line; std::getline(lines, line);) {
    const auto hash = line.find(" #"), seq = line.find(" seq="), ack = line.find(" ack=");
    if (hash == std::string::npos || seq == std::string::npos || ack == std::string::npos) continue;
    const auto id = static_cast<std::uint32_t>(std::stoul(line.substr(hash + 2)));
    text[id] = {line.substr(seq + 5, line.find(' ', seq + 1) - seq - 5), line.substr(ack + 5, line.find(' ', ack + 1) - ack - 5)};
  }
  std::vector<std::uint32_t> client_isns;
  std::size_t data = 0;
  for (const LadderSeg& g : idx.segments()) {
    INFO("segment #" << g.id);
    REQUIRE(text.count(g.id) == 1);
    const std::uint32_t seq = g.seg.seq.value() - g.seq_base, ack = g.seg.ack.value() - g.ack_base;
    CHECK(std::to_string(seq) == text[g.id].first);
    if (g.seg.flags.has(kAck)) CHECK(std::to_string(ack) == text[g.id].second);
    if (g.seg.flags.has(kSyn)) CHECK(seq == 0);
    if (g.seg.flags.has(kSyn) && g.from == 0) client_isns.push_back(g.seg.seq.value());
    if (g.payload > 0) {
      ++data;
      CHECK(seq == 1);  // each connection's first octet, whatever the other connection did
      CHECK(ack == 1);
    }
  }
  REQUIRE(client_isns.size() == 2);
  CHECK(client_isns[0] != client_isns[1]);  // two connections, two bases
  CHECK(data == 2);
}

TEST_CASE("ladder index: visible segments by binary search and fates folded in") {
  LabSession s;
  LadderIndex idx;
  run(s, {ApplyCmd{ListenAction{"server", "l", 80, 128}}, ApplyCmd{DropNextAction{0, SegmentFilter{}}},
          ApplyCmd{ConnectAction{"client", "c", 40000, "server", 80}}}, 2.0);
  idx.update(s.world(), s.generation());
  const auto& segs = idx.segments();
  REQUIRE(segs.size() >= 4);
  CHECK(segs[0].seg.flags == Flags(kSyn));
  CHECK(segs[0].end == SegEnd::Dropped);
  CHECK(segs[0].ended == segs[0].sent + 125ms);  // the cross sits mid-link
  CHECK(segs[1].retransmission);
  CHECK(segs[1].end == SegEnd::Delivered);
  CHECK(segs[1].seq_base == segs[1].seg.seq.value());  // relative numbers start at 0
  CHECK(idx.longest_flight() == 250ms);
  // Before anything was sent: nothing. Around the retransmission: it and what answered it.
  auto [lo, hi] = idx.visible(Instant{}, Instant{500ms});
  CHECK(hi - lo == 1);
  std::tie(lo, hi) = idx.visible(Instant{1100ms}, Instant{1200ms});
  CHECK(segs[lo].id == segs[1].id);
  CHECK(idx.find(segs[1].id) == &segs[1]);
  auto [mlo, mhi] = idx.visible_marks(Instant{}, Instant{10s});
  CHECK(mhi - mlo >= 4);
}

TEST_CASE("time view: time and pixels map both ways - zoom keeps the point under the mouse") {
  TimeView v;
  v.left = 100;
  v.width = 500;
  v.start_us = 0;
  v.us_per_px = 1000;
  CHECK(v.x_of(50000.0) == Approx(150));
  CHECK(v.t_of(150) == Approx(50000));
  CHECK(v.end_us() == Approx(500000));
  v.zoom(150, 0.5);
  CHECK(v.t_of(150) == Approx(50000));
  CHECK(v.us_per_px == Approx(500));
  v.pan(10);
  CHECK(v.t_of(160) == Approx(50000));
  v.pin(1e6, 0.8f);
  CHECK(v.x_of(1e6) == Approx(100 + 400));
  CHECK(tick_step_us(1000, 90) == 100000);
  CHECK(tick_step_us(3, 90) == 500);
}

TEST_CASE("packet fields: every header field with its bytes") {
  Segment seg;
  seg.src_addr = 0x0A000001;
  seg.dst_addr = 0x0A000002;
  seg.src_port = 40000;
  seg.dst_port = 80;
  seg.seq = SeqNum(1000);
  seg.flags = Flags(kSyn);
  seg.window = 65535;
  seg.options.mss = 1460;
  const auto bytes = encode(seg);
  const auto f = packet_fields(bytes);
  auto field = [&](std::string_view name) {
    auto it = std::find_if(f.begin(), f.end(), [&](const PacketField& x) { return x.name == name; });
    REQUIRE(it != f.end());
    return *it;
  };
  CHECK(field("Source").value == "10.0.0.1");
  CHECK(field("Sequence number").value == "1000");
  CHECK(field("Sequence number").offset == 24);
  CHECK(field("Sequence number").length == 4);
  CHECK(field("Flags").value.rfind("SYN", 0) == 0);
  CHECK(field("MSS").value == "1460");
  CHECK(field("MSS").offset == 40);
  CHECK(field("Checksum").value.find("(correct)") != std::string::npos);
  CHECK(field("Header checksum").value.find("(correct)") != std::string::npos);

  SECTION("a flipped bit shows as a wrong checksum") {
    auto bad = bytes;
    bad[30] ^= 0x01;
    CHECK(std::find_if(packet_fields(bad).begin(), packet_fields(bad).end(), [](const PacketField& x) {
            return x.name == "Checksum" && x.value.find("WRONG") != std::string::npos;
          }) != packet_fields(bad).end());
  }
  SECTION("truncated bytes say so instead of reading past the end") {
    const std::vector<std::uint8_t> head(bytes.begin(), bytes.begin() + 30);
    CHECK(packet_fields(head).back().name == "Truncated");
  }
}

TEST_CASE("narration: a simultaneous open is not asked why a third segment") {
  LabSession s;
  Narrator n;
  run(s, {ApplyCmd{ConnectAction{"client", "c", 40000, "server", 80}}, ApplyCmd{ConnectAction{"server", "s", 80, "client", 40000}}},
      2.0);
  REQUIRE(state_of(s, 0) == State::Established);
  REQUIRE(state_of(s, 1) == State::Established);
  n.update(s.world(), s.generation());
  CHECK(has_line(n, "Simultaneous open:"));
  CHECK(has_line(n, "Client: SYN-RECEIVED → ESTABLISHED."));
  CHECK(!has_line(n, "Why a third segment?"));
}

TEST_CASE("narration: octets reach the application only when it reads") {
  LabSession s;
  Narrator n;
  const std::vector<std::uint8_t> hello = {'h', 'e', 'l', 'l', 'o'};
  run(s, {ApplyCmd{ListenAction{"server", "l", 80, 128}}, ApplyCmd{ConnectAction{"client", "c", 40000, "server", 80}}}, 1.0);
  SECTION("reading: handed to the application") {
    run(s, {ApplyCmd{SendAction{"c", hello}}}, 1.0);
    n.update(s.world(), s.generation());
    CHECK(has_line(n, "Server hands 5 octet(s) to its application."));
    CHECK(!has_line(n, "Server keeps"));
  }
  SECTION("not reading: kept in the receive buffer") {
    run(s, {ApplyCmd{ReadingAction{"l.1", false}}, ApplyCmd{SendAction{"c", hello}}}, 1.0);
    n.update(s.world(), s.generation());
    CHECK(has_line(n, "Server keeps 5 octet(s) in its receive buffer: its application is not reading."));
    CHECK(!has_line(n, "Server hands"));
  }
}

TEST_CASE("narration: a lesson's narration opens with the lesson, not the link's settings") {
  auto p = make_lesson("mini", "description Two hosts shake hands.\nhost client 10.0.0.1\nhost server 10.0.0.2\n"
                               "link latency 10ms\nat 0ms listen server:80 as l\nat 10ms connect client:40000 to server:80 as c\n");
  REQUIRE(p);
  LabSession s;
  s.set_lessons({*p});
  run(s, {LoadLessonCmd{0}}, 0.5);
  Narrator n;
  n.update(s.world(), s.generation(), "Lesson mini: Two hosts shake hands.");
  REQUIRE(n.lines().size() > 2);
  CHECK(n.lines()[0].text == "Lesson mini: Two hosts shake hands.");
  CHECK(n.lines()[1].text.rfind("Server calls", 0) == 0);
  CHECK(!has_line(n, "Link: link"));
  SECTION("a link changed later is still told") {
    LinkChange lossy;
    lossy.dir = 0;
    lossy.loss = 0.5;
    run(s, {ApplyCmd{lossy}}, 0.1);
    n.update(s.world(), s.generation(), "Lesson mini: Two hosts shake hands.");
    CHECK(has_line(n, "Link: link client->server"));
  }
}

TEST_CASE("narration: sequence numbers follow the ladder's relative or absolute choice") {
  LabSession s;
  run(s, {ApplyCmd{ListenAction{"server", "l", 80, 128}}, ApplyCmd{ConnectAction{"client", "c", 40000, "server", 80}}}, 1.0);
  Narrator n;
  n.set_relative(true);
  n.update(s.world(), s.generation());
  CHECK(has_line(n, "Client sends SYN seq=0:"));
  CHECK(has_line(n, "Server sends SYN,ACK seq=0 ack=1:"));
  CHECK(has_line(n, "Client sends ACK seq=1 ack=1:"));
  SECTION("absolute: the ISNs themselves, the whole story told again") {
    const auto syn = std::find_if(s.world().trace().begin(), s.world().trace().end(), [](const TraceRecord& r) {
      const auto* sent = std::get_if<SegmentSentRecord>(&r.data);
      return sent && sent->from == 0;
    });
    REQUIRE(syn != s.world().trace().end());
    const std::uint32_t iss = std::get<SegmentSentRecord>(syn->data).seg.seq.value();
    n.set_relative(false);
    n.update(s.world(), s.generation());
    CHECK(has_line(n, "Client sends SYN seq=" + std::to_string(iss) + ":"));
    CHECK(!has_line(n, "Client sends SYN seq=0:"));
  }
}

TEST_CASE("time bar: left arrow steps back to just after the previous event") {
  LabSession s;
  run(s, {ApplyCmd{ListenAction{"server", "l", 80, 128}}, ApplyCmd{ConnectAction{"client", "c", 40000, "server", 80}},
          PlayCmd{false}}, 0.05);
  run(s, {RunUntilCmd{Instant{300ms}}}, 0);  // the SYN arrived at 250 ms: SYN-RECEIVED
  REQUIRE(state_of(s, 1) == State::SynReceived);
  auto back = previous_event(s.world());
  REQUIRE(back);
  CHECK(*back == Instant{250ms} + Duration{1});
  run(s, {RewindCmd{*back}}, 0);
  CHECK(state_of(s, 1) == State::SynReceived);  // that moment's outcome
  back = previous_event(s.world());
  REQUIRE(back);
  CHECK(*back == Instant{} + Duration{1});
  run(s, {RewindCmd{*back}}, 0);
  CHECK(state_of(s, 1) == State::Listen);  // before the SYN arrived
  CHECK(state_of(s, 0) == State::SynSent);
  back = previous_event(s.world());
  REQUIRE(back);
  CHECK(*back == Instant{});
}
