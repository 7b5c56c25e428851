"""Datelines at the start of an article body: where it was filed, kept as a location hint."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache

from etl.clean.normalize import DATA_DIR, match_form

_DASH = r"[-–—]"
_WORD = r"[\u0621-\u064a\u0640\u064b-\u0652]+"
_PLACE = rf"(?P<place>{_WORD}(?:\s+{_WORD}){{0,2}})"
# "دمشق 23 نوفمبر 2025 (شينخوا)": a date between place and outlet.
_DATE = r"(?:\s+[\d٠-٩]{1,2}\s+[^\s()]+(?:\s+[^\s()]+)?\s+[\d٠-٩]{4})?"
_PAREN = r"\((?P<outlet>[^()\n]{1,30})\)"

# PLACE (OUTLET) [(OUTLET)] [-:]   e.g. "حلب (عنب بلدي) -", "اللاذقية (سوريا) (رويترز) –"
_PLACE_PAREN = re.compile(rf"^\s*{_PLACE}{_DATE}\s*{_PAREN}(?:\s*\([^()\n]{{1,30}}\))?\s*(?P<dash>{_DASH}|:)?\s*")
# (OUTLET) -   e.g. "(زمان الوصل)-"
_PAREN_ONLY = re.compile(rf"^\s*{_PAREN}\s*(?:{_DASH}|:)\s*")
# PLACE - WHO   alone on its line   e.g. "إدلب-سانا", "دمشق - نور خوام"
_PLACE_DASH_LINE = re.compile(rf"^\s*{_PLACE}\s*{_DASH}\s*(?P<who>[^\n\-–—:]{{1,40}}?)\s*(?:\n|$)")
# PLACE - OUTLET: text   e.g. "دمشق-سانا: أعلنت…"
_PLACE_DASH_OUTLET = re.compile(rf"^\s*{_PLACE}\s*{_DASH}\s*(?P<who>[^\n\-–—:]{{1,25}}?)\s*(?::|{_DASH})\s*")
# OUTLET - PLACE   alone on its line   e.g. "شفق نيوز- دمشق"
_OUTLET_DASH_PLACE = re.compile(rf"^\s*(?P<who>[^\n\-–—:]{{1,25}}?)\s*{_DASH}\s*{_PLACE}\s*(?:\n|$)")
# PLACE - text   e.g. "دمشق - أعلنت وزارة…" (listed places only)
_PLACE_DASH_TEXT = re.compile(rf"^\s*{_PLACE}\s*{_DASH}\s*")
_MAX_WHO_WORDS = 4


@dataclass(frozen=True)
class _Lexicon:
    outlets: frozenset[str]
    places: frozenset[str]
    not_places: frozenset[str]
    openers: frozenset[str]


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    with open(DATA_DIR / "datelines.toml", "rb") as f:
        data = tomllib.load(f)
    return _Lexicon(
        frozenset(match_form(w) for w in data["outlets"]),
        frozenset(match_form(w) for w in data["places"]),
        frozenset(match_form(w) for w in data["not_places"]),
        frozenset(match_form(w) for w in data["sentence_openers"]),
    )


def split_dateline(paragraph: str) -> tuple[str | None, str]:
    """(place or None, rest of the paragraph) for a paragraph that may open with a dateline.

    Recognises `إدلب-سانا`, `دمشق - نور خوام` (on their own line), `حلب (عنب بلدي) -`,
    `دمشق 23 نوفمبر 2025 (شينخوا)`, `(زمان الوصل)-` (no place), `شفق نيوز- دمشق` and
    `دمشق - أعلنت…` for well-known places. The place is returned as written. A paragraph
    without a dateline comes back unchanged with None.
    """
    lex = _lexicon()

    m = _PAREN_ONLY.match(paragraph)
    if m and _is_outlet(m.group("outlet"), lex):
        return None, paragraph[m.end() :].strip()

    m = _PLACE_PAREN.match(paragraph)
    if m and _is_place(m.group("place"), lex, strict=not (m.group("dash") or _is_outlet(m.group("outlet"), lex))):
        return m.group("place").strip(), paragraph[m.end() :].strip()

    m = _PLACE_DASH_LINE.match(paragraph)
    if m and _is_who(m.group("who"), lex) and _is_place(m.group("place"), lex, strict=False):
        return m.group("place").strip(), paragraph[m.end() :].strip()

    m = _OUTLET_DASH_PLACE.match(paragraph)
    if m and _is_outlet(m.group("who"), lex) and _is_place(m.group("place"), lex, strict=False):
        return m.group("place").strip(), paragraph[m.end() :].strip()

    m = _PLACE_DASH_OUTLET.match(paragraph)
    if m and _is_outlet(m.group("who"), lex) and _is_place(m.group("place"), lex, strict=False):
        return m.group("place").strip(), paragraph[m.end() :].strip()

    m = _PLACE_DASH_TEXT.match(paragraph)
    if m and _is_place(m.group("place"), lex, strict=True):
        return m.group("place").strip(), paragraph[m.end() :].strip()

    return None, paragraph


def _is_outlet(name: str, lex: _Lexicon) -> bool:
    return match_form(name) in lex.outlets


def _is_who(name: str, lex: _Lexicon) -> bool:
    """An outlet or what looks like a reporter's name: a few words, no sentence punctuation."""
    if _is_outlet(name, lex):
        return True
    words = match_form(name).split()
    if not 0 < len(words) <= _MAX_WHO_WORDS or re.search(r"[.،,؛!?؟\d]", name):
        return False
    first = words[0]
    return first not in lex.openers and not (first[:1] in "وف" and first[1:] in lex.openers)


def _is_place(name: str, lex: _Lexicon, strict: bool) -> bool:
    folded = match_form(name)
    if folded in lex.not_places or folded in lex.outlets:
        return False
    return folded in lex.places or not strict
