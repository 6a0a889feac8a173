#include "zip_writer.h"

#include <array>

namespace tcplab::cli {

namespace {

void put16(std::vector<std::uint8_t>& v, std::uint32_t x) {
  v.push_back(static_cast<std::uint8_t>(x));
  v.push_back(static_cast<std::uint8_t>(x >> 8));
}
void put32(std::vector<std::uint8_t>& v, std::uint32_t x) {
  put16(v, x & 0xffff);
  put16(v, x >> 16);
}

constexpr std::uint32_t kDosDate = (0 << 9) | (1 << 5) | 1;  // 1980-01-01

}  // namespace

std::uint32_t crc32(const std::string& bytes) {
  static const std::array<std::uint32_t, 256> table = [] {
    std::array<std::uint32_t, 256> t{};
    for (std::uint32_t n = 0; n < 256; ++n) {
      std::uint32_t c = n;
      for (int k = 0; k < 8; ++k) c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
      t[n] = c;
    }
    return t;
  }();
  std::uint32_t c = 0xffffffffu;
  for (const char ch : bytes) c = table[(c ^ static_cast<std::uint8_t>(ch)) & 0xff] ^ (c >> 8);
  return c ^ 0xffffffffu;
}

void ZipWriter::add(const std::string& name, const std::string& bytes) {
  const std::uint32_t crc = crc32(bytes);
  const auto size = static_cast<std::uint32_t>(bytes.size());
  const auto offset = static_cast<std::uint32_t>(out_.size());
  // Local file header.
  put32(out_, 0x04034b50);
  put16(out_, 20);  // version needed: 2.0
  put16(out_, 0x0800);  // UTF-8 names
  put16(out_, 0);   // stored
  put16(out_, 0);   // time
  put16(out_, kDosDate);
  put32(out_, crc);
  put32(out_, size);
  put32(out_, size);
  put16(out_, static_cast<std::uint32_t>(name.size()));
  put16(out_, 0);
  out_.insert(out_.end(), name.begin(), name.end());
  out_.insert(out_.end(), bytes.begin(), bytes.end());
  // Its central directory entry.
  put32(central_, 0x02014b50);
  put16(central_, 20);  // made by
  put16(central_, 20);
  put16(central_, 0x0800);
  put16(central_, 0);
  put16(central_, 0);
  put16(central_, kDosDate);
  put32(central_, crc);
  put32(central_, size);
  put32(central_, size);
  put16(central_, static_cast<std::uint32_t>(name.size()));
  put16(central_, 0);  // extra
  put16(central_, 0);  // comment
  put16(central_, 0);  // disk
  put16(central_, 0);  // internal attributes
  put32(central_, 0);  // external attributes
  put32(central_, offset);
  central_.insert(central_.end(), name.begin(), name.end());
  names_.push_back(name);
}

std::vector<std::uint8_t> ZipWriter::finish() const {
  std::vector<std::uint8_t> zip = out_;
  zip.insert(zip.end(), central_.begin(), central_.end());
  put32(zip, 0x06054b50);  // end of central directory
  put16(zip, 0);
  put16(zip, 0);
  put16(zip, static_cast<std::uint32_t>(names_.size()));
  put16(zip, static_cast<std::uint32_t>(names_.size()));
  put32(zip, static_cast<std::uint32_t>(central_.size()));
  put32(zip, static_cast<std::uint32_t>(out_.size()));
  put16(zip, 0);
  return zip;
}

}  // namespace tcplab::cli
