// Reading real captures: pcapng blocks and interfaces, every link type the
// lab reads, IPv4 and IPv6, frames cut by the snapshot length, frames that
// carry no TCP, and damaged files refused with the packet and byte named.
#include <catch2/catch.hpp>

#include <cstring>

#include "core/capture/streams.h"
#include "core/wire/frame.h"
#include "core/wire/pcap_reader.h"
#include "core/wire/wire.h"

using namespace tcplab;

namespace {

using Bytes = std::vector<std::uint8_t>;

void le32(Bytes& b, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) b.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
void le16(Bytes& b, std::uint16_t v) {
  b.push_back(static_cast<std::uint8_t>(v));
  b.push_back(static_cast<std::uint8_t>(v >> 8));
}
void be16(Bytes& b, std::uint16_t v) {
  b.push_back(static_cast<std::uint8_t>(v >> 8));
  b.push_back(static_cast<std::uint8_t>(v));
}
void be32(Bytes& b, std::uint32_t v) {
  be16(b, static_cast<std::uint16_t>(v >> 16));
  be16(b, static_cast<std::uint16_t>(v));
}

// A little-endian pcapng block: type, length, body padded to 4, length.
Bytes block(std::uint32_t type, Bytes body) {
  while (body.size() % 4) body.push_back(0);
  Bytes b;
  le32(b, type);
  le32(b, static_cast<std::uint32_t>(body.size() + 12));
  b.insert(b.end(), body.begin(), body.end());
  le32(b, static_cast<std::uint32_t>(body.size() + 12));
  return b;
}

Bytes section_header() {
  Bytes body;
  le32(body, 0x1A2B3C4D);
  le16(body, 1);
  le16(body, 0);
  le32(body, 0xFFFFFFFF);  // section length unknown
  le32(body, 0xFFFFFFFF);
  return block(0x0A0D0D0A, body);
}

Bytes interface(std::uint16_t link_type, std::optional<std::uint8_t> tsresol = std::nullopt) {
  Bytes body;
  le16(body, link_type);
  le16(body, 0);
  le32(body, 262144);
  if (tsresol) {
    le16(body, 9);
    le16(body, 1);
    body.insert(body.end(), {*tsresol, 0, 0, 0});
    le32(body, 0);  // opt_endofopt
  }
  return block(1, body);
}

Bytes enhanced(std::uint32_t iface, std::uint64_t ts, const Bytes& data, std::uint32_t orig = 0) {
  Bytes body;
  le32(body, iface);
  le32(body, static_cast<std::uint32_t>(ts >> 32));
  le32(body, static_cast<std::uint32_t>(ts));
  le32(body, static_cast<std::uint32_t>(data.size()));
  le32(body, orig ? orig : static_cast<std::uint32_t>(data.size()));
  body.insert(body.end(), data.begin(), data.end());
  return block(6, body);
}

Bytes concat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

Segment sample_segment() {
  return Segment{.src_addr = 0x0A000001, .dst_addr = 0x0A000002, .src_port = 40000, .dst_port = 80,
                 .seq = SeqNum(1000), .ack = SeqNum(5000), .flags = kAck | kPsh, .window = 512,
                 .options = {.timestamps = Timestamps{7, 9}}, .payload = {'h', 'e', 'l', 'l', 'o'}};
}

std::vector<CaptureFrame> read_all(const Bytes& file) {
  SpanSource src(file);
  CaptureReader reader(src);
  std::vector<CaptureFrame> out;
  CaptureFrame f;
  for (;;) {
    auto r = reader.next(f);
    REQUIRE(r.ok());
    if (!r.value()) break;
    out.push_back(f);
  }
  return out;
}

PcapError read_error(const Bytes& file) {
  SpanSource src(file);
  CaptureReader reader(src);
  CaptureFrame f;
  for (;;) {
    auto r = reader.next(f);
    if (!r) return r.error();
    REQUIRE(r.value());
  }
}

}  // namespace

TEST_CASE("pcapng: interfaces with their own link types and resolutions, unknown blocks skipped", "[capture][pcapng]") {
  const Bytes ip = encode(sample_segment());
  Bytes eth(12, 0xEE);
  be16(eth, 0x0800);
  eth.insert(eth.end(), ip.begin(), ip.end());
  Bytes simple_body;
  le32(simple_body, static_cast<std::uint32_t>(ip.size()));
  simple_body.insert(simple_body.end(), ip.begin(), ip.end());
  const Bytes file = concat({section_header(), interface(101, 9), block(0x80000001, Bytes(10, 1)),  // a custom block
                             enhanced(0, 1'500'000'000'123ULL, ip), interface(1),                  // Ethernet, microseconds
                             enhanced(1, 2'000'001ULL, eth, 1514), block(3, simple_body), block(5, Bytes(8, 0))});
  const std::vector<CaptureFrame> frames = read_all(file);
  REQUIRE(frames.size() == 3);
  CHECK(frames[0].number == 1);
  CHECK(frames[0].link_type == kLinkTypeRaw);
  CHECK(frames[0].nanos == 1'500'000'000'123LL);
  CHECK(frames[0].bytes == ip);
  CHECK(frames[1].number == 2);
  CHECK(frames[1].interface == 1);
  CHECK(frames[1].link_type == kLinkTypeEthernet);
  CHECK(frames[1].nanos == 2'000'001'000LL);
  CHECK(frames[1].original_length == 1514);
  CHECK(frames[2].number == 3);  // the simple packet block: interface 0, no timestamp
  CHECK(frames[2].link_type == kLinkTypeRaw);
  CHECK(frames[2].bytes == ip);
}

TEST_CASE("pcapng: a big-endian section and a binary timestamp resolution", "[capture][pcapng]") {
  Bytes file;
  auto be_block = [&](std::uint32_t type, Bytes body) {
    while (body.size() % 4) body.push_back(0);
    be32(file, type);
    be32(file, static_cast<std::uint32_t>(body.size() + 12));
    file.insert(file.end(), body.begin(), body.end());
    be32(file, static_cast<std::uint32_t>(body.size() + 12));
  };
  Bytes shb;
  be32(shb, 0x1A2B3C4D);
  be16(shb, 1);
  be16(shb, 0);
  be32(shb, 0xFFFFFFFF);
  be32(shb, 0xFFFFFFFF);
  be_block(0x0A0D0D0A, shb);
  Bytes idb;
  be16(idb, 229);  // raw IPv6
  be16(idb, 0);
  be32(idb, 65535);
  be16(idb, 9);
  be16(idb, 1);
  idb.insert(idb.end(), {0x80 | 10, 0, 0, 0});  // 2^-10 s
  be_block(1, idb);
  Bytes epb;
  be32(epb, 0);
  be32(epb, 0);
  be32(epb, 3 * 1024 + 512);  // 3.5 s
  be32(epb, 2);
  be32(epb, 2);
  epb.insert(epb.end(), {0x60, 0});
  be_block(6, epb);
  const std::vector<CaptureFrame> frames = read_all(file);
  REQUIRE(frames.size() == 1);
  CHECK(frames[0].link_type == kLinkTypeIpv6);
  CHECK(frames[0].nanos == 3'500'000'000LL);
}

TEST_CASE("pcapng: damage is reported with the packet and the byte", "[capture][pcapng]") {
  const Bytes ip = encode(sample_segment());
  Bytes file = concat({section_header(), interface(101), enhanced(0, 1, ip), enhanced(0, 2, ip)});
  SECTION("the second packet block cut short") {
    file.resize(file.size() - 10);
    const PcapError e = read_error(file);
    CHECK(e.packet == 2);
    CHECK(e.offset == 28 + 20 + (file.size() + 10 - 48) / 2);
    CHECK(e.message.find("cut short") != std::string::npos);
  }
  SECTION("a packet naming an interface never described") {
    file[28 + 20 + 8] = 3;
    const PcapError e = read_error(file);
    CHECK(e.packet == 1);
    CHECK(e.message == "packet 1 names interface 3, but 1 interface(s) were described before it");
  }
  SECTION("a block length that is not a multiple of 4") {
    file[28 + 4] = 21;
    CHECK(read_error(file).offset == 32);
  }
  SECTION("neither pcap nor pcapng") {
    file[0] = 'G';
    CHECK(read_error(file).message.find("not a pcap file") != std::string::npos);
  }
}

TEST_CASE("frames: every link type leads to the same TCP segment", "[capture][frame]") {
  const Segment seg = sample_segment();
  const Bytes ip = encode(seg);
  auto with_header = [&](Bytes head) {
    head.insert(head.end(), ip.begin(), ip.end());
    return head;
  };
  Bytes eth(12, 0);
  be16(eth, 0x0800);
  Bytes vlan(12, 0);
  vlan.insert(vlan.end(), {0x88, 0xA8, 0, 10, 0x81, 0x00, 0, 20, 0x08, 0x00});  // QinQ: 802.1ad then 802.1Q
  Bytes sll(14, 0);
  be16(sll, 0x0800);
  Bytes sll2;
  be16(sll2, 0x0800);
  sll2.resize(20, 0);
  const Bytes null_le = {2, 0, 0, 0}, loop_be = {0, 0, 0, 2};
  const auto [link, head] = GENERATE_COPY(table<std::uint32_t, Bytes>({
      {kLinkTypeRaw, {}}, {kLinkTypeIpv4, {}}, {kLinkTypeEthernet, eth}, {kLinkTypeEthernet, vlan},
      {kLinkTypeLinuxSll, sll}, {kLinkTypeLinuxSll2, sll2}, {kLinkTypeNull, null_le}, {kLinkTypeLoop, loop_be}}));
  CAPTURE(link, head.size());
  auto got = decode_frame(link, with_header(head));
  REQUIRE(got.ok());
  const CapturedTcp& t = got.value();
  CHECK(t.seg == seg);
  CHECK(t.src.text() == "10.0.0.1:40000");
  CHECK(t.dst.text() == "10.0.0.2:80");
  CHECK(t.payload_length == 5);
  CHECK_FALSE(t.truncated);
}

TEST_CASE("frames: IPv6 with extension headers before TCP", "[capture][frame]") {
  const Bytes v4 = encode(sample_segment());
  const Bytes tcp(v4.begin() + 20, v4.end());
  Bytes p = {0x60, 0, 0, 0};
  be16(p, static_cast<std::uint16_t>(8 + 8 + tcp.size()));
  p.push_back(0);   // next: hop-by-hop
  p.push_back(64);  // hop limit
  Bytes src(16, 0), dst(16, 0);
  src[0] = 0x20, src[1] = 0x01, src[2] = 0x0d, src[3] = 0xb8, src[15] = 1;
  dst[15] = 1;
  p.insert(p.end(), src.begin(), src.end());
  p.insert(p.end(), dst.begin(), dst.end());
  p.insert(p.end(), {60, 0, 1, 4, 0, 0, 0, 0});  // hop-by-hop (PadN), next: destination options
  p.insert(p.end(), {6, 0, 1, 4, 0, 0, 0, 0});   // destination options, next: TCP
  p.insert(p.end(), tcp.begin(), tcp.end());
  auto got = decode_frame(kLinkTypeRaw, p);
  REQUIRE(got.ok());
  CHECK(got.value().src.text() == "[2001:db8::1]:40000");
  CHECK(got.value().dst.text() == "[::1]:80");
  CHECK(got.value().seg.seq == SeqNum(1000));
  CHECK(got.value().payload_length == 5);
  SECTION("a fragment is left out") {
    p[6] = 44;
    p[40] = 6;
    p[42] = 0, p[43] = 8;  // offset 1
    CHECK(decode_frame(kLinkTypeRaw, p).error().kind == FrameError::Kind::Fragment);
  }
}

TEST_CASE("frames: cut by the snapshot length, or carrying no TCP", "[capture][frame]") {
  const Bytes ip = encode(sample_segment());
  SECTION("payload cut: headers read, payload partial, length from IP") {
    auto got = decode_frame(kLinkTypeRaw, Bytes(ip.begin(), ip.end() - 3));
    REQUIRE(got.ok());
    CHECK(got.value().truncated);
    CHECK(got.value().payload_length == 5);
    CHECK(got.value().seg.payload == Bytes{'h', 'e'});
  }
  SECTION("TCP header cut") {
    auto got = decode_frame(kLinkTypeRaw, Bytes(ip.begin(), ip.begin() + 30));
    CHECK(got.error().kind == FrameError::Kind::Truncated);
  }
  SECTION("UDP") {
    Bytes udp = ip;
    udp[9] = 17;
    CHECK(decode_frame(kLinkTypeRaw, udp).error().kind == FrameError::Kind::NotTcp);
  }
  SECTION("ARP over Ethernet") {
    Bytes arp(12, 0);
    be16(arp, 0x0806);
    arp.resize(42, 0);
    CHECK(decode_frame(kLinkTypeEthernet, arp).error().detail == "ethertype 0x0806 is not IPv4 or IPv6");
  }
  SECTION("a link type the reader does not know") {
    CHECK(decode_frame(147, ip).error().kind == FrameError::Kind::UnknownLinkType);
  }
  SECTION("a checksum left for offload is not an error") {
    Bytes bad = ip;
    bad[36] ^= 0xFF;
    CHECK(decode_frame(kLinkTypeRaw, bad).ok());
  }
}

TEST_CASE("streams: told apart by tuple, and by a new SYN on the same tuple", "[capture][streams]") {
  auto frame = [](std::uint16_t sport, Flags f, std::uint32_t seq) {
    Segment s = sample_segment();
    s.src_port = sport;
    s.flags = f;
    s.seq = SeqNum(seq);
    s.payload.clear();
    return enhanced(0, 0, encode(s));
  };
  Segment reply = sample_segment();
  std::swap(reply.src_addr, reply.dst_addr);
  std::swap(reply.src_port, reply.dst_port);
  reply.flags = kSyn | kAck;
  reply.ack = SeqNum(101);
  reply.payload.clear();
  const Bytes file = concat({section_header(), interface(101), frame(40000, kSyn, 100), enhanced(0, 0, encode(reply)),
                             frame(40001, kSyn, 7), frame(40000, kSyn, 100),  // a retransmitted SYN: same stream
                             frame(40000, kSyn, 900)});                       // a new ISN: a new stream
  SpanSource src(file);
  auto scan = scan_capture(src);
  REQUIRE(scan.ok());
  const std::vector<StreamInfo>& s = scan.value().streams;
  REQUIRE(s.size() == 3);
  CHECK(s[0].packets == 3);
  CHECK(s[0].a.text() == "10.0.0.1:40000");
  CHECK(s[0].b.text() == "10.0.0.2:80");
  CHECK(s[1].packets == 1);
  CHECK(s[2].packets == 1);
  CHECK(s[2].first_packet == 5);
  SpanSource again(file);
  auto packets = read_stream(again, 0);
  REQUIRE(packets.ok());
  REQUIRE(packets.value().size() == 3);
  CHECK(packets.value()[1].from == 1);
  CHECK(packets.value()[2].number == 4);
  SECTION("more streams than the list holds: refused at the packet that opens one too many") {
    SpanSource capped(file);
    const PcapError e = scan_capture(capped, 2).error();
    CHECK(e.packet == 5);
    CHECK(e.message == "packet 5 opens TCP stream 3, more than a replay lists (a scan, not a conversation?)");
  }
}
