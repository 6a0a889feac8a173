#include "core/lab/question_words.h"

#include "core/scenario/question.h"
#include "core/scenario/scenario_runner.h"

namespace tcplab {

std::string EnglishQuestionWords::prompt(const LabSession& s, std::size_t i, std::string_view lang) const {
  const Question& q = s.lesson()->scenario.questions[i];
  // The teacher's wording is the lesson's, in any language it gives.
  if (!q.prompt.empty()) return in_language(q.prompt, q.prompt_in, lang);
  return question_prompt(q, host_names(s.world()));
}

std::string EnglishQuestionWords::choice(const LabSession&, std::size_t, std::string_view choice, std::string_view) const {
  return std::string(choice);
}

std::string EnglishQuestionWords::seen(const Checkpoint& c, std::string_view) const { return c.seen; }

std::string EnglishQuestionWords::rule(Rule r, std::string_view) const { return std::string(rule_text(r)); }

}  // namespace tcplab
