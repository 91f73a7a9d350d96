"""What a question's answer can be: P(outcome | condition) tables, made once and kept bounded.

A yes/no finding has two outcomes; an exclusive group one per option; a tick-all group one per
combination of its unknown options (the likeliest `MAX_OUTCOMES`, the rest lumped together).
Tables of whole questions are made once, side by side (`Table`); tables of partly answered
questions (some options known from a description) are kept in a bounded cache.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np

from backcheck.engine.cache import LRUCache
from backcheck.engine.model import FloatArray, IntArray, Model
from backcheck.engine.topthree import Prefix, prefix
from backcheck.knowledge import Group

__all__ = [
    "MAX_ENUMERATED",
    "MAX_OUTCOMES",
    "OUTCOME_CACHE_BYTES",
    "Candidate",
    "Candidates",
    "OutcomeTables",
    "Outcomes",
    "Table",
    "binary_entropy",
    "entropy",
    "xlogx",
]

#: A `many` group with more unknown options than this is valued option by option.
MAX_ENUMERATED = 12
#: A `many` group's answers are valued over at most this many combinations (the likeliest for
#: some condition), the rest lumped together: a close, much cheaper estimate of the gain.
MAX_OUTCOMES = 128
#: Outcome tables of partly answered questions (text evidence) are kept within this many bytes,
#: the least recently used dropped first.
OUTCOME_CACHE_BYTES = 16 * 2**20
_TINY = 1e-12


def entropy(dist: FloatArray, axis: int = 0) -> FloatArray:
    """Shannon entropy in bits along an axis (zeros allowed).

    >>> float(entropy(np.array([0.5, 0.5])))
    1.0
    """
    result: FloatArray = -(dist * np.log2(np.clip(dist, _TINY, 1.0))).sum(axis=axis)
    return result


def xlogx(x: FloatArray) -> FloatArray:
    """Elementwise x log2 x (0 for x = 0; tiny values clipped as in `entropy`)."""
    result: FloatArray = x * np.log2(np.clip(x, _TINY, 1.0))
    return result


def binary_entropy(p: FloatArray) -> FloatArray:
    """Entropy in bits of a yes/no answer with P(yes) = p, elementwise.

    >>> binary_entropy(np.array([0.5, 1.0])).tolist()
    [1.0, -0.0]
    """
    result: FloatArray = -(xlogx(p) + xlogx(1.0 - p))
    return result


@dataclass(frozen=True)
class Candidate:
    """An askable question and the finding columns it resolves."""

    id: str
    kind: str
    columns: IntArray
    group: Group | None


class Candidates(list[Candidate]):
    """Candidates whose first `singles` are yes/no findings, their columns in `single_cols`.

    It is a list of candidates; the two attributes spare a step a pass over them in Python.
    """

    def __init__(self, items: list[Candidate], single_cols: IntArray) -> None:
        super().__init__(items)
        self.singles = len(single_cols)
        self.single_cols = single_cols


@dataclass(frozen=True, eq=False)
class Outcomes:
    """A question's possible answers: P(outcome | condition) and what is derived from it.

    `lik` (C x K) is in the model's row order, `lik_u` the same rows in triage-level order;
    `h` is each condition's entropy over the outcomes (level order); `lists` the likeliest
    conditions for each outcome (see `topthree`).
    """

    lik: FloatArray
    lik_u: FloatArray
    h: FloatArray
    lists: Prefix

    @property
    def nbytes(self) -> int:
        """Memory held, in bytes."""
        return int(self.lik.nbytes + self.lik_u.nbytes + self.h.nbytes + self.lists.nbytes)


@dataclass(frozen=True, eq=False)
class Table:
    """Every adaptive group with all options unknown, side by side (columns), level order.

    Where many conditions share a row (those that give no option of any group a likelihood of
    their own, and so have the background's), `unique` holds the distinct rows, `inverse` the
    distinct row of each condition and `h_unique` their entropies per group.
    """

    index: dict[str, int]
    starts: IntArray
    ends: IntArray
    lik_u: FloatArray
    h_u: FloatArray
    lists: Prefix
    unique: FloatArray | None = None
    inverse: IntArray | None = None
    h_unique: FloatArray | None = None


class OutcomeTables:
    """The outcome tables of a model's group questions, rows in `perm` order (thread-safe)."""

    def __init__(self, model: Model, perm: IntArray) -> None:
        self.model = model
        self._perm = perm
        self._one_cat = {g.id: g.cat for g in model.one_groups}
        self._bit_cache: dict[int, FloatArray] = {}
        self._outcome_cache: LRUCache[tuple[str, tuple[int, ...]], Outcomes] = LRUCache(
            OUTCOME_CACHE_BYTES, lambda o: o.nbytes
        )
        self._table: Table | None = None
        self._table_lock = threading.Lock()

    def _bits(self, n: int) -> FloatArray:
        cached = self._bit_cache.get(n)
        if cached is None:
            cached = ((np.arange(2**n)[:, None] >> np.arange(n)) & 1).astype(np.float64)
            self._bit_cache[n] = cached
        return cached

    def _likelihoods(self, cand: Candidate) -> FloatArray | None:
        """P(outcome | condition) of a group question (None: too many options to enumerate)."""
        model = self.model
        assert cand.group is not None
        if cand.group.select == "one":
            return self._one_cat[cand.id]
        n = len(cand.columns)
        if n > MAX_ENUMERATED:
            return None
        bits = self._bits(n)
        log_lik = model.log_p[:, cand.columns] @ bits.T + model.log_q[:, cand.columns] @ (
            1.0 - bits.T
        )
        lik: FloatArray = np.exp(log_lik)
        if lik.shape[1] > MAX_OUTCOMES:
            keep = np.argsort(-lik.max(axis=0))[:MAX_OUTCOMES]
            kept = lik[:, keep]
            rest = np.clip(1.0 - kept.sum(axis=1, keepdims=True), 0.0, None)
            lik = np.hstack([kept, rest])
        return lik

    def full(self, cand: Candidate) -> bool:
        """Whether a group candidate is in the table (every option of it unknown)."""
        assert cand.group is not None
        return cand.group.select == "one" or len(cand.columns) == len(cand.group.options)

    def outcomes(self, cand: Candidate) -> Outcomes | None:
        """The outcome table of a group question (None: valued option by option)."""
        key = (cand.id, tuple(int(j) for j in cand.columns))
        cached = self._outcome_cache.get(key)
        if cached is not None:
            return cached
        lik = self._likelihoods(cand)
        if lik is None:
            return None
        lik_u = np.ascontiguousarray(lik[self._perm])
        result = Outcomes(lik, lik_u, entropy(lik_u, axis=1), prefix(lik_u))
        if not self.full(cand):  # tables of whole questions live in the table
            self._outcome_cache.put(key, result)
        return result

    def table(self) -> Table:
        """The table of every adaptive group with all options unknown (built on first use)."""
        table = self._table
        if table is not None:
            return table
        with self._table_lock:
            if self._table is not None:
                return self._table
            kb, f_index = self.model.kb, self.model.f_index
            index: dict[str, int] = {}
            starts: list[int] = []
            liks: list[FloatArray] = []
            hs: list[FloatArray] = []
            width = 0
            for group in kb.groups.values():
                if group.stage != "adaptive":
                    continue
                cols = np.array([f_index[o] for o in group.options], dtype=np.int64)
                lik = self._likelihoods(Candidate(group.id, "group", cols, group))
                if lik is None:
                    continue
                index[group.id] = len(starts)
                starts.append(width)
                width += lik.shape[1]
                liks.append(lik[self._perm])
                hs.append(entropy(liks[-1], axis=1))
            n = len(self.model.conditions)
            lik_u = np.hstack(liks) if liks else np.zeros((n, 0))
            h_u = np.ascontiguousarray(np.stack(hs, axis=1) if hs else np.zeros((n, 0)))
            unique, inverse = np.unique(lik_u, axis=0, return_inverse=True)
            shared = len(unique) <= n // 2
            h_unique = np.zeros((len(unique), h_u.shape[1]))
            h_unique[inverse.ravel()] = h_u
            self._table = Table(
                index=index,
                starts=np.array(starts, dtype=np.int64),
                ends=np.array([*starts[1:], width], dtype=np.int64),
                lik_u=np.ascontiguousarray(lik_u),
                h_u=h_u,
                lists=prefix(lik_u),
                unique=np.ascontiguousarray(unique) if shared else None,
                inverse=inverse.ravel().astype(np.int64) if shared else None,
                h_unique=h_unique if shared else None,
            )
            return self._table

    def cache_bytes(self) -> int:
        """Memory held by the outcome tables of partly answered questions, in bytes."""
        return self._outcome_cache.nbytes
