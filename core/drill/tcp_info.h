// Linux's tcp_info (getsockopt TCP_INFO), as packetdrill hands it to a
// script's `%{ ... }%` code: the tcpi_* fields and the constants scripts
// compare them with (TCP_ESTABLISHED, TCP_CA_Open, TCPI_OPT_SACK, ...).
//
// Every field is read through one table (tcp_info.cpp): a field the stack
// models has an accessor over what the connection reports (ConnectionStatus)
// and what the socket layer saw it do (its events and segments); a field
// whose data the stack does not have yet has none, and a script naming it
// gets "unsupported: tcp_info field NAME (not modelled yet)", never a
// made-up value. Values follow what Linux 6.18 reports (checked with
// packetdrill against the kernel; docs/packetdrill.md lists them).
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/tcp/connection.h"

namespace tcplab::drill {

// What tcp_info needs beyond ConnectionStatus, kept per connection by the
// socket layer from the connection's events and the segments it sends.
class TcpInfoCounters {
 public:
  void on_event(const Event& e);
  void on_sent(const Segment& s);
  // After every input: SND.UNA may have moved.
  void on_status(const ConnectionStatus& st);

  std::uint32_t total_retrans() const { return total_retrans_; }
  std::uint32_t rto_retransmits() const { return rto_retransmits_; }
  std::uint32_t unacked() const { return static_cast<std::uint32_t>(outstanding_.size()); }
  // Linux's retrans_out: segments sent again and not yet acknowledged.
  std::uint32_t retrans_out() const { return static_cast<std::uint32_t>(retransmitted_.size()); }
  bool timestamps() const { return timestamps_; }

 private:
  std::uint32_t total_retrans_ = 0;    // Linux's tp->total_retrans: every segment sent again
  std::uint32_t rto_retransmits_ = 0;  // icsk_retransmits: timeouts since SND.UNA last moved
  bool timer_fired_ = false;           // a retransmission timeout awaits its resend
  bool timestamps_ = false;            // the last segment sent carried a timestamp option
  std::vector<SeqNum> outstanding_{};  // ends of segments sent and not wholly acknowledged (packets_out)
  std::vector<SeqNum> retransmitted_{};  // ends of retransmissions not wholly acknowledged (retrans_out)
  std::optional<SeqNum> snd_una_{};
};

// One connection's view, as getsockopt(TCP_INFO) would take it.
struct TcpInfoSource {
  ConnectionStatus status;
  TcpInfoCounters counters{};
  // A listening socket: Linux reports its state and the accept queue's
  // length (tcpi_unacked); the other fields it reports as 0.
  bool listening = false;
  std::uint32_t accept_queue = 0;
};

struct TcpInfoValue {
  enum class Kind : std::uint8_t { Value, NotModelled, NotAField };
  Kind kind = Kind::NotAField;
  std::int64_t value = 0;
};
// A tcpi_* field of `src`.
TcpInfoValue tcp_info_field(const TcpInfoSource& src, std::string_view name);
// The names packetdrill defines for scripts: TCP_ESTABLISHED ... TCP_CLOSING
// (Linux's numbering), TCP_CA_Open ... TCP_CA_Loss, TCPI_OPT_*.
std::optional<std::int64_t> tcp_info_constant(std::string_view name);
// Linux's number for a state (TCP_ESTABLISHED = 1 ... TCP_CLOSING = 11).
std::int64_t linux_state_number(State s);
// The fields a script may name that the stack does not model yet.
std::vector<std::string_view> tcp_info_fields_not_modelled();

}  // namespace tcplab::drill
