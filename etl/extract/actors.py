"""Actors named in Arabic news text → ACLED-style actor names and inter codes.

The dictionary is `data/actors.toml` (names, inter codes, units, Arabic aliases). Aliases and text
are both compared on `match_form`, so spelling and obfuscation variants (`داعـ ـش`, hamza, ة/ه)
match; proclitics glued on the first word (و، ف، ب، ل، لل) are read. Overlapping aliases: the
longest wins.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from etl.clean.normalize import match_form
from etl.extract.clitics import CLITIC_TOKENS, Token, original_offset, stems, tokenize

ACTORS_FILE = Path(__file__).parent / "data" / "actors.toml"

INTER_LABELS: Mapping[int, str] = MappingProxyType(
    {
        1: "State forces",
        2: "Rebel groups",
        3: "Political militias",
        4: "Identity militias",
        5: "Rioters",
        6: "Protesters",
        7: "Civilians",
        8: "External/Other forces",
    }
)


@dataclass(frozen=True)
class ActorEntry:
    """One dictionary entry: an ACLED actor name, its inter code and the body (unit) named."""

    name: str
    inter: int
    unit: str | None = None


@dataclass(frozen=True)
class ActorMention:
    """An actor named in the text; start/end/surface are offsets into the text given to find_actors."""

    name: str
    inter: int
    start: int
    end: int
    surface: str
    unit: str | None = None


@dataclass(frozen=True)
class ActorDictionary:
    """Alias index: match-form alias → entry (None for ignore-phrases), and first token → rests."""

    aliases: Mapping[str, ActorEntry | None]
    by_first: Mapping[str, tuple[tuple[str, ...], ...]]
    # match-form country name → that state's forces; read only where the country is the subject
    # of a taking-part word (`شارك الأردن في الضربات`), never as a free alias.
    states: Mapping[str, ActorEntry] = field(default_factory=lambda: MappingProxyType({}))

    def lookup(self, phrase: str) -> ActorEntry | None:
        """The entry for an alias written any way match_form folds together."""
        return self.aliases.get(match_form(phrase))


@lru_cache(maxsize=4)
def load_actors(path: Path = ACTORS_FILE) -> ActorDictionary:
    """Load and index actors.toml (cached; treat the result as read-only).

    Raises ValueError on an unknown inter code or an alias claimed by two different actors.
    """
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    aliases: dict[str, ActorEntry | None] = {}
    states: dict[str, ActorEntry] = {}
    for item in data.get("actor", []):
        inter = int(item["inter"])
        if inter not in INTER_LABELS:
            raise ValueError(f"actors.toml: {item['name']}: inter {inter} is not an ACLED inter code")
        entry = ActorEntry(item["name"], inter, item.get("unit"))
        for alias in item["aliases"]:
            key = match_form(alias)
            if key in aliases and aliases[key] != entry:
                raise ValueError(f"actors.toml: alias {alias!r} used by two actors")
            aliases[key] = entry
        for country in item.get("states", []):
            states[match_form(country)] = entry
    for phrase in data.get("ignore", {}).get("phrases", []):
        aliases[match_form(phrase)] = None
    first: dict[str, list[tuple[str, ...]]] = {}
    for key in aliases:
        toks = tuple(key.split(" "))
        first.setdefault(toks[0], []).append(toks[1:])
    by_first = {k: tuple(sorted(v, key=len, reverse=True)) for k, v in first.items()}
    return ActorDictionary(MappingProxyType(aliases), MappingProxyType(by_first), MappingProxyType(states))


def _match_at(d: ActorDictionary, tokens: Sequence[Token], i: int) -> tuple[str, int, int] | None:
    """Longest alias starting at token i: (alias key, end token exclusive, prefix chars)."""
    best: tuple[str, int, int] | None = None
    for stem in stems(tokens[i].form):
        for rest in d.by_first.get(stem.form, ()):
            n = len(rest)
            if i + 1 + n <= len(tokens) and all(tokens[i + 1 + k].form == rest[k] for k in range(n)):
                if best is None or i + 1 + n > best[1]:
                    best = (" ".join((stem.form, *rest)), i + 1 + n, stem.prefix_len)
                break
    return best


def find_actors(text: str, actors: ActorDictionary | None = None) -> list[ActorMention]:
    """Every dictionary actor named in `text`, in order, with offsets into `text`.

    Where aliases overlap the longest wins; an ignore-phrase (`الدفاع المدني`) hides the aliases
    inside it. Consecutive mentions of the same actor and unit (`خلية تابعة لتنظيم داعش`) are
    merged into one mention.
    """
    return find_actors_in_tokens(text, tokenize(text), actors)


def find_actors_in_tokens(
    text: str, tokens: Sequence[Token], actors: ActorDictionary | None = None
) -> list[ActorMention]:
    """`find_actors` on tokens already made: `tokens` are consecutive tokens of `text` (as from
    `tokenize(text)`, or a run of them), and offsets are into `text`."""
    d = actors or load_actors()
    out: list[ActorMention] = []
    last_end_tok = -1
    i = 0
    while i < len(tokens):
        if tokens[i].form in CLITIC_TOKENS:
            i += 1
            continue
        hit = _match_at(d, tokens, i)
        if hit is None:
            i += 1
            continue
        key, end_tok, prefix_len = hit
        entry = d.aliases[key]
        if entry is not None:
            start = original_offset(tokens[i], prefix_len)
            end = tokens[end_tok - 1].end
            prev = out[-1] if out else None
            gap_tokens = tokens[last_end_tok:i] if last_end_tok >= 0 else []
            if (
                prev is not None
                and prefix_len == 0
                and prev.name == entry.name
                and prev.unit == entry.unit
                and all(t.form in CLITIC_TOKENS for t in gap_tokens)
            ):
                out[-1] = ActorMention(prev.name, prev.inter, prev.start, end, text[prev.start : end], prev.unit)
            else:
                out.append(ActorMention(entry.name, entry.inter, start, end, text[start:end], entry.unit))
            last_end_tok = end_tok
        i = end_tok
    return out


def interaction_code(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED interaction code: the two inter codes lower first (1 and 7 → 17; 2 and 1 → 12).

    With one side only, the solo code 10 × inter (2 → 20). None when neither is known.
    """
    codes = sorted(c for c in (inter1, inter2) if c is not None)
    for c in codes:
        if c not in INTER_LABELS:
            raise ValueError(f"not an ACLED inter code: {c}")
    if not codes:
        return None
    if len(codes) == 1:
        return 10 * codes[0]
    return 10 * codes[0] + codes[1]
