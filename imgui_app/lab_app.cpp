#include "lab_app.h"

#include <array>

#include "core/state.h"
#include "core/timers.h"
#include "theme.h"

namespace tcplab::ui {
namespace {

constexpr std::array kPanels = {PanelId::Controls,  PanelId::Timers,    PanelId::StateMachines,
                                PanelId::Ladder,    PanelId::Inspector, PanelId::Narration};

// Below this width (CSS pixels) the columns would be unreadable: show tabs.
constexpr float kNarrowWidth = 820.0f;

constexpr ImGuiWindowFlags kPanelFlags =
    ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
    ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;

struct Rect {
  float x, y, w, h;
};

// Three columns: controls and timers | state machines over the ladder | inspector over narration.
Rect wide_rect(PanelId id, ImVec2 d, float gap) {
  const float c0 = d.x * 0.22f, c1 = d.x * 0.50f;
  const float c2 = d.x - c0 - c1;
  const float h = d.y;
  switch (id) {
    case PanelId::Controls: return {0, 0, c0, h * 0.58f};
    case PanelId::Timers: return {0, h * 0.58f, c0, h * 0.42f};
    case PanelId::StateMachines: return {c0, 0, c1, h * 0.56f};
    case PanelId::Ladder: return {c0, h * 0.56f, c1, h * 0.44f};
    case PanelId::Inspector: return {c0 + c1, 0, c2, h * 0.5f};
    case PanelId::Narration: return {c0 + c1, h * 0.5f, c2, h * 0.5f};
  }
  (void)gap;
  return {0, 0, d.x, d.y};
}

}  // namespace

const char* panel_title(PanelId id) {
  switch (id) {
    case PanelId::Controls: return "Controls";
    case PanelId::Timers: return "Timers";
    case PanelId::StateMachines: return "State machines";
    case PanelId::Ladder: return "Ladder";
    case PanelId::Inspector: return "Packet inspector";
    case PanelId::Narration: return "Narration";
  }
  return "?";
}

void LabApp::draw(ImVec2 display, float scale) {
  if (display.x / scale < kNarrowWidth) {
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(display);
    ImGui::Begin("TCP Lab", nullptr, kPanelFlags | ImGuiWindowFlags_NoTitleBar);
    if (ImGui::BeginTabBar("panels")) {
      for (PanelId id : kPanels) {
        if (ImGui::BeginTabItem(panel_title(id))) {
          draw_panel_body(id);
          ImGui::EndTabItem();
        }
      }
      ImGui::EndTabBar();
    }
    ImGui::End();
    return;
  }
  for (PanelId id : kPanels) {
    Rect r = wide_rect(id, display, 0);
    ImGui::SetNextWindowPos(ImVec2(r.x, r.y));
    ImGui::SetNextWindowSize(ImVec2(r.w, r.h));
    ImGui::Begin(panel_title(id), nullptr, kPanelFlags);
    draw_panel_body(id);
    ImGui::End();
  }
}

void LabApp::draw_panel_body(PanelId id) {
  const Theme& t = theme();
  switch (id) {
    case PanelId::StateMachines: draw_state_machines(); return;
    case PanelId::Timers:
      // Every timer kind the core runs; none runs until a connection exists.
      for (const char* who : {"Client", "Server"}) {
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(who[0] == 'C' ? t.client : t.server), "%s", who);
        for (TimerKind k : kAllTimerKinds) {
          ImGui::BulletText("%.*s", static_cast<int>(timer_name(k).size()), timer_name(k).data());
          ImGui::SameLine();
          ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(t.muted), "stopped");
        }
      }
      return;
    case PanelId::Controls:
    case PanelId::Ladder:
    case PanelId::Inspector:
    case PanelId::Narration:
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(t.muted), "No connection yet.");
      return;
  }
}

void LabApp::draw_state_machines() {
  const Theme& t = theme();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float w = (avail.x - ImGui::GetStyle().ItemSpacing.x) / 2;
  struct Side {
    const char* id;
    const char* label;
    ImU32 colour;
    FsmView* view;
  };
  const std::array sides = {Side{"##client", "Client", t.client, &client_fsm_},
                            Side{"##server", "Server", t.server, &server_fsm_}};
  for (std::size_t i = 0; i < sides.size(); ++i) {
    if (i > 0) ImGui::SameLine();
    ImGui::BeginChild(sides[i].id, ImVec2(w, avail.y), false, ImGuiWindowFlags_NoScrollbar);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(sides[i].colour), "%s", sides[i].label);
    ImGui::SameLine();
    // No world runs yet: both endpoints are where every connection starts.
    const State current = State::Closed;
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(t.muted), "%.*s", static_cast<int>(rfc_name(current).size()),
                       rfc_name(current).data());
    sides[i].view->draw(current, sides[i].colour);
    ImGui::EndChild();
  }
}

}  // namespace tcplab::ui
