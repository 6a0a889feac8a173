// The RFC 9293 state diagram, drawn from core's state and edge tables, with
// one connection's history on it: the current state filled in the
// endpoint's colour, visited states and taken edges marked, the last
// transition animated along its edge; hovering a state or an edge explains it.
#pragma once
#include <imgui.h>

#include <cstdint>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "core/capture/replay.h"
#include "core/tcp/diagram.h"
#include "core/tcp/state.h"
#include "core/sim/world.h"

namespace tcplab::ui {

// One connection's path through the diagram, read from the trace.
struct FsmHistory {
  std::optional<ConnRef> conn;
  std::set<State> visited;
  std::set<std::pair<State, State>> taken;
  std::optional<std::pair<State, State>> last;
  std::size_t transitions = 0;
  // A capture's end (load()): the changes the wire cannot prove, and whether
  // the state it ends in rests on one; drawn with a '?'.
  std::set<std::pair<State, State>> assumed;
  bool current_assumed = false;

  // Follows `conn` (restarting when it or the world changes).
  void update(const World& w, std::optional<ConnRef> conn, std::uint64_t generation);
  // One end of a replayed capture: its inferred changes (side 0: the stream's side a).
  void load(const Replay& r, int side);

 private:
  std::uint64_t generation_ = ~0ull;
  std::size_t cursor_ = 0;
};

struct FsmGeometry;

struct FsmView {
  // Draws the diagram into the current window's remaining content region.
  // `all_labels`: write every edge's "event / action", not only the last transition's.
  void draw(const FsmHistory& h, std::optional<State> current, ImU32 accent, bool all_labels = false);
  std::optional<State> hovered;  // the state under the mouse this frame
  std::optional<State> clicked;  // the state clicked this frame (a question answered on the diagram)
  struct Box {
    State state;
    ImVec2 min, max;
  };
  std::vector<Box> boxes;        // where each state was drawn this frame (hit targets)

 private:
  // The steps of draw(): edges (returns the one under the mouse), boxes, labels, the tooltip.
  const DiagramEdge* draw_edges(const FsmGeometry& g, const FsmHistory& h, ImU32 accent) const;
  void draw_boxes(const FsmGeometry& g, const FsmHistory& h, std::optional<State> current, ImU32 accent);
  void draw_edge_labels(const FsmGeometry& g, const FsmHistory& h, ImU32 accent, bool all_labels) const;
  void draw_tooltip(const DiagramEdge* hovered_edge) const;

  std::size_t seen_transitions_ = 0;
  double animation_start_ = -10;  // ImGui time the last transition was first drawn
};

}  // namespace tcplab::ui
