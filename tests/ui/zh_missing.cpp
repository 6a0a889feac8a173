#include "tests/ui/zh_missing.h"

#include <array>

#include "core/capture/observer.h"
#include "core/sim/trace.h"
#include "core/tcp/diagram.h"
#include "core/tcp/rules.h"
#include "core/tcp/state.h"
#include "core/tcp/timers.h"
#include "core/tcp/user_error.h"
#include "core/wire/wire.h"
#include "imgui_app/packet_fields.h"
#include "imgui_app/strings.h"
#include "imgui_app/strings_zh.h"

namespace tcplab::ui {
namespace {

constexpr std::array kStrNames = {
#define TCPLAB_TEST_STR_NAME(id, text) #id,
    TCPLAB_UI_STRINGS(TCPLAB_TEST_STR_NAME)
#undef TCPLAB_TEST_STR_NAME
};

std::string joined(const std::set<std::string>& s) {
  std::string out;
  for (const auto& p : s) out += (out.empty() ? "" : " ") + p;
  return out.empty() ? "none" : out;
}

// One with every option the wire format knows, one with data: every field name the inspector shows.
std::vector<std::string> field_names() {
  Segment syn;
  syn.src_addr = 0x0A000001;
  syn.dst_addr = 0x0A000002;
  syn.src_port = 40000;
  syn.dst_port = 80;
  syn.flags = Flags(kSyn);
  syn.options.mss = 1460;
  syn.options.window_scale = 7;
  syn.options.sack_permitted = true;
  syn.options.timestamps = Timestamps{1, 0};
  Segment data = syn;
  data.flags = Flags(kAck);
  data.options = {};
  data.options.sack_blocks = {SackBlock{SeqNum(100), SeqNum(200)}};
  data.payload = {1, 2, 3};
  std::vector<std::string> names;
  for (const Segment& s : {syn, data}) {
    const auto bytes = encode(s);
    for (const PacketField& f : packet_fields(bytes)) names.push_back(f.name);
    // A cut-off segment names its own fields.
    const std::vector<std::uint8_t> head(bytes.begin(), bytes.begin() + 10);
    for (const PacketField& f : packet_fields(head)) names.push_back(f.name);
  }
  return names;
}

}  // namespace

std::set<std::string> placeholders(std::string_view text) {
  std::set<std::string> out;
  for (std::size_t i = 0; i + 2 < text.size(); ++i)
    if (text[i] == '{' && text[i + 1] >= '0' && text[i + 1] <= '9' && text[i + 2] == '}') out.insert(std::string(text.substr(i, 3)));
  return out;
}

std::vector<Missing> missing_strings() {
  std::vector<Missing> out;
  for (std::size_t i = 0; i < kStrCount; ++i) {
    const Str id = static_cast<Str>(i);
    const std::string name = std::string("Str::") + kStrNames[i];
    const char* zh = zh_string(id);
    if (!zh) {
      out.push_back({name, english(id), "no Chinese text"});
      continue;
    }
    const auto want = placeholders(english(id)), got = placeholders(zh);
    if (want != got) out.push_back({name, english(id), "placeholders " + joined(got) + " in Chinese, " + joined(want) + " in English"});
  }
  return out;
}

std::vector<Missing> missing_rules() {
  std::vector<Missing> out;
#define TCPLAB_TEST_RULE(name, id, ref, text) \
  if (!zh_rule(id)) out.push_back({std::string("rule ") + id, text, "no Chinese text"});
  TCPLAB_RULES(TCPLAB_TEST_RULE)
#undef TCPLAB_TEST_RULE
  return out;
}

std::vector<Missing> missing_terms() {
  std::vector<std::string> words;
  for (TimerKind k : kAllTimerKinds) words.emplace_back(timer_name(k));
  for (int e = 0; e <= static_cast<int>(UserError::ConnectionTimedOut); ++e) words.emplace_back(message(static_cast<UserError>(e)));
  for (State s : kAllStates) words.emplace_back(meaning(s));
  for (int f = 0; f <= static_cast<int>(Fate::Duplicated); ++f) words.emplace_back(fate_name(static_cast<Fate>(f)));
  // How a capture's observer knows a state (the capture narration).
  for (int b = 0; b <= static_cast<int>(ObserverBasis::MidStream); ++b) words.emplace_back(basis_text(static_cast<ObserverBasis>(b)));
  // The state diagram's edge labels; "x" is Figure 5's own mark for "nothing sent", kept as drawn.
  for (const DiagramEdge& e : diagram_edges())
    for (std::string_view w : {e.event, e.action})
      if (w != "x") words.emplace_back(w);
  std::vector<Missing> out;
  std::set<std::string> seen;
  for (const std::string& w : words)
    if (seen.insert(w).second && !zh_term(w)) out.push_back({"term '" + w + "'", w, "no Chinese text"});
  // The inspector's field names are Str ids (Field*): in Chinese each must read differently from
  // the English, or a name bypasses the string table.
  const Language before = language();
  set_language(Language::Chinese);
  const std::vector<std::string> zh_fields = field_names();
  set_language(Language::English);
  const std::vector<std::string> en_fields = field_names();
  set_language(before);
  for (std::size_t i = 0; i < en_fields.size() && i < zh_fields.size(); ++i)
    if (zh_fields[i] == en_fields[i] && seen.insert(en_fields[i]).second)
      out.push_back({"field '" + en_fields[i] + "'", en_fields[i], "not in Chinese (not a Str id?)"});
  for (State s : kAllStates)
    if (!zh_state_name(rfc_name(s))) out.push_back({"state " + std::string(rfc_name(s)), std::string(rfc_name(s)), "no Chinese name"});
  return out;
}

namespace {

// A guided step's text, a question's own wording and each hint: the learner
// reads them in the lab's language, so each needs its `zh-CN "..."`.
void missing_lesson_texts(const Lesson& l, std::vector<Missing>& out) {
  const auto at = [&](const SourceLoc& loc) { return "lesson " + l.name + ":" + std::to_string(loc.line) + ": "; };
  for (const GuideStep& st : l.scenario.steps)
    if (!st.text_in.count("zh-CN")) out.push_back({at(st.loc) + "step zh-CN", st.text, "no Chinese step text"});
  for (const Question& q : l.scenario.questions) {
    if (!q.prompt.empty() && !q.prompt_in.count("zh-CN"))
      out.push_back({at(q.loc) + "ask zh-CN", q.prompt, "no Chinese question"});
    for (std::size_t h = 0; h < q.hints.size(); ++h)
      if (h >= q.hints_in.size() || !q.hints_in[h].count("zh-CN"))
        out.push_back({at(q.loc) + "hint " + std::to_string(h + 1) + " zh-CN", q.hints[h], "no Chinese hint"});
  }
}

}  // namespace

std::vector<Missing> missing_lessons(const std::vector<Lesson>& lessons) {
  std::vector<Missing> out;
  for (const Lesson& l : lessons) {
    if (!l.scenario.titles.count("zh-CN")) out.push_back({"lesson " + l.name + ": title zh-CN", l.name, "no Chinese title"});
    if (!l.scenario.descriptions.count("zh-CN"))
      out.push_back({"lesson " + l.name + ": description zh-CN", l.description, "no Chinese description"});
    // The course list shows a lesson's summary; one written in English needs its Chinese too.
    if (!l.scenario.summary.empty() && !l.scenario.summaries.count("zh-CN"))
      out.push_back({"lesson " + l.name + ": summary zh-CN", l.scenario.summary, "no Chinese summary"});
    missing_lesson_texts(l, out);
  }
  return out;
}

std::string describe(const std::vector<Missing>& m) {
  std::string out;
  for (const Missing& x : m) out += x.id + ": " + x.problem + " (English: \"" + x.english + "\")\n";
  return out;
}

}  // namespace tcplab::ui
