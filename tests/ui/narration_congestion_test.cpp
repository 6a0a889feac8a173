// The narration of data transfer: every congestion decision in its rule's
// words, and the course's questions (why slow start is exponential, why
// three duplicate ACKs, why halve, why one segment after a timeout, why a
// partial ACK keeps recovery going, why both windows limit) answered once,
// at the decision that raises them, in the lessons that show them.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "core/lab/lab_session.h"
#include "imgui_app/narration.h"
#include "imgui_app/strings.h"

using namespace tcplab;
using namespace tcplab::ui;
using namespace std::chrono_literals;

namespace {

// The lesson named `name`, run to its end, told by a narrator.
Narrator narrate_lesson(const std::string& name) {
  LabSession s;
  REQUIRE(s.load_lessons(std::string(TCPLAB_SOURCE_DIR) + "/scenarios").empty());
  const auto& lessons = s.lessons();
  const auto it = std::find_if(lessons.begin(), lessons.end(), [&](const Lesson& l) { return l.name == name; });
  REQUIRE(it != lessons.end());
  std::vector<Command> cmds{LoadLessonCmd{static_cast<std::size_t>(it - lessons.begin())}, RunToEndCmd{}};
  s.apply(cmds);
  REQUIRE(s.lesson_finished());
  Narrator n;
  n.update(s.world(), s.generation());
  return n;
}

// Lines whose text starts with `prefix`.
std::vector<NarrationLine> lines_starting(const Narrator& n, std::string_view prefix) {
  std::vector<NarrationLine> out;
  for (const NarrationLine& l : n.lines())
    if (l.text.rfind(prefix, 0) == 0) out.push_back(l);
  return out;
}

// The line right before the answer that starts with `prefix` (the decision that raised it).
std::string line_before(const Narrator& n, std::string_view prefix) {
  const auto& ls = n.lines();
  const auto it = std::find_if(ls.begin(), ls.end(), [&](const NarrationLine& l) { return l.text.rfind(prefix, 0) == 0; });
  REQUIRE(it != ls.end());
  REQUIRE(it != ls.begin());
  return std::prev(it)->text;
}

bool says(const Narrator& n, std::string_view prefix) { return !lines_starting(n, prefix).empty(); }

constexpr std::string_view kSlowStartQ = "Why is slow start exponential?";
constexpr std::string_view kThreeQ = "Why three duplicate ACKs and not one?";
constexpr std::string_view kHalveQ = "Why halve?";
constexpr std::string_view kCubicQ = "Why 0.7 and not half?";
constexpr std::string_view kTimeoutQ = "Why one segment after a timeout";
constexpr std::string_view kPartialQ = "Why stay in fast recovery?";
constexpr std::string_view kBothQ = "Why do both windows limit the sender?";
constexpr std::string_view kTextbookQ = "Textbook and real TCP:";

}  // namespace

TEST_CASE("narration: slow start, each ACK's growth in the rule's words, and why it is exponential") {
  const Narrator n = narrate_lesson("slow-start");
  const auto start = lines_starting(n, "Client: cwnd 1 segment, ssthresh not set yet (arbitrarily high).");
  REQUIRE(start.size() == 1);
  CHECK(start[0].text == "Client: cwnd 1 segment, ssthresh not set yet (arbitrarily high). "
                         "The connection is synchronized: cwnd starts at the initial window.");
  CHECK(start[0].reference == "RFC 5681 §3.1, RFC 6928");
  CHECK(start[0].t == at(100ms));
  CHECK(line_before(n, kSlowStartQ) ==
        "Client: cwnd 1 segment → 2 segments, ssthresh not set yet (arbitrarily high). "
        "Slow start: an ACK of new data grows cwnd by the octets it acknowledges (at most SMSS).");
  const auto why = lines_starting(n, kSlowStartQ);
  REQUIRE(why.size() == 1);
  CHECK(why[0].answer);
  CHECK(why[0].t == at(200ms));
  CHECK(why[0].text == tr(Str::WhySlowStart));
  CHECK(lines_starting(n, "Client: cwnd 16 segments → 17 segments").size() == 1);
  // No loss, no question about one.
  for (auto q : {kThreeQ, kHalveQ, kCubicQ, kTimeoutQ, kPartialQ, kBothQ, kTextbookQ}) CHECK(!says(n, q));
}

TEST_CASE("narration: three duplicate ACKs in Reno: why three, why halve") {
  const Narrator n = narrate_lesson("fast-recovery-reno");
  CHECK(lines_starting(n, "Client: duplicate ACK 1 in a row, cwnd 16 segments. Duplicate ACK: counted;").size() == 1);
  CHECK(lines_starting(n, "Client: duplicate ACK 2 in a row, cwnd 16 segments.").size() == 1);
  const std::string fast = "Client: cwnd 16 segments → 11 segments, ssthresh 8 segments. Third duplicate ACK: resend the "
                           "missing segment, ssthresh = max(FlightSize/2, 2*SMSS), cwnd = ssthresh + 3*SMSS, enter fast "
                           "recovery.";
  CHECK(line_before(n, kThreeQ) == fast);
  const auto three = lines_starting(n, kThreeQ), halve = lines_starting(n, kHalveQ);
  REQUIRE(three.size() == 1);
  REQUIRE(halve.size() == 1);
  CHECK(three[0].t == at(600ms));
  CHECK(halve[0].t == at(600ms));
  CHECK(line_before(n, kHalveQ).rfind(kThreeQ, 0) == 0);  // asked together, three first
  CHECK(lines_starting(n, "Client: cwnd 22 segments → 23 segments, ssthresh 8 segments. Another duplicate ACK in fast "
                          "recovery: a segment left the network, cwnd grows by SMSS.").size() == 1);
  CHECK(lines_starting(n, "Client: cwnd 23 segments → 8 segments, ssthresh 8 segments. The ACK ends fast recovery: cwnd "
                          "deflates to ssthresh.").size() == 1);
  for (auto q : {kCubicQ, kTimeoutQ, kPartialQ, kBothQ}) CHECK(!says(n, q));
}

TEST_CASE("narration: a timeout in Tahoe: why halve, why one segment") {
  const Narrator n = narrate_lesson("timeout-tahoe");
  const auto timeout = lines_starting(n, "Client: cwnd 16 segments → 1 segment, ssthresh 8 segments. Retransmission timeout:");
  REQUIRE(timeout.size() == 1);
  CHECK(timeout[0].t == at(1500ms));
  CHECK(timeout[0].reference == "RFC 5681 §3.1");
  const auto one = lines_starting(n, kTimeoutQ);
  REQUIRE(one.size() == 1);
  CHECK(one[0].t == at(1500ms));
  CHECK(one[0].text == tr(Str::WhyTimeoutOne));
  CHECK(line_before(n, kTimeoutQ).rfind(kHalveQ, 0) == 0);
  for (auto q : {kThreeQ, kCubicQ, kPartialQ, kBothQ}) CHECK(!says(n, q));
}

TEST_CASE("narration: NewReno's partial ACK keeps fast recovery going") {
  const Narrator n = narrate_lesson("newreno-partial-ack");
  CHECK(line_before(n, kPartialQ).rfind("Client: cwnd ", 0) == 0);
  CHECK(line_before(n, kPartialQ).find("Partial ACK in fast recovery: resend the next missing segment, deflate cwnd, "
                                       "stay in recovery.") != std::string::npos);
  const auto partial = lines_starting(n, kPartialQ);
  REQUIRE(partial.size() == 1);
  CHECK(partial[0].t == at(700ms));
  CHECK(says(n, kThreeQ));
  CHECK(!says(n, kTimeoutQ));
}

TEST_CASE("narration: a zero window while cwnd is open: why both windows limit") {
  const Narrator n = narrate_lesson("rwnd-and-cwnd");
  const auto both = lines_starting(n, kBothQ);
  REQUIRE(both.size() == 1);
  // Said as the server closes its window; the client's cwnd is 8 segments then.
  CHECK(both[0].text == fill(Str::WhyBothWindows, {"8 segments"}));
  CHECK(both[0].t == at(450ms));
  CHECK(both[0].side == 0);
  CHECK(line_before(n, kBothQ).rfind("Server sends ACK", 0) == 0);
  CHECK(!says(n, kHalveQ));
}

TEST_CASE("narration: CUBIC's reduction is not called halving") {
  const Narrator n = narrate_lesson("reno-vs-cubic");
  const auto cubic = lines_starting(n, kCubicQ), halve = lines_starting(n, kHalveQ);
  REQUIRE(cubic.size() == 1);
  REQUIRE(halve.size() == 1);
  CHECK(cubic[0].side == 1);  // the server runs CUBIC
  CHECK(halve[0].side == 0);  // the client Reno
  // The fast retransmit's rule states RFC 5681's FlightSize/2: CUBIC's line says what it did instead.
  CHECK(line_before(n, kCubicQ) ==
        "Server: cwnd 32 segments → 25400 octets, ssthresh 22400 octets. Third duplicate ACK: resend the missing "
        "segment, ssthresh = max(FlightSize/2, 2*SMSS), cwnd = ssthresh + 3*SMSS, enter fast recovery. (CUBIC: "
        "ssthresh = β_cubic·cwnd = 0.7·cwnd instead, RFC 9438 §4.6.)");
  const auto reno_fast = lines_starting(n, "Client: cwnd 32 segments → 19 segments, ssthresh 16 segments. Third duplicate ACK");
  REQUIRE(reno_fast.size() == 1);
  CHECK(reno_fast[0].text.find("CUBIC") == std::string::npos);
}

TEST_CASE("narration: the textbook exercise says where real TCP differs, once") {
  const Narrator n = narrate_lesson("congestion-exercise");
  const auto textbook = lines_starting(n, kTextbookQ);
  REQUIRE(textbook.size() == 1);
  CHECK(textbook[0].text == tr(Str::WhyTextbook));
  CHECK(line_before(n, kTextbookQ).find("Congestion avoidance: cwnd grows by about one SMSS per round trip.") !=
        std::string::npos);
  CHECK(lines_starting(n, kTimeoutQ).size() == 1);  // two timeouts, one answer
}

TEST_CASE("narration: the handshake lessons ask nothing about congestion") {
  for (const char* lesson : {"handshake", "four-way-close", "lost-syn"}) {
    INFO(lesson);
    const Narrator n = narrate_lesson(lesson);
    for (auto q : {kSlowStartQ, kThreeQ, kHalveQ, kCubicQ, kTimeoutQ, kPartialQ, kBothQ, kTextbookQ}) CHECK(!says(n, q));
  }
}

TEST_CASE("narration: a streaming sender says it keeps the buffer full, and when it stops", "[ui][narration][stream]") {
  LabSession s;
  const auto apply = [&](std::vector<Command> cmds) { s.apply(cmds); };
  apply({ApplyCmd{ListenAction{"server", "l", 80, 128}}, ApplyCmd{ConnectAction{"client", "c", 40000, "server", 80}}});
  apply({RunUntilCmd{at(2s)}});
  apply({ApplyCmd{StreamAction{"c", true, std::nullopt}}, ApplyCmd{StreamAction{"l.1", true, 3000}}});
  apply({RunUntilCmd{at(4s)}});
  // What the client's application has written: acknowledged, plus what TCP still holds.
  const ConnectionStatus st = s.world().entry(*s.world().find("c")).conn.status();
  const std::uint64_t written = st.snd_una.value() - st.iss.value() - 1 + st.send_queued;
  apply({ApplyCmd{StreamAction{"c", false, std::nullopt}}});
  Narrator n;
  n.update(s.world(), s.generation());
  const std::string client = tr(Str::Client), server = tr(Str::Server);
  CHECK(lines_starting(n, fill(Str::NarrStream, {client, tr(Str::StreamUntilStopped)})).size() == 1);
  CHECK(lines_starting(n, fill(Str::NarrStream, {server, "3000 octets"})).size() == 1);
  CHECK(lines_starting(n, fill(Str::NarrStreamDone, {server, "3000 octets"})).size() == 1);
  CHECK(lines_starting(n, fill(Str::NarrStreamOff, {client, std::to_string(written) + " octets"})).size() == 1);
  // In Chinese the amount is in Chinese too.
  set_language(Language::Chinese);
  Narrator zh;
  zh.update(s.world(), s.generation());
  const std::string done = fill(Str::NarrStreamDone, {tr(Str::Server), "3000 字节"});
  set_language(Language::English);
  CHECK(lines_starting(zh, done).size() == 1);
}
