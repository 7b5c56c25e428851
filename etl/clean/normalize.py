"""Arabic normalization: the display form stays untouched, the match form is folded.

`match_form` is what every matcher (lexicons, gazetteer, actors, dedup) compares on.
"""

from __future__ import annotations

import re

from camel_tools.utils.charmap import CharMapper
from camel_tools.utils.dediac import dediac_ar
from camel_tools.utils.normalize import (
    normalize_alef_ar,
    normalize_alef_maksura_ar,
    normalize_teh_marbuta_ar,
    normalize_unicode,
)

_ARCLEAN = CharMapper.builtin_mapper("arclean")
_TATWEEL = "\u0640"
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_SPACES = re.compile(r"\s+")


def display_form(text: str) -> str:
    """Unicode-normalized text with invisible marks removed; wording untouched."""
    text = normalize_unicode(text)
    return text.replace("\u200f", "").replace("\u200e", "").replace("\u200b", "")


def match_form(text: str) -> str:
    """Folded form for matching: no diacritics/tatweel, alef/yeh/teh-marbuta folded, ASCII digits."""
    text = _ARCLEAN(display_form(text))
    text = dediac_ar(text).replace(_TATWEEL, "")
    text = normalize_alef_ar(normalize_alef_maksura_ar(normalize_teh_marbuta_ar(text)))
    text = text.translate(_DIGITS)
    return _SPACES.sub(" ", text).strip()
