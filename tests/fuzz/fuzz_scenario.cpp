// The scenario parser on arbitrary text; what parses is also run for a
// bounded number of steps, so parsed-but-odd values reach the World too.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/scenario/scenario.h"
#include "core/sim/world.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto sc = tcplab::parse_scenario(text, "fuzz.scenario");
  if (!sc) {
    (void)sc.error().text();
    return 0;
  }
  tcplab::WorldConfig config = sc.value().world;
  config.record_bytes = false;
  // A fuzzed link may be slow enough to make a step cheap but an hour long.
  tcplab::World world(config);
  for (const tcplab::TimedAction& a : sc.value().actions) world.schedule(a.t, a.action);
  for (int i = 0; i < 2000 && world.step(); ++i) {
  }
  return 0;
}
