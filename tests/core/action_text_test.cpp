// Actions as text, both ways: what format_action writes, parse_action (the
// scenario parser's own action reading) gives back, for every kind of input.
#include <catch2/catch.hpp>

#include "core/scenario/action_text.h"
#include "core/scenario/scenario.h"

using namespace tcplab;
using namespace std::chrono_literals;

namespace {

const std::vector<std::string> kHosts{"client", "server"};

std::vector<std::uint8_t> bytes(std::string_view s) { return {s.begin(), s.end()}; }

std::vector<std::uint8_t> every_octet() {
  std::vector<std::uint8_t> all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<std::uint8_t>(i));
  return all;
}

std::vector<std::uint8_t> pattern(std::size_t n) { return pattern_octets(n); }

SegmentFilter filter(std::optional<Flags> f, std::optional<bool> data = {}, std::optional<std::uint32_t> id = {}) {
  SegmentFilter out;
  out.flags = f;
  out.has_payload = data;
  out.id = id;
  return out;
}

LinkChange link_change() {
  LinkChange c;
  c.dir = 1;
  c.latency = 250ms;
  c.jitter = 1500us;
  c.reorder_delay = 2s;
  c.bandwidth_bps = 0;  // the UI's slider at zero: unlimited again
  c.queue_limit = 20;
  c.mtu = 576;
  c.loss = 0.05;
  c.duplicate = 0.23000000417232513;  // what a float slider gives
  c.reorder = 1.0;
  c.corrupt = 0;
  return c;
}

}  // namespace

TEST_CASE("action text: every kind of action survives format then parse", "[action]") {
  auto [action, text] = GENERATE(table<Action, std::string>({
      {ListenAction{"server", "l", 80, 128}, "listen server:80 as l"},
      {ListenAction{"client", "lc2", 65535, 4}, "listen client:65535 as lc2 backlog 4"},
      {ConnectAction{"client", "c", 0, "server", 80}, "connect client to server:80 as c"},
      {ConnectAction{"server", "s", 40000, "client", 1}, "connect server:40000 to client:1 as s"},
      {StreamAction{"c", true, std::nullopt}, "stream c"},
      {StreamAction{"c", true, 5'000'000}, "stream c 5000000 bytes"},
      {StreamAction{"l.1", false, std::nullopt}, "stream l.1 off"},
      {SendAction{"c", bytes("hello")}, "send c \"hello\""},
      {SendAction{"c", bytes("say \"hi\"\\\n\t")}, "send c \"say \\\"hi\\\"\\\\\\n\\t\""},
      {SendAction{"c", {}}, "send c \"\""},
      {SendAction{"l.1", every_octet()}, ""},
      {SendAction{"c", bytes(std::string_view("\x00\x7f\x80\xff", 4))}, "send c \"\\x00\\x7f\\x80\\xff\""},
      {SendAction{"c", pattern(3000)}, "send c 3000 bytes"},
      {SendAction{"c", pattern(26)}, "send c \"abcdefghijklmnopqrstuvwxyz\""},
      {ReceiveAction{"c", 100}, "receive c 100"},
      {CloseAction{"l.1"}, "close l.1"},
      {AbortAction{"c"}, "abort c"},
      {ReadingAction{"c", false}, "reading c off"},
      {ReadingAction{"c", true}, "reading c on"},
      {NoDelayAction{"c", true}, "nodelay c on"},
      {NoDelayAction{"c", false}, "nodelay c off"},
      {DropNextAction{0, SegmentFilter{}}, "drop next client->server"},
      {DropNextAction{1, filter(Flags(kSyn | kAck))}, "drop next server->client SYN,ACK"},
      {DropNextAction{0, filter(Flags(kAck), false)}, "drop next client->server pure ACK"},
      {DropNextAction{0, filter(Flags{})}, "drop next client->server none"},
      {DropInFlightAction{0, filter(std::nullopt, std::nullopt, 12)}, "drop inflight client->server #12"},
      {DropInFlightAction{1, filter(Flags(kFin | kAck | kPsh), true, 7)}, "drop inflight server->client #7 data FIN,PSH,ACK"},
      {HoldNextAction{0, filter(Flags(kSyn)), "old"}, "hold next client->server SYN as old"},
      {HoldInFlightAction{1, filter(std::nullopt, std::nullopt, 3), "h3"}, "hold inflight server->client #3 as h3"},
      {HoldInFlightAction{1, SegmentFilter{}, "two words"}, "hold inflight server->client as \"two words\""},
      {HoldNextAction{0, SegmentFilter{}, "#x"}, "hold next client->server as \"#x\""},
      {ReleaseAction{"old"}, "release old"},
      {ReleaseAction{""}, "release \"\""},
      {InjectAction{"c", Flags(kRst), SeqExpr{SeqExpr::Base::RcvNxt, 0}, SeqExpr{}, 0, {}}, "inject to c RST"},
      {InjectAction{"c", Flags(kRst), SeqExpr{SeqExpr::Base::RcvNxt, 100}, SeqExpr{}, 0, {}},
       "inject to c RST seq rcv_nxt+100"},
      {InjectAction{"l.1", Flags(kSyn | kAck), SeqExpr{SeqExpr::Base::Irs, -1}, SeqExpr{SeqExpr::Base::SndNxt, 0}, 512,
                    {}},
       "inject to l.1 SYN,ACK seq irs-1 win 512"},
      {InjectAction{"c", Flags(kAck | kPsh), SeqExpr{SeqExpr::Base::Absolute, 4294967295}, SeqExpr{SeqExpr::Base::SndUna, 0},
                    65535, bytes("x")},
       "inject to c PSH,ACK seq 4294967295 ack snd_una win 65535 data \"x\""},
      {InjectAction{"c", Flags{}, SeqExpr{SeqExpr::Base::Iss, 5}, SeqExpr{SeqExpr::Base::Absolute, 9}, 0, every_octet()}, ""},
      {link_change(),
       "link server->client latency 250ms jitter 1500us bandwidth unlimited queue 20 loss 0.05 duplicate "
       "0.23000000417232513 reorder 1 reorder_delay 2s corrupt 0 mtu 576"},
      {[] {
         LinkChange c;
         c.bandwidth_bps = 1'500'000;
         return c;
       }(),
       "link bandwidth 1500kbps"},
  }));
  const std::string written = format_action(action, kHosts);
  if (!text.empty()) CHECK(written == text);
  INFO(written);
  const auto back = parse_action(written, kHosts);
  INFO((back ? std::string() : back.error()));
  REQUIRE(back.ok());
  CHECK(back.value() == action);
}

TEST_CASE("action text: every octet value, alone, in a string", "[action]") {
  for (int b = 0; b < 256; ++b) {
    const SendAction a{"c", {static_cast<std::uint8_t>(b)}};
    const auto back = parse_action(format_action(a, kHosts), kHosts);
    REQUIRE(back.ok());
    CHECK(std::get<SendAction>(back.value()).data == a.data);
  }
}

TEST_CASE("action text: mistakes say what was expected", "[action]") {
  auto [text, error] = GENERATE(table<std::string, std::string>({
      {"", "expected an action (listen, connect, send, stream, receive, close, abort, reading, nodelay, drop, hold, release, "
           "inject, link), got the end of the line"},
      {"listen server:0 as l", "expected HOST:PORT with a declared host (client, server), got 'server:0'"},
      {"connect mars to server:80 as c", "expected HOST[:PORT] with a declared host (client, server), got 'mars'"},
      {"receive c 0", "expected a number of octets from 1 to 1073741824, got '0'"},
      {"stream c forever", "expected 'off', N bytes or the end of the line, got 'forever'"},
      {"stream c 0 bytes", "expected a number of bytes from 1 to 1000000000000, got '0'"},
      {"stream c 100", "expected 'bytes', got the end of the line"},
      {"drop next client->mars", "expected a direction between the two declared hosts such as client->server, got "
                                 "'client->mars'"},
      {"drop next client->server SYN extra", "expected the end of the line, got 'extra'"},
      {"send c \"\\xZZ\"", "expected two hex digits after \\x, such as \\x00 or \\xff"},
      {"send c \"\\x4\"", "expected two hex digits after \\x, such as \\x00 or \\xff"},
      {"inject to c SYN,BOGUS", "expected control flags such as RST or SYN,ACK, got 'SYN,BOGUS'"},
      {"inject to c RST seq rcv_nxt*2", "expected a sequence number such as 1000, rcv_nxt, rcv_nxt+100 or snd_una-1, "
                                        "got 'rcv_nxt*2'"},
      {"link loss 7", "expected a probability such as 5% or 0.05, got '7'"},
      {"link bandwidth 0bps", "expected a bandwidth such as 10Mbps, 512kbps or 1Gbps, or unlimited, got '0bps'"},
      {"link", "expected a link setting (latency, jitter, bandwidth, queue, loss, duplicate, reorder, reorder_delay, "
               "corrupt, mtu), got the end of the line"},
      {"close c\nclose d", "expected one action on one line"},
  }));
  const auto r = parse_action(text, kHosts);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error() == error);
}

TEST_CASE("scenario strings take hex byte escapes, and #ID is a filter, not a comment", "[scenario]") {
  const auto sc = parse_scenario("host client 10.0.0.1\nhost server 10.0.0.2\n"
                                 "at 0ms connect client to server:80 as c\n"
                                 "at 1s send c \"a\\x00\\xFFb\"   # a comment\n"
                                 "at 2s drop inflight client->server #3 # the SYN's retransmission\n"
                                 "expect segment client->server #3 fate dropped # only that one\n",
                                 "t.scenario");
  REQUIRE(sc.ok());
  const auto& acts = sc.value().actions;
  CHECK(std::get<SendAction>(acts[1].action).data == std::vector<std::uint8_t>{'a', 0x00, 0xFF, 'b'});
  CHECK(std::get<DropInFlightAction>(acts[2].action).filter.id == 3u);
  CHECK(sc.value().expectations[0].text == "expect segment client->server #3 fate dropped");
}

TEST_CASE("the format's words read back what they write", "[action]") {
  for (const Duration d : std::initializer_list<Duration>{Duration{0}, Duration{1}, 1500us, 250ms, 1s, 90s, 3600s})
    CHECK(parse_duration(format_duration(d)) == d);
  CHECK(format_duration(250ms) == "250ms");
  CHECK(format_duration(Duration{0}) == "0ms");
  for (const double p : {0.0, 1.0, 0.05, 0.1, 1.0 / 3, 0.23000000417232513, 5e-7})
    CHECK(parse_probability(format_number(p)) == p);
  CHECK(format_number(0.05) == "0.05");
  CHECK(parse_probability("5%") == 0.05);
  CHECK(!parse_probability("nan"));
  CHECK(!parse_probability("-0.1"));
  for (const std::uint64_t b : {0ULL, 1ULL, 9600ULL, 512'000ULL, 10'000'000ULL, 1'000'000'000ULL, 1'234'567ULL})
    CHECK(parse_bandwidth(format_bandwidth(b)) == b);
  CHECK(format_bandwidth(10'000'000) == "10Mbps");
  CHECK(parse_filter("pure ACK") == filter(Flags(kAck), false));
  CHECK(parse_filter("") == SegmentFilter{});
  CHECK(!parse_filter("SYN,ACK maybe"));
  CHECK(parse_direction("server->client", kHosts) == 1u);
  CHECK(!parse_direction("server->server", kHosts));
  CHECK(parse_seq_expr("snd_una-1") == SeqExpr{SeqExpr::Base::SndUna, -1});
}
