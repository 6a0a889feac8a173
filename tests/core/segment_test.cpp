#include <catch2/catch.hpp>

#include <string>

#include "core/wire/segment.h"

using namespace tcplab;

TEST_CASE("flags_short spells control bits with tcpdump/packetdrill letters", "[segment]") {
  auto [bits, text] = GENERATE(table<std::uint8_t, std::string>({
      {kSyn, "S"},
      {kSyn | kAck, "S."},
      {kAck, "."},
      {kFin | kAck, "F."},
      {kRst, "R"},
      {kRst | kAck, "R."},
      {kPsh | kAck, "P."},
      {kFin | kPsh | kAck, "FP."},
      {kSyn | kEce | kCwr, "SEW"},
      {kSyn | kAck | kEce, "S.E"},
      {kUrg | kAck, ".U"},
      {0, "none"},
  }));
  CHECK(flags_short(Flags{bits}) == text);
}

TEST_CASE("flags_long spells control bits in a fixed order", "[segment]") {
  auto [bits, text] = GENERATE(table<std::uint8_t, std::string>({
      {kSyn, "SYN"},
      {kSyn | kAck, "SYN,ACK"},
      {kAck, "ACK"},
      {kFin | kAck, "FIN,ACK"},
      {kRst, "RST"},
      {kRst | kAck, "RST,ACK"},
      {kPsh | kAck, "PSH,ACK"},
      {kAck | kUrg, "ACK,URG"},
      {kSyn | kEce | kCwr, "SYN,ECE,CWR"},
      {0xFF, "SYN,FIN,RST,PSH,ACK,URG,ECE,CWR"},
      {0, "none"},
  }));
  CHECK(flags_long(Flags{bits}) == text);
}

TEST_CASE("ipv4_text prints dotted quads from host byte order", "[segment]") {
  CHECK(ipv4_text(0x0A000001) == "10.0.0.1");
  CHECK(ipv4_text(0xC0A80102) == "192.168.1.2");
  CHECK(ipv4_text(0) == "0.0.0.0");
  CHECK(ipv4_text(0xFFFFFFFF) == "255.255.255.255");
}

TEST_CASE("describe summarises a segment for logs", "[segment]") {
  SECTION("SYN,ACK with the Linux option set") {
    Segment s{.seq = SeqNum(100),
              .ack = SeqNum(301),
              .flags = kSyn | kAck,
              .window = 65535,
              .options = {.mss = 1460,
                          .window_scale = 7,
                          .sack_permitted = true,
                          .timestamps = Timestamps{.value = 1, .echo = 0}}};
    CHECK(describe(s) ==
          "SYN,ACK seq=100 ack=301 win=65535 len=0 <mss 1460,sackOK,TS val 1 ecr 0,wscale 7>");
  }
  SECTION("a SYN without ACK does not show the acknowledgment field") {
    Segment s{.seq = SeqNum(4000000000u), .ack = SeqNum(7), .flags = kSyn, .window = 1024,
              .options = {.mss = 536}};
    CHECK(describe(s) == "SYN seq=4000000000 win=1024 len=0 <mss 536>");
  }
  SECTION("data with no options has no option list") {
    Segment s{.seq = SeqNum(5), .ack = SeqNum(9), .flags = kPsh | kAck, .window = 512,
              .payload = {'h', 'e', 'l', 'l', 'o'}};
    CHECK(describe(s) == "PSH,ACK seq=5 ack=9 win=512 len=5");
  }
  SECTION("SACK blocks are listed with their edges") {
    Segment s{.seq = SeqNum(1), .ack = SeqNum(1000), .flags = kAck, .window = 100,
              .options = {.sack_blocks = {{SeqNum(2000), SeqNum(3000)},
                                          {SeqNum(4000), SeqNum(4500)}}}};
    CHECK(describe(s) == "ACK seq=1 ack=1000 win=100 len=0 <sack 2 {2000:3000}{4000:4500}>");
  }
  SECTION("the urgent pointer shows when URG is set") {
    Segment s{.seq = SeqNum(1), .ack = SeqNum(2), .flags = kAck | kUrg, .window = 10,
              .urgent = 3, .payload = {1, 2, 3}};
    CHECK(describe(s) == "ACK,URG seq=1 ack=2 win=10 urg=3 len=3");
  }
}

TEST_CASE("seg_len counts SYN and FIN as one octet each", "[segment]") {
  CHECK(Segment{.flags = kSyn}.seg_len() == 1);
  CHECK(Segment{.flags = kSyn | kFin, .payload = {1, 2}}.seg_len() == 4);
  CHECK(Segment{.flags = kAck}.seg_len() == 0);
}
