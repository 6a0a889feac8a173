// Where the panels go: pure arithmetic on the display size and the panels
// the page asked for (URL parameter "panels", lab_params.h), so the layout
// rules are tested natively without a screen. Sizes are in device pixels,
// thresholds in CSS pixels (size / scale).
#pragma once
#include <array>
#include <vector>

#include "core/lab/lab_params.h"

namespace tcplab::ui {

using PanelId = LabPanel;
using PanelSet = std::array<bool, 6>;  // by PanelId, as LabParams::panels

inline constexpr std::array kAllPanels = {PanelId::Controls,  PanelId::Timers,    PanelId::StateMachines,
                                          PanelId::Ladder,    PanelId::Inspector, PanelId::Narration};

inline bool shown(const PanelSet& s, PanelId id) { return s[static_cast<std::size_t>(id)]; }

struct PanelRect {
  PanelId id;
  float x, y, w, h;
};

struct LayoutInput {
  float width = 0, height = 0;  // the display, device pixels
  float top = 0;                // below the time bar
  float scale = 1;              // device pixels per CSS pixel
  PanelSet panels{true, true, true, true, true, true};
  bool compact = false;         // "layout=compact": the iframe layout
};

// True when the shown panels' columns would be too narrow to read: the page
// then shows the shown panels as tabs, one at a time.
bool use_tabs(const LayoutInput& in);

// The rectangles of the shown panels, in reading order. Three columns:
// controls over timers | state machines over the ladder | inspector over
// narration. A hidden panel leaves its column to its neighbour, a column with
// nothing shown leaves the row to the others.
std::vector<PanelRect> layout_panels(const LayoutInput& in);

}  // namespace tcplab::ui
