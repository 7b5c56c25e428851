"""Which reported figures are deaths, injuries or arrests.

etl.clean.numbers finds every figure; here a figure counts only when a kill / injure / arrest word
stands within a few words of it, and not when it counts things (weapons, houses, targets), times
or ages. Inside one incident the largest figure of each kind wins (tolls are revised upwards);
figures of different incidents are never combined because only the incident's clauses are read.

Without a figure, one person named right after the count word counts 1 (`مقتل شاب`), a count word
with the dual pronoun counts 2 (`ما أدى إلى مقتلهما`), and people joined by و to a count add one
each (`مقتل جنديين ومترجم` → 3, `قتل رجل وابنه` → 2).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace

from etl.clean.numbers import CountMention
from etl.extract.clitics import Token
from etl.extract.rules import PhraseIndex
from etl.models import Count

KINDS = ("kill", "injure", "arrest")
_WINDOW_BEFORE = 6  # tokens: `مقتل 4 عناصر`, `أسفر عن مقتل نحو 25`
_WINDOW_AFTER = 3  # tokens: `4 قتلى`, `ثمانية أشخاص لقوا حتفهم`
_MAX_PEOPLE = 5000
_BREAKS = frozenset("،,.:;؛!?()")
_CROSS_CLAUSE = 4  # extra distance for a count word on the other side of punctuation


@dataclass(frozen=True)
class CountWords:
    """The word lists that decide what a figure counts."""

    kill: PhraseIndex
    injure: PhraseIndex
    arrest: PhraseIndex
    not_people: PhraseIndex
    not_people_before: PhraseIndex
    singular: PhraseIndex | None = None  # one person: مدني، شاب، عنصر
    companion: PhraseIndex | None = None  # relatives joined by و: وابنه، وزوجته

    def kind_index(self, kind: str) -> PhraseIndex:
        return getattr(self, kind)


def incident_counts(
    text: str,
    tokens: Sequence[Token],
    readings: Sequence[frozenset[str]],
    counts: Sequence[CountMention],
    regions: Sequence[tuple[int, int]],
    words: CountWords,
    starts: Sequence[int] | None = None,
) -> dict:
    """{"kill"|"injure"|"arrest": Count} from figures inside the token `regions` of one incident.

    `starts`, when given, is `[t.start for t in tokens]` (a caller that has it saves the work).
    """
    if starts is None:
        starts = [t.start for t in tokens]
    best: dict[str, CountMention] = {}
    values: dict[str, int] = {}
    for start, end in regions:
        if start >= end:
            continue
        c0, c1 = tokens[start].start, tokens[end - 1].end
        for mention in counts:
            if not (c0 <= mention.start < c1) or mention.count.value > _MAX_PEOPLE or mention.count.value <= 0:
                continue
            first = bisect_right(starts, mention.start) - 1
            last = bisect_left(starts, mention.end) - 1  # last token overlapping the figure
            first, last = max(first, start), max(min(last, end - 1), first)
            if not _counts_people(readings, first, last, start, end, words):
                continue
            kind = _kind(text, tokens, readings, (first, last), (start, end), words)
            if kind is None:
                continue
            value = mention.count.value + _joined(tokens, readings, last + 1, end, words)
            if kind not in best or value > values[kind]:
                best[kind], values[kind] = mention, value
    out = {kind: replace(m.count, value=values[kind]) for kind, m in best.items()}
    for kind in KINDS:
        if kind not in out:
            value = _without_figure(tokens, readings, regions, kind, words)
            if value:
                out[kind] = Count(value=value)
    return out


def _is_person(readings: Sequence[frozenset[str]], k: int, words: CountWords) -> bool:
    return words.singular is not None and any(h.start == k for h in words.singular.find(readings, k, k + 1))


def _joined(tokens: Sequence[Token], readings: Sequence[frozenset[str]], k: int, end: int, words: CountWords) -> int:
    """People added by و after a counted noun: `جنديين ومترجم`, `رجل وابنه`, `ثلاثة عناصر ومدني`."""
    added = 0
    # the counted noun may follow the figure (`ثلاثة عناصر`); skip it
    if k < end and not tokens[k].form.startswith("و"):
        k += 1
    while k < end and added < 3 and tokens[k].form.startswith("و") and len(tokens[k].form) > 3:
        person = _is_person(readings, k, words)
        relative = words.companion is not None and words.companion.any_in(readings, k, k + 1)
        if not (person or relative):
            break
        added += 1
        k += 1
    return added


def _without_figure(
    tokens: Sequence[Token],
    readings: Sequence[frozenset[str]],
    regions: Sequence[tuple[int, int]],
    kind: str,
    words: CountWords,
) -> int | None:
    """`مقتل شاب` → 1, `مقتل مدني وابنه` → 2, `مقتلهما` / `حتفهما` → 2; None without such a phrase."""
    best: int | None = None
    index = words.kind_index(kind)
    for start, end in regions:
        for hit in index.find(readings, start, end):
            form = tokens[hit.end - 1].form
            value = None
            if form.endswith("هما"):
                value = 2
            elif hit.end < end and _is_person(readings, hit.end, words):
                value = 1 + _joined(tokens, readings, hit.end + 1, end, words)
            if value and (best is None or value > best):
                best = value
    return best


def _counts_people(
    readings: Sequence[frozenset[str]], first: int, last: int, start: int, end: int, words: CountWords
) -> bool:
    nxt = last + 1
    if nxt < end and words.not_people.any_in(readings, nxt, min(end, nxt + 2)):
        hits = words.not_people.find(readings, nxt, min(end, nxt + 2))
        if any(h.start == nxt for h in hits):
            return False
    prev = first - 1
    if prev >= start:
        hits = words.not_people_before.find(readings, max(start, prev - 3), first)
        if any(h.end == first for h in hits):
            return False
    return True


def _kind(
    text: str,
    tokens: Sequence[Token],
    readings: Sequence[frozenset[str]],
    figure: tuple[int, int],
    region: tuple[int, int],
    words: CountWords,
) -> str | None:
    """The count word nearest the figure (before preferred on ties, same clause preferred), or None."""
    first, last = figure
    lo, hi = max(region[0], first - _WINDOW_BEFORE), min(region[1], last + 1 + _WINDOW_AFTER)
    best: tuple[int, str] | None = None
    for kind in KINDS:
        for hit in words.kind_index(kind).find(readings, lo, hi):
            if first <= hit.start <= last:  # the figure's own word (`قتيلين`)
                dist = 0
            elif hit.end <= first:
                dist = first - hit.end + 1 + _gap_penalty(text, tokens, hit.end - 1, first)
                if _counted_by_figure(tokens, hit.start, region[0]):
                    dist += 2  # `8 قتلى و18 مصابا`: قتلى is the 8's noun, the 18 counts مصابا
            else:
                dist = hit.start - last + 1 + _gap_penalty(text, tokens, last, hit.start)
            if best is None or dist < best[0]:
                best = (dist, kind)
    return best[1] if best else None


def _counted_by_figure(tokens: Sequence[Token], k: int, lo: int) -> bool:
    """The count word at token k directly follows another figure (`8 قتلى`): it is that figure's
    noun, so a later figure only takes it when no count word of its own stands after it."""
    return k - 1 >= lo and any(ch.isdigit() for ch in tokens[k - 1].text)


def _gap_penalty(text: str, tokens: Sequence[Token], left: int, right: int) -> int:
    between = text[tokens[left].end : tokens[right].start]
    return _CROSS_CLAUSE if any(ch in _BREAKS for ch in between) else 0
