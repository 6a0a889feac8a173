#include "core/base/text_template.h"

namespace tcplab {

std::string fill_template(std::string_view templ, std::span<const std::string_view> args) {
  std::string out;
  out.reserve(templ.size() + 32);
  for (std::size_t i = 0; i < templ.size(); ++i) {
    // A single digit is enough for every template.
    if (templ[i] == '{' && i + 2 < templ.size() && templ[i + 2] == '}' && templ[i + 1] >= '0' && templ[i + 1] <= '9') {
      const auto n = static_cast<std::size_t>(templ[i + 1] - '0');
      if (n < args.size()) out += args[n];
      i += 2;
      continue;
    }
    out += templ[i];
  }
  return out;
}

}  // namespace tcplab
