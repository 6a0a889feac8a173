// Errors a user call can return, in RFC 9293 §3.10's words.
#pragma once
#include <cstdint>
#include <string_view>

namespace tcplab {

enum class UserError : std::uint8_t {
  ConnectionDoesNotExist,    // "connection does not exist"
  ConnectionAlreadyExists,   // "connection already exists"
  ConnectionClosing,         // "connection closing"
  ConnectionReset,           // "connection reset"
  ConnectionRefused,         // "connection refused"
  ForeignSocketUnspecified,  // "foreign socket unspecified"
  InsufficientResources,     // "insufficient resources"
  ConnectionAborted,         // "connection aborted due to user timeout"
  ConnectionTimedOut,        // RFC 1122 §4.2.3.5 R2 reached (retries or keep-alives): "connection timed out"
};

std::string_view message(UserError e);

}  // namespace tcplab
