// The repository's capture files for the tests: read whole, and opened as
// the page opens them.
#pragma once
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "core/capture/replay.h"

namespace tcplab {

// A file of the source tree, `path` relative to its root.
inline std::vector<std::uint8_t> read_source_file(const std::string& path) {
  std::ifstream in(std::string(TCPLAB_SOURCE_DIR) + "/" + path, std::ios::binary);
  REQUIRE(in);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A capture of tests/data/captures (the real Linux ones, make_captures.sh there).
inline CaptureSession open_capture(const std::string& name) {
  auto s = CaptureSession::open(read_source_file("tests/data/captures/" + name));
  REQUIRE(s.ok());
  return std::move(s).value();
}

}  // namespace tcplab
