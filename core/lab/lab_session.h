// The model side of the lab: the World built from the learner's setup, the
// clock that drives it, the lessons, and the commands the panels queue.
// No ImGui here: the UI's panels, the JavaScript API (lab_api.h) and the
// native tests all drive a session through the same commands.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/scenario/scenario.h"
#include "core/scenario/scenario_runner.h"
#include "core/sim/world.h"

namespace tcplab {

enum class ProfileKind : std::uint8_t { Rfc9293, LinuxLike };

struct LabSetup {
  ProfileKind profile = ProfileKind::Rfc9293;
  // The real MSL makes TIME-WAIT last 4 minutes (RFC) or 1 (Linux); the lab
  // default shortens it so the countdown ends while the learner watches.
  bool real_msl = false;
  Duration lab_msl = std::chrono::seconds(5);
  // The profile settings the lessons change, applied to both hosts.
  bool delayed_ack = true;
  std::uint32_t receive_buffer = 65535;
  std::optional<int> syn_retries, synack_retries;  // the profile's own when empty
  // Per host ([0] client, [1] server): the congestion control algorithm; the profile's own when empty.
  std::optional<CongestionAlgorithm> congestion[2];
  LinkConfig link[2];
  std::uint64_t seed = 1;
  LabSetup();
};

// A lesson: a scenario file's setup and timed actions, replayed in the lab.
struct Lesson {
  std::string name;  // file name without extension: "lost-syn"
  std::string description;
  Scenario scenario;
  std::string text;  // the file's text: a share link carries a lesson that is not one of the list
};

// How the page shows the session and runs its clock at the start: the URL
// parameters lang, speed, autoplay, panels and layout. The page's parameters
// and the API's reset() set it; the UI reads its layout from here.
struct LabView {
  std::string lang = "en";
  double speed = 1.0;    // kMinSpeed..kMaxSpeed
  bool autoplay = true;  // the clock runs from the start
  std::array<bool, 6> panels{true, true, true, true, true, true};  // by LabPanel (lab_params.h)
  bool compact = false;  // "layout=compact": the iframe layout
  // Issue 14's views: the window lane under the ladder ("lane=on"), the
  // time-sequence graph in the ladder's place ("graph=sequence"), and whose
  // data both show ("sender=client|server").
  bool window_lane = false;
  bool sequence_graph = false;
  std::size_t sender = 0;
  // The comparison ("compare=tahoe"): the sender's cwnd in the same run with this algorithm, over the lane's.
  std::optional<CongestionAlgorithm> compare;
};

// What the panels may ask for; applied at the start of the next frame.
struct ApplyCmd { Action action; };
struct PlayCmd { bool on; };
struct StepCmd {};
struct SpeedCmd { double speed; };
struct RewindCmd { Instant t; };
struct ResetCmd { LabSetup setup; };
// `seed` replaces the lesson's own, as `tcplab run --seed` does.
struct LoadLessonCmd { std::size_t index; std::optional<std::uint64_t> seed{}; };
// A scenario that is not one of the lessons (given as text through the API).
struct LoadScenarioCmd { Lesson lesson; std::optional<std::uint64_t> seed{}; };
// Run the clock forward to t (an earlier t does nothing).
struct RunUntilCmd { Instant t; };
// Run the lesson to where it ends (lesson_finished()) and stop the clock there.
struct RunToEndCmd {};
using Command = std::variant<ApplyCmd, PlayCmd, StepCmd, SpeedCmd, RewindCmd, ResetCmd, LoadLessonCmd,
                             LoadScenarioCmd, RunUntilCmd, RunToEndCmd>;

inline constexpr double kMinSpeed = 0.1, kMaxSpeed = 10.0;
// The longest wall-clock gap one frame may turn into simulated time: a tab
// coming back from the background must not jump minutes ahead.
inline constexpr double kMaxFrameSeconds = 0.1;

class LabSession {
 public:
  LabSession();

  // --- reading (panels) ---
  const World& world() const { return *world_; }
  const LabSetup& setup() const { return setup_; }
  bool playing() const { return playing_; }
  double speed() const { return speed_; }
  // The furthest the clock has been: the scrubber's range.
  Instant horizon() const { return std::max(horizon_, world_->now()); }
  const std::vector<Lesson>& lessons() const { return lessons_; }
  std::optional<std::size_t> loaded_lesson() const { return loaded_; }
  // The scenario running as a lesson (one of lessons() or one given as text), if any.
  const Lesson* lesson() const;
  // How many of the world's inputs the lesson scheduled (share links skip them).
  std::size_t lesson_inputs() const;
  // When the lesson ends: its 'run until' time; without one, once nothing is
  // left to happen after its last action (at most an hour after it), as
  // run_scenario() decides.
  bool lesson_finished() const;
  // The lesson's expectation results, checked as run_scenario() checks them
  // (timed ones when the clock passes their time); set once the lesson has
  // finished, cleared by a rewind to before its end.
  const std::optional<std::vector<ExpectationResult>>& results() const;
  // The clock when the results were recorded (a rewind before it clears them).
  Instant ended_at() const { return ended_at_; }
  // Bumped when the world is replaced (reset, lesson), not when it is rewound.
  std::uint64_t world_serial() const;
  // Bumped whenever the world is replaced or rewound: caches built from the trace start over.
  std::uint64_t generation() const { return generation_; }
  // The earliest time the world was rewound to after `generation` (nullopt:
  // no rewind since): records after it may have changed, those at or before
  // it have not. Instant{} when the rewinds are too old to remember.
  std::optional<Instant> rewound_since(std::uint64_t generation) const;
  // The connection that stands for a host in the lab: the newest one it made
  // (a listener's accepted child rather than the listener).
  std::optional<ConnRef> focus(std::size_t host) const;
  std::string host_name(std::size_t host) const;
  Duration time_wait() const;  // what TIME-WAIT lasts in the running world
  // How the page shows this session (panels, layout, language).
  const LabView& view() const { return view_; }

  // --- changing: panels append commands to a list, the app applies it once per frame ---
  void apply(std::vector<Command>& commands);
  // One input now, as an ApplyCmd does, and what it did (the API answers with it).
  ApplyResult apply_input(Action a);
  // Runs simulated time for `wall_seconds` of real time at the current speed.
  void advance(double wall_seconds);
  // A name not yet used in the world: "c", "c2", "c3"...
  std::string fresh_name(const std::string& base) const;
  // The fresh names the controls give: a listener "l" on the server ("lc" on
  // the client), an active open "c" from the client ("s" from the server).
  std::string listen_name(std::size_t host) const { return fresh_name(host == 1 ? "l" : "lc"); }
  std::string connect_name(std::size_t host) const { return fresh_name(host == 0 ? "c" : "s"); }
  // A shared run: further inputs (as World::inputs() logged them), replayed
  // at their steps while the clock runs to `until`, lesson checks included.
  void replay(std::vector<InputRecord> inputs, Instant until);

  void set_lessons(std::vector<Lesson> lessons) { lessons_ = std::move(lessons); }
  // Lessons: every *.scenario file in `dir`, by name, sorted. Returns the errors of files that did not parse.
  std::vector<std::string> load_lessons(const std::string& dir);
  void set_view(const LabView& view) { view_ = view; }
  // Replaces the world with one built in code (the benchmark's long trace).
  void adopt(World w);

 private:
  void rebuild();
  ApplyResult perform_input(Action a);  // apply_input without settle()
  void start_lesson(Lesson lesson, std::optional<std::size_t> index, std::optional<std::uint64_t> seed);
  void forget_lesson();
  // Every movement of the clock goes through here: it stops at the lesson's
  // timed expectations and at its end to check them, as run_scenario() does.
  void run_to(Instant target, bool stop_at_end = false);
  void check_due();
  bool end_reached() const;
  void settle();  // records the results once the lesson has ended
  std::optional<Instant> next_check() const;
  Instant end_bound() const;

  LabSetup setup_;
  LabView view_;
  std::optional<World> world_;
  std::vector<Lesson> lessons_;
  std::optional<std::size_t> loaded_;
  bool playing_ = true;
  double speed_ = 1.0;
  Instant horizon_{};
  std::uint64_t generation_ = 0;
  std::uint64_t world_serial_ = 0;
  // The lesson, its timed expectations by time, what each showed when the
  // clock got there (by expectation index), and the results once it ended.
  std::optional<Lesson> lesson_;
  std::size_t lesson_inputs_ = 0;
  std::vector<std::pair<Instant, std::size_t>> timed_;
  std::vector<std::optional<ExpectationResult>> checked_;
  std::optional<std::vector<ExpectationResult>> results_;
  Instant ended_at_{};
  // Recent rewinds, (generation after it, time), for rewound_since().
  std::vector<std::pair<std::uint64_t, Instant>> rewinds_;
};

// The world config the lab builds for a setup: hosts "client" 10.0.0.1 and "server" 10.0.0.2.
WorldConfig world_config(const LabSetup& s);
// A scenario file's text as the lesson `name`, or where it does not parse;
// errors read FILE:LINE:COL, FILE being `file` or else `name`.
Result<Lesson, ParseError> parse_lesson(const std::string& name, const std::string& text, const std::string& file = "");
// The same, nullopt with the error's text when it does not parse.
std::optional<Lesson> make_lesson(const std::string& name, const std::string& text, std::string* error = nullptr,
                                  const std::string& file = "");

}  // namespace tcplab
