#include "core/tcp/user_error.h"

namespace tcplab {

std::string_view message(UserError e) {
  switch (e) {
    case UserError::ConnectionDoesNotExist: return "connection does not exist";
    case UserError::ConnectionAlreadyExists: return "connection already exists";
    case UserError::ConnectionClosing: return "connection closing";
    case UserError::ConnectionReset: return "connection reset";
    case UserError::ConnectionRefused: return "connection refused";
    case UserError::ForeignSocketUnspecified: return "foreign socket unspecified";
    case UserError::InsufficientResources: return "insufficient resources";
    case UserError::ConnectionAborted: return "connection aborted due to user timeout";
    case UserError::ConnectionTimedOut: return "connection timed out";
  }
  return "?";
}

}  // namespace tcplab
