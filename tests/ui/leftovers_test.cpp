// Issue 19's leftovers, as the narration and the session tell them: a send
// larger than the send buffer kept by the application and written as room
// opens (not cut to 65,535 octets), Listen twice keeping the listener in
// view, the MSL the same in settings() as in the time bar and the timers,
// and the inspector's fields for a capture's IPv6 packet.
#include <catch2/catch.hpp>

#include <algorithm>

#include "core/lab/lab_api.h"
#include "imgui_app/narration.h"
#include "imgui_app/packet_fields.h"

using namespace tcplab;
using namespace tcplab::ui;
using namespace std::chrono_literals;

namespace {

void run(LabSession& s, std::vector<Command> cmds, double wall_seconds) {
  s.apply(cmds);
  for (double t = 0; t < wall_seconds; t += 0.05) s.advance(0.05);
}

std::vector<std::string> lines_of(const Narrator& n) {
  std::vector<std::string> out;
  for (const NarrationLine& l : n.lines()) out.push_back(l.text);
  return out;
}

bool has(const std::vector<std::string>& lines, const std::string& line) {
  return std::find(lines.begin(), lines.end(), line) != lines.end();
}

}  // namespace

TEST_CASE("leftovers: a send larger than the send buffer is written as room opens, all of it") {
  LabSession s;
  run(s, {SpeedCmd{10}, ApplyCmd{ListenAction{"server", "l", 80, 128}},
          ApplyCmd{ConnectAction{"client", "c", 40000, "server", 80}}}, 0.2);
  const std::vector<std::uint8_t> big(100000, 'x');
  run(s, {ApplyCmd{SendAction{"c", big}}}, 0);
  Narrator n;
  n.update(s.world(), s.generation());
  // The sentence says what the application does with the rest: it keeps it, it is not lost.
  CHECK(has(lines_of(n),
            "Client calls send 100000 octets (65535 taken into the send buffer now; the application keeps the other "
            "34465 and hands them over as the buffer empties)"));
  CHECK(s.world().entry(*s.focus(0)).unsent.size() == 34465);
  run(s, {}, 3.0);  // 30 s of lab time: many round trips of 500 ms
  CHECK(s.world().entry(*s.focus(0)).unsent.empty());
  CHECK(s.world().entry(*s.focus(1)).bytes_read == 100000);  // every octet reached the server's application
  SECTION("a second send waits behind the first, in order") {
    run(s, {ApplyCmd{SendAction{"c", big}}, ApplyCmd{SendAction{"c", std::vector<std::uint8_t>(10, 'y')}}}, 0);
    n.update(s.world(), s.generation());
    CHECK(has(lines_of(n),
              "Client calls send 10 octets (0 taken into the send buffer now; the application keeps the other 10 and "
              "hands them over as the buffer empties)"));
    run(s, {}, 3.0);
    CHECK(s.world().entry(*s.focus(1)).bytes_read == 200010);
  }
}

TEST_CASE("leftovers: Listen twice keeps the listener in view, the refused call said as refused") {
  LabSession s;
  run(s, {ApplyCmd{ListenAction{"server", "l", 80, 128}}, ApplyCmd{ListenAction{"server", "l2", 80, 128}}}, 0);
  REQUIRE(s.focus(1));
  CHECK(s.world().entry(*s.focus(1)).name == "l");
  CHECK(s.world().entry(*s.focus(1)).conn.state() == State::Listen);
  Narrator n;
  n.update(s.world(), s.generation());
  CHECK(has(lines_of(n), "Server calls open_passive: error \"connection already exists\""));
  // The API's reading of the host agrees.
  LabApi api(s);
  CHECK(api.call("states", {}) == "{\"ok\":{\"client\":\"CLOSED\",\"server\":\"LISTEN\"}}");
  SECTION("a connect refused because the pair is still in use does not hide the connection that has it") {
    run(s, {ApplyCmd{ConnectAction{"client", "c", 40000, "server", 80}}}, 1.0);
    run(s, {ApplyCmd{ConnectAction{"client", "c2", 40000, "server", 80}}}, 0);
    CHECK(s.world().entry(*s.focus(0)).name == "c");
    CHECK(s.world().entry(*s.focus(0)).conn.state() == State::Established);
  }
}

TEST_CASE("leftovers: settings() gives the MSL the time bar and the Timers panel show") {
  LabApi api(std::string(TCPLAB_SOURCE_DIR) + "/scenarios");
  const auto msl_of = [&] {
    const std::string s = api.call("settings", {});
    const std::size_t at = s.find("\"msl\":");
    return s.substr(at, s.find(',', at) - at);
  };
  CHECK(msl_of() == "\"msl\":5");  // the lab's 5 s, as "MSL 5 s" in the time bar
  CHECK(api.session().world().hosts()[0].profile().msl == 5s);
  REQUIRE(api.call("reset", {"profile=linux&msl=real"}) == "{\"ok\":null}");
  CHECK(msl_of() == "\"msl\":30");  // Linux's own: TIME-WAIT 60 s is twice it
  CHECK(api.session().world().hosts()[0].profile().msl == 30s);
  CHECK(api.call("settings", {}).find("\"real_msl\":true") != std::string::npos);
}

TEST_CASE("leftovers: a capture's IPv6 packet in the inspector, its checksums shown but not judged") {
  // IPv6 + TCP SYN from [::1]:40000 to [::1]:80, checksum left to the card (0).
  std::vector<std::uint8_t> b(60, 0);
  b[0] = 0x60;
  b[5] = 20;  // payload length
  b[6] = 6;   // next header: TCP
  b[7] = 64;
  b[23] = 1;
  b[39] = 1;
  b[40] = 0x9c; b[41] = 0x40;  // 40000
  b[43] = 80;
  b[52] = 0x50;
  b[53] = 0x02;  // SYN
  b[54] = 0xff; b[55] = 0xff;
  const std::vector<PacketField> f = packet_fields(b, false);
  auto value = [&](const std::string& name) {
    const auto it = std::find_if(f.begin(), f.end(), [&](const PacketField& x) { return x.name == name; });
    REQUIRE(it != f.end());
    return it->value + " @" + std::to_string(it->offset) + "+" + std::to_string(it->length);
  };
  CHECK(value("Version") == "6 @0+1");
  CHECK(value("Next header") == "6 (TCP) @6+1");
  CHECK(value("Source") == "0:0:0:0:0:0:0:1 @8+16");
  CHECK(value("Source port") == "40000 @40+2");
  CHECK(value("Destination port") == "80 @42+2");
  CHECK(value("Flags") == "SYN (0x02) @53+1");
  CHECK(value("Checksum") == "0x0000 (not checked) @56+2");
}
