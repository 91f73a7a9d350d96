"""The value of asking: information gain of each candidate question, and what an answer could do.

Gains are mutual information, I(C; A) = H(A) - sum_c P(c) H(A | c), with H(A | c) computed once
per table (at load for yes/no findings), so no posterior after each answer is built. Sums over
conditions run per triage level on rows kept in level order, which gives the answer's
probability and its distribution within each level in one pass over a matrix.

What an answer could do for the stop rule (its chance of changing the advice, and the expected
gain of the three causes shown first) is decided from cheap bounds, falling back to the exact
computation only where a bound cannot settle the comparison.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from backcheck.engine.model import FloatArray, IntArray, Model
from backcheck.engine.outcomes import (
    Candidate,
    Candidates,
    Outcomes,
    OutcomeTables,
    binary_entropy,
    xlogx,
)
from backcheck.engine.topthree import DEPTHS, Columns, Prefix, prefix
from backcheck.engine.triage import condition_ranks
from backcheck.knowledge import URGENCIES

__all__ = ["Scorer"]

_TINY = 1e-12
#: Pinsker's inequality: an answer moves no probability by more, on average, than
#: sqrt(ln 2 / 2 x the information it gives in bits).
_PINSKER = math.log(2) / 2
#: A bound decides a comparison only when this far (relatively) from it; else the exact value.
_MARGIN = 1e-9
_LEVELS = len(URGENCIES)
#: From this many conditions, sums per triage level run over each level's rows.
_ROWS_BY_SLICE = 128
#: Outcome tables of partly answered questions are valued side by side up to this many cells.
_SIDE_BY_SIDE = 2**16
#: The top-3 gains are narrowed down in rounds above this many conditions.
_ROUNDS_FROM = 64
#: Yes/no likelihoods are summed as differences from the background below this density.
_SPARSE = 0.1


@dataclass(frozen=True, eq=False)
class _Sparse:
    """The yes/no likelihoods (and their entropies) that differ from the background's."""

    rows: IntArray
    cols: IntArray
    key: IntArray  # level x findings + column
    dp: FloatArray
    dh: FloatArray
    h_bg: FloatArray


@dataclass(frozen=True, eq=False)
class _Family:
    """Outcome columns of one table, the candidate each belongs to, and its weight in the gain."""

    columns: Columns
    owner: IntArray
    weight: FloatArray


@dataclass(eq=False)
class _Parts:
    """What `values` computed for one posterior and candidate list (reused by the stop rule)."""

    post: FloatArray
    candidates: Sequence[Candidate]
    post_u: FloatArray
    weights: FloatArray  # levels x conditions: P(c) where c is at that level, else 0
    level_mass: FloatArray
    singles: IntArray  # positions of the yes/no candidates
    single_cols: IntArray
    single_joint: FloatArray  # levels x singles: P(yes, level)
    table_joint: FloatArray | None  # levels x table columns: P(outcome, level)
    groups: list[tuple[int, int]]  # (candidate, table group) with every option unknown
    partial: list[tuple[int, Outcomes, FloatArray]]  # (candidate, outcomes, P(outcome, level))
    wide: list[tuple[int, IntArray, FloatArray]]  # (candidate, columns, P(yes, level))
    all_joint: FloatArray | None = None  # levels x findings: P(yes, level), when summed sparse


class Scorer:
    """Values candidate questions for one model; thread-safe, caches bounded."""

    def __init__(self, model: Model) -> None:
        self.model = model
        order = np.argsort(model.urgency_rank, kind="stable")
        self._perm: IntArray = order.astype(np.int64)
        self._inverse: IntArray = np.argsort(order).astype(np.int64)
        bounds = np.searchsorted(model.urgency_rank[order], np.arange(_LEVELS + 1))
        self._slices = [slice(int(bounds[r]), int(bounds[r + 1])) for r in range(_LEVELS)]
        self._p_u: FloatArray = np.ascontiguousarray(model.p[order])
        self._onehot_u: FloatArray = np.ascontiguousarray(model.urgency_onehot[order].T)
        self._level_u: IntArray = model.urgency_rank[order].astype(np.int64)
        # Per-condition entropy of every yes/no finding: computed once per load.
        self._h_u: FloatArray = binary_entropy(self._p_u)
        # Where most conditions give most findings the background's likelihood, only the
        # differences from it are summed.
        self._sparse: _Sparse | None = None
        differs = self._p_u != model.background[None, :]
        if differs.mean() <= _SPARSE:
            rows, cols = np.nonzero(differs)
            h_bg = binary_entropy(model.background)
            self._sparse = _Sparse(
                rows=rows.astype(np.int64),
                cols=cols.astype(np.int64),
                key=(self._level_u[rows] * len(model.findings) + cols).astype(np.int64),
                dp=self._p_u[rows, cols] - model.background[cols],
                dh=self._h_u[rows, cols] - h_bg[cols],
                h_bg=h_bg,
            )
        self._lists: tuple[FloatArray, Prefix, Prefix] | None = None
        self.tables = OutcomeTables(model, self._perm)
        self._local = threading.local()

    # ----- gains -----

    def _by_level(self, parts: _Parts, matrix_u: FloatArray) -> FloatArray:
        """Per triage level, the sum over its conditions of P(c) x row c (levels x columns).

        One product with the level weights for few conditions; one pass over the rows of each
        level (a matrix-vector product each) for many, where the product would do five passes.
        """
        if len(parts.post_u) < _ROWS_BY_SLICE:
            result: FloatArray = parts.weights @ matrix_u
            return result
        out = np.zeros((_LEVELS, matrix_u.shape[1]))
        for r, rows in enumerate(self._slices):
            if rows.start < rows.stop:
                out[r] = parts.post_u[rows] @ matrix_u[rows]
        return out

    def _singles_joint(self, parts: _Parts, cols: IntArray) -> FloatArray:
        """P(yes, level) of yes/no findings (levels x columns)."""
        sparse = self._sparse
        if sparse is not None:
            if parts.all_joint is None:
                n = self._p_u.shape[1]
                weights = parts.post_u[sparse.rows] * sparse.dp
                spread = np.bincount(sparse.key, weights=weights, minlength=_LEVELS * n)
                background = parts.level_mass[:, None] * self.model.background[None, :]
                parts.all_joint = background + spread.reshape(_LEVELS, n)
            return parts.all_joint[:, cols]
        if 4 * len(cols) < self._p_u.shape[1]:
            return self._by_level(parts, self._p_u[:, cols])
        return self._by_level(parts, self._p_u)[:, cols]

    def _h_given(self, parts: _Parts, cols: IntArray) -> FloatArray:
        """sum_c P(c) H(answer | c) of yes/no findings."""
        sparse = self._sparse
        if sparse is not None:
            weights = parts.post_u[sparse.rows] * sparse.dh
            spread = np.bincount(sparse.cols, weights=weights, minlength=self._h_u.shape[1])
            result: FloatArray = (sparse.h_bg * parts.post_u.sum() + spread)[cols]
            return result
        if 4 * len(cols) < self._h_u.shape[1]:
            result = parts.post_u @ self._h_u[:, cols]
            return result
        result = (parts.post_u @ self._h_u)[cols]
        return result

    def _binary(
        self, parts: _Parts, cols: IntArray, joint: FloatArray
    ) -> tuple[FloatArray, FloatArray]:
        """Gains on conditions and on urgency of yes/no findings, from P(yes, level)."""
        p_yes = joint.sum(axis=0)
        h_answer = binary_entropy(p_yes)
        gain_c = h_answer - self._h_given(parts, cols)
        live = parts.level_mass > _TINY
        within = joint[live] / parts.level_mass[live, None]
        gain_u = h_answer - parts.level_mass[live] @ binary_entropy(within)
        return np.clip(gain_c, 0.0, None), np.clip(gain_u, 0.0, None)

    def _grouped(
        self,
        parts: _Parts,
        joint: FloatArray,
        h_given: FloatArray,
        starts: IntArray,
    ) -> tuple[FloatArray, FloatArray]:
        """Gains of tables side by side (segments starting at `starts`), from P(outcome, level)."""
        p_out = joint.sum(axis=0)
        h_answer = -np.add.reduceat(xlogx(p_out), starts)
        gain_c = h_answer - h_given
        live = parts.level_mass > _TINY
        within = joint[live] / parts.level_mass[live, None]
        h_level = -np.add.reduceat(xlogx(within), starts, axis=1)
        gain_u = h_answer - parts.level_mass[live] @ h_level
        return np.maximum(gain_c, 0.0), np.maximum(gain_u, 0.0)

    def values(
        self, post: FloatArray, candidates: Sequence[Candidate], urgency_weight: float
    ) -> tuple[FloatArray, FloatArray, FloatArray]:
        """(total value, gain on conditions, gain on urgency) of asking each candidate."""
        post_u = post[self._perm]
        weights = self._onehot_u * post_u
        if isinstance(candidates, Candidates):
            singles = np.arange(candidates.singles)
            cols = candidates.single_cols
        else:
            singles = np.array([k for k, c in enumerate(candidates) if c.group is None], int)
            cols = np.array([int(candidates[k].columns[0]) for k in singles], dtype=np.int64)
        parts = _Parts(
            post, candidates, post_u, weights, weights.sum(axis=1), singles, cols,
            np.zeros((_LEVELS, 0)), None, [], [], [],
        )  # fmt: skip
        gain_c = np.zeros(len(candidates))
        gain_u = np.zeros(len(candidates))
        if len(singles):
            parts.single_joint = self._singles_joint(parts, cols)
            gain_c[singles], gain_u[singles] = self._binary(parts, cols, parts.single_joint)
        partial: list[tuple[int, Outcomes]] = []
        table = self.tables.table() if len(singles) < len(candidates) else None
        first = candidates.singles if isinstance(candidates, Candidates) else 0
        for k in range(first, len(candidates)):
            cand = candidates[k]
            if cand.group is None:
                continue
            assert table is not None
            if self.tables.full(cand) and cand.id in table.index:
                parts.groups.append((k, table.index[cand.id]))
                continue
            outcomes = self.tables.outcomes(cand)
            if outcomes is None:
                joint = self._singles_joint(parts, cand.columns)
                parts.wide.append((k, cand.columns, joint))
                gc, gu = self._binary(parts, cand.columns, joint)
                gain_c[k], gain_u[k] = float(gc.sum()), float(gu.sum())
            else:
                partial.append((k, outcomes))
        # Side by side, as in the table; one at a time where copying them would cost more.
        size = len(post_u) * sum(o.lik_u.shape[1] for _, o in partial)
        for batch in [partial] if size <= _SIDE_BY_SIDE else [[item] for item in partial]:
            if not batch:
                continue
            widths = [o.lik_u.shape[1] for _, o in batch]
            starts = np.cumsum([0, *widths[:-1]])
            lik_u = batch[0][1].lik_u if len(batch) == 1 else np.hstack([o.lik_u for _, o in batch])
            joint = self._by_level(parts, lik_u)
            h_given = np.array([parts.post_u @ o.h for _, o in batch])
            gc, gu = self._grouped(parts, joint, h_given, starts)
            for i, (k, outcomes) in enumerate(batch):
                segment = joint[:, starts[i] : starts[i] + widths[i]]
                parts.partial.append((k, outcomes, segment))
                gain_c[k], gain_u[k] = gc[i], gu[i]
        if parts.groups:
            table = self.tables.table()
            if (
                table.unique is not None
                and table.inverse is not None
                and table.h_unique is not None
            ):
                # Conditions sharing a row add up first: P(level, distinct row).
                n = len(table.unique)
                key = self._level_u * n + table.inverse
                shared = np.bincount(key, weights=post_u, minlength=_LEVELS * n)
                shared = shared.reshape(_LEVELS, n)
                parts.table_joint = shared @ table.unique
                h_given = shared.sum(axis=0) @ table.h_unique
            else:
                parts.table_joint = self._by_level(parts, table.lik_u)
                h_given = post_u @ table.h_u
            gc, gu = self._grouped(parts, parts.table_joint, h_given, table.starts)
            for k, g in parts.groups:
                gain_c[k], gain_u[k] = gc[g], gu[g]
        self._local.parts = parts
        return gain_c + urgency_weight * gain_u, gain_c, gain_u

    def _parts(self, post: FloatArray, candidates: Sequence[Candidate]) -> _Parts:
        """What `values` computed for this posterior and these candidates (computed if need be)."""
        parts: _Parts | None = getattr(self._local, "parts", None)
        if parts is None or parts.post is not post or parts.candidates is not candidates:
            self.values(post, candidates, 0.0)
            parts = self._local.parts
        assert parts is not None
        return parts

    # ----- what an answer could do, exactly (as one question at a time) -----

    def after(self, post: FloatArray, cand: Candidate) -> tuple[FloatArray, FloatArray]:
        """P(each outcome) and the posterior after each outcome (rows) of one question."""
        if cand.group is None:
            p = self.model.p[:, int(cand.columns[0])][:, None]
            lik = np.hstack([p, 1.0 - p])
        else:
            table = self.tables.table()
            g = table.index.get(cand.id)
            outcomes = (
                None if g is not None and self.tables.full(cand) else self.tables.outcomes(cand)
            )
            if g is not None and self.tables.full(cand):
                start, end = int(table.starts[g]), int(table.ends[g])
                lik = table.lik_u[:, start:end][self._inverse]
            elif outcomes is None:  # too many unknown options to enumerate: one at a time
                p = self.model.p[:, cand.columns]
                lik = np.hstack([p, 1.0 - p]) / len(cand.columns)
            else:
                lik = outcomes.lik
        joint = post[:, None] * lik
        p_out = joint.sum(axis=0)
        live = p_out > _TINY
        return p_out[live], (joint[:, live] / p_out[live]).T

    def effect(
        self, post: FloatArray, cand: Candidate, current: int, floor: int, top3: float
    ) -> tuple[float, float]:
        """(risk, top-3 gain) of one candidate, computed exactly (see `QuestionBank.effects`)."""
        p_out, after = self.after(post, cand)
        moved = np.maximum(condition_ranks(self.model, after), floor) != current
        risk = float(p_out @ moved)
        if after.shape[1] > 3:  # the three largest of each row, in ascending order
            after = np.sort(np.partition(after, after.shape[1] - 3, axis=1)[:, -3:], axis=1)
        else:
            after = np.sort(after, axis=1)
        gain = float(p_out @ after[:, -3:].sum(axis=1)) - top3
        return risk, max(gain, 0.0)

    # ----- the stop rule, from bounds -----

    def _ranks(self, joint: FloatArray, p_out: FloatArray) -> IntArray:
        """The condition-based triage rank after each outcome, from P(outcome, level)."""
        mass = joint / np.where(p_out > 0, p_out, 1.0)
        at_least = np.cumsum(mass[::-1], axis=0)[::-1]
        reached = at_least >= self.model.threshold[:, None]
        reached[0] = True
        ranks: IntArray = (_LEVELS - 1 - np.argmax(reached[::-1], axis=0)).astype(np.int64)
        return ranks

    def _risk_of(
        self, joint: FloatArray, current: int, floor: int, starts: IntArray | None = None
    ) -> FloatArray:
        """The chance that the outcome moves the advice, per table segment (or per column)."""
        p_out = joint.sum(axis=0)
        moved = np.maximum(self._ranks(joint, p_out), floor) != current
        weighted: FloatArray = np.where(p_out > _TINY, p_out, 0.0) * moved
        if starts is None:
            return weighted
        result: FloatArray = np.add.reduceat(weighted, starts)
        return result

    def risks(
        self, post: FloatArray, candidates: Sequence[Candidate], rank: int, floor: int
    ) -> FloatArray:
        """The chance that each candidate's answer changes the advice (vectorised)."""
        parts = self._parts(post, candidates)
        current = max(rank, floor)
        risk = np.zeros(len(candidates))

        def binary(joint: FloatArray) -> FloatArray:
            no = parts.level_mass[:, None] - joint
            return self._risk_of(joint, current, floor) + self._risk_of(no, current, floor)

        if len(parts.singles):
            risk[parts.singles] = binary(parts.single_joint)
        for k, cols, joint in parts.wide:
            risk[k] = float(binary(joint).sum()) / len(cols)
        for k, _, joint in parts.partial:
            risk[k] = float(self._risk_of(joint, current, floor).sum())
        if parts.groups and parts.table_joint is not None:
            by_group = self._risk_of(parts.table_joint, current, floor, self.tables.table().starts)
            for k, g in parts.groups:
                risk[k] = by_group[g]
        return risk

    def riskiest(
        self,
        post: FloatArray,
        candidates: Sequence[Candidate],
        rank: int,
        floor: int,
        scale: float,
        least: float,
    ) -> tuple[int, float]:
        """The candidate most likely to change the advice, and that chance.

        The same as the first largest of `QuestionBank.effects`' risks, where it matters: when
        `scale` x the largest risk is clearly below `least` (the caller then stops whichever
        it is) the vectorised risks answer; otherwise they pick the contenders and the exact
        computation decides among those within a hair of the largest.
        """
        risk = self.risks(post, candidates, rank, floor)
        k = int(np.argmax(risk))
        best = float(risk[k])
        if scale * best < least * (1.0 - _MARGIN) - 1e-12:
            return k, best
        close = np.flatnonzero(risk >= best * (1.0 - _MARGIN) - 1e-12)
        if len(close) == 1 and scale * best >= least * (1.0 + _MARGIN) + 1e-12:
            return k, best  # one contender, clearly above: asked whatever its last digits
        current = max(rank, floor)
        exact = [self.effect(post, candidates[int(k)], current, floor, 0.0)[0] for k in close]
        i = int(np.argmax(exact))
        return int(close[i]), exact[i]

    def _yes_no(self) -> tuple[FloatArray, Prefix, Prefix]:
        """P(no | c) of every yes/no finding (level order), and the likeliest rows of both."""
        lists = self._lists
        if lists is None:
            q_u = np.ascontiguousarray(1.0 - self._p_u)
            lists = self._lists = (q_u, prefix(self._p_u), prefix(q_u))
        return lists

    def _outcome_columns(self, parts: _Parts, which: IntArray) -> list[_Family]:
        """The outcome columns of the candidates `which`, by table, with owner and weight.

        A candidate's top-3 gain is the weighted sum, over its columns, of the three largest
        P(c) x P(outcome | c), less the current top 3; an outcome no longer possible weighs 0.
        """
        post_u = parts.post_u
        by_post = np.argsort(-post_u, kind="stable")
        chosen = np.zeros(len(parts.candidates), dtype=np.bool_)
        chosen[which] = True
        out: list[_Family] = []

        def binary(cols: IntArray, joint: FloatArray, owner: IntArray, share: float) -> None:
            q_u, yes_lists, no_lists = self._yes_no()
            p_yes = joint.sum(axis=0)
            p_no = parts.level_mass.sum() - p_yes
            for table, lists, p in ((self._p_u, yes_lists, p_yes), (q_u, no_lists, p_no)):
                columns = Columns(post_u, by_post, table, lists, cols)
                out.append(_Family(columns, owner, np.where(p > _TINY, share, 0.0)))

        singles = np.flatnonzero(chosen[parts.singles])
        if len(singles):
            owner = parts.singles[singles]
            binary(parts.single_cols[singles], parts.single_joint[:, singles], owner, 1.0)
        for k, cols, joint in parts.wide:
            if chosen[k]:
                binary(cols, joint, np.full(len(cols), k, dtype=np.int64), 1.0 / len(cols))
        for k, outcomes, joint in parts.partial:
            if chosen[k]:
                every = np.arange(outcomes.lik_u.shape[1])
                columns = Columns(post_u, by_post, outcomes.lik_u, outcomes.lists, every)
                live = np.where(joint.sum(axis=0) > _TINY, 1.0, 0.0)
                out.append(_Family(columns, np.full(len(every), k, dtype=np.int64), live))
        groups = [(k, g) for k, g in parts.groups if chosen[k]]
        if groups and parts.table_joint is not None:
            table = self.tables.table()
            spans = [np.arange(table.starts[g], table.ends[g]) for _, g in groups]
            cols = np.concatenate(spans)
            owner = np.concatenate(
                [np.full(len(sp), k) for sp, (k, _) in zip(spans, groups, strict=True)]
            )
            live = np.where(parts.table_joint[:, cols].sum(axis=0) > _TINY, 1.0, 0.0)
            columns = Columns(post_u, by_post, table.lik_u, table.lists, cols)
            out.append(_Family(columns, owner.astype(np.int64), live))
        return out

    def top3_gain_reaches(
        self,
        post: FloatArray,
        candidates: Sequence[Candidate],
        gains_c: FloatArray,
        scale: float,
        least: float,
    ) -> bool:
        """Whether `scale` x the expected top-3 gain of some candidate is at least `least`.

        The same answer as `scale * max(effects top-3 gains) >= least`. Candidates whose
        information gain (`gains_c`, in bits) rules them out by Pinsker's inequality are
        skipped; the others' gains are narrowed down together, round by round (`topthree`),
        until one is surely reached or none can be; only one within a hair of `least` is
        recomputed the way `effects` does, so that rounding cannot change the answer.
        """
        if not len(candidates):
            return False
        if least <= 0.0:
            return True
        parts = self._parts(post, candidates)
        slack = least * _MARGIN + 1e-9
        # An answer moves no probability by more, on average, than Pinsker allows.
        high = np.sqrt(_PINSKER * (np.maximum(gains_c, 0.0) + 1e-9))
        open_ = np.flatnonzero(scale * high >= least - slack)
        if not len(open_):
            return False
        families = self._outcome_columns(parts, open_)
        top3 = float(np.sort(post)[-3:].sum())

        def total(bound: str) -> FloatArray:
            result = np.full(len(candidates), -top3)
            for f in families:
                weights = f.weight * getattr(f.columns, bound)
                result += np.bincount(f.owner, weights=weights, minlength=len(candidates))
            return result

        undecided = np.zeros(len(candidates), dtype=np.bool_)
        undecided[open_] = True
        undecided &= scale * total("high") >= least - slack
        if not undecided.any():
            return False
        # Narrow every gain down, stopping as soon as the answer is known; with few conditions
        # sorting every column at once is cheaper than rounds.
        for depth in DEPTHS if len(post) > _ROUNDS_FROM else ():
            refined = [
                f.columns.refine(depth, np.flatnonzero(undecided[f.owner])) for f in families
            ]
            if not all(refined):
                break
            if bool((scale * total("low")[undecided] >= least + slack).any()):
                return True
            undecided &= scale * total("high") >= least - slack
            if not undecided.any():
                return False
        for f in families:
            f.columns.finish(np.flatnonzero(undecided[f.owner]))
        gain = total("low")
        open_ = np.flatnonzero(undecided)
        if bool((scale * gain[open_] >= least + slack).any()):
            return True
        top3 = float(np.sort(post)[-3:].sum())
        for k in open_[np.abs(scale * gain[open_] - least) <= slack]:
            _, exact = self.effect(post, candidates[int(k)], 0, 0, top3)
            if scale * exact >= least:
                return True
        return False
