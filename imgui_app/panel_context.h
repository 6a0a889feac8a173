// What every panel gets for one frame: the model to read, the list to queue
// commands on, the selection they share, and where to record hit targets.
#pragma once
#include <imgui.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/lab/lab_session.h"

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
  bool compact = false;  // the iframe layout: hints go into tooltips

  const World& world() const { return session.world(); }
  void queue(Command c) const { commands.push_back(std::move(c)); }
  // Records the last ImGui item under `name`: the part of it that can be seen,
  // if that is most of it (a row half scrolled away is not a place to click).
  void mark(std::string name) const {
    if (!ImGui::IsItemVisible()) return;
    const ImVec2 lo = ImGui::GetItemRectMin(), hi = ImGui::GetItemRectMax();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 clo = dl->GetClipRectMin(), chi = dl->GetClipRectMax();
    const ImVec2 a(lo.x > clo.x ? lo.x : clo.x, lo.y > clo.y ? lo.y : clo.y);
    const ImVec2 b(hi.x < chi.x ? hi.x : chi.x, hi.y < chi.y ? hi.y : chi.y);
    if (b.x <= a.x || (b.y - a.y) < 0.6f * (hi.y - lo.y)) return;
    hits.push_back({std::move(name), a, b});
  }
};

ImU32 side_colour(int side);  // client, server, or the link's neutral colour
ImU32 flag_colour(Flags f);   // one colour per kind of segment, everywhere in the lab

}  // namespace tcplab::ui
