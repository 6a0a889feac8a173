// A drawing recorded once into a draw list of its own and appended to a
// window's draw list each frame as it is. The window lane and the
// time-sequence graph summarise the visible span per pixel column when
// their view key changes (lane_path.h); their anti-aliased lines still make
// tens of thousands of vertices, and building those again every frame cost
// milliseconds. A still frame now copies them.
#pragma once
#include <imgui.h>

#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <memory>

namespace tcplab::ui {

class DrawCache {
 public:
  // An empty list to record into, sharing the frame's font atlas; what was
  // recorded before is gone.
  ImDrawList* record() {
    if (!list_) list_ = std::make_unique<ImDrawList>(ImGui::GetDrawListSharedData());
    list_->_ResetForNewFrame();
    list_->PushClipRectFullScreen();
    list_->PushTextureID(ImGui::GetIO().Fonts->TexID);
    return list_.get();
  }
  // The recording, appended under `dl`'s current clip rectangle and texture.
  void replay(ImDrawList* dl) const {
    if (!list_ || list_->VtxBuffer.Size == 0) return;
    const int nv = list_->VtxBuffer.Size, ni = list_->IdxBuffer.Size;
    const unsigned int base = dl->_VtxCurrentIdx;
    dl->PrimReserve(ni, nv);
    std::memcpy(dl->_VtxWritePtr, list_->VtxBuffer.Data, static_cast<std::size_t>(nv) * sizeof(ImDrawVert));
    for (int i = 0; i < ni; ++i) dl->_IdxWritePtr[i] = static_cast<ImDrawIdx>(list_->IdxBuffer.Data[i] + base);
    dl->_VtxWritePtr += nv;
    dl->_IdxWritePtr += ni;
    dl->_VtxCurrentIdx += static_cast<unsigned int>(nv);
  }
  int vertices() const { return list_ ? list_->VtxBuffer.Size : 0; }

 private:
  std::unique_ptr<ImDrawList> list_;
};

// What recorded vertices bake in besides the view: the atlas's white pixel
// (a rebuilt atlas moves it) and the colours of the theme.
inline std::uint64_t look_key(std::initializer_list<ImU32> colours) {
  const ImVec2 uv = ImGui::GetIO().Fonts->TexUvWhitePixel;
  std::uint64_t h = 1469598103934665603ull;
  const auto mix = [&](std::uint64_t v) { h = (h ^ v) * 1099511628211ull; };
  std::uint32_t bits[2];
  std::memcpy(bits, &uv, sizeof bits);
  mix(bits[0]);
  mix(bits[1]);
  for (ImU32 c : colours) mix(c);
  return h;
}

}  // namespace tcplab::ui
