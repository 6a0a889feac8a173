// Stepping through a run by its events, for the keyboard's arrows. No ImGui.
#pragma once
#include <algorithm>
#include <iterator>
#include <optional>

#include "core/sim/world.h"

namespace tcplab::ui {

// Left arrow: back to just after the previous moment at which something
// happened (a record in the trace), so the world shows that moment's
// outcome, as right arrow would have; before the first, t = 0.
inline std::optional<Instant> previous_event(const World& w) {
  const Trace& trace = w.trace();
  constexpr Duration kTick{1};
  if (w.now() <= Instant{}) return std::nullopt;
  // Records at now - 1 µs are the moment already shown: the one before them.
  const auto it = std::lower_bound(trace.begin(), trace.end(), w.now() - kTick,
                                   [](const TraceRecord& r, Instant t) { return r.t < t; });
  if (it == trace.begin() || std::prev(it)->t <= Instant{}) {
    // Only setup and time-zero records before: the first moment's outcome, or zero itself.
    const bool at_first = w.now() <= Instant{} + kTick;
    return at_first ? Instant{} : Instant{} + kTick;
  }
  return std::prev(it)->t + kTick;
}

}  // namespace tcplab::ui
