// Every running timer of every connection, with a live countdown bar.
#include "narration.h"
#include "panels.h"
#include "language.h"
#include "strings.h"
#include "theme.h"

namespace tcplab::ui {

void TimersPanel::draw(const PanelContext& c) {
  const Theme& t = theme();
  if (c.session.capture().replay()) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(t.muted), "%s", tr(Str::CaptureTimers));
    ImGui::PopTextWrapPos();
    return;
  }
  const World& w = c.world();
  const Instant now = w.now();
  const float em = ImGui::GetFontSize();
  for (std::size_t h = 0; h < w.hosts().size() && h < 2; ++h) {
    const ImU32 colour = side_colour(static_cast<int>(h));
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colour), "%s", h == 0 ? tr(Str::Client) : tr(Str::Server));
    bool any = false;
    const auto& conns = w.hosts()[h].connections();
    for (const ConnEntry& e : conns) {
      for (TimerKind k : kAllTimerKinds) {
        const TimerSlot& slot = e.conn.timers().slot(k);
        if (!slot.running) continue;
        any = true;
        const Duration left = slot.deadline > now ? slot.deadline - now : Duration{};
        const float frac = slot.duration.count() > 0 ? static_cast<float>(left.count()) / static_cast<float>(slot.duration.count()) : 0;
        // What makes this timer's value what it is.
        std::string detail;
        if (k == TimerKind::Retransmit)
          detail = fill(Str::Backoff, {std::to_string(slot.backoff), duration_text(e.conn.status().rto)});
        else if (k == TimerKind::TimeWait)
          detail = fill(Str::MslInUse, {duration_text(e.conn.profile().msl)}) + " × 2";
        else if (k == TimerKind::Persist)
          detail = fill(Str::Backoff, {std::to_string(slot.backoff), duration_text(slot.duration)});
        ImGui::Text("%s · %s", e.name.c_str(), std::string(term(timer_name(k))).c_str());
        if (!detail.empty()) {
          ImGui::SameLine();
          ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(t.muted), "%s", detail.c_str());
        }
        const std::string label = fill(Str::Remaining, {duration_text(left), duration_text(slot.duration)});
        ImGui::PushStyleColor(ImGuiCol_PlotHistogram, ImGui::ColorConvertU32ToFloat4(colour));
        ImGui::ProgressBar(frac, ImVec2(-1, em * 1.1f), label.c_str());
        ImGui::PopStyleColor();
        c.mark("timer." + w.hosts()[h].name() + "." + std::string(timer_name(k)));
      }
    }
    if (!any) ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(t.muted), "%s", tr(Str::NoTimers));
    ImGui::Spacing();
  }
}

}  // namespace tcplab::ui
