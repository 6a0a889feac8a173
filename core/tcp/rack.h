// RACK-TLP loss detection (RFC 8985), as Linux runs it by default
// (net.ipv4.tcp_recovery=1, net.ipv4.tcp_early_retrans=3) when SACK was
// negotiated.
//
// RACK marks a segment lost by time, not by counting duplicate ACKs: a
// segment sent before one that has since been delivered is lost once it has
// waited RACK.rtt plus a reordering window without an ACK. TLP sends a probe
// when the tail of a flight got no ACK for about two round trips, so that
// the probe's ACK (with SACK) lets RACK find a loss at the tail without
// waiting for the retransmission timer.
//
// This class keeps the per-segment send times RACK needs and decides; the
// Connection acts on its answers and puts every decision out as an event.
#pragma once
#include <cstdint>
#include <deque>
#include <optional>

#include "core/base/time.h"
#include "core/tcp/sack_scoreboard.h"
#include "core/wire/seqnum.h"

namespace tcplab {

// One segment sent and not yet cumulatively acknowledged (RFC 8985 §5.2
// "Segment.*").
struct SentSegment {
  SeqNum start;
  SeqNum end;
  Instant xmit_ts;             // when it was last sent
  bool retransmitted = false;  // sent more than once
  bool sacked = false;
  bool lost = false;           // marked lost and not resent since
  bool operator==(const SentSegment&) const = default;
};

// The delayed-ACK allowance a PTO adds when one segment is in flight (RFC
// 8985 §7.2 WCDelAckT; Linux adds TCP_RTO_MIN, 200 ms).
inline constexpr Duration kTlpMaxAckDelay = std::chrono::milliseconds(200);
// RFC 8985 §6.2 step 4: the reordering window widened by a D-SACK stays so
// for this many loss recoveries.
inline constexpr std::uint32_t kReoWndPersist = 16;

class Rack {
 public:
  // What one ACK told RACK (RFC 8985 §6.2 steps 1-4).
  struct AckResult {
    bool reordering_seen = false;  // RACK.reord became true
    bool reo_wnd_grew = false;     // a D-SACK widened the reordering window
  };
  // What loss detection found (RFC 8985 §6.2 step 5).
  struct Detection {
    std::uint32_t newly_lost = 0;
    std::optional<Duration> timer;  // arm the reorder timer for this long
  };

  void clear() { *this = Rack{}; }
  // A segment [start, end) went out at `now`, first or again.
  void on_sent(SeqNum start, SeqNum end, Instant now, bool retransmission);
  // An ACK: SND.UNA is `una`, `sb` the updated scoreboard, `dsack` when its
  // first block was a D-SACK; `ts_echo` its TSecr in ms of our clock.
  AckResult on_ack(SeqNum una, const SackScoreboard& sb, bool dsack, SeqNum snd_nxt, Instant now,
                   std::optional<std::uint32_t> ts_echo_ms);
  // Every RTT sample the connection takes (the handshake's too) feeds
  // RACK.min_RTT (RFC 8985 §6.2 step 1).
  void note_rtt_sample(Duration rtt);
  // RFC 8985 §6.2 step 4: each loss recovery that ends counts down the
  // widened reordering window.
  void on_recovery_exit();
  // RFC 8985 §6.2 step 4 RACK.reo_wnd.
  Duration reo_wnd(bool in_recovery, std::optional<Duration> srtt) const;
  // RFC 8985 §6.2 step 5: mark lost what waited RACK.rtt + reo_wnd.
  Detection detect_loss(Instant now, Duration reo_wnd);
  // The retransmission timer fired: RFC 2018 §8 forgets SACK state and the
  // go-back-N resend starts afresh, so no RACK marks remain.
  void on_timeout();

  bool is_lost(SeqNum s) const;
  bool any_lost() const;
  std::uint32_t lost_count() const;
  // RFC 6675 pipe with RACK's IsLost: sent octets neither SACKed nor lost
  // (a resent segment counts once, as Linux's packets_out - sacked_out -
  // lost_out + retrans_out does).
  std::uint32_t pipe() const;
  // The first segment marked lost, to resend.
  std::optional<SentSegment> first_lost() const;
  // The last segment sent, for a TLP that resends it.
  std::optional<SentSegment> last_sent() const;
  std::uint32_t segments_in_flight() const { return static_cast<std::uint32_t>(segments_.size()); }
  bool reordering_seen() const { return reord_; }
  std::optional<Duration> rtt() const { return rtt_; }
  std::optional<Duration> min_rtt() const { return min_rtt_; }
  std::uint32_t reo_wnd_mult() const { return reo_wnd_mult_; }
  bool operator==(const Rack&) const = default;

 private:
  void split_at(SeqNum s);
  std::uint32_t sacked_segments() const;
  void advance(const SentSegment& s, Instant now, std::optional<std::uint32_t> ts_echo_ms);

  std::deque<SentSegment> segments_{};  // in sequence order
  std::optional<Instant> xmit_ts_{};    // RACK.xmit_ts
  SeqNum end_seq_{};                    // RACK.end_seq
  std::optional<Duration> rtt_{};       // RACK.rtt
  std::optional<Duration> min_rtt_{};   // RACK.min_RTT
  SeqNum fack_{};                       // RACK.fack: highest octet SACKed or acknowledged
  bool reord_ = false;                  // RACK.reord
  std::uint32_t reo_wnd_mult_ = 1;
  std::uint32_t reo_wnd_persist_ = 0;
  std::optional<SeqNum> dsack_round_{};
};

// Tail loss probe state (RFC 8985 §7): at most one probe per episode.
struct TlpState {
  std::optional<SeqNum> end_seq{};  // TLP.end_seq: SND.NXT when the probe went
  bool is_retrans = false;          // TLP.is_retrans: the probe resent old data
  bool operator==(const TlpState&) const = default;
};

// RFC 8985 §7.2: PTO = 2*SRTT (1 s without one), plus the delayed-ACK
// allowance when one segment is in flight (else the profile's `extra`,
// Profile::tlp_extra), no later than the RTO would fire.
Duration probe_timeout(std::optional<Duration> srtt, bool one_segment, Duration rto_remaining,
                       Duration extra = Duration{});

}  // namespace tcplab
