"""Dates in Arabic news text, absolute or relative to the publication datetime.

Every mention carries an ACLED time_precision: 1 day, 2 week, 3 month. Relative phrases
(أمس، يوم الثلاثاء، الأسبوع الماضي…) are resolved against the publication date *in Syria's
time zone*, so an article published at 23:30 UTC on the 15th is read as the 16th. Month
words live in data/dates.toml; Hijri dates use the tabular (arithmetic) Islamic calendar.
"""

from __future__ import annotations

import calendar
import email.utils
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

from etl.clean.normalize import DATA_DIR, Searchable, searchable
from etl.clean.numbers import parse_count

SYRIA_TZ = "Asia/Damascus"
DAY, WEEK, MONTH = 1, 2, 3

_NOT_LETTER_BEFORE = r"(?<![\u0621-\u064a])"
_NOT_LETTER_AFTER = r"(?![\u0621-\u064a])"
_DAY_DIGITS = r"(?<![\d/.:,])\d{1,2}(?![\d/:])"
_YEAR = r"(?:1[89]|20)\d\d(?!\d)"
_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_NUMERIC = re.compile(r"(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?!\d)")
_YMD_SLASH = re.compile(r"(?<![\d/])(\d{4})/(\d{1,2})/(\d{1,2})(?![\d/])")
_ISLAMIC_EPOCH = 1948439.5  # Julian day of 1 Muharram 1 AH (civil epoch, 16 July 622 Julian)
_JD_ORDINAL_OFFSET = 1721424.5  # Julian day minus this is date.toordinal()


@dataclass
class DateMention:
    """A date found in text: `text` is what it was read from (`source[start:end]`)."""

    date: date
    precision: int  # ACLED time_precision: 1 day, 2 week, 3 month
    start: int
    end: int
    text: str


def _fold(word: str) -> str:
    return searchable(word).text


def _alt(words: dict[str, int] | list[str]) -> str:
    """Longest-first alternation; spaces in multi-word names also match hyphens."""
    return "|".join(
        r"[\s\-]+".join(map(re.escape, w.split())) for w in sorted(words, key=len, reverse=True)
    )


@dataclass(frozen=True)
class _Calendar:
    months: dict[str, int]  # folded Gregorian and Levantine names (spaces single) → 1-12
    levantine: frozenset[str]
    hijri: dict[str, int]
    weekdays: dict[str, int]
    past: frozenset[str]
    current: frozenset[str]
    future: frozenset[str]
    parts: dict[str, str]  # folded part word → "first"/"middle"/"last"
    ordinal_days: dict[str, int]
    absolute: re.Pattern[str]
    month_first: re.Pattern[str]
    month_only: re.Pattern[str]
    hijri_date: re.Pattern[str]
    relative_day: re.Pattern[str]
    weekday: re.Pattern[str]
    week: re.Pattern[str]
    ago: re.Pattern[str]
    month_relative: re.Pattern[str]
    day_of_month_relative: re.Pattern[str]
    month_name: re.Pattern[str]  # any Gregorian/Levantine month name: gates the three patterns needing one


def _ordinal_days() -> dict[str, int]:
    with open(DATA_DIR / "numbers.toml", "rb") as f:
        data = tomllib.load(f)
    units: dict[str, int] = {}
    for value, forms in data["ordinals"].items():
        for form in forms:
            f = _fold(form)
            if f.startswith("ال") and not f.endswith("ه"):  # days are masculine: اليوم الأول
                units[f] = int(value)
    days = dict(units)
    for word, v in units.items():
        if v < 10:
            days[f"{word} عشر"] = 10 + v
            days[f"{word} والعشرين"] = 20 + v
    days["الحادي والثلاثين"] = 31
    days["العشرين"] = 20
    days["الثلاثين"] = 30
    return days


def _words(table: dict[str, list[str]]) -> dict[str, int]:
    return {" ".join(_fold(w).split()): int(k) for k, forms in table.items() for w in forms}


@lru_cache(maxsize=1)
def _calendar() -> _Calendar:
    with open(DATA_DIR / "dates.toml", "rb") as f:
        data = tomllib.load(f)
    greg, lev = _words(data["gregorian"]), _words(data["levantine"])
    months = {**greg, **lev}
    hijri, weekdays = _words(data["hijri"]), _words(data["weekdays"])
    rel = {k: frozenset(_fold(w) for w in v) for k, v in data["relative"].items()}
    parts = {_fold(w): k for k, ws in data["month_parts"].items() for w in ws}
    tod = [_fold(w) for w in data["times_of_day"]["words"]]
    ordinal_days = _ordinal_days()

    month = rf"(?:{_alt(months)}){_NOT_LETTER_AFTER}"
    pair = rf"(?:\s*[/(\-]?\s*(?P<m2>{month})\)?)?"
    day = rf"(?:{_DAY_DIGITS}|{_NOT_LETTER_BEFORE}(?:{_alt(list(ordinal_days))}){_NOT_LETTER_AFTER})"
    day_range = rf"(?P<day>{day})(?:\s*(?:و|-|–|الي|حتي)\s*(?P<day2>{day}))?"
    year = rf"(?:\s*[-/,،]?\s*(?:(?:من\s+)?(?:عام|العام|لعام|سنه)\s+)?(?P<year>{_YEAR})(?:\s*م{_NOT_LETTER_AFTER})?)?"
    relw = _alt(sorted(rel["past"] | rel["current"] | rel["future"]))
    rel_after = rf"(?:\s+(?P<rel>{relw}){_NOT_LETTER_AFTER})?"
    wd = rf"(?:{_alt(weekdays)}){_NOT_LETTER_AFTER}"
    tod_alt = _alt(tod)
    part_alt = _alt(list(parts))

    absolute = re.compile(
        rf"(?:(?:يوم\s+)?(?P<wd>{wd})\s*[,،]?\s*)?{day_range}\s*[-/]?\s*(?:من\s+)?(?:شهر\s+)?"
        rf"(?P<m1>{month}){pair}{year}{rel_after}"
    )
    month_first = re.compile(
        rf"{_NOT_LETTER_BEFORE}(?P<m1>{month})\s+(?P<day>{_DAY_DIGITS})\s*[,،]?\s+(?P<year>{_YEAR})"
    )
    month_only = re.compile(
        rf"{_NOT_LETTER_BEFORE}(?:(?P<part>{part_alt})\s+)?(?:(?P<shahr>شهر)\s+)?(?P<m1>{month}){pair}"
        rf"{year}{rel_after}"
    )
    hijri_date = re.compile(
        rf"(?:(?P<day>{day})\s+(?:من\s+)?)?(?:شهر\s+)?{_NOT_LETTER_BEFORE}(?P<hm>{_alt(hijri)}){_NOT_LETTER_AFTER}"
        rf"\s*[,،]?\s*(?:(?:من\s+)?(?:عام|سنه)\s+)?(?P<year>1[34]\d\d)(?!\d)"
        rf"(?:\s*(?:ه|هجريه|هجري){_NOT_LETTER_AFTER})?"
    )
    relative_day = re.compile(
        rf"{_NOT_LETTER_BEFORE}(?:(?:{tod_alt})\s+)?"
        r"(?P<rd>امس\s+الاول|اول\s+(?:من\s+)?امس|قبل\s+امس|الليله\s+الماضيه|البارحه|امس|اليوم"
        r"|غدا|الغد|يوم\s+غد)"
        rf"{_NOT_LETTER_AFTER}(?:\s*\(?\s*(?P<wd>{wd})\)?)?"
    )
    weekday = re.compile(
        rf"{_NOT_LETTER_BEFORE}(?:(?:{tod_alt})\s+)?(?P<wd>{wd}){rel_after}"
    )
    week = re.compile(
        rf"{_NOT_LETTER_BEFORE}(?:الاسبوع\s+(?P<rel>{relw})|(?P<this>هذا\s+الاسبوع)){_NOT_LETTER_AFTER}"
    )
    ago = re.compile(
        rf"{_NOT_LETTER_BEFORE}(?:قبل|منذ)\s+(?:(?P<n>\d{{1,2}}|[\u0621-\u064a]+)\s+)?"
        r"(?P<unit>يومين|يوم|ايام|اسبوعين|اسبوع|اسابيع|شهرين|شهر|اشهر|اسابيع)"
        rf"{_NOT_LETTER_AFTER}"
    )
    month_relative = re.compile(
        rf"{_NOT_LETTER_BEFORE}(?:(?P<part>{part_alt})\s+)?(?:هذا\s+)?(?P<m>الشهر)"
        rf"(?:\s+(?P<rel>{relw}))?{_NOT_LETTER_AFTER}"
    )
    day_of_month_relative = re.compile(
        rf"{day_range}\s+(?:من\s+)?(?:(?P<this>هذا)\s+)?(?:ال)?شهر(?:\s+(?P<rel>{relw}))?{_NOT_LETTER_AFTER}"
    )
    return _Calendar(
        months=months,
        levantine=frozenset(lev),
        hijri=hijri,
        weekdays=weekdays,
        past=rel["past"],
        current=rel["current"],
        future=rel["future"],
        parts=parts,
        ordinal_days=ordinal_days,
        absolute=absolute,
        month_first=month_first,
        month_only=month_only,
        hijri_date=hijri_date,
        relative_day=relative_day,
        weekday=weekday,
        week=week,
        ago=ago,
        month_relative=month_relative,
        day_of_month_relative=day_of_month_relative,
        month_name=re.compile(rf"{_NOT_LETTER_BEFORE}(?:{_alt(months)}){_NOT_LETTER_AFTER}"),
    )


# ---------------------------------------------------------------- calendar arithmetic


def hijri_to_gregorian(year: int, month: int, day: int) -> date:
    """Gregorian date of a Hijri date in the tabular Islamic calendar (civil epoch).

    Observed (moon-sighting or Umm al-Qura) dates can differ by a day or two.
    """
    jd = day + -(-29.5 * (month - 1) // 1) + (year - 1) * 354 + (3 + 11 * year) // 30 + _ISLAMIC_EPOCH - 1
    return date.fromordinal(int(jd - _JD_ORDINAL_OFFSET))


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + delta
    return index // 12, index % 12 + 1


def _reference_date(published: datetime | None, tz: str) -> date | None:
    if published is None:
        return None
    if published.tzinfo is not None:
        published = published.astimezone(ZoneInfo(tz))
    return published.date()


# ---------------------------------------------------------------- finding


def find_dates(text: str, published: datetime | None = None, tz: str = SYRIA_TZ) -> list[DateMention]:
    """Every date mention in `text`, in order, non-overlapping (the longest reading wins).

    Absolute dates (Gregorian, Levantine and paired month names, Hijri, ISO, dd/mm/yyyy, any
    digit script) need no `published`. Relative ones (اليوم، أمس، يوم الثلاثاء، الأسبوع
    الماضي، منتصف الشهر الماضي، 19 كانون الأول الجاري) and dates without a year are resolved
    against `published` (aware datetimes are converted to `tz`; naive ones are taken as local)
    and skipped when it is None. A day+month without year takes the publication year, or the
    year before if that would put it after publication. Month-level mentions fall on the 1st
    (مطلع), 15th (منتصف, or no part given; never after publication) or last day (نهاية).
    """
    cal = _calendar()
    folded = searchable(text)
    ref = _reference_date(published, tz)
    found: list[tuple[int, int, date, int]] = []
    s = folded.text
    gates: dict[str, bool] = {}
    for pattern, reader in _READERS:
        gate = _GATES.get(pattern)
        if gate is not None:
            if gate not in gates:
                gates[gate] = _gate_open(gate, s, cal)
            if not gates[gate]:
                continue  # the text lacks something every match of this pattern contains
        regex = getattr(cal, pattern) if isinstance(pattern, str) else pattern
        for m in regex.finditer(s):
            resolved = reader(m, cal, ref)
            if resolved is not None:
                found.append((m.start(), m.end(), *resolved))
    return _non_overlapping(text, folded, found)


def parse_date(text: str, published: datetime | None = None, tz: str = SYRIA_TZ) -> DateMention | None:
    """The first date mention in `text` (see `find_dates`), or None."""
    found = find_dates(text, published, tz)
    return found[0] if found else None


def _non_overlapping(text: str, folded: Searchable, found: list[tuple[int, int, date, int]]) -> list[DateMention]:
    taken: list[tuple[int, int]] = []
    kept: list[tuple[int, int, date, int]] = []
    for start, end, d, precision in sorted(found, key=lambda f: (f[0] - f[1], f[0])):
        # Patterns may swallow trailing spaces; trim so the span is just the words.
        while end > start and folded.text[end - 1].isspace():
            end -= 1
        while start < end and folded.text[start].isspace():
            start += 1
        if any(start < e and s < end for s, e in taken):
            continue
        taken.append((start, end))
        kept.append((start, end, d, precision))
    out = []
    for start, end, d, precision in sorted(kept):
        a, b = folded.span(start, end)
        out.append(DateMention(d, precision, a, b, text[a:b]))
    return out


def _day_value(word: str | None, cal: _Calendar) -> int | None:
    if word is None:
        return None
    if word.isdigit():
        return int(word)
    return cal.ordinal_days.get(" ".join(word.split()))


def _month_value(word: str, cal: _Calendar) -> int:
    return cal.months[" ".join(word.replace("-", " ").split())]


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _year_for(month: int, day: int, rel: str | None, cal: _Calendar, ref: date | None) -> int | None:
    """Year of a day+month written without one, from the publication date."""
    if ref is None:
        return None
    if rel in cal.current:
        return ref.year
    if rel in cal.past:
        return ref.year if month < ref.month else ref.year - 1
    if rel in cal.future:
        return ref.year if month > ref.month else ref.year + 1
    candidate = _safe_date(ref.year, month, min(day, _last_day(ref.year, month)))
    return ref.year if candidate is None or candidate <= ref else ref.year - 1


def _range_precision(first: int, second: int | None) -> int:
    if second is None or second == first:
        return DAY
    return WEEK if 0 < second - first <= 7 else MONTH


def _read_absolute(m: re.Match[str], cal: _Calendar, ref: date | None) -> tuple[date, int] | None:
    month = _month_value(m.group("m1"), cal)
    if m.group("m2") and _month_value(m.group("m2"), cal) != month:
        return None  # "آب/أغسطس"-style pairs must agree
    day = _day_value(m.group("day"), cal)
    day2 = _day_value(m.group("day2"), cal)
    if day is None:
        return None
    year = int(m.group("year")) if m.group("year") else _year_for(month, day, m.group("rel"), cal, ref)
    if year is None:
        return None
    d = _safe_date(year, month, day)
    return (d, _range_precision(day, day2)) if d else None


def _read_month_first(m: re.Match[str], cal: _Calendar, ref: date | None) -> tuple[date, int] | None:
    d = _safe_date(int(m.group("year")), _month_value(m.group("m1"), cal), int(m.group("day")))
    return (d, DAY) if d else None


def _month_level(year: int, month: int, part: str | None, cal: _Calendar, ref: date | None) -> date:
    kind = cal.parts.get(part or "", "")
    if kind == "first":
        return date(year, month, 1)
    if kind == "last":
        return date(year, month, _last_day(year, month))
    d = date(year, month, 15)
    if kind != "middle" and ref is not None and ref.year == year and ref.month == month and ref < d:
        return ref
    return d


_MONTH_CONTEXT = re.compile(r"(?:في|منذ|خلال|حتي|بعد|قبل|شهري|اواخر|مطلع)\s*$")


def _read_month_only(m: re.Match[str], cal: _Calendar, ref: date | None) -> tuple[date, int] | None:
    m1 = " ".join(m.group("m1").replace("-", " ").split())
    month = cal.months[m1]
    if m.group("m2") and _month_value(m.group("m2"), cal) != month:
        return None
    context = m.group("year") or m.group("rel") or m.group("shahr") or m.group("part") or m.group("m2")
    if not context and m1 in cal.levantine:
        before = m.string[max(0, m.start() - 8) : m.start()]
        if not _MONTH_CONTEXT.search(before):
            return None  # "آب" is also "father", "نيسان" a car maker
    if m.group("year"):
        year = int(m.group("year"))
    else:
        year_or_none = _year_for(month, 1, m.group("rel"), cal, ref)
        if year_or_none is None:
            return None
        year = year_or_none
    return _month_level(year, month, m.group("part"), cal, ref), MONTH


def _read_hijri(m: re.Match[str], cal: _Calendar, ref: date | None) -> tuple[date, int] | None:
    month = cal.hijri[" ".join(m.group("hm").replace("-", " ").split())]
    year = int(m.group("year"))
    day = _day_value(m.group("day"), cal)
    if day is None:
        start = hijri_to_gregorian(year, month, 1)
        return start + timedelta(days=14), MONTH
    if not 1 <= day <= 30:
        return None
    return hijri_to_gregorian(year, month, day), DAY


_DAY_OFFSETS = {"اليوم": 0, "امس": -1, "البارحه": -1, "الليله الماضيه": -1, "غدا": 1, "الغد": 1, "يوم غد": 1}


def _read_relative_day(m: re.Match[str], cal: _Calendar, ref: date | None) -> tuple[date, int] | None:
    if ref is None:
        return None
    rd = " ".join(m.group("rd").split())
    offset = _DAY_OFFSETS.get(rd, -2)
    if m.group("wd") and offset <= 0:
        # `مساء أمس الأحد`: the named weekday wins over the relative word (the two disagree when
        # the stated publication day lags or leads the writing day): the latest such day at or
        # before the relative day's reading, or the day after publication (a lagging date).
        weekday = cal.weekdays[m.group("wd")]
        back = (ref.weekday() - weekday) % 7
        if back == 6:
            return ref + timedelta(days=1), DAY
        return ref - timedelta(days=back), DAY
    if rd == "اليوم" and not m.group("wd"):
        after = m.string[m.end() : m.end() + 4]
        before = m.string[max(0, m.start() - 5) : m.start()]
        # "اليوم التالي", "اليوم العالمي", "حتى اليوم": not the publication day.
        if re.match(r"\s+ال", after) or re.search(r"(?:حتي|الي)\s+$", before):
            return None
    return ref + timedelta(days=offset), DAY


def _read_weekday(m: re.Match[str], cal: _Calendar, ref: date | None) -> tuple[date, int] | None:
    if ref is None:
        return None
    weekday = cal.weekdays[m.group("wd")]
    back = (ref.weekday() - weekday) % 7
    rel = m.group("rel")
    if rel in cal.past and back == 0:
        back = 7
    if rel in cal.future:
        return ref + timedelta(days=(weekday - ref.weekday()) % 7 or 7), DAY
    if back == 6 and rel not in cal.past:
        # A bare weekday that is the day after the stated publication day is that day (the
        # publication date lags the writing day), not six days back: a past week's day is
        # written `السبت الماضي`.
        return ref + timedelta(days=1), DAY
    return ref - timedelta(days=back), DAY


def _read_week(m: re.Match[str], cal: _Calendar, ref: date | None) -> tuple[date, int] | None:
    if ref is None:
        return None
    rel = m.group("rel")
    if m.group("this") or rel in cal.current:
        return ref, WEEK
    if rel in cal.past:
        return ref - timedelta(days=7), WEEK
    return None


_AGO_UNITS = {
    "يوم": (1, 1, DAY), "يومين": (2, 1, DAY), "ايام": (None, 1, DAY),
    "اسبوع": (1, 7, WEEK), "اسبوعين": (2, 7, WEEK), "اسابيع": (None, 7, WEEK),
    "شهر": (1, 30, MONTH), "شهرين": (2, 30, MONTH), "اشهر": (None, 30, MONTH),
}


def _read_ago(m: re.Match[str], cal: _Calendar, ref: date | None) -> tuple[date, int] | None:
    if ref is None:
        return None
    fixed, days, precision = _AGO_UNITS[m.group("unit")]
    n_word = m.group("n")
    if fixed is not None:
        if n_word:
            return None  # "قبل خمسة يوم" is not Arabic; something else is going on
        n = fixed
    elif n_word:
        count = parse_count(n_word)
        if count is None:
            return None
        n = count.value
    else:
        n, precision = 3, max(precision, WEEK)  # "قبل أيام": a few days
    return ref - timedelta(days=n * days), precision


def _month_named_by(rel: str | None, cal: _Calendar, ref: date) -> tuple[int, int]:
    """(year, month) that "الماضي" / "المقبل" / "الجاري" (or nothing) points at from `ref`."""
    if rel in cal.past:
        return _shift_month(ref.year, ref.month, -1)
    if rel in cal.future:
        return _shift_month(ref.year, ref.month, 1)
    return ref.year, ref.month


def _read_month_relative(m: re.Match[str], cal: _Calendar, ref: date | None) -> tuple[date, int] | None:
    if ref is None:
        return None
    rel, part = m.group("rel"), m.group("part")
    if not rel and not part:
        return None  # a bare "الشهر" is too vague to place
    year, month = _month_named_by(rel, cal, ref)
    return _month_level(year, month, part, cal, ref), MONTH


def _read_day_of_month_relative(m: re.Match[str], cal: _Calendar, ref: date | None) -> tuple[date, int] | None:
    if ref is None:
        return None
    rel = m.group("rel")
    day, day2 = _day_value(m.group("day"), cal), _day_value(m.group("day2"), cal)
    if day is None:
        return None
    year, month = _month_named_by(rel, cal, ref)
    d = _safe_date(year, month, day)
    return (d, _range_precision(day, day2)) if d else None


def _read_iso(m: re.Match[str], cal: _Calendar, ref: date | None) -> tuple[date, int] | None:
    d = _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    return (d, DAY) if d else None


def _read_numeric(m: re.Match[str], cal: _Calendar, ref: date | None) -> tuple[date, int] | None:
    a, b, year = int(m.group(1)), int(m.group(3)), int(m.group(4))
    if b > 12 >= a:
        a, b = b, a  # written month-first
    d = _safe_date(year, b, a)
    return (d, DAY) if d else None


_Reader = Callable[[re.Match[str], _Calendar, date | None], tuple[date, int] | None]
_READERS: tuple[tuple[str | re.Pattern[str], _Reader], ...] = (
    (_ISO, _read_iso),
    (_NUMERIC, _read_numeric),
    (_YMD_SLASH, _read_iso),
    ("absolute", _read_absolute),
    ("month_first", _read_month_first),
    ("month_only", _read_month_only),
    ("hijri_date", _read_hijri),
    ("relative_day", _read_relative_day),
    ("weekday", _read_weekday),
    ("week", _read_week),
    ("ago", _read_ago),
    ("month_relative", _read_month_relative),
    ("day_of_month_relative", _read_day_of_month_relative),
)

# What every match of a pattern contains, checked once on the text before running the pattern
# (most articles have no numeric date, month name or Hijri year, and those patterns are the
# slow ones: they cannot start from a literal).
_GATES: dict[str | re.Pattern[str], str] = {
    _ISO: "digit_sep",
    _NUMERIC: "digit_sep",
    _YMD_SLASH: "digit_sep",
    "absolute": "month",
    "month_first": "month",
    "month_only": "month",
    "hijri_date": "hijri_year",
    "week": "الاسبوع",
    "ago": "ago",
    "month_relative": "الشهر",
    "day_of_month_relative": "شهر",
}
_DIGIT_SEP = re.compile(r"\d[-/.]\d")
_HIJRI_YEAR = re.compile(r"1[34]\d\d")


def _gate_open(gate: str, s: str, cal: _Calendar) -> bool:
    if gate == "digit_sep":
        return _DIGIT_SEP.search(s) is not None
    if gate == "month":
        return cal.month_name.search(s) is not None
    if gate == "hijri_year":
        return _HIJRI_YEAR.search(s) is not None
    if gate == "ago":
        return "قبل" in s or "منذ" in s
    return gate in s


# ---------------------------------------------------------------- publication datetimes

_TIME = re.compile(
    r"(?<!\d)(?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2}))?"
    r"(?:\s*(?P<ampm>صباحا|مساء|ظهرا|ص|م|[AaPp]\.?[Mm]\.?)(?![\u0621-\u064aA-Za-z]))?"
    r"(?:\s*(?:GMT|UTC)?\s*(?P<off>[+-]\d{1,2}(?::?\d{2})?))?"
)
_ENGLISH_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%B %d %Y", "%Y/%m/%d %H:%M:%S")


def parse_published(value: str, tz: str = SYRIA_TZ) -> datetime | None:
    """A page or feed date string as a timezone-aware UTC datetime, or None if unreadable.

    Reads ISO 8601 (with or without offset, `Z`), RFC 822 (RSS `pubDate`), Arabic dates in
    any digit script (`٨ أغسطس ٢٠٢٥`, `16 كانون الأول 2025`, `16-كانون-الأول-2025`,
    `الأحد 14 ديسمبر 2025 09:23 مساءً`), `ديسمبر 16, 2025` and `dd/mm/yyyy`. A value without
    an offset is local time in `tz` (Syria is UTC+3 all year); a date without a time is
    midnight local time.
    """
    if not value or not value.strip():
        return None
    zone = ZoneInfo(tz)
    raw = value.strip()
    text = searchable(raw).text
    try:
        return _as_utc(datetime.fromisoformat(text), zone)
    except ValueError:
        pass
    if re.search(r"[A-Za-z]", text):
        try:
            parsed = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            parsed = None
        if parsed is not None:
            # RFC 822 "-0000" means UTC with no local zone known, which Python returns naive.
            return _as_utc(parsed, UTC if parsed.tzinfo is None else zone)
        for fmt in _ENGLISH_FORMATS:
            try:
                return _as_utc(datetime.strptime(text, fmt), zone)
            except ValueError:
                continue
    mention = next((m for m in find_dates(raw, None, tz) if m.precision == DAY), None)
    if mention is None:
        return None
    day = mention.date
    rest = searchable(raw[mention.end :]).text
    t = _TIME.search(rest)
    if t is None:
        return _as_utc(datetime(day.year, day.month, day.day), zone)
    hour, minute, second = int(t.group("h")), int(t.group("m")), int(t.group("s") or 0)
    ampm = (t.group("ampm") or "").lower().replace(".", "")
    if ampm in ("مساء", "م", "pm", "ظهرا") and hour < 12:
        hour += 12
    elif ampm in ("صباحا", "ص", "am") and hour == 12:
        hour = 0
    if hour > 23 or minute > 59 or second > 59:
        return None
    local = datetime(day.year, day.month, day.day, hour, minute, second)
    if t.group("off"):
        return _as_utc(local, _offset_zone(t.group("off")))
    return _as_utc(local, zone)


def _offset_zone(offset: str) -> ZoneInfo | timezone:
    sign = -1 if offset.startswith("-") else 1
    digits = offset[1:].replace(":", "")
    hours, minutes = (int(digits[:-2]), int(digits[-2:])) if len(digits) > 2 else (int(digits), 0)
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _as_utc(value: datetime, zone: ZoneInfo | timezone) -> datetime:
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone)
    return value.astimezone(UTC)
