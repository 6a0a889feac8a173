// The URL parameter parser on arbitrary query strings. What parses without
// an error also starts a session, and the session's share link must be
// stable: it parses without errors and rebuilds the same world (same trace
// digest, same clock), whose own share link is the same text again.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <string_view>

#include "core/lab/lab_params.h"
#include "core/scenario/scenario_runner.h"
#include "core/sim/trace_export.h"

namespace {

using namespace tcplab;

const std::vector<Lesson>& lessons() {
  static const std::vector<Lesson> p = [] {
    LabSession s;
    (void)s.load_lessons(TCPLAB_SOURCE_DIR "/scenarios");
    return s.lessons();
  }();
  return p;
}

void require(bool ok, const char* what, std::string_view query) {
  if (ok) return;
  std::fprintf(stderr, "url_params: %s\nquery: %.*s\n", what, static_cast<int>(query.size()), query.data());
  std::abort();
}

std::string digest(const LabSession& s) { return trace_digest(s.world().trace(), host_names(s.world())); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view query(reinterpret_cast<const char*>(data), size);
  const ParsedParams parsed = parse_query(query);
  for (const ParamError& e : parsed.errors) (void)e.text();
  if (!parsed.errors.empty()) return 0;
  // Keep each input quick: a small run and a short clock (the parser's own
  // limits, an hour and 16 MiB, are checked by the tests).
  LabParams p = parsed.params;
  std::size_t octets = 0;
  for (const InputRecord& in : p.run) {
    if (const auto* send = std::get_if<SendAction>(&in.action)) octets += send->data.size();
    if (const auto* inj = std::get_if<InjectAction>(&in.action)) octets += inj->payload.size();
  }
  if (p.run.size() > 50 || octets > 100'000) return 0;
  if (p.until && *p.until > Instant{std::chrono::minutes(2)}) p.until = Instant{std::chrono::minutes(2)};
  for (const InputRecord& in : p.run)
    if (in.t > Instant{std::chrono::minutes(2)}) return 0;

  LabSession first;
  first.set_lessons(lessons());
  (void)start_session(first, p);
  const std::string shared = share_query(first, p);
  const ParsedParams again = parse_query(shared);
  require(again.errors.empty(), "the share link does not parse", shared);
  LabSession second;
  second.set_lessons(lessons());
  (void)start_session(second, again.params);
  require(second.world().now() == first.world().now(), "the share link's clock differs", shared);
  require(digest(second) == digest(first), "the share link rebuilds another world", shared);
  require(share_query(second, again.params) == shared, "the share link of the share link differs", shared);
  return 0;
}
