"""What every discovery channel yields."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta


@dataclass
class Listed:
    """One article link found by a channel, with what the channel said about it."""

    url: str  # absolute, as found (not yet canonical)
    published: datetime | None = None  # UTC
    precise: bool = True  # False: only the day is known (published = that day's local midnight)
    hints: dict[str, str] = field(default_factory=dict)

    @property
    def latest(self) -> datetime | None:
        """The latest moment the entry can have been published (end of day for day-only dates)."""
        if self.published is None:
            return None
        return self.published if self.precise else self.published + timedelta(days=1)


class DiscoveryError(ValueError):
    """A channel answered with something it cannot read (malformed XML, not JSON, ...).

    `reason` is the short machine-readable code recorded in the crawl stats.
    """

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
