#include "language.h"

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

std::string param_error_text(const ParamError& e) {
  if (e.unknown_key) return e.message.empty() ? fill(Str::ParamUnknown, {e.key}) : fill(Str::ParamUnknownHint, {e.key, e.message});
  if (e.entry) return fill(Str::ParamEntry, {e.key, std::to_string(*e.entry), e.message});
  if (e.value.size() <= 60 && e.value.find('\n') == std::string::npos) return fill(Str::ParamValue, {e.key, e.value, e.message});
  return fill(Str::ParamBare, {e.key, e.message});
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
