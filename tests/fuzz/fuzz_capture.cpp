// Opening a capture for replay on arbitrary bytes: pcap or pcapng, any link
// type, every stream replayed and drawn. Nothing may crash or hang, and what
// is read must hold together: every stream's packets add up to the scan's
// count, and each replay has one analysis per packet.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "core/capture/replay.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto session = tcplab::CaptureSession::open(std::vector<std::uint8_t>(data, data + size));
  if (!session) {
    if (session.error().message.empty()) std::abort();
    return 0;
  }
  tcplab::CaptureSession& s = session.value();
  std::uint64_t packets = 0;
  for (std::size_t i = 0; i < s.scan().streams.size() && i < 16; ++i) {
    if (!s.select(i)) std::abort();  // the scan read the same bytes without error
    const tcplab::Replay& r = *s.replay();
    if (r.packets.size() != s.scan().streams[i].packets || r.analysis.size() != r.packets.size() ||
        r.after.size() != r.packets.size())
      std::abort();
    for (const tcplab::Inference& in : r.inferences)
      if (in.packet >= r.packets.size()) std::abort();
    (void)tcplab::render_ladder(tcplab::ladder_model(r, "fuzz"));
    packets += r.packets.size();
  }
  if (s.scan().streams.size() <= 16 && packets != s.scan().tcp_frames) std::abort();
  return 0;
}
