#include "core/capture/analysis.h"

#include <algorithm>
#include <optional>

namespace tcplab {

namespace {

// One direction's running view of the stream, as the observer keeps it.
struct FlowView {
  std::uint32_t nextseq = 0;          // highest SEQ + SEG.LEN seen; 0: nothing yet (as Wireshark)
  std::int64_t nextseq_nanos = 0;     // when nextseq last moved
  std::uint32_t maxseqtobeacked = 0;  // what the other side may acknowledge
  std::uint32_t lastack = 0;          // the ACK field of this direction's last frame
  std::int64_t lastack_nanos = 0;
  std::optional<std::uint16_t> window;  // raw window field of the last frame
  std::uint32_t last_flags = 0;       // that frame's keep-alive / zero-window-probe judgement
  int dupacks = 0;                    // since the ACK last moved; -1 after an "acked unseen" in reverse
  std::uint64_t last_nondup_frame = 0;
  int win_scale = -1;                 // -1: no SYN seen; -2: scaling not in use
  bool acked_yet = false;             // this direction sent an ACK since its SYN (windows scale from then on)
  std::optional<std::uint32_t> iss;
};

bool gt(std::uint32_t a, std::uint32_t b) { return static_cast<std::int32_t>(b - a) < 0; }
bool lt(std::uint32_t a, std::uint32_t b) { return static_cast<std::int32_t>(a - b) < 0; }
bool le(std::uint32_t a, std::uint32_t b) { return !gt(a, b); }

class Analyzer {
 public:
  PacketAnalysis step(const StreamPacket& p);

 private:
  void learn_handshake(const StreamPacket& p, FlowView& fwd, FlowView& rev);
  std::uint32_t sequence_checks(const StreamPacket& p, FlowView& fwd, FlowView& rev, PacketAnalysis& a);
  void retransmission_checks(const StreamPacket& p, FlowView& fwd, FlowView& rev, PacketAnalysis& a);
  void challenge_check(const StreamPacket& p, const FlowView& fwd, PacketAnalysis& a);
  void remember(const StreamPacket& p, FlowView& fwd, const PacketAnalysis& a);

  FlowView flow_[2];
  std::optional<std::int64_t> syn_nanos_;
  std::optional<std::uint64_t> first_rtt_;
  bool syn_ack_seen_ = false;
  // The previous frame, for the challenge ACK (RFC 5961): an ACK right after a RST or SYN it did not accept.
  std::optional<StreamPacket> previous_;
};

void Analyzer::learn_handshake(const StreamPacket& p, FlowView& fwd, FlowView& rev) {
  const Segment& s = p.tcp.seg;
  if (s.flags.has(kSyn)) {
    fwd.iss = s.seq.value();
    // RFC 7323 §2.3: a shift above 14 is taken as 14.
    fwd.win_scale = s.options.window_scale ? std::min<int>(*s.options.window_scale, 14) : -2;
    // RFC 7323 §2.2: scaling is in use only when both SYNs carry the option.
    if (rev.win_scale == -2 || (fwd.win_scale == -2 && rev.win_scale != -1)) fwd.win_scale = rev.win_scale = -2;
    if (!s.flags.has(kAck)) syn_nanos_ = p.nanos;
    else syn_ack_seen_ = true;
  } else if (s.flags.has(kAck)) {
    fwd.acked_yet = true;
    // The handshake's round trip as seen here: SYN to the ACK of the SYN,ACK.
    if (!first_rtt_ && syn_ack_seen_ && syn_nanos_) first_rtt_ = nanos_since(*syn_nanos_, p.nanos);
  }
}

// The checks on sequence, ACK and window that come before the
// retransmission checks; returns the keep-alive / zero-window-probe bits.
std::uint32_t Analyzer::sequence_checks(const StreamPacket& p, FlowView& fwd, FlowView& rev, PacketAnalysis& a) {
  const Segment& s = p.tcp.seg;
  const std::uint32_t seq = s.seq.value(), ack = s.ack.value(), len = p.tcp.payload_length;
  const bool plain = !s.flags.has(kSyn) && !s.flags.has(kFin) && !s.flags.has(kRst);
  if (len == 1 && seq == fwd.nextseq && rev.window && *rev.window == 0) {
    a.flags |= kZeroWindowProbe;
    return kZeroWindowProbe;
  }
  if (s.window == 0 && plain) a.flags |= kZeroWindow;
  if (fwd.nextseq && gt(seq, fwd.nextseq) && !s.flags.has(kRst)) a.flags |= kLostSegment;
  if (len <= 1 && seq == fwd.nextseq - 1 && plain) a.flags |= kKeepAlive;
  const bool same_place = len == 0 && seq == fwd.nextseq && ack == fwd.lastack && plain;
  if (same_place && s.window != 0 && fwd.window && s.window != *fwd.window) a.flags |= kWindowUpdate;
  if (len > 0 && plain && rev.win_scale != -1 && rev.window) {
    const int shift = rev.acked_yet && rev.win_scale > 0 ? rev.win_scale : 0;
    if (seq + len == rev.lastack + (std::uint32_t{*rev.window} << shift)) a.flags |= kWindowFull;
  }
  const bool repeats = same_place && fwd.window && s.window == *fwd.window;
  if (repeats && s.window != 0 && (rev.last_flags & kKeepAlive)) {
    a.flags |= kKeepAliveAck;
  } else if (repeats && s.window == 0 && (rev.last_flags & kZeroWindowProbe)) {
    a.flags |= kZeroWindowProbeAck;
  } else if (repeats && s.window != 0) {
    fwd.dupacks = fwd.dupacks == -1 ? 1 : fwd.dupacks + 1;
    a.flags |= kDuplicateAck;
    a.dup_ack_num = static_cast<std::uint32_t>(fwd.dupacks);
    a.dup_ack_frame = fwd.last_nondup_frame;
  }
  return a.flags & kKeepAlive;
}

void Analyzer::retransmission_checks(const StreamPacket& p, FlowView& fwd, FlowView& rev, PacketAnalysis& a) {
  const Segment& s = p.tcp.seg;
  const std::uint32_t seq = s.seq.value(), len = p.tcp.payload_length;
  if (len == 0 && !s.flags.has(kSyn) && !s.flags.has(kFin)) return;
  if (a.has(kKeepAlive)) return;
  // Data the receiver had already acknowledged: Wireshark 4.0 asks this
  // before fast retransmission and out-of-order.
  if (len > 0 && rev.lastack && le(seq + len, rev.lastack)) {
    a.flags |= kSpuriousRetransmission;
    return;
  }
  const bool not_advanced = fwd.nextseq && lt(seq, fwd.nextseq);
  if (!not_advanced) return;
  // RFC 5681 §3.2: the segment the duplicate ACKs ask for, soon after them.
  if (rev.dupacks >= 2 && rev.lastack == seq && nanos_since(rev.lastack_nanos, p.nanos) < 20'000'000) {
    a.flags |= kFastRetransmission;
    return;
  }
  // Soon after the highest segment, and not ending where it ended: sent out of order.
  const std::uint64_t threshold = first_rtt_ && *first_rtt_ > 0 ? *first_rtt_ : 3'000'000;
  if (nanos_since(fwd.nextseq_nanos, p.nanos) < threshold && fwd.nextseq != seq + p.tcp.seg_len()) {
    a.flags |= kOutOfOrder;
    return;
  }
  a.flags |= kRetransmission;
}

// RFC 5961 §3.2 and §4.2: a synchronized end answers a RST that is in the
// window but not at RCV.NXT, or any SYN, with an ACK of RCV.NXT, no data.
void Analyzer::challenge_check(const StreamPacket& p, const FlowView& fwd, PacketAnalysis& a) {
  const Segment& s = p.tcp.seg;
  if (!previous_ || previous_->from == p.from || s.flags.bits != kAck || p.tcp.payload_length != 0) return;
  const Segment& prev = previous_->tcp.seg;
  const bool synchronized = fwd.acked_yet && fwd.iss;
  const bool unaccepted_rst = prev.flags.has(kRst) && prev.seq != s.ack;
  const bool unaccepted_syn = prev.flags.has(kSyn) && !prev.flags.has(kAck) && s.ack != prev.seq + 1;
  if (synchronized && (unaccepted_rst || unaccepted_syn)) a.flags |= kChallengeAck;
}

void Analyzer::remember(const StreamPacket& p, FlowView& fwd, const PacketAnalysis& a) {
  const Segment& s = p.tcp.seg;
  const std::uint32_t seq = s.seq.value();
  const std::uint32_t nextseq = seq + p.tcp.seg_len();
  const bool probe = a.has(kZeroWindowProbe);
  if ((gt(nextseq, fwd.nextseq) || !fwd.nextseq) && !probe) {
    fwd.nextseq = nextseq;
    fwd.nextseq_nanos = p.nanos;
  }
  if ((seq == fwd.maxseqtobeacked || !fwd.maxseqtobeacked) && !probe) fwd.maxseqtobeacked = fwd.nextseq;
  fwd.window = s.window;
  fwd.lastack = s.ack.value();
  fwd.lastack_nanos = p.nanos;
  fwd.last_flags = a.flags & (kKeepAlive | kZeroWindowProbe);
}

PacketAnalysis Analyzer::step(const StreamPacket& p) {
  FlowView& fwd = flow_[p.from];
  FlowView& rev = flow_[1 - p.from];
  const Segment& s = p.tcp.seg;
  const std::uint32_t ack = s.ack.value();
  PacketAnalysis a;
  learn_handshake(p, fwd, rev);
  if (s.flags.has(kRst)) a.flags |= kReset;
  sequence_checks(p, fwd, rev, a);
  if (ack != fwd.lastack) {
    fwd.last_nondup_frame = p.number;
    fwd.dupacks = 0;
  }
  // Acknowledges beyond anything the other direction showed: a segment was not captured.
  // (Wireshark 4.0: the other direction's horizon catches up, or its duplicate-ACK count is voided.)
  if (rev.maxseqtobeacked && gt(ack, rev.maxseqtobeacked) && s.flags.has(kAck)) {
    a.flags |= kAckedUnseen;
    if (lt(rev.maxseqtobeacked, rev.nextseq)) rev.maxseqtobeacked = rev.nextseq;
    else rev.dupacks = -1;
  }
  retransmission_checks(p, fwd, rev, a);
  challenge_check(p, fwd, a);
  remember(p, fwd, a);
  previous_ = p;
  return a;
}

}  // namespace

std::vector<PacketAnalysis> analyze(const std::vector<StreamPacket>& packets) {
  Analyzer analyzer;
  std::vector<PacketAnalysis> out;
  out.reserve(packets.size());
  for (const StreamPacket& p : packets) out.push_back(analyzer.step(p));
  return out;
}

std::string_view flag_id(AnalysisFlag f) {
  switch (f) {
    case kRetransmission: return "retransmission";
    case kFastRetransmission: return "fast-retransmission";
    case kSpuriousRetransmission: return "spurious-retransmission";
    case kOutOfOrder: return "out-of-order";
    case kLostSegment: return "previous-segment-not-captured";
    case kAckedUnseen: return "acked-unseen-segment";
    case kDuplicateAck: return "duplicate-ack";
    case kZeroWindow: return "zero-window";
    case kZeroWindowProbe: return "zero-window-probe";
    case kZeroWindowProbeAck: return "zero-window-probe-ack";
    case kWindowFull: return "window-full";
    case kWindowUpdate: return "window-update";
    case kKeepAlive: return "keep-alive";
    case kKeepAliveAck: return "keep-alive-ack";
    case kReset: return "reset";
    case kChallengeAck: return "challenge-ack";
  }
  return "unknown";
}

std::optional<Rule> flag_rule(AnalysisFlag f, bool after_syn) {
  switch (f) {
    case kRetransmission: return Rule::RetransmitTimeout;
    case kZeroWindowProbe: return Rule::PersistProbe;
    case kKeepAlive: return Rule::KeepaliveProbe;
    case kDuplicateAck: return Rule::OutOfOrderData;
    case kWindowUpdate: return Rule::WindowUpdate;
    case kChallengeAck: return after_syn ? Rule::SynChallenge : Rule::RstChallenge;
    default: return std::nullopt;
  }
}

std::string flag_list(const PacketAnalysis& a) {
  std::string out;
  for (AnalysisFlag f : kAllAnalysisFlags) {
    if (!a.has(f)) continue;
    if (!out.empty()) out += ",";
    out += flag_id(f);
    if (f == kDuplicateAck) out += "#" + std::to_string(a.dup_ack_num);
  }
  return out;
}

}  // namespace tcplab
