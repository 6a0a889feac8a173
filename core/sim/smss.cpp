#include "core/sim/smss.h"

namespace tcplab {

// The timestamp option (RFC 7323) takes 12 octets with its padding on
// every segment when both ends send it; no other option rides on each one.
std::uint32_t sender_smss(const World& w, ConnRef ref) {
  constexpr std::uint32_t kTimestampSpace = 12;
  const std::uint32_t mss = w.entry(ref).conn.status().send_mss;
  const bool timestamps = w.hosts().size() == 2 && w.hosts()[0].profile().send_timestamps &&
                          w.hosts()[1].profile().send_timestamps;
  return timestamps && mss > kTimestampSpace ? mss - kTimestampSpace : mss;
}

}  // namespace tcplab
