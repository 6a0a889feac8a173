// Presses that do not come from a mouse (a finger on a touch screen, Enter
// on the control in keyboard focus), fed to ImGui one step per frame: the
// cursor moves to the spot in one frame and presses in the next, so ImGui
// has seen what is under it before the press, as with a real mouse.
// Emscripten's GLFW presses on touchstart without moving the cursor (its
// touch handler reads a property only SDL sets): a tap pressed wherever the
// last one was, and about two taps in three missed.
#pragma once
#include <imgui.h>

#include <deque>

namespace tcplab::ui {

class PointerScript {
 public:
  enum Kind { Move, Down, Up };
  // A step at `at` (ImGui's pixels). A press or release moves there first.
  void push(Kind k, ImVec2 at);
  // A whole click at `at`: move, press, release.
  void click(ImVec2 at);
  // Between the platform's new frame and ImGui::NewFrame: takes the next step
  // and sets io.MousePos and io.MouseDown[0] while the script drives the
  // pointer (until the real mouse moves after the last step).
  void apply(ImGuiIO& io);
  bool driving() const { return active_; }

 private:
  struct Step {
    Kind kind;
    ImVec2 at;
  };
  std::deque<Step> steps_;
  ImVec2 at_;
  bool down_ = false;
  bool active_ = false;
  bool seen_platform_ = false;
  ImVec2 platform_;  // where the platform put the mouse last frame: a change is the real mouse
};

}  // namespace tcplab::ui
