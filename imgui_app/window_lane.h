// The window lane under the ladder, on the ladder's time axis: one
// sender's cwnd, ssthresh, bytes in flight and its peer's advertised window
// as step lines over its phases (slow start, congestion avoidance, fast
// recovery, after a timeout), with marks for duplicate ACKs, fast
// retransmits, timeouts and window updates. Everything comes from the
// WindowSeries (core/sim/window_series.h), built from the trace. Drawn in
// named steps, as the ladder is; a frame builds small records for what is
// visible and picks from them.
#pragma once
#include <imgui.h>

#include <cstdint>
#include <optional>
#include <vector>

#include "core/sim/window_series.h"
#include "draw_cache.h"
#include "lane_path.h"
#include "panel_context.h"
#include "strings.h"
#include "time_view.h"

namespace tcplab::ui {

struct LaneFrame;

class WindowLane {
 public:
  // Draws the chosen sender's series in [p0, p1] on `view`'s time axis;
  // `clicked`: the press on the canvas ended there without a drag.
  // `overlay`: the comparison run's series (its cwnd is drawn over this one's).
  // `now`: where the lines end (the world's clock; a capture's last packet).
  // A capture's series (SenderSeries::from_wire) draws only what the wire shows.
  void draw(const PanelContext& c, const WindowSeries& series, const WindowSeries* overlay, const TimeView& view,
            Instant now, ImVec2 p0, ImVec2 p1, bool clicked);
  // Whose window the lane shows (0 client, 1 server); the toolbar sets it.
  std::size_t host = 0;
  // The comparison's algorithm, if one is chosen.
  std::optional<CongestionAlgorithm> compare;
  // The lane's own toolbar items: which sender, and the comparison.
  void draw_toolbar(const PanelContext& c);

 private:
  struct MarkDraw {
    float x;
    WindowMarkKind kind;
    std::optional<std::uint32_t> segment;
  };
  struct PhaseDraw {
    float x0, x1;
    CongestionPhase phase;
  };
  // The visible span summarised per pixel column (lane_path.h's ViewKey):
  // rebuilt when the run, the view or the panel changes.
  struct Summary {
    ViewKey key;
    double y_max = 1;
    std::vector<PhaseDraw> phases;
    std::vector<PathPoint> cwnd, flight, peer, overlay;
    std::vector<std::vector<PathPoint>> ssthresh;  // broken where it is "arbitrarily high"
    std::vector<MarkDraw> marks;                   // also what pick() and the hover read
  };
  void summarise(const LaneFrame& f, const SenderSeries& s, const SenderSeries* twin);
  void summarise_phases(const LaneFrame& f, const SenderSeries& s);
  void summarise_lines(const LaneFrame& f, const SenderSeries& s);
  void summarise_marks(const LaneFrame& f, const SenderSeries& s);
  void draw_background(const LaneFrame& f, Str name) const;
  void draw_phases(const LaneFrame& f) const;
  void draw_lines(const LaneFrame& f) const;
  void draw_overlay(const LaneFrame& f) const;
  void draw_overlay_name(const LaneFrame& f) const;
  void draw_marks(const LaneFrame& f) const;
  void mark_hits(const PanelContext& c, const LaneFrame& f) const;
  void draw_legend(const LaneFrame& f, const SenderSeries& s) const;
  void draw_hover(const LaneFrame& f, const SenderSeries& s) const;
  void draw_marks_under(const LaneFrame& f, float mx) const;
  void draw_wire_hover(const char* when, const SenderSeries& s, const WindowPoint& p, const PeerWindow* pw) const;
  void pick(const PanelContext& c, const LaneFrame& f, const SenderSeries& s, ImVec2 mouse) const;

  Summary sum_;
  DrawCache drawn_;  // the summary drawn: phases, the comparison, the lines, the marks
};

}  // namespace tcplab::ui
