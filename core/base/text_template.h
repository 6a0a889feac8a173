// Templates with numbered holes, "{0} left of {1}": the UI's string table
// and core's messages that the UI words again in another language (URL
// parameter errors) fill them the same way, so one template per language
// is all a message needs.
#pragma once
#include <span>
#include <string>
#include <string_view>

namespace tcplab {

// "{n}" with a single digit becomes args[n] (nothing when there is no such
// argument); a translation may use them in any order.
std::string fill_template(std::string_view templ, std::span<const std::string_view> args);

}  // namespace tcplab
