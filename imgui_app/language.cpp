#include "language.h"

#include <iterator>

#include "core/base/text_template.h"
#include "strings_zh.h"

namespace tcplab::ui {

std::string_view rule_sentence(Rule r) {
  if (language() == Language::Chinese)
    if (const char* zh = zh_rule(rule_id(r))) return zh;
  return rule_text(r);
}

std::string_view term(std::string_view english) {
  if (language() == Language::Chinese)
    if (const char* zh = zh_term(english)) return zh;
  return english;
}

std::string state_label(State s) {
  std::string out(rfc_name(s));
  if (language() == Language::Chinese)
    if (const char* zh = zh_state_name(out)) out += std::string("（") + zh + "）";
  return out;
}

std::string host_label(std::string_view name) {
  std::string n(name);
  // The lab's two hosts by the names the panels give them, in the lab's language.
  if (n == "client") return tr(Str::Client);
  if (n == "server") return tr(Str::Server);
  if (!n.empty() && n[0] >= 'a' && n[0] <= 'z') n[0] = static_cast<char>(n[0] - 'a' + 'A');
  return n;
}

Str phase_name(CongestionPhase p) {
  switch (p) {
    case CongestionPhase::SlowStart: return Str::PhaseSlowStart;
    case CongestionPhase::CongestionAvoidance: return Str::PhaseAvoidance;
    case CongestionPhase::FastRecovery: return Str::PhaseFastRecovery;
    case CongestionPhase::LossRecovery: return Str::PhaseAfterTimeout;
  }
  return Str::PhaseSlowStart;
}

std::string edge_label(const DiagramEdge& e) { return fill(Str::EdgeTip, {term(e.event), term(e.action)}); }

std::string lesson_title(const Lesson& l) {
  if (language() == Language::Chinese) {
    const auto it = l.scenario.titles.find("zh-CN");
    if (it != l.scenario.titles.end()) return it->second;
  }
  return l.scenario.title.empty() ? l.name : l.scenario.title;
}

const std::string& lesson_summary(const Lesson& l) {
  if (language() == Language::Chinese) {
    const auto it = l.scenario.summaries.find("zh-CN");
    if (it != l.scenario.summaries.end()) return it->second;
  }
  return l.scenario.summary;
}

const std::string& lesson_description(const Lesson& l) {
  if (language() == Language::Chinese) {
    const auto it = l.scenario.descriptions.find("zh-CN");
    if (it != l.scenario.descriptions.end()) return it->second;
  }
  return l.description;
}

namespace {

// Str::Reason* in ParamReason's order, from Flag (Other has no template of its own).
constexpr Str kReasonText[] = {
    Str::ReasonFlag, Str::ReasonDuration, Str::ReasonDurationAtMost, Str::ReasonProbability, Str::ReasonBandwidth,
    Str::ReasonQueueLimit, Str::ReasonMtu, Str::ReasonCount, Str::ReasonOctets, Str::ReasonLessonName,
    Str::ReasonScenarioTooLong, Str::ReasonScenarioSyntax, Str::ReasonLanguage, Str::ReasonSpeed, Str::ReasonProfile,
    Str::ReasonMsl, Str::ReasonSeed, Str::ReasonCongestion, Str::ReasonPanels, Str::ReasonNoPanel, Str::ReasonLayout,
    Str::ReasonCapture, Str::ReasonGraph, Str::ReasonSender, Str::ReasonCompare, Str::ReasonTime,
    Str::ReasonRunTooLong, Str::ReasonRunEntry, Str::ReasonRunAt, Str::ReasonRunTooLate, Str::ReasonRunOrder,
    Str::ReasonRunAction, Str::ReasonRunOctets, Str::ReasonDidYouMean, Str::ReasonLessonAndScenario,
    Str::ReasonIgnoredForLesson, Str::ReasonIgnoredForScenario, Str::ReasonNoLessons, Str::ReasonNoSuchLesson,
    Str::ReasonRunBeforeLesson, Str::ReasonRunBeforeWorld,
};
static_assert(std::size(kReasonText) + 1 == kParamReasonCount, "every ParamReason but Other has its Str");

}  // namespace

const char* param_reason_text(ParamReason r) {
  if (r == ParamReason::Other) return nullptr;
  return tr(kReasonText[static_cast<std::size_t>(r) - 1]);
}

std::string param_reason(const ParamError& e) {
  const char* templ = param_reason_text(e.reason);
  if (!templ) return e.message;
  const std::vector<std::string_view> args(e.args.begin(), e.args.end());
  return fill_template(templ, args);
}

std::string param_error_text(const ParamError& e) {
  const std::string why = param_reason(e);
  if (e.unknown_key) return why.empty() ? fill(Str::ParamUnknown, {e.key}) : fill(Str::ParamUnknownHint, {e.key, why});
  if (e.entry) return fill(Str::ParamEntry, {e.key, std::to_string(*e.entry), why});
  if (e.value.size() <= 60 && e.value.find('\n') == std::string::npos) return fill(Str::ParamValue, {e.key, e.value, why});
  return fill(Str::ParamBare, {e.key, why});
}

std::string all_chinese_text(const std::vector<Lesson>& lessons) {
  std::string out;
  for (std::size_t i = 0; i < kStrCount; ++i)
    if (const char* zh = zh_string(static_cast<Str>(i))) out += zh;
  for (const auto& table : {zh_rule_table(), zh_term_table(), zh_state_table()})
    for (const ZhPair& p : table) out += p.zh;
  for (const GlossaryEntry& g : glossary()) out += g.zh;
  for (const Lesson& l : lessons) {
    for (const auto& [lang, text] : l.scenario.titles) out += text;
    for (const auto& [lang, text] : l.scenario.descriptions) out += text;
    for (const auto& [lang, text] : l.scenario.summaries) out += text;
    for (const GuideStep& st : l.scenario.steps)
      for (const auto& [lang, text] : st.text_in) out += text;
    for (const Question& q : l.scenario.questions) {
      for (const auto& [lang, text] : q.prompt_in) out += text;
      for (const Translations& h : q.hints_in)
        for (const auto& [lang, text] : h) out += text;
    }
  }
  return out;
}

}  // namespace tcplab::ui
