#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "core/tcp/state.h"

using namespace tcplab;

TEST_CASE("The eleven states carry their RFC 9293 names", "[state]") {
  auto [state, name] = GENERATE(table<State, std::string>({
      {State::Closed, "CLOSED"},
      {State::Listen, "LISTEN"},
      {State::SynSent, "SYN-SENT"},
      {State::SynReceived, "SYN-RECEIVED"},
      {State::Established, "ESTABLISHED"},
      {State::FinWait1, "FIN-WAIT-1"},
      {State::FinWait2, "FIN-WAIT-2"},
      {State::CloseWait, "CLOSE-WAIT"},
      {State::Closing, "CLOSING"},
      {State::LastAck, "LAST-ACK"},
      {State::TimeWait, "TIME-WAIT"},
  }));
  CHECK(std::string(rfc_name(state)) == name);
  CHECK_FALSE(meaning(state).empty());
}

TEST_CASE("kAllStates lists each state once", "[state]") {
  std::set<std::string> names;
  for (State s : kAllStates) names.insert(std::string(rfc_name(s)));
  CHECK(names.size() == 11);
}

TEST_CASE("Synchronized states are ESTABLISHED and after", "[state]") {
  CHECK_FALSE(is_synchronized(State::Closed));
  CHECK_FALSE(is_synchronized(State::Listen));
  CHECK_FALSE(is_synchronized(State::SynSent));
  CHECK_FALSE(is_synchronized(State::SynReceived));
  for (State s : {State::Established, State::FinWait1, State::FinWait2, State::CloseWait,
                  State::Closing, State::LastAck, State::TimeWait})
    CHECK(is_synchronized(s));
}
