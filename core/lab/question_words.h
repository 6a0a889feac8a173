// How the JavaScript API words what it says about a lesson's questions in a
// language: the lab's own prompts, the choices, what happened and the rule.
// Core words them in English; the page and the Node module plug in the UI's
// string table (imgui_app/question_words.h, installed by web/), so the API,
// the xAPI statements and the guide panel say the same thing in Chinese.
// The teacher's own texts (`"..." zh-CN "..."`) need no wording: they are
// read from the lesson in the language asked for.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/lab/lab_session.h"
#include "core/tcp/rules.h"

namespace tcplab {

class QuestionWords {
 public:
  virtual ~QuestionWords() = default;
  // The languages it words ("en", "zh-CN"): the xAPI language maps list each.
  virtual std::vector<std::string> languages() const = 0;
  // Question `i` of the session's lesson as the learner reads it in `lang`.
  virtual std::string prompt(const LabSession& s, std::size_t i, std::string_view lang) const = 0;
  // One of question i's choices (a checkpoint's `choices` entry), or its answer.
  virtual std::string choice(const LabSession& s, std::size_t i, std::string_view choice,
                             std::string_view lang) const = 0;
  // What happened at the checkpoint (Checkpoint::seen_parts).
  virtual std::string seen(const Checkpoint& c, std::string_view lang) const = 0;
  // The rule's sentence.
  virtual std::string rule(Rule r, std::string_view lang) const = 0;
};

// Core's own wording: English whatever the language.
class EnglishQuestionWords : public QuestionWords {
 public:
  std::vector<std::string> languages() const override { return {"en"}; }
  std::string prompt(const LabSession& s, std::size_t i, std::string_view lang) const override;
  std::string choice(const LabSession& s, std::size_t i, std::string_view choice, std::string_view lang) const override;
  std::string seen(const Checkpoint& c, std::string_view lang) const override;
  std::string rule(Rule r, std::string_view lang) const override;
};

}  // namespace tcplab
