// A real capture opened in the lab through the API (issue 17): the stream
// list, both ends' inferred states with certain/assumed, another stream
// picked, and bad files refused naming the file and the packet.
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>

#include "core/base/json.h"
#include "core/lab/lab_api.h"

using namespace tcplab;

namespace {

std::vector<std::uint8_t> capture_bytes(const std::string& name) {
  std::ifstream in(std::string(TCPLAB_SOURCE_DIR) + "/tests/data/captures/" + name, std::ios::binary);
  REQUIRE(in);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string hex(const std::vector<std::uint8_t>& bytes) {
  static const char* kDigits = "0123456789abcdef";
  std::string out = "0x";
  for (std::uint8_t b : bytes) {
    out += kDigits[b >> 4];
    out += kDigits[b & 15];
  }
  return out;
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("lab capture: loadCapture lists the streams and replays the first", "[lab][capture]") {
  LabApi api;
  CHECK(api.call("capture", {}) == "{\"ok\":null}");
  const std::string a = api.call("loadCapture", {hex(capture_bytes("client-closes.pcapng")), "client-closes.pcapng"});
  INFO(a);
  CHECK(has(a, "\"name\":\"client-closes.pcapng\",\"format\":\"pcapng\",\"frames\":11,\"tcp_frames\":11"));
  CHECK(has(a, "\"streams\":[{\"index\":0,\"a\":\"127.0.0.1:47458\",\"b\":\"127.0.0.1:8080\",\"packets\":11,"
               "\"payload_bytes\":10,\"first_frame\":1,\"last_frame\":11"));
  CHECK(has(a, "\"stream\":0,\"packets\":11,\"sides\":[\"client\",\"server\"]"));
  // The client's TIME-WAIT and the server's CLOSED rest on segments nothing answered: assumed.
  CHECK(has(a, "\"states\":{\"client\":{\"state\":\"TIME-WAIT\",\"certain\":false},"
               "\"server\":{\"state\":\"CLOSED\",\"certain\":false}}"));
  CHECK(has(a, "{\"frame\":1,\"side\":\"client\",\"from\":\"CLOSED\",\"to\":\"SYN-SENT\",\"rule\":\"open.active\","
               "\"basis\":\"capture.sent\",\"certain\":true,\"proved_by\":null}"));
  CHECK(has(a, "{\"frame\":1,\"side\":\"server\",\"from\":\"CLOSED\",\"to\":\"LISTEN\",\"rule\":\"open.passive\","
               "\"basis\":\"capture.listen-assumed\",\"certain\":false,\"proved_by\":null}"));
  CHECK(has(a, "\"from\":\"LISTEN\",\"to\":\"SYN-RECEIVED\",\"rule\":\"listen.syn\",\"basis\":\"capture.answered\","
               "\"certain\":true,\"proved_by\":2}"));
  CHECK(api.session().capture().replay()->packets.size() == 11);
  CHECK(api.call("closeCapture", {}) == "{\"ok\":null}");
  CHECK(api.call("capture", {}) == "{\"ok\":null}");
}

TEST_CASE("lab capture: selectStream replays another stream of the capture", "[lab][capture]") {
  LabApi api;
  CHECK(api.call("selectStream", {"0"}) == "{\"error\":\"selectStream: no capture is open (loadCapture first)\"}");
  REQUIRE(has(api.load_capture("reuse.pcapng", capture_bytes("reuse.pcapng")), "\"stream\":0"));
  const std::uint64_t serial = api.session().capture().serial();
  const std::string b = api.call("selectStream", {"1"});
  INFO(b);
  CHECK(has(b, "\"stream\":1,\"packets\":8"));
  CHECK(api.session().capture().replay()->packets.front().number == 9);  // stream 1 starts at frame 9
  CHECK(api.session().capture().serial() > serial);
  CHECK(api.call("selectStream", {"2"}) ==
        "{\"error\":\"selectStream: reuse.pcapng: no stream 2 (it has 2, numbered from 0)\"}");
  CHECK(api.call("selectStream", {"x"}) == "{\"error\":\"selectStream: index: expected a stream number from 0, got 'x'\"}");
  CHECK(api.session().capture().selected() == 1u);  // a refused call changes nothing
}

TEST_CASE("lab capture: bad files are refused naming the file and the packet", "[lab][capture]") {
  LabApi api;
  REQUIRE(has(api.load_capture("client-closes.pcapng", capture_bytes("client-closes.pcapng")), "\"ok\""));
  CHECK(api.load_capture("cut-short.pcapng", capture_bytes("cut-short.pcapng")) ==
        "{\"error\":\"loadCapture: cut-short.pcapng: packet 5: its pcapng block at byte 672 is cut short: 100 bytes "
        "announced, 28 left (at byte 672)\"}");
  CHECK(api.session().capture().error() ==
        "cut-short.pcapng: packet 5: its pcapng block at byte 672 is cut short: 100 bytes announced, 28 left (at byte 672)");
  // The capture shown before stays.
  CHECK(api.session().capture().name() == "client-closes.pcapng");
  CHECK(api.load_capture("udp-only.pcap", capture_bytes("udp-only.pcap")) ==
        "{\"error\":\"loadCapture: udp-only.pcap: no TCP connection in its 9 frame(s); 9 frame(s) left out as NotTcp, "
        "the first is frame 1: IP protocol 17, not TCP\"}");
  CHECK(api.call("loadCapture", {"hello", "notes.txt"}) ==
        "{\"error\":\"loadCapture: notes.txt: not a pcap file (magic number is not a1b2c3d4 or a1b23c4d in either byte "
        "order) and not a pcapng file (no section header block 0a0d0d0a) (at byte 0)\"}");
  CHECK(api.call("loadCapture", {"0xzz"}) ==
        "{\"error\":\"loadCapture: bytes: expected text, or 0x and two hex digits per octet, got '0xzz'\"}");
}
