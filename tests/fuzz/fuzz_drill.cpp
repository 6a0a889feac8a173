// The packetdrill-script parser on arbitrary text.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/drill/drill_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto script = tcplab::drill::parse_script(text);
  if (!script) (void)tcplab::drill::format_error("fuzz.pkt", script.error());
  return 0;
}
