#!/usr/bin/env python3
"""Checks that includes point down the layers (docs/architecture.md).

Reads every #include in core/, imgui_app/, web/ and cli/ below ROOT and
prints one line per include that breaks a rule:

    core/tcp/connection.h:12: core/tcp may not include core/sim (tcp includes nothing of sim)

Exit status 1 when any line was printed, 2 for bad usage, else 0. With
--expect FILE it checks itself instead: the lines must be exactly FILE's
(tests/data/include_rules/bad breaks every rule once).

The rules:
  - core's rooms include only rooms below them:
      base <- wire <- tcp <- {sim, drill, capture};  sim <- scenario <- lab;  capture <- lab
    so tcp includes nothing of sim, drill nothing of sim or scenario.
  - core's includes are spelled with the folder ("core/tcp/state.h"), never
    relative ("state.h"): one spelling everywhere.
  - nothing in core includes imgui_app/, web/ or cli/, nor Dear ImGui,
    GLFW or Emscripten headers: the core runs natively, headless.
  - imgui_app never includes web/ (nor Emscripten or GLFW headers): the UI
    knows the core and Dear ImGui, nothing of the platform it runs on.
  - cli includes nothing of imgui_app/ or web/.
A room of core/ that the rules do not know is itself an error, so a new
room gets its place in the order before it gets code.
"""
import os
import re
import sys

# What each room of core/ may include (itself always), with the rule's words.
CORE_ROOMS = {
    "base": set(),
    "wire": {"base"},
    "tcp": {"base", "wire"},
    "sim": {"base", "wire", "tcp"},
    "drill": {"base", "wire", "tcp"},
    "capture": {"base", "wire", "tcp"},
    "scenario": {"base", "wire", "tcp", "sim"},
    "lab": {"base", "wire", "tcp", "sim", "scenario", "capture"},
}
ORDER = "base <- wire <- tcp <- {sim, drill, capture}; sim <- scenario <- lab; capture <- lab"
SPECIAL = {
    ("tcp", "sim"): "tcp includes nothing of sim",
    ("drill", "sim"): "drill includes nothing of sim or scenario",
    ("drill", "scenario"): "drill includes nothing of sim or scenario",
}
PLATFORM = re.compile(r"^(imgui|imgui_impl_\w+|imgui_internal)\.h$|^(GLFW|emscripten)/|^emscripten\.h$")
BROWSER = re.compile(r"^(GLFW|emscripten)/|^emscripten\.h$")
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')
SOURCE_EXT = (".h", ".hpp", ".cpp", ".cc", ".c", ".inc")
TOP = ("core", "imgui_app", "web", "cli")


def target_of(root, file_rel, spelled, quoted):
    """The repository path an include names ('core/tcp/state.h', 'imgui_app/theme.h'), or None for a system header."""
    if not quoted:
        return None
    if spelled.split("/")[0] in TOP:
        return spelled
    # Relative to the including file (imgui_app's own headers are spelled so).
    local = os.path.normpath(os.path.join(os.path.dirname(file_rel), spelled))
    if os.path.exists(os.path.join(root, local)):
        return local.replace(os.sep, "/")
    return None  # a third-party header found on the include path


def room_of(path):
    """'core/tcp' for core/tcp/x.h, 'imgui_app' for imgui_app/x.h."""
    parts = path.split("/")
    if parts[0] == "core" and len(parts) > 2:
        return "core/" + parts[1]
    return parts[0]


def violations(root, file_rel, line_no, kind, spelled):
    """The rule(s) one include breaks: a list of (what it includes, why)."""
    out = []
    quoted = kind == '"'
    src = room_of(file_rel)
    target = target_of(root, file_rel, spelled, quoted)
    if src.startswith("core/"):
        room = src[len("core/"):]
        if not quoted and PLATFORM.search(spelled):
            out.append((spelled, "nothing in core includes Dear ImGui, GLFW or Emscripten"))
        if quoted and spelled.split("/")[0] not in TOP and target is not None:
            out.append((spelled, 'core spells its includes with the folder: "' + target + '"'))
        if target is not None:
            dst = room_of(target)
            if dst in ("imgui_app", "web", "cli"):
                out.append((target, "nothing in core includes imgui_app, web or cli"))
            elif dst.startswith("core/") and dst != src:
                other = dst[len("core/"):]
                if other not in CORE_ROOMS:
                    out.append((target, "core/" + other + " is not a room the include rules know: add it to tools/check_includes.py"))
                elif room in CORE_ROOMS and other not in CORE_ROOMS[room]:
                    out.append((target, SPECIAL.get((room, other), "includes point down: " + ORDER)))
    elif src == "imgui_app":
        if target is not None and room_of(target) == "web":
            out.append((target, "imgui_app never includes web"))
        if not quoted and BROWSER.search(spelled):
            out.append((spelled, "imgui_app knows nothing of the platform (Emscripten, GLFW): that is web's"))
    elif src == "cli":
        if target is not None and room_of(target) in ("imgui_app", "web"):
            out.append((target, "cli includes nothing of imgui_app or web"))
    return out


def check(root):
    lines = []
    for top in TOP:
        base = os.path.join(root, top)
        if not os.path.isdir(base):
            continue
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames.sort()
            rel_dir = os.path.relpath(dirpath, root).replace(os.sep, "/")
            if top == "core" and rel_dir.count("/") == 1:
                room = rel_dir.split("/")[1]
                if room not in CORE_ROOMS:
                    lines.append(rel_dir + ": core/" + room + " is not a room the include rules know: add it to tools/check_includes.py")
            for name in sorted(filenames):
                if not name.endswith(SOURCE_EXT):
                    continue
                file_rel = rel_dir + "/" + name
                if top == "core" and rel_dir == "core":
                    lines.append(file_rel + ": core's files live in its rooms (core/base, core/tcp...), not in core/ itself")
                with open(os.path.join(dirpath, name), encoding="utf-8", errors="replace") as f:
                    for n, text in enumerate(f, 1):
                        m = INCLUDE.match(text)
                        if not m:
                            continue
                        for what, why in violations(root, file_rel, n, m.group(1), m.group(2)):
                            lines.append("%s:%d: %s may not include %s (%s)" % (file_rel, n, room_of(file_rel), what, why))
    return lines


def main(argv):
    args = argv[1:]
    expect = None
    if len(args) == 3 and args[0] == "--expect":
        expect, args = args[1], args[2:]
    if len(args) != 1 or args[0].startswith("-"):
        sys.stderr.write("usage: check_includes.py [--expect FILE] ROOT\n"
                         "  --expect FILE: succeed when the lines printed are exactly FILE's (the checker's own test)\n")
        return 2
    root = args[0]
    if not os.path.isdir(os.path.join(root, "core")):
        sys.stderr.write("check_includes.py: %s has no core/ folder\n" % root)
        return 2
    lines = check(root)
    if expect is not None:
        with open(expect, encoding="utf-8") as f:
            wanted = [line.rstrip("\n") for line in f if line.strip()]
        if lines == wanted:
            print("the checker printed the %d expected lines" % len(lines))
            return 0
        print("expected (%s):\n  %s\ngot:\n  %s" % (expect, "\n  ".join(wanted), "\n  ".join(lines)))
        return 1
    for line in lines:
        print(line)
    if not lines:
        print("includes point down: every include in core/, imgui_app/, web/ and cli/ follows the rules")
    return 1 if lines else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
