// The English of each ParamReason (lab_params.h): what the API, the CLI and
// their tests have always read, byte for byte. The page's string table has
// the same templates in English and Chinese (Str::Reason*), and a test
// checks the two English texts are the same.
#include <iterator>

#include "core/lab/lab_params.h"

namespace tcplab {

namespace {

using R = ParamReason;

struct ReasonText {
  ParamReason reason;
  std::string_view english;
};

constexpr ReasonText kReasons[] = {
    {R::Other, "{0}"},
    {R::Flag, "expected on or off (also true/false, 1/0)"},
    {R::Duration, "expected a duration such as 10ms, 1.5s, 250us or 2min"},
    {R::DurationAtMost, "expected a duration such as 10ms, 1.5s, 250us or 2min, at most {0}"},
    {R::Probability, "expected a probability such as 5% or 0.05"},
    {R::Bandwidth, "expected a bandwidth such as 10Mbps, 512kbps or 1Gbps, or unlimited"},
    {R::QueueLimit, "expected a queue limit in packets from {0} to {1}"},
    {R::Mtu, "expected an MTU in octets from {0} to {1}"},
    {R::Count, "expected a count from {0} to {1}"},
    {R::Octets, "expected a number of octets from {0} to {1}"},
    {R::LessonName, "expected a lesson name such as lost-syn"},
    {R::ScenarioTooLong, "expected a scenario of at most {0} octets (64 KiB), got {1}"},
    {R::ScenarioSyntax, "{0}:{1}: {2}"},
    {R::Language, "expected a language: {0}"},
    {R::Speed, "expected a speed from {0} to {1}, such as 2 or 0.5"},
    {R::Profile, "expected rfc9293 or linux"},
    {R::Msl, "expected a duration from {0} to 10min such as 5s, or real (the profile's own MSL)"},
    {R::Seed, "expected a seed: a whole number from 0 to {0}"},
    {R::Congestion, "expected tahoe, reno, newreno or cubic"},
    {R::Panels, "expected panel names separated by commas, from {0}"},
    {R::NoPanel, "expected at least one panel"},
    {R::Layout, "expected full or compact"},
    {R::Capture, "expected the address of a pcap or pcapng file on this site"},
    {R::Graph, "expected ladder or sequence"},
    {R::Sender, "expected client or server"},
    {R::Compare, "expected tahoe, reno, newreno, cubic or off"},
    {R::Time, "expected a time such as 2.5s, at most 60min"},
    {R::RunTooLong, "more than {0} inputs; a shared run holds at most {0}"},
    {R::RunEntry, "expected STEP@TIME ACTION such as 12@1.5s close c, got '{0}'"},
    {R::RunAt, "expected 'at' a duration such as 10ms, 1.5s, 250us or 2min and an action"},
    {R::RunTooLate, "later than {0}, the longest a shared run may last"},
    {R::RunOrder, "comes before entry {0} (inputs are in the order they were given)"},
    {R::RunAction, "{0}"},
    {R::RunOctets, "the run sends more than {0} octets, the most a shared run may send"},
    {R::DidYouMean, "did you mean '{0}'?"},
    {R::LessonAndScenario, "ignored: give 'lesson' or 'scenario', not both"},
    {R::IgnoredForLesson, "ignored: the lesson '{0}' sets up its own hosts, profile and link"},
    {R::IgnoredForScenario, "ignored: the scenario sets up its own hosts, profile and link"},
    {R::NoLessons, "no lessons are loaded"},
    {R::NoSuchLesson, "no such lesson; available: {0}"},
    {R::RunBeforeLesson, "given before the lesson's own start (step {0}); replayed there"},
    {R::RunBeforeWorld, "given before the world's own start (step {0}); replayed there"},
};
constexpr bool in_enum_order() {
  for (std::size_t i = 0; i < std::size(kReasons); ++i)
    if (static_cast<std::size_t>(kReasons[i].reason) != i) return false;
  return std::size(kReasons) == kParamReasonCount;
}
static_assert(in_enum_order(), "every reason has its English, in the enum's order");

}  // namespace

std::string_view param_reason_english(ParamReason r) {
  return kReasons[static_cast<std::size_t>(r)].english;
}

}  // namespace tcplab
