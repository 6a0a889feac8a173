// SMSS as a sender's congestion window counts it (RFC 5681 §2): the MSS it
// may send, less the options every segment carries. Lesson expectations
// ("cwnd 4 segments") and the narration speak in these segments.
#pragma once
#include <cstdint>

#include "core/sim/world.h"

namespace tcplab {

std::uint32_t sender_smss(const World& w, ConnRef ref);

}  // namespace tcplab
