#!/usr/bin/env python3
"""The characters the Chinese (zh-CN) lab can show, for cutting its font.

Reads the Chinese tables (imgui_app/strings_zh.cpp: every string literal in
it) and the lessons' "title zh-CN" / "description zh-CN" / "summary zh-CN" lines
and the `zh-CN "..."` texts of their steps, questions and hints, and writes
each code point they use once, plus printable ASCII, as UTF-8 text: the
--text-file pyftsubset cuts Noto Sans CJK SC to (web/CMakeLists.txt), and
what tests/ui/check_zh_font.py checks the cut font's cmap against. A string
added to the tables is in the next build's font: no empty boxes.

Usage: zh_font_text.py --tables imgui_app/strings_zh.cpp --lessons scenarios --out FILE
"""
import argparse
import pathlib
import re
import sys

LITERAL = re.compile(r'"((?:[^"\\\n]|\\.)*)"')
LOCALIZED = re.compile(r'^\s*(?:title|description|summary)\s+zh-CN\s+(.*)$')
# A step's, question's or hint's Chinese: zh-CN followed by a quoted text.
TRANSLATED = re.compile(r'\bzh-CN\s+"((?:[^"\\]|\\.)*)"')


def table_text(path):
    """Every string literal's characters (escapes read as the character they stand for)."""
    out = []
    for m in LITERAL.finditer(pathlib.Path(path).read_text(encoding='utf-8')):
        out.append(re.sub(r'\\(.)', r'\1', m.group(1)))
    return ''.join(out)


def lesson_text(folder):
    out = []
    for f in sorted(pathlib.Path(folder).glob('*.scenario')):
        for line in f.read_text(encoding='utf-8').splitlines():
            m = LOCALIZED.match(line)
            if m:
                out.append(m.group(1))
            elif re.match(r'\s*(?:step|ask)\b', line):
                out.extend(re.sub(r'\\(.)', r'\1', t.group(1)) for t in TRANSLATED.finditer(line))
    return ''.join(out)


def characters(tables, lessons):
    text = ''.join(table_text(t) for t in tables) + (lesson_text(lessons) if lessons else '')
    chars = set(chr(c) for c in range(0x20, 0x7F))
    chars.update(ch for ch in text if ord(ch) >= 0x20)
    return ''.join(sorted(chars))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--tables', action='append', required=True)
    ap.add_argument('--lessons')
    ap.add_argument('--out', required=True)
    a = ap.parse_args()
    chars = characters(a.tables, a.lessons)
    pathlib.Path(a.out).write_text(chars, encoding='utf-8')
    print(f'{len(chars)} code points ({sum(1 for c in chars if ord(c) > 0x7F)} beyond ASCII) -> {a.out}', file=sys.stderr)


if __name__ == '__main__':
    main()
