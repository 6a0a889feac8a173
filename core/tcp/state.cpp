#include "core/tcp/state.h"

namespace tcplab {

std::string_view rfc_name(State s) {
  switch (s) {
    case State::Closed: return "CLOSED";
    case State::Listen: return "LISTEN";
    case State::SynSent: return "SYN-SENT";
    case State::SynReceived: return "SYN-RECEIVED";
    case State::Established: return "ESTABLISHED";
    case State::FinWait1: return "FIN-WAIT-1";
    case State::FinWait2: return "FIN-WAIT-2";
    case State::CloseWait: return "CLOSE-WAIT";
    case State::Closing: return "CLOSING";
    case State::LastAck: return "LAST-ACK";
    case State::TimeWait: return "TIME-WAIT";
  }
  return "?";
}

// Paraphrased from RFC 9293 §3.3.2.
std::string_view meaning(State s) {
  switch (s) {
    case State::Closed: return "No connection state at all.";
    case State::Listen: return "Waiting for a connection request from any remote TCP endpoint and port.";
    case State::SynSent: return "Waiting for a matching connection request after having sent one.";
    case State::SynReceived: return "Waiting for an acknowledgement of our connection request after having both received and sent one.";
    case State::Established: return "An open connection: data received can be delivered to the user; the normal state for data transfer.";
    case State::FinWait1: return "Waiting for a connection termination request from the remote TCP peer, or an acknowledgement of the one we sent.";
    case State::FinWait2: return "Waiting for a connection termination request from the remote TCP peer (our FIN is acknowledged; we may still receive data).";
    case State::CloseWait: return "Waiting for a connection termination request from the local user (the peer has closed its side).";
    case State::Closing: return "Waiting for the remote TCP peer to acknowledge our connection termination request (both sides closed at once).";
    case State::LastAck: return "Waiting for an acknowledgement of the connection termination request we sent after the peer's.";
    case State::TimeWait: return "Waiting 2MSL so the peer surely received the acknowledgement of its termination request, and old duplicates die out.";
  }
  return "";
}

bool is_synchronized(State s) {
  switch (s) {
    case State::Closed:
    case State::Listen:
    case State::SynSent:
    case State::SynReceived: return false;
    default: return true;
  }
}

}  // namespace tcplab
