"""Per column of a likelihood table, the sum of the three largest P(c) x P(outcome | c).

The stop rule needs, for every possible answer, how likely the three leading causes would be
afterwards. Sorting each column over every condition costs more than the rest of a step, yet
the three largest products are almost always among the likeliest conditions or the conditions
most likely to give that answer. So the rows are visited from both ends, as in Fagin's
threshold algorithm: the `depth` likeliest conditions now, and for each column the `depth`
conditions with the largest likelihood (kept sorted at load). No row outside both lists can
exceed (the next probability) x (the next likelihood); once the third largest product found is
at least that, the sum is exact. Columns not settled at the deepest level are sorted in full.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from backcheck.engine.model import FloatArray, IntArray

__all__ = ["DEPTHS", "Columns", "Prefix", "prefix", "top3_sums"]

#: How deep the two lists are read, in turn, before a column is sorted in full.
DEPTHS = (4, 16, 64)


@dataclass(frozen=True, eq=False)
class Prefix:
    """For each column of a table: its rows by decreasing value, first `depth` of them.

    `order` is depth x K (row numbers) and `values` (depth + 1) x K: the values in that order
    and, last, the largest value of the rows not listed (0 when every row is).
    """

    order: IntArray
    values: FloatArray

    @property
    def nbytes(self) -> int:
        """Memory held, in bytes."""
        return int(self.order.nbytes + self.values.nbytes)


def prefix(table: FloatArray, depth: int = DEPTHS[-1]) -> Prefix:
    """The `depth` largest rows of each column of `table` (C x K), largest first.

    >>> p = prefix(np.array([[0.1, 0.9], [0.5, 0.2], [0.3, 0.4]]), depth=2)
    >>> p.order.tolist(), p.values.tolist()
    ([[1, 0], [2, 2]], [[0.5, 0.9], [0.3, 0.4], [0.1, 0.2]])
    """
    rows, cols = table.shape
    depth = min(depth, rows)
    if depth < rows:
        top = np.argpartition(-table, depth, axis=0)[: depth + 1]
        values = np.take_along_axis(table, top, axis=0)
        ranked = np.argsort(-values, axis=0, kind="stable")
        top = np.take_along_axis(top, ranked, axis=0)
        values = np.take_along_axis(values, ranked, axis=0)
        return Prefix(np.ascontiguousarray(top[:depth]), np.ascontiguousarray(values))
    order = np.argsort(-table, axis=0, kind="stable")
    values = np.vstack([np.take_along_axis(table, order, axis=0), np.zeros((1, cols))])
    return Prefix(np.ascontiguousarray(order), values)


def _sum3(top: FloatArray) -> FloatArray:
    """Sum of the rows of a 3 x n array sorted ascending per column, smallest first."""
    top.sort(axis=0)
    result: FloatArray = (top[0] + top[1]) + top[2]
    return result


class Columns:
    """Columns of a table whose top-3 sums are narrowed down, round by round.

    `low` and `high` bound each column's sum of the three largest `post[c] * table[c, j]`:
    at first from the three largest of each alone, then narrower after each `refine(depth)`
    (equal, and exact, where `done`); `finish` sorts the rest in full.
    `by_post` lists the rows by decreasing `post`; `lists` is `prefix(table)`.
    """

    def __init__(
        self, post: FloatArray, by_post: IntArray, table: FloatArray, lists: Prefix, cols: IntArray
    ) -> None:
        self.post, self.by_post, self.table, self.lists, self.cols = (
            post,
            by_post,
            table,
            lists,
            cols,
        )
        self.low = np.zeros(len(cols))
        self.done = np.zeros(len(cols), dtype=np.bool_)
        if len(post) <= 3:  # every row is among the three largest
            self.low[:] = (post[:, None] * table[:, cols]).sum(axis=0)
            self.high = self.low.copy()
            self.done[:] = True
            return
        # Before reading anything: the three largest products are at most the three largest
        # probabilities times the three largest values, paired in order (rearrangement).
        largest = post[by_post[:3]]
        top = lists.values[:3, cols]
        self.high = (largest[0] * top[0] + largest[1] * top[1]) + largest[2] * top[2]

    def refine(self, depth: int, which: IntArray) -> bool:
        """Read both lists `depth` deep for the columns `which` (positions); False: too deep."""
        post, by_post, lists = self.post, self.by_post, self.lists
        if depth > lists.order.shape[0] or depth >= len(post):
            return False
        which = which[~self.done[which]]
        if not len(which):
            return True
        c = self.cols[which]
        first = by_post[:depth]
        seen = np.zeros(len(post), dtype=np.bool_)
        seen[first] = True
        likeliest = post[first, None] * self.table[first][:, c]
        rows = lists.order[:depth, c]
        largest = post[rows] * lists.values[:depth, c]
        largest[seen[rows]] = 0.0  # counted once, among the likeliest
        both = np.concatenate([likeliest, largest])
        top = np.partition(both, len(both) - 3, axis=0)[-3:]
        low = _sum3(top)
        # No row outside both lists exceeds this.
        cap = post[by_post[depth]] * lists.values[depth, c]
        done = top[0] >= cap
        high = np.partition(np.vstack([top, np.broadcast_to(cap, top.shape)]), 2, axis=0)[3:]
        self.low[which] = low
        self.high[which] = np.where(done, low, np.minimum(high.sum(axis=0), self.high[which]))
        self.done[which] = done
        return True

    def finish(self, which: IntArray) -> None:
        """Sort the columns `which` (positions) in full where they are not settled."""
        which = which[~self.done[which]]
        if not len(which):
            return
        joint = self.post[:, None] * self.table[:, self.cols[which]]
        self.low[which] = self.high[which] = _sum3(
            np.partition(joint, len(self.post) - 3, axis=0)[-3:]
        )
        self.done[which] = True


def top3_sums(
    post: FloatArray,
    by_post: IntArray,
    table: FloatArray,
    lists: Prefix,
    cols: IntArray,
) -> FloatArray:
    """For each column j in `cols`, the sum of the three largest `post[c] * table[c, j]`.

    `by_post` lists the rows by decreasing `post`; `lists` is `prefix(table)`. The three
    products are summed smallest first, as sorting the column would.

    >>> table = np.array([[0.1, 0.9], [0.5, 0.2], [0.3, 0.4], [0.2, 0.1]])
    >>> post = np.array([0.4, 0.3, 0.2, 0.1])
    >>> top3_sums(post, np.argsort(-post), table, prefix(table), np.array([0, 1])).round(2)
    array([0.25, 0.5 ])
    """
    columns = Columns(post, by_post, table, lists, cols)
    every = np.arange(len(cols))
    for depth in DEPTHS:
        if not columns.refine(depth, every) or columns.done.all():
            break
    columns.finish(every)
    return columns.low
