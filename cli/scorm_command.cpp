// tcplab scorm LESSON... -o FILE.zip: a SCORM 1.2 package of lessons for a
// learning management system. One SCO per lesson, each launching the
// single-file lab (build/web-single/tcplab.html) on its lesson with its
// questions on; the lab's scorm.js finds the LMS's API in a parent frame and
// reports cmi.core.lesson_status and cmi.core.score.raw.
#include <cstdio>
#include <filesystem>
#include <optional>
#include <span>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "commands.h"
#include "core/scenario/scenario.h"
#include "zip_writer.h"

namespace tcplab::cli {

namespace {

constexpr const char* kUsage =
    "usage: tcplab scorm LESSON... -o FILE.zip [--lab tcplab.html] [--lessons DIR] [--title TEXT]\n"
    "  LESSON: a lesson's name (handshake) among DIR's *.scenario files (default: scenarios)\n"
    "  --lab: the single-file lab (default: build/web-single/tcplab.html)\n";

struct ScormOptions {
  std::vector<std::string> lessons;
  std::string out, lab = "build/web-single/tcplab.html", dir = "scenarios", title = "TCP Lab";
};

std::optional<std::string> read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in || std::filesystem::is_directory(path)) return std::nullopt;
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string xml_escape(std::string_view s) {
  std::string out;
  for (const char c : s) {
    if (c == '&') out += "&amp;";
    else if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c == '"') out += "&quot;";
    else out += c;
  }
  return out;
}

std::optional<ScormOptions> parse_scorm_options(std::span<char* const> args) {
  ScormOptions o;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string a = args[i];
    const bool has_value = i + 1 < args.size();
    if ((a == "-o" || a == "--lab" || a == "--lessons" || a == "--title") && !has_value) {
      std::fprintf(stderr, "tcplab scorm: %s needs a value\n%s", a.c_str(), kUsage);
      return std::nullopt;
    }
    if (a == "-o") o.out = args[++i];
    else if (a == "--lab") o.lab = args[++i];
    else if (a == "--lessons") o.dir = args[++i];
    else if (a == "--title") o.title = args[++i];
    else if (!a.empty() && a[0] == '-') {
      std::fprintf(stderr, "tcplab scorm: unknown option '%s'\n%s", a.c_str(), kUsage);
      return std::nullopt;
    } else o.lessons.push_back(a);
  }
  if (o.lessons.empty() || o.out.empty()) {
    std::fprintf(stderr, "tcplab scorm: %s\n%s", o.out.empty() ? "-o FILE.zip is required" : "name at least one lesson",
                 kUsage);
    return std::nullopt;
  }
  return o;
}

struct PackagedLesson {
  std::string name, title;
};

std::string manifest(const ScormOptions& o, const std::vector<PackagedLesson>& lessons) {
  std::string items, resources;
  for (const PackagedLesson& l : lessons) {
    items += "      <item identifier=\"item-" + xml_escape(l.name) + "\" identifierref=\"res-" + xml_escape(l.name) +
             "\" isvisible=\"true\">\n        <title>" + xml_escape(l.title) + "</title>\n      </item>\n";
    // The lesson, its questions on, no first-visit guide: the course chose the lesson.
    resources += "    <resource identifier=\"res-" + xml_escape(l.name) +
                 "\" type=\"webcontent\" adlcp:scormtype=\"sco\" href=\"tcplab.html?lesson=" + xml_escape(l.name) +
                 "&amp;ask=on&amp;guide=off\">\n      <file href=\"tcplab.html\"/>\n    </resource>\n";
  }
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<manifest identifier=\"tcplab-course\" version=\"1.0\"\n"
         "  xmlns=\"http://www.imsproject.org/xsd/imscp_rootv1p1p2\"\n"
         "  xmlns:adlcp=\"http://www.adlnet.org/xsd/adlcp_rootv1p2\"\n"
         "  xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
         "  xsi:schemaLocation=\"http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd "
         "http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd\">\n"
         "  <metadata>\n    <schema>ADL SCORM</schema>\n    <schemaversion>1.2</schemaversion>\n  </metadata>\n"
         "  <organizations default=\"tcplab\">\n    <organization identifier=\"tcplab\">\n      <title>" +
         xml_escape(o.title) + "</title>\n" + items + "    </organization>\n  </organizations>\n  <resources>\n" +
         resources + "  </resources>\n</manifest>\n";
}

}  // namespace

int cmd_scorm(std::span<char* const> args) {
  const auto o = parse_scorm_options(args);
  if (!o) return 2;
  const auto lab = read_text(o->lab);
  if (!lab) {
    std::fprintf(stderr, "tcplab scorm: cannot read the single-file lab '%s' (build it: cmake --build --preset web)\n",
                 o->lab.c_str());
    return 2;
  }
  std::vector<PackagedLesson> lessons;
  for (const std::string& name : o->lessons) {
    const std::string path = (std::filesystem::path(o->dir) / (name + ".scenario")).string();
    const auto text = read_text(path);
    if (!text) {
      std::fprintf(stderr, "tcplab scorm: no lesson '%s' (cannot read '%s')\n", name.c_str(), path.c_str());
      return 2;
    }
    auto sc = parse_scenario(*text, path);
    if (!sc) {
      std::fprintf(stderr, "%s\n", sc.error().text().c_str());
      return 2;
    }
    lessons.push_back({name, sc.value().title.empty() ? name : sc.value().title});
  }
  ZipWriter zip;
  zip.add("imsmanifest.xml", manifest(*o, lessons));
  zip.add("tcplab.html", *lab);
  const std::vector<std::uint8_t> bytes = zip.finish();
  std::ofstream out(o->out, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  if (!out) {
    std::fprintf(stderr, "tcplab scorm: cannot write '%s'\n", o->out.c_str());
    return 2;
  }
  std::printf("%s: %zu lesson(s), %zu bytes\n", o->out.c_str(), lessons.size(), bytes.size());
  return 0;
}

}  // namespace tcplab::cli
