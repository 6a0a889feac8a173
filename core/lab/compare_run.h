// The comparison: the same link, seed and inputs as a running world, with
// one host's congestion control replaced by another algorithm, run along
// beside it so its window series can be laid over the first (Tahoe against
// Reno, Reno against CUBIC). Inputs are given again at the times they were
// given (not at their step: the other algorithm takes other steps), so the
// two runs see the same application and the same faults.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>

#include "core/sim/window_series.h"
#include "core/sim/world.h"
#include "core/tcp/congestion.h"

namespace tcplab {

class CompareRun {
 public:
  // Brings the twin up to `w`'s clock: built afresh when `generation`, the
  // host or the algorithm changed (a rewind, a new world), otherwise the
  // inputs given since the last call are given to it too.
  void follow(const World& w, std::uint64_t generation, std::size_t host, CongestionAlgorithm a);
  const World* twin() const { return twin_ ? &*twin_ : nullptr; }
  const WindowSeries& series() const { return series_; }
  std::optional<CongestionAlgorithm> algorithm() const { return twin_ ? std::optional(algorithm_) : std::nullopt; }

 private:
  std::optional<World> twin_;
  std::uint64_t generation_ = 0;
  std::size_t host_ = 0;
  CongestionAlgorithm algorithm_ = CongestionAlgorithm::NewReno;
  std::size_t inputs_given_ = 0;
  WindowSeries series_;
};

// The twin of `w` run once to `w`'s clock (the API's answer).
World compare_world(const World& w, std::size_t host, CongestionAlgorithm a);

}  // namespace tcplab
