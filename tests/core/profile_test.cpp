#include <catch2/catch.hpp>

#include "core/tcp/profile.h"

using namespace tcplab;
using namespace std::chrono_literals;

TEST_CASE("Profile::rfc9293 uses the RFCs' numbers", "[profile]") {
  const Profile p = Profile::rfc9293();
  CHECK(p.msl == 120s);
  CHECK(p.time_wait == 240s);  // 2*MSL, RFC 9293 §3.10.8
  CHECK(p.initial_rto == 1s);  // RFC 6298 §2.1
  CHECK(p.min_rto == 1s);      // RFC 6298 §2.4
  CHECK(p.max_rto == 60s);     // RFC 6298 §2.5
  CHECK(p.clock_granularity == 1ms);
  CHECK(p.mss == 1460);
  CHECK(p.send_mss_option);
  CHECK_FALSE(p.send_window_scale);
  CHECK_FALSE(p.send_sack_permitted);
  CHECK_FALSE(p.send_timestamps);
  CHECK(p.receive_buffer == 65535);
  CHECK(p.send_buffer == 65535);
  CHECK(p.delayed_ack);
  CHECK(p.delayed_ack_timeout == 200ms);
  CHECK(p.user_timeout == 5min);
  CHECK(p.persist_min == 1s);
  CHECK(p.persist_max == 60s);
  CHECK_FALSE(p.keepalive);
  CHECK(p.keepalive_idle == 2h);
  CHECK(p.keepalive_interval == 75s);
  CHECK(p.keepalive_probes == 9);
  CHECK(p.challenge_ack_limit == 10);
  CHECK_FALSE(p.retransmit_keeps_psh);  // PSH on a retransmission only at the end of the send buffer
  CHECK_FALSE(p.rst_carries_ack);       // RFC 9293 §3.10.5: ABORT sends <SEQ=SND.NXT><CTL=RST>
}

// RFC 1122 §4.2.3.5: R2 for a SYN at least 3 minutes, for data at least 100 s.
// Sum the timeouts the retry counts imply at the minimum RTO.
TEST_CASE("Profile::rfc9293 retry counts satisfy RFC 1122 R2", "[profile]") {
  const Profile p = Profile::rfc9293();
  auto give_up_after = [&](int retries) {
    Duration rto = p.initial_rto, total{};
    for (int i = 0; i <= retries; ++i) {
      total += rto;
      rto = std::min(rto * 2, p.max_rto);
    }
    return total;
  };
  CHECK(give_up_after(p.syn_retries) >= 180s);
  CHECK(give_up_after(p.syn_retries - 1) < 180s);  // the smallest count that does
  CHECK(give_up_after(p.synack_retries) >= 180s);
  CHECK(give_up_after(p.data_retries) >= 100s);
}

TEST_CASE("Profile::linux_like mirrors Linux's defaults", "[profile]") {
  const Profile p = Profile::linux_like();
  CHECK(p.time_wait == 60s);
  CHECK(p.msl == 30s);
  CHECK(p.initial_rto == 1s);
  CHECK(p.min_rto == 200ms);
  CHECK(p.max_rto == 120s);
  CHECK(p.syn_retries == 6);
  CHECK(p.synack_retries == 5);
  CHECK(p.data_retries == 15);
  CHECK(p.mss == 1460);
  CHECK(p.send_mss_option);
  CHECK(p.send_sack_permitted);
  CHECK(p.send_timestamps);
  CHECK(p.send_window_scale);
  CHECK(p.window_scale == 7);
  CHECK(p.delayed_ack_timeout == 40ms);
  CHECK(p.challenge_ack_limit == 1000);
  CHECK(p.retransmit_keeps_psh);  // the resent skb keeps its tcp_flags
  CHECK(p.rst_carries_ack);       // tcp_send_active_reset: RST,ACK
  CHECK(p.name != Profile::rfc9293().name);
}
