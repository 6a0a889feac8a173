// A lesson's questions and guided steps in the lab's language, through the
// string table: the teacher's texts where the lesson translates them
// (`"..." zh-CN "..."`), the lab's own prompts, choices, hints, what happened
// and the rule otherwise. No ImGui here: the guide panel draws these, the
// JavaScript API answers with them (UiQuestionWords, installed by web/), and
// native tests read them.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

#include "core/lab/question_words.h"
#include "core/scenario/question.h"
#include "strings.h"

namespace tcplab::ui {

// The step's text, the question, the teacher's hint h, in the current language.
const std::string& step_text(const GuideStep& st);
std::string question_text(const LabSession& s, std::size_t i);
const std::string& hint_text(const Question& q, std::size_t h);
// The lab's own hint for a kind of question, after the teacher's.
Str generic_hint(AskWhat w);
// A choice or an answer as the learner reads it: fates and timers in the
// current language, flags, states and numbers as the RFCs write them.
std::string choice_text(const Question& q, const Checkpoint& c, std::string_view choice);
// "What happened" and "the rule", from the checkpoint's parts.
std::string seen_text(const Checkpoint& c);
std::string rule_feedback(Rule r);

// The same for the JavaScript API, in the language it asks for; English is
// core's (EnglishQuestionWords), so the API's English does not change with it.
class UiQuestionWords : public QuestionWords {
 public:
  std::vector<std::string> languages() const override { return {"en", "zh-CN"}; }
  std::string prompt(const LabSession& s, std::size_t i, std::string_view lang) const override;
  std::string choice(const LabSession& s, std::size_t i, std::string_view choice, std::string_view lang) const override;
  std::string seen(const Checkpoint& c, std::string_view lang) const override;
  std::string rule(Rule r, std::string_view lang) const override;

 private:
  EnglishQuestionWords english_;
};

}  // namespace tcplab::ui
