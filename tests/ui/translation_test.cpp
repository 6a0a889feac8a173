// The lab in Chinese (issue 15): every string id, rule sentence, core term
// and lesson has its Chinese text with the English text's placeholders; a
// string added later without its Chinese line fails here, naming its id.
// (tcplab_zh_text --missing prints the same list for whoever fills it in.)
#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>
#include <string>

#include "core/lab/lab_params.h"
#include "core/lab/lab_session.h"
#include "core/scenario/scenario_runner.h"
#include "core/sim/trace.h"
#include "core/tcp/rules.h"
#include "core/tcp/timers.h"
#include "core/tcp/user_error.h"
#include "core/wire/wire.h"
#include "imgui_app/language.h"
#include "imgui_app/lesson_results.h"
#include "imgui_app/narration.h"
#include "imgui_app/packet_fields.h"
#include "imgui_app/strings.h"
#include "imgui_app/strings_zh.h"
#include "tests/ui/zh_missing.h"

using namespace tcplab;
using namespace tcplab::ui;

namespace {

// Sets the language for one test and puts English back after it.
struct InLanguage {
  explicit InLanguage(Language l) { set_language(l); }
  ~InLanguage() { set_language(Language::English); }
};

bool has_cjk(std::string_view s) {
  // Any UTF-8 lead byte of U+3000..U+9FFF / U+FF00..U+FFEF (E3..E9, EF).
  return std::any_of(s.begin(), s.end(), [](char c) {
    const auto b = static_cast<unsigned char>(c);
    return (b >= 0xE3 && b <= 0xE9) || b == 0xEF;
  });
}

std::vector<Lesson> lessons() {
  LabSession s;
  const auto errors = s.load_lessons(TCPLAB_SCENARIO_DIR);
  REQUIRE(errors.empty());
  REQUIRE(!s.lessons().empty());
  return s.lessons();
}

}  // namespace

TEST_CASE("zh-CN: every string id has Chinese text with the English placeholders") {
  // The ids without Chinese, or whose placeholders differ, listed in one message.
  CHECK(describe(missing_strings()) == "");
  CHECK(placeholders("{1} from {0} is lost ({2})") == std::set<std::string>{"{0}", "{1}", "{2}"});
  CHECK(placeholders("no placeholder") == std::set<std::string>{});
}

TEST_CASE("zh-CN: every rule sentence has Chinese text") {
  CHECK(describe(missing_rules()) == "");
  SECTION("the table names no rule that does not exist (a typo would hide a missing one)") {
    std::set<std::string_view> ids;
#define TCPLAB_TEST_RULE_ID(name, id, ref, text) ids.insert(id);
    TCPLAB_RULES(TCPLAB_TEST_RULE_ID)
#undef TCPLAB_TEST_RULE_ID
    for (const ZhPair& p : zh_rule_table()) {
      INFO(p.key);
      CHECK(ids.count(p.key) == 1);
    }
  }
}

TEST_CASE("zh-CN: core's words the UI shows have Chinese text") {
  // timer names, user errors, state meanings and names, segment fates, inspector field names
  CHECK(describe(missing_terms()) == "");
}

TEST_CASE("zh-CN: every lesson has a Chinese title and description (and summary, if it has one)") {
  const auto all = lessons();
  CHECK(describe(missing_lessons(all)) == "");
  InLanguage zh(Language::Chinese);
  for (const Lesson& l : all) {
    INFO(l.name);
    CHECK(has_cjk(lesson_title(l)));
    CHECK(has_cjk(lesson_description(l)));
    if (!l.scenario.summary.empty()) CHECK(has_cjk(lesson_summary(l)));
  }
}

TEST_CASE("zh-CN: a lesson with an English summary but no Chinese one is reported") {
  const std::string head =
      "description Two hosts shake hands.\n"
      "title zh-CN 握手\n"
      "description zh-CN 两台主机握手。\n"
      "summary Three segments open a connection.\n";
  const std::string hosts = "host client 10.0.0.1\nhost server 10.0.0.2\n";
  auto without = make_lesson("mini", head + hosts);
  REQUIRE(without);
  CHECK(describe(missing_lessons({*without})) ==
        "lesson mini: summary zh-CN: no Chinese summary (English: \"Three segments open a connection.\")\n");
  auto with = make_lesson("mini", head + "summary zh-CN 三个报文段建立连接。\n" + hosts);
  REQUIRE(with);
  CHECK(with->scenario.summaries.at("zh-CN") == "三个报文段建立连接。");
  CHECK(describe(missing_lessons({*with})) == "");
}

TEST_CASE("zh-CN: a lesson's step, question or hint without its Chinese is reported") {
  const std::string head =
      "description Two hosts shake hands.\ntitle zh-CN 握手\ndescription zh-CN 两台主机握手。\n"
      "host client 10.0.0.1\nhost server 10.0.0.2\n"
      "at 0ms listen server:80 as l\nat 0ms connect client:40000 to server:80 as c\n";
  auto without = make_lesson("mini", head +
                                         "step \"Press Listen.\" wait listen server\n"
                                         "ask state c hint \"It waits.\"\n"
                                         "ask after 5ms state c \"Which state?\" hint \"One\" zh-CN \"一\" hint \"Two\"\n");
  REQUIRE(without);
  CHECK(describe(missing_lessons({*without})) ==
        "lesson mini:8: step zh-CN: no Chinese step text (English: \"Press Listen.\")\n"
        "lesson mini:9: hint 1 zh-CN: no Chinese hint (English: \"It waits.\")\n"
        "lesson mini:10: ask zh-CN: no Chinese question (English: \"Which state?\")\n"
        "lesson mini:10: hint 2 zh-CN: no Chinese hint (English: \"Two\")\n");
  auto with = make_lesson("mini", head +
                                      "step \"Press Listen.\" zh-CN \"按监听。\" wait listen server\n"
                                      "ask state c hint \"It waits.\" zh-CN \"它在等待。\"\n"
                                      "ask after 5ms state c \"Which state?\" zh-CN \"哪个状态？\" hint \"One\" zh-CN \"一\"\n");
  REQUIRE(with);
  CHECK(describe(missing_lessons({*with})) == "");
}

TEST_CASE("zh-CN: a lesson's localized lines parse and stay out of the English description") {
  auto l = make_lesson("mini",
                       "description Two hosts shake hands.\n"
                       "title zh-CN 握手\n"
                       "description zh-CN 两台主机握手，\n"
                       "description zh-CN 三个报文段。\n"
                       "description an English line that starts with a short word\n"
                       "host client 10.0.0.1\nhost server 10.0.0.2\n");
  REQUIRE(l);
  CHECK(l->description == "Two hosts shake hands. an English line that starts with a short word");
  CHECK(l->scenario.titles.at("zh-CN") == "握手");
  CHECK(l->scenario.descriptions.at("zh-CN") == "两台主机握手，三个报文段。");
  CHECK(lesson_title(*l) == "mini");
  InLanguage zh(Language::Chinese);
  CHECK(lesson_title(*l) == "握手");
  CHECK(lesson_description(*l) == "两台主机握手，三个报文段。");
}

TEST_CASE("zh-CN: tr() follows the language, English stays the fallback") {
  CHECK(std::string(tr(Str::Listen)) == "Listen");
  CHECK(parse_language("zh-CN") == Language::Chinese);
  CHECK(parse_language("en") == Language::English);
  CHECK(!parse_language("zh"));
  CHECK(language_tag(Language::Chinese) == "zh-CN");
  {
    InLanguage zh(Language::Chinese);
    CHECK(std::string(tr(Str::Listen)) == "监听");
    CHECK(std::string(tr(Str::SimClose)) == "同时关闭");
    CHECK(std::string(english(Str::Listen)) == "Listen");
    CHECK(rule_sentence(Rule::FinInFinWait1) == "FIN-WAIT-1 中本方 FIN 尚未得到确认就收到 FIN（同时关闭）：进入 CLOSING。");
    CHECK(term(timer_name(TimerKind::TimeWait)) == "时间等待 2MSL");
    CHECK(term(timer_name(TimerKind::Retransmit)) == "重传");
    CHECK(term(timer_name(TimerKind::Persist)) == "持续");
    CHECK(term(timer_name(TimerKind::Keepalive)) == "保活");
    CHECK(state_label(State::SynSent) == "SYN-SENT（同步已发送）");
    CHECK(term("a word nobody translated") == "a word nobody translated");
    // Edge labels as a Chinese textbook words them, flags and states in the RFC's spelling.
    CHECK(edge_label(*find_edge(State::Listen, State::SynReceived)) == "收到 SYN / 发送 SYN,ACK");
    CHECK(edge_label(*find_edge(State::TimeWait, State::Closed)) == "超时 2MSL / 删除 TCB");
    CHECK(edge_label(*find_edge(State::FinWait1, State::FinWait2)) == "收到对 FIN 的 ACK / x");
  }
  CHECK(edge_label(*find_edge(State::Listen, State::SynReceived)) == "rcv SYN / snd SYN,ACK");
  CHECK(rule_sentence(Rule::FinInFinWait1) == rule_text(Rule::FinInFinWait1));
  CHECK(state_label(State::SynSent) == "SYN-SENT");
}

TEST_CASE("zh-CN: the URL notice says ParamError::text() in English and words the reason in Chinese") {
  const auto parsed = parse_query("loss=7&los=3&lang=fr&scenario=host%20x&mtu=5&run=close+c&colour=red");
  REQUIRE(parsed.errors.size() == 7);
  for (const ParamError& e : parsed.errors) {
    INFO(e.text());
    CHECK(param_error_text(e) == e.text());
    InLanguage zh(Language::Chinese);
    const std::string text = param_error_text(e);
    CHECK(has_cjk(text));
    CHECK(text.find(e.key) != std::string::npos);
    // The reason is Chinese too, not core's English (colour=red has none to give).
    if (!e.message.empty()) CHECK(text.find(e.message) == std::string::npos);
    CHECK(has_cjk(param_reason(e)) == !e.message.empty());
  }
  InLanguage zh(Language::Chinese);
  CHECK(param_error_text(parsed.errors[0]) == "参数“loss” = “7”：应为概率，如 5% 或 0.05");
  CHECK(param_error_text(parsed.errors[1]) == "未知参数“los”（是不是要写“loss”？）");
  CHECK(param_error_text(parsed.errors[3]) == "参数“scenario” = “host x”：第 1 行第 7 列：expected an IPv4 address such as 10.0.0.1, got the end of the line");
  CHECK(param_error_text(parsed.errors[4]) == "参数“mtu” = “5”：应为 MTU（字节），从 68 到 65535");
  CHECK(param_error_text(parsed.errors[5]) == "参数“run”第 1 项：应为“步数@时刻 操作”，如 12@1.5s close c，这里是“close c”");
  CHECK(param_error_text(parsed.errors[6]) == "未知参数“colour”");
  CHECK(parse_query("lang=zh-CN").errors.empty());
  CHECK(parse_query("lang=zh-CN").params.lang == "zh-CN");
}

TEST_CASE("zh-CN: every reason a URL parameter is refused for has the API's English and a Chinese text") {
  // The string table's English is core's, byte for byte (the API and its tests read core's).
  for (std::size_t i = 1; i < kParamReasonCount; ++i) {
    const auto r = static_cast<ParamReason>(i);
    INFO(param_reason_english(r));
    REQUIRE(param_reason_text(r) != nullptr);
    CHECK(std::string_view(param_reason_text(r)) == param_reason_english(r));
    InLanguage zh(Language::Chinese);
    CHECK(has_cjk(param_reason_text(r)));
    CHECK(placeholders(param_reason_text(r)) == placeholders(param_reason_english(r)));
  }
  CHECK(param_reason_text(ParamReason::Other) == nullptr);
}

TEST_CASE("zh-CN: the narration of a lesson speaks Chinese, with the seed's questions answered") {
  InLanguage zh(Language::Chinese);
  LabSession s;
  REQUIRE(s.load_lessons(TCPLAB_SCENARIO_DIR).empty());
  const auto& ls = s.lessons();
  const auto index = [&](std::string_view name) {
    const auto it = std::find_if(ls.begin(), ls.end(), [&](const Lesson& l) { return l.name == name; });
    REQUIRE(it != ls.end());
    return static_cast<std::size_t>(it - ls.begin());
  };
  const auto narrate = [&](std::string_view lesson) {
    std::vector<Command> cmds{LoadLessonCmd{index(lesson)}, RunToEndCmd{}};
    s.apply(cmds);
    Narrator n;
    n.update(s.world(), s.generation());
    return n.lines();
  };
  const auto contains = [](const std::vector<NarrationLine>& lines, std::string_view text) {
    return std::any_of(lines.begin(), lines.end(), [&](const NarrationLine& l) { return l.text.find(text) != std::string::npos; });
  };

  SECTION("the handshake: every line in Chinese, 为什么要三次握手 answered with the old duplicate SYN") {
    const auto lines = narrate("handshake");
    REQUIRE(!lines.empty());
    for (const NarrationLine& l : lines) {
      INFO(l.text);
      CHECK(has_cjk(l.text));
    }
    CHECK(contains(lines, "客户端 发送 SYN seq="));
    CHECK(contains(lines, "服务器：LISTEN → SYN-RECEIVED。LISTEN 中收到 SYN：回答 SYN,ACK，进入 SYN-RECEIVED。"));
    CHECK(contains(lines, "为什么要三次握手？"));
    CHECK(contains(lines, "已失效的连接请求报文段"));
  }
  SECTION("the four-way close: 为什么连接是三次而关闭是四次, then 为什么 TIME_WAIT 要等 2MSL") {
    const auto lines = narrate("four-way-close");
    CHECK(contains(lines, "为什么连接的时候是三次握手，关闭的时候却是四次挥手？"));
    CHECK(contains(lines, "为什么 TIME_WAIT 要等 2MSL（这里是 2 s）？"));
  }
  SECTION("the lost third ACK: the article's RST, and what RFC 9293 does instead") {
    const auto lines = narrate("lost-third-ack-data");
    CHECK(contains(lines, "如果第三次握手中的报文段丢失了会发生什么？"));
    CHECK(contains(lines, "这是简化的说法：按 RFC 9293"));
  }
  SECTION("core's trace text is worded again: a user call's details, an armed fault") {
    const auto lines = narrate("lost-syn");
    CHECK(contains(lines, "客户端 调用 OPEN（主动） 10.0.0.1:40000 到 10.0.0.2:80"));
    CHECK(contains(lines, "服务器 调用 OPEN（被动） 端口 80，积压队列"));
    // (a drop armed at 0 ms is part of the setup; lost-last-ack arms one at 150 ms)
    const auto later = narrate("lost-last-ack");
    CHECK(contains(later, "链路：已设置：丢弃 客户端→服务器 方向的下一个报文段（纯 ACK）"));
    CHECK(contains(later, "被丢弃：被故障丢弃：下一个报文段（纯 ACK）。"));
    for (const NarrationLine& l : later) {
      INFO(l.text);
      CHECK(l.text.find("armed") == std::string::npos);
      CHECK(l.text.find("fault") == std::string::npos);
    }
    for (const NarrationLine& l : lines) {
      INFO(l.text);
      CHECK(l.text.find("armed") == std::string::npos);
      CHECK(l.text.find(" to ") == std::string::npos);
      CHECK(l.text.find("port") == std::string::npos);
    }
  }
  SECTION("simultaneous close names CLOSING and its Chinese") {
    const auto lines = narrate("simultaneous-close");
    CHECK(contains(lines, "同时关闭：本方的 FIN 与对方的 FIN 在途中交错。"));
    CHECK(contains(lines, "FIN-WAIT-1 → CLOSING"));
  }
}

// zhmsg: a lesson's expectations as the narration shows them when it ends.
namespace {

// The names an expectation gives things (its connection, a rule's id):
// the lesson's words, the same in every language.
std::set<std::string> names_in(const Expectation& e) {
  return std::visit(
      [](const auto& x) {
        std::set<std::string> out;
        if constexpr (requires { x.conn; }) out.insert(x.conn);
        if constexpr (requires { x.why; }) if (x.why) out.insert(*x.why);
        return out;
      },
      e.what);
}

// Words of three or more lower-case letters that are not the RFC's names,
// units or the lesson's own names: English left in a Chinese text.
std::vector<std::string> english_words(std::string_view text, const std::set<std::string>& names = {}) {
  static const std::set<std::string> kAllowed{"cwnd", "ssthresh", "min"};
  std::vector<std::string> out;
  std::string token;
  const auto flush = [&] {
    const bool word = token.size() >= 3 && std::all_of(token.begin(), token.end(), [](char c) { return c >= 'a' && c <= 'z'; });
    if (word && !kAllowed.count(token) && !names.count(token)) out.push_back(token);
    token.clear();
  };
  for (const char c : text) {
    // A rule id ("listen.syn", "cc.fast-retransmit") or a name ("l.1") is one token with its dots and hyphens.
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_') token += c;
    else flush();
  }
  flush();
  return out;
}

}  // namespace

TEST_CASE("zh-CN: every lesson's expectations read in Chinese at its end, what the run showed too") {
  LabSession s;
  REQUIRE(s.load_lessons(TCPLAB_SCENARIO_DIR).empty());
  std::size_t checked = 0;
  for (std::size_t i = 0; i < s.lessons().size(); ++i) {
    std::vector<Command> cmds{LoadLessonCmd{i}, RunToEndCmd{}};
    s.apply(cmds);
    REQUIRE(s.results());
    const auto hosts = host_names(s.world());
    for (const ExpectationResult& r : *s.results()) {
      INFO(s.lessons()[i].name << ": " << r.expectation.text << " / " << r.seen);
      const std::string en = expectation_text(r.expectation, hosts);
      CHECK(seen_text(r) == r.seen);
      InLanguage zh(Language::Chinese);
      const std::string text = expectation_text(r.expectation, hosts), seen = seen_text(r);
      CHECK(has_cjk(text));
      CHECK(text != en);
      CHECK(english_words(text, names_in(r.expectation)) == std::vector<std::string>{});
      CHECK(english_words(seen, names_in(r.expectation)) == std::vector<std::string>{});
      ++checked;
    }
  }
  CHECK(checked > 200);
}

TEST_CASE("zh-CN: expectations a run did not meet, and what it showed, in both languages") {
  std::string error;
  auto lesson = make_lesson("unmet",
                            "host client 10.0.0.1\nhost server 10.0.0.2\nlink latency 10ms\n"
                            "at 0ms connect client:40000 to server:81 as c\n"
                            "expect at 100ms c state ESTABLISHED\n"
                            "expect segment client->server SYN count 2\n"
                            "expect segment client->server data\n"
                            "expect c delivered 10 bytes\n"
                            "expect c error \"connection reset\"\n"
                            "expect c transition SYN-SENT -> ESTABLISHED\n"
                            "expect at 100ms c cwnd 4 segments srtt 10ms phase slow-start\n"
                            "expect c congestion why cc.fast-retransmit count 1\n"
                            "at 5s listen server:80 as late\n"
                            "expect late state LISTEN\n"
                            "run until 1s\n",
                            &error);
  INFO(error);
  REQUIRE(lesson);
  const ScenarioRun run = run_scenario(lesson->scenario);
  REQUIRE(run.results.size() == 9);
  const auto hosts = host_names(run.world);
  std::vector<std::string> en, zh;
  for (const ExpectationResult& r : run.results) {
    CHECK(!r.passed);
    en.push_back(expectation_text(r.expectation, hosts) + " | " + seen_text(r));
    InLanguage in_zh(Language::Chinese);
    zh.push_back(expectation_text(r.expectation, hosts) + " | " + seen_text(r));
  }
  CHECK(en == std::vector<std::string>{
                  "c is in ESTABLISHED at 100ms | CLOSED at 100.000ms",
                  "segments Client→Server: SYN (exactly 2) | 1 matching (#1 at 0.000ms)",
                  "segments Client→Server: data (at least one) | 0 matching",
                  "c delivers 10 bytes to its application | 0 bytes",
                  "c's last error is \"connection reset\" | \"connection refused\"",
                  "c goes from SYN-SENT to ESTABLISHED | CLOSED -> SYN-SENT -> CLOSED",
                  "c at 100ms: cwnd 4 segments, phase slow start, SRTT 10ms | cwnd 0, phase slow-start, srtt none yet at 100.000ms",
                  "congestion decisions of c, by rule cc.fast-retransmit (exactly 1) | 0 matching",
                  "late is in LISTEN when the lesson ends | no connection named 'late' was created",
              });
  CHECK(zh == std::vector<std::string>{
                  "c 在 100ms 处于 ESTABLISHED | CLOSED 于 100.000ms",
                  "客户端→服务器 方向的报文段：SYN（恰好 2 个） | 1 个匹配（#1 于 0.000ms）",
                  "客户端→服务器 方向的报文段：数据（至少一个） | 0 个匹配",
                  "c 向应用程序交付 10 字节 | 0 字节",
                  "c 的最后一个错误是“连接被复位” | “连接被拒绝”",
                  "c 从 SYN-SENT 进入 ESTABLISHED | CLOSED → SYN-SENT → CLOSED",
                  "c 在 100ms：cwnd 4 个报文段，阶段 慢开始，SRTT 10ms | cwnd 0，阶段 慢开始，SRTT 尚无 于 100.000ms",
                  "c 的拥塞控制决策，依据规则 cc.fast-retransmit（恰好 1 个） | 0 个匹配",
                  "late 在课程结束时处于 LISTEN | 没有创建名为“late”的连接",
              });
  CHECK(results_heading(run.results) == "Lesson over: 0 of 9 expectations met");
  InLanguage in_zh(Language::Chinese);
  CHECK(results_heading(run.results) == "课程结束：9 项预期中满足 0 项");
}
