// The lab's window: lays out the panels and draws one frame.
// Knows core and Dear ImGui, nothing of the platform it runs on.
#pragma once
#include <imgui.h>

#include "fsm_view.h"

namespace tcplab::ui {

// Panel identities, in reading order; the layout and the narrow tab view use the same list.
enum class PanelId { Controls, Timers, StateMachines, Ladder, Inspector, Narration };

class LabApp {
 public:
  // One frame. `display` is the framebuffer size in pixels, `scale` the
  // device pixels per CSS pixel (layout thresholds are in CSS pixels).
  void draw(ImVec2 display, float scale);

 private:
  void draw_panel_body(PanelId id);
  void draw_state_machines();

  FsmView client_fsm_;
  FsmView server_fsm_;
};

const char* panel_title(PanelId id);

}  // namespace tcplab::ui
