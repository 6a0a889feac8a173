// Reading pcap files: the lab's own captures come back packet for packet,
// other writers' byte orders and resolutions are understood, and a damaged
// file is refused with the offset of the damage.
#include <catch2/catch.hpp>

#include <chrono>

#include "core/wire/pcap_reader.h"
#include "core/sim/trace_export.h"
#include "core/wire/wire.h"
#include "core/sim/world.h"

using namespace tcplab;
using namespace std::chrono_literals;

namespace {

PcapFile two_packets() {
  PcapFile f;
  f.packets.push_back(PcapPacket{1'500'000, 3, {0x45, 0x00, 0x01}});
  f.packets.push_back(PcapPacket{4'000'000'123, 2, {0xAB, 0xCD}});
  return f;
}

}  // namespace

TEST_CASE("pcap: what to_pcap writes reads back as the packets the host saw", "[pcap]") {
  WorldConfig c;
  c.hosts = {{"client", 0x0A000001, Profile::rfc9293()}, {"server", 0x0A000002, Profile::rfc9293()}};
  World w(c);
  w.schedule(at(0ms), ListenAction{"server", "l", 80, 8});
  w.schedule(at(0ms), ConnectAction{"client", "c", 40000, "server", 80});
  w.schedule(at(100ms), SendAction{"c", std::vector<std::uint8_t>(3000, 0x5A)});
  w.run_until(at(1s));
  auto read = read_pcap(to_pcap(w.trace(), 0));
  REQUIRE(read.ok());
  const PcapFile& f = read.value();
  CHECK(f.link_type == kLinkTypeRaw);
  std::vector<std::vector<std::uint8_t>> expected;
  for (const TraceRecord& r : w.trace())
    if (const auto* s = std::get_if<SegmentSentRecord>(&r.data); s && s->from == 0) expected.push_back(s->bytes);
  std::vector<std::vector<std::uint8_t>> sent_by_client;
  for (const PcapPacket& p : f.packets) {
    auto seg = decode(ipv4_payload(f.link_type, p.bytes));
    REQUIRE(seg.ok());
    CHECK(p.original_length == p.bytes.size());
    if (seg.value().src_addr == 0x0A000001) sent_by_client.push_back(p.bytes);
  }
  CHECK(sent_by_client == expected);
  CHECK(f.packets.front().micros == 0);
}

TEST_CASE("pcap: write then read gives the same packets", "[pcap]") {
  const PcapFile f = two_packets();
  auto back = read_pcap(write_pcap(f));
  REQUIRE(back.ok());
  CHECK(back.value() == f);
}

TEST_CASE("pcap: big-endian and nanosecond files", "[pcap]") {
  // Header a1b23c4d big-endian, v2.4, snaplen 96, Ethernet; one 2-byte record at 1 s + 2500 ns.
  const std::vector<std::uint8_t> file = {
      0xA1, 0xB2, 0x3C, 0x4D, 0x00, 0x02, 0x00, 0x04, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 96, 0, 0, 0, 1,
      0, 0, 0, 1, 0, 0, 0x09, 0xC4, 0, 0, 0, 2, 0, 0, 0, 60, 0x11, 0x22};
  auto f = read_pcap(file);
  REQUIRE(f.ok());
  CHECK(f.value().link_type == kLinkTypeEthernet);
  CHECK(f.value().snaplen == 96);
  REQUIRE(f.value().packets.size() == 1);
  CHECK(f.value().packets[0].micros == 1'000'002);
  CHECK(f.value().packets[0].original_length == 60);
  CHECK(f.value().packets[0].bytes == std::vector<std::uint8_t>{0x11, 0x22});
}

TEST_CASE("pcap: damaged files are refused where the damage is", "[pcap]") {
  std::vector<std::uint8_t> file = write_pcap(two_packets());
  SECTION("a short header") { CHECK(read_pcap(std::span(file).first(10)).error().offset == 10); }
  SECTION("not a pcap file") {
    file[0] = 0x0A;
    CHECK(read_pcap(file).error().message.find("not a pcap file") != std::string::npos);
  }
  SECTION("the last record cut short") {
    file.pop_back();
    const PcapError e = read_pcap(file).error();
    CHECK(e.message.find("record 2 is cut short") != std::string::npos);
    CHECK(e.offset == 24 + 16 + 3 + 16);
  }
  SECTION("a record length no capture has") {
    file[24 + 8 + 3] = 0x7F;
    CHECK(read_pcap(file).error().offset == 24 + 8);
  }
}

TEST_CASE("pcap: the IPv4 packet inside a frame", "[pcap]") {
  const std::vector<std::uint8_t> ip = {0x45, 0, 0, 20};
  CHECK(ipv4_payload(kLinkTypeRaw, ip).size() == 4);
  std::vector<std::uint8_t> eth(12, 0);
  eth.insert(eth.end(), {0x08, 0x00});
  eth.insert(eth.end(), ip.begin(), ip.end());
  CHECK(ipv4_payload(kLinkTypeEthernet, eth).size() == 4);
  eth[12] = 0x86;  // IPv6 ethertype 86dd
  CHECK(ipv4_payload(kLinkTypeEthernet, eth).empty());
  CHECK(ipv4_payload(kLinkTypeRaw, std::vector<std::uint8_t>{0x60, 0}).empty());
}
