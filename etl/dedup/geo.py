"""Comparing two resolved places for dedup: compatibility (a veto) and agreement (a score).

Agreement comes from `etl.extract.places.place_agreement` (the gazetteer hierarchy) when that
module is available, otherwise from the fallback below, which reads the same hierarchy off the
Place fields (admin1/admin2/admin3/pcode).
"""

from __future__ import annotations

from collections.abc import Callable

from etl.models import Place

PlaceChain = tuple[str | None, str | None, str | None, str | None]

# Fallback agreement, same scale as the gazetteer version: one place contains the other (by the
# level of the container), or two different places share a unit (by that unit's level).
_CONTAINS = {1: 0.6, 2: 0.75, 3: 0.85}
_SIBLINGS = {1: 0.35, 2: 0.55, 3: 0.7}


def place_chain(place: Place | None) -> PlaceChain:
    """(governorate, district, subdistrict, town) of a place; None where it is not known.

    The place's own level is filled from its own name when the admin field is empty, so a
    district-level place compares with a town inside it on the district.
    """
    if place is None:
        return (None, None, None, None)
    if place.level == 0:
        # The whole country names nothing to conflict with; a place abroad conflicts with Syria.
        return (None, None, None, None) if place.country == "Syria" else (
            f"~{place.country}:{place.pcode or place.name_en}", None, None, None)
    chain: list[str | None] = [place.admin1 or place.admin1_pcode, place.admin2, place.admin3, None]
    if place.level == 4:
        chain[3] = place.pcode or place.name_en
    elif 1 <= place.level <= 3 and chain[place.level - 1] is None:
        chain[place.level - 1] = place.name_en
    return (chain[0], chain[1], chain[2], chain[3])


def chains_conflict(a: PlaceChain, b: PlaceChain) -> bool:
    """True when two places cannot be one location: they differ at a level both specify.

    Saraqib vs Idlib governorate: compatible (containment). Saraqib vs Ariha: conflict, even
    though both are in Idlib: that is the "two arrests in two towns" look-alike.
    """
    return any(x is not None and y is not None and x != y for x, y in zip(a, b, strict=True))


def fallback_agreement(a: Place | None, b: Place | None) -> float:
    """Agreement in 0..1 from the Place fields alone (used when the gazetteer module is absent)."""
    if a is None or b is None:
        return 0.0
    if a.pcode is not None and a.pcode == b.pcode:
        return 1.0
    ca, cb = place_chain(a), place_chain(b)
    depth = 0
    for x, y in zip(ca, cb, strict=True):
        if x is None or y is None or x != y:
            break
        depth += 1
    if depth == 0:
        return 0.0
    contained = all(y is None for y in ca[depth:]) or all(y is None for y in cb[depth:])
    return (_CONTAINS if contained else _SIBLINGS).get(depth, 1.0)


def agreement_function() -> Callable[[Place | None, Place | None], float]:
    """The gazetteer-based place_agreement if importable, else `fallback_agreement`."""
    try:
        from etl.extract.places import place_agreement
    except ImportError:
        return fallback_agreement
    return place_agreement
