#include "lab_session.h"

#include <algorithm>
#include <cmath>

namespace tcplab {

using namespace std::chrono;

LabSetup::LabSetup() {
  // A quarter second each way: a segment's flight is long enough to see and
  // to click, and the 1 s RTO is still clearly longer than a round trip.
  for (LinkConfig& l : link) l.latency = milliseconds(250);
}

WorldConfig world_config(const LabSetup& s) {
  WorldConfig cfg;
  Profile p = s.profile == ProfileKind::LinuxLike ? Profile::linux_like() : Profile::rfc9293();
  if (!s.real_msl) {
    p.msl = s.lab_msl;
    p.time_wait = 2 * s.lab_msl;
  }
  p.delayed_ack = s.delayed_ack;
  p.receive_buffer = s.receive_buffer;
  if (s.syn_retries) p.syn_retries = *s.syn_retries;
  if (s.synack_retries) p.synack_retries = *s.synack_retries;
  cfg.hosts = {HostConfig{"client", 0x0A000001, p}, HostConfig{"server", 0x0A000002, p}};
  cfg.link[0] = s.link[0];
  cfg.link[1] = s.link[1];
  cfg.seed = s.seed;
  return cfg;
}

std::optional<Preset> make_preset(const std::string& name, const std::string& text, std::string* error) {
  auto parsed = parse_scenario(text, name + ".scenario");
  if (!parsed) {
    if (error) *error = parsed.error().text();
    return std::nullopt;
  }
  Preset p{name, parsed.value().description, std::move(parsed).value()};
  return p;
}

LabSession::LabSession() { rebuild(); }

void LabSession::rebuild() {
  world_.emplace(world_config(setup_));
  loaded_.reset();
  horizon_ = {};
  ++generation_;
}

void LabSession::adopt(World w) {
  world_.emplace(std::move(w));
  loaded_.reset();
  horizon_ = world_->now();
  ++generation_;
}

void LabSession::load(std::size_t index) {
  if (index >= presets_.size()) return;
  const Scenario& sc = presets_[index].scenario;
  world_.emplace(sc.world);
  // The lesson's actions are inputs like the learner's: scheduled, so rewind replays them.
  for (const TimedAction& a : sc.actions) world_->schedule(a.t, a.action);
  loaded_ = index;
  horizon_ = {};
  playing_ = true;
  ++generation_;
}

std::optional<ConnRef> LabSession::focus(std::size_t host) const {
  if (host >= world_->hosts().size()) return std::nullopt;
  const auto& conns = world_->hosts()[host].connections();
  if (conns.empty()) return std::nullopt;
  return ConnRef{host, conns.size() - 1};
}

std::string LabSession::host_name(std::size_t host) const {
  return host < world_->hosts().size() ? world_->hosts()[host].name() : std::string("?");
}

Duration LabSession::time_wait() const {
  return world_->hosts().empty() ? Duration{} : world_->hosts()[0].profile().time_wait;
}

std::string LabSession::fresh_name(const std::string& base) const {
  if (!world_->find(base)) return base;
  for (int n = 2;; ++n) {
    std::string name = base + std::to_string(n);
    if (!world_->find(name)) return name;
  }
}

void LabSession::apply(std::vector<Command>& commands) {
  std::vector<Command> cmds;
  cmds.swap(commands);
  for (Command& c : cmds) {
    std::visit(
        [&](auto& x) {
          using T = std::decay_t<decltype(x)>;
          if constexpr (std::is_same_v<T, ApplyCmd>) {
            // After a rewind, a new input starts a new future: the old one is forgotten.
            horizon_ = world_->now();
            world_->apply(std::move(x.action));
          } else if constexpr (std::is_same_v<T, PlayCmd>) {
            playing_ = x.on;
          } else if constexpr (std::is_same_v<T, StepCmd>) {
            playing_ = false;
            if (auto t = world_->next_event_time()) world_->run_until(std::max(*t, world_->now()));
          } else if constexpr (std::is_same_v<T, SpeedCmd>) {
            speed_ = std::clamp(x.speed, kMinSpeed, kMaxSpeed);
          } else if constexpr (std::is_same_v<T, RewindCmd>) {
            horizon_ = horizon();
            world_->rewind(std::clamp(x.t, Instant{}, horizon_));
            ++generation_;
          } else if constexpr (std::is_same_v<T, ResetCmd>) {
            setup_ = x.setup;
            rebuild();
          } else if constexpr (std::is_same_v<T, LoadPresetCmd>) {
            load(x.index);
          }
        },
        c);
  }
}

void LabSession::advance(double wall_seconds) {
  if (!playing_ || wall_seconds <= 0) return;
  const double sim = std::min(wall_seconds, kMaxFrameSeconds) * speed_;
  const auto us = static_cast<std::int64_t>(std::llround(sim * 1e6));
  world_->run_until(world_->now() + microseconds(us));
}

}  // namespace tcplab
