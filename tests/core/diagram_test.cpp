#include <catch2/catch.hpp>

#include <set>
#include <utility>

#include "core/tcp/diagram.h"

using namespace tcplab;

TEST_CASE("RFC 9293 Figure 5 has its twenty drawn edges", "[diagram]") {
  int drawn = 0;
  for (const auto& e : diagram_edges())
    if (e.source == EdgeSource::Figure) ++drawn;
  CHECK(drawn == 20);
}

TEST_CASE("The diagram names each transition the syllabus teaches", "[diagram]") {
  auto [from, to, event] = GENERATE(table<State, State, std::string_view>({
      {State::Listen, State::SynReceived, "rcv SYN"},
      {State::SynSent, State::SynReceived, "rcv SYN"},
      {State::SynSent, State::Established, "rcv SYN,ACK"},
      {State::SynReceived, State::Listen, "rcv RST"},
      {State::FinWait1, State::Closing, "rcv FIN"},
      {State::FinWait1, State::TimeWait, "rcv FIN, ACK of FIN"},
      {State::TimeWait, State::Closed, "Timeout=2MSL"},
  }));
  auto edge = find_edge(from, to);
  REQUIRE(edge.has_value());
  CHECK(edge->event == event);
}

TEST_CASE("States the RFC never joins have no edge", "[diagram]") {
  CHECK_FALSE(find_edge(State::Closed, State::Established).has_value());
  CHECK_FALSE(find_edge(State::TimeWait, State::Established).has_value());
  CHECK_FALSE(find_edge(State::FinWait2, State::FinWait1).has_value());
}

TEST_CASE("No edge is listed twice", "[diagram]") {
  std::set<std::tuple<State, State, EdgeSource>> seen;
  for (const auto& e : diagram_edges()) CHECK(seen.insert({e.from, e.to, e.source}).second);
}
