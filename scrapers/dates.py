"""Dates as the outlets write them (ISO, RFC 822, Arabic month names, Eastern digits) → UTC."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_MARKS = dict.fromkeys(map(ord, "\u200f\u200e\u061c\u200b\ufeff\u0640"), None)  # RLM, LRM, tatweel …

# Month names after normalisation (أ/إ/آ → ا, ة kept, spaces removed inside Levantine pairs).
_MONTHS = {
    # Egyptian-style Gregorian (Shaam, Enab Baladi)
    "يناير": 1, "فبراير": 2, "مارس": 3, "ابريل": 4, "مايو": 5, "ماي": 5, "يونيو": 6, "يونيه": 6,
    "يوليو": 7, "يوليه": 7, "اغسطس": 8, "سبتمبر": 9, "اكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12,
    # Levantine (Syria TV, Shaam business slugs)
    "كانونالثاني": 1, "شباط": 2, "اذار": 3, "نيسان": 4, "ايار": 5, "حزيران": 6, "تموز": 7,
    "اب": 8, "ايلول": 9, "تشرينالاول": 10, "تشرينالثاني": 11, "كانونالاول": 12,
}
_MONTH_ALT = "|".join(sorted(_MONTHS, key=len, reverse=True))
_TIME = r"(?:\D{0,12}?(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(ص|م|am|pm|AM|PM)?)?"
_DAY_MONTH_YEAR = re.compile(rf"(\d{{1,2}})\s*[-/ ]?\s*({_MONTH_ALT})\s*[-/ ,،]?\s*(\d{{4}}){_TIME}")
_MONTH_DAY_YEAR = re.compile(rf"({_MONTH_ALT})\s*[-/ ]?\s*(\d{{1,2}})\s*[,،]?\s*(\d{{4}}){_TIME}")
_NUMERIC_DMY = re.compile(rf"\b(\d{{1,2}})[/.-](\d{{1,2}})[/.-](\d{{4}})\b{_TIME}")
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?")


def _normalise(text: str) -> str:
    text = text.translate(_DIGITS).translate(_MARKS)
    text = re.sub("[أإآ]", "ا", text)
    # Two-word Levantine months become one token: "كانون الأول" → "كانونالاول".
    return re.sub(r"(كانون|تشرين)[\s-]+(ال)", r"\1\2", text)


def _local(year: int, month: int, day: int, match: re.Match, first_time_group: int, tz: str) -> datetime:
    hour = minute = second = 0
    if match.group(first_time_group):
        hour, minute = int(match.group(first_time_group)), int(match.group(first_time_group + 1))
        second = int(match.group(first_time_group + 2) or 0)
        meridiem = (match.group(first_time_group + 3) or "").lower()
        if meridiem in ("م", "pm") and hour < 12:
            hour += 12
        elif meridiem in ("ص", "am") and hour == 12:
            hour = 0
    return datetime(year, month, day, hour, minute, second, tzinfo=ZoneInfo(tz)).astimezone(UTC)


def parse_date(text: str | None, tz: str = "Asia/Damascus") -> datetime | None:
    """The moment `text` names, timezone-aware in UTC, or None when no date is recognised.

    Accepts ISO 8601 (offset honoured; naive values are read in `tz`), RFC 822 (feeds), and
    Arabic forms: "١٤ ديسمبر ٢٠٢٥", "ديسمبر 16, 2025", "14 كانون الأول 2025", "14-كانون-الأول-2025",
    "16/12/2025", each optionally followed by a time (with ص/م).
    """
    if not text or not text.strip():
        return None
    raw = _normalise(text.strip())
    iso = _ISO.search(raw)
    if iso:
        try:
            value = datetime.fromisoformat(iso.group(0).replace(" ", "T").replace("Z", "+00:00"))
        except ValueError:
            value = None
        if value is not None:
            if value.tzinfo is None:
                value = value.replace(tzinfo=ZoneInfo(tz))
            return value.astimezone(UTC)
    if re.search(r"\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{2}:\d{2}", raw):
        try:
            value = parsedate_to_datetime(raw)
        except (TypeError, ValueError, IndexError):
            value = None
        if value is not None:
            return (value if value.tzinfo else value.replace(tzinfo=ZoneInfo(tz))).astimezone(UTC)
    try:
        if m := _DAY_MONTH_YEAR.search(raw):
            return _local(int(m.group(3)), _MONTHS[m.group(2)], int(m.group(1)), m, 4, tz)
        if m := _MONTH_DAY_YEAR.search(raw):
            return _local(int(m.group(3)), _MONTHS[m.group(1)], int(m.group(2)), m, 4, tz)
        if m := _NUMERIC_DMY.search(raw):
            return _local(int(m.group(3)), int(m.group(2)), int(m.group(1)), m, 4, tz)
    except ValueError:  # e.g. day 31 in a 30-day month: not a date
        return None
    return None


def has_time(text: str | None) -> bool:
    """Whether `text` gives a time of day, not only a date (ISO "T…", "10:30", Eastern digits too)."""
    return bool(text) and re.search(r"\d{1,2}:\d{2}", _normalise(text)) is not None
