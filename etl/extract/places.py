"""Place names in Arabic news text → gazetteer places with their admin hierarchy.

Data: `data/gazetteer/syria_admin.csv` + `syria_aliases.csv` (OpenSyria / UN OCHA / geoBoundaries /
GeoNames, see that folder's README) and our hand additions in `data/places_extra.toml`.

- `load_gazetteer()` builds (once, cached) an index match_form(name) → candidate places.
- `find_places(text, gaz)` finds mentions with offsets in the original text, reading clitics
  (بريف حلب، وفي سراقب، لمدينة حمص) and context words (ريف X الجنوبي، جنوب مدينة حمص).
- `resolve_place(mentions, gaz, dateline_hint)` picks the most specific place for an event.
- `place_agreement(a, b)` scores how well two resolved places agree (for dedup).

ACLED geo_precision: 1 = the town itself, 2 = near a town / within a district / part of a
governorate (`ريف حلب الجنوبي`), 3 = only the governorate or a wider region.
"""

from __future__ import annotations

import csv
import math
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from etl.clean.normalize import match_form
from etl.extract.clitics import CLITIC_TOKENS, Token, original_offset, stems, tokenize
from etl.models import Place

DATA_DIR = Path(__file__).parent / "data"
GAZETTEER_DIR = DATA_DIR / "gazetteer"
EXTRA_FILE = DATA_DIR / "places_extra.toml"

ROOT = "SY"  # the country entry; level-1 governorates hang under it
_CITY_PREFIX = "مدينه "
_ALIAS_PREFIXES = ("محافظه ", "منطقه ", "ناحيه ", "مركز ", _CITY_PREFIX)


@dataclass(frozen=True)
class GazEntry:
    """One gazetteer place. `pcode` is the OCHA p-code, `GN<id>`, or an id from places_extra.toml."""

    pcode: str
    level: int  # 0 country/outside, 1 governorate, 2 district, 3 subdistrict, 4 town/neighbourhood
    name_ar: str
    name_en: str
    parent: str | None
    lat: float | None
    lon: float | None
    country: str = "Syria"

    @property
    def outside_syria(self) -> bool:
        return self.country != "Syria"


@dataclass(frozen=True)
class _Words:
    place_types: Mapping[str, int]
    countryside: frozenset[str]
    directions_after: tuple[tuple[tuple[str, ...], str], ...]  # longest first
    near_before: tuple[tuple[tuple[str, ...], str], ...]  # longest first
    not_after: frozenset[str]
    destination_before: frozenset[str]
    road_before: frozenset[str]


class Gazetteer:
    """Read-only index of places by match-form name. Build it with `load_gazetteer()`."""

    def __init__(
        self,
        entries: Mapping[str, GazEntry],
        names: Mapping[str, tuple[str, ...]],
        gated: frozenset[str],
        words: _Words,
        admin1_english: Mapping[str, str],
    ) -> None:
        self.entries: Mapping[str, GazEntry] = MappingProxyType(dict(entries))
        self.names: Mapping[str, tuple[str, ...]] = MappingProxyType(dict(names))
        self.gated = gated
        self.words = words
        self.admin1_english: Mapping[str, str] = MappingProxyType(dict(admin1_english))
        lineage: dict[str, tuple[str, ...]] = {}
        for pcode in self.entries:
            chain = [pcode]
            seen = {pcode}
            parent = self.entries[pcode].parent
            while parent and parent in self.entries and parent not in seen:
                chain.append(parent)
                seen.add(parent)
                parent = self.entries[parent].parent
            lineage[pcode] = tuple(chain)
        self._lineage: Mapping[str, tuple[str, ...]] = MappingProxyType(lineage)
        self._ancestors: dict[tuple[str, int], GazEntry | None] = {}  # ancestor_at, memoized
        self._may_start: dict[str, bool] = {}  # may_start, memoized
        self._chains: dict[tuple[str, ...], tuple[tuple[GazEntry, ...], ...]] = {}  # _chains, memoized
        first: dict[str, list[tuple[str, ...]]] = {}
        for key in self.names:
            toks = tuple(key.split(" "))
            first.setdefault(toks[0], []).append(toks[1:])
        self._by_first: Mapping[str, tuple[tuple[str, ...], ...]] = MappingProxyType(
            {k: tuple(sorted(v, key=len, reverse=True)) for k, v in first.items()}
        )

    def __len__(self) -> int:
        return len(self.names)

    def entry(self, pcode: str) -> GazEntry:
        """The entry for `pcode` (KeyError if unknown)."""
        return self.entries[pcode]

    def lineage(self, pcode: str) -> tuple[str, ...]:
        """`pcode` and its ancestors, most specific first, ending at the country (`SY`)."""
        return self._lineage.get(pcode, (pcode,))

    def candidates(self, name: str) -> tuple[GazEntry, ...]:
        """Every place called `name` (any spelling; compared on match_form)."""
        return tuple(self.entries[p] for p in self.names.get(match_form(name), ()))

    def continuations(self, first_form: str) -> tuple[tuple[str, ...], ...]:
        """Remaining tokens of the names starting with token `first_form`, longest first."""
        return self._by_first.get(first_form, ())

    def may_start(self, form: str) -> bool:
        """Whether a token of match form `form` can start a mention: some reading of it (clitics
        off, ال off as `_match_name` tries) begins a name, or is a countryside word (ريف)."""
        known = self._may_start.get(form)
        if known is None:
            known = False
            for stem in stems(form):
                if stem.form in self.words.countryside or self._by_first.get(stem.form):
                    known = True
                    break
                bare = stem.form.startswith("ال") and len(stem.form) > 4 and not stem.restored_al
                if bare and self._by_first.get(stem.form[2:]):
                    known = True
                    break
            if len(self._may_start) >= 200_000:  # bound the memo on an endless stream of new words
                self._may_start.clear()
            self._may_start[form] = known
        return known

    def ancestor_at(self, pcode: str, level: int) -> GazEntry | None:
        """The ancestor (or self) of `pcode` at admin `level`, if any."""
        key = (pcode, level)
        if key in self._ancestors:
            return self._ancestors[key]
        found = None
        for p in self.lineage(pcode):
            if self.entries[p].level == level and not self.entries[p].outside_syria:
                found = self.entries[p]
                break
        self._ancestors[key] = found
        return found


# --------------------------------------------------------------------------------------------
# Loading


def _phrases(mapping: Mapping[str, str]) -> tuple[tuple[tuple[str, ...], str], ...]:
    items = [(tuple(match_form(k).split(" ")), v) for k, v in mapping.items()]
    return tuple(sorted(items, key=lambda kv: len(kv[0]), reverse=True))


@lru_cache(maxsize=4)
def load_gazetteer(directory: Path = GAZETTEER_DIR, extra_file: Path = EXTRA_FILE) -> Gazetteer:
    """Load and index the shipped gazetteer plus places_extra.toml (cached; do not mutate).

    Indexes Arabic `name_ar` values and `ar` aliases (also without محافظة/منطقة/ناحية/مركز/مدينة
    prefixes), the spelling variants and hand-added places of places_extra.toml.
    """
    entries: dict[str, GazEntry] = {}
    names: dict[str, set[str]] = {}

    def add_name(name: str, pcode: str) -> None:
        key = match_form(name)
        if key:
            names.setdefault(key, set()).add(pcode)

    with open(directory / "syria_admin.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            entries[row["pcode"]] = GazEntry(
                pcode=row["pcode"],
                level=int(row["level"]),
                name_ar=row["name_ar"],
                name_en=row["name_en"],
                parent=row["parent_pcode"] or None,
                lat=float(row["lat"]) if row["lat"] else None,
                lon=float(row["lon"]) if row["lon"] else None,
            )
    extra = tomllib.loads(extra_file.read_text(encoding="utf-8"))
    dropped = {(d["pcode"], match_form(d["alias"])) for d in extra.get("drop_alias", [])}

    def add_alias(alias: str, pcode: str) -> None:
        key = match_form(alias)
        if (pcode, key) in dropped:
            return
        if not key.startswith(_CITY_PREFIX):  # `مدينة ادلب` is filed under the district: keep X only
            add_name(alias, pcode)
        for prefix in _ALIAS_PREFIXES:
            if key.startswith(prefix) and (pcode, key[len(prefix) :]) not in dropped:
                add_name(key[len(prefix) :], pcode)

    for entry in entries.values():
        add_alias(entry.name_ar, entry.pcode)
    with open(directory / "syria_aliases.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["lang"] == "ar" and row["pcode"] in entries:
                add_alias(row["alias"], row["pcode"])

    for item in extra.get("place", []):
        pcode = item["id"]
        level = int(item["level"])
        country = item.get("country", "Syria")
        parent = item.get("parent")
        if parent is None and level > 0:
            raise ValueError(f"places_extra.toml: {pcode} needs a parent pcode")
        if parent is not None and parent not in entries:
            raise ValueError(f"places_extra.toml: {pcode} has unknown parent {parent}")
        entries[pcode] = GazEntry(
            pcode=pcode,
            level=level,
            name_ar=item["name_ar"],
            name_en=item["name_en"],
            parent=parent,
            lat=item.get("lat"),
            lon=item.get("lon"),
            country=country,
        )
        for name in [item["name_ar"], *item.get("aliases", [])]:
            add_name(name, pcode)

    for variant, canonical in extra.get("spellings", {}).items():
        targets = names.get(match_form(canonical))
        if not targets:
            raise ValueError(f"places_extra.toml: spelling {variant!r} → unknown name {canonical!r}")
        names.setdefault(match_form(variant), set()).update(targets)

    stop = extra.get("stoplist", {})
    w = extra.get("words", {})
    words = _Words(
        place_types=MappingProxyType({match_form(k): int(v) for k, v in w["place_types"].items()}),
        countryside=frozenset(match_form(x) for x in w["countryside"]),
        directions_after=_phrases(w["directions_after"]),
        near_before=_phrases(w["near_before"]),
        not_after=frozenset(match_form(x) for x in stop.get("not_after", [])),
        destination_before=frozenset(match_form(x) for x in w.get("destination_before", [])),
        road_before=frozenset(match_form(x) for x in w.get("road_before", [])),
    )
    admin1_english = {e.name_en.casefold(): e.pcode for e in entries.values() if e.level == 1}
    with open(directory / "syria_aliases.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["lang"] == "en" and entries.get(row["pcode"]) and entries[row["pcode"]].level == 1:
                admin1_english.setdefault(row["alias"].casefold(), row["pcode"])
    for name, pcode in extra.get("admin1_english", {}).items():
        admin1_english[name.casefold()] = pcode
    return Gazetteer(
        entries=entries,
        names={k: tuple(sorted(v)) for k, v in names.items()},
        gated=frozenset(match_form(x) for x in stop.get("needs_place_word", [])),
        words=words,
        admin1_english=admin1_english,
    )


# --------------------------------------------------------------------------------------------
# Building Place objects


def _precision_for(entry: GazEntry) -> int:
    if entry.outside_syria:
        return 1 if ":" in entry.pcode else 3
    return {0: 3, 1: 3, 2: 2, 3: 2}.get(entry.level, 1)


def _make_place(gaz: Gazetteer, entry: GazEntry, precision: int | None = None, qualifier: str | None = None) -> Place:
    admin = {lvl: gaz.ancestor_at(entry.pcode, lvl) for lvl in (1, 2, 3)}
    return Place(
        name_ar=entry.name_ar,
        name_en=entry.name_en,
        pcode=entry.pcode,
        level=0 if entry.outside_syria else entry.level,
        admin1=admin[1].name_en if admin[1] else None,
        admin2=admin[2].name_en if admin[2] else None,
        admin3=admin[3].name_en if admin[3] else None,
        admin1_pcode=admin[1].pcode if admin[1] else None,
        latitude=entry.lat,
        longitude=entry.lon,
        geo_precision=precision if precision is not None else _precision_for(entry),
        country=entry.country,
        qualifier=qualifier,
    )


def place_by_pcode(gazetteer: Gazetteer, pcode: str) -> Place:
    """The Place for a gazetteer pcode, with its hierarchy and the precision its level implies."""
    return _make_place(gazetteer, gazetteer.entry(pcode))


def governorate_of(place: Place, gazetteer: Gazetteer | None = None) -> Place | None:
    """The governorate (level 1, precision 3) containing `place`; None outside Syria or unknown."""
    gaz = gazetteer or load_gazetteer()
    pcode = place.admin1_pcode
    if pcode is None and place.pcode in gaz.entries:
        gov = gaz.ancestor_at(place.pcode, 1)
        pcode = gov.pcode if gov else None
    if pcode is None or pcode not in gaz.entries:
        return None
    return _make_place(gaz, gaz.entry(pcode))


def admin1_pcode_from_english(gazetteer: Gazetteer, name: str | None) -> str | None:
    """Governorate p-code for an English admin1 spelling (`Idleb`, `Rural Damascus`, `Idlib`…)."""
    if not name:
        return None
    return gazetteer.admin1_english.get(name.strip().casefold())


# --------------------------------------------------------------------------------------------
# Finding mentions


@dataclass(frozen=True)
class PlaceMention:
    """A place named in the text. start/end/surface are offsets into the text given to find_places.

    `place` is this mention's reading after article-level disambiguation; `candidates` lists every
    pcode the name could mean (more than one chain when the name is ambiguous).
    """

    place: Place
    start: int
    end: int
    surface: str
    countryside: bool = False  # ريف X
    direction: str | None = None  # "southern", "north-western", … (after ريف X / X)
    outside_syria: bool = False
    near: str | None = None  # "south of", "near", … written before the name
    place_type: str | None = None  # the preceding place word's match form: مدينه، بلده، حي…
    candidates: tuple[str, ...] = ()
    ambiguous: bool = False  # the name could not be pinned to one place
    destination: bool = False  # after إلى/باتجاه: where someone went, not where it happened
    on_road: bool = False  # part of a road's name: طريق دمشق – حلب


@dataclass
class _Raw:
    start_tok: int
    end_tok: int  # exclusive
    start: int
    end: int
    key: str
    countryside: bool = False
    direction: str | None = None
    near: str | None = None
    place_type: str | None = None
    destination: bool = False
    on_road: bool = False


_DASHES = frozenset(" \t-–—/")


def _match_name(
    gaz: Gazetteer, tokens: Sequence[Token], i: int, allow_clitics: bool = True
) -> tuple[str, int, int] | None:
    """Longest gazetteer name starting at token i: (key, end token exclusive, prefix chars)."""
    best: tuple[str, int, int] | None = None
    readings = stems(tokens[i].form) if allow_clitics else stems(tokens[i].form)[:1]
    for stem in readings:
        candidates = [stem.form]
        if stem.form.startswith("ال") and len(stem.form) > 4 and not stem.restored_al:
            candidates.append(stem.form[2:])  # ال glued on a name that lacks it
        for first in candidates:
            for rest in gaz.continuations(first):
                n = len(rest)
                if i + 1 + n > len(tokens):
                    continue
                if all(tokens[i + 1 + k].form == rest[k] for k in range(n)):
                    key = " ".join((first, *rest))
                    if first != stem.form and (key in gaz.gated or _all_outside(gaz, key)):
                        continue
                    if best is None or 1 + n > best[1] - i:
                        best = (key, i + 1 + n, stem.prefix_len)
                    break  # continuations are longest first
    return best


def _all_outside(gaz: Gazetteer, key: str) -> bool:
    return all(gaz.entries[p].level == 0 for p in gaz.names[key])


def _phrase_before(
    tokens: Sequence[Token], end_tok: int, phrases: tuple[tuple[tuple[str, ...], str], ...]
) -> tuple[str, int] | None:
    """A phrase ending right before token `end_tok` (its first word may carry proclitics)."""
    longest = _longest(phrases)
    found = _phrase_ending(tuple(t.form for t in tokens[max(0, end_tok - longest) : end_tok]), phrases)
    return None if found is None else (found[0], end_tok - found[1])


@lru_cache(maxsize=16)
def _longest(phrases: tuple[tuple[tuple[str, ...], str], ...]) -> int:
    return max((len(p) for p, _ in phrases), default=0)


@lru_cache(maxsize=65536)
def _phrase_ending(forms: tuple[str, ...], phrases: tuple[tuple[tuple[str, ...], str], ...]) -> tuple[str, int] | None:
    """The first of `phrases` that `forms` ends with: (value, its length in words)."""
    for phrase, value in phrases:
        n = len(phrase)
        s = len(forms) - n
        if s < 0:
            continue
        if any(forms[s + k] != phrase[k] for k in range(1, n)):
            continue
        if any(st.form == phrase[0] for st in stems(forms[s])):
            return value, n
    return None


def _phrase_after(
    tokens: Sequence[Token], start_tok: int, phrases: tuple[tuple[tuple[str, ...], str], ...]
) -> tuple[str, int] | None:
    longest = _longest(phrases)
    found = _phrase_starting(tuple(t.form for t in tokens[start_tok : start_tok + longest]), phrases)
    return None if found is None else (found[0], start_tok + found[1])


@lru_cache(maxsize=65536)
def _phrase_starting(
    forms: tuple[str, ...], phrases: tuple[tuple[tuple[str, ...], str], ...]
) -> tuple[str, int] | None:
    """The first of `phrases` that `forms` starts with: (value, its length in words)."""
    for phrase, value in phrases:
        n = len(phrase)
        if n > len(forms):
            continue
        head = forms[:n]
        # feminine agreement: الشرقية for الشرقي
        if head == phrase or tuple(f[:-1] if f.endswith("ه") else f for f in head) == phrase:
            return value, n
    return None


def _stem_in(token: Token, vocabulary: Iterable[str] | Mapping[str, int]) -> str | None:
    for st in stems(token.form):
        if st.form in vocabulary:
            return st.form
    return None


def _scan(text: str, gaz: Gazetteer, tokens: Sequence[Token] | None = None) -> list[_Raw]:
    if tokens is None:
        tokens = tokenize(text)
    words = gaz.words
    found: list[_Raw] = []
    i = 0
    n = len(tokens)
    while i < n:
        tok = tokens[i]
        if tok.form in CLITIC_TOKENS or not gaz.may_start(tok.form):
            i += 1
            continue
        hit = _match_name(gaz, tokens, i)
        if hit is not None and tok.has_tanween:  # دوماً (always) is not دوما
            hit = None
        countryside = False
        span_tok, span_prefix = i, hit[2] if hit else 0  # where the mention's text starts
        if hit is None and i + 1 < n:
            # `ريف X`, `بريف محافظة X`, `أرياف X` (`ريف دمشق` itself is a name, matched above)
            ctry = next((st for st in stems(tok.form) if st.form in words.countryside), None)
            if ctry is not None:
                j = i + 1
                if j + 1 < n and tokens[j].form in ("محافظه", "مدينه", "منطقه"):
                    j += 1
                inner = _match_name(gaz, tokens, j, allow_clitics=False)
                if inner is not None:
                    hit = inner
                    countryside = True
                    span_tok, span_prefix = i, ctry.prefix_len
                    i = j
        if hit is None:
            i += 1
            continue
        key, end_tok, prefix_len = hit
        place_type = None
        before = span_tok
        if not countryside and prefix_len == 0 and i > 0:
            pt = _stem_in(tokens[i - 1], words.place_types)
            if pt is not None:
                place_type = pt
                before = i - 1
            elif tokens[i - 1].form in words.not_after:
                i = end_tok
                continue
        near = None
        if before > 0:
            nb = _phrase_before(tokens, before, words.near_before)
            if nb is not None:
                near = nb[0]
        direction = None
        span_end_tok = end_tok
        da = _phrase_after(tokens, end_tok, words.directions_after)
        if da is not None:
            direction = da[0]
            if countryside or key.startswith("ريف "):
                span_end_tok = da[1]
        if key in gaz.gated and place_type is None and not countryside:
            # still accept `X بريف Y` / `X غربي Y`: a place phrase follows the name
            follows = end_tok < n and (
                _stem_in(tokens[end_tok], words.countryside) or _phrase_after(tokens, end_tok, words.near_before)
            )
            if not follows:
                i = end_tok
                continue
        start = original_offset(tokens[span_tok], span_prefix)
        prev_word = _stem_in(tokens[before - 1], words.destination_before | words.road_before) if before else None
        on_road = prev_word in words.road_before or bool(
            found and found[-1].on_road and set(text[found[-1].end : start]) <= _DASHES
        )
        found.append(
            _Raw(
                i,
                end_tok,
                start,
                tokens[span_end_tok - 1].end,
                key,
                countryside,
                direction,
                near,
                place_type,
                destination=prev_word in words.destination_before,
                on_road=on_road,
            )
        )
        i = span_end_tok
    return found


def _chains(gaz: Gazetteer, pcodes: Sequence[str]) -> list[list[GazEntry]]:
    """Group candidate places into chains of nested units (one place at several admin levels)."""
    key = tuple(pcodes)
    known = gaz._chains.get(key)
    if known is None:
        known = tuple(tuple(chain) for chain in _group_chains(gaz, key))
        if len(gaz._chains) >= 100_000:
            gaz._chains.clear()
        gaz._chains[key] = known
    return [list(chain) for chain in known]


def _group_chains(gaz: Gazetteer, pcodes: Sequence[str]) -> list[list[GazEntry]]:
    chains: list[list[GazEntry]] = []
    for p in sorted(pcodes, key=lambda c: -gaz.entries[c].level):
        for chain in chains:
            if all(p in gaz.lineage(q.pcode) or q.pcode in gaz.lineage(p) for q in chain):
                chain.append(gaz.entries[p])
                break
        else:
            chains.append([gaz.entries[p]])
    return chains


def _pick_in_chain(chain: Sequence[GazEntry], level_hint: int | None) -> GazEntry:
    """The place a name means within one chain: the level the place word asks for, else the deepest."""
    if level_hint is not None:
        for e in chain:
            if e.level == level_hint:
                return e
        if level_hint == 1:
            return min(chain, key=lambda e: e.level)
    return max(chain, key=lambda e: e.level)


def _depth(gaz: Gazetteer, pcode: str) -> int:
    return len(gaz.lineage(pcode))


def _common_ancestor(gaz: Gazetteer, pcodes: Sequence[str]) -> GazEntry | None:
    lineages = [gaz.lineage(p) for p in pcodes]
    for p in lineages[0]:
        if all(p in lin for lin in lineages[1:]):
            return gaz.entries[p]
    return None


def _qualifier(raw: _Raw, entry: GazEntry) -> str | None:
    if raw.countryside:
        return f"{raw.direction} countryside" if raw.direction else "countryside"
    if raw.near:
        return f"{raw.near} {entry.name_en}"
    if raw.direction and entry.level == 1:
        return f"{raw.direction} countryside"  # ريف دمشق الغربي
    return None


def _finish(
    gaz: Gazetteer, raw: _Raw, entry: GazEntry, surface: str, candidates: tuple[str, ...], ambiguous: bool
) -> PlaceMention:
    precision = _precision_for(entry)
    target = entry
    qualifier = _qualifier(raw, entry)
    if raw.countryside and not entry.outside_syria:
        gov = gaz.ancestor_at(entry.pcode, 1)
        is_capital = gov is not None and match_form(gov.name_ar) == match_form(entry.name_ar)
        if entry.level == 1 or is_capital:
            target = gov or entry
        precision = 2
        if target is entry and entry.level >= 2:
            qualifier = f"{qualifier} of {entry.name_en}"
    elif raw.near and not entry.outside_syria:
        precision = max(precision, 2)
    elif raw.direction and entry.level == 1:
        precision = 2  # ريف دمشق الغربي
    if ambiguous:
        precision = max(precision, 2 if target.level >= 2 else 3)
    place = _make_place(gaz, target, precision, qualifier)
    return PlaceMention(
        place=place,
        start=raw.start,
        end=raw.end,
        surface=surface,
        countryside=raw.countryside,
        direction=raw.direction,
        outside_syria=target.outside_syria,
        near=raw.near,
        place_type=raw.place_type,
        candidates=candidates,
        ambiguous=ambiguous,
        destination=raw.destination,
        on_road=raw.on_road,
    )


def _context_units(gaz: Gazetteer, pcodes: Iterable[str]) -> tuple[set[str], set[str]]:
    govs: set[str] = set()
    districts: set[str] = set()
    for p in pcodes:
        g = gaz.ancestor_at(p, 1)
        d = gaz.ancestor_at(p, 2)
        if g:
            govs.add(g.pcode)
        if d:
            districts.add(d.pcode)
    return govs, districts


def _choose(
    gaz: Gazetteer, chains: list[list[GazEntry]], level_hint: int | None, govs: set[str], districts: set[str]
) -> tuple[GazEntry | None, bool]:
    """Pick among chains using context; returns (entry, still_ambiguous)."""
    picks = [_pick_in_chain(c, level_hint) for c in chains]
    if len(picks) == 1:
        return picks[0], False
    syrian = [e for e in picks if not e.outside_syria]
    if syrian and len(syrian) < len(picks) and len(syrian) == 1:
        return syrian[0], False
    scored = []
    for e in picks:
        g = gaz.ancestor_at(e.pcode, 1)
        d = gaz.ancestor_at(e.pcode, 2)
        score = (2 if d and d.pcode in districts else 0) + (1 if g and g.pcode in govs else 0)
        scored.append((score, e))
    best = max(s for s, _ in scored)
    winners = [e for s, e in scored if s == best]
    if best > 0 and len(winners) == 1:
        return winners[0], False
    pool = winners if best > 0 else picks
    common = _common_ancestor(gaz, [e.pcode for e in pool])
    return common, True


def find_places(
    text: str, gazetteer: Gazetteer, context_pcodes: Iterable[str] = (), tokens: Sequence[Token] | None = None
) -> list[PlaceMention]:
    """Every gazetteer place named in `text`, in order, with offsets into `text` itself.

    Clitics and place words are read (`وبسراقب`, `لمدينة حمص`, `بريف حلب الجنوبي`); the longest
    name wins (`معرة النعمان`, `ريف دمشق`); names that are common words need a place word first
    (places_extra.toml stoplist). A name shared by several places is disambiguated by the other
    places in the same text (same district, then same governorate) and `context_pcodes`; if that
    fails the mention gets the common parent at lower precision and `ambiguous=True`.
    `tokens`, when given, must be `tokenize(text)` (a caller that has them saves the work).
    """
    raws = _scan(text, gazetteer, tokens)
    types = gazetteer.words.place_types
    resolved: list[tuple[_Raw, list[list[GazEntry]], int | None]] = []
    clear: list[str] = list(context_pcodes)
    for raw in raws:
        pcodes = gazetteer.names[raw.key]
        level_hint = types.get(raw.place_type) if raw.place_type else None
        chains = _chains(gazetteer, pcodes)
        resolved.append((raw, chains, level_hint))
        if len(chains) == 1:
            clear.append(_pick_in_chain(chains[0], level_hint).pcode)
    govs, districts = _context_units(gazetteer, clear)
    out: list[PlaceMention] = []
    for raw, chains, level_hint in resolved:
        entry, ambiguous = _choose(gazetteer, chains, level_hint, govs, districts)
        if entry is None:
            entry = gazetteer.entry(ROOT)
        candidates = tuple(p for c in chains for p in (e.pcode for e in c))
        out.append(_finish(gazetteer, raw, entry, text[raw.start : raw.end], candidates, ambiguous))
    return _drop_misplaced(text, out)


_COMPASS = frozenset({"north", "south", "east", "west"})


def _drop_misplaced(text: str, mentions: list[PlaceMention]) -> list[PlaceMention]:
    """`X بريف Y` / `X في ريف Y` says X lies in Y's governorate: a name X resolved to a place in
    another governorate is another place of that name (a Damascus camp for `حوض اليرموك بريف
    درعا`), so the mention is dropped and Y speaks for the place. `X غربي Y` (a compass word, Y in
    X's governorate) only locates X: Y is dropped."""
    drop: set[int] = set()
    for k in range(len(mentions) - 1):
        m, n = mentions[k], mentions[k + 1]
        if m.outside_syria or n.outside_syria:
            continue
        gap = text[m.end : n.start].split()
        a, b = m.place.admin1_pcode, n.place.admin1_pcode
        if n.countryside and a and b and a != b and (not gap or (len(gap) == 1 and len(gap[0]) <= 3)):
            drop.add(k)
        elif n.near and n.near.split("-")[0].split()[0] in _COMPASS and len(gap) <= 2 and a and a == b:
            # `ريف مدينة تلكلخ غربي حمص`: the second name only locates the first
            drop.add(k + 1)
    return [m for k, m in enumerate(mentions) if k not in drop] if drop else mentions


# --------------------------------------------------------------------------------------------
# Choosing the event's place


def _rank(gaz: Gazetteer, m: PlaceMention) -> tuple[int, int, int, int]:
    p = m.place
    depth = _depth(gaz, p.pcode) if p.pcode in gaz.entries else 0
    return (1 if m.outside_syria else 0, 1 if m.ambiguous else 0, p.geo_precision, -depth)


def resolve_place(
    mentions: Sequence[PlaceMention],
    gazetteer: Gazetteer,
    dateline_hint: str | None = None,
    context: Sequence[PlaceMention] = (),
) -> Place | None:
    """The most specific place among `mentions` (typically those of the event's sentences).

    Preference: places in Syria over places abroad (an outside place is returned only when no
    Syrian place is named), unambiguous over ambiguous names, lower geo_precision, deeper in the
    hierarchy, then the earliest mention. Ambiguous names are re-decided with the other mentions,
    `context` (e.g. the rest of the article) and the dateline's governorate. With no mention, the
    dateline gives the governorate at precision 3. Returns None when nothing is known.
    """
    gaz = gazetteer
    hint_pcodes: list[str] = []
    dateline_mentions: list[PlaceMention] = []
    if dateline_hint:
        dateline_mentions = [m for m in find_places(dateline_hint, gaz) if not m.ambiguous]
        hint_pcodes = [m.place.pcode for m in dateline_mentions if m.place.pcode]
    clear = [m.place.pcode for m in [*mentions, *context] if not m.ambiguous and m.place.pcode]
    govs, districts = _context_units(gaz, [*clear, *hint_pcodes])
    fixed: list[PlaceMention] = []
    for m in mentions:
        if m.ambiguous and m.candidates:
            raw = _Raw(
                0,
                0,
                m.start,
                m.end,
                "",
                m.countryside,
                m.direction,
                m.near,
                m.place_type,
                m.destination,
                m.on_road,
            )
            level_hint = gaz.words.place_types.get(m.place_type) if m.place_type else None
            entry, ambiguous = _choose(gaz, _chains(gaz, m.candidates), level_hint, govs, districts)
            if entry is not None and not ambiguous:
                m = _finish(gaz, raw, entry, m.surface, m.candidates, False)
        fixed.append(m)
    primary = [m for m in fixed if not (m.destination or m.on_road)]
    secondary = [m for m in fixed if m.destination or m.on_road]
    best = _best(gaz, [m for m in primary if not m.outside_syria and not _unknown(m)])
    if best is None:
        best = _best(gaz, [m for m in primary if m.outside_syria])
    if best is None:
        best = _main_place(gaz, context)
    if best is None:
        best = _best(gaz, [m for m in secondary if not _unknown(m)])
    if best is not None:
        return _refine(gaz, _refine(gaz, best, primary, strict=False), context).place
    for m in dateline_mentions:
        if m.outside_syria:
            return m.place
        gov = governorate_of(m.place, gaz)
        if gov is not None:
            return replace(gov, qualifier="from dateline")
    return None


def _unknown(m: PlaceMention) -> bool:
    return m.ambiguous and m.place.pcode == ROOT


def _best(gaz: Gazetteer, pool: Sequence[PlaceMention]) -> PlaceMention | None:
    if not pool:
        return None
    return min(enumerate(pool), key=lambda im: (_rank(gaz, im[1]), im[0]))[1]


def _main_place(gaz: Gazetteer, context: Sequence[PlaceMention]) -> PlaceMention | None:
    """The article's main place: the most specific mention in its most-named governorate."""
    pool = [
        m
        for m in context
        if not (m.outside_syria or m.ambiguous or m.destination or m.on_road) and m.place.admin1_pcode
    ]
    if not pool:
        return None
    counts: dict[str, int] = {}
    for m in pool:
        counts[m.place.admin1_pcode] = counts.get(m.place.admin1_pcode, 0) + 1  # type: ignore[index]
    top = max(counts.values())
    gov = next(m.place.admin1_pcode for m in pool if counts[m.place.admin1_pcode] == top)  # type: ignore[index]
    return _best(gaz, [m for m in pool if m.place.admin1_pcode == gov])


def _refine(gaz: Gazetteer, best: PlaceMention, others: Sequence[PlaceMention], strict: bool = True) -> PlaceMention:
    """A town named exactly is refined to the neighbourhood of it named most often in `others`
    (`بمحيط حي الأشرفية في حلب` → الأشرفية). `strict` only takes neighbourhoods named exactly."""
    p = best.place
    if p.level != 4 or p.geo_precision != 1 or best.outside_syria or p.pcode not in gaz.entries:
        return best
    inside = [
        m
        for m in others
        if m.place.pcode != p.pcode
        and (m.place.geo_precision == 1 or not strict)
        and not (m.countryside or m.ambiguous or m.destination or m.on_road)
        and p.pcode in gaz.lineage(m.place.pcode or "")
    ]
    if not inside:
        return best
    counts: dict[str, int] = {}
    for m in inside:
        counts[m.place.pcode] = counts.get(m.place.pcode, 0) + 1  # type: ignore[index]
    top = max(counts.values())
    return next(m for m in inside if counts[m.place.pcode] == top)  # type: ignore[index]


# --------------------------------------------------------------------------------------------
# Comparing places (dedup)


def _haversine_km(a: Place, b: Place) -> float | None:
    if None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))


_CONTAIN = {0: 0.2, 1: 0.6, 2: 0.75, 3: 0.85, 4: 0.9}
_SIBLING = {0: 0.0, 1: 0.35, 2: 0.55, 3: 0.7, 4: 0.8}


def place_agreement(a: Place | None, b: Place | None, gazetteer: Gazetteer | None = None) -> float:
    """How well two places fit one incident, in 0..1.

    1.0 same place (same qualifier); 0.9 a neighbourhood and its town; containment scores by the
    level of the containing unit (town in its subdistrict 0.85, district 0.75, governorate 0.6);
    different places score by their deepest shared unit (same subdistrict 0.7, same district 0.55,
    same governorate 0.35, else 0); two exact points closer than 10 km score at least 0.7.
    Places abroad agree only with the same place (1.0) or the same country (0.5). None → 0.0.
    """
    if a is None or b is None:
        return 0.0
    gaz = gazetteer or load_gazetteer()
    a_out, b_out = a.country != "Syria", b.country != "Syria"
    if a_out or b_out:
        if a_out and b_out:
            if a.pcode == b.pcode and a.pcode is not None:
                return 1.0
            return 0.5 if a.country == b.country else 0.0
        return 0.0
    if a.pcode and a.pcode == b.pcode:
        if a.qualifier and b.qualifier and a.qualifier != b.qualifier:
            return 0.75
        return 1.0
    if a.pcode in gaz.entries and b.pcode in gaz.entries:
        la, lb = gaz.lineage(a.pcode), gaz.lineage(b.pcode)
        common = next((p for p in la if p in lb), None)
        if common is None:
            score = 0.0
        else:
            level = gaz.entries[common].level
            score = _CONTAIN[level] if common in (a.pcode, b.pcode) else _SIBLING[level]
    else:
        if a.admin1_pcode is None or a.admin1_pcode != b.admin1_pcode:
            score = 0.0
        elif a.admin2 and a.admin2 == b.admin2:
            score = 0.7 if a.admin3 and a.admin3 == b.admin3 else 0.55
        else:
            score = 0.35
    if a.geo_precision == 1 and b.geo_precision == 1:
        km = _haversine_km(a, b)
        if km is not None:
            if km <= 2:
                score = max(score, 0.9)
            elif km <= 10:
                score = max(score, 0.7)
    return score
