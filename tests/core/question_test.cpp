// Questions at checkpoints (`ask`): parsed with file:line:column errors,
// answered from the run itself (a different link gives a different answer),
// graded, and asked by the lab session when the learner's clock gets there.
#include <catch2/catch.hpp>

#include "core/lab/lab_session.h"
#include "core/scenario/question.h"

using namespace tcplab;
using namespace std::chrono_literals;

namespace {

constexpr const char* kHandshake =
    "host client 10.0.0.1\n"
    "host server 10.0.0.2\n"
    "link latency 10ms\n"
    "at 0ms listen server:80 as l\n"
    "at 0ms connect client:40000 to server:80 as c\n";

Scenario parse(const std::string& text) {
  auto r = parse_scenario(text, "q.scenario");
  if (!r) FAIL(r.error().text());
  return std::move(r).value();
}

std::string error_of(const std::string& text) {
  auto r = parse_scenario(text, "q.scenario");
  REQUIRE_FALSE(r);
  return r.error().text();
}

void apply(LabSession& s, Command c) {
  std::vector<Command> cmds{std::move(c)};
  s.apply(cmds);
}

}  // namespace

TEST_CASE("ask: statements parse into questions") {
  const Scenario sc = parse(std::string(kHandshake) +
                            "ask flags server->client \"What does the server answer?\" hint \"LISTEN got a SYN\"\n"
                            "ask after 15ms state l.1\n"
                            "ask seq client->server pure ACK\n"
                            "ask timer c\n"
                            "ask fate client->server SYN hint \"a\" hint \"b\"\n");
  REQUIRE(sc.questions.size() == 5);
  CHECK(sc.questions[0].what == AskWhat::Flags);
  CHECK(sc.questions[0].dir == 1);
  CHECK(sc.questions[0].prompt == "What does the server answer?");
  CHECK(sc.questions[0].hints == std::vector<std::string>{"LISTEN got a SYN"});
  CHECK(sc.questions[0].loc.line == 6);
  CHECK(sc.questions[1].what == AskWhat::State);
  CHECK(sc.questions[1].conn == "l.1");
  CHECK(sc.questions[1].after == at(15ms));
  CHECK(sc.questions[2].filter.describe() == "pure ACK");
  CHECK(sc.questions[3].what == AskWhat::Timer);
  CHECK(sc.questions[4].hints.size() == 2);
  CHECK(sc.questions[4].text == "ask fate client->server SYN hint \"a\" hint \"b\"");
}

TEST_CASE("ask: bad question text names the place") {
  CHECK(error_of(std::string(kHandshake) + "ask colour c\n") ==
        "q.scenario:6:5: expected what to ask about (state, timer, flags, seq, ack, fate), got 'colour'");
  CHECK(error_of(std::string(kHandshake) + "ask state nobody\n") ==
        "q.scenario:6:11: expected a connection named by an earlier 'listen' or 'connect' (or LISTENER.N for an "
        "accepted one), got 'nobody'");
  CHECK(error_of(std::string(kHandshake) + "ask after soon state c\n") ==
        "q.scenario:6:11: expected a duration such as 10ms, 1.5s, 250us or 2min, got 'soon'");
  CHECK(error_of(std::string(kHandshake) + "ask flags client->mars\n") ==
        "q.scenario:6:11: expected a direction between the two declared hosts such as client->server, got "
        "'client->mars'");
  CHECK(error_of(std::string(kHandshake) + "ask state c \"Why?\" hint\n") ==
        "q.scenario:6:24: expected the hint's text in quotes, got the end of the line");
  CHECK(error_of(std::string(kHandshake) + "ask state c maybe\n") ==
        "q.scenario:6:13: expected a question in quotes, 'hint \"TEXT\"' or the end of the line, got 'maybe'");
}

TEST_CASE("zh-CN: a step, a question and each hint carry their Chinese after the English") {
  const Scenario sc = parse(std::string(kHandshake) +
                            "step \"Press Next.\" zh-CN \"按下一步。\"\n"
                            "step \"Click Listen.\" zh-CN \"点击监听。\" wait listen server\n"
                            "ask flags server->client \"Which flags?\" zh-CN \"带哪些标志？\" hint \"a SYN came\" zh-CN "
                            "\"来了一个 SYN\" hint \"English only\"\n"
                            "ask state c hint \"SYN-SENT waits\" zh-CN \"SYN-SENT 在等待\"\n");
  REQUIRE(sc.steps.size() == 2);
  CHECK(sc.steps[0].text == "Press Next.");
  CHECK(sc.steps[0].text_in.at("zh-CN") == "按下一步。");
  CHECK(sc.steps[1].until == GuideStep::Until::Action);
  CHECK(sc.steps[1].host == "server");
  CHECK(in_language(sc.steps[1].text, sc.steps[1].text_in, "zh-CN") == "点击监听。");
  CHECK(in_language(sc.steps[1].text, sc.steps[1].text_in, "en") == "Click Listen.");
  REQUIRE(sc.questions.size() == 2);
  const Question& q = sc.questions[0];
  CHECK(q.prompt == "Which flags?");
  CHECK(q.prompt_in.at("zh-CN") == "带哪些标志？");
  CHECK(q.hints == std::vector<std::string>{"a SYN came", "English only"});
  REQUIRE(q.hints_in.size() == 2);
  CHECK(q.hints_in[0].at("zh-CN") == "来了一个 SYN");
  CHECK(q.hints_in[1].empty());
  CHECK(sc.questions[1].prompt.empty());
  CHECK(sc.questions[1].hints_in.at(0).at("zh-CN") == "SYN-SENT 在等待");
}

TEST_CASE("zh-CN: bad translation forms name the place (columns count characters)") {
  const std::string h = kHandshake;
  CHECK(error_of(h + "step \"Next.\" zh-CN\n") == "q.scenario:6:19: expected the zh-CN text in quotes, got the end of the line");
  CHECK(error_of(h + "step \"Next.\" zh-CN wait listen server\n") ==
        "q.scenario:6:20: expected the zh-CN text in quotes, got 'wait'");
  CHECK(error_of(h + "step \"Next.\" zh-CN \"\"\n") == "q.scenario:6:20: the zh-CN text is empty");
  CHECK(error_of(h + "step \"Next.\" zh-CN \"下一步\" zh-CN \"再一步\"\n") ==
        "q.scenario:6:26: the zh-CN text is given twice");
  CHECK(error_of(h + "step \"Next.\" zh_CN \"下一步\"\n") ==
        "q.scenario:6:14: expected a language tag written language-REGION, such as zh-CN, got 'zh_CN'");
  CHECK(error_of(h + "ask state c zh-CN \"哪个状态？\"\n") ==
        "q.scenario:6:13: a translation follows the English question it translates: write \"QUESTION\" zh-CN \"...\"");
  CHECK(error_of(h + "ask state c \"Which?\" zh-CN \"哪个？\" hint \"a\" zh-CN\n") ==
        "q.scenario:6:48: expected the zh-CN text in quotes, got the end of the line");
  CHECK(error_of(h + "ask state c \"Which?\" zh \"哪个？\"\n") ==
        "q.scenario:6:22: expected a language tag written language-REGION, such as zh-CN, got 'zh'");
  // After Chinese text the column is the character's, as an editor counts: 哪个？ is three characters (nine bytes).
  CHECK(error_of(h + "ask state c \"Which?\" zh-CN \"哪个？\" maybe\n") ==
        "q.scenario:6:34: expected a question in quotes, 'hint \"TEXT\"' or the end of the line, got 'maybe'");
}

TEST_CASE("ask: the answers are read from the run") {
  const Scenario sc = parse(std::string(kHandshake) +
                            "ask flags server->client\n"
                            "ask state c\n"
                            "ask ack client->server pure ACK\n"
                            "ask after 15ms state l.1\n"
                            "ask fate client->server pure ACK\n");
  const auto cps = find_checkpoints(sc);
  REQUIRE(cps.size() == 5);
  // The SYN arrives at 10 ms and the SYN,ACK leaves then: the lab asks 1 us before.
  CHECK(cps[0].found);
  CHECK(cps[0].answer == "SYN,ACK");
  CHECK(cps[0].event_t == at(10ms));
  CHECK(cps[0].pause == at(10ms) - 1us);
  REQUIRE(cps[0].rule);
  CHECK(rule_id(*cps[0].rule) == "listen.syn");
  CHECK(cps[0].choices == std::vector<std::string>{"SYN", "SYN,ACK", "ACK", "FIN,ACK", "RST", "RST,ACK"});
  // c went SYN-SENT at 0 (not after 0): next is ESTABLISHED when the SYN,ACK lands at 20 ms.
  CHECK(cps[1].answer == "ESTABLISHED");
  CHECK(cps[1].event_t == at(20ms));
  CHECK(rule_id(*cps[1].rule) == "syn-sent.syn-ack");
  CHECK(cps[1].choices.empty());
  // The third segment acknowledges the server's ISN + 1.
  REQUIRE(cps[2].relative_base);
  CHECK(std::stoul(cps[2].answer) == *cps[2].relative_base + 1);
  CHECK(cps[3].answer == "ESTABLISHED");
  CHECK(cps[3].event_t == at(30ms));
  CHECK(cps[3].pause == at(30ms) - 1us);
  CHECK(cps[4].answer == "delivered");
}

TEST_CASE("ask: a different link gives a different answer") {
  const std::string q = "ask fate server->client SYN,ACK\nask after 500ms timer c\nask after 1ms flags server->client\n";
  const auto lossless = find_checkpoints(parse(std::string(kHandshake) + q));
  const auto lossy = find_checkpoints(parse(std::string(kHandshake) + "link server->client loss 100%\nrun until 5s\n" + q));
  const auto slow = find_checkpoints(parse(std::string(kHandshake) + "link latency 400ms\n" + q));
  CHECK(lossless[0].answer == "delivered");
  CHECK(lossy[0].answer == "lost");
  // Lossless, the client starts no timer after 500 ms: the question is never asked.
  CHECK_FALSE(lossless[1].found);
  // Lossy: the SYN's retransmission timer runs out at 1 s and restarts, backed off to 2 s.
  CHECK(lossy[1].answer == "retransmission 2s");
  CHECK(lossy[1].event_t == at(1s));
  CHECK(lossless[2].answer == "SYN,ACK");
  CHECK(lossless[2].pause == at(10ms) - 1us);
  CHECK(slow[2].pause == at(400ms) - 1us);  // a longer link moves the moment with it
  // An event at time 0 has happened before the lab can ask: a question is about what follows.
  CHECK_FALSE(find_checkpoints(parse(std::string(kHandshake) + "ask fate client->server SYN\n"))[0].found);
}

TEST_CASE("ask: grading accepts the answer's spellings, and only it") {
  const Scenario sc = parse(std::string(kHandshake) +
                            "ask flags server->client\n"
                            "ask state c\n"
                            "ask ack client->server pure ACK\n"
                            "ask seq server->client\n");
  const auto cps = find_checkpoints(sc);
  CHECK(answer_is_right(sc.questions[0], cps[0], "SYN,ACK"));
  CHECK(answer_is_right(sc.questions[0], cps[0], "ack,syn"));
  CHECK_FALSE(answer_is_right(sc.questions[0], cps[0], "ACK"));
  CHECK_FALSE(answer_is_right(sc.questions[0], cps[0], "banana"));
  CHECK(answer_is_right(sc.questions[1], cps[1], "established"));
  CHECK_FALSE(answer_is_right(sc.questions[1], cps[1], "SYN-RECEIVED"));
  CHECK(answer_is_right(sc.questions[2], cps[2], cps[2].answer));
  CHECK(answer_is_right(sc.questions[2], cps[2], "1"));  // relative to the server's ISN
  CHECK_FALSE(answer_is_right(sc.questions[2], cps[2], "2"));
  CHECK(answer_is_right(sc.questions[3], cps[3], "0"));  // the SYN,ACK carries the ISN itself
  CHECK(question_points(1, true) == 1.0);
  CHECK(question_points(2, true) == 0.5);
  CHECK(question_points(5, true) == 0.25);
  CHECK(question_points(1, false) == 0.0);
}

TEST_CASE("ask: the learner's clock stops at a question and waits for the answer") {
  LabSession s;
  LabView v;
  v.ask = true;
  s.set_view(v);
  auto lesson = make_lesson("q", std::string(kHandshake) + "ask flags server->client\nask state c\nrun until 1s\n");
  REQUIRE(lesson);
  apply(s, LoadScenarioCmd{*lesson});
  for (int frame = 0; frame < 200 && !s.asking(); ++frame) s.advance(1.0 / 60);
  REQUIRE(s.asking() == 0u);
  CHECK(s.world().now() == at(10ms) - 1us);
  CHECK_FALSE(s.playing());
  s.advance(1.0);  // no further while it waits
  CHECK(s.world().now() == at(10ms) - 1us);
  CHECK(s.answer("ACK") == false);
  CHECK(s.asking() == 0u);
  CHECK(s.answer("SYN,ACK") == true);
  CHECK_FALSE(s.asking());
  CHECK_FALSE(s.playing());  // the learner reads the feedback, then plays on
  apply(s, PlayCmd{true});
  CHECK(s.question_progress()[0].points == 0.5);
  for (int frame = 0; frame < 200 && !s.asking(); ++frame) s.advance(1.0 / 60);
  REQUIRE(s.asking() == 1u);
  CHECK(s.world().now() == at(20ms) - 1us);
  CHECK(s.reveal() == "ESTABLISHED");
  apply(s, PlayCmd{true});
  for (int frame = 0; frame < 2000 && !s.lesson_finished(); ++frame) s.advance(1.0 / 60);
  REQUIRE(s.lesson_finished());
  CHECK(s.score().points == 0.5);
  CHECK(s.score().percent() == 25);
  const auto& ev = s.course_events();
  REQUIRE(ev.size() == 4);  // wrong, right, revealed, completed
  CHECK((!ev[0].right && ev[0].response == "ACK"));
  CHECK((ev[1].right && ev[1].attempts == 2));
  CHECK(ev[2].revealed);
  CHECK(ev[3].kind == CourseEvent::Kind::Completed);
  CHECK(ev[3].score == 0.25);
  // A rewind to before a settled question does not ask it again.
  apply(s, RewindCmd{at(5ms)});
  apply(s, PlayCmd{true});
  for (int frame = 0; frame < 60; ++frame) s.advance(1.0 / 60);
  CHECK_FALSE(s.asking());
  CHECK(s.world().now() > at(20ms));
}

// Play while a question waits used to show Pause over a clock that did not
// move: the session now refuses to play until the question is settled.
TEST_CASE("ask: Play while a question waits leaves the clock stopped, and plays once it is answered") {
  LabSession s;
  LabView v;
  v.ask = true;
  s.set_view(v);
  auto lesson = make_lesson("q", std::string(kHandshake) + "ask flags server->client\nrun until 1s\n");
  REQUIRE(lesson);
  apply(s, LoadScenarioCmd{*lesson});
  for (int frame = 0; frame < 200 && !s.asking(); ++frame) s.advance(1.0 / 60);
  REQUIRE(s.asking() == 0u);
  apply(s, PlayCmd{true});
  CHECK_FALSE(s.playing());
  s.advance(1.0);
  CHECK(s.world().now() == at(10ms) - 1us);
  CHECK(s.answer("SYN,ACK") == true);
  apply(s, PlayCmd{true});
  CHECK(s.playing());
  s.advance(1.0 / 60);
  CHECK(s.world().now() > at(10ms));
}

TEST_CASE("ask: hints come in the view's language where the lesson gives them") {
  LabSession s;
  LabView v;
  v.ask = true;
  v.lang = "zh-CN";
  s.set_view(v);
  auto lesson = make_lesson("q", std::string(kHandshake) +
                                     "ask flags server->client hint \"a SYN came\" zh-CN \"来了一个 SYN\" hint \"English only\"\n");
  REQUIRE(lesson);
  apply(s, LoadScenarioCmd{*lesson});
  apply(s, RunToQuestionCmd{});
  REQUIRE(s.asking() == 0u);
  CHECK(s.hint() == "来了一个 SYN");
  CHECK(s.hint() == "English only");  // none written: the English
  v.lang = "en";
  s.set_view(v);
  CHECK(s.hint() == "English only");
}

TEST_CASE("ask: without ask on, the clock runs through questions (scripts, autograders)") {
  LabSession s;
  auto lesson = make_lesson("q", std::string(kHandshake) + "ask flags server->client\nrun until 1s\n");
  apply(s, LoadScenarioCmd{*lesson});
  for (int frame = 0; frame < 200; ++frame) s.advance(1.0 / 60);
  CHECK_FALSE(s.asking());
  CHECK(s.world().now() > at(20ms));
  // runToQuestion asks anyway: a rewind to the start and the run stops there.
  apply(s, RewindCmd{Instant{}});
  apply(s, RunToQuestionCmd{});
  CHECK(s.asking() == 0u);
  CHECK(s.world().now() == at(10ms) - 1us);
}

TEST_CASE("step: a guided lesson waits for the learner's action, then plays to a moment") {
  LabSession s;
  auto lesson = make_lesson("g",
                            "host client 10.0.0.1\nhost server 10.0.0.2\nlink latency 10ms\n"
                            "step \"Click Listen on the server.\" wait listen server\n"
                            "step \"Now Connect from the client.\" wait connect client\n"
                            "step \"Watch the SYN,ACK come back.\" until 15ms\n"
                            "step \"Done: read the ladder.\"\n"
                            "run until 1s\n");
  REQUIRE(lesson);
  REQUIRE(lesson->scenario.steps.size() == 4);
  CHECK(lesson->scenario.steps[2].until == GuideStep::Until::Moment);
  LabView v;
  v.ask = true;
  s.set_view(v);
  apply(s, LoadScenarioCmd{*lesson});
  CHECK(s.guide_step() == 0u);
  apply(s, ApplyCmd{ConnectAction{"client", "c", 0, "server", 80}});  // not what step 0 waits for
  CHECK(s.guide_step() == 0u);
  apply(s, ApplyCmd{ListenAction{"server", "l", 80, 128}});
  CHECK(s.guide_step() == 1u);
  apply(s, ApplyCmd{ConnectAction{"client", "c2", 0, "server", 80}});
  CHECK(s.guide_step() == 2u);
  apply(s, PlayCmd{true});
  for (int frame = 0; frame < 200 && s.guide_step() == 2u; ++frame) s.advance(1.0 / 60);
  CHECK(s.guide_step() == 3u);
  CHECK(s.world().now() >= at(15ms));
  CHECK(s.world().now() < at(15ms) + 2ms);
  CHECK_FALSE(s.playing());
  CHECK(s.course_events().empty());
  apply(s, GuideNextCmd{});
  CHECK(s.guide_step() == 4u);  // past the last: done
  REQUIRE(s.course_events().size() == 1);
  CHECK(s.course_events()[0].kind == CourseEvent::Kind::Completed);
  apply(s, GuideNextCmd{});
  CHECK_FALSE(s.guide_step());
}

TEST_CASE("lesson metadata: group, summary, minutes, a missing group is inferred") {
  const Scenario sc = parse(std::string(kHandshake) +
                            "title The three-way handshake\ngroup setting-up\nsummary SYN, SYN,ACK, ACK.  # why three\n"
                            "minutes 5\norder 1\n");
  CHECK(sc.title == "The three-way handshake");
  CHECK(lesson_group(sc) == LessonGroup::SettingUp);
  CHECK(sc.summary == "SYN, SYN,ACK, ACK.");
  CHECK(sc.minutes == 5);
  CHECK(sc.order == 1);
  CHECK(lesson_group(parse(kHandshake)) == LessonGroup::More);
  CHECK(lesson_group(parse(std::string(kHandshake) + "at 1s send c 5000 bytes\n")) == LessonGroup::DataTransfer);
  CHECK(lesson_group(parse(std::string(kHandshake) + "set client congestion reno\nat 1s send c 5000 bytes\n")) ==
        LessonGroup::Congestion);
  CHECK(error_of(std::string(kHandshake) + "group misc\n") ==
        "q.scenario:6:7: expected a group (setting-up, closing, resets, timers, data-transfer, congestion, more), got "
        "'misc'");
  CHECK(error_of(std::string(kHandshake) + "minutes 0\n") ==
        "q.scenario:6:9: expected a number of minutes from 1 to 600, got '0'");
}

// The syllabus: every lesson says where it belongs in the course and asks at
// least two questions that its run reaches. A lesson added without them is
// listed by name, so whoever merges it knows what to fill in.
TEST_CASE("every lesson has course metadata and at least two questions it asks") {
  LabSession s;
  REQUIRE(s.load_lessons(std::string(TCPLAB_SOURCE_DIR) + "/scenarios").empty());
  REQUIRE(s.lessons().size() >= 20);
  std::string missing;
  for (const Lesson& l : s.lessons()) {
    const Scenario& sc = l.scenario;
    std::string what;
    if (!sc.group) what += " group";
    if (sc.title.empty()) what += " title";
    if (sc.summary.empty()) what += " summary";
    if (sc.minutes == 0) what += " minutes";
    std::size_t asked = 0;
    for (const Checkpoint& c : find_checkpoints(sc)) asked += c.found ? 1 : 0;
    if (asked < 2 && sc.steps.empty()) what += " questions(" + std::to_string(asked) + " asked)";
    if (!what.empty()) missing += "\n  " + l.name + ":" + what;
  }
  INFO("lessons without course metadata:" << missing);
  CHECK(missing.empty());
}
