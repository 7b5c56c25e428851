"""Article dedup: exact copies (same content hash) and near-duplicates (MinHash + LSH).

Near-duplicates are syndicated or lightly edited copies (a SANA dispatch republished by
others). Texts are compared on word shingles of match_form(title + body); an LSH table of
banded MinHash signatures proposes candidates, which are kept when their estimated Jaccard
similarity reaches the threshold. Nothing is compared all-pairs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable
from dataclasses import dataclass

import numpy as np

from etl.clean.normalize import match_form
from etl.dedup.config import ArticleThresholds, load_thresholds
from etl.dedup.text import MinHasher, signature_similarity, word_shingles


@dataclass(frozen=True)
class ArticleMatch:
    """A stored article the queried text duplicates."""

    key: Hashable
    kind: str  # "exact" (same content hash) or "near"
    similarity: float  # 1.0 for exact copies, else the estimated Jaccard of word shingles


class ArticleIndex:
    """Stored article fingerprints, queried for exact and near duplicates of a new text."""

    def __init__(self, thresholds: ArticleThresholds | None = None) -> None:
        self.cfg = thresholds or load_thresholds().articles
        if self.cfg.num_perm % self.cfg.bands:
            raise ValueError("num_perm must be a multiple of bands")
        self._rows = self.cfg.num_perm // self.cfg.bands
        self._hasher = MinHasher(self.cfg.num_perm)
        self._by_hash: dict[str, list[Hashable]] = defaultdict(list)
        self._signatures: dict[Hashable, np.ndarray] = {}
        self._buckets: dict[tuple[int, bytes], list[Hashable]] = defaultdict(list)
        self._size = 0

    def __len__(self) -> int:
        return self._size

    def signature(self, text: str) -> np.ndarray | None:
        """MinHash of the text's word shingles (None when the text has no words)."""
        return self._hasher.signature(word_shingles(match_form(text), self.cfg.shingle_words))

    def add(self, key: Hashable, text: str, content_hash: str | None = None) -> None:
        """Store an article under `key` (keys must be unique)."""
        self._add(key, self.signature(text), content_hash)

    def query(self, text: str, content_hash: str | None = None) -> list[ArticleMatch]:
        """Stored articles this text duplicates: exact copies first, then near copies by similarity."""
        return self._query(self.signature(text), content_hash)

    def add_and_query(self, key: Hashable, text: str, content_hash: str | None = None) -> list[ArticleMatch]:
        """Query against what is stored so far, then store the article (one signature computed)."""
        signature = self.signature(text)
        matches = self._query(signature, content_hash)
        self._add(key, signature, content_hash)
        return matches

    def _bands(self, signature: np.ndarray) -> list[tuple[int, bytes]]:
        r = self._rows
        return [(b, signature[b * r : (b + 1) * r].tobytes()) for b in range(self.cfg.bands)]

    def _add(self, key: Hashable, signature: np.ndarray | None, content_hash: str | None) -> None:
        self._size += 1
        if content_hash:
            self._by_hash[content_hash].append(key)
        if signature is None:
            return
        self._signatures[key] = signature
        for band in self._bands(signature):
            self._buckets[band].append(key)

    def _query(self, signature: np.ndarray | None, content_hash: str | None) -> list[ArticleMatch]:
        exact = list(self._by_hash.get(content_hash, ())) if content_hash else []
        matches = [ArticleMatch(k, "exact", 1.0) for k in exact]
        if signature is None:
            return matches
        seen = set(exact)
        near: list[ArticleMatch] = []
        for band in self._bands(signature):
            for key in self._buckets.get(band, ()):
                if key in seen:
                    continue
                seen.add(key)
                similarity = signature_similarity(signature, self._signatures[key])
                if similarity >= self.cfg.near_duplicate:
                    near.append(ArticleMatch(key, "near", similarity))
        near.sort(key=lambda m: -m.similarity)  # stable: equal similarities keep insertion order
        return matches + near
