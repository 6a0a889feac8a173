// tcplab decode HEX: decode an IPv4 + TCP packet (as copied from Wireshark's
// "Copy as Hex Stream" or a hex dump) and say what is in it, or what is wrong.
#include <cctype>
#include <cstdio>
#include <string>
#include <vector>

#include "commands.h"
#include "core/wire/wire.h"

namespace tcplab::cli {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

}  // namespace

int cmd_decode(std::span<char* const> args) {
  if (args.empty()) {
    std::fputs("tcplab decode: give the packet as hex, e.g. tcplab decode 4500003c...\n", stderr);
    return 2;
  }
  // Accept the hex in one or several arguments, with spaces, colons or a 0x prefix.
  std::string hex;
  for (char* const arg : args) hex += arg;
  std::vector<std::uint8_t> bytes;
  int high = -1;
  for (std::size_t i = 0; i < hex.size(); ++i) {
    const char c = hex[i];
    if (c == ' ' || c == ':' || c == '\n' || c == '\t') continue;
    if (c == '0' && i + 1 < hex.size() && (hex[i + 1] == 'x' || hex[i + 1] == 'X') && high < 0) {
      ++i;
      continue;
    }
    const int v = hex_value(c);
    if (v < 0) {
      std::fprintf(stderr, "tcplab decode: '%c' at character %zu is not a hex digit\n", c, i + 1);
      return 2;
    }
    if (high < 0) {
      high = v;
    } else {
      bytes.push_back(static_cast<std::uint8_t>(high << 4 | v));
      high = -1;
    }
  }
  if (high >= 0) {
    std::fputs("tcplab decode: odd number of hex digits (the last byte is half there)\n", stderr);
    return 2;
  }
  const auto decoded = decode(bytes);
  if (!decoded) {
    const DecodeError& e = decoded.error();
    const std::string kind(kind_name(e.kind));
    std::fprintf(stderr, "tcplab decode: %s at byte %zu: %s\n", kind.c_str(), e.offset, e.detail.c_str());
    return 1;
  }
  const Segment& s = decoded.value();
  std::printf("%s > %s  %s\n", endpoint_text(s.source()).c_str(), endpoint_text(s.destination()).c_str(),
              describe(s).c_str());
  return 0;
}

}  // namespace tcplab::cli
