// One TCP connection (one TCB), as a pure state machine (RFC 9293 §3.10).
//
// Sans-IO: it never reads a clock or touches a socket. Inputs carry `now`;
// outputs are pulled: poll_transmit() for segments to put on the wire,
// next_deadline() for when to call on_timeout(), poll_event() for what
// happened and why. A Connection is a value: copy it to snapshot it.
#pragma once
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <vector>

#include "events.h"
#include "isn.h"
#include "profile.h"
#include "reassembly.h"
#include "result.h"
#include "rto.h"
#include "segment.h"
#include "state.h"
#include "time.h"
#include "timers.h"
#include "user_error.h"

namespace tcplab {

// RFC 9293 §3.10.6 STATUS, plus what the lab shows beside the FSM.
struct ConnectionStatus {
  State state;
  Endpoint local, remote;
  SeqNum iss, snd_una, snd_nxt;
  std::uint32_t snd_wnd;  // scaled
  SeqNum irs, rcv_nxt;
  std::uint32_t rcv_wnd;
  std::size_t send_queued;     // octets SEND accepted, not yet acknowledged
  std::size_t receive_queued;  // octets waiting for RECEIVE
  std::size_t out_of_order;    // octets held for reassembly
  Duration rto;
  std::optional<Duration> srtt, rttvar;
  std::uint16_t send_mss;
  bool passive_open;
};

class Connection {
 public:
  Connection(Profile profile, Endpoint local, IsnGenerator isn = IsnGenerator{});

  // --- user calls, RFC 9293 §3.9.1 / §3.10 ---
  // Passive OPEN; `remote` narrows which peer may connect (unspecified: any).
  Result<Ok, UserError> open_passive(Instant now, std::optional<Endpoint> remote = std::nullopt);
  Result<Ok, UserError> open_active(Endpoint remote, Instant now);
  // Queues data; returns how many octets were accepted (the send buffer may be full).
  Result<std::size_t, UserError> send(std::span<const std::uint8_t> data, Instant now, bool push = true);
  // Takes up to `max` delivered octets (RECEIVE). Empty vector: nothing yet.
  Result<std::vector<std::uint8_t>, UserError> receive(std::size_t max, Instant now);
  Result<Ok, UserError> close(Instant now);
  Result<Ok, UserError> abort(Instant now);
  ConnectionStatus status() const;

  // --- the network and time ---
  void on_segment(const Segment& seg, Instant now);
  void on_timeout(Instant now);

  // --- outputs ---
  std::optional<Segment> poll_transmit(Instant now);
  std::optional<Instant> next_deadline() const;
  std::optional<Event> poll_event();

  State state() const { return state_; }
  const TimerTable& timers() const { return timers_; }
  const Profile& profile() const { return profile_; }

 private:
  // Implementation state; see connection.cpp. Every change of state_ goes
  // through transition_to().
  void transition_to(State to, Rule cause);

  Profile profile_;
  Endpoint local_;
  Endpoint remote_{};
  IsnGenerator isn_gen_;
  State state_ = State::Closed;
  TimerTable timers_{};
  std::deque<Event> events_{};

  // Send sequence variables (RFC 9293 §3.3.1).
  SeqNum iss_{}, snd_una_{}, snd_nxt_{};
  std::uint32_t snd_wnd_ = 0;
  SeqNum snd_wl1_{}, snd_wl2_{};
  // Receive sequence variables.
  SeqNum irs_{}, rcv_nxt_{};
  std::uint32_t rcv_wnd_ = 0;
};

// RFC 9293 §3.10.7.1: the reply to a segment that arrives where no
// connection exists (RST, or nothing when the segment carries RST itself).
std::optional<Segment> reset_for_closed(const Segment& incoming);

}  // namespace tcplab
