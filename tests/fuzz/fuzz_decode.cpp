// Segment decoding on arbitrary bytes: never reads past the span (ASan
// checks), and whatever decodes survives encode -> decode unchanged.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "core/wire/wire.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto seg = tcplab::decode(std::span<const std::uint8_t>(data, size));
  if (!seg) {
    (void)tcplab::kind_name(seg.error().kind);
    return 0;
  }
  (void)tcplab::describe(seg.value());
  const auto again = tcplab::decode(tcplab::encode(seg.value()));
  if (!again || !(again.value() == seg.value())) std::abort();  // encode lost or changed a field
  return 0;
}
