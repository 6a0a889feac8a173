#include <catch2/catch.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/wire/wire.h"

using namespace tcplab;

// Expected packets, byte for byte. They were NOT produced by encode(): a
// separate throwaway script laid out each header and computed the RFC 1071
// checksums on its own, wrote the packets to a LINKTYPE_RAW (101) pcap, and
// `tshark -r file.pcap -o tcp.check_checksum:TRUE -o ip.check_checksum:TRUE -V`
// (Wireshark 4.0.17) reported every IPv4 header checksum and every TCP
// checksum "[correct]" and no packet malformed; `tshark -T fields` read back
// the header fields and options noted beside each array (raw sequence
// numbers). Only then were the arrays copied here.
//
// Client 10.0.0.1:40000, server 10.0.0.2:80; DF set, no IP options.
namespace {

using Bytes = std::vector<std::uint8_t>;

constexpr Ipv4 kClientIp = 0x0A000001;
constexpr Ipv4 kServerIp = 0x0A000002;
constexpr std::uint16_t kClientPort = 40000;
constexpr std::uint16_t kServerPort = 80;

// kWireSynMssOnly, 44 bytes; tshark fields: SYN seq 1000 win 65535 mss 1460
constexpr std::array<std::uint8_t, 44> kWireSynMssOnly{
    0x45, 0x00, 0x00, 0x2c, 0x00, 0x01, 0x40, 0x00, 0x40, 0x06, 0x26, 0xc9,
    0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02, 0x9c, 0x40, 0x00, 0x50,
    0x00, 0x00, 0x03, 0xe8, 0x00, 0x00, 0x00, 0x00, 0x60, 0x02, 0xff, 0xff,
    0xe3, 0xab, 0x00, 0x00, 0x02, 0x04, 0x05, 0xb4,
};
// kWireSynLinux, 60 bytes; tshark fields: SYN seq 305419896 win 64240 mss 1460 SACK_PERM TSval 1 TSecr 0 shift 7
constexpr std::array<std::uint8_t, 60> kWireSynLinux{
    0x45, 0x00, 0x00, 0x3c, 0x1c, 0x46, 0x40, 0x00, 0x40, 0x06, 0x0a, 0x74,
    0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02, 0x9c, 0x40, 0x00, 0x50,
    0x12, 0x34, 0x56, 0x78, 0x00, 0x00, 0x00, 0x00, 0xa0, 0x02, 0xfa, 0xf0,
    0x33, 0xcf, 0x00, 0x00, 0x02, 0x04, 0x05, 0xb4, 0x04, 0x02, 0x08, 0x0a,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x01, 0x03, 0x03, 0x07,
};
// kWireSynAck, 60 bytes; tshark fields: SYN,ACK seq 5000 ack 305419897 win 65160 mss 1460 SACK_PERM TSval 200 TSecr 1 shift 7
constexpr std::array<std::uint8_t, 60> kWireSynAck{
    0x45, 0x00, 0x00, 0x3c, 0x00, 0x00, 0x40, 0x00, 0x40, 0x06, 0x26, 0xba,
    0x0a, 0x00, 0x00, 0x02, 0x0a, 0x00, 0x00, 0x01, 0x00, 0x50, 0x9c, 0x40,
    0x00, 0x00, 0x13, 0x88, 0x12, 0x34, 0x56, 0x79, 0xa0, 0x12, 0xfe, 0x88,
    0x1b, 0xd6, 0x00, 0x00, 0x02, 0x04, 0x05, 0xb4, 0x04, 0x02, 0x08, 0x0a,
    0x00, 0x00, 0x00, 0xc8, 0x00, 0x00, 0x00, 0x01, 0x01, 0x03, 0x03, 0x07,
};
// kWirePureAck, 40 bytes; tshark fields: ACK seq 305419897 ack 5001 win 502 len 0
constexpr std::array<std::uint8_t, 40> kWirePureAck{
    0x45, 0x00, 0x00, 0x28, 0x1c, 0x47, 0x40, 0x00, 0x40, 0x06, 0x0a, 0x87,
    0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02, 0x9c, 0x40, 0x00, 0x50,
    0x12, 0x34, 0x56, 0x79, 0x00, 0x00, 0x13, 0x89, 0x50, 0x10, 0x01, 0xf6,
    0x81, 0x15, 0x00, 0x00,
};
// kWirePshAckHello, 45 bytes; tshark fields: PSH,ACK seq 305419897 ack 5001 win 502 len 5
constexpr std::array<std::uint8_t, 45> kWirePshAckHello{
    0x45, 0x00, 0x00, 0x2d, 0x1c, 0x48, 0x40, 0x00, 0x40, 0x06, 0x0a, 0x81,
    0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02, 0x9c, 0x40, 0x00, 0x50,
    0x12, 0x34, 0x56, 0x79, 0x00, 0x00, 0x13, 0x89, 0x50, 0x18, 0x01, 0xf6,
    0x3d, 0x36, 0x00, 0x00, 0x68, 0x65, 0x6c, 0x6c, 0x6f,
};
// kWireFinAck, 52 bytes; tshark fields: FIN,ACK seq 5001 ack 305419902 win 509 TSval 210 TSecr 11
constexpr std::array<std::uint8_t, 52> kWireFinAck{
    0x45, 0x00, 0x00, 0x34, 0x00, 0x02, 0x40, 0x00, 0x3f, 0x06, 0x27, 0xc0,
    0x0a, 0x00, 0x00, 0x02, 0x0a, 0x00, 0x00, 0x01, 0x00, 0x50, 0x9c, 0x40,
    0x00, 0x00, 0x13, 0x89, 0x12, 0x34, 0x56, 0x7e, 0x80, 0x11, 0x01, 0xfd,
    0x47, 0x14, 0x00, 0x00, 0x01, 0x01, 0x08, 0x0a, 0x00, 0x00, 0x00, 0xd2,
    0x00, 0x00, 0x00, 0x0b,
};
// kWireRst, 40 bytes; tshark fields: RST seq 305419902 win 0
constexpr std::array<std::uint8_t, 40> kWireRst{
    0x45, 0x00, 0x00, 0x28, 0x00, 0x00, 0x40, 0x00, 0x40, 0x06, 0x26, 0xce,
    0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02, 0x9c, 0x40, 0x00, 0x50,
    0x12, 0x34, 0x56, 0x7e, 0x00, 0x00, 0x00, 0x00, 0x50, 0x04, 0x00, 0x00,
    0x96, 0x9b, 0x00, 0x00,
};
// kWireAckTwoSack, 60 bytes; tshark fields: ACK seq 5002 ack 4294967040 win 1024 SACK 4294967168-16, 256-512
constexpr std::array<std::uint8_t, 60> kWireAckTwoSack{
    0x45, 0x00, 0x00, 0x3c, 0x00, 0x03, 0x40, 0x00, 0x40, 0x06, 0x26, 0xb7,
    0x0a, 0x00, 0x00, 0x02, 0x0a, 0x00, 0x00, 0x01, 0x00, 0x50, 0x9c, 0x40,
    0x00, 0x00, 0x13, 0x8a, 0xff, 0xff, 0xff, 0x00, 0xa0, 0x10, 0x04, 0x00,
    0x8f, 0xfe, 0x00, 0x00, 0x01, 0x01, 0x05, 0x12, 0xff, 0xff, 0xff, 0x80,
    0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02, 0x00,
};

// The segments the arrays above encode.
Segment syn_mss_only() {
  return {.src_addr = kClientIp, .dst_addr = kServerIp, .src_port = kClientPort,
          .dst_port = kServerPort, .seq = SeqNum(1000), .flags = kSyn, .window = 65535,
          .options = {.mss = 1460}, .ip_id = 1};
}
Segment syn_linux() {
  return {.src_addr = kClientIp, .dst_addr = kServerIp, .src_port = kClientPort,
          .dst_port = kServerPort, .seq = SeqNum(0x12345678), .flags = kSyn, .window = 64240,
          .options = {.mss = 1460, .window_scale = 7, .sack_permitted = true,
                      .timestamps = Timestamps{.value = 1, .echo = 0}},
          .ip_id = 0x1C46};
}
Segment syn_ack() {
  return {.src_addr = kServerIp, .dst_addr = kClientIp, .src_port = kServerPort,
          .dst_port = kClientPort, .seq = SeqNum(5000), .ack = SeqNum(0x12345679),
          .flags = kSyn | kAck, .window = 65160,
          .options = {.mss = 1460, .window_scale = 7, .sack_permitted = true,
                      .timestamps = Timestamps{.value = 200, .echo = 1}},
          .ip_id = 0};
}
Segment pure_ack() {
  return {.src_addr = kClientIp, .dst_addr = kServerIp, .src_port = kClientPort,
          .dst_port = kServerPort, .seq = SeqNum(0x12345679), .ack = SeqNum(5001),
          .flags = kAck, .window = 502, .ip_id = 0x1C47};
}
Segment psh_ack_hello() {
  return {.src_addr = kClientIp, .dst_addr = kServerIp, .src_port = kClientPort,
          .dst_port = kServerPort, .seq = SeqNum(0x12345679), .ack = SeqNum(5001),
          .flags = kPsh | kAck, .window = 502, .payload = {'h', 'e', 'l', 'l', 'o'},
          .ip_id = 0x1C48};
}
Segment fin_ack() {
  return {.src_addr = kServerIp, .dst_addr = kClientIp, .src_port = kServerPort,
          .dst_port = kClientPort, .seq = SeqNum(5001), .ack = SeqNum(0x1234567E),
          .flags = kFin | kAck, .window = 509,
          .options = {.timestamps = Timestamps{.value = 210, .echo = 11}}, .ttl = 63, .ip_id = 2};
}
Segment rst() {
  return {.src_addr = kClientIp, .dst_addr = kServerIp, .src_port = kClientPort,
          .dst_port = kServerPort, .seq = SeqNum(0x1234567E), .flags = kRst, .window = 0,
          .ip_id = 0};
}
Segment ack_two_sack() {
  return {.src_addr = kServerIp, .dst_addr = kClientIp, .src_port = kServerPort,
          .dst_port = kClientPort, .seq = SeqNum(5002), .ack = SeqNum(0xFFFFFF00),
          .flags = kAck, .window = 1024,
          .options = {.sack_blocks = {{SeqNum(0xFFFFFF80), SeqNum(0x00000010)},
                                      {SeqNum(0x100), SeqNum(0x200)}}},
          .ip_id = 3};
}

template <std::size_t N>
Bytes bytes(const std::array<std::uint8_t, N>& a) {
  return Bytes(a.begin(), a.end());
}

struct Example {
  std::string name;
  Segment segment;
  Bytes wire;
};
std::vector<Example> examples() {
  return {
      {"SYN with MSS only", syn_mss_only(), bytes(kWireSynMssOnly)},
      {"SYN with mss,sackOK,TS,nop,wscale", syn_linux(), bytes(kWireSynLinux)},
      {"SYN,ACK", syn_ack(), bytes(kWireSynAck)},
      {"pure ACK", pure_ack(), bytes(kWirePureAck)},
      {"PSH,ACK with 5 bytes", psh_ack_hello(), bytes(kWirePshAckHello)},
      {"FIN,ACK with nop,nop,TS", fin_ack(), bytes(kWireFinAck)},
      {"RST", rst(), bytes(kWireRst)},
      {"ACK with two SACK blocks", ack_two_sack(), bytes(kWireAckTwoSack)},
  };
}

// After a test edits header fields on purpose, recompute both checksums so
// that decode reaches the field under test instead of stopping at a checksum.
// Assumes the packet's IP total length covers all its bytes.
void reseal(Bytes& p) {
  const std::size_t ihl = std::size_t{p[0] & 0x0Fu} * 4;
  p[10] = p[11] = 0;
  const std::uint16_t ip_sum = internet_checksum(std::span(p).first(ihl));
  p[10] = static_cast<std::uint8_t>(ip_sum >> 8);
  p[11] = static_cast<std::uint8_t>(ip_sum);
  const std::size_t tcp_len = p.size() - ihl;
  std::array<std::uint8_t, 12> pseudo{p[12], p[13], p[14], p[15], p[16], p[17], p[18], p[19],
                                      0, 6, static_cast<std::uint8_t>(tcp_len >> 8),
                                      static_cast<std::uint8_t>(tcp_len)};
  p[ihl + 16] = p[ihl + 17] = 0;
  // Chain the pseudo-header in as the initial sum: complement the
  // complement to get its one's-complement sum back.
  const auto pseudo_sum = static_cast<std::uint16_t>(~internet_checksum(pseudo));
  const std::uint16_t tcp_sum = internet_checksum(std::span(p).subspan(ihl), pseudo_sum);
  p[ihl + 16] = static_cast<std::uint8_t>(tcp_sum >> 8);
  p[ihl + 17] = static_cast<std::uint8_t>(tcp_sum);
}

DecodeError decode_error(const Bytes& p) {
  auto r = decode(p);
  REQUIRE_FALSE(r.ok());
  return r.error();
}

}  // namespace

TEST_CASE("internet_checksum is the RFC 1071 one's-complement sum", "[wire]") {
  // RFC 1071 §3's numerical example: the words sum to 0xddf2.
  const Bytes example{0x00, 0x01, 0xF2, 0x03, 0xF4, 0xF5, 0xF6, 0xF7};
  CHECK(internet_checksum(example) == static_cast<std::uint16_t>(~0xDDF2));
  SECTION("an initial sum continues an earlier one") {
    const Bytes first_half{0x00, 0x01, 0xF2, 0x03};
    CHECK(internet_checksum(first_half, 0xF4F5 + 0xF6F7) == static_cast<std::uint16_t>(~0xDDF2));
  }
  SECTION("an odd last byte is padded with zero on the right") {
    CHECK(internet_checksum(Bytes{0x01}) == 0xFEFF);
    CHECK(internet_checksum(Bytes{0x00, 0x01, 0xF2}) == static_cast<std::uint16_t>(~0xF201));
  }
  SECTION("a header that carries its checksum sums to zero") {
    CHECK(internet_checksum(std::span(kWireSynLinux).first(20)) == 0);
  }
}

TEST_CASE("encode writes byte-exact IPv4 + TCP packets", "[wire]") {
  for (const Example& e : examples()) {
    INFO(e.name);
    CHECK(encode(e.segment) == e.wire);
  }
}

TEST_CASE("decode reads the byte-exact packets back", "[wire]") {
  for (const Example& e : examples()) {
    INFO(e.name);
    auto r = decode(e.wire);
    REQUIRE(r.ok());
    CHECK(r.value() == e.segment);
  }
}

TEST_CASE("decode(encode(s)) == s", "[wire]") {
  const Segment base = pure_ack();
  auto [name, options] = GENERATE(table<std::string, TcpOptions>({
      {"no options", {}},
      {"SACK-permitted without timestamps", {.sack_permitted = true}},
      {"window scale alone", {.window_scale = 14}},
      {"MSS and window scale", {.mss = 536, .window_scale = 0}},
      {"timestamps with extreme values", {.timestamps = Timestamps{.value = 0xFFFFFFFF, .echo = 0x80000000}}},
      {"one SACK block", {.sack_blocks = {{SeqNum(1), SeqNum(2)}}}},
      {"four SACK blocks", {.sack_blocks = {{SeqNum(10), SeqNum(20)}, {SeqNum(30), SeqNum(40)},
                                            {SeqNum(50), SeqNum(60)}, {SeqNum(70), SeqNum(80)}}}},
      {"three SACK blocks and timestamps",
       {.sack_blocks = {{SeqNum(10), SeqNum(20)}, {SeqNum(30), SeqNum(40)}, {SeqNum(50), SeqNum(60)}},
        .timestamps = Timestamps{.value = 5, .echo = 6}}},
  }));
  INFO(name);
  Segment s = base;
  s.options = options;
  s.flags = kPsh | kAck | kUrg | kEce | kCwr;
  s.urgent = 3;
  s.ttl = 1;
  s.ip_id = 0xFFFF;
  s.payload = Bytes(1001);
  for (std::size_t i = 0; i < s.payload.size(); ++i) s.payload[i] = static_cast<std::uint8_t>(i * 31);
  const Bytes wire = encode(s);
  auto r = decode(wire);
  REQUIRE(r.ok());
  CHECK(r.value() == s);
}

TEST_CASE("encode cuts a payload the 16-bit total length cannot carry", "[wire]") {
  Segment s = pure_ack();
  s.payload = Bytes(70000, 0x5A);
  const Bytes wire = encode(s);
  CHECK(wire.size() == 65535);
  auto r = decode(wire);
  REQUIRE(r.ok());
  CHECK(r.value().payload == Bytes(65535 - 40, 0x5A));
}

TEST_CASE("encode never lets options overflow 40 bytes", "[wire]") {
  const std::vector<SackBlock> four{{SeqNum(10), SeqNum(20)}, {SeqNum(30), SeqNum(40)},
                                    {SeqNum(50), SeqNum(60)}, {SeqNum(70), SeqNum(80)}};
  // The last SACK blocks go first; RFC 2018 §4 wants the first block kept.
  auto [name, options, blocks_kept] = GENERATE_COPY(table<std::string, TcpOptions, std::size_t>({
      {"timestamps leave room for three blocks",
       {.sack_blocks = four, .timestamps = Timestamps{.value = 1, .echo = 2}}, 3},
      {"the full SYN option set leaves room for two",
       {.mss = 1460, .window_scale = 7, .sack_permitted = true, .sack_blocks = four,
        .timestamps = Timestamps{.value = 1, .echo = 2}}, 2},
      {"more than four blocks never fit",
       {.sack_blocks = {four[0], four[1], four[2], four[3], four[0]}}, 4},
  }));
  INFO(name);
  Segment s = pure_ack();
  s.options = options;
  const Bytes wire = encode(s);
  const std::size_t data_offset = static_cast<std::size_t>(wire[32] >> 4) * 4;
  CHECK(data_offset <= 60);
  CHECK(wire.size() == 20 + data_offset);
  auto r = decode(wire);
  REQUIRE(r.ok());
  const std::vector<SackBlock> expected(options.sack_blocks.begin(),
                                        options.sack_blocks.begin() + static_cast<std::ptrdiff_t>(blocks_kept));
  CHECK(r.value().options.sack_blocks == expected);
  CHECK(r.value().options.mss == options.mss);
  CHECK(r.value().options.timestamps == options.timestamps);
  CHECK(r.value().options.window_scale == options.window_scale);
}

TEST_CASE("decode of every truncation of a valid packet is Truncated", "[wire]") {
  for (const Example& e : examples()) {
    for (std::size_t len = 0; len < e.wire.size(); ++len) {
      INFO(e.name << ", first " << len << " bytes");
      // A copy of exactly `len` bytes, so the sanitizers see any read past it.
      const Bytes prefix(e.wire.begin(), e.wire.begin() + static_cast<std::ptrdiff_t>(len));
      const DecodeError err = decode_error(prefix);
      CHECK(err.kind == DecodeError::Kind::Truncated);
      CHECK(err.offset == len);
    }
  }
}

TEST_CASE("decode ignores link-layer padding past the IPv4 total length", "[wire]") {
  Bytes padded = bytes(kWirePureAck);
  padded.resize(60, 0);  // an Ethernet frame's minimum payload is 46 bytes; pads vary
  auto r = decode(padded);
  REQUIRE(r.ok());
  CHECK(r.value() == pure_ack());
}

TEST_CASE("decode notices every single-bit error", "[wire]") {
  const Bytes good = bytes(kWirePshAckHello);
  for (std::size_t bit = 0; bit < good.size() * 8; ++bit) {
    Bytes p = good;
    p[bit / 8] ^= static_cast<std::uint8_t>(1u << (bit % 8));
    INFO("bit " << bit);
    CHECK_FALSE(decode(p).ok());
  }
  SECTION("a flipped payload bit is a bad TCP checksum") {
    Bytes p = good;
    p[42] ^= 0x04;  // 'l' becomes 'h'
    const DecodeError err = decode_error(p);
    CHECK(err.kind == DecodeError::Kind::BadChecksum);
    CHECK(err.offset == 36);
    // tshark on this corrupted packet: "incorrect, should be 0x4136".
    CHECK(err.detail == "TCP checksum 0x3d36, expected 0x4136");
  }
  SECTION("a flipped TTL bit is a bad IP header checksum") {
    Bytes p = good;
    p[8] ^= 0x01;
    const DecodeError err = decode_error(p);
    CHECK(err.kind == DecodeError::Kind::BadIpChecksum);
    CHECK(err.offset == 10);
    // tshark on this corrupted packet: "incorrect, should be 0x0981".
    CHECK(err.detail == "IPv4 header checksum 0x0a81, expected 0x0981");
  }
}

TEST_CASE("decode rejects malformed IPv4 headers with the offending field", "[wire]") {
  using Kind = DecodeError::Kind;
  Bytes p = bytes(kWirePshAckHello);

  SECTION("version 6") {
    p[0] = 0x65;
    const DecodeError err = decode_error(p);
    CHECK(err.kind == Kind::BadIpVersion);
    CHECK(err.offset == 0);
    CHECK(err.detail == "IP version 6, expected 4");
  }
  SECTION("IHL below 5") {
    p[0] = 0x44;
    const DecodeError err = decode_error(p);
    CHECK(err.kind == Kind::BadIpHeaderLength);
    CHECK(err.offset == 0);
  }
  SECTION("IHL past the packet") {
    p[0] = 0x4F;  // 60 bytes of header in a 45-byte packet
    const DecodeError err = decode_error(p);
    CHECK(err.kind == Kind::BadIpHeaderLength);
    CHECK(err.offset == 0);
  }
  SECTION("total length shorter than the IP header") {
    p[2] = 0;
    p[3] = 19;
    reseal(p);
    const DecodeError err = decode_error(p);
    CHECK(err.kind == Kind::BadTotalLength);
    CHECK(err.offset == 2);
  }
  SECTION("total length too short for a TCP header") {
    p[2] = 0;
    p[3] = 30;
    reseal(p);
    const DecodeError err = decode_error(p);
    CHECK(err.kind == Kind::Truncated);
    CHECK(err.offset == 30);
  }
  SECTION("protocol 17 (UDP)") {
    p[9] = 17;
    reseal(p);
    const DecodeError err = decode_error(p);
    CHECK(err.kind == Kind::NotTcp);
    CHECK(err.offset == 9);
    CHECK(err.detail == "IP protocol 17, expected 6 (TCP)");
  }
  SECTION("more fragments") {
    p[6] = 0x20;  // MF, offset 0
    reseal(p);
    const DecodeError err = decode_error(p);
    CHECK(err.kind == Kind::Fragment);
    CHECK(err.offset == 6);
  }
  SECTION("a non-zero fragment offset") {
    p[6] = 0x40;  // DF
    p[7] = 0x01;  // offset 8 bytes
    reseal(p);
    const DecodeError err = decode_error(p);
    CHECK(err.kind == Kind::Fragment);
    CHECK(err.offset == 6);
    CHECK(err.detail == "IPv4 fragment (MF=0, offset 8 bytes); fragments are not reassembled");
  }
}

TEST_CASE("decode skips IPv4 options", "[wire]") {
  const Bytes plain = bytes(kWirePureAck);
  Bytes p(plain.begin(), plain.begin() + 20);
  p[0] = 0x46;  // IHL 6: one 4-byte word of options
  p[3] = static_cast<std::uint8_t>(plain.size() + 4);
  for (std::uint8_t b : {1, 1, 1, 0}) p.push_back(b);  // NOP NOP NOP EOL (RFC 791)
  p.insert(p.end(), plain.begin() + 20, plain.end());
  reseal(p);
  auto r = decode(p);
  REQUIRE(r.ok());
  CHECK(r.value() == pure_ack());
}

TEST_CASE("decode rejects a bad TCP data offset", "[wire]") {
  Bytes p = bytes(kWirePshAckHello);
  SECTION("below 5 words") {
    p[32] = 0x40;
    reseal(p);
    const DecodeError err = decode_error(p);
    CHECK(err.kind == DecodeError::Kind::BadDataOffset);
    CHECK(err.offset == 32);
  }
  SECTION("past the end of the segment") {
    p[32] = 0x70;  // 28 bytes of header in a 25-byte segment
    reseal(p);
    const DecodeError err = decode_error(p);
    CHECK(err.kind == DecodeError::Kind::BadDataOffset);
    CHECK(err.offset == 32);
    CHECK(err.detail == "TCP data offset 7 (28 bytes) runs past the 25-byte segment");
  }
}

TEST_CASE("decode walks TCP options by kind and length", "[wire]") {
  using Kind = DecodeError::Kind;
  // kWireSynMssOnly with its 4 option bytes (packet offsets 40..43) replaced.
  auto with_options = [](std::array<std::uint8_t, 4> opt) {
    Bytes p = bytes(kWireSynMssOnly);
    std::copy(opt.begin(), opt.end(), p.begin() + 40);
    reseal(p);
    return p;
  };

  SECTION("EOL ends the list; what follows is not read") {
    auto r = decode(with_options({0, 2, 0, 0}));
    REQUIRE(r.ok());
    CHECK(r.value().options == TcpOptions{});
  }
  SECTION("NOPs are skipped") {
    auto r = decode(with_options({1, 1, 1, 1}));
    REQUIRE(r.ok());
    CHECK(r.value().options == TcpOptions{});
  }
  SECTION("an unknown kind with a valid length is skipped") {
    auto r = decode(with_options({30, 4, 0xAB, 0xCD}));
    REQUIRE(r.ok());
    CHECK(r.value().options == TcpOptions{});
  }
  SECTION("SACK-permitted") {
    auto r = decode(with_options({1, 1, 4, 2}));
    REQUIRE(r.ok());
    CHECK(r.value().options == TcpOptions{.sack_permitted = true});
  }

  struct Bad {
    std::array<std::uint8_t, 4> options;
    std::size_t offset;
    std::string detail;
  };
  auto bad = GENERATE(values<Bad>({
      {{2, 0, 0, 0}, 41, "option kind 2 length 0 is below the minimum of 2"},
      {{30, 1, 0, 0}, 41, "option kind 30 length 1 is below the minimum of 2"},
      {{2, 3, 5, 0}, 41, "MSS option length 3, expected 4"},
      {{2, 5, 5, 0xB4}, 41, "option kind 2 length 5 runs 1 bytes past the TCP header"},
      {{3, 4, 7, 0}, 41, "window scale option length 4, expected 3"},
      {{4, 3, 0, 0}, 41, "SACK-permitted option length 3, expected 2"},
      {{1, 1, 1, 2}, 44, "option kind 2 has no length byte before the end of the header"},
      {{1, 1, 5, 2}, 43, "SACK option length 2, expected 2 + 8n with 1 <= n <= 4 (10, 18, 26 or 34)"},
      {{1, 1, 8, 2}, 43, "timestamps option length 2, expected 10"},
  }));
  INFO(bad.detail);
  const DecodeError err = decode_error(with_options(bad.options));
  CHECK(err.kind == Kind::BadOptionLength);
  CHECK(err.offset == bad.offset);
  CHECK(err.detail == bad.detail);
}

TEST_CASE("decode rejects SACK lengths that are not 2 + 8n", "[wire]") {
  // kWireAckTwoSack's SACK option length byte sits at packet offset 43.
  auto len = GENERATE(std::uint8_t{12}, std::uint8_t{17});
  Bytes p = bytes(kWireAckTwoSack);
  p[43] = len;
  reseal(p);
  const DecodeError err = decode_error(p);
  CHECK(err.kind == DecodeError::Kind::BadOptionLength);
  CHECK(err.offset == 43);
}

TEST_CASE("Every decode error kind has a distinct name", "[wire]") {
  using Kind = DecodeError::Kind;
  const std::vector<Kind> kinds{Kind::Truncated,     Kind::BadIpVersion,  Kind::BadIpHeaderLength,
                                Kind::BadTotalLength, Kind::BadIpChecksum, Kind::NotTcp,
                                Kind::Fragment,      Kind::BadDataOffset, Kind::BadOptionLength,
                                Kind::BadChecksum};
  std::vector<std::string> names;
  for (Kind k : kinds) names.emplace_back(kind_name(k));
  CHECK(names == std::vector<std::string>{"Truncated", "BadIpVersion", "BadIpHeaderLength",
                                          "BadTotalLength", "BadIpChecksum", "NotTcp", "Fragment",
                                          "BadDataOffset", "BadOptionLength", "BadChecksum"});
}
