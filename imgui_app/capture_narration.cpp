#include "capture_narration.h"

#include "language.h"

namespace tcplab::ui {
namespace {

struct Teller {
  const Replay& r;
  const LadderIndex& index;
  bool relative;
  std::vector<NarrationLine> lines;

  std::string who(int side) const { return r.side_name(side); }
  std::string numbers(std::size_t i) const {
    const LadderSeg& g = index.segments()[i];
    return segment_text(g.seg, g.payload, relative ? g.seq_base : 0, relative ? g.ack_base : 0);
  }
  void add(std::size_t i, int side, std::string text, std::string ref = {}) {
    lines.push_back(NarrationLine{index.segments()[i].sent, side, false, std::move(text), std::move(ref),
                                  index.segments()[i].id});
  }

  void inference(const Inference& in) {
    const std::string from(rfc_name(in.from)), to(rfc_name(in.to));
    const std::string ref = in.rule ? std::string(rule_reference(*in.rule)) : std::string();
    if (in.basis == ObserverBasis::MidStream)
      add(in.packet, in.side, fill(Str::NarrCaptureMidStream, {who(in.side), from, to, term(basis_text(in.basis))}));
    else if (!in.certain)
      add(in.packet, in.side, fill(Str::NarrCaptureAssumed, {who(in.side), from, to, term(basis_text(in.basis))}), ref);
    else
      add(in.packet, in.side,
          fill(Str::NarrCaptureState, {who(in.side), from, to, in.rule ? rule_sentence(*in.rule) : term(basis_text(in.basis))}), ref);
  }

  // One sentence per finding of the analysis, with the rule the sender followed where there is one.
  void analysis(std::size_t i) {
    const StreamPacket& p = r.packets[i];
    const PacketAnalysis& a = r.analysis[i];
    // Most packets of a long capture have nothing to say: no text is made for them.
    if (a.flags == 0) return;
    const std::string n = std::to_string(p.number), me = who(p.from), peer = who(1 - p.from), seg = numbers(i);
    const bool after_syn = i > 0 && r.packets[i - 1].tcp.seg.flags.has(kSyn);
    auto say = [&](AnalysisFlag f, std::string text) {
      const auto rule = flag_rule(f, after_syn);
      add(i, p.from, std::move(text), rule ? std::string(rule_reference(*rule)) : std::string());
    };
    if (a.has(kSpuriousRetransmission)) say(kSpuriousRetransmission, fill(Str::NarrSpurious, {n, me, seg, peer}));
    else if (a.has(kFastRetransmission)) say(kFastRetransmission, fill(Str::NarrFastRetransmission, {n, me, seg}));
    else if (a.has(kRetransmission)) say(kRetransmission, fill(Str::NarrRetransmission, {n, me, seg}));
    if (a.has(kOutOfOrder)) say(kOutOfOrder, fill(Str::NarrOutOfOrder, {n, me, seg}));
    if (a.has(kLostSegment)) say(kLostSegment, fill(Str::NarrNotCaptured, {n, me}));
    if (a.has(kAckedUnseen)) say(kAckedUnseen, fill(Str::NarrAckedUnseen, {n, me}));
    if (a.has(kDuplicateAck))
      say(kDuplicateAck, fill(Str::NarrCaptureDupAck, {n, me, std::to_string(a.dup_ack_frame), std::to_string(a.dup_ack_num)}));
    if (a.has(kZeroWindow)) say(kZeroWindow, fill(Str::NarrZeroWindow, {n, me, peer}));
    if (a.has(kZeroWindowProbe)) say(kZeroWindowProbe, fill(Str::NarrZeroWindowProbe, {n, me, peer}));
    if (a.has(kZeroWindowProbeAck)) say(kZeroWindowProbeAck, fill(Str::NarrZeroWindowProbeAck, {n, me}));
    if (a.has(kWindowFull)) say(kWindowFull, fill(Str::NarrWindowFull, {n, me, peer}));
    if (a.has(kWindowUpdate)) say(kWindowUpdate, fill(Str::NarrWindowUpdate, {n, me, peer}));
    if (a.has(kKeepAlive)) say(kKeepAlive, fill(Str::NarrKeepAlive, {n, me, peer}));
    if (a.has(kKeepAliveAck)) say(kKeepAliveAck, fill(Str::NarrKeepAliveAck, {n, me}));
    if (a.has(kReset)) say(kReset, fill(Str::NarrReset, {n, me}));
    if (a.has(kChallengeAck)) say(kChallengeAck, fill(Str::NarrChallengeAck, {n, me}));
  }
};

}  // namespace

std::vector<NarrationLine> narrate_capture(const Replay& r, const LadderIndex& index, const std::string& name,
                                           bool relative) {
  Teller t{r, index, relative, {}};
  if (r.packets.empty() || index.segments().size() != r.packets.size()) return {};
  t.lines.push_back(NarrationLine{Instant{}, -1, false,
                                  fill(Str::NarrCaptureHeading, {name, std::to_string(r.stream.index), r.side_name(0),
                                                                 r.stream.a.text(), r.side_name(1), r.stream.b.text(),
                                                                 std::to_string(r.packets.size())}),
                                  {}, std::nullopt});
  std::size_t k = 0;
  for (std::size_t i = 0; i < r.packets.size(); ++i) {
    // The sender's own changes before what its segment shows, the other end's after.
    const std::size_t first = k;
    for (; k < r.inferences.size() && r.inferences[k].packet == i; ++k)
      if (r.inferences[k].side == r.packets[i].from) t.inference(r.inferences[k]);
    t.analysis(i);
    for (std::size_t j = first; j < k; ++j)
      if (r.inferences[j].side != r.packets[i].from) t.inference(r.inferences[j]);
  }
  return std::move(t.lines);
}

}  // namespace tcplab::ui
