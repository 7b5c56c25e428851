"""Text fingerprints for dedup: bottom-k char n-gram sketches and word-shingle MinHash.

Both hash with CRC-32 rather than Python's `hash`, which is salted per process: fingerprints
must be identical across runs for rebuild and incremental dedup to agree.
"""

from __future__ import annotations

import zlib
from array import array

import numpy as np
from camel_tools.tokenizers.word import simple_word_tokenize

from etl.clean.normalize import match_form

_MERSENNE_61 = np.uint64((1 << 61) - 1)
_UINT32 = "I"  # array typecode: 4-byte unsigned on every platform CPython supports


def char_sketch(text: str, ngram: int, size: int, folded: bool = False) -> bytes:
    """Bottom-`size` sketch of the char n-gram set of match_form(text), as packed uint32.

    Keeps the `size` smallest n-gram hashes (all of them for a short text). Empty text → b"".
    `folded=True` skips match_form when the caller already folded the text.
    """
    form = text if folded else match_form(text)
    if not form:
        return b""
    grams = {form[i : i + ngram] for i in range(max(1, len(form) - ngram + 1))}
    hashes = sorted({zlib.crc32(g.encode("utf-8")) for g in grams})[:size]
    return array(_UINT32, hashes).tobytes()


def sketch_set(sketch: bytes) -> frozenset[int]:
    """The hashes held in a packed sketch."""
    return frozenset(memoryview(sketch).cast(_UINT32))


def sketch_similarity(a: frozenset[int], b: frozenset[int]) -> float:
    """Jaccard similarity of two sketches (0 if either is empty).

    Exact for texts with at most `size` n-grams (evidence sentences mostly are); for longer
    texts an estimate, since both sketches cover about the same low range of hash values.
    """
    if not a or not b:
        return 0.0
    both = len(a & b)
    return both / (len(a) + len(b) - both)


def word_shingles(form: str, width: int) -> set[str]:
    """Overlapping runs of `width` words of an already folded text (the whole text if shorter).

    Words come from camel-tools' tokenizer with punctuation dropped, so «سراقب،» and «سراقب» agree.
    """
    words = [w for w in simple_word_tokenize(form) if any(c.isalnum() for c in w)]
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
