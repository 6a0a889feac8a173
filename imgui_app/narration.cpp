#include "narration.h"

#include <cstdio>

#include "core/sim/smss.h"
#include "language.h"
#include "trace_words.h"

namespace tcplab::ui {

std::string segment_text(const SegmentSummary& s, std::size_t payload, std::uint32_t seq_base, std::uint32_t ack_base) {
  std::string out = flags_long(s.flags) + " seq=" + std::to_string(s.seq.value() - seq_base);
  if (s.flags.has(kAck)) out += " ack=" + std::to_string(s.ack.value() - ack_base);
  if (payload > 0) out += " len=" + std::to_string(payload);
  return out;
}

std::string duration_text(Duration d) {
  const auto us = micros(d);
  char buf[32];
  if (us >= 120'000'000 && us % 60'000'000 == 0) std::snprintf(buf, sizeof buf, "%lld min", static_cast<long long>(us / 60'000'000));
  else if (us >= 1'000'000) std::snprintf(buf, sizeof buf, "%.3g s", us / 1e6);
  else if (us >= 1000) std::snprintf(buf, sizeof buf, "%.3g ms", us / 1e3);
  else std::snprintf(buf, sizeof buf, "%lld µs", static_cast<long long>(us));
  return buf;
}

void Narrator::set_relative(bool relative) {
  if (relative == relative_) return;
  relative_ = relative;
  generation_ = ~0ull;  // the next update() tells it all again
}

std::string Narrator::numbers(std::size_t from, const SegmentSummary& s, std::size_t payload) const {
  if (!relative_ || from > 1) return segment_text(s, payload);
  return segment_text(s, payload, isn_[from], isn_[1 - from]);
}

void Narrator::reset() {
  cursor_ = 0;
  lines_.clear();
  segs_.clear();
  states_.clear();
  answered_.clear();
  isn_[0] = isn_[1] = 0;
  simultaneous_.clear();
  not_reading_.clear();
  cwnd_.clear();
  in_setup_ = false;
}

void Narrator::update(const World& w, std::uint64_t generation, std::string_view heading) {
  // A new language tells the whole story again in it.
  if (generation != generation_ || w.trace().size() < cursor_ || language() != language_) {
    reset();
    generation_ = generation;
    language_ = language();
    if (!heading.empty()) add(Instant{}, -1, std::string(heading));
  }
  const Trace& tr = w.trace();
  for (; cursor_ < tr.size(); ++cursor_) narrate(w, tr[cursor_]);
}

std::string Narrator::side_name(const World& w, std::size_t host) const {
  if (host >= w.hosts().size()) return "?";
  return host_label(w.hosts()[host].name());
}

void Narrator::add(Instant t, int side, std::string text, std::string ref, std::optional<std::uint32_t> seg) {
  lines_.push_back(NarrationLine{t, side, false, std::move(text), std::move(ref), seg});
}

void Narrator::answer(Instant t, int side, Str which, std::string text) {
  // Each question is answered once per run: the log stays a log.
  if (!answered_.insert(static_cast<int>(which)).second) return;
  lines_.push_back(NarrationLine{t, side, true, std::move(text), {}, {}});
}

void Narrator::narrate(const World& w, const TraceRecord& r) {
  // The link's settings as the world was built are the setup, not an event:
  // the narration starts with what the lesson or the learner does.
  const bool setup = std::holds_alternative<WorldRecord>(r.data);
  const bool link_setting = in_setup_ && std::holds_alternative<FaultRecord>(r.data);
  in_setup_ = setup || link_setting;
  if (setup || link_setting) return;
  std::visit(
      [&](const auto& d) {
        using T = std::decay_t<decltype(d)>;
        if constexpr (std::is_same_v<T, SegmentSentRecord>) {
          if (d.seg.flags.has(kSyn) && d.from < 2) isn_[d.from] = d.seg.seq.value();
          segs_[d.id] = SegInfo{d.from, d.to, d.seg, d.payload};
          if (d.origin == SegmentOrigin::Duplicate) return;  // the fate line of the original says it
          const int side = static_cast<int>(d.from);
          const std::string who = side_name(w, d.from), what = numbers(d.from, d.seg, d.payload);
          if (d.why) {
            add(r.t, side,
                fill(d.retransmission ? Str::NarrRetransmit : Str::NarrSentWhy, {who, what, rule_sentence(*d.why)}),
                std::string(rule_reference(*d.why)), d.id);
          } else {
            add(r.t, side, fill(Str::NarrSent, {who, what}), {}, d.id);
          }
          note_zero_window(w, r.t, d);
        } else if constexpr (std::is_same_v<T, SegmentFateRecord>) {
          auto it = segs_.find(d.id);
          if (it == segs_.end() || d.fate == Fate::Delivered) return;
          const SegInfo& s = it->second;
          const std::string who = side_name(w, s.from), what = numbers(s.from, s.seg, s.payload);
          Str templ = Str::NarrLost;
          switch (d.fate) {
            case Fate::Lost: case Fate::QueueFull: case Fate::TooBig: templ = Str::NarrLost; break;
            case Fate::Dropped: templ = Str::NarrDropped; break;
            case Fate::Corrupted: templ = Str::NarrCorrupted; break;
            case Fate::Held: templ = Str::NarrHeld; break;
            case Fate::Released: templ = Str::NarrReleased; break;
            case Fate::Duplicated: templ = Str::NarrDuplicated; break;
            case Fate::Delivered: return;
          }
          add(r.t, -1, fill(templ, {who, what, d.detail.empty() ? std::string(term(fate_name(d.fate))) : fate_detail(d.detail)}), {}, d.id);
          const bool vanished = d.fate == Fate::Lost || d.fate == Fate::Dropped || d.fate == Fate::Corrupted ||
                                d.fate == Fate::QueueFull || d.fate == Fate::TooBig;
          const bool pure_ack = s.seg.flags.bits == kAck && s.payload == 0;
          if (!vanished || !pure_ack) return;
          // Which question this loss raises depends on where the two ends stand.
          bool receiver_half_open = false, sender_time_wait = false;
          for (const auto& [ref, st] : states_) {
            if (ref.first == s.to && st == State::SynReceived) receiver_half_open = true;
            if (ref.first == s.from && st == State::TimeWait) sender_time_wait = true;
          }
          if (receiver_half_open) answer(r.t, -1, Str::WhyLostThirdAck, tr(Str::WhyLostThirdAck));
          else if (sender_time_wait) answer(r.t, -1, Str::WhyLastAckLost, tr(Str::WhyLastAckLost));
        } else if constexpr (std::is_same_v<T, ConnEventRecord>) {
          const int side = static_cast<int>(d.conn.host);
          const std::string who = side_name(w, d.conn.host);
          if (const auto* e = std::get_if<StateChanged>(&d.event)) {
            const Key key{d.conn.host, d.conn.index};
            states_[key] = e->to;
            if (e->from == State::SynSent && e->to == State::SynReceived) simultaneous_.insert(key);
            add(r.t, side, fill(Str::NarrState, {who, rfc_name(e->from), rfc_name(e->to), rule_sentence(e->cause)}),
                std::string(rule_reference(e->cause)));
            // A simultaneous open completes by the same rule, but its question is another one.
            if (e->cause == Rule::AckInSynReceived && !simultaneous_.count(key))
              answer(r.t, side, Str::WhyThree, tr(Str::WhyThree));
            if (e->cause == Rule::FinInEstablished) answer(r.t, side, Str::WhyFour, tr(Str::WhyFour));
            if (e->cause == Rule::SynInSynSent) answer(r.t, side, Str::WhySimOpen, tr(Str::WhySimOpen));
            if (e->to == State::Closing) answer(r.t, side, Str::WhyClosing, tr(Str::WhyClosing));
            if (e->to == State::TimeWait) {
              const Duration tw = w.hosts()[d.conn.host].profile().time_wait;
              answer(r.t, side, Str::WhyTimeWait, fill(Str::WhyTimeWait, {duration_text(tw)}));
            }
          } else if (const auto* e = std::get_if<SegmentRejected>(&d.event)) {
            add(r.t, side, fill(Str::NarrRejected, {who, numbers(1 - d.conn.host, e->seg, 0), rule_sentence(e->why)}),
                std::string(rule_reference(e->why)));
          } else if (const auto* e = std::get_if<TimerFired>(&d.event)) {
            add(r.t, side, fill(Str::NarrTimerFired, {who, term(timer_name(e->kind))}));
          } else if (const auto* e = std::get_if<ConnectionError>(&d.event)) {
            add(r.t, side, fill(Str::NarrError, {who, term(message(e->error)), rule_sentence(e->cause)}),
                std::string(rule_reference(e->cause)));
          } else if (const auto* e = std::get_if<CongestionChanged>(&d.event)) {
            narrate_congestion(w, r.t, d.conn, *e);
          } else if (const auto* e = std::get_if<DataDelivered>(&d.event)) {
            // The octets reach the application only if it reads; otherwise they wait in the buffer.
            const bool reads = !not_reading_.count({d.conn.host, d.conn.index});
            add(r.t, side, fill(reads ? Str::NarrDelivered : Str::NarrBuffered, {who, std::to_string(e->bytes)}));
          }
        } else if constexpr (std::is_same_v<T, UserCallRecord>) {
          const int side = static_cast<int>(d.conn.host);
          const std::string who = side_name(w, d.conn.host);
          if (d.error.empty() && d.call == "reading off") not_reading_.insert({d.conn.host, d.conn.index});
          if (d.error.empty() && d.call == "reading on") not_reading_.erase({d.conn.host, d.conn.index});
          if (d.error.empty() && d.call.rfind("stream", 0) == 0) narrate_stream(r.t, side, who, d);
          else if (d.error.empty()) add(r.t, side, fill(Str::NarrCall, {who, call_name(d.call), call_detail(d.call, d.detail)}));
          else add(r.t, side, fill(Str::NarrCallFailed, {who, call_name(d.call), std::string(term(d.error))}));
        } else if constexpr (std::is_same_v<T, FaultRecord>) {
          add(r.t, -1, fill(Str::NarrFault, {fault_text(d.text)}));
        } else if constexpr (std::is_same_v<T, HostRecord>) {
          add(r.t, static_cast<int>(d.host), fill(Str::NarrHost, {side_name(w, d.host), d.text}), {}, d.segment);
        }
      },
      r.data);
}

// A streaming application (StreamAction) starting, stopping or done: the
// record's detail leads with its octets ("5000 octets", "81920 octets
// written"), or says "until stopped".
void Narrator::narrate_stream(Instant t, int side, const std::string& who, const UserCallRecord& d) {
  const bool counted = !d.detail.empty() && d.detail[0] >= '0' && d.detail[0] <= '9';
  const std::string amount = counted ? d.detail.substr(0, d.detail.find(' ')) + " " + tr(Str::Octets)
                                     : std::string(tr(Str::StreamUntilStopped));
  if (d.call == "stream") add(t, side, fill(Str::NarrStream, {who, amount}));
  else if (d.call == "stream off") add(t, side, fill(Str::NarrStreamOff, {who, counted ? amount : "0 " + std::string(tr(Str::Octets))}));
  else add(t, side, fill(Str::NarrStreamDone, {who, amount}));
}

// "4 segments" when the window is whole segments of the sender's SMSS, else octets.
std::string Narrator::window_text(const World& w, ConnRef conn, std::uint32_t octets) const {
  if (octets == kInfiniteSsthresh) return tr(Str::SsthreshUnset);
  const std::uint32_t smss = sender_smss(w, conn);
  if (smss == 0 || octets % smss != 0) return fill(Str::CwndOctets, {std::to_string(octets)});
  if (octets == smss) return tr(Str::CwndOneSegment);
  return fill(Str::CwndSegments, {std::to_string(octets / smss)});
}

void Narrator::narrate_congestion(const World& w, Instant t, ConnRef conn, const CongestionChanged& e) {
  const int side = static_cast<int>(conn.host);
  const std::string who = side_name(w, conn.host);
  const Key key{conn.host, conn.index};
  const auto before = cwnd_.find(key);
  const std::string cwnd = window_text(w, conn, e.cwnd), ssthresh = window_text(w, conn, e.ssthresh);
  const std::string ref(rule_reference(e.why));
  // The reduction rules state RFC 5681's FlightSize/2; a CUBIC sender keeps 70% instead.
  const bool reduced = e.why == Rule::CcFastRetransmit || e.why == Rule::CcTimeout;
  const bool cubic = w.hosts()[conn.host].profile().congestion.algorithm == CongestionAlgorithm::Cubic;
  std::string why(rule_sentence(e.why));
  if (reduced && cubic) why += std::string(" ") + tr(Str::CubicReduction);
  if (e.why == Rule::CcDuplicateAck)
    add(t, side, fill(Str::NarrDupAck, {who, std::to_string(e.dup_acks), cwnd, why}), ref);
  else if (before == cwnd_.end() || before->second == e.cwnd)
    add(t, side, fill(Str::NarrCongestionSame, {who, cwnd, ssthresh, why}), ref);
  else
    add(t, side, fill(Str::NarrCongestion, {who, window_text(w, conn, before->second), cwnd, ssthresh, why}), ref);
  cwnd_[key] = e.cwnd;
  ask_about_congestion(t, side, e, cubic);
}

// Each question at the first decision that raises it.
void Narrator::ask_about_congestion(Instant t, int side, const CongestionChanged& e, bool cubic) {
  switch (e.why) {
    case Rule::CcSlowStart: answer(t, side, Str::WhySlowStart, tr(Str::WhySlowStart)); break;
    case Rule::CcCongestionAvoidance: answer(t, side, Str::WhyTextbook, tr(Str::WhyTextbook)); break;
    case Rule::CcFastRetransmit:
    case Rule::CcFastRetransmitTahoe:
      answer(t, side, Str::WhyThreeDupAcks, tr(Str::WhyThreeDupAcks));
      answer(t, side, cubic ? Str::WhyCubicBeta : Str::WhyHalve, tr(cubic ? Str::WhyCubicBeta : Str::WhyHalve));
      break;
    case Rule::CcTimeout:
      answer(t, side, cubic ? Str::WhyCubicBeta : Str::WhyHalve, tr(cubic ? Str::WhyCubicBeta : Str::WhyHalve));
      answer(t, side, Str::WhyTimeoutOne, tr(Str::WhyTimeoutOne));
      break;
    case Rule::CcPartialAck: answer(t, side, Str::WhyPartialAck, tr(Str::WhyPartialAck)); break;
    default: break;
  }
}

void Narrator::note_zero_window(const World& w, Instant t, const SegmentSentRecord& s) {
  if (s.window != 0 || !s.seg.flags.has(kAck) || s.seg.flags.has(kRst) || s.to > 1) return;
  for (const auto& [key, cwnd] : cwnd_)
    if (key.first == s.to && cwnd > 0) {
      const std::string text = fill(Str::WhyBothWindows, {window_text(w, ConnRef{key.first, key.second}, cwnd)});
      answer(t, static_cast<int>(s.to), Str::WhyBothWindows, text);
      return;
    }
}

}  // namespace tcplab::ui
