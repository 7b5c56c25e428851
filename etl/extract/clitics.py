"""Clitic-aware Arabic tokens shared by the place and actor matchers.

Tokens keep offsets into the original text; their `form` is `match_form` of the token, so every
comparison goes through the one normalization the project uses. `stems(form)` lists what a
token may be once the proclitics glued on it (و، ف، ب، ل، ك، and ل+ال → لل) are taken off.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from etl.clean.normalize import match_form

# Letters plus the combining marks and tatweel that live inside Arabic words.
_WORD = re.compile(r"[\w\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640\u200c\u200d]+")
_TATWEEL = "\u0640"
_TANWEEN = frozenset("\u064b\u064c\u064d")
_CONJ = ("", "و", "ف")
_PREP = ("", "ب", "ل", "ك")
_PREFIXES = tuple(sorted({c + p for c in _CONJ for p in _PREP} - {""}, key=len, reverse=True))
# Tokens that are nothing but a detached proclitic: `لـ داعش`, `بـ حلب`, `و`.
CLITIC_TOKENS = frozenset(_PREFIXES) | {"في"}


@dataclass(frozen=True)
class Token:
    """One word of the original text: [start, end) offsets, original text, match form."""

    start: int
    end: int
    text: str
    form: str

    @property
    def has_tanween(self) -> bool:
        """True when the word carries tanween (an indefinite adverb/noun, never a proper name)."""
        return any(ch in _TANWEEN for ch in self.text)


@dataclass(frozen=True, slots=True)
class Stem:
    """A reading of a token with `prefix_len` match-form characters of proclitics removed."""

    form: str
    prefix_len: int
    restored_al: bool = False  # the stem had ال restored after a ل proclitic (للرقة → الرقة)


@lru_cache(maxsize=200_000)
def word_form(word: str) -> str:
    """match_form of one word, spaces removed (cached: news vocabulary repeats)."""
    return match_form(word).replace(" ", "")


def tokenize(text: str) -> list[Token]:
    """Words of `text` with offsets; `داعـ ـش`-style splits (tatweel on both sides) are rejoined."""
    raw = [m.span() for m in _WORD.finditer(text)]
    if _TATWEEL not in text:  # nothing to rejoin
        raw, merged = [], raw
    else:
        merged = []
    for start, end in raw:
        if merged:
            prev_start, prev_end = merged[-1]
            if text[prev_end - 1] == _TATWEEL and text[start] == _TATWEEL:
                gap = text[prev_end:start]
                if (gap == "" or gap.isspace()) and len(gap) <= 2:
                    merged[-1] = (prev_start, end)
                    continue
        merged.append((start, end))
    tokens = []
    for start, end in merged:
        surface = text[start:end]
        form = word_form(surface)
        if form:
            tokens.append(Token(start, end, surface, form))
    return tokens


@lru_cache(maxsize=200_000)
def stems(form: str) -> tuple[Stem, ...]:
    """Possible readings of a token's match form: itself first, then with proclitics removed.

    `وبسراقب` → سراقب, `لمدينة` → مدينه, `للرقة` → الرقه, `للاذقية` → اللاذقيه. A stem is kept only
    if at least two letters remain.
    """
    out = [Stem(form, 0)]
    for prefix in _PREFIXES:
        if not form.startswith(prefix) or len(form) - len(prefix) < 2:
            continue
        rest = form[len(prefix) :]
        out.append(Stem(rest, len(prefix)))
        if prefix.endswith("ل") and rest.startswith("ل"):
            out.append(Stem("ا" + rest, len(prefix), restored_al=True))
            out.append(Stem("ال" + rest, len(prefix), restored_al=True))
    return tuple(out)


def original_offset(token: Token, form_chars: int) -> int:
    """Offset in the original text after the first `form_chars` match-form characters of `token`.

    Diacritics and tatweel (dropped by match_form) are skipped, so `وَبِسراقب` with 2 prefix
    characters maps to the start of `سراقب`.
    """
    if form_chars <= 0:
        return token.start
    seen = 0
    for i, ch in enumerate(token.text):
        seen += len(word_form(ch))
        if seen >= form_chars:
            # also skip marks that belong to the last prefix letter
            j = i + 1
            while j < len(token.text) and not word_form(token.text[j]):
                j += 1
            return token.start + j
    return token.end
