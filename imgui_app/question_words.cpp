#include "question_words.h"

#include "core/base/units.h"
#include "core/scenario/scenario_runner.h"
#include "language.h"
#include "trace_words.h"

namespace tcplab::ui {

namespace {

std::string_view lang_tag() { return language_tag(language()); }

// The UI's language for one wording, then back (the API words in the
// language it is asked for, whatever the page shows at that moment).
class InLanguage {
 public:
  explicit InLanguage(std::string_view tag) : saved_(language()) {
    set_language(parse_language(tag).value_or(Language::English));
  }
  ~InLanguage() { set_language(saved_); }
  InLanguage(const InLanguage&) = delete;
  InLanguage& operator=(const InLanguage&) = delete;

 private:
  Language saved_;
};

bool chinese(std::string_view lang) { return parse_language(lang) == Language::Chinese; }

// A fate as the choices name it ("lost"); the rarer ones ("in flight") by core's term.
std::string fate_text(std::string_view fate) {
  if (fate == "delivered") return tr(Str::FateDelivered);
  if (fate == "lost") return tr(Str::FateLost);
  if (fate == "dropped") return tr(Str::FateDropped);
  if (fate == "held") return tr(Str::FateHeld);
  if (fate == "corrupted") return tr(Str::FateCorrupted);
  return std::string(term(fate));
}

std::string timer_text(const TimerAnswer& t) {
  return fill(Str::AskTimerChoice, {term(timer_name(t.kind)), format_duration(t.duration)});
}

}  // namespace

const std::string& step_text(const GuideStep& st) { return in_language(st.text, st.text_in, lang_tag()); }

const std::string& hint_text(const Question& q, std::size_t h) {
  static const Translations kNone;
  return in_language(q.hints[h], h < q.hints_in.size() ? q.hints_in[h] : kNone, lang_tag());
}

std::string question_text(const LabSession& s, std::size_t i) {
  const Question& q = s.lesson()->scenario.questions[i];
  if (!q.prompt.empty()) return in_language(q.prompt, q.prompt_in, lang_tag());
  const auto hosts = host_names(s.world());
  const std::string which = q.filter == SegmentFilter{} ? "" : filter_text(q.filter);  // "any segment" goes unsaid
  const std::string dir = hosts[q.dir] + "→" + hosts[1 - q.dir] + (which.empty() ? "" : " (" + which + ")");
  switch (q.what) {
    case AskWhat::State: return fill(Str::AskState, {q.conn});
    case AskWhat::Timer: return fill(Str::AskTimer, {q.conn});
    case AskWhat::Flags: return fill(Str::AskFlags, {dir});
    case AskWhat::Seq: return fill(Str::AskSeq, {dir});
    case AskWhat::Ack: return fill(Str::AskAck, {dir});
    case AskWhat::Fate: return fill(Str::AskFate, {dir});
  }
  return "";
}

Str generic_hint(AskWhat w) {
  switch (w) {
    case AskWhat::State: return Str::HintState;
    case AskWhat::Flags: return Str::HintFlags;
    case AskWhat::Seq:
    case AskWhat::Ack: return Str::HintNumbers;
    case AskWhat::Fate: return Str::HintFate;
    case AskWhat::Timer: return Str::HintTimer;
  }
  return Str::HintState;
}

std::string choice_text(const Question& q, const Checkpoint& c, std::string_view choice) {
  if (q.what == AskWhat::Fate) return fate_text(choice);
  if (q.what == AskWhat::Timer) {
    if (c.timer_answer && choice == c.answer) return timer_text(*c.timer_answer);
    for (std::size_t k = 0; k < c.choices.size() && k < c.timer_choices.size(); ++k)
      if (c.choices[k] == choice) return timer_text(c.timer_choices[k]);
  }
  if (q.what == AskWhat::State)
    for (State st : kAllStates)
      if (rfc_name(st) == choice) return state_label(st);
  return std::string(choice);
}

std::string seen_text(const Checkpoint& c) {
  const SeenParts& p = c.seen_parts;
  const std::string t = ms_text(p.t);
  switch (p.kind) {
    case SeenParts::Kind::Segment:
      return fill(Str::AskSeenSegment, {p.from, p.to, p.flags, std::to_string(p.segment), t});
    case SeenParts::Kind::State:
      return fill(Str::AskSeenState, {p.from, state_label(p.from_state), state_label(p.to_state), t});
    case SeenParts::Kind::Timer:
      return fill(Str::AskSeenTimer, {p.from, timer_text(p.timer), t});
    case SeenParts::Kind::None: break;
  }
  return c.seen;
}

std::string rule_feedback(Rule r) { return fill(Str::AskRule, {rule_sentence(r), rule_reference(r)}); }

std::string UiQuestionWords::prompt(const LabSession& s, std::size_t i, std::string_view lang) const {
  if (!chinese(lang)) return english_.prompt(s, i, lang);
  InLanguage in(lang);
  return question_text(s, i);
}

std::string UiQuestionWords::choice(const LabSession& s, std::size_t i, std::string_view choice,
                                    std::string_view lang) const {
  if (!chinese(lang)) return english_.choice(s, i, choice, lang);
  InLanguage in(lang);
  return choice_text(s.lesson()->scenario.questions[i], s.checkpoints()[i], choice);
}

std::string UiQuestionWords::seen(const Checkpoint& c, std::string_view lang) const {
  if (!chinese(lang)) return english_.seen(c, lang);
  InLanguage in(lang);
  return seen_text(c);
}

std::string UiQuestionWords::rule(Rule r, std::string_view lang) const {
  if (!chinese(lang)) return english_.rule(r, lang);
  InLanguage in(lang);
  return std::string(rule_sentence(r));
}

}  // namespace tcplab::ui
