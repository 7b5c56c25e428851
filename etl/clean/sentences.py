"""Arabic sentence splitting with offsets back into the original text."""

from __future__ import annotations

import re
from bisect import bisect_right

from etl.models import Evidence

# A terminator run plus any closing quotes/brackets that belong to the sentence it ends.
_TERMINATOR = re.compile(r"[.!?؟؛…]+[»”\"')\]]*")
_QUOTED = re.compile(r"«[^«»\n]*»|“[^“”\n]*”|\"[^\"\n]*\"")
_LINE = re.compile(r"[^\n]+")
_WORD_BEFORE = re.compile(r"(\w+)$")
_ARABIC_WORD_BEFORE = re.compile(r"[\u0621-\u064a\u0640]{2,}$")
_CLOSERS = frozenset("»”\"')]")
_ARABIC_WORD_AFTER = re.compile(r"[\u0621-\u064a\u0640]{2,}")
_ABBREVIATIONS = frozenset({"Mr", "Mrs", "Dr", "St", "Jr", "vs", "etc", "No", "Gen", "Col", "Lt"})


def split_sentences(text: str) -> list[Evidence]:
    """Sentences of `text` as Evidence spans, with `text[start:end] == sentence`.

    Splits at . ! ? ؟ ؛ … and at newlines; never inside «», “” or "" quotes, at a decimal
    point (`3.5`), after a one-letter abbreviation (`د.` for doctor, `د.ا.ع.ش`), or where no
    space follows (`sana.sy`) unless an Arabic word of two letters or more stands on both
    sides (`…في المدينة.وأضاف المصدر`: a missing space after the period). Spans are trimmed of
    surrounding whitespace; empty pieces and pieces with no letter or digit are dropped.
    """
    out: list[Evidence] = []
    for line in _LINE.finditer(text):
        lo, hi = line.span()
        quoted = [m.span() for m in _QUOTED.finditer(text, lo, hi)]  # sorted, non-overlapping
        start = lo
        for m in _TERMINATOR.finditer(text, lo, hi):
            if _is_boundary(text, m, quoted, hi):
                _emit(text, start, m.end(), out)
                start = m.end()
        _emit(text, start, hi, out)
    return out


def _is_boundary(text: str, m: re.Match[str], quoted: list[tuple[int, int]], hi: int) -> bool:
    pos, end = m.start(), m.end()
    k = bisect_right(quoted, (pos, hi)) - 1
    if k >= 0 and quoted[k][0] < pos < quoted[k][1] - 1:
        return False
    if end < hi and not text[end].isspace() and not _glued(text, pos, end, hi):
        return False  # "3.5", "sana.sy", "د.ا.ع.ش"
    if m.group().startswith(".") and len(m.group()) == 1:
        word = _WORD_BEFORE.search(text, max(0, pos - 20), pos)  # bounded: this runs per terminator
        if word and (len(word.group(1)) == 1 or word.group(1) in _ABBREVIATIONS):
            return False
    return True


def _glued(text: str, pos: int, end: int, hi: int) -> bool:
    """A sentence end written without the space after it: Arabic words of 2+ letters each side
    (a closing quote or bracket may stand between the word and the stop: `أسلحتهم".بدورها`)."""
    while pos > 0 and text[pos - 1] in _CLOSERS:
        pos -= 1
    before = _ARABIC_WORD_BEFORE.search(text, max(0, pos - 20), pos)
    return bool(before and _ARABIC_WORD_AFTER.match(text, end, min(hi, end + 20)))


def _emit(text: str, start: int, end: int, out: list[Evidence]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    piece = text[start:end]
    if any(c.isalnum() for c in piece):
        out.append(Evidence(sentence=piece, start=start, end=end))
