#include "pointer_script.h"

namespace tcplab::ui {

void PointerScript::push(Kind k, ImVec2 at) {
  if (k != Move) steps_.push_back({Move, at});
  steps_.push_back({k, at});
  active_ = true;
}

void PointerScript::click(ImVec2 at) {
  push(Down, at);
  push(Up, at);
}

void PointerScript::apply(ImGuiIO& io) {
  const bool platform_moved = seen_platform_ && (io.MousePos.x != platform_.x || io.MousePos.y != platform_.y);
  platform_ = io.MousePos;
  seen_platform_ = true;
  if (active_ && platform_moved && steps_.empty() && !down_) active_ = false;  // the real mouse took over
  if (!active_) return;
  if (!steps_.empty()) {
    const Step s = steps_.front();
    steps_.pop_front();
    at_ = s.at;
    if (s.kind == Move) {
      // Moves in a row (a finger dragging between two frames) are one move.
      while (!steps_.empty() && steps_.front().kind == Move) {
        at_ = steps_.front().at;
        steps_.pop_front();
      }
    } else {
      down_ = s.kind == Down;
    }
  }
  io.MousePos = at_;
  io.MouseDown[0] = down_;
}

}  // namespace tcplab::ui
