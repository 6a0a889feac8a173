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
#include "draw_cache.h"
#include "ladder_index.h"
#include "lane_path.h"
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
  // Plain bars (first sent, delivered) folded per pixel column: one stroke
  // from the lowest octet to the highest; `first` names the column's first
  // segment for the hit targets.
  struct ColumnDraw {
    float x, y0, y1;
    std::uint32_t first;
  };
  struct SackDraw {
    float x, y0, y1;
  };
  // What the view shows, summarised per pixel column (lane_path.h's
  // ViewKey): rebuilt when the run, the view or the panel changes.
  struct Summary {
    ViewKey key;
    double seq_lo = 0, seq_hi = 1;
    std::vector<BarDraw> bars;         // every visible data segment, in time order: pick() and the hover
    std::vector<ColumnDraw> columns;   // the plain bars
    std::vector<std::size_t> notable;  // bars drawn one by one: retransmissions, duplicates, losses
    std::vector<PathPoint> ack, edge;
    std::vector<SackDraw> sacks;
    bool empty = true;
  };
  // What the view shows, in sequence space: the range, the bars and the ACKs.
  void collect(GraphFrame& f, const LadderIndex& index, const SenderSeries* peer, std::size_t sender,
               std::vector<const LadderSeg*>& acks);
  void summarise(GraphFrame& f, const PanelContext& c, const LadderIndex& index, const WindowSeries& series,
                 std::size_t sender);
  void summarise_acks(const GraphFrame& f, const PanelContext& c, const SenderSeries* s,
                      const std::vector<const LadderSeg*>& acks);
  void summarise_bars(const GraphFrame& f);
  void draw_axes(const GraphFrame& f) const;
  void draw_ack_lines(const GraphFrame& f) const;
  void draw_bars(const GraphFrame& f) const;
  void draw_bar(const GraphFrame& f, const BarDraw& b) const;
  void bar_hits(const PanelContext& c, const GraphFrame& f) const;
  void draw_selected(const PanelContext& c, const GraphFrame& f) const;
  void draw_legend(const GraphFrame& f) const;
  const BarDraw* nearest(ImVec2 mouse, float reach) const;
  void pick(const PanelContext& c, ImVec2 mouse) const;
  void draw_hover(const PanelContext& c, ImVec2 mouse) const;
  // SACK blocks an ACK carried (read once: a capture's packet, or decoded from a world's bytes), relative.
  const std::vector<std::pair<std::uint32_t, std::uint32_t>>& sack_of(const PanelContext& c, const LadderSeg& g);

  Summary sum_;
  DrawCache drawn_;  // the summary drawn: SACK blocks, the ACK and window lines, the bars
  std::unordered_map<std::uint32_t, std::vector<std::pair<std::uint32_t, std::uint32_t>>> sacks_;
  std::uint64_t sack_generation_ = ~0ull;
};

}  // namespace tcplab::ui
