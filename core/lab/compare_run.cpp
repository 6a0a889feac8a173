#include "core/lab/compare_run.h"

namespace tcplab {

namespace {

World make_twin(const World& w, std::size_t host, CongestionAlgorithm a) {
  WorldConfig cfg = w.config();
  if (host < cfg.hosts.size()) cfg.hosts[host].profile.congestion.algorithm = a;
  return World(cfg);
}

// One of the original's inputs, given to the twin when its clock gets there.
void give(World& twin, const InputRecord& in) {
  if (twin.now() < in.t) twin.run_until(in.t);
  if (in.scheduled_for) twin.schedule(*in.scheduled_for, in.action);
  else twin.apply(in.action);
}

}  // namespace

void CompareRun::follow(const World& w, std::uint64_t generation, std::size_t host, CongestionAlgorithm a) {
  if (!twin_ || generation != generation_ || host != host_ || a != algorithm_ || w.input_count() < inputs_given_) {
    twin_.emplace(make_twin(w, host, a));
    generation_ = generation;
    host_ = host;
    algorithm_ = a;
    inputs_given_ = 0;
    series_ = WindowSeries{};
  }
  if (w.input_count() > inputs_given_) {
    const std::vector<InputRecord> inputs = w.inputs();
    for (; inputs_given_ < inputs.size(); ++inputs_given_) give(*twin_, inputs[inputs_given_]);
  }
  if (twin_->now() < w.now()) twin_->run_until(w.now());
  series_.update(twin_->trace(), generation_);
}

World compare_world(const World& w, std::size_t host, CongestionAlgorithm a) {
  World twin = make_twin(w, host, a);
  for (const InputRecord& in : w.inputs()) give(twin, in);
  twin.run_until(w.now());
  return twin;
}

}  // namespace tcplab
