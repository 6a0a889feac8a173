// Questions at checkpoints (`ask` in a scenario, docs/scenario-format.md):
// where each one stops the clock and what its right answer is, both read
// from a run of the scenario itself, never written down by the teacher, so a
// lesson whose link or profile changes asks the same question and expects
// the answer the new run gives. Then grading a learner's response.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/scenario/scenario.h"
#include "core/tcp/timers.h"
#include "core/sim/world.h"

namespace tcplab {

// A timer as a timer question's choices and answer name it, in parts.
struct TimerAnswer {
  TimerKind kind = TimerKind::Retransmit;
  Duration duration{};
};

// What happened at a checkpoint, in parts, so the page and the API word it
// in the learner's language (`Checkpoint::seen` is core's English line).
struct SeenParts {
  enum class Kind : std::uint8_t { None, Segment, State, Timer };
  Kind kind = Kind::None;
  std::string from, to;          // Segment: sending and receiving host; State, Timer: `from` is the connection
  std::string flags;             // Segment: "SYN,ACK"
  std::uint32_t segment = 0;     // Segment: its trace id
  State from_state = State::Closed, to_state = State::Closed;  // State
  TimerAnswer timer;             // Timer
  Instant t{};
};

struct Checkpoint {
  bool found = false;      // false: the run has no such event after `after`
  Instant event_t{};       // when the asked-about event happens
  Instant pause{};         // where the lab stops to ask: just before it
  std::string answer;      // "SYN,ACK", "1001", "lost", "ESTABLISHED", "retransmission 1s"
  std::vector<std::string> choices;  // multiple choice (flags, fate, timer); empty for state and numbers
  // seq/ack: the ISN a relative answer counts from (the learner may give either).
  std::optional<std::uint32_t> relative_base;
  std::optional<Rule> rule;            // the rule behind the event, for the feedback
  std::optional<std::uint32_t> segment;  // the segment asked about
  std::string seen;        // what happened, in a line: "server->client SYN,ACK #2 at 10.000ms"
  SeenParts seen_parts;    // the same, in parts
  // Timer questions: the choices and the answer in parts (choices[i] is timer_choices[i]).
  std::vector<TimerAnswer> timer_choices;
  std::optional<TimerAnswer> timer_answer;
};

// The checkpoint of `q` in a world that has run (to its end, or at least past it).
Checkpoint find_checkpoint(const World& run, const Question& q);
// Every question's checkpoint, from one run of the scenario (`seed` as run_scenario's).
std::vector<Checkpoint> find_checkpoints(const Scenario& sc, std::optional<std::uint64_t> seed = std::nullopt);

// Whether a learner's response is the checkpoint's answer: flags in any
// order and case ("ack,syn"), states with '_' or '-', numbers absolute or
// relative to the ISN, a timer by its kind and duration as the choices write it.
bool answer_is_right(const Question& q, const Checkpoint& c, std::string_view response);

// Points for a right answer after `attempts` tries (the right one included):
// 1, then 0.5, then 0.25; a revealed answer gets none.
double question_points(int attempts, bool right);

// The question as the API and the course records word it (the page words
// it through its string table): the teacher's prompt, else one for `what`.
std::string question_prompt(const Question& q, const std::vector<std::string>& host_names);

}  // namespace tcplab
