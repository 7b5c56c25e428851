"""Dates as the outlets write them, for the crawl window: one parser for the whole project.

The parsing itself (ISO, RFC 822, Arabic Gregorian/Levantine months, Eastern digits, ص/م times)
lives in etl.clean.dates, so spiders and the clean stage always agree on what a date means.
"""

from __future__ import annotations

import re
from datetime import datetime

from etl.clean.dates import parse_published
from etl.clean.normalize import to_ascii_digits

_CLOCK = re.compile(r"\d{1,2}:\d{2}")


def parse_date(text: str | None, tz: str = "Asia/Damascus") -> datetime | None:
    """The moment `text` names, timezone-aware in UTC, or None when no date is recognised."""
    if not text or not text.strip():
        return None
    return parse_published(text, tz)


def has_time(text: str | None) -> bool:
    """Whether `text` gives a time of day, not only a date (ISO "T…", "10:30", Eastern digits too)."""
    return bool(text) and _CLOCK.search(to_ascii_digits(text)) is not None
