#include "keyboard_focus.h"

#include <algorithm>

namespace tcplab::ui {

bool KeyboardFocus::focusable(const std::string& name) {
  return name.rfind("segment:", 0) != 0 && name.rfind("lesson.", 0) != 0 && name != "link.field";
}

const HitTarget* KeyboardFocus::current(const std::vector<HitTarget>& targets) const {
  if (focused_.empty()) return nullptr;
  const auto it = std::find_if(targets.begin(), targets.end(), [&](const HitTarget& t) { return t.name == focused_; });
  return it == targets.end() ? nullptr : &*it;
}

void KeyboardFocus::step(const std::vector<HitTarget>& targets, bool back) {
  std::vector<const HitTarget*> ring;
  for (const HitTarget& t : targets)
    if (focusable(t.name)) ring.push_back(&t);
  if (ring.empty()) {
    focused_.clear();
    return;
  }
  const auto at = std::find_if(ring.begin(), ring.end(), [&](const HitTarget* t) { return t->name == focused_; });
  std::size_t i;
  if (at == ring.end()) i = back ? ring.size() - 1 : 0;
  else i = (static_cast<std::size_t>(at - ring.begin()) + (back ? ring.size() - 1 : 1)) % ring.size();
  focused_ = ring[i]->name;
}

}  // namespace tcplab::ui
