// Questions in the learner's language (issues 15 and 16): the guide panel's
// words and the JavaScript API's answers come from the same string table,
// in Chinese when the lab speaks Chinese; the xAPI statements' language
// maps carry every language. Native: LabApi with the UI's wording, as the
// page and the Node module install it (web/).
#include <catch2/catch.hpp>

#include <string>

#include "core/lab/lab_api.h"
#include "imgui_app/language.h"
#include "imgui_app/question_words.h"
#include "imgui_app/strings_zh.h"
#include "imgui_app/trace_words.h"

using namespace tcplab;
using namespace tcplab::ui;

namespace {

struct Chinese {
  Chinese() { set_language(Language::Chinese); }
  ~Chinese() { set_language(Language::English); }
};

bool has(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }

// An API over the lessons, wording questions as the page does, in `lang`.
struct ApiIn {
  explicit ApiIn(const std::string& lang) : api(TCPLAB_SCENARIO_DIR) {
    api.set_words(words);
    REQUIRE(api.call("setLanguage", {lang}) == "{\"ok\":null}");
  }
  UiQuestionWords words;
  LabApi api;
};

}  // namespace

TEST_CASE("questions in Chinese: the lesson's own words, then the lab's, through the API") {
  ApiIn zh("zh-CN");
  LabApi& api = zh.api;
  REQUIRE(has(api.call("loadLesson", {"handshake"}), "\"ok\""));
  const std::string q1 = api.call("runToQuestion", {});
  INFO(q1);
  CHECK(has(q1, "\"prompt\":\"服务器正在监听，一个 SYN 到达。它的回答带哪些标志？\""));
  CHECK(has(q1, "\"lang\":\"zh-CN\""));
  CHECK(api.call("hint", {}) == "{\"ok\":\"它必须确认客户端的 SYN，并发送自己的 SYN。\"}");
  const std::string a1 = api.call("answer", {"SYN,ACK"});
  INFO(a1);
  CHECK(has(a1, "\"right\":true"));
  CHECK(has(a1, "\"answer\":\"SYN,ACK\""));
  CHECK(has(a1, std::string("\"text\":\"") + zh_rule("listen.syn") + "\""));
  CHECK(has(a1, "\"seen\":\"10.000ms 时 server→client 发送 SYN,ACK（#2）\""));
  // The next question has no wording of its own: the lab's, in Chinese; its answer named as the diagram does.
  const std::string q2 = api.call("runToQuestion", {});
  INFO(q2);
  CHECK(has(q2, "\"prompt\":\"c 接下来进入哪个状态？请在状态图中点击它。\""));
  const std::string a2 = api.call("answer", {"ESTABLISHED"});
  INFO(a2);
  CHECK(has(a2, "\"answer_label\":\"ESTABLISHED（已建立连接）\""));
  CHECK(has(a2, "\"seen\":\"20.000ms 时 c：SYN-SENT（同步已发送） → ESTABLISHED（已建立连接）\""));
  // The course's events: prompts in every language, whatever the learner reads.
  const std::string events = api.take_events();
  CHECK(has(events, "\"prompts\":{\"en-US\":\"The server is listening and a SYN arrives. Which flags does its answer "
                    "carry?\",\"zh-CN\":\"服务器正在监听，一个 SYN 到达。它的回答带哪些标志？\"}"));
  CHECK(has(events, "\"prompts\":{\"en-US\":\"Which state does c enter next?\","
                    "\"zh-CN\":\"c 接下来进入哪个状态？请在状态图中点击它。\"}"));
  CHECK(has(events, "\"lang\":\"zh-CN\""));
}

TEST_CASE("questions in Chinese: fate and timer choices are worded, and stay what answer() takes") {
  ApiIn zh("zh-CN");
  LabApi& api = zh.api;
  REQUIRE(has(api.call("loadLesson", {"lost-syn"}), "\"ok\""));
  const std::string fate = api.call("runToQuestion", {});
  INFO(fate);
  CHECK(has(fate, "\"choices\":[\"delivered\",\"lost\",\"dropped\",\"held\",\"corrupted\"]"));
  CHECK(has(fate, "\"choice_labels\":[\"已交付\",\"丢失\",\"被丢弃\",\"被扣留\",\"已损坏\"]"));
  REQUIRE(has(api.call("reveal", {}), "\"answer_label\":\"被丢弃\""));
  const std::string timer = api.call("runToQuestion", {});
  INFO(timer);
  CHECK(has(timer, "\"prompt\":\"第一个 SYN 的计时器在 1 s 时超时，客户端再次发送 SYN。启动的是哪个计时器，时长多少？\""));
  CHECK(has(timer, "\"retransmission 2s\""));
  CHECK(has(timer, "\"重传计时器 2s\""));
  CHECK(has(api.call("answer", {"retransmission 2s"}), "\"answer_label\":\"重传计时器 2s\""));
  const std::string events = api.take_events();
  CHECK(has(events, "{\"en-US\":\"retransmission 2s\",\"zh-CN\":\"重传计时器 2s\"}"));
}

TEST_CASE("questions in English are core's English, as before, without the UI's words Chinese lessons still speak") {
  ApiIn en("en");
  REQUIRE(has(en.api.call("loadLesson", {"handshake"}), "\"ok\""));
  CHECK(has(en.api.call("runToQuestion", {}), "\"prompt\":\"The server is listening and a SYN arrives. Which flags"));
  CHECK(en.api.call("hint", {}) == "{\"ok\":\"It must acknowledge the client's SYN and send a SYN of its own.\"}");
  CHECK(has(en.api.call("answer", {"SYN,ACK"}), "\"seen\":\"server->client SYN,ACK #2 at 10.000ms\""));
  LabApi core(TCPLAB_SCENARIO_DIR);
  REQUIRE(core.call("setLanguage", {"zh-CN"}) == "{\"ok\":null}");
  REQUIRE(has(core.call("loadLesson", {"handshake"}), "\"ok\""));
  // The lesson's own Chinese needs no wording; the rest is core's English.
  CHECK(has(core.call("runToQuestion", {}), "\"prompt\":\"服务器正在监听，一个 SYN 到达。它的回答带哪些标志？\""));
  CHECK(has(core.call("answer", {"SYN,ACK"}), "\"seen\":\"server->client SYN,ACK #2 at 10.000ms\""));
}

TEST_CASE("the guide panel's words: steps, hints and filters in the current language") {
  auto l = make_lesson("g",
                       "host client 10.0.0.1\nhost server 10.0.0.2\nat 0ms listen server:80 as l\n"
                       "at 0ms connect client:40000 to server:80 as c\n"
                       "step \"Press Next.\" zh-CN \"请按“下一步”。\"\n"
                       "ask seq client->server pure ACK hint \"Count.\" zh-CN \"数一数。\"\n");
  REQUIRE(l);
  const Scenario& sc = l->scenario;
  CHECK(step_text(sc.steps[0]) == "Press Next.");
  CHECK(filter_text(sc.questions[0].filter) == "pure ACK");
  Chinese zh;
  CHECK(step_text(sc.steps[0]) == "请按“下一步”。");
  CHECK(hint_text(sc.questions[0], 0) == "数一数。");
  CHECK(filter_text(sc.questions[0].filter) == "纯 ACK");
  CHECK(rule_feedback(Rule::SynInListen) == std::string("规则：") + zh_rule("listen.syn") + "（" +
                                               std::string(rule_reference(Rule::SynInListen)) + "）");
}
