// A ZIP archive of stored (uncompressed) files, enough for a SCORM package:
// the LMS unpacks it, and the lab inside is already one compact HTML file.
// PKWARE APPNOTE 6.3: local headers, then the central directory. Times are
// 1980-01-01 00:00 so the same inputs give the same bytes.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace tcplab::cli {

class ZipWriter {
 public:
  void add(const std::string& name, const std::string& bytes);
  std::vector<std::uint8_t> finish() const;
  const std::vector<std::string>& names() const { return names_; }

 private:
  std::vector<std::uint8_t> out_;      // local headers and data so far
  std::vector<std::uint8_t> central_;  // central directory entries
  std::vector<std::string> names_;
};

std::uint32_t crc32(const std::string& bytes);

}  // namespace tcplab::cli
