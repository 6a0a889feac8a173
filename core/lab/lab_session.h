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

#include "core/lab/lab_capture.h"
#include "core/scenario/question.h"
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
  // "capture=URL": a capture on the page's own site, opened at the start
  // (the browser fetches it, same origin only: web/main.cpp).
  std::string capture_url;
  // "ask=on": a lesson's questions stop the learner's clock (play, step) and
  // wait for a response. Off in the API and the tests, whose lessons run
  // through; the page turns it on unless the learner (localStorage) or the
  // address ("ask=off", a lesson shown as a demonstration) says otherwise.
  bool ask = false;
  // "guide=off": no guided lesson on a first visit (the page decides what a first visit is).
  bool guide = true;
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
// The page's language ("en", "zh-CN"; one of lab_params.h's kLanguages): the time bar's switch.
struct LanguageCmd { std::string lang; };
// An open capture's stream to replay (lab_capture.h), and closing the capture.
struct SelectStreamCmd { std::size_t index; };
struct CloseCaptureCmd {};
// The question the clock stopped at: a response, a hint, or the answer given up on.
struct AnswerCmd { std::string response; };
struct HintCmd {};
// Run the clock as the learner's play does, to the next question (or guided moment), and stop there.
struct RunToQuestionCmd {};
struct RevealCmd {};
// Play the moment a question was about again: back to its pause, on past its event.
struct ReplayMomentCmd { std::size_t question; };
// A guided lesson's step that waits for Next (or leaving the guide).
struct GuideNextCmd {};
struct GuideCloseCmd {};
using Command = std::variant<ApplyCmd, PlayCmd, StepCmd, SpeedCmd, RewindCmd, ResetCmd, LoadLessonCmd,
                             LoadScenarioCmd, RunUntilCmd, RunToEndCmd, LanguageCmd, SelectStreamCmd, CloseCaptureCmd,
                             AnswerCmd, HintCmd, RevealCmd, RunToQuestionCmd, ReplayMomentCmd, GuideNextCmd, GuideCloseCmd>;

// How the learner is doing with one of the lesson's questions.
struct QuestionProgress {
  int attempts = 0;         // responses given
  bool right = false;       // the last response was the answer
  bool revealed = false;    // the learner gave up and was shown the answer
  int hints = 0;            // hints shown
  double points = 0;        // question_points()
  std::string last_response;
  bool settled() const { return right || revealed; }
};

// Something the course records: a response to a question, or the lesson
// completed with its score. LabApi::take_events reports them in order.
struct CourseEvent {
  enum class Kind : std::uint8_t { Answered, Completed } kind = Kind::Answered;
  std::size_t question = 0;
  std::string response;
  bool right = false, revealed = false;
  int attempts = 0;
  double points = 0;
  double score = 0;      // Completed: points over questions, 0..1
  std::string lesson;    // the lesson's name
  Instant t{};
};

// The lesson's score so far: points over its questions.
struct LessonScore {
  double points = 0;
  std::size_t questions = 0, settled = 0;
  double scaled() const { return questions ? points / static_cast<double>(questions) : 1.0; }
  int percent() const { return static_cast<int>(scaled() * 100 + 0.5); }
};

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
  // Bumped whenever what the views show starts over: the world replaced or
  // rewound, or a capture opened, selected or closed (segment ids there are frame numbers).
  std::uint64_t shown_serial() const { return generation_ * 1000003u + capture_.serial(); }
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

  // --- questions (`ask`) and guided steps (`step`) of the lesson ---
  // Each question's checkpoint, computed from a run of the lesson when it loads.
  const std::vector<Checkpoint>& checkpoints() const { return checkpoints_; }
  const std::vector<QuestionProgress>& question_progress() const { return progress_; }
  // The question the clock stopped at, waiting for a response.
  std::optional<std::size_t> asking() const { return asking_; }
  // The last question answered or given up on (the page shows its feedback).
  std::optional<std::size_t> last_answered() const { return last_answered_; }
  LessonScore score() const;
  // Every response and the completion, in order (LabApi reads on from its cursor).
  const std::vector<CourseEvent>& course_events() const { return course_events_; }
  // The guided step showing, if the lesson has steps and the guide is open.
  std::optional<std::size_t> guide_step() const { return guide_step_; }
  // A response to the question asked now: whether it was right (nullopt when none is asked).
  std::optional<bool> answer(std::string_view response);
  // The next hint of the question asked now (the last one again once all are shown),
  // in the view's language where the lesson gives it.
  std::optional<std::string> hint();
  // Gives up on the question asked now: its answer (the clock stays stopped until play).
  std::optional<std::string> reveal();

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
  // The same from texts already in memory (the page builds its lessons into
  // the wasm rather than a file system: issue 18, page weight and start).
  struct LessonSource {
    std::string file;  // "handshake.scenario": the lesson's name is the part before ".scenario"
    std::string_view text;
  };
  std::vector<std::string> load_lessons(std::vector<LessonSource> sources);
  void set_view(const LabView& view) { view_ = view; }
  // Replaces the world with one built in code (the benchmark's long trace).
  void adopt(World w);

  // --- a real capture opened in the lab (issue 17); the world stays as it was behind it ---
  LabCapture& capture() { return capture_; }
  const LabCapture& capture() const { return capture_; }

 private:
  void rebuild();
  ApplyResult perform_input(Action a);  // apply_input without settle()
  void start_lesson(Lesson lesson, std::optional<std::size_t> index, std::optional<std::uint64_t> seed);
  void forget_lesson();
  // Every movement of the clock goes through here: it stops at the lesson's
  // timed expectations and at its end to check them, as run_scenario() does.
  // `ask`: the clock runs for the learner (play, step), so it stops at the
  // lesson's questions and guided moments; a script's runUntil passes them.
  void run_to(Instant target, bool stop_at_end = false, bool ask = false);
  void rewind_to(Instant t);
  void check_due();
  bool end_reached() const;
  void settle();  // records the results once the lesson has ended
  std::optional<Instant> next_check() const;
  Instant end_bound() const;
  // Questions and guided steps (lab_questions.cpp).
  void start_questions();
  std::optional<Instant> next_stop() const;  // the next unanswered question's pause or step moment
  bool stop_here();                           // at a question's pause or a step's moment: stop the clock
  void follow_guide();                        // a step waiting for an action the learner just did
  void guide_next();                          // the step is done: the next one (or the end)
  void settle_question(std::size_t i);
  void complete_if_done();

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
  // The lesson's questions: checkpoints, progress, the one asked now, the
  // course's record; the guided step showing and the inputs before it began.
  std::vector<Checkpoint> checkpoints_;
  std::vector<QuestionProgress> progress_;
  std::optional<std::size_t> asking_, last_answered_;
  std::vector<CourseEvent> course_events_;
  bool completed_ = false;
  std::optional<std::size_t> guide_step_;
  std::size_t guide_inputs_ = 0;
  // Recent rewinds, (generation after it, time), for rewound_since().
  std::vector<std::pair<std::uint64_t, Instant>> rewinds_;
  LabCapture capture_;
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
