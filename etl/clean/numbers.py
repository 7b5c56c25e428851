"""Reported figures in Arabic text: digits in any script, number words, duals and hedges.

`find_counts` returns every figure with its offsets in the text it was given; deciding
which figure is a death toll is extraction's job. Word lists live in data/numbers.toml.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache

from etl.clean.normalize import DATA_DIR, Searchable, searchable
from etl.models import Count

UNIT, TEEN_UNIT, TEN, TENS, HUNDRED = "unit", "teen", "ten", "tens", "hundred"
SCALE, SCALED, ORD, ORD_TENS, VAGUE, FEW = "scale", "scaled", "ord", "ord_tens", "vague", "few"
_ORDINAL_KINDS = frozenset({ORD, ORD_TENS})
# Kinds that may follow "و" inside a compound number.
_AFTER_WAW = frozenset({UNIT, TEN, TENS, HUNDRED, ORD_TENS, SCALED})

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[\u0621-\u064a]+")
_THOUSANDS = re.compile(r"\d{1,3}(?:([.,])\d{3})+")
_PREFIXES = ("و", "ب", "ل", "ف")  # not ك: "كمية" would read as ك + مية
_DUAL_PREFIXES = ("وال", "بال", "فال", "ولل", "ال", "لل", "و", "ف", "ب", "ل")
_YEAR_WORDS = frozenset({"عام", "العام", "لعام", "بعام", "وعام", "سنه", "السنه", "لسنه", "عامي"})
_PLURAL_SCALES = {"الاف": 1000, "الالاف": 1000, "الوف": 1000, "ملايين": 1_000_000, "الملايين": 1_000_000}
_PERCENT_WORDS = frozenset({"بالمئه", "بالمائه", "بالميه", "المئه", "المائه"})


@dataclass
class CountMention:
    """A figure found in text: `text[start:end]` is what it was read from (hedge included)."""

    count: Count
    start: int
    end: int
    ordinal: bool = False


@dataclass(frozen=True)
class _Lexicon:
    words: dict[str, dict[str, int]]  # folded word → {kind: value}
    duals: frozenset[str]
    hedge_before: re.Pattern[str]  # group "a" approximate, "l" lower bound; matches at window end
    hedge_after: re.Pattern[str]
    month_words: frozenset[str]  # first words of month names: "19 كانون الأول" is a date


def _fold(word: str) -> str:
    return searchable(word).text


def _alternation(phrases: list[str]) -> str:
    folded = sorted({_fold(p) for p in phrases}, key=len, reverse=True)
    return "|".join(r"\s+".join(map(re.escape, p.split())) for p in folded)


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    with open(DATA_DIR / "numbers.toml", "rb") as f:
        data = tomllib.load(f)
    words: dict[str, dict[str, int]] = {}
    for kind, table in (
        (UNIT, "units"), (TEEN_UNIT, "teen_units"), (TEN, "ten"), (TENS, "tens"),
        (HUNDRED, "hundreds"), (SCALE, "scales"), (SCALED, "scaled"), (ORD, "ordinals"),
        (ORD_TENS, "ordinal_tens"), (VAGUE, "vague"), (FEW, "few"),
    ):
        for value, forms in data[table].items():
            for form in forms:
                words.setdefault(_fold(form), {})[kind] = int(value)
    duals: set[str] = set()
    for noun in data["duals"]["unambiguous"]:
        base = _fold(noun)
        base = base[:-1] + "ت" if base.endswith("ه") else base
        duals.update((base + "ين", base + "ان"))
    for noun in data["duals"]["nominative_only"]:
        duals.add(_fold(noun) + "ان")
    h = data["hedges"]
    before = re.compile(
        rf"(?<![\u0621-\u064a])(?:(?P<a>{_alternation(h['approximate'])})|(?P<l>{_alternation(h['lower_bound'])}))"
        r"\s*(?:ال\s*)?$"
    )
    after = re.compile(
        r"\s*(?:[\u0621-\u064a]+\s+){0,2}?"
        rf"(?:(?P<a>{_alternation(h['approximate_after'])})|(?P<l>{_alternation(h['lower_bound_after'])}))"
        r"(?![\u0621-\u064a])"
    )
    with open(DATA_DIR / "dates.toml", "rb") as f:
        calendar = tomllib.load(f)
    month_words = frozenset(
        _fold(name).split()[0]
        for table in ("gregorian", "levantine", "hijri")
        for names in calendar[table].values()
        for name in names
    )
    return _Lexicon(words, frozenset(duals), before, after, month_words)


def dual_count(word: str) -> int | None:
    """2 if `word` is the dual of a countable noun (شخصين، عنصرين، طفلتين، غارتين), else None.

    Clitics (و، ب، ل، ال…) are allowed. Sound plurals that look like duals (مدنيين، مواطنين)
    return None; only their nominative dual (مدنيان) counts.
    """
    return 2 if _is_dual(_fold(word.strip()), _lexicon().duals) else None


@lru_cache(maxsize=65536)
def _is_dual(word: str, duals: frozenset[str]) -> bool:
    return word in duals or any(word.startswith(p) and word[len(p) :] in duals for p in _DUAL_PREFIXES)


def parse_count(phrase: str) -> Count | None:
    """The first figure in `phrase` (ordinals included: `الثالث` → 3), or None."""
    found = find_counts(phrase, include_ordinals=True)
    return found[0].count if found else None


def find_counts(text: str, include_ordinals: bool = False) -> list[CountMention]:
    """Every figure in `text`, in order, with offsets into `text`.

    Reads digits in any script (`١٢٬٥٠٠`, `2.5 مليون`), number words masculine/feminine and
    compound (`خمسة وعشرين`, `مئة وعشرون`, `ثلاثة آلاف`), dual nouns (`شخصين` → 2), vague
    quantities as lower bounds (`عشرات` → 20, `مئات` → 200, `آلاف` → 2000) and hedges
    before or after (`نحو`/`حوالي` → approximate, `أكثر من`/`على الأقل` → lower bound).
    Dates, times, percentages and years after عام/سنة are not counts and are skipped.
    """
    lex = _lexicon()
    folded = searchable(text)
    s = folded.text
    tokens = list(_TOKEN.finditer(s))
    out: list[CountMention] = []
    i = 0
    # only tokens that can start a number are tried, in order; a number read up to token
    # `last` resumes the scan after it
    for k in [k for k, m in enumerate(tokens) if not _plain_word(m.group())]:
        if k < i:
            continue
        i = k
        parsed = _read_number(s, tokens, i, lex)
        if parsed is None:
            i += 1
            continue
        last, value, ordinal, lower, approx = parsed
        first, i = i, last + 1
        if ordinal and not include_ordinals:
            continue
        out.append(
            _mention(text, folded, tokens[first].start(), tokens[last].end(), value, ordinal, lower, approx)
        )
    return out


@lru_cache(maxsize=65536)
def _plain_word(word: str) -> bool:
    """A word that cannot start a number (no digit, number word or dual): `_read_number` is None."""
    lex = _lexicon()
    return not word[0].isdigit() and _lookup(word, lex, prefixes=True) is None and not _is_dual(word, lex.duals)


def _mention(
    text: str,
    folded: Searchable,
    start: int,
    end: int,
    value: int,
    ordinal: bool,
    lower: bool,
    approx: bool,
) -> CountMention:
    lex = _lexicon()
    s = folded.text
    if not ordinal:
        m = lex.hedge_before.search(s, max(0, start - 40), start)
        if m:
            start = m.start("a") if m.group("a") else m.start("l")
            approx, lower = approx or bool(m.group("a")), lower or bool(m.group("l"))
        m = lex.hedge_after.match(s, end, min(len(s), end + 60))
        if m:
            approx, lower = approx or bool(m.group("a")), lower or bool(m.group("l"))
    o_start, o_end = folded.span(start, end)
    phrase = text[o_start:o_end]
    count = Count(value=value, approximate=approx, lower_bound=lower, text=phrase)
    return CountMention(count, o_start, o_end, ordinal)


def _lookup(word: str, lex: _Lexicon, prefixes: bool) -> dict[str, int] | None:
    entry = lex.words.get(word)
    if entry is None and prefixes and len(word) > 2 and word[0] in _PREFIXES:
        entry = lex.words.get(word[1:])
        if entry is None and len(word) > 3 and word[0] in "وف" and word[1] in "بلك":
            entry = lex.words.get(word[2:])  # "وبخمسة"
    return entry


def _read_number(
    s: str, tokens: list[re.Match[str]], i: int, lex: _Lexicon
) -> tuple[int, int, bool, bool, bool] | None:
    """Parse the number starting at tokens[i]: (last token index, value, ordinal, lower, approx)."""
    word = tokens[i].group()
    if word[0].isdigit():
        return _read_digits(s, tokens, i, lex)
    entry = _lookup(word, lex, prefixes=True)
    if entry is None:
        if _is_dual(word, lex.duals):
            last = i
            nxt = _next(s, tokens, i)
            if nxt is not None and lex.words.get(tokens[nxt].group(), {}).get(UNIT) == 2:
                last = nxt  # "شخصين اثنين"
            return last, 2, False, False, False
        return None
    nxt = _next(s, tokens, i)
    following = lex.words.get(tokens[nxt].group(), {}) if nxt is not None else {}
    if VAGUE in entry or FEW in entry:
        if SCALE in entry and entry[SCALE] == 1000 and tokens[i].group() == "الف":
            pass  # "ألف" alone is exactly a thousand
        else:
            value = entry.get(VAGUE) or entry[FEW]
            last = i
            mult = _PLURAL_SCALES.get(tokens[nxt].group()) if nxt is not None else None
            if mult:
                value, last = value * mult, nxt  # "عشرات الآلاف"
            return last, value, False, VAGUE in entry, FEW in entry
    if TEEN_UNIT in entry and not (UNIT in entry or TEN in following):
        return None  # "أحد" alone is "anyone", not a count
    return _read_words(s, tokens, i, lex)


def _next(s: str, tokens: list[re.Match[str]], i: int) -> int | None:
    """Index of the next token if only whitespace separates it from tokens[i]."""
    j = i + 1
    if j < len(tokens) and s[tokens[i].end() : tokens[j].start()].isspace():
        return j
    return None


def _read_words(
    s: str, tokens: list[re.Match[str]], i: int, lex: _Lexicon
) -> tuple[int, int, bool, bool, bool] | None:
    total = cur = 0
    prev: str | None = None
    ordinal = False
    last = i
    j: int | None = i
    first = True
    while j is not None:
        word = tokens[j].group()
        waw = False
        if not first:
            if word == "و":
                k = _next(s, tokens, j)
                if k is None:
                    break
                j, word, waw = k, tokens[k].group(), True
            elif word not in lex.words and word.startswith("و") and word[1:] in lex.words:
                word, waw = word[1:], True
        entry = _lookup(word, lex, prefixes=first)
        if entry is None:
            break
        kind, value = _pick(entry, prev, waw, first)
        if kind is None:
            break
        if kind == HUNDRED and value == 100 and prev == UNIT and not waw and cur < 10:
            cur *= 100  # "ثلاث مئة"
        elif kind == SCALE:
            cur = (cur or 1) * value
            total, cur = total + cur, 0
        elif kind == SCALED:
            total += value
        else:
            cur += value
        ordinal = ordinal or kind in _ORDINAL_KINDS
        prev, last, first = kind, j, False
        j = _next(s, tokens, j)
    value = total + cur
    return (last, value, ordinal, False, False) if value else None


def _pick(entry: dict[str, int], prev: str | None, waw: bool, first: bool) -> tuple[str | None, int]:
    """Which reading of a word fits here, given what came before it."""
    if first:
        for kind in (UNIT, TEEN_UNIT, TEN, TENS, HUNDRED, SCALED, SCALE, ORD, ORD_TENS):
            if kind in entry:
                return kind, entry[kind]
        return None, 0
    if waw:
        for kind in _AFTER_WAW:
            if kind in entry:
                return kind, entry[kind]
        return None, 0
    if TEN in entry and prev in (UNIT, TEEN_UNIT, ORD):
        return TEN, entry[TEN]  # "ثلاثة عشر", "الحادي عشر"
    if HUNDRED in entry and entry[HUNDRED] == 100 and prev == UNIT:
        return HUNDRED, 100
    if SCALE in entry and prev not in (SCALE, SCALED):
        return SCALE, entry[SCALE]
    return None, 0


def _read_digits(
    s: str, tokens: list[re.Match[str]], i: int, lex: _Lexicon
) -> tuple[int, int, bool, bool, bool] | None:
    tok = tokens[i]
    raw = tok.group()
    a, b = tok.start(), tok.end()
    before = s[a - 1] if a else " "
    after = s[b] if b < len(s) else " "
    # Dates, times, scores and ranges written with digits on both sides are not counts.
    if before in "/:" or after in "/:%" or (before == "-" and a > 1 and s[a - 2].isdigit()):
        return None
    if after == "-" and b + 1 < len(s) and s[b + 1].isdigit():
        return None
    nxt = _next(s, tokens, i)
    nxt_word = tokens[nxt].group() if nxt is not None else ""
    if nxt_word in _PERCENT_WORDS or (nxt_word == "في" and _following_word(s, tokens, nxt) in _PERCENT_WORDS):
        return None
    scale = lex.words.get(nxt_word, {}).get(SCALE)
    number = _digits_value(raw, scaled=scale is not None)
    if number is None:
        return None
    if i and number.is_integer() and 1900 <= number <= 2100 and tokens[i - 1].group() in _YEAR_WORDS:
        return None
    if _in_date(s, tokens, i, nxt, lex):
        return None
    if scale is not None and nxt is not None:
        return nxt, int(round(number * scale)), False, False, False
    if not number.is_integer():
        return None  # a bare decimal is a measurement, not a count
    return i, int(number), False, False, False


def _in_date(s: str, tokens: list[re.Match[str]], i: int, nxt: int | None, lex: _Lexicon) -> bool:
    """Whether the digits at tokens[i] are a day or year next to a month name."""
    before = [t.group() for t in tokens[max(0, i - 2) : i]]
    if before and (before[-1] in lex.month_words or (before[-1].isdigit() and before[0] in lex.month_words)):
        return True  # "نوفمبر 2025", "ديسمبر 16, 2025"
    j, steps = nxt, 0
    # "20 و29 من الشهر الجاري", "24 - 27 تشرين الثاني", "26 من كانون الأول"
    while j is not None and steps < 4 and (tokens[j].group() in ("و", "من") or tokens[j].group().isdigit()):
        j, steps = j + 1 if j + 1 < len(tokens) else None, steps + 1
    if j is None:
        return False
    word = tokens[j].group()
    return word in lex.month_words or (word in ("الشهر", "شهر") and tokens[j - 1].group() == "من")


def _following_word(s: str, tokens: list[re.Match[str]], i: int | None) -> str:
    j = _next(s, tokens, i) if i is not None else None
    return tokens[j].group() if j is not None else ""


def _digits_value(raw: str, scaled: bool) -> float | None:
    m = _THOUSANDS.fullmatch(raw)
    if m and not (scaled and m.group(1) == "."):
        return float(raw.replace(",", "").replace(".", ""))
    if raw.count(".") + raw.count(",") > 1:
        return None
    try:
        return float(raw.replace(",", "."))
    except ValueError:
        return None
