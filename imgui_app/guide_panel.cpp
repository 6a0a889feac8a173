#include "guide_panel.h"

#include "question_words.h"
#include "strings.h"
#include "theme.h"

namespace tcplab::ui {

namespace {

ImVec4 colour(ImU32 c) { return ImGui::ColorConvertU32ToFloat4(c); }

}  // namespace

bool GuidePanel::wanted(const LabSession& s) {
  return s.lesson() && (s.asking() || s.last_answered() || s.guide_step());
}

void GuidePanel::draw(const PanelContext& c, ImVec2 pos, float width) {
  guide_closed = false;
  const LabSession& s = c.session;
  ImGui::SetNextWindowPos(pos);
  ImGui::SetNextWindowSize(ImVec2(width, 0));
  ImGui::Begin("##guide", nullptr,
               ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoNavInputs);
  ImGui::PushTextWrapPos(width - ImGui::GetStyle().WindowPadding.x);
  if (const auto step = s.guide_step()) draw_guide(c, *step);
  if (const auto i = s.asking()) {
    if (s.guide_step()) ImGui::Separator();
    draw_question(c, *i);
  } else if (const auto a = s.last_answered(); a && s.course_events().size() > feedback_seen_) {
    if (s.guide_step()) ImGui::Separator();
    draw_feedback(c, *a);
  }
  ImGui::PopTextWrapPos();
  ImGui::End();
}

void GuidePanel::draw_guide(const PanelContext& c, std::size_t step) {
  const auto& steps = c.session.lesson()->scenario.steps;
  if (step >= steps.size()) {
    ImGui::TextColored(colour(theme().selection), "%s", tr(Str::GuideDone));
    draw_score(c);
    if (ImGui::Button(tr(Str::GuideClose))) {
      c.queue(GuideCloseCmd{});
      guide_closed = true;
    }
    c.mark("guide.close");
    return;
  }
  const GuideStep& st = steps[step];
  ImGui::TextColored(colour(theme().muted), "%s",
                     fill(Str::GuideTitle, {std::to_string(step + 1), std::to_string(steps.size())}).c_str());
  ImGui::TextWrapped("%s", step_text(st).c_str());
  if (st.until == GuideStep::Until::Next) {
    if (ImGui::Button(tr(Str::GuideNext))) c.queue(GuideNextCmd{});
    c.mark("guide.next");
    ImGui::SameLine();
  } else if (st.until == GuideStep::Until::Action) {
    ImGui::TextColored(colour(theme().muted), "%s", tr(Str::GuideWaiting));
  }
  if (ImGui::SmallButton(tr(Str::GuideClose))) {
    c.queue(GuideCloseCmd{});
    guide_closed = true;
  }
  c.mark("guide.close");
}

void GuidePanel::draw_question(const PanelContext& c, std::size_t i) {
  const LabSession& s = c.session;
  const Question& q = s.lesson()->scenario.questions[i];
  const Checkpoint& cp = s.checkpoints()[i];
  const QuestionProgress& p = s.question_progress()[i];
  if (hints_for_ != i) {
    hints_for_ = i;
    hints_shown_ = 0;
    number_.fill(0);
  }
  ImGui::TextColored(colour(theme().muted), "%s",
                     fill(Str::AskTitle, {std::to_string(i + 1), std::to_string(s.checkpoints().size())}).c_str());
  ImGui::TextWrapped("%s", question_text(s, i).c_str());
  c.mark("ask.prompt");
  if (q.what == AskWhat::State) {
    ImGui::TextColored(colour(theme().selection), "%s", tr(Str::AskClickState));
  } else if (q.what == AskWhat::Seq || q.what == AskWhat::Ack) {
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
    const bool enter = ImGui::InputText("##number", number_.data(), number_.size(),
                                        ImGuiInputTextFlags_CharsDecimal | ImGuiInputTextFlags_EnterReturnsTrue);
    c.mark("ask.input");
    ImGui::SameLine();
    if (ImGui::Button(tr(Str::AskCheck)) || enter) c.queue(AnswerCmd{std::string(number_.data())});
    c.mark("ask.check");
  } else {
    for (const std::string& choice : cp.choices) {
      if (ImGui::Button(choice_text(q, cp, choice).c_str())) c.queue(AnswerCmd{choice});
      c.mark("ask.choice." + choice);
      ImGui::SameLine();
    }
    ImGui::NewLine();
  }
  if (p.attempts > 0 && !p.right)
    ImGui::TextColored(colour(theme().loss), "%s",
                       fill(Str::AskWrong, {choice_text(q, cp, p.last_response)}).c_str());
  // Hints: the teacher's, in order, then the lab's own for this kind of question.
  for (int h = 0; h < hints_shown_; ++h) {
    const std::string text = static_cast<std::size_t>(h) < q.hints.size() ? hint_text(q, static_cast<std::size_t>(h))
                                                                          : tr(generic_hint(q.what));
    ImGui::TextColored(colour(theme().muted), "• %s", text.c_str());
  }
  const int max_hints = static_cast<int>(q.hints.size()) + 1;
  ImGui::BeginDisabled(hints_shown_ >= max_hints);
  if (ImGui::SmallButton(tr(Str::AskHint))) {
    ++hints_shown_;
    c.queue(HintCmd{});
  }
  ImGui::EndDisabled();
  c.mark("ask.hint");
  ImGui::SameLine();
  if (ImGui::SmallButton(tr(Str::AskReveal))) c.queue(RevealCmd{});
  c.mark("ask.reveal");
  draw_score(c);
}

void GuidePanel::draw_feedback(const PanelContext& c, std::size_t i) {
  const LabSession& s = c.session;
  const Checkpoint& cp = s.checkpoints()[i];
  const QuestionProgress& p = s.question_progress()[i];
  const Question& q = s.lesson()->scenario.questions[i];
  const std::string answer = choice_text(q, cp, cp.answer);
  if (p.right)
    ImGui::TextColored(colour(theme().selection), "%s", fill(Str::AskRight, {answer}).c_str());
  else
    ImGui::TextColored(colour(theme().loss), "%s", fill(Str::AskRevealed, {answer}).c_str());
  c.mark("ask.feedback");
  if (cp.rule) ImGui::TextWrapped("%s", rule_feedback(*cp.rule).c_str());
  ImGui::TextColored(colour(theme().muted), "%s", fill(Str::AskSeen, {seen_text(cp)}).c_str());
  if (ImGui::Button(tr(Str::AskReplay))) c.queue(ReplayMomentCmd{i});
  c.mark("ask.replay");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(Str::AskReplayTip));
  ImGui::SameLine();
  if (ImGui::Button(tr(Str::AskContinue))) {
    feedback_seen_ = s.course_events().size();
    c.queue(PlayCmd{true});
  }
  c.mark("ask.continue");
  draw_score(c);
}

void GuidePanel::draw_score(const PanelContext& c) {
  const LessonScore sc = c.session.score();
  if (sc.questions == 0) return;
  ImGui::TextColored(colour(theme().muted), "%s",
                     fill(Str::AskScore, {std::to_string(sc.percent()), std::to_string(sc.settled),
                                          std::to_string(sc.questions)})
                         .c_str());
  c.mark("ask.score");
}

}  // namespace tcplab::ui
