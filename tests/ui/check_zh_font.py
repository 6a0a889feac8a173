#!/usr/bin/python3
"""The cut Chinese font has a glyph for every character the lab can show in Chinese.

Runs `tcplab_zh_text LESSONS_DIR` (the text as the lab itself collects it
from its tables: strings, rules, terms, glossary, lessons), reads the font's
cmap with fontTools, and fails listing every code point it lacks (beyond
ASCII, which DejaVu draws). Prints the font's size, raw and gzipped.

Usage: check_zh_font.py FONT ZH_TEXT_TOOL LESSONS_DIR
"""
import gzip
import pathlib
import subprocess
import sys

try:
    from fontTools.ttLib import TTFont
except ImportError:
    sys.exit('fontTools is missing: install python3-fonttools (tools/setup.sh)')


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    font_path, tool, lessons = sys.argv[1:]
    text = subprocess.run([tool, lessons], check=True, capture_output=True, text=True, encoding='utf-8').stdout
    wanted = sorted(set(ord(c) for c in text if ord(c) > 0x7E))
    if len(wanted) < 200:
        sys.exit(f'only {len(wanted)} characters beyond ASCII from {tool}: the Chinese tables look empty')
    font = TTFont(font_path)
    cmap = font.getBestCmap()
    missing = [c for c in wanted if c not in cmap]
    ascii_missing = [c for c in range(0x21, 0x7F) if c not in cmap]
    raw = pathlib.Path(font_path).read_bytes()
    print(f'{font_path}: {len(cmap)} code points, {len(raw)} bytes, {len(gzip.compress(raw, 9))} gzipped; '
          f'{len(wanted)} characters beyond ASCII in the Chinese text')
    if missing or ascii_missing:
        for c in missing + ascii_missing:
            print(f'missing U+{c:04X} {chr(c)!r}', file=sys.stderr)
        sys.exit(f'{len(missing) + len(ascii_missing)} code points are not in the font')


if __name__ == '__main__':
    main()
