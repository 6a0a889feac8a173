#include "core/sim/relative_seq.h"

namespace tcplab {

namespace {
std::uint64_t pack(Endpoint e) { return (static_cast<std::uint64_t>(e.addr) << 16) | e.port; }
}  // namespace

RelativeSeq::Bases RelativeSeq::learn(const SegmentSentRecord& s) {
  const Key k{pack(s.src), pack(s.dst)};
  const std::uint32_t seq = s.seg.seq.value();
  if (s.seg.flags.has(kSyn) || !base_.count(k)) base_[k] = seq;
  const auto back = base_.find(Key{k.second, k.first});
  return Bases{base_[k], back == base_.end() ? 0u : back->second};
}

}  // namespace tcplab
