"""Event rules (data/event_rules.toml) and the token-indexed phrase matcher they run on.

Phrases are stored as tuples of match-form words and indexed by their first word, so matching a
sentence costs a few dictionary look-ups per token, whatever the size of the lexicons. A token
matches a lexicon word when one of its readings does: the token itself, or the token without its
proclitics (و، ف، ب، ل، ك), without the article ال, or without a pronoun suffix (ه، ها، هم، هما).
"""

from __future__ import annotations

import tomllib
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from etl.clean.normalize import match_form
from etl.extract.clitics import Token, stems

RULES_FILE = Path(__file__).resolve().parent / "data" / "event_rules.toml"
_SUFFIXES = ("هما", "هم", "ها", "هن", "ه")


@dataclass(frozen=True)
class Hit:
    """A lexicon phrase found in a token sequence: tokens [start, end) matched `label`."""

    label: str
    start: int
    end: int


class PhraseIndex:
    """Phrases of match-form words, each with a label, indexed by first word."""

    def __init__(self, entries: Iterable[tuple[str, str]]) -> None:
        index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for phrase, label in entries:
            words = tuple(match_form(phrase).split())
            if words:
                index.setdefault(words[0], []).append((words, label))
        for phrases in index.values():
            phrases.sort(key=lambda p: -len(p[0]))  # longest first
        self._index = index

    def find(self, readings: Sequence[frozenset[str]], start: int = 0, end: int | None = None) -> list[Hit]:
        """Every phrase occurrence in readings[start:end] (one set of readings per token).

        On `Readings` from `RuleSet.scan` the answer comes from the hits found there in one pass.
        """
        stop = len(readings) if end is None else end
        found = readings.hits.get(self) if isinstance(readings, Readings) else None
        if found is not None and start >= 0 and stop <= len(readings):
            starts, all_hits = found
            k = bisect_left(starts, start)
            out: list[Hit] = []
            while k < len(starts) and starts[k] < stop:
                if all_hits[k].end <= stop:
                    out.append(all_hits[k])
                k += 1
            return out
        hits: list[Hit] = []
        for i in range(start, stop):
            for reading in readings[i]:
                for words, label in self._index.get(reading, ()):
                    j = i + len(words)
                    if j <= stop and all(w in readings[i + k] for k, w in enumerate(words[1:], 1)):
                        hits.append(Hit(label, i, j))
        return hits

    def any_in(self, readings: Sequence[frozenset[str]], start: int = 0, end: int | None = None) -> bool:
        """True when some phrase occurs in readings[start:end]."""
        return bool(self.find(readings, start, end))


@lru_cache(maxsize=65536)
def token_readings(form: str) -> frozenset[str]:
    """The readings of one token's match form (itself, clitics off, ال off, pronoun suffix off)."""
    out: set[str] = set()
    for stem in stems(form):
        base = stem.form
        out.add(base)
        if base.startswith("ال") and len(base) > 3:
            out.add(base[2:])
    for base in list(out):
        for suffix in _SUFFIXES:
            if base.endswith(suffix) and len(base) - len(suffix) >= 3:
                out.add(base[: -len(suffix)])
                break
    return frozenset(out)


def readings_of(tokens: Sequence[Token]) -> list[frozenset[str]]:
    """token_readings for each token."""
    return [token_readings(t.form) for t in tokens]


class Readings(list):
    """Readings of a text's tokens (one frozenset per token) plus, for each PhraseIndex of a
    RuleSet, all its hits over the whole text in token order (`RuleSet.scan`), so a lookup in a
    token range is a bisect instead of a re-scan. Behaves as the plain list it extends."""

    def __init__(
        self, readings: Iterable[frozenset[str]], hits: dict[PhraseIndex, tuple[list[int], list[Hit]]]
    ) -> None:
        super().__init__(readings)
        self.hits = hits


@dataclass(frozen=True)
class Rule:
    """One trigger rule: which sub-event its triggers announce, and when it applies."""

    id: str
    sub_event_type: str
    priority: int
    requires: PhraseIndex | None
    vetoes: PhraseIndex | None
    targets: tuple[tuple[str, str], ...]  # ("security", sub-event), ("civilian", sub-event)
    requires_target: bool
    purpose_blocks: bool  # `لاعتقال` (in order to arrest) is not an arrest


@dataclass(frozen=True)
class Modifier:
    """An incident of sub-event `source` becomes `target` when a cue occurs in its sentences
    (and no `unless` word occurs in its lead sentence, and a `within` word does when given).
    `rule` limits it to incidents whose lead came from that trigger rule."""

    source: str
    target: str
    cues: PhraseIndex
    scope: str = "incident"  # "incident": the incident's sentences; "article": the whole text
    rule: str | None = None
    unless: PhraseIndex | None = None
    within: PhraseIndex | None = None  # one of these must occur in the lead sentence


@dataclass(frozen=True)
class RuleSet:
    """Everything event extraction reads from event_rules.toml."""

    taxonomy: dict[str, tuple[str, str]]  # sub-event → (event type, disorder type)
    rules: dict[str, Rule]
    triggers: PhraseIndex  # label = rule id
    modifiers: tuple[Modifier, ...]
    lexicons: dict[str, PhraseIndex]
    subsumes: dict[str, frozenset[str]]  # sub-event → sub-events it absorbs inside one incident

    def __post_init__(self) -> None:
        indexes = [self.triggers, *self.lexicons.values()]
        for r in self.rules.values():
            indexes += [x for x in (r.requires, r.vetoes) if x is not None]
        for m in self.modifiers:
            indexes += [x for x in (m.cues, m.unless, m.within) if x is not None]
        unique = tuple({id(x): x for x in indexes}.values())
        # first word → [(index, its phrases starting with that word)], over every index above
        first: dict[str, list[tuple[PhraseIndex, list[tuple[int, tuple[str, ...], str]]]]] = {}
        for index in unique:
            for word, phrases in index._index.items():
                first.setdefault(word, []).append((index, [(len(w), w[1:], label) for w, label in phrases]))
        object.__setattr__(self, "_indexes", unique)
        object.__setattr__(self, "_first", first)

    def scan(self, readings: Sequence[frozenset[str]]) -> Readings:
        """`readings` with every hit of every index of this rule set found in one pass
        (the same hits, in the same order, as each index's own `find` over the whole text)."""
        hits: dict[PhraseIndex, tuple[list[int], list[Hit]]] = {x: ([], []) for x in self._indexes}
        first = self._first
        n = len(readings)
        for i, token_readings_ in enumerate(readings):
            for reading in token_readings_:
                for index, phrases in first.get(reading, ()):
                    starts, found = hits[index]
                    for length, rest, label in phrases:
                        j = i + length
                        if j > n or (rest and not all(w in readings[i + k] for k, w in enumerate(rest, 1))):
                            continue
                        starts.append(i)
                        found.append(Hit(label, i, j))
        return Readings(readings, hits)

    def event_type(self, sub_event: str) -> str:
        """ACLED event type of a sub-event type."""
        return self.taxonomy[sub_event][0]

    def disorder_type(self, sub_event: str) -> str:
        """ACLED disorder type of a sub-event type."""
        return self.taxonomy[sub_event][1]

    def lexicon(self, name: str) -> PhraseIndex:
        """A named word list from [lexicon]."""
        return self.lexicons[name]


def _index(words: Iterable[str], label: str = "") -> PhraseIndex:
    return PhraseIndex((w, label) for w in words)


@lru_cache(maxsize=4)
def load_rules(path: Path = RULES_FILE) -> RuleSet:
    """Parse the rules file once; validates that every sub-event named is in the taxonomy."""
    with open(path, "rb") as f:
        raw = tomllib.load(f)
    taxonomy = {k: (v[0], v[1]) for k, v in raw["taxonomy"].items()}
    rules: dict[str, Rule] = {}
    trigger_entries: list[tuple[str, str]] = []
    for r in raw["rule"]:
        targets = tuple(sorted((r.get("targets") or {}).items()))
        for sub in (r["sub_event_type"], *(s for _, s in targets)):
            if sub not in taxonomy:
                raise ValueError(f"rule {r['id']}: unknown sub-event type {sub!r}")
        rules[r["id"]] = Rule(
            id=r["id"],
            sub_event_type=r["sub_event_type"],
            priority=int(r["priority"]),
            requires=_index(r["requires"]) if r.get("requires") else None,
            vetoes=_index(r["vetoes"]) if r.get("vetoes") else None,
            targets=targets,
            requires_target=bool(r.get("requires_target", False)),
            purpose_blocks=bool(r.get("purpose_blocks", False)),
        )
        trigger_entries.extend((t, r["id"]) for t in r["triggers"])
    modifiers = tuple(
        Modifier(
            m["from"],
            m["to"],
            _index(m["cues"]),
            m.get("scope", "incident"),
            m.get("rule"),
            _index(m["unless"]) if m.get("unless") else None,
            _index(m["within"]) if m.get("within") else None,
        )
        for m in raw.get("modifier", [])
        if m.get("cues")
    )
    for m in modifiers:
        if m.source not in taxonomy or m.target not in taxonomy:
            raise ValueError(f"modifier {m.source!r} → {m.target!r}: unknown sub-event type")
    lexicons = {name: _index(words, name) for name, words in raw["lexicon"].items()}
    subsumes = {k: frozenset(v) for k, v in raw.get("subsumes", {}).items()}
    return RuleSet(taxonomy, rules, PhraseIndex(trigger_entries), modifiers, lexicons, subsumes)
