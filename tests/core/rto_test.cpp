#include <catch2/catch.hpp>

#include "core/tcp/rto.h"

using namespace tcplab;
using namespace std::chrono_literals;

namespace {
// RFC 6298 as written: initial 1 s, RTO never below 1 s (§2.4), 60 s cap (§2.5).
RtoEstimator rfc_estimator() { return RtoEstimator(1s, 1s, 60s, 1ms); }
// A Linux-like profile: same initial value, 200 ms floor, 120 s cap.
RtoEstimator linux_estimator() { return RtoEstimator(1s, 200ms, 120s, 1ms); }
}  // namespace

TEST_CASE("Before any RTT sample the RTO is the initial value", "[rto]") {
  const RtoEstimator rto = rfc_estimator();
  CHECK(rto.rto() == 1s);
  CHECK_FALSE(rto.srtt().has_value());
  CHECK_FALSE(rto.rttvar().has_value());
  CHECK(rto.backoffs() == 0);
}

TEST_CASE("RTT samples update SRTT, RTTVAR and RTO per RFC 6298 §2", "[rto]") {
  SECTION("first sample: SRTT = R, RTTVAR = R/2, RTO = SRTT + 4 RTTVAR, floored at 1 s") {
    RtoEstimator rto = rfc_estimator();
    rto.on_sample(100ms);
    CHECK(rto.srtt() == 100ms);
    CHECK(rto.rttvar() == 50ms);
    CHECK(rto.rto() == 1s);
  }
  SECTION("with a 200 ms floor the computed RTO shows through") {
    RtoEstimator rto = linux_estimator();
    rto.on_sample(100ms);
    CHECK(rto.rto() == 300ms);

    // RTTVAR = 3/4 * 50000 + 1/4 * |100000 - 120000| = 42500
    // SRTT   = 7/8 * 100000 + 1/8 * 120000 = 102500
    rto.on_sample(120ms);
    CHECK(rto.rttvar() == 42500us);
    CHECK(rto.srtt() == 102500us);
    CHECK(rto.rto() == 272500us);

    // RTTVAR = 3/4 * 42500 + 1/4 * 22500 = 37500
    // SRTT   = 7/8 * 102500 + 1/8 * 80000 = 99687.5, truncated
    rto.on_sample(80ms);
    CHECK(rto.rttvar() == 37500us);
    CHECK(rto.srtt() == 99687us);
    CHECK(rto.rto() == 249687us);
  }
  SECTION("divisions truncate to whole microseconds") {
    RtoEstimator rto(1s, 1us, 60s, 1us);
    rto.on_sample(1001us);
    CHECK(rto.rttvar() == 500us);  // 1001 / 2 = 500.5
    CHECK(rto.rto() == 3001us);
    rto.on_sample(1000us);
    CHECK(rto.rttvar() == 375us);  // (3 * 500 + 1) / 4 = 375.25
    CHECK(rto.srtt() == 1000us);   // (7 * 1001 + 1000) / 8 = 1000.875
    CHECK(rto.rto() == 2500us);
  }
  SECTION("the clock granularity G bounds the variance term from below") {
    RtoEstimator rto(1s, 10ms, 60s, 100ms);
    rto.on_sample(20ms);
    CHECK(rto.rto() == 120ms);  // 20 ms + max(100 ms, 4 * 10 ms)
  }
  SECTION("a zero RTT leaves only G, then the floor") {
    RtoEstimator rto = linux_estimator();
    rto.on_sample(0us);
    CHECK(rto.srtt() == 0us);
    CHECK(rto.rto() == 200ms);
  }
  SECTION("the RTO is capped at the maximum") {
    RtoEstimator rto = rfc_estimator();
    rto.on_sample(50s);
    CHECK(rto.rto() == 60s);  // 50 s + 4 * 25 s, capped
  }
}

TEST_CASE("Each timeout doubles the RTO up to the maximum (RFC 6298 §5.5)", "[rto]") {
  RtoEstimator rto = rfc_estimator();
  auto [backoffs, expected] = GENERATE(table<int, Duration>({
      {1, 2s},
      {2, 4s},
      {3, 8s},
      {4, 16s},
      {5, 32s},
      {6, 60s},
      {7, 60s},
  }));
  for (int i = 0; i < backoffs; ++i) rto.back_off();
  CHECK(rto.rto() == expected);
  CHECK(rto.backoffs() == static_cast<std::uint32_t>(backoffs));
}

TEST_CASE("A new sample after backoff recomputes the RTO and clears the count", "[rto]") {
  RtoEstimator rto = linux_estimator();
  rto.on_sample(100ms);
  rto.back_off();
  rto.back_off();
  rto.back_off();
  CHECK(rto.rto() == 2400ms);
  CHECK(rto.backoffs() == 3);

  rto.on_sample(100ms);
  CHECK(rto.rttvar() == 37500us);  // 3/4 * 50000 + 1/4 * 0
  CHECK(rto.srtt() == 100ms);
  CHECK(rto.rto() == 250ms);
  CHECK(rto.backoffs() == 0);
}
