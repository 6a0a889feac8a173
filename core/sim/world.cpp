// The discrete-event engine: the queue, stepping, the input log, snapshots
// and rewind. What events do is in world_net.cpp and world_actions.cpp.
#include "core/sim/world.h"

#include <algorithm>

namespace tcplab {

double InFlight::progress(Instant now) const {
  if (arrival <= sent_at) return 1.0;
  const double p = static_cast<double>((now - sent_at).count()) / static_cast<double>((arrival - sent_at).count());
  return std::clamp(p, 0.0, 1.0);
}

World::World(WorldConfig config) : config_(std::move(config)), snapshot_every_(config_.snapshot_every) {
  // Each host's ISN secret and each link direction's random stream come
  // from the one seed, through splitmix64, so they are independent.
  std::uint64_t sm = config_.seed;
  for (const HostConfig& h : config_.hosts) s_.hosts.emplace_back(h.name, h.addr, h.profile, splitmix64(sm));
  for (int d = 0; d < 2; ++d) s_.link.emplace_back(config_.link[d], splitmix64(sm));
  WorldRecord setup{config_.seed, {}};
  for (const HostConfig& h : config_.hosts) setup.hosts.push_back({h.name, h.addr, h.profile.name});
  record(std::move(setup));
  for (DirectionIndex d = 0; d < 2; ++d) record(FaultRecord{link_text(d)});
  snapshots_.push_back(Snapshot{s_, trace_.size(), 0});
}

std::vector<InFlight> World::in_flight() const {
  std::vector<InFlight> out;
  for (const auto& [key, item] : s_.queue)
    if (const auto* a = std::get_if<ArrivalItem>(&item))
      out.push_back(InFlight{a->id, a->dir, a->sent_at, key.t, a->seg, a->payload, a->flipped_bit.has_value()});
  return out;
}

std::optional<Instant> World::next_event_time() const {
  if (s_.queue.empty()) return std::nullopt;
  return s_.queue.begin()->first.t;
}

std::optional<std::size_t> World::host_index(std::string_view name) const {
  for (std::size_t i = 0; i < s_.hosts.size(); ++i)
    if (s_.hosts[i].name() == name) return i;
  return std::nullopt;
}

std::optional<ConnRef> World::find(std::string_view conn_name) const {
  for (std::size_t h = 0; h < s_.hosts.size(); ++h)
    if (auto i = s_.hosts[h].find_name(conn_name)) return ConnRef{h, *i};
  return std::nullopt;
}

std::string World::direction_name(DirectionIndex d) const {
  return s_.hosts[d].name() + "->" + s_.hosts[1 - d].name();
}

World::QueueKey World::enqueue(Instant t, QueueItem item) {
  const QueueKey key{std::max(t, s_.now), s_.next_seq++};
  s_.queue.emplace(key, std::move(item));
  return key;
}

// --- inputs ---

void World::log_input(std::optional<Instant> scheduled_for, Action a) {
  // A new input after a rewind starts a new future: the old one is forgotten.
  inputs_.resize(input_cursor_);
  inputs_.push_back(InputRecord{s_.steps, s_.now, scheduled_for, std::move(a)});
  ++input_cursor_;
}

void World::schedule(Instant t, Action a) {
  log_input(t, a);
  enqueue(t, ActionItem{std::move(a)});
}

ApplyResult World::apply(Action a) {
  // Performed, then logged: the log takes the action itself rather than a
  // copy (a SEND's octets were a tenth of a bulk run's time). Performing
  // moves neither the step count nor the clock, so the record is the same.
  const ApplyResult done = perform(a);
  log_input(std::nullopt, std::move(a));
  return done;
}

std::vector<InputRecord> World::inputs() const {
  return {inputs_.begin(), inputs_.begin() + static_cast<std::ptrdiff_t>(input_cursor_)};
}

void World::replay(std::vector<InputRecord> more, Instant until) {
  inputs_.resize(input_cursor_);
  for (InputRecord& in : more) {
    // An input from before now cannot be replayed: clamp it to here (a
    // hand-edited link; a link this world made never has one).
    in.step = std::max(in.step, s_.steps);
    in.t = std::max(in.t, s_.now);
    inputs_.push_back(std::move(in));
  }
  run_until(until);
}

bool World::replay_input(Instant limit) {
  if (input_cursor_ >= inputs_.size()) return false;
  const InputRecord& in = inputs_[input_cursor_];
  if (in.step != s_.steps || in.t > limit) return false;
  ++input_cursor_;
  s_.now = std::max(s_.now, in.t);
  if (in.scheduled_for)
    enqueue(*in.scheduled_for, ActionItem{in.action});
  else
    perform(in.action);
  return true;
}

// Re-perform logged inputs given at the current step (after a rewind).
void World::replay_inputs(std::optional<Instant> limit) {
  while (replay_input(limit.value_or(Instant::max()))) {
  }
}

// --- running ---

void World::maybe_snapshot() {
  if (snapshot_every_ == 0 || s_.steps < snapshots_.back().state.steps + snapshot_every_) return;
  snapshots_.push_back(Snapshot{s_, trace_.size(), input_cursor_});
  // Keep memory bounded on long runs: thin out to every other snapshot and
  // space future ones twice as far apart.
  if (snapshots_.size() > config_.max_snapshots) {
    std::vector<Snapshot> kept;
    for (std::size_t i = 0; i < snapshots_.size(); i += 2) kept.push_back(std::move(snapshots_[i]));
    snapshots_ = std::move(kept);
    snapshot_every_ *= 2;
  }
}

bool World::step() {
  maybe_snapshot();
  replay_inputs(next_event_time());
  if (s_.queue.empty()) return false;
  auto node = s_.queue.extract(s_.queue.begin());
  s_.now = std::max(s_.now, node.key().t);
  ++s_.steps;
  process(std::move(node.mapped()));
  return true;
}

void World::run_until(Instant t) { run_to(t, t); }

void World::run_events_until(Instant t) { run_to(t, t - Duration{1}); }

void World::run_to(Instant t, Instant input_limit) {
  for (;;) {
    maybe_snapshot();
    // Inputs due before the next event are replayed by step() itself.
    replay_inputs(input_limit);
    const auto next = next_event_time();
    if (!next || *next > t) break;
    step();
  }
  s_.now = std::max(s_.now, t);
}

void World::run_until_idle(Instant limit) {
  for (;;) {
    maybe_snapshot();
    replay_inputs(limit);
    const auto next = next_event_time();
    if (!next || *next > limit) break;
    step();
  }
}

void World::rewind(Instant t) {
  restore(t);
  run_until(t);
}

void World::restore(Instant t) {
  // The latest snapshot taken at or before t; the first one is at time zero.
  std::size_t pick = 0;
  for (std::size_t i = 0; i < snapshots_.size(); ++i)
    if (snapshots_[i].state.now <= t) pick = i;
  const Snapshot& snap = snapshots_[pick];
  s_ = snap.state;
  trace_.resize(snap.trace_len);
  input_cursor_ = snap.input_cursor;
  snapshots_.resize(pick + 1);
}

void World::process(QueueItem item) {
  if (auto* a = std::get_if<ArrivalItem>(&item)) {
    arrive(std::move(*a));
  } else if (auto* tm = std::get_if<TimeoutItem>(&item)) {
    ConnEntry& e = entry_mut(tm->conn);
    e.timer_due.reset();
    e.conn.on_timeout(s_.now);
    service(tm->conn);
  } else if (auto* act = std::get_if<ActionItem>(&item)) {
    perform(act->action);
  }
}

}  // namespace tcplab
