"""Score extraction + dedup against a gold corpus (the format of shared/corpus/dev).

`evaluate_corpus(dir)` reads articles.jsonl and events.jsonl, builds Articles, runs
extract_events and cluster_reports, and scores the predicted events as the corpus README says:

- Match: a predicted event matches a gold event when it cites one of the gold event's articles,
  has the same event_type and the same governorate (admin1; compared as p-codes, the corpus's
  English spellings read through the gazetteer's admin1 aliases), and its date is within 1 day
  of the gold date (4 when the gold precision is week, 16 when month). The date check is skipped
  when the gold date is unknown; an undated prediction never matches a dated gold event.
  Matching is one-to-one (maximum bipartite matching). Precision, recall and F1 are over
  non-aggregate gold events; predictions that are aggregate tallies, or that match an aggregate
  gold line, count neither way.
- Sub-event accuracy and fatality accuracy on matched pairs. A fatality figure is right when it
  equals the gold `killed`, or one of the figures the gold `disagreement` field quotes when that
  field discusses the toll (killed/toll/dead); a null gold figure wants no figure (or 0).
- Dedup recall: share of gold events with ≥ 2 articles whose articles all sit in one predicted
  event of the gold event type.
- False merges: predicted events holding articles of ≥ 2 different gold events, counting only
  articles that report a single gold event.
- Invented events: predicted events whose articles are all distractors (articles in no event).

`python -m etl.evaluate CORPUS_DIR` prints the report and exits 1 when F1 is under the floor,
or invented events over the maximum, of tests/baselines/extraction.json.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from etl.dedup.events import cluster_reports
from etl.extract.events import extract_events
from etl.extract.places import Gazetteer, admin1_pcode_from_english, load_gazetteer
from etl.models import Article, Event, EventReport

BASELINE_FILE = Path(__file__).resolve().parent.parent / "tests" / "baselines" / "extraction.json"
_NOON = time(12, 0, tzinfo=ZoneInfo("Asia/Damascus"))
_DATE_TOLERANCE = {"day": 1, "week": 4, "month": 16}
_TOLL_WORDS = re.compile(r"\b(killed|toll|dead|deaths|fatalit)", re.IGNORECASE)
_FIGURE = re.compile(r"(?<![\d-])\d{1,4}(?![\d-])")


@dataclass(frozen=True)
class GoldEvent:
    """One line of events.jsonl."""

    event_id: str
    articles: tuple[str, ...]
    event_type: str
    sub_event_type: str
    event_date: date | None
    date_precision: str
    admin1: str | None
    admin1_pcode: str | None
    killed: int | None
    aggregate: bool
    disagreement: str
    location: str


@dataclass(frozen=True)
class Predicted:
    """A predicted event as scored: its articles (corpus ids) and the fields the match uses."""

    index: int
    articles: frozenset[str]
    event_type: str
    sub_event_type: str
    event_date: date | None
    admin1: str | None
    admin1_pcode: str | None
    fatalities: int | None
    aggregate: bool
    location: str | None
    evidence: str


@dataclass
class EvalResult:
    """Scores plus everything needed to print a per-event diff."""

    gold: list[GoldEvent]
    predicted: list[Predicted]
    matches: dict[str, int]  # gold event_id → predicted index
    precision: float
    recall: float
    f1: float
    sub_event_accuracy: float
    fatality_accuracy: float
    dedup_recall: float
    dedup_total: int
    false_merges: int
    invented: int
    articles: int
    reports: int
    false_positives: list[int] = field(default_factory=list)
    merge_details: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, float | int]:
        """The headline numbers as a dict."""
        return {
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "f1": round(self.f1, 3),
            "sub_event_accuracy": round(self.sub_event_accuracy, 3),
            "fatality_accuracy": round(self.fatality_accuracy, 3),
            "dedup_recall": round(self.dedup_recall, 3),
            "false_merges": self.false_merges,
            "invented": self.invented,
        }


# --------------------------------------------------------------------------------------------
# Reading the corpus


def _published(value: str | None) -> datetime | None:
    if not value:
        return None
    return datetime.combine(date.fromisoformat(value), _NOON)


def article_from_record(record: dict) -> Article:
    """An Article from one articles.jsonl record: paragraphs are the text's non-empty lines, the
    publication day is taken at 12:00 Damascus time, the url falls back to the article id."""
    paragraphs = [line.strip() for line in (record.get("text") or "").split("\n") if line.strip()]
    return Article(
        url=record.get("url") or f"corpus:{record['article_id']}",
        outlet=record.get("outlet_domain") or record.get("outlet") or "",
        title=record.get("title") or "",
        paragraphs=paragraphs,
        published=_published(record.get("published")),
    )


def _read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _gold(record: dict, gaz: Gazetteer) -> GoldEvent:
    return GoldEvent(
        event_id=record["event_id"],
        articles=tuple(record["articles"]),
        event_type=record["event_type"],
        sub_event_type=record["sub_event_type"],
        event_date=date.fromisoformat(record["event_date"]) if record.get("event_date") else None,
        date_precision=record.get("date_precision") or "day",
        admin1=record.get("admin1"),
        admin1_pcode=admin1_pcode_from_english(gaz, record.get("admin1")),
        killed=record.get("killed"),
        aggregate=bool(record.get("aggregate")),
        disagreement=record.get("disagreement") or "",
        location=record.get("location") or "",
    )


def _predicted(index: int, event: Event, ids_by_url: dict[str, str]) -> Predicted:
    place = event.place
    reports: Sequence[EventReport] = event.reports
    return Predicted(
        index=index,
        articles=frozenset(ids_by_url.get(r.article_url, r.article_url) for r in reports),
        event_type=event.event_type,
        sub_event_type=event.sub_event_type,
        event_date=event.event_date,
        admin1=place.admin1 if place else None,
        admin1_pcode=place.admin1_pcode if place else None,
        fatalities=event.fatalities,
        aggregate=event.aggregate or all(r.aggregate for r in reports),
        location=place.name_en if place else None,
        evidence=reports[0].evidence[0].sentence if reports and reports[0].evidence else "",
    )


# --------------------------------------------------------------------------------------------
# Scoring


def _matches(gold: GoldEvent, pred: Predicted) -> bool:
    if not gold.articles or not pred.articles & set(gold.articles):
        return False
    if gold.event_type != pred.event_type or gold.admin1_pcode != pred.admin1_pcode:
        return False
    if gold.event_date is None:
        return True
    if pred.event_date is None:
        return False
    return abs((pred.event_date - gold.event_date).days) <= _DATE_TOLERANCE.get(gold.date_precision, 1)


def _bipartite(golds: Sequence[GoldEvent], preds: Sequence[Predicted]) -> dict[str, int]:
    """Maximum one-to-one matching (augmenting paths; the sets are small)."""
    options = {g.event_id: [p.index for p in preds if _matches(g, p)] for g in golds}
    owner: dict[int, str] = {}

    def augment(gid: str, seen: set[int]) -> bool:
        for p in options[gid]:
            if p in seen:
                continue
            seen.add(p)
            if p not in owner or augment(owner[p], seen):
                owner[p] = gid
                return True
        return False

    for g in golds:
        augment(g.event_id, set())
    return {gid: p for p, gid in owner.items()}


def fatality_ok(gold: GoldEvent, predicted: int | None) -> bool:
    """Exact toll, or a figure the disagreement field quotes for the toll.

    "Not stated" and 0 are the same figure (ACLED codes an unstated toll as 0), both ways.
    """
    if not gold.killed:
        return not predicted
    if predicted == gold.killed:
        return True
    if predicted is None or not _TOLL_WORDS.search(gold.disagreement):
        return False
    return predicted in {int(x) for x in _FIGURE.findall(gold.disagreement)}


def _dedup(golds: Sequence[GoldEvent], preds: Sequence[Predicted]) -> tuple[float, int]:
    multi = [g for g in golds if len(g.articles) >= 2]
    whole = sum(1 for g in multi if any(set(g.articles) <= p.articles and p.event_type == g.event_type for p in preds))
    return (whole / len(multi) if multi else 1.0), len(multi)


def _false_merges(golds: Sequence[GoldEvent], preds: Sequence[Predicted]) -> list[str]:
    events_of: dict[str, set[str]] = {}
    for g in golds:
        for a in g.articles:
            events_of.setdefault(a, set()).add(g.event_id)
    out: list[str] = []
    for p in preds:
        singles = {next(iter(events_of[a])) for a in p.articles if len(events_of.get(a, ())) == 1}
        if len(singles) >= 2:
            out.append(f"P{p.index} merges {', '.join(sorted(singles))} via {', '.join(sorted(p.articles))}")
    return out


def _ratio(num: int, den: int) -> float:
    return num / den if den else 0.0


def score(golds: Sequence[GoldEvent], preds: Sequence[Predicted], distractors: set[str]) -> EvalResult:
    """Every metric of the module docstring for given gold and predicted events."""
    matches = _bipartite(golds, preds)
    gold_by_id = {g.event_id: g for g in golds}
    scored_gold = [g for g in golds if not g.aggregate]
    matched_scored = {gid: p for gid, p in matches.items() if not gold_by_id[gid].aggregate}
    excused = {p for gid, p in matches.items() if gold_by_id[gid].aggregate}
    counted = [p for p in preds if not p.aggregate and p.index not in excused]
    tp = len(matched_scored)
    precision, recall = _ratio(tp, len(counted)), _ratio(tp, len(scored_gold))
    f1 = _ratio(int(2 * precision * recall * 1e9), int((precision + recall) * 1e9))
    pairs = [(gold_by_id[gid], preds[p]) for gid, p in matched_scored.items()]
    matched_preds = set(matches.values())
    false_pos = [p.index for p in counted if p.index not in matched_preds]
    invented = sum(1 for p in preds if p.articles and p.articles <= distractors)
    dedup_recall, dedup_total = _dedup(scored_gold, preds)
    merges = _false_merges(golds, preds)
    return EvalResult(
        gold=list(golds),
        predicted=list(preds),
        matches=matches,
        precision=precision,
        recall=recall,
        f1=f1,
        sub_event_accuracy=_ratio(sum(g.sub_event_type == p.sub_event_type for g, p in pairs), len(pairs)),
        fatality_accuracy=_ratio(sum(fatality_ok(g, p.fatalities) for g, p in pairs), len(pairs)),
        dedup_recall=dedup_recall,
        dedup_total=dedup_total,
        false_merges=len(merges),
        invented=invented,
        articles=0,
        reports=0,
        false_positives=false_pos,
        merge_details=merges,
    )


def evaluate_corpus(corpus_dir: Path) -> EvalResult:
    """Run extraction and dedup over a corpus directory and score them (see module docstring)."""
    corpus_dir = Path(corpus_dir)
    records = _read_jsonl(corpus_dir / "articles.jsonl")
    gaz = load_gazetteer()
    golds = [_gold(r, gaz) for r in _read_jsonl(corpus_dir / "events.jsonl")]
    ids_by_url: dict[str, str] = {}
    reports: list[EventReport] = []
    for record in records:
        article = article_from_record(record)
        ids_by_url[article.url] = record["article_id"]
        reports.extend(extract_events(article))
    events = cluster_reports(reports)
    preds = [_predicted(i, e, ids_by_url) for i, e in enumerate(events)]
    in_gold = {a for g in golds for a in g.articles}
    distractors = {r["article_id"] for r in records} - in_gold
    result = score(golds, preds, distractors)
    result.articles, result.reports = len(records), len(reports)
    return result


# --------------------------------------------------------------------------------------------
# Report


def _fmt_pred(p: Predicted) -> str:
    return (
        f"P{p.index} {p.event_type} / {p.sub_event_type} | {p.event_date} | {p.admin1 or '-'}"
        f" ({p.location or '-'}) | killed {p.fatalities} | {', '.join(sorted(p.articles))}"
        + (" | aggregate" if p.aggregate else "")
    )


def _fmt_gold(g: GoldEvent) -> str:
    return (
        f"{g.event_id} {g.event_type} / {g.sub_event_type} | {g.event_date} ({g.date_precision})"
        f" | {g.admin1 or '-'} ({g.location}) | killed {g.killed} | {', '.join(g.articles)}"
        + (" | aggregate" if g.aggregate else "")
    )


def _near_misses(g: GoldEvent, preds: Iterable[Predicted]) -> list[Predicted]:
    return [p for p in preds if p.articles & set(g.articles)]


def format_report(result: EvalResult) -> str:
    """Headline numbers, then a per-event diff: each gold event with its match (or the predicted
    events from its articles when missed), then unmatched predictions (false positives)."""
    s = result.summary()
    tp = len([g for g in result.gold if g.event_id in result.matches and not g.aggregate])
    lines = [
        f"articles {result.articles}, reports {result.reports}, predicted events {len(result.predicted)}",
        f"precision {s['precision']:.3f}  recall {s['recall']:.3f}  F1 {s['f1']:.3f}  (matched {tp})",
        f"sub-event accuracy {s['sub_event_accuracy']:.3f}  fatality accuracy {s['fatality_accuracy']:.3f}",
        f"dedup recall {s['dedup_recall']:.3f} (of {result.dedup_total} multi-article events)"
        f"  false merges {s['false_merges']}  invented on distractors {s['invented']}",
        "",
        "gold events:",
    ]
    preds = result.predicted
    for g in result.gold:
        if g.event_id in result.matches:
            p = preds[result.matches[g.event_id]]
            marks = []
            if p.sub_event_type != g.sub_event_type:
                marks.append(f"sub-event {p.sub_event_type!r}")
            if not fatality_ok(g, p.fatalities):
                marks.append(f"killed {p.fatalities} vs {g.killed}")
            missing = sorted(set(g.articles) - p.articles)
            if missing:
                marks.append("articles elsewhere: " + ", ".join(missing))
            lines.append(f"  OK   {_fmt_gold(g)}")
            lines.append(f"       ↳ {_fmt_pred(p)}" + (f"  [{'; '.join(marks)}]" if marks else ""))
        else:
            lines.append(f"  MISS {_fmt_gold(g)}")
            for p in _near_misses(g, preds):
                lines.append(f"       ~ {_fmt_pred(p)}")
    lines.append("")
    lines.append("false positives:")
    for i in result.false_positives:
        p = preds[i]
        lines.append(f"  FP   {_fmt_pred(p)}")
        lines.append(f"       « {p.evidence[:160]} »")
    if result.merge_details:
        lines.append("")
        lines.append("false merges:")
        lines.extend(f"  {m}" for m in result.merge_details)
    return "\n".join(lines)


def load_baseline(path: Path = BASELINE_FILE) -> dict:
    """The pinned floor: {"f1_floor": float, "max_invented": int, "reason": str}."""
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def main(argv: Sequence[str] | None = None) -> int:
    """CLI: print the report for CORPUS_DIR; 1 when below the baseline floor, 2 on bad usage."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1:
        print("usage: python -m etl.evaluate CORPUS_DIR", file=sys.stderr)
        return 2
    result = evaluate_corpus(Path(args[0]))
    print(format_report(result))
    baseline = load_baseline()
    failed = result.f1 < baseline["f1_floor"] or result.invented > baseline["max_invented"]
    if failed:
        print(
            f"\nFAIL: F1 {result.f1:.3f} (floor {baseline['f1_floor']}), invented {result.invented}"
            f" (max {baseline['max_invented']})",
            file=sys.stderr,
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
