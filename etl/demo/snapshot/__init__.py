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


def write_corpus(snapshot: Snapshot, directory: Path) -> Path:
    """Write the snapshot in the evaluation corpus format (articles.jsonl, events.jsonl).

    So `syria-events evaluate` scores the pipeline on the demo's own gold incidents.
    """
    import json

    directory.mkdir(parents=True, exist_ok=True)
    ids = {(a["outlet"], str(a["id"])): f"s{n:03d}" for n, a in enumerate(snapshot.articles)}
    by_incident: dict[str, list[str]] = {}
    with open(directory / "articles.jsonl", "w", encoding="utf-8") as out:
        for article in snapshot.articles:
            article_id = ids[(article["outlet"], str(article["id"]))]
            for incident in article.get("incidents", []):
                by_incident.setdefault(incident, []).append(article_id)
            record = {"article_id": article_id, "outlet": article["outlet"], "outlet_domain": None,
                      "url": f"demo://{article['outlet']}/{article['id']}",
                      "published": article["published"][:10], "title": article["title"],
                      "text": article["body"].strip().replace("\n\n", "\n")}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    with open(directory / "events.jsonl", "w", encoding="utf-8") as out:
        for incident in snapshot.incidents:
            precision = {1: "day", 2: "week", 3: "month"}[incident.get("time_precision", 1)]
            record = {"event_id": incident["id"], "articles": by_incident.get(incident["id"], []),
                      "event_type": incident["event_type"], "sub_event_type": incident["sub_event_type"],
                      "event_date": incident["event_date"], "date_precision": precision,
                      "admin1": incident.get("admin1"), "location_ar": incident.get("location_ar"),
                      "actor1": incident.get("actor1"), "actor2": incident.get("actor2"),
                      "killed": incident.get("fatalities"), "injured": incident.get("injured"),
                      "arrested": incident.get("arrested"), "aggregate": False,
                      "disagreement": incident.get("note", ""), "evidence": {}, "notes": incident.get("note", "")}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return directory
