// Where something is in a script, and the two forms of a complaint about it.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace tcplab::drill {

struct Position {
  int line = 1;
  int column = 1;
};

struct ParseError {
  Position at;
  std::string message;  // "expected ':' after the start sequence number, got 'x'"
  // Valid packetdrill the subset lacks: reported as "file:line: unsupported: WHAT".
  bool unsupported = false;
};
// "file.pkt:3:14: error: expected ...", or "file.pkt:3: unsupported: ..."
std::string format_error(std::string_view file, const ParseError& e);
// The one form for anything outside the subset: "file.pkt:3: unsupported: WHAT".
std::string format_unsupported(std::string_view file, int line, std::string_view what);

// Walks a script's text (or a piece of it that starts at `start`) keeping
// the line and column every message names. The readers derive from it.
class TextCursor {
 public:
  explicit TextCursor(std::string_view s, Position start = {}) : s_(s), line_(start.line), column_(start.column) {}

 protected:
  char peek(std::size_t k = 0) const { return i_ + k < s_.size() ? s_[i_ + k] : '\0'; }
  bool at_end() const { return i_ >= s_.size(); }
  Position pos() const { return {line_, column_}; }
  void advance() {
    if (at_end()) return;
    if (s_[i_] == '\n') {
      ++line_;
      column_ = 1;
    } else {
      ++column_;
    }
    ++i_;
  }

  std::string_view s_;
  std::size_t i_ = 0;

 private:
  int line_;
  int column_;
};

}  // namespace tcplab::drill
