// The row of time controls across the top of the lab.
#include <algorithm>
#include <cstdio>
#include <string>

#include "narration.h"
#include "stepping.h"
#include "panels.h"
#include "language.h"
#include "strings.h"
#include "text_wrap.h"
#include "theme.h"

namespace tcplab::ui {

void TimeBar::shortcuts(const PanelContext& c) {
  // Not while the learner types into a text field, nor with a capture shown (no clock to drive).
  if (ImGui::GetIO().WantTextInput || c.session.capture().replay()) return;
  // A question waiting holds the clock (Play and Step are off until it is answered or revealed).
  const bool held = c.session.asking().has_value();
  if (!held && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Space), false)) c.queue(PlayCmd{!c.session.playing()});
  if (!held && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_RightArrow), true)) c.queue(StepCmd{});
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_LeftArrow), true))
    if (const auto back = previous_event(c.world())) c.queue(RewindCmd{*back});
}


void TimeBar::draw_capture_bar(const PanelContext& c) {
  const LabCapture& cap = c.session.capture();
  if (ImGui::Button(tr(Str::CloseCapture))) c.queue(CloseCaptureCmd{});
  c.mark("capture.close");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(Str::CloseCaptureTip));
  ImGui::SameLine();
  if (ImGui::Button(tr(Str::OpenCapture))) open_capture_requested = true;
  c.mark("capture.open");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(Str::OpenCaptureTip));
  ImGui::SameLine();
  ImGui::TextUnformatted(fill(Str::CaptureTitle, {cap.name()}).c_str());
  c.mark("capture.title");
  draw_capture_error(c);
}

void TimeBar::draw_capture_error(const PanelContext& c) {
  const std::string& error = c.session.capture().error();
  if (error.empty()) return;
  ImGui::PushTextWrapPos(0);
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(theme().loss), "%s", fill(Str::CaptureError, {error}).c_str());
  c.mark("capture.error");
  ImGui::PopTextWrapPos();
}

void TimeBar::draw(const PanelContext& c, Options o) {
  const LabSession& s = c.session;
  const float em = ImGui::GetFontSize();
  if (s.capture().replay()) {
    draw_capture_bar(c);
    return;
  }
  // While a question waits for its answer the clock cannot run: Play and
  // Step are disabled, and say why, rather than showing Pause over a still clock.
  const bool held = s.asking().has_value();
  const auto tip = [&](Str normal) {
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", tr(held ? Str::PlayWaitsTip : normal));
  };
  ImGui::BeginDisabled(held);
  if (ImGui::Button(s.playing() ? tr(Str::Pause) : tr(Str::Play), ImVec2(em * (o.compact ? 3.6f : 4.5f), 0)))
    c.queue(PlayCmd{!s.playing()});
  c.mark("time.play");
  tip(Str::PlayTip);
  ImGui::SameLine();
  if (ImGui::Button(tr(Str::Step))) c.queue(StepCmd{});
  c.mark("time.step");
  tip(Str::StepTip);
  ImGui::EndDisabled();
  if (o.reset) {
    ImGui::SameLine();
    if (ImGui::Button(tr(Str::Reset))) c.queue(ResetCmd{s.setup()});
    c.mark("time.reset");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(Str::ResetTip));
  }

  ImGui::SameLine();
  ImGui::SetNextItemWidth(em * (o.compact ? 4.5f : 7));
  float speed = static_cast<float>(s.speed());
  if (ImGui::SliderFloat("##speed", &speed, static_cast<float>(kMinSpeed), static_cast<float>(kMaxSpeed), "%.2gx",
                         ImGuiSliderFlags_Logarithmic))
    c.queue(SpeedCmd{speed});
  c.mark("time.speed");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(Str::Speed));

  // The clock, then the scrubber over everything that has happened so far.
  ImGui::SameLine();
  const double now_s = micros(s.world().now()) / 1e6;
  ImGui::Text("t = %.3f s", now_s);
  // What the clocks mean: TIME-WAIT's length depends on the MSL in use. The
  // compact bar leaves it to the Timers panel and the narration.
  const std::string note = o.compact ? std::string()
                                     : s.world().hosts()[0].profile().name + " · " +
                                           fill(Str::MslInUse, {duration_text(s.world().hosts()[0].profile().msl)});
  const ImGuiStyle& style = ImGui::GetStyle();
  // The buttons right of the scrubber: the compact bar has the first two only.
  const Str buttons[] = {Str::CopyLink, Str::Capture, Str::EmbedThis, Str::OpenCapture};
  float copy_w = 0;
  for (std::size_t i = 0; i < (o.compact ? 2u : 4u); ++i)
    copy_w += ImGui::CalcTextSize(tr(buttons[i])).x + style.FramePadding.x * 2 + style.ItemSpacing.x;
  copy_w += language_width();
  const float note_w = note.empty() ? 0 : ImGui::CalcTextSize(note.c_str()).x + style.ItemSpacing.x;
  // In a narrow frame the scrubber gets a line of its own rather than a sliver.
  ImGui::SameLine();
  if (ImGui::GetContentRegionAvail().x < copy_w + note_w + em * 8) ImGui::NewLine();
  ImGui::SetNextItemWidth(std::max(em * 6, ImGui::GetContentRegionAvail().x - copy_w - note_w));
  float t = static_cast<float>(now_s);
  const float horizon = static_cast<float>(micros(s.horizon()) / 1e6);
  const std::string rewind_format = o.compact ? "%.3f s" : fill(Str::RewindTo, {"%.3f"});
  if (ImGui::SliderFloat("##time", &t, 0.0f, std::max(horizon, 0.001f), rewind_format.c_str()))
    c.queue(RewindCmd{Instant{std::chrono::microseconds(static_cast<std::int64_t>(static_cast<double>(t) * 1e6))}});
  c.mark("time.scrubber");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(Str::TimeTip));
  link_requested |= bar_button(c, Str::CopyLink, "time.copy_link", Str::CopyLinkTip);
  capture_requested |= bar_button(c, Str::Capture, "time.capture", Str::CaptureTip);
  if (!o.compact) {
    embed_requested |= bar_button(c, Str::EmbedThis, "time.embed", Str::EmbedThisTip);
    open_capture_requested |= bar_button(c, Str::OpenCapture, "capture.open", Str::OpenCaptureTip);
  }
  draw_link_popup(c);
  draw_language(c, o.font_loading);
  if (!note.empty()) {
    same_line_or_wrap(note.c_str(), false);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(theme().muted), "%s", note.c_str());
  }
  draw_lesson(c);
  draw_capture_error(c);
}

// The lesson playing, named and described under the controls, so a class
// (and an embedded frame without the Controls panel) knows what it watches.
void TimeBar::draw_lesson(const PanelContext& c) {
  const Lesson* lesson = c.session.lesson();
  if (!lesson) return;
  // One wrapped paragraph: title, then what it shows.
  wrapped_text(fill(Str::LessonBanner, {lesson_title(*lesson), lesson_description(*lesson)}));
  c.mark("lesson.banner");
}

bool TimeBar::bar_button(const PanelContext& c, Str label, const char* mark, Str tip) {
  same_line_or_wrap(tr(label));
  const bool pressed = ImGui::Button(tr(label));
  c.mark(mark);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(tip));
  return pressed;
}

void TimeBar::same_line_or_wrap(const char* label, bool button) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const float width = ImGui::CalcTextSize(label).x + (button ? style.FramePadding.x * 2 : 0.0f);
  ImGui::SameLine();
  if (ImGui::GetContentRegionAvail().x < width) ImGui::NewLine();
}

void TimeBar::show_embed(std::string snippet) {
  show_link(std::move(snippet));
  embed_ = true;
}

void TimeBar::show_link(std::string url) {
  link_ = std::move(url);
  embed_ = false;
  copy_ = Copy::Pending;
  open_popup_ = true;
  // The platform answers through link_copied(), at once or a little later.
  ImGui::SetClipboardText(link_.c_str());
}

void TimeBar::link_copied(bool ok) { copy_ = ok ? Copy::Copied : Copy::Refused; }

void TimeBar::draw_link_popup(const PanelContext& c) {
  if (open_popup_) {
    ImGui::OpenPopup("##share");
    open_popup_ = false;
  }
  if (!ImGui::BeginPopup("##share")) return;
  const float em = ImGui::GetFontSize();
  char now[32];
  std::snprintf(now, sizeof now, "%.3f", micros(c.world().now()) / 1e6);
  ImGui::TextUnformatted(fill(embed_ ? Str::EmbedTitle : Str::LinkTitle, {now}).c_str());
  // Wide enough for a typical link, never wider than the window.
  const float width = std::min(em * 34, ImGui::GetIO().DisplaySize.x - em * 3);
  const ImGuiInputTextFlags read_only = ImGuiInputTextFlags_ReadOnly | ImGuiInputTextFlags_AutoSelectAll;
  if (embed_)  // the snippet wraps over a few lines, all of it in view
    ImGui::InputTextMultiline("##link", link_.data(), link_.size() + 1, ImVec2(width, em * 6), read_only);
  else {
    ImGui::SetNextItemWidth(width);
    ImGui::InputText("##link", link_.data(), link_.size() + 1, read_only);
  }
  c.mark(embed_ ? "embed.field" : "link.field");
  const Str status = copy_ == Copy::Copied ? Str::LinkCopied : copy_ == Copy::Refused ? Str::LinkRefused : Str::LinkCopying;
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(copy_ == Copy::Refused ? theme().text : theme().muted), "%s", tr(status));
  c.mark(copy_ == Copy::Copied ? "link.copied" : copy_ == Copy::Refused ? "link.refused" : "link.copying");
  if (ImGui::Button(tr(Str::Done))) ImGui::CloseCurrentPopup();
  c.mark("link.done");
  ImGui::EndPopup();
}

}  // namespace tcplab::ui
