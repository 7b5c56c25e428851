"""The bundled demo snapshot: articles written by the team (articles.toml) and their gold incidents."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

SNAPSHOT_FILE = Path(__file__).with_name("articles.toml")


@dataclass(frozen=True)
class Snapshot:
    articles: list[dict]
    incidents: list[dict]

    @property
    def window_start(self) -> datetime:
        """A day before the earliest article, so the crawl window covers them all."""
        return min(datetime.fromisoformat(a["published"]) for a in self.articles) - timedelta(days=1)

    @property
    def window_end(self) -> datetime:
        return max(datetime.fromisoformat(a["published"]) for a in self.articles) + timedelta(days=1)

    def outlets(self) -> list[str]:
        return sorted({a["outlet"] for a in self.articles})


def load_snapshot(path: Path = SNAPSHOT_FILE) -> Snapshot:
    """Read the snapshot file (articles and gold incidents)."""
    with open(path, "rb") as handle:
        data = tomllib.load(handle)
    return Snapshot(articles=data.get("article", []), incidents=data.get("incident", []))
