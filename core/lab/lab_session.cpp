#include "core/lab/lab_session.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <cstdio>

namespace tcplab {

using namespace std::chrono;

namespace {
// Enough for a consumer polling once a frame while the learner drags the scrubber.
constexpr std::size_t kRewindsKept = 256;
}  // namespace

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
  for (std::size_t h = 0; h < 2; ++h)
    if (s.congestion[h]) cfg.hosts[h].profile.congestion.algorithm = *s.congestion[h];
  cfg.link[0] = s.link[0];
  cfg.link[1] = s.link[1];
  cfg.seed = s.seed;
  return cfg;
}

Result<Lesson, ParseError> parse_lesson(const std::string& name, const std::string& text, const std::string& file) {
  auto parsed = parse_scenario(text, file.empty() ? name : file);
  if (!parsed) return Err{parsed.error()};
  std::string description = parsed.value().description;
  return Lesson{name, std::move(description), std::move(parsed).value(), text};
}

std::optional<Lesson> make_lesson(const std::string& name, const std::string& text, std::string* error,
                                  const std::string& file) {
  auto parsed = parse_lesson(name, text, file);
  if (!parsed) {
    if (error) *error = parsed.error().text();
    return std::nullopt;
  }
  return std::move(parsed).value();
}

LabSession::LabSession() { rebuild(); }

std::vector<std::string> LabSession::load_lessons(const std::string& dir) {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec))
    if (e.path().extension() == ".scenario") files.push_back(e.path());
  std::vector<std::string> texts;
  std::vector<LessonSource> sources;
  texts.reserve(files.size());
  for (const auto& f : files) {
    // C stdio rather than <fstream>: iostreams add ~100 KB to the page's wasm.
    std::string& text = texts.emplace_back();
    if (std::FILE* in = std::fopen(f.string().c_str(), "rb")) {
      char buf[4096];
      for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, in)) > 0;) text.append(buf, n);
      std::fclose(in);
    }
    sources.push_back({f.filename().string(), text});
  }
  return load_lessons(std::move(sources));
}

std::vector<std::string> LabSession::load_lessons(std::vector<LessonSource> sources) {
  std::sort(sources.begin(), sources.end(), [](const LessonSource& a, const LessonSource& b) { return a.file < b.file; });
  std::vector<std::string> errors;
  std::vector<Lesson> lessons;
  for (const LessonSource& src : sources) {
    constexpr std::string_view kExt = ".scenario";
    const std::string name = src.file.ends_with(kExt) ? src.file.substr(0, src.file.size() - kExt.size()) : src.file;
    std::string err;
    if (auto p = make_lesson(name, std::string(src.text), &err, src.file)) lessons.push_back(std::move(*p));
    else errors.push_back(err);
  }
  set_lessons(std::move(lessons));
  return errors;
}

const Lesson* LabSession::lesson() const { return lesson_ ? &*lesson_ : nullptr; }
std::size_t LabSession::lesson_inputs() const { return lesson_inputs_; }
bool LabSession::lesson_finished() const { return results_.has_value(); }
const std::optional<std::vector<ExpectationResult>>& LabSession::results() const { return results_; }
std::uint64_t LabSession::world_serial() const { return world_serial_; }

std::optional<Instant> LabSession::rewound_since(std::uint64_t generation) const {
  if (generation >= generation_) return std::nullopt;
  if (rewinds_.empty() || rewinds_.front().first > generation + 1) return Instant{};
  std::optional<Instant> earliest;
  for (const auto& [g, t] : rewinds_)
    if (g > generation) earliest = std::min(earliest.value_or(t), t);
  return earliest;
}

void LabSession::forget_lesson() {
  lesson_.reset();
  loaded_.reset();
  lesson_inputs_ = 0;
  timed_.clear();
  checked_.clear();
  results_.reset();
  checkpoints_.clear();
  progress_.clear();
  asking_.reset();
  last_answered_.reset();
  guide_step_.reset();
  completed_ = false;
}

void LabSession::rebuild() {
  world_.emplace(world_config(setup_));
  rewinds_.clear();
  forget_lesson();
  horizon_ = {};
  ++generation_;
  ++world_serial_;
}

void LabSession::adopt(World w) {
  world_.emplace(std::move(w));
  rewinds_.clear();
  forget_lesson();
  horizon_ = world_->now();
  ++generation_;
  ++world_serial_;
}

void LabSession::start_lesson(Lesson lesson, std::optional<std::size_t> index, std::optional<std::uint64_t> seed) {
  forget_lesson();
  lesson_ = std::move(lesson);
  loaded_ = index;
  const Scenario& sc = lesson_->scenario;
  WorldConfig config = sc.world;
  if (seed) config.seed = *seed;
  world_.emplace(std::move(config));
  rewinds_.clear();
  // The lesson's actions are inputs like the learner's: scheduled, so rewind replays them.
  for (const TimedAction& a : sc.actions) world_->schedule(a.t, a.action);
  lesson_inputs_ = sc.actions.size();
  checked_.assign(sc.expectations.size(), std::nullopt);
  for (std::size_t i = 0; i < sc.expectations.size(); ++i)
    if (const auto t = check_time(sc.expectations[i])) timed_.emplace_back(*t, i);
  std::stable_sort(timed_.begin(), timed_.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  horizon_ = {};
  playing_ = true;
  ++generation_;
  ++world_serial_;
  start_questions();
  // What happens at time zero, and what the lesson expects of it, comes
  // first: a learner's input at 0 follows it, in the lab and in a replay.
  run_to(Instant{});
}

std::optional<ConnRef> LabSession::focus(std::size_t host) const {
  if (host >= world_->hosts().size()) return std::nullopt;
  const auto& conns = world_->hosts()[host].connections();
  // Not one whose OPEN was refused (Listen twice on a port, a socket pair
  // still in TIME-WAIT): it never existed for the host, and showing its
  // CLOSED would hide the listener or connection that does.
  for (std::size_t i = conns.size(); i-- > 0;) {
    const ConnEntry& e = conns[i];
    const bool refused = !e.active && e.conn.state() == State::Closed && e.last_error == UserError::ConnectionAlreadyExists;
    if (!refused) return ConnRef{host, i};
  }
  return std::nullopt;
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

// --- the lesson's clock ---

std::optional<Instant> LabSession::next_check() const {
  for (const auto& [t, i] : timed_)
    if (!checked_[i]) return t;
  return std::nullopt;
}

// Where run_scenario() stops: every timed expectation checked, then the
// 'run until' time or, without one, nothing left to happen until an hour
// after the last action.
Instant LabSession::end_bound() const {
  const Scenario& sc = lesson_->scenario;
  Instant last_timed{};
  for (const auto& [t, i] : timed_) last_timed = std::max(last_timed, t);
  if (sc.run_until) return std::max(*sc.run_until, last_timed);
  Instant last_action{};
  for (const TimedAction& a : sc.actions) last_action = std::max(last_action, a.t);
  return std::max(last_action + std::chrono::hours(1), last_timed);
}

bool LabSession::end_reached() const {
  if (!lesson_ || results_ || next_check()) return false;
  // The first snapshot predates the lesson's own inputs: a rewind restores an
  // empty queue that only looks idle until they are replayed.
  if (world_->input_count() < lesson_inputs_) return false;
  const Scenario& sc = lesson_->scenario;
  if (sc.run_until) return world_->now() >= *sc.run_until;
  const auto next = world_->next_event_time();
  return !next || *next > end_bound();
}

void LabSession::settle() {
  if (!end_reached()) return;
  const Scenario& sc = lesson_->scenario;
  std::vector<ExpectationResult> out;
  for (std::size_t i = 0; i < sc.expectations.size(); ++i)
    out.push_back(checked_[i] ? *checked_[i] : check_expectation(*world_, sc.expectations[i]));
  results_ = std::move(out);
  ended_at_ = world_->now();
  complete_if_done();
}

void LabSession::check_due() {
  for (const auto& [t, i] : timed_)
    if (!checked_[i] && t <= world_->now()) checked_[i] = check_expectation(*world_, lesson_->scenario.expectations[i]);
}

void LabSession::run_to(Instant target, bool stop_at_end, bool ask) {
  World& w = *world_;
  if (ask && asking_) return;  // the clock waits for the learner's response
  target = std::max(target, w.now());
  bool stops = false;
  if (const auto s = ask ? next_stop() : std::nullopt; s && *s <= target) {
    target = std::max(*s, w.now());
    stops = true;
  }
  const bool watch_idle = lesson_ && !lesson_->scenario.run_until;
  settle();
  while (!(stop_at_end && results_)) {
    Instant stop = target;
    if (const auto t = next_check(); t && *t < stop) stop = std::max(*t, w.now());
    if (lesson_ && !results_ && lesson_->scenario.run_until) stop = std::min(stop, std::max(*lesson_->scenario.run_until, w.now()));
    // Without 'run until' the lesson ends when nothing is left to happen:
    // event by event, so it ends at the last one, as run_until_idle() does,
    // and input by input where a rewind or a share link replays the
    // learner's (an ABORT may be what ends it), as when each was given.
    while (watch_idle && !results_) {
      const auto next = w.next_event_time();
      // Not past the next event: step() would replay it before that event too.
      if (w.replay_input(std::min(stop - Duration{1}, next.value_or(Instant::max())))) {
        settle();
        continue;
      }
      if (!next || *next > stop) break;
      w.step();
      settle();
    }
    if (stop_at_end && results_) break;
    w.run_events_until(stop);
    check_due();
    settle();
    if (stop >= target) break;
  }
  // Inputs given at the time the clock stopped came after what was checked there.
  while (w.replay_input(w.now())) settle();
  w.run_until(w.now());
  settle();
  if (stops) stop_here();
}

void LabSession::replay(std::vector<InputRecord> inputs, Instant until) {
  for (const InputRecord& in : inputs) horizon_ = std::max(horizon_, in.t);
  // Inputs due now are performed now (the clock does not move); the rest as it runs.
  world_->replay(std::move(inputs), world_->now());
  run_to(until);
}

ApplyResult LabSession::apply_input(Action a) {
  const ApplyResult done = perform_input(std::move(a));
  settle();  // as after every command
  return done;
}

ApplyResult LabSession::perform_input(Action a) {
  // After a rewind, a new input starts a new future: the old one is forgotten.
  horizon_ = world_->now();
  return world_->apply(std::move(a));
}

void LabSession::apply(std::vector<Command>& commands) {
  std::vector<Command> cmds;
  cmds.swap(commands);
  for (Command& c : cmds) {
    std::visit(
        [&](auto& x) {
          using T = std::decay_t<decltype(x)>;
          if constexpr (std::is_same_v<T, ApplyCmd>) {
            perform_input(std::move(x.action));
          } else if constexpr (std::is_same_v<T, PlayCmd>) {
            // A question waiting for its answer holds the clock: Play would
            // show Pause over a clock that does not move (answer or reveal first).
            playing_ = x.on && !asking_;
          } else if constexpr (std::is_same_v<T, StepCmd>) {
            playing_ = false;
            if (auto t = world_->next_event_time()) run_to(*t, false, view_.ask);
          } else if constexpr (std::is_same_v<T, SpeedCmd>) {
            speed_ = std::clamp(x.speed, kMinSpeed, kMaxSpeed);
          } else if constexpr (std::is_same_v<T, LanguageCmd>) {
            view_.lang = x.lang;  // a view setting: the world is untouched
          } else if constexpr (std::is_same_v<T, RewindCmd>) {
            rewind_to(x.t);
          } else if constexpr (std::is_same_v<T, ResetCmd>) {
            setup_ = x.setup;
            rebuild();
          } else if constexpr (std::is_same_v<T, LoadLessonCmd>) {
            if (x.index < lessons_.size()) start_lesson(lessons_[x.index], x.index, x.seed);
          } else if constexpr (std::is_same_v<T, LoadScenarioCmd>) {
            start_lesson(std::move(x.lesson), std::nullopt, x.seed);
          } else if constexpr (std::is_same_v<T, RunUntilCmd>) {
            run_to(x.t);
          } else if constexpr (std::is_same_v<T, RunToEndCmd>) {
            if (lesson_) run_to(end_bound(), true);
          } else if constexpr (std::is_same_v<T, SelectStreamCmd>) {
            (void)capture_.select(x.index);  // a failure is kept in capture_.error(), where the page shows it
          } else if constexpr (std::is_same_v<T, CloseCaptureCmd>) {
            capture_.close();
          } else if constexpr (std::is_same_v<T, AnswerCmd>) {
            answer(x.response);
          } else if constexpr (std::is_same_v<T, RunToQuestionCmd>) {
            if (lesson_) run_to(end_bound(), true, true);
          } else if constexpr (std::is_same_v<T, HintCmd>) {
            hint();
          } else if constexpr (std::is_same_v<T, RevealCmd>) {
            reveal();
          } else if constexpr (std::is_same_v<T, ReplayMomentCmd>) {
            if (x.question < checkpoints_.size() && progress_[x.question].settled()) {
              rewind_to(checkpoints_[x.question].pause);
              playing_ = true;
            }
          } else if constexpr (std::is_same_v<T, GuideNextCmd>) {
            guide_next();
          } else if constexpr (std::is_same_v<T, GuideCloseCmd>) {
            guide_step_.reset();
          }
        },
        c);
    // An input may leave nothing to happen: the lesson ends there.
    settle();
  }
  follow_guide();
}

void LabSession::rewind_to(Instant target) {
  horizon_ = horizon();
  const Instant t = std::clamp(target, Instant{}, horizon_);
  // What the clock has not reached again is unknown again.
  if (results_ && t < ended_at_) results_.reset();
  for (const auto& [when, i] : timed_)
    if (when > t) checked_[i].reset();
  asking_.reset();  // asked again when the clock gets back to it, unless it was answered
  world_->restore(t);
  run_to(t);
  ++generation_;
  rewinds_.emplace_back(generation_, t);
  if (rewinds_.size() > kRewindsKept) rewinds_.erase(rewinds_.begin());
}

void LabSession::advance(double wall_seconds) {
  // While a capture is shown the lab's own run waits behind it.
  if (!playing_ || wall_seconds <= 0 || capture_.replay()) return;
  const double sim = std::min(wall_seconds, kMaxFrameSeconds) * speed_;
  const auto us = static_cast<std::int64_t>(std::llround(sim * 1e6));
  run_to(world_->now() + microseconds(us), false, view_.ask);
}

}  // namespace tcplab
