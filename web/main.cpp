// The browser entry: a GLFW window on the page's canvas, WebGL2, and the
// Emscripten main loop driving tcplab::ui::LabApp. No lab logic lives here:
// the page's URL parameters go to LabApi::open_page, the page's JavaScript API
// (window.tcplab, web/tcplab_api.js) wraps the app's LabApi, and the clipboard
// and the notice of bad parameters are the browser's.
#include <GLFW/glfw3.h>
#include <emscripten.h>
#include <emscripten/bind.h>
#include <emscripten/html5.h>
#include <emscripten/val.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <map>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/json.h"
#include "imgui_app/lab_app.h"
#include "imgui_app/language.h"
#include "imgui_app/question_words.h"
#include "imgui_app/strings_zh.h"
#include "imgui_app/theme.h"
#include "web/page_files.h"

namespace {

struct Platform {
  GLFWwindow* window = nullptr;
  float scale = 0;  // device pixels per CSS pixel the fonts and style were built for
  float font_css = 0;  // and the font size (CSS pixels) and layout they were built for
  bool compact = false;
  int width = 0, height = 0;
  tcplab::ui::LabApp app;
  std::vector<double> frame_ms;  // CPU time of recent frames, for the benchmark
  std::string clipboard;  // what the lab last copied (ImGui's paste reads it back)
  bool api_announced = false;
  // The Chinese font (fetched on demand), its glyph ranges, and the page
  // language last told to the document (<html lang>).
  enum class Font { None, Requested, Ready, Failed } chinese = Font::None;
  std::string chinese_font;
  ImVector<ImWchar> chinese_ranges;
  std::string page_lang;
  tcplab::ui::Language narrated_in = tcplab::ui::Language::English;
  bool gl_ready = false;  // the backend's GL objects exist (a frame was drawn)
  bool record_text = false;  // test hook: keep the text each frame draws
  std::string drawn;  // what the last recorded frame drew
};
Platform g;


// Touch events on the canvas go to the app's PointerScript (through
// Module.labTouch), not to GLFW (which presses without moving the cursor
// there), nor become the browser's emulated mouse clicks; the canvas takes
// the keyboard's focus as a click would give it.
EM_JS(void, install_touch, (), {
  var canvas = Module.canvas;
  function handle(kind) {
    return function (e) {
      if (e.target !== canvas) return;
      var r = canvas.getBoundingClientRect();
      for (var i = 0; i < e.changedTouches.length && i < 1; i++) {
        var t = e.changedTouches[i];
        Module.labTouch(kind, (t.clientX - r.left) * canvas.width / r.width, (t.clientY - r.top) * canvas.height / r.height);
      }
      if (kind === 1) canvas.focus();
      e.preventDefault();
      e.stopPropagation();
    };
  }
  var opts = {capture: true, passive: false};
  window.addEventListener('touchstart', handle(1), opts);
  window.addEventListener('touchmove', handle(0), opts);
  window.addEventListener('touchend', handle(2), opts);
  window.addEventListener('touchcancel', handle(2), opts);
});

// The learner's own settings kept by the browser (localStorage): the guide
// dismissed, the lessons' best scores, whether lessons ask questions. A page
// that may not use storage (some file:// and sandboxed frames) just forgets.
EM_JS(char*, storage_get, (const char* key), {
  var value = null;
  try { value = window.localStorage.getItem('tcplab.' + UTF8ToString(key)); } catch (e) {}
  if (value === null) value = "";
  var size = lengthBytesUTF8(value) + 1;
  var out = _malloc(size);
  stringToUTF8(value, out, size);
  return out;
});
EM_JS(void, storage_set, (const char* key, const char* value), {
  try { window.localStorage.setItem('tcplab.' + UTF8ToString(key), UTF8ToString(value)); } catch (e) {}
});
std::string stored(const char* key) {
  char* v = storage_get(key);
  std::string out(v);
  std::free(v);
  return out;
}

// The page's query: questions on (unless the learner turned them off), the
// embedding page's defaults (Module.tcplabDefaults, a query string such as
// "layout=compact"), then the address's own, which wins.
std::string page_query() {
  using emscripten::val;
  std::string query = stored("ask") == "off" ? "ask=off" : "ask=on";
  const auto add = [&](std::string part) {
    if (!part.empty() && part[0] == '?') part.erase(0, 1);
    if (!part.empty()) query += "&" + part;
  };
  const val defaults = val::module_property("tcplabDefaults");
  if (defaults.isString()) add(defaults.as<std::string>());
  add(val::global("location")["search"].as<std::string>());
  return query;
}

// The page's address without query or fragment: share links start with it.
// (location.origin is "null" for file://, so the href is cut instead.)
std::string page_url() {
  const std::string href = emscripten::val::global("location")["href"].as<std::string>();
  return href.substr(0, href.find_first_of("?#"));
}

// A URL parameter the lab could not use: said in the page's notice (an
// element of index.html / embed.html) and on the console, as a warning (the
// lab runs on with that setting's default).
EM_JS(void, show_param_error, (const char* text), {
  var message = UTF8ToString(text);
  console.warn('TCP Lab: ' + message);
  var notice = document.getElementById('notice');
  var list = document.getElementById('notice-list');
  if (!notice || !list) return;
  var item = document.createElement('li');
  item.textContent = message;
  list.appendChild(item);
  notice.hidden = false;
});

// The Chinese font, only when Chinese is chosen: lab-page.js has it (fetched
// from fonts/zh-CN.otf, or embedded in the one-file lab) and hands the bytes
// to Module.labChineseFont, or the reason to Module.labChineseFontFailed.
EM_JS(void, request_chinese_font, (), {
  if (typeof Module.loadChineseFont !== 'function') {
    Module.labChineseFontFailed('this page has no Chinese font loader (lab-page.js)');
    return;
  }
  Module.loadChineseFont().then(function (bytes) { Module.labChineseFont(bytes); },
                                function (e) { Module.labChineseFontFailed(String(e && e.message || e)); });
});

// The document follows the lab's language: <html lang> (screen readers,
// the browser's own fonts) and the page's text around the canvas.
EM_JS(void, set_page_language, (const char* tag), {
  var lang = UTF8ToString(tag);
  document.documentElement.lang = lang;
  if (typeof Module.labPageLanguage === 'function') Module.labPageLanguage(lang);
});

// ImGui's clipboard is the system's: navigator.clipboard, which may refuse
// (no permission, an unfocused document, some file:// pages), then the older
// execCommand('copy'); the lab is told which, and its link popup says so.
EM_JS(void, copy_to_clipboard, (const char* text), {
  var value = UTF8ToString(text);
  function answer(ok) { Module.labClipboardWritten(ok); }
  function legacy() {
    var area = document.createElement('textarea');
    area.value = value;
    area.readOnly = true;
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand('copy'); } catch (e) {}
    area.remove();
    Module.canvas.focus();
    return ok;
  }
  if (navigator.clipboard && navigator.clipboard.writeText)
    navigator.clipboard.writeText(value).then(function () { answer(true); }, function () { answer(legacy()); });
  else
    answer(legacy());
});

void set_clipboard(void*, const char* text) {
  g.clipboard = text;
  copy_to_clipboard(text);
}
const char* get_clipboard(void*) { return g.clipboard.c_str(); }

// The narration as text in the page (#narration-text, an aria-live region):
// a screen reader reads each new line, and a learner can copy it.
EM_JS(void, narration_clear, (), {
  var box = document.getElementById('narration-text');
  if (box) box.replaceChildren();
});
EM_JS(void, narration_append, (const char* text), {
  var box = document.getElementById('narration-text');
  if (!box) return;
  var line = document.createElement('p');
  line.textContent = UTF8ToString(text);
  box.appendChild(line);
  while (box.childNodes.length > 300) box.removeChild(box.firstChild);
});

// Text typed into the lab's fields. GLFW turns keypresses into characters,
// but a character no key produces (Chinese through an input method, text
// inserted by the browser) comes only as an 'input' event on an editable
// element. While an ImGui text field is active a hidden textarea holds the
// focus: what it receives that no keypress brought goes to ImGui as UTF-8.
EM_JS(void, install_text_input, (), {
  var area = document.createElement('textarea');
  area.id = 'text-input';
  area.className = 'visually-hidden';
  area.setAttribute('aria-label', 'Text for the lab field being edited');
  area.setAttribute('autocomplete', 'off');
  document.body.appendChild(area);
  var keyed = false;  // a keypress brought this text, and GLFW has passed it on
  area.addEventListener('keypress', function () { keyed = true; });
  function take() {
    var text = area.value;
    area.value = String();
    if (text && !keyed) Module.labTypeText(text);
    keyed = false;
  }
  area.addEventListener('input', function (e) { if (!e.isComposing) take(); });
  area.addEventListener('compositionend', take);
  Module.labTextArea = area;
});
EM_JS(void, sync_text_focus, (bool want), {
  var area = Module.labTextArea;
  if (!area) return;
  if (want && document.activeElement !== area) area.focus({preventScroll: true});
  else if (!want && document.activeElement === area) Module.canvas.focus({preventScroll: true});
});

// Keys as ImGui 1.86 reads them: as levels, once a frame. A key pressed and
// released between two frames (a quick tap, Ctrl+A sent by a script, or any
// key during a slow frame) would never be seen down. So a release of a key
// pressed since the last frame waits until a frame has seen the key down.
struct KeyLatch {
  std::vector<int> pressed;                   // keys pressed since the last frame
  std::vector<std::array<int, 3>> released;   // {key, scancode, mods} held back a frame
};
KeyLatch key_latch;

void on_key(GLFWwindow* window, int key, int scancode, int action, int mods) {
  auto& l = key_latch;
  const bool unseen = std::find(l.pressed.begin(), l.pressed.end(), key) != l.pressed.end();
  if (action == GLFW_RELEASE && unseen) {
    l.released.push_back({key, scancode, mods});
    return;
  }
  if (action == GLFW_PRESS) l.pressed.push_back(key);
  ImGui_ImplGlfw_KeyCallback(window, key, scancode, action, mods);
}

// After a frame: every key pressed before it has now been seen down.
void release_latched_keys(GLFWwindow* window) {
  auto& l = key_latch;
  l.pressed.clear();
  for (const auto& r : l.released) ImGui_ImplGlfw_KeyCallback(window, r[0], r[1], GLFW_RELEASE, r[2]);
  l.released.clear();
}

// Hands the browser a file to save (the capture button's pcap).
EM_JS(void, save_file, (const char* name, const char* type, const std::uint8_t* bytes, int size), {
  var data = HEAPU8.slice(bytes, bytes + size);
  var url = URL.createObjectURL(new Blob([data], {type: UTF8ToString(type)}));
  var a = document.createElement('a');
  a.href = url;
  a.download = UTF8ToString(name);
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
});

// --- a real capture opened in the page (issue 17): read here, never uploaded ---

// A file dropped anywhere on the page, or picked after "Open capture…", is
// read by the browser and handed to the lab as bytes (Module.labOpenCapture).
EM_JS(void, install_capture_drop, (), {
  // The bytes of a dropped, picked or fetched capture, through the page's
  // LabApi as the API's loadCapture takes them; a refusal is said in the page.
  Module.labOpenCapture = function (name, bytes) {
    var answer = JSON.parse(Module.pageLabApi().loadCaptureBytes(bytes, name));
    if (answer.error) Module.labCaptureFailed(answer.error.replace(/^loadCapture: /, String()));
    if (window.tcplab) window.tcplab.pump();
    return answer;
  };
  function open(file) {
    file.arrayBuffer().then(function (buf) { Module.labOpenCapture(file.name, new Uint8Array(buf)); },
      function (err) { Module.labCaptureFailed(file.name + ': the browser could not read the file (' + err + ')'); });
  }
  Module.labOpenFile = open;
  window.addEventListener('dragover', function (e) {
    if (e.dataTransfer && Array.prototype.indexOf.call(e.dataTransfer.types, 'Files') >= 0) {
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
    }
  });
  window.addEventListener('drop', function (e) {
    if (!e.dataTransfer || e.dataTransfer.files.length === 0) return;
    e.preventDefault();
    open(e.dataTransfer.files[0]);
  });
});
EM_JS(void, pick_capture_file, (), {
  var input = document.createElement('input');
  input.type = 'file';
  input.accept = '.pcap,.pcapng,.cap,.dmp,application/vnd.tcpdump.pcap';
  input.style.display = 'none';
  input.addEventListener('change', function () {
    if (input.files.length > 0) Module.labOpenFile(input.files[0]);
    input.remove();
  });
  document.body.appendChild(input);
  input.click();
});
// capture=URL: fetched from the page's own site only (a course's trace beside
// its lesson); any other origin is refused with a message, never fetched.
EM_JS(void, fetch_capture, (const char* address), {
  var text = UTF8ToString(address);
  var url;
  try { url = new URL(text, location.href); } catch (e) { url = null; }
  var where = "parameter 'capture' = '" + text + "': ";
  if (!url) { Module.labCaptureFailed(where + 'not a URL'); return; }
  if (url.origin !== location.origin || location.origin === 'null') {
    Module.labCaptureFailed(where + "only a capture on this page's own site (" + location.origin +
      ') can be opened from the address; download it and drop it on the lab instead');
    return;
  }
  var name = decodeURIComponent(url.pathname.split('/').pop() || 'capture');
  fetch(url.href).then(function (r) {
    if (!r.ok) throw new Error('HTTP ' + r.status + ' ' + r.statusText);
    return r.arrayBuffer();
  }).then(function (buf) { Module.labOpenCapture(name, new Uint8Array(buf)); },
    function (err) { Module.labCaptureFailed(where + 'could not be fetched (' + err.message + ')'); });
});

void open_requested_capture_picker() {
  if (g.app.take_open_capture_request()) pick_capture_file();
}

// A capture that could not be opened: in the lab (under the time bar) and in the page's notice.
void capture_failed(const std::string& message) {
  g.app.api().session().capture().fail(message);
  show_param_error(message.c_str());
}


// The ladder as a PNG: its pixels (RGBA, bottom row first, as GL reads them)
// drawn into a 2D canvas, which the browser encodes.
EM_JS(void, save_png, (const std::uint8_t* pixels, int w, int h, const char* name), {
  var canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  var ctx = canvas.getContext('2d');
  var image = ctx.createImageData(w, h);
  var row = w * 4;
  for (var y = 0; y < h; y++) image.data.set(HEAPU8.subarray(pixels + (h - 1 - y) * row, pixels + (h - y) * row), y * row);
  for (var i = 3; i < image.data.length; i += 4) image.data[i] = 255;  // the page behind the canvas is not part of it
  ctx.putImageData(image, 0, 0);
  var file = UTF8ToString(name);
  canvas.toBlob(function (blob) {
    var url = URL.createObjectURL(blob);
    var a = document.createElement('a');
    a.href = url;
    a.download = file;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }, 'image/png');
});

// After the frame is drawn, before it is shown: the ladder's pixels are in the framebuffer.
void save_requested_ladder_image() {
  const auto rect = g.app.take_ladder_image_request();
  if (!rect) return;
  const int x0 = std::max(0, static_cast<int>(rect->first.x)), y0 = std::max(0, static_cast<int>(rect->first.y));
  const int x1 = std::min(g.width, static_cast<int>(rect->second.x)), y1 = std::min(g.height, static_cast<int>(rect->second.y));
  if (x1 <= x0 || y1 <= y0) return;
  std::vector<std::uint8_t> pixels(static_cast<std::size_t>(x1 - x0) * static_cast<std::size_t>(y1 - y0) * 4);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(x0, g.height - y1, x1 - x0, y1 - y0, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
  save_png(pixels.data(), x1 - x0, y1 - y0, "tcplab-ladder.png");
}

void save_requested_capture() {
  if (!g.app.take_capture_request()) return;
  const auto pcap = g.app.capture();
  if (!pcap) {
    std::fprintf(stderr, "tcplab: no capture: %s\n", pcap.error().c_str());
    return;
  }
  save_file("tcplab.pcap", "application/vnd.tcpdump.pcap", pcap.value().data(), static_cast<int>(pcap.value().size()));
}

void mirror_narration() {
  static std::uint64_t generation = ~0ull;
  static std::size_t shown = 0;
  const auto& lines = g.app.narration_lines();
  // A new language: the narrator told the story again in it.
  if (g.app.narration_serial() != generation || lines.size() < shown || tcplab::ui::language() != g.narrated_in) {
    generation = g.app.narration_serial();
    g.narrated_in = tcplab::ui::language();
    shown = 0;
    narration_clear();
  }
  // A long run loaded at once (a share link) gives its newest lines only.
  if (lines.size() - shown > 300) shown = lines.size() - 300;
  for (; shown < lines.size(); ++shown) {
    const auto& l = lines[shown];
    char when[32];
    std::snprintf(when, sizeof when, "%.3f s: ", tcplab::micros(l.t) / 1e6);
    narration_append(((l.answer ? std::string() : std::string(when)) + l.text +
                      (l.reference.empty() ? std::string() : " (" + l.reference + ")")).c_str());
  }
}

// After the first frame on screen: the page's JavaScript API, and the event
// that tells the page (and embed.js) it is there.
EM_JS(void, announce_api, (), {
  if (typeof Module.wrapLab !== 'function') {
    console.warn('TCP Lab: this build has no JavaScript API (Module.wrapLab); window.tcplab is not set');
    return;
  }
  window.tcplab = Module.wrapLab(Module.pageLabApi(), {page: true});
  window.dispatchEvent(new CustomEvent('tcplab-ready', {detail: window.tcplab}));
});
// Once a frame: the API's listeners hear what the frame did.
EM_JS(void, pump_api_events, (), {
  if (window.tcplab) window.tcplab.pump();
});

// The Chinese glyphs merged into the UI font: exactly the characters the
// Chinese tables and lessons use (the font was cut to the same set), DejaVu
// keeping the Latin ones.
void merge_chinese_font(float pixels) {
  ImGuiIO& io = ImGui::GetIO();
  if (g.chinese_ranges.empty()) {
    ImFontGlyphRangesBuilder builder;
    builder.AddText(tcplab::ui::all_chinese_text(g.app.session().lessons()).c_str());
    builder.BuildRanges(&g.chinese_ranges);
  }
  ImFontConfig cfg;
  cfg.MergeMode = true;
  cfg.OversampleH = 1;  // thousands of strokes: one sample keeps the atlas small
  cfg.PixelSnapH = true;
  cfg.FontDataOwnedByAtlas = false;  // g.chinese_font keeps the bytes for every rebuild
  // ImGui sizes a font by its ascent minus descent; Noto CJK's span 1.45 em
  // (DejaVu's 1.16), so at the same size its characters would look a size
  // smaller than the Latin beside them.
  if (!io.Fonts->AddFontFromMemoryTTF(g.chinese_font.data(), static_cast<int>(g.chinese_font.size()), std::round(pixels * 1.18f), &cfg,
                                      g.chinese_ranges.Data))
    std::fprintf(stderr, "tcplab: the Chinese font could not be read\n");
}

// A file built into the page (web/page_files.h), or nullptr.
const tcplab::web::PageFile* page_file(std::string_view path) {
  for (const tcplab::web::PageFile& f : tcplab::web::page_files())
    if (f.path == path) return &f;
  return nullptr;
}

// The lessons built into the page, as the session reads them.
std::vector<tcplab::LabSession::LessonSource> page_lessons() {
  constexpr std::string_view kDir = "scenarios/";
  std::vector<tcplab::LabSession::LessonSource> lessons;
  for (const tcplab::web::PageFile& f : tcplab::web::page_files())
    if (f.path.starts_with(kDir))
      lessons.push_back({std::string(f.path.substr(kDir.size())),
                         std::string_view(reinterpret_cast<const char*>(f.bytes.data()), f.bytes.size())});
  return lessons;
}

// Rebuild fonts and style for a device pixel ratio: text is rasterised at
// the screen's real resolution, so it stays sharp on high-DPI displays.
void rebuild_for_scale(float scale) {
  const float font_css = g.app.font_css_pixels();
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  ImFontConfig cfg;
  cfg.OversampleH = 2;
  cfg.PixelSnapH = false;
  // The glyphs the lab's strings use (the same ranges the font is cut down to).
  static const ImWchar kRanges[] = {0x0020, 0x00FF, 0x2013, 0x2026, 0x2190, 0x21FF, 0x2212, 0x2212,
                                    0x2713, 0x2717, 0x23F8, 0x23F8, 0x25A0, 0x25B6, 0};
  cfg.FontDataOwnedByAtlas = false;  // the bytes are the wasm's own data
  const tcplab::web::PageFile* file = page_file("fonts/DejaVuSans.ttf");
  ImFont* font = file ? io.Fonts->AddFontFromMemoryTTF(const_cast<unsigned char*>(file->bytes.data()),
                                                        static_cast<int>(file->bytes.size()), std::round(font_css * scale),
                                                        &cfg, kRanges)
                      : nullptr;
  if (!font) {
    std::fprintf(stderr, "tcplab: fonts/DejaVuSans.ttf missing, using ImGui's built-in font\n");
    ImFontConfig fallback;
    fallback.SizePixels = std::round(13.0f * scale);
    io.Fonts->AddFontDefault(&fallback);
  }
  if (g.chinese == Platform::Font::Ready) merge_chinese_font(std::round(font_css * scale));
  io.Fonts->Build();
  // Only the font texture is made again. Not DestroyDeviceObjects: ImGui
  // 1.86's OpenGL3 backend keeps its old buffer sizes for the new buffers, and
  // the next frame's glBufferSubData overflows them (a blank canvas). Before
  // the first frame there is nothing to replace: NewFrame makes it all.
  if (g.gl_ready) {
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
  }
  tcplab::ui::apply_style(scale, g.app.compact());
  g.scale = scale;
  g.font_css = font_css;
  g.compact = g.app.compact();
}

// Test hook: the text a frame drew, read back from its vertices. Every glyph
// ImGui draws is a quad whose first corner has the glyph's (U0, V0) in the
// font atlas, so the vertex buffers spell out what is on screen, whichever
// call drew it (widgets or ImDrawList::AddText); a jump back or down starts a
// new line, a gap wider than a quarter of the font a space.
void append_utf8(std::string& out, unsigned c) {
  if (c < 0x80) out += static_cast<char>(c);
  else if (c < 0x800) { out += static_cast<char>(0xC0 | (c >> 6)); out += static_cast<char>(0x80 | (c & 0x3F)); }
  else {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

std::string drawn_text(const ImDrawData* data) {
  const ImFont* font = ImGui::GetIO().Fonts->Fonts[0];
  std::map<std::pair<float, float>, const ImFontGlyph*> by_uv;
  for (const ImFontGlyph& gl : font->Glyphs)
    if (gl.Visible) by_uv[{gl.U0, gl.V0}] = &gl;
  const float space = font->FindGlyph(' ')->AdvanceX;
  std::string out;
  float pen_end = -1e9f, last_top = -1e9f;  // where the previous glyph's advance ended, its line
  for (int l = 0; l < data->CmdListsCount; ++l) {
    const ImVector<ImDrawVert>& v = data->CmdLists[l]->VtxBuffer;
    for (int i = 0; i + 3 < v.Size; ++i) {
      const auto it = by_uv.find({v[i].uv.x, v[i].uv.y});
      if (it == by_uv.end() || v[i + 2].uv.x != it->second->U1 || v[i + 2].uv.y != it->second->V1) continue;
      const ImFontGlyph& gl = *it->second;
      // Drawn at another size than the font's (ImDrawList::AddText with a size): scale by the quad.
      const float scale = gl.X1 > gl.X0 ? (v[i + 1].pos.x - v[i].pos.x) / (gl.X1 - gl.X0) : 1.0f;
      const float pen = v[i].pos.x - gl.X0 * scale, top = v[i].pos.y - gl.Y0 * scale;
      if (std::fabs(top - last_top) > space * scale || pen < pen_end - space * scale) out += '\n';
      else if (pen - pen_end > space * scale * 0.5f) out += ' ';
      append_utf8(out, gl.Codepoint);
      pen_end = pen + gl.AdvanceX * scale;
      last_top = top;
      i += 3;
    }
  }
  return out;
}

// Keep the canvas's backing store at CSS size x devicePixelRatio.
void follow_canvas_size() {
  double css_w = 0, css_h = 0;
  emscripten_get_element_css_size("#canvas", &css_w, &css_h);
  const float scale = static_cast<float>(emscripten_get_device_pixel_ratio());
  const int w = static_cast<int>(std::lround(css_w * scale));
  const int h = static_cast<int>(std::lround(css_h * scale));
  if (w > 0 && h > 0 && (w != g.width || h != g.height)) {
    // Not glfwSetWindowSize: Emscripten's GLFW asks for fullscreen when the
    // size equals the screen's, which the browser refuses without a gesture.
    emscripten_set_canvas_element_size("#canvas", w, h);
    g.width = w;
    g.height = h;
  }
  if (scale != g.scale || g.app.font_css_pixels() != g.font_css || g.app.compact() != g.compact) rebuild_for_scale(scale);
}

// Show the mouse cursor ImGui asks for (a hand over buttons, a beam over text).
void sync_css_cursor() {
  static ImGuiMouseCursor shown = ImGuiMouseCursor_Arrow;
  const ImGuiMouseCursor want = ImGui::GetMouseCursor();
  if (want == shown) return;
  shown = want;
  const char* css = "default";
  switch (want) {
    case ImGuiMouseCursor_None: css = "none"; break;
    case ImGuiMouseCursor_TextInput: css = "text"; break;
    case ImGuiMouseCursor_ResizeAll: css = "move"; break;
    case ImGuiMouseCursor_ResizeNS: css = "ns-resize"; break;
    case ImGuiMouseCursor_ResizeEW: css = "ew-resize"; break;
    case ImGuiMouseCursor_ResizeNESW: css = "nesw-resize"; break;
    case ImGuiMouseCursor_ResizeNWSE: css = "nwse-resize"; break;
    case ImGuiMouseCursor_Hand: css = "pointer"; break;
    case ImGuiMouseCursor_NotAllowed: css = "not-allowed"; break;
    default: break;
  }
  EM_ASM({ Module.canvas.style.cursor = UTF8ToString($0); }, css);  // NOLINT
}

// Chinese wanted: fetch its font once; the lab speaks Chinese once it is in the atlas.
void follow_language() {
  if (g.app.wants_chinese() && g.chinese == Platform::Font::None) {
    g.chinese = Platform::Font::Requested;
    request_chinese_font();
  }
  // The page speaks the chosen language at once (the browser has fonts for
  // it); the canvas follows when the font is in, unless it cannot come.
  const std::string lang = g.chinese == Platform::Font::Failed ? "en" : g.app.session().view().lang;
  if (lang != g.page_lang) {
    g.page_lang = lang;
    set_page_language(lang.c_str());
  }
}

// What the learner did that outlives the page: the guide dismissed, a best score, the ask switch.
void remember_progress() {
  if (g.app.take_guide_dismissed()) storage_set("guide", "done");
  if (g.app.take_progress_changed()) {
    storage_set("progress", g.app.progress_json().c_str());
    storage_set("ask", g.app.session().view().ask ? "on" : "off");
  }
}

// A first visit (nothing in the address, the guide never dismissed, no
// "guide=off") opens the guided handshake instead of an empty lab.
void open_guide_on_first_visit() {
  const std::string search = emscripten::val::global("location")["search"].as<std::string>();
  const bool plain = search.empty() || search == "?";
  if (plain && g.app.session().view().guide && !g.app.session().lesson() && stored("guide") != "done") g.app.open_guide();
}

void frame() {
  const double started = emscripten_get_now();
  follow_language();
  follow_canvas_size();
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  // GLFW's idea of the window size is stale (see follow_canvas_size); the
  // canvas is the truth, and mouse positions arrive in its pixels too.
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = ImVec2(static_cast<float>(g.width), static_cast<float>(g.height));
  io.DisplayFramebufferScale = ImVec2(1, 1);
  g.app.before_frame(io);  // touches and Enter on the focused control
  ImGui::NewFrame();
  g.app.draw(ImGui::GetIO().DisplaySize, g.scale);
  ImGui::Render();
  release_latched_keys(g.window);
  if (g.record_text) g.drawn = drawn_text(ImGui::GetDrawData());
  sync_css_cursor();

  glViewport(0, 0, g.width, g.height);
  const ImU32 bg = tcplab::ui::theme().background;
  glClearColor(((bg >> IM_COL32_R_SHIFT) & 0xFF) / 255.0f, ((bg >> IM_COL32_G_SHIFT) & 0xFF) / 255.0f,
               ((bg >> IM_COL32_B_SHIFT) & 0xFF) / 255.0f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  g.gl_ready = true;
  save_requested_ladder_image();
  if (g.frame_ms.size() < 100000) g.frame_ms.push_back(emscripten_get_now() - started);
  // Tell the page a frame is on screen (the browser test waits for this).
  EM_ASM({
    if (!Module.framesRendered) Module.framesRendered = 0;
    Module.framesRendered++;
  });
  if (!g.api_announced) {
    g.api_announced = true;
    announce_api();
  }
  pump_api_events();
  remember_progress();
  mirror_narration();
  save_requested_capture();
  open_requested_capture_picker();
  sync_text_focus(ImGui::GetIO().WantTextInput);
}

// Emscripten 3.1.6's GLFW listens to both 'wheel' and 'mousewheel' and passes
// each one's raw delta with opposite signs, so a notch scrolls by +120 and
// -120 at once: nothing moves. Read the standard wheel event ourselves.
EM_BOOL on_wheel(int, const EmscriptenWheelEvent* e, void*) {
  const double per_notch = e->deltaMode == DOM_DELTA_PIXEL ? 100.0 : e->deltaMode == DOM_DELTA_LINE ? 3.0 : 1.0;
  ImGuiIO& io = ImGui::GetIO();
  io.MouseWheel -= static_cast<float>(e->deltaY / per_notch);
  io.MouseWheelH -= static_cast<float>(e->deltaX / per_notch);
  return EM_TRUE;
}

// --- test hooks: read by tests/browser and bench/, not a public API ---
std::string lab_snapshot() { return g.app.snapshot_json(); }
std::string lab_hit_targets() { return g.app.hit_targets_json(); }
void lab_load_bulk(int segments) { g.app.load_bulk_transfer(static_cast<std::size_t>(std::max(segments, 1))); }
// The trace's bytes (capacity included) and the inputs logged: what a long
// run keeps in the page's memory (bench/ui_frame_bench.mjs).
std::string lab_memory() {
  const tcplab::World& w = g.app.session().world();
  return tcplab::JsonObject{}
      .num("trace_bytes", static_cast<long long>(w.trace().memory_bytes()))
      .num("inputs", static_cast<long long>(w.input_count()))
      .done();
}
// Module.createLab() in the page: its lessons are the page's built-in ones
// (the page has no file system for LabApi's directory to be read from).
void lab_load_page_lessons(tcplab::LabApi& api) { api.session().load_lessons(page_lessons()); }
// The CPU milliseconds of the frames since the last call (JSON array).
std::string lab_take_frame_times() {
  std::vector<std::string> ms;
  for (const double t : g.frame_ms) ms.push_back(std::to_string(t));
  g.frame_ms.clear();
  return tcplab::json_array(ms);
}

// Every text drawn in the last frame while recording is on (labRecordText(true)),
// one line per row on screen (drawn_text).
void lab_record_text(bool on) { g.record_text = on; }
std::string lab_drawn_text() { return g.drawn; }
// The string tables, [{id, en, zh}] (zh null when missing): the browser test
// looks for English text drawn where Chinese exists.
std::string lab_strings() {
  using namespace tcplab::ui;
  std::vector<std::string> rows;
  const auto row = [&](const std::string& id, std::string_view en, const char* zh) {
    rows.push_back(tcplab::JsonObject().str("id", id).str("en", en).raw("zh", zh ? tcplab::json_string(zh) : "null").done());
  };
  for (std::size_t i = 0; i < kStrCount; ++i) row("str" + std::to_string(i), english(static_cast<Str>(i)), zh_string(static_cast<Str>(i)));
#define TCPLAB_WEB_RULE_ROW(name, id, ref, text) row(std::string("rule ") + id, text, zh_rule(id));
  TCPLAB_RULES(TCPLAB_WEB_RULE_ROW)
#undef TCPLAB_WEB_RULE_ROW
  for (const ZhPair& p : zh_term_table()) row("term", p.key, p.zh);
  return tcplab::json_array(rows);
}

// The page's LabApi, for Module.wrapLab (window.tcplab).
tcplab::LabApi* page_lab_api() { return &g.app.api(); }
void clipboard_written(bool ok) { g.app.clipboard_written(ok); }
// The Chinese font's bytes (request_chinese_font): into the atlas at the next frame.
void chinese_font_loaded(const std::string& bytes) {
  g.chinese_font = bytes;
  g.chinese = Platform::Font::Ready;
  g.scale = 0;  // follow_canvas_size rebuilds the fonts
  g.app.set_chinese_font_ready(true);
}
void chinese_font_failed(const std::string& why) {
  g.chinese = Platform::Font::Failed;
  std::fprintf(stderr, "tcplab: no Chinese font (%s); the lab stays in English\n", why.c_str());
}
// Text from the page's text area (install_text_input), as UTF-8.
void lab_type_text(const std::string& text) { ImGui::GetIO().AddInputCharactersUTF8(text.c_str()); }
// A touch on the canvas, in canvas pixels: kind 0 move, 1 down, 2 up.
void lab_touch(int kind, double x, double y) {
  using tcplab::ui::PointerScript;
  g.app.pointer().push(kind == 1 ? PointerScript::Down : kind == 2 ? PointerScript::Up : PointerScript::Move,
                       ImVec2(static_cast<float>(x), static_cast<float>(y)));
}

}  // namespace

EMSCRIPTEN_BINDINGS(tcplab_page) {
  emscripten::function("pageLabApi", &page_lab_api, emscripten::allow_raw_pointers());
  emscripten::function("labClipboardWritten", &clipboard_written);
  emscripten::function("labChineseFont", &chinese_font_loaded);
  emscripten::function("labChineseFontFailed", &chinese_font_failed);
  emscripten::function("labTouch", &lab_touch);
  emscripten::function("labTypeText", &lab_type_text);
  emscripten::function("labCaptureFailed", &capture_failed);
}

EMSCRIPTEN_BINDINGS(tcplab_lab_test_hooks) {
  emscripten::function("labSnapshot", &lab_snapshot);
  emscripten::function("labHitTargets", &lab_hit_targets);
  emscripten::function("labLoadBulk", &lab_load_bulk);
  emscripten::function("labTakeFrameTimes", &lab_take_frame_times);
  emscripten::function("labMemory", &lab_memory);
  emscripten::function("labLoadPageLessons", &lab_load_page_lessons);
  emscripten::function("labRecordText", &lab_record_text);
  emscripten::function("labDrawnText", &lab_drawn_text);
  emscripten::function("labStrings", &lab_strings);
}

int main() {
  // window.tcplab words questions as the page does, in the page's language.
  static const tcplab::ui::UiQuestionWords question_words;
  g.app.api().set_words(question_words);
  if (!glfwInit()) {
    std::fprintf(stderr, "tcplab: glfwInit failed\n");
    return 1;
  }
  glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  g.window = glfwCreateWindow(1280, 720, "TCP Lab", nullptr, nullptr);
  if (!g.window) {
    std::fprintf(stderr, "tcplab: could not create a WebGL2 context\n");
    return 1;
  }
  glfwMakeContextCurrent(g.window);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // no filesystem to keep layouts in
  // Emscripten's GLFW turns cursor changes into pointer-lock calls that the
  // browser rejects; the page sets CSS cursors itself (sync_css_cursor).
  io.ConfigFlags |= ImGuiConfigFlags_NoMouseCursorChange;
  ImGui_ImplGlfw_InitForOpenGL(g.window, true);
  ImGui_ImplOpenGL3_Init("#version 300 es");
  glfwSetScrollCallback(g.window, nullptr);
  glfwSetKeyCallback(g.window, on_key);  // after ImGui's: on_key passes keys on to it
  emscripten_set_wheel_callback("#canvas", nullptr, EM_TRUE, on_wheel);
  install_touch();
  install_text_input();
  install_capture_drop();
  io.SetClipboardTextFn = set_clipboard;
  io.GetClipboardTextFn = get_clipboard;
  for (const std::string& err : g.app.load_lessons(page_lessons())) std::fprintf(stderr, "tcplab: %s\n", err.c_str());
  // The URL's settings, after the lessons are known (lesson=...). A bad one
  // keeps its default and is reported; the lab always starts.
  g.app.set_page_url(page_url());
  g.app.set_chinese_font_ready(false);  // fetched when Chinese is chosen (follow_language)
  const auto errors = g.app.api().open_page(page_query());
  // The notice is the browser's text, which needs no font of ours: it speaks the chosen language at once.
  tcplab::ui::set_language(tcplab::ui::parse_language(g.app.api().view().lang).value_or(tcplab::ui::Language::English));
  for (const tcplab::ParamError& e : errors) show_param_error(tcplab::ui::param_error_text(e).c_str());
  tcplab::ui::set_language(tcplab::ui::Language::English);
  if (!g.app.api().view().capture_url.empty()) fetch_capture(g.app.api().view().capture_url.c_str());
  g.app.set_progress_json(stored("progress"));
  open_guide_on_first_visit();

  emscripten_set_main_loop(frame, 0, true);
  return 0;
}
