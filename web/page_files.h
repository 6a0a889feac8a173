// Files the page's wasm carries in its data (the lessons, the UI font),
// written by tools/embed_files.mjs at build time: the page has no file
// system (-sFILESYSTEM=0, issue 18's page weight and start).
#pragma once
#include <span>
#include <string_view>

namespace tcplab::web {

struct PageFile {
  std::string_view path;  // "scenarios/handshake.scenario", "fonts/DejaVuSans.ttf"
  std::span<const unsigned char> bytes;
};

std::span<const PageFile> page_files();

}  // namespace tcplab::web
