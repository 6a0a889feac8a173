// What every panel gets for one frame: the model to read, the list to queue
// commands on, the selection they share, and where to record hit targets.
#pragma once
#include <imgui.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "session.h"

namespace tcplab::ui {

// Named screen rectangles of what was drawn last frame (device pixels), so
// browser tests can click real coordinates. A test hook, nothing more.
struct HitTarget {
  std::string name;
  ImVec2 min, max;
};

struct PanelContext {
  const LabSession& session;
  std::vector<Command>& commands;
  std::vector<HitTarget>& hits;
  std::optional<std::uint32_t>& selected_segment;
  float scale = 1;  // device pixels per CSS pixel
  bool relative_numbers = true;

  const World& world() const { return session.world(); }
  void queue(Command c) const { commands.push_back(std::move(c)); }
  // Records the last ImGui item under `name`, if it can be seen (not scrolled away).
  void mark(std::string name) const {
    if (ImGui::IsItemVisible()) hits.push_back({std::move(name), ImGui::GetItemRectMin(), ImGui::GetItemRectMax()});
  }
};

ImU32 side_colour(int side);  // client, server, or the link's neutral colour
ImU32 flag_colour(Flags f);   // one colour per kind of segment, everywhere in the lab

}  // namespace tcplab::ui
