// Wrapped text that breaks Chinese where Chinese breaks: between any two
// characters, not before closing punctuation (，。：）…) nor after opening
// (（“…). Dear ImGui 1.86 wraps only at spaces, so a run of Chinese is one
// "word" to it and its lines end early or overflow.
#pragma once
#include <string>
#include <string_view>

namespace tcplab::ui {

// `text` with a line break wherever a line would pass `width` pixels in the
// current font; English text breaks at spaces as before.
std::string wrap_text(std::string_view text, float width);
// ImGui::TextWrapped's place: wrapped to the space left on this line.
void wrapped_text(std::string_view text);

}  // namespace tcplab::ui
