// The time-sequence graph (Stevens, tcptrace): one sender's data segments
// as vertical bars at their sequence numbers over time, the ACK line and the
// receive window's right edge as the sender learnt them, SACK blocks, and
// retransmissions and duplicates marked. It reads the ladder's own index
// (so the two stay in step when rewinding) and shares the ladder's time
// axis, so zooming and panning either moves both. Relative sequence
// numbers; the value axis fits what the view shows.
#pragma once
#include <imgui.h>

#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

#include "core/sim/window_series.h"
#include "ladder_index.h"
#include "panel_context.h"
#include "time_view.h"

namespace tcplab::ui {

struct GraphFrame;

class SequenceGraph {
 public:
  // Draws `sender`'s data in [p0, p1] up to `now` (the world's clock; a
  // capture's last packet); `clicked`: a press ended there without a drag.
  void draw(const PanelContext& c, const LadderIndex& index, const WindowSeries& series, std::size_t sender,
            const TimeView& view, Instant now, ImVec2 p0, ImVec2 p1, bool clicked);

 private:
  struct BarDraw {
    const LadderSeg* seg;
    float x, y0, y1;
  };
  // What the view shows, in sequence space: the range, and the bars to draw.
  void collect(GraphFrame& f, const LadderIndex& index, const SenderSeries* peer, std::size_t sender);
  void draw_axes(const GraphFrame& f) const;
  void draw_ack_lines(const GraphFrame& f, const PanelContext& c, const WindowSeries& series, std::size_t sender);
  void draw_bars(const PanelContext& c, const GraphFrame& f) const;
  void draw_legend(const GraphFrame& f) const;
  const BarDraw* nearest(ImVec2 mouse, float reach) const;
  void pick(const PanelContext& c, ImVec2 mouse) const;
  void draw_hover(const PanelContext& c, ImVec2 mouse) const;
  // SACK blocks an ACK carried (read once: a capture's packet, or decoded from a world's bytes), relative.
  const std::vector<std::pair<std::uint32_t, std::uint32_t>>& sack_of(const PanelContext& c, const LadderSeg& g);

  std::vector<BarDraw> bars_;
  std::vector<const LadderSeg*> acks_;
  std::unordered_map<std::uint32_t, std::vector<std::pair<std::uint32_t, std::uint32_t>>> sacks_;
  std::uint64_t sack_generation_ = ~0ull;
};

}  // namespace tcplab::ui
