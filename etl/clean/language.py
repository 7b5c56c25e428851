"""Which language an article is in, from the letters it is written with."""

from __future__ import annotations

import re

_ARABIC = re.compile("[\u0621-\u064a\u0671-\u06d3\u06fa-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc]")
_LATIN = re.compile("[A-Za-z\u00c0-\u024f]")
_LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f']+")
_FRENCH_MARKS = re.compile("[éèêàçùâîôûëïœ]")
_ENGLISH = frozenset(
    {"the", "and", "of", "to", "in", "is", "was", "for", "that", "with", "on", "by", "from", "has", "have",
     "are", "were", "said"}
)
_FRENCH = frozenset(
    {"le", "la", "les", "des", "du", "de", "et", "est", "une", "un", "dans", "pour", "que", "qui", "sur",
     "par", "au", "aux", "ont", "été"}
)
_SAMPLE = 20_000  # characters: enough to decide, cheap on a 5 MB input
_MIN_LETTERS = 3
_DOMINANT = 0.6


def detect_language(text: str) -> str:
    """The language of `text`: "ar", "en", "fr", "other" (another script, none dominant) or "unknown".

    Decided from letter counts over a sample of the text: a script must make up at least 60%
    of the letters. Latin text is English or French by common function words, else "other".
    """
    sample = text[:_SAMPLE] if len(text) <= 2 * _SAMPLE else text[:_SAMPLE] + text[len(text) // 2 :][:_SAMPLE]
    letters = sum(map(str.isalpha, sample))
    if letters < _MIN_LETTERS:
        return "unknown"
    arabic = len(_ARABIC.findall(sample))
    latin = len(_LATIN.findall(sample))
    if arabic >= _DOMINANT * letters:
        return "ar"
    if latin < _DOMINANT * letters:
        return "other"
    words = [w.lower() for w in _LATIN_WORD.findall(sample)]
    english = sum(w in _ENGLISH for w in words)
    french = sum(w in _FRENCH for w in words) + len(_FRENCH_MARKS.findall(sample.lower())) // 3
    if english == french == 0:
        return "other" if len(words) >= 5 else "unknown"
    return "en" if english >= french else "fr"
