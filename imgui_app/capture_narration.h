// The narration of a replayed capture: each end's inferred state change with
// the rule it followed (or why it is only assumed), and each packet the
// analysis flags (retransmissions, duplicate ACKs, out-of-order, zero and
// full windows, resets, challenge ACKs) in plain language with its rule.
// Built at once from the replay; no ImGui.
#pragma once
#include <string>
#include <vector>

#include "core/capture/replay.h"
#include "ladder_index.h"
#include "narration.h"

namespace tcplab::ui {

// `index` is the replay's ladder (LadderIndex::load): it gives each packet's
// time and, when `relative`, the bases of its sequence numbers.
std::vector<NarrationLine> narrate_capture(const Replay& r, const LadderIndex& index, const std::string& name,
                                           bool relative);

}  // namespace tcplab::ui
