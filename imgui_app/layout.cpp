#include "layout.h"

#include <algorithm>

namespace tcplab::ui {
namespace {

struct Column {
  std::array<PanelId, 2> panels;
  float upper;  // the upper panel's share of the height when both are shown
  float share;  // the column's share of the width
};
constexpr std::array<Column, 3> kColumns = {{
    {{PanelId::Controls, PanelId::Timers}, 0.64f, 0.24f},
    {{PanelId::StateMachines, PanelId::Ladder}, 0.55f, 0.48f},
    // The inspector's TCP header fits without scrolling at 1280x720.
    {{PanelId::Inspector, PanelId::Narration}, 0.6f, 0.28f},
}};

// CSS pixels the side columns keep for their controls; the centre takes the
// rest. The compact layout's smaller font and padding need less.
constexpr std::array<float, 3> kSideMin = {300, 0, 290};
constexpr std::array<float, 3> kSideMinCompact = {230, 0, 220};
// Below this many CSS pixels per column, columns turn into tabs (820 for the
// full three columns, as the lab always had).
constexpr float kColumnMin = 820.0f / 3, kColumnMinCompact = 200;
// The centre column draws both state machines side by side: narrower than
// this, their state names shrink past reading (a 480 px iframe showed it), and
// one panel at a time in a tab reads better.
constexpr float kCentreMin = 320;

bool column_shown(const LayoutInput& in, std::size_t c) {
  return shown(in.panels, kColumns[c].panels[0]) || shown(in.panels, kColumns[c].panels[1]);
}

std::size_t columns_shown(const LayoutInput& in) {
  std::size_t n = 0;
  for (std::size_t c = 0; c < kColumns.size(); ++c) n += column_shown(in, c);
  return n;
}

}  // namespace

bool use_tabs(const LayoutInput& in) {
  const std::size_t n = columns_shown(in);
  if (n <= 1) return false;
  if (in.width / in.scale < (in.compact ? kColumnMinCompact : kColumnMin) * static_cast<float>(n)) return true;
  for (const PanelRect& r : layout_panels(in))
    if (r.id == PanelId::StateMachines || r.id == PanelId::Ladder) return r.w / in.scale < kCentreMin;
  return false;
}

std::vector<PanelRect> layout_panels(const LayoutInput& in) {
  std::array<float, 3> width{};
  const auto& side_min = in.compact ? kSideMinCompact : kSideMin;
  if (column_shown(in, 1)) {
    float sides = 0;
    for (std::size_t c : {0u, 2u})
      if (column_shown(in, c)) sides += width[c] = std::max(in.width * kColumns[c].share, side_min[c] * in.scale);
    width[1] = in.width - sides;
  } else {
    float shares = 0;
    for (std::size_t c : {0u, 2u})
      if (column_shown(in, c)) shares += kColumns[c].share;
    for (std::size_t c : {0u, 2u})
      if (column_shown(in, c)) width[c] = in.width * kColumns[c].share / shares;
  }

  std::vector<PanelRect> out;
  const float h = in.height - in.top;
  float x = 0;
  for (std::size_t c = 0; c < kColumns.size(); ++c) {
    if (!column_shown(in, c)) continue;
    const Column& col = kColumns[c];
    const bool upper = shown(in.panels, col.panels[0]), lower = shown(in.panels, col.panels[1]);
    const float split = upper && lower ? h * col.upper : upper ? h : 0;
    if (upper) out.push_back({col.panels[0], x, in.top, width[c], split});
    if (lower) out.push_back({col.panels[1], x, in.top + split, width[c], h - split});
    x += width[c];
  }
  return out;
}

}  // namespace tcplab::ui
