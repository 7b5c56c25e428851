"""Text fingerprints for dedup: bottom-k char n-gram sketches and word-shingle MinHash.

Both hash with CRC-32 rather than Python's `hash`, which is salted per process: fingerprints
must be identical across runs for rebuild and incremental dedup to agree.
"""

from __future__ import annotations

import zlib
from array import array

import numpy as np

from etl.clean.normalize import match_form

_MERSENNE_61 = np.uint64((1 << 61) - 1)
_UINT32 = "I"  # array typecode: 4-byte unsigned on every platform CPython supports


def char_sketch(text: str, ngram: int, size: int, folded: bool = False) -> bytes:
    """Bottom-`size` sketch of the char n-gram set of match_form(text), as packed uint32.

    Keeps the `size` smallest n-gram hashes: two sketches estimate the Jaccard similarity of the
    full n-gram sets (exactly, when the union has at most `size` n-grams). Empty text → b"".
    `folded=True` skips match_form when the caller already folded the text.
    """
    form = text if folded else match_form(text)
    if not form:
        return b""
    grams = {form[i : i + ngram] for i in range(max(1, len(form) - ngram + 1))}
    hashes = sorted({zlib.crc32(g.encode("utf-8")) for g in grams})[:size]
    return array(_UINT32, hashes).tobytes()


def sketch_similarity(a: bytes, b: bytes, size: int) -> float:
    """Estimated Jaccard similarity of the n-gram sets behind two sketches (0 if either is empty)."""
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    sa, sb = set(memoryview(a).cast(_UINT32)), set(memoryview(b).cast(_UINT32))
    union = sorted(sa | sb)[:size]
    cutoff = union[-1]
    # An n-gram among the `size` smallest of the union that both sketches hold is in both sets.
    both = sum(1 for h in sa & sb if h <= cutoff)
    return both / len(union)


def word_shingles(form: str, width: int) -> set[str]:
    """Overlapping runs of `width` words of an already folded text (the whole text if shorter)."""
    words = form.split()
    if len(words) <= width:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + width]) for i in range(len(words) - width + 1)}


class MinHasher:
    """MinHash signatures over string sets: `num_perm` universal hashes of CRC-32 values."""

    def __init__(self, num_perm: int, seed: int = 1) -> None:
        rng = np.random.default_rng(seed)
        # a, b < 2^31 and x < 2^32 keep a*x + b below 2^64: no overflow in uint64.
        self._a = rng.integers(1, 1 << 31, size=num_perm, dtype=np.uint64)
        self._b = rng.integers(0, 1 << 31, size=num_perm, dtype=np.uint64)

    def signature(self, items: set[str]) -> np.ndarray | None:
        """uint64 signature of the set, or None for an empty set (nothing to compare)."""
        if not items:
            return None
        x = np.fromiter((zlib.crc32(s.encode("utf-8")) for s in items), dtype=np.uint64, count=len(items))
        return ((np.outer(self._a, x) + self._b[:, None]) % _MERSENNE_61).min(axis=1)


def signature_similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity: the share of equal MinHash positions."""
    return float(np.count_nonzero(a == b)) / len(a)
