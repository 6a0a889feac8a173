// The row of time controls across the top of the lab.
#include <cstdio>

#include "narration.h"
#include "panels.h"
#include "strings.h"
#include "theme.h"

namespace tcplab::ui {

void TimeBar::shortcuts(const PanelContext& c) {
  // Not while the learner types into a text field.
  if (ImGui::GetIO().WantTextInput) return;
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Space), false)) c.queue(PlayCmd{!c.session.playing()});
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_RightArrow), true)) c.queue(StepCmd{});
}

void TimeBar::draw(const PanelContext& c) {
  const LabSession& s = c.session;
  const float em = ImGui::GetFontSize();
  if (ImGui::Button(s.playing() ? tr(Str::Pause) : tr(Str::Play), ImVec2(em * 4.5f, 0))) c.queue(PlayCmd{!s.playing()});
  c.mark("time.play");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(Str::PlayTip));
  ImGui::SameLine();
  if (ImGui::Button(tr(Str::Step))) c.queue(StepCmd{});
  c.mark("time.step");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(Str::StepTip));
  ImGui::SameLine();
  if (ImGui::Button(tr(Str::Reset))) c.queue(ResetCmd{s.setup()});
  c.mark("time.reset");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(Str::ResetTip));

  ImGui::SameLine();
  ImGui::SetNextItemWidth(em * 7);
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
  // In a narrow frame the scrubber gets a line of its own rather than a sliver.
  const float note_w = em * 16;
  ImGui::SameLine();
  if (ImGui::GetContentRegionAvail().x < note_w + em * 12) ImGui::NewLine();
  const float right = ImGui::GetContentRegionAvail().x;
  ImGui::SetNextItemWidth(std::max(em * 6, right - note_w));
  float t = static_cast<float>(now_s);
  const float horizon = static_cast<float>(micros(s.horizon()) / 1e6);
  if (ImGui::SliderFloat("##time", &t, 0.0f, std::max(horizon, 0.001f), "rewind to %.3f s"))
    c.queue(RewindCmd{Instant{std::chrono::microseconds(static_cast<std::int64_t>(static_cast<double>(t) * 1e6))}});
  c.mark("time.scrubber");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(Str::TimeTip));
  ImGui::SameLine();
  // What the clocks mean, always in view: TIME-WAIT's length depends on the MSL in use.
  const std::string msl = fill(Str::MslInUse, {duration_text(s.world().hosts()[0].profile().msl)});
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(theme().muted), "%s · %s", s.world().hosts()[0].profile().name.c_str(),
                     msl.c_str());
}

}  // namespace tcplab::ui
