// The inputs' own behaviour: which segments a filter picks, how a sequence
// expression and a filter read, what a link change changes.
#include "core/sim/actions.h"

#include <algorithm>

namespace tcplab {

namespace {

constexpr Flags kCompared{kSyn | kFin | kRst | kAck};

}  // namespace

void fill_pattern(std::uint8_t* out, std::size_t n, std::uint64_t offset) {
  static constexpr char kLetters[] = "abcdefghijklmnopqrstuvwxyz";
  // Whole alphabets at a time: lessons send megabytes and the page parses them at start (issue 18).
  for (std::size_t i = 0, at = offset % 26; i < n; at = 0) {
    const std::size_t run = std::min<std::size_t>(26 - at, n - i);
    std::copy_n(kLetters + at, run, out + i);
    i += run;
  }
}

std::vector<std::uint8_t> pattern_octets(std::size_t n) {
  std::vector<std::uint8_t> out(n);
  fill_pattern(out.data(), n);
  return out;
}

bool SegmentFilter::matches(Flags f, std::size_t payload, std::uint32_t seg_id) const {
  if (id && *id != seg_id) return false;
  if (flags) {
    // Bits named in the filter beyond the compared four must be present too.
    const std::uint8_t extra = flags->bits & static_cast<std::uint8_t>(~kCompared.bits);
    if ((f.bits & kCompared.bits) != (flags->bits & kCompared.bits)) return false;
    if ((f.bits & extra) != extra) return false;
  }
  if (has_payload && *has_payload != (payload > 0)) return false;
  return true;
}

std::string SegmentFilter::describe() const {
  std::string out;
  if (id) out = "#" + std::to_string(*id);
  if (has_payload) out += std::string(out.empty() ? "" : " ") + (*has_payload ? "data" : "pure");
  if (flags) out += std::string(out.empty() ? "" : " ") + flags_long(*flags);
  return out.empty() ? "any segment" : out;
}

std::string describe(const SeqExpr& e) {
  static constexpr const char* kNames[] = {"", "rcv_nxt", "snd_nxt", "snd_una", "irs", "iss"};
  if (e.base == SeqExpr::Base::Absolute) return std::to_string(e.offset);
  std::string out = kNames[static_cast<int>(e.base)];
  if (e.offset > 0) out += "+" + std::to_string(e.offset);
  if (e.offset < 0) out += std::to_string(e.offset);
  return out;
}

void LinkChange::apply(LinkConfig& c) const {
  if (latency) c.latency = *latency;
  if (jitter) c.jitter = *jitter;
  if (reorder_delay) c.reorder_delay = *reorder_delay;
  if (bandwidth_bps) c.bandwidth_bps = *bandwidth_bps;
  if (queue_limit) c.queue_limit = *queue_limit;
  if (mtu) c.mtu = *mtu;
  if (loss) c.loss = *loss;
  if (duplicate) c.duplicate = *duplicate;
  if (reorder) c.reorder = *reorder;
  if (corrupt) c.corrupt = *corrupt;
}

}  // namespace tcplab
