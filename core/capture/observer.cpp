#include "core/capture/observer.h"

#include <algorithm>

namespace tcplab {

namespace {

bool seq_lt(std::uint32_t a, std::uint32_t b) { return static_cast<std::int32_t>(a - b) < 0; }

struct Step {
  State from, to;
  std::optional<Rule> rule;
  ObserverBasis basis = ObserverBasis::Answered;
  bool always_assumed = false;  // the passive OPEN before a SYN: never on the wire
};

// What the end's next segment must show for an arrival to count as received.
enum class Proof : std::uint8_t {
  AckCovers,  // it acknowledges the arrived segment's sequence space
  NotResent,  // it does not send again the SYN or FIN the arrival acknowledged
  Silence,    // after a RST: nothing but a RST from that end
};

struct Pending {
  std::size_t packet = 0;
  std::vector<Step> steps;
  Proof proof = Proof::AckCovers;
  std::uint32_t covers = 0;
  // The end acknowledged less than the segment's start since: a gap before
  // it, so it was held for reassembly and took effect once the gap filled.
  bool held = false;
};

struct End {
  State state = State::Closed;
  std::optional<std::uint32_t> iss;
  std::optional<std::uint32_t> fin_end;  // the sequence number after its FIN
  bool passive = false;
  // Arrivals whose effect its own later segments have not yet shown, oldest first.
  std::vector<Pending> pending;
  std::optional<std::uint32_t> next;  // contiguous end of what it sent (what the peer's RCV.NXT would be)
  bool sent_syn_ack = false;
  std::optional<std::uint64_t> reply_nanos;  // how long it took to answer during the handshake, seen from here
  State tentative() const { return pending.empty() ? state : pending.back().steps.back().to; }
};

class Observer {
 public:
  explicit Observer(const std::vector<StreamPacket>& p) : packets_(p) {}
  std::vector<Inference> run();

 private:
  void add(std::size_t packet, int side, State to, std::optional<Rule> rule, ObserverBasis basis, bool certain,
           std::optional<std::size_t> proved_by = std::nullopt);
  void commit(int side, Pending p, bool certain, std::optional<std::size_t> proved_by);
  enum class Outcome : std::uint8_t { Confirmed, Contradicted, Neutral };
  Outcome judge(const Pending& pending, std::size_t i) const;
  void resolve_pending(std::size_t i);
  void replan(int side, std::size_t i);
  void sender(std::size_t i);
  void receiver(std::size_t i);
  std::vector<Step> arrival_steps(const StreamPacket& p, const End& y, const End& x, Proof& proof,
                                  std::uint32_t& covers) const;
  void track(const StreamPacket& p);

  const std::vector<StreamPacket>& packets_;
  End end_[2];
  std::optional<std::int64_t> last_nanos_[2];  // each end's latest segment
  std::optional<std::size_t> last_index_[2];
  std::vector<Inference> out_;
};

void Observer::add(std::size_t packet, int side, State to, std::optional<Rule> rule, ObserverBasis basis,
                   bool certain, std::optional<std::size_t> proved_by) {
  End& e = end_[side];
  out_.push_back(Inference{packet, side, e.state, to, rule, basis, certain, proved_by});
  e.state = to;
  if (rule == Rule::SynInListen) e.passive = true;
}

void Observer::commit(int side, Pending p, bool certain, std::optional<std::size_t> proved_by) {
  for (const Step& st : p.steps) {
    if (st.always_assumed) add(p.packet, side, st.to, st.rule, st.basis, false);
    else if (certain) add(p.packet, side, st.to, st.rule, st.basis, true, proved_by);
    else add(p.packet, side, st.to, st.rule, ObserverBasis::Unanswered, false);
  }
}

// Does the end's segment i show that an earlier arrival reached it?
Observer::Outcome Observer::judge(const Pending& pending, std::size_t i) const {
  const StreamPacket& p = packets_[i];
  const End& x = end_[p.from];
  const Segment& s = p.tcp.seg;
  switch (pending.proof) {
    case Proof::AckCovers:
      if (s.flags.has(kAck) && !s.flags.has(kRst) && !seq_lt(s.ack.value(), pending.covers)) return Outcome::Confirmed;
      // Sent before the arrival reached it (the segments crossed), or the arrival was lost.
      return s.flags.has(kRst) ? Outcome::Contradicted : Outcome::Neutral;
    case Proof::NotResent: {
      const bool establishing = pending.steps.back().rule == Rule::AckInSynReceived;
      if (s.flags.has(kSyn)) {
        // Its SYN again says the ACK of it never came; its first SYN,ACK
        // (simultaneous open) is no resend, and a SYN says nothing of a FIN.
        const bool resent = x.iss && s.seq.value() == *x.iss && (x.sent_syn_ack || !s.flags.has(kAck));
        return establishing && resent ? Outcome::Contradicted : Outcome::Neutral;
      }
      if (s.flags.has(kFin) && x.fin_end && s.seq.value() + p.tcp.payload_length + 1 == *x.fin_end && !establishing)
        return Outcome::Contradicted;
      // A closed end answers what reaches it with a reset (RFC 9293 §3.10.7.1).
      if (s.flags.has(kRst) && pending.steps.back().to == State::Closed) return Outcome::Confirmed;
      if (establishing) {
        // Only ESTABLISHED sends data; a RST answering our data says it never got there (RFC 9293 §3.10.7.2).
        if (s.flags.has(kRst)) return Outcome::Contradicted;
        if (p.tcp.payload_length > 0) return Outcome::Confirmed;
        // It acknowledged the peer's data or FIN, which SYN-RECEIVED takes in only by becoming ESTABLISHED.
        const End& y = end_[1 - p.from];
        if (s.flags.has(kAck) && y.iss && seq_lt(*y.iss + 1, s.ack.value())) return Outcome::Confirmed;
      }
      // Not sending the SYN or FIN again proves nothing by itself: its
      // retransmission timer may simply not have run out yet. (A FIN or an
      // ACK from SYN-RECEIVED: the timing below may tell.)
      return Outcome::Neutral;
    }
    case Proof::Silence: return s.flags.has(kRst) ? Outcome::Confirmed : Outcome::Contradicted;
  }
  return Outcome::Neutral;
}

// The sender's own segment confirms or refutes what the observer assumed reached it.
void Observer::resolve_pending(std::size_t i) {
  const StreamPacket& p = packets_[i];
  End& x = end_[p.from];
  if (x.pending.empty()) return;
  std::vector<Outcome> outcome;
  std::vector<bool> by_timing;
  std::optional<std::size_t> last_confirmed;
  for (std::size_t k = 0; k < x.pending.size(); ++k) {
    Outcome o = judge(x.pending[k], i);
    // A segment that changes the end's state and comes later than the end's
    // round trip from the capture point was sent after the arrival reached it.
    const bool changes_state = p.tcp.seg.flags.has(kFin) || p.tcp.seg.flags.has(kSyn);
    const bool timing = o == Outcome::Neutral && changes_state && x.reply_nanos &&
                        nanos_since(packets_[x.pending[k].packet].nanos, p.nanos) >= *x.reply_nanos;
    if (timing) o = Outcome::Confirmed;
    Pending& pd = x.pending[k];
    if (o == Outcome::Neutral && pd.proof == Proof::AckCovers && p.tcp.seg.flags.has(kAck) &&
        seq_lt(p.tcp.seg.ack.value(), pd.covers - 1))
      pd.held = true;
    // Held: it took effect with the other end's segment that filled the gap, the last before this answer.
    if (o == Outcome::Confirmed && pd.held && last_index_[1 - p.from]) pd.packet = std::max(pd.packet, *last_index_[1 - p.from]);
    if (o == Outcome::Confirmed) last_confirmed = k;
    outcome.push_back(o);
    by_timing.push_back(timing);
  }
  std::vector<Pending> kept;
  // A change is certain only if the one it starts from is: after an
  // assumed step, the end may have been elsewhere when the next arrived.
  bool chain_certain = true;
  for (std::size_t k = 0; k < x.pending.size(); ++k) {
    if (outcome[k] == Outcome::Contradicted) continue;  // it did not arrive, or was not accepted
    if (last_confirmed && k <= *last_confirmed) {
      // Its answering time, from the other end's latest segment (a SYN sent twice is answered once).
      if (!x.reply_nanos && last_nanos_[1 - p.from]) x.reply_nanos = nanos_since(*last_nanos_[1 - p.from], p.nanos);
      // Confirmed by timing only: likely, not shown.
      chain_certain = chain_certain && outcome[k] == Outcome::Confirmed && !by_timing[k];
      commit(p.from, std::move(x.pending[k]), chain_certain, i);
    } else {
      kept.push_back(std::move(x.pending[k]));
    }
  }
  x.pending = std::move(kept);
}

// The end's own segment changed its state while arrivals were unproven: it
// sent that segment before they reached it, so they meet the new state.
void Observer::replan(int side, std::size_t i) {
  End& y = end_[side];
  std::vector<Pending> old = std::move(y.pending);
  y.pending.clear();
  for (Pending& pd : old) {
    Proof proof = Proof::AckCovers;
    std::uint32_t covers = 0;
    std::vector<Step> steps = arrival_steps(packets_[pd.packet], y, end_[1 - side], proof, covers);
    // Shown after the end's own segment i, which it sent first.
    if (!steps.empty()) y.pending.push_back(Pending{i, std::move(steps), proof, covers});
  }
}

void Observer::sender(std::size_t i) {
  const StreamPacket& p = packets_[i];
  const int xs = p.from, ys = 1 - p.from;
  End& x = end_[xs];
  End& y = end_[ys];
  const Segment& s = p.tcp.seg;
  const bool syn = s.flags.has(kSyn), ack = s.flags.has(kAck), fin = s.flags.has(kFin), rst = s.flags.has(kRst);
  if (rst) {
    // An end's own RST carries SEQ = SND.NXT (RFC 9293 §3.10.5); one from
    // elsewhere in its sequence space was not its doing (spoofed, or a
    // middlebox's), so nothing follows about that end.
    const bool own = !x.next || s.seq.value() == *x.next;
    if (!own || x.state == State::Closed || x.state == State::Listen) return;
    if (x.state == State::SynReceived && x.passive)
      // A passive end in SYN-RECEIVED has no user to abort it: this is the
      // reset of a listener that gave up on the handshake (a timeout the wire does not show).
      add(i, xs, State::Listen, std::nullopt, ObserverBasis::ResetReply, false);
    else
      add(i, xs, State::Closed, Rule::Abort, ObserverBasis::Sent, true);
    return;
  }
  if (syn && !ack) {
    x.iss = s.seq.value();
    if (x.state == State::Closed) add(i, xs, State::SynSent, Rule::OpenActive, ObserverBasis::Sent, true);
    else if (x.state == State::Listen) add(i, xs, State::SynSent, Rule::SendInListen, ObserverBasis::Sent, true);
    return;
  }
  if (syn && ack) {
    const bool new_isn = x.iss && *x.iss != s.seq.value();
    x.iss = s.seq.value();
    x.sent_syn_ack = true;
    if (new_isn && x.state != State::SynSent && x.state != State::SynReceived) {
      // A new incarnation answering a SYN (an old duplicate, or a new
      // connection on the same ports): the end listens again, unseen.
      add(i, xs, State::Listen, std::nullopt, ObserverBasis::ListenAssumed, false);
      add(i, xs, State::SynReceived, Rule::SynInListen, ObserverBasis::ImpliedBySent, true);
    } else if (x.state == State::Closed) {
      // Its SYN,ACK answers a SYN the capture did not show.
      add(i, xs, State::Listen, Rule::OpenPassive, ObserverBasis::ListenAssumed, false);
      add(i, xs, State::SynReceived, Rule::SynInListen, ObserverBasis::ImpliedBySent, true);
      if (y.state == State::Closed) {
        y.iss = s.ack.value() - 1;
        add(i, ys, State::SynSent, Rule::OpenActive, ObserverBasis::ImpliedBySent, true);
      }
    } else if (x.state == State::Listen) {
      add(i, xs, State::SynReceived, Rule::SynInListen, ObserverBasis::ImpliedBySent, true);
    } else if (x.state == State::SynSent) {
      add(i, xs, State::SynReceived, Rule::SynInSynSent, ObserverBasis::ImpliedBySent, true);
    }
    return;
  }
  const bool acks_peer_syn = ack && y.iss && !seq_lt(s.ack.value(), *y.iss + 1);
  if (x.state == State::SynSent && acks_peer_syn)
    add(i, xs, State::Established, Rule::SynAckInSynSent, ObserverBasis::ImpliedBySent, true);
  else if (x.state == State::SynReceived && p.tcp.payload_length > 0)
    add(i, xs, State::Established, Rule::AckInSynReceived, ObserverBasis::ImpliedBySent, true);
  if (!fin) return;
  if (!x.fin_end) x.fin_end = s.seq.value() + p.tcp.payload_length + 1;
  if (x.state == State::Established)
    add(i, xs, State::FinWait1, Rule::CloseInEstablished, ObserverBasis::Sent, true);
  else if (x.state == State::SynReceived)
    add(i, xs, State::FinWait1, Rule::CloseInSynReceived, ObserverBasis::Sent, true);
  else if (x.state == State::CloseWait)
    add(i, xs, State::LastAck, Rule::CloseInCloseWait, ObserverBasis::Sent, true);
}

// What the segment does to the end it is sent to, if it arrives (RFC 9293 §3.10.7).
std::vector<Step> Observer::arrival_steps(const StreamPacket& p, const End& y, const End& x, Proof& proof,
                                          std::uint32_t& covers) const {
  const Segment& s = p.tcp.seg;
  const bool syn = s.flags.has(kSyn), ack = s.flags.has(kAck), fin = s.flags.has(kFin), rst = s.flags.has(kRst);
  const State at = y.tentative();
  const std::uint32_t seq = s.seq.value();
  std::vector<Step> steps;
  auto to = [&](State from, State next, Rule r) { steps.push_back(Step{from, next, r}); };
  if (rst) {
    proof = Proof::Silence;
    if (at == State::SynSent) {
      if (ack && y.iss && s.ack.value() == *y.iss + 1) to(at, State::Closed, Rule::RstInSynSent);
    } else if (at == State::SynReceived) {
      if (y.passive) to(at, State::Listen, Rule::RstInSynReceivedPassive);
      else to(at, State::Closed, Rule::RstInSynReceivedActive);
    } else if (is_synchronized(at) && (!x.next || seq == *x.next)) {
      // RFC 5961 §3.2: only a RST exactly at RCV.NXT resets; others earn a challenge ACK.
      to(at, State::Closed, Rule::RstInSynchronized);
    }
    return steps;
  }
  proof = Proof::AckCovers;
  if (syn && !ack) {
    covers = seq + 1;
    if (at == State::Closed) {
      steps.push_back(Step{State::Closed, State::Listen, Rule::OpenPassive, ObserverBasis::ListenAssumed, true});
      to(State::Listen, State::SynReceived, Rule::SynInListen);
    } else if (at == State::Listen) {
      to(at, State::SynReceived, Rule::SynInListen);
    } else if (at == State::SynSent) {
      to(at, State::SynReceived, Rule::SynInSynSent);
    }
    return steps;
  }
  const bool acks_syn = ack && y.iss && !seq_lt(s.ack.value(), *y.iss + 1);
  if (syn) {
    covers = seq + 1;
    if (at == State::SynSent && acks_syn) to(at, State::Established, Rule::SynAckInSynSent);
    else if (at == State::SynReceived && acks_syn) {
      to(at, State::Established, Rule::AckInSynReceived);
      proof = Proof::NotResent;
    }
    return steps;
  }
  const bool acks_fin = ack && y.fin_end && !seq_lt(s.ack.value(), *y.fin_end);
  const std::uint32_t fin_seq = seq + p.tcp.payload_length;
  // The FIN is processed once everything before it arrived (RFC 9293 §3.10.7.4, eighth step).
  const bool fin_in_order = fin && (!x.next || !seq_lt(*x.next, seq));
  State now = at;
  bool fin_used = false;
  if (now == State::SynReceived && acks_syn) to(now, State::Established, Rule::AckInSynReceived), now = State::Established;
  if (acks_fin) {
    if (now == State::FinWait1 && fin_in_order) {
      to(now, State::TimeWait, Rule::FinAndAckInFinWait1);
      fin_used = true;
    } else if (now == State::FinWait1) {
      to(now, State::FinWait2, Rule::AckOfFinInFinWait1);
    } else if (now == State::Closing) {
      to(now, State::TimeWait, Rule::AckOfFinInClosing);
    } else if (now == State::LastAck) {
      to(now, State::Closed, Rule::AckOfFinInLastAck);
    }
    if (!steps.empty()) now = steps.back().to;
  }
  bool fin_moves = fin_used;
  if (fin_in_order && !fin_used) {
    fin_moves = true;
    if (now == State::Established) to(now, State::CloseWait, Rule::FinInEstablished);
    else if (now == State::FinWait1) to(now, State::Closing, Rule::FinInFinWait1);
    else if (now == State::FinWait2) to(now, State::TimeWait, Rule::FinInFinWait2);
    else fin_moves = false;
  }
  // Proof for a FIN: the end acknowledges it; for an ACK of the end's own
  // SYN or FIN: the end does not send it again.
  if (fin_moves) covers = fin_seq + 1;
  else proof = Proof::NotResent;
  return steps;
}

void Observer::receiver(std::size_t i) {
  const StreamPacket& p = packets_[i];
  const int ys = 1 - p.from;
  End& y = end_[ys];
  Proof proof = Proof::AckCovers;
  std::uint32_t covers = 0;
  std::vector<Step> steps = arrival_steps(p, y, end_[p.from], proof, covers);
  if (steps.empty()) return;
  y.pending.push_back(Pending{i, std::move(steps), proof, covers});
}

void Observer::track(const StreamPacket& p) {
  End& x = end_[p.from];
  const std::uint32_t seq = p.tcp.seg.seq.value(), end = seq + p.tcp.seg_len();
  if (!x.next) x.next = end;
  else if (!seq_lt(*x.next, seq) && seq_lt(*x.next, end)) x.next = end;
}

std::vector<Inference> Observer::run() {
  for (std::size_t i = 0; i < packets_.size(); ++i) {
    const StreamPacket& p = packets_[i];
    if (i == 0 && !p.tcp.seg.flags.has(kSyn)) {
      for (int side = 0; side < 2; ++side) add(0, side, State::Established, std::nullopt, ObserverBasis::MidStream, false);
    }
    resolve_pending(i);
    const State before = end_[p.from].state;
    sender(i);
    if (end_[p.from].state != before && !end_[p.from].pending.empty()) replan(p.from, i);
    receiver(i);
    track(p);
    last_nanos_[p.from] = p.nanos;
    last_index_[p.from] = i;
  }
  // What never got an answer stays assumed, but a SYN never answered says
  // nothing of a listener: it may not exist, or never have seen the SYN.
  for (int side = 0; side < 2; ++side)
    for (Pending& pd : end_[side].pending)
      if (!pd.steps.front().always_assumed) commit(side, std::move(pd), false, std::nullopt);
  std::stable_sort(out_.begin(), out_.end(), [](const Inference& a, const Inference& b) { return a.packet < b.packet; });
  return out_;
}

}  // namespace

std::string_view basis_id(ObserverBasis b) {
  switch (b) {
#define TCPLAB_BASIS_ID(name, id, text) \
  case ObserverBasis::name: return id;
    TCPLAB_OBSERVER_BASES(TCPLAB_BASIS_ID)
#undef TCPLAB_BASIS_ID
  }
  return "capture.unknown";
}

std::string_view basis_text(ObserverBasis b) {
  switch (b) {
#define TCPLAB_BASIS_TEXT(name, id, text) \
  case ObserverBasis::name: return text;
    TCPLAB_OBSERVER_BASES(TCPLAB_BASIS_TEXT)
#undef TCPLAB_BASIS_TEXT
  }
  return "";
}

std::vector<Inference> infer_states(const std::vector<StreamPacket>& packets) { return Observer(packets).run(); }

}  // namespace tcplab
