"""Choosing the next question: expected information gain, plus a weight on urgency."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from backcheck.engine.model import FloatArray, IntArray, Model
from backcheck.engine.types import Option, Patient, Question, State
from backcheck.knowledge import URGENCIES, Group

__all__ = ["MAX_ENUMERATED", "Candidate", "QuestionBank", "entropy"]

#: A `many` group with more unknown options than this is valued option by option.
MAX_ENUMERATED = 12
_TINY = 1e-12


def entropy(dist: FloatArray, axis: int = 0) -> FloatArray:
    """Shannon entropy in bits along an axis (zeros allowed).

    >>> float(entropy(np.array([0.5, 0.5])))
    1.0
    """
    d = np.clip(dist, _TINY, 1.0)
    result: FloatArray = -(dist * np.log2(d)).sum(axis=axis)
    return result


@dataclass(frozen=True)
class Candidate:
    """An askable question and the finding columns it resolves."""

    id: str
    kind: str
    columns: IntArray
    group: Group | None


def _visible(model: Model, patient: Patient, finding_or_group: str) -> bool:
    kb = model.kb
    item = kb.groups.get(finding_or_group) or kb.findings.get(finding_or_group)
    applies = getattr(item, "applies_to", None)
    if applies is None:
        return True
    if applies.sex is not None and patient.sex is not None and patient.sex != applies.sex:
        return False
    if patient.age is not None:
        if applies.age_min is not None and patient.age < applies.age_min:
            return False
        if applies.age_max is not None and patient.age > applies.age_max:
            return False
    return True


class QuestionBank:
    """The knowledge base's questions, with the arrays needed to value them."""

    def __init__(self, model: Model) -> None:
        self.model = model
        kb = model.kb
        self._first = [g for g in kb.groups.values() if g.stage == "first"]
        self._screens = [g for g in kb.groups.values() if g.stage == "screen"]
        self._adaptive_groups = [g for g in kb.groups.values() if g.stage == "adaptive"]
        self._singles = [
            f.id for f in kb.findings.values() if f.ask and f.id not in model.group_of
        ]
        n_levels = len(URGENCIES)
        self._urgency_onehot = np.zeros((n_levels, len(model.conditions)))
        self._urgency_onehot[model.urgency_rank, np.arange(len(model.conditions))] = 1.0

    @cached_property
    def ids(self) -> frozenset[str]:
        """Every question id (findings asked alone and groups)."""
        kb = self.model.kb
        return frozenset(self._singles) | frozenset(
            g.id for g in kb.groups.values() if g.stage != "never"
        )

    def question(self, qid: str, why: str = "", value: float = 0.0) -> Question:
        """The displayable question for an id."""
        kb = self.model.kb
        group = kb.groups.get(qid)
        if group is not None:
            if group.stage == "never":
                raise KeyError(qid)
            return Question(
                id=group.id,
                kind="group",
                select=group.select,
                text=group.question,
                help=group.help,
                options=tuple(Option(o, kb.findings[o].name) for o in group.options),
                stage=group.stage,
                none_label=group.none_label,
                why=why,
                value=value,
            )
        finding = kb.findings[qid]
        if qid not in self._singles:
            raise KeyError(qid)
        return Question(
            id=finding.id,
            kind="finding",
            select="yes_no",
            text=finding.question,
            help=finding.help,
            why=why,
            value=value,
        )

    # ----- which questions are still open -----

    def _group_open(self, group: Group, evidence: Mapping[str, State]) -> bool:
        states = [evidence.get(o, "unknown") for o in group.options]
        if group.select == "one":
            return "present" not in states
        return "unknown" in states

    def forced(
        self, evidence: Mapping[str, State], asked: Collection[str], patient: Patient
    ) -> Group | None:
        """The first `first`-stage or screen group not yet asked, if any."""
        for group in (*self._first, *self._screens):
            if group.id in asked or not _visible(self.model, patient, group.id):
                continue
            if self._group_open(group, evidence):
                return group
        return None

    def open_candidates(
        self, evidence: Mapping[str, State], asked: Collection[str], patient: Patient
    ) -> list[Candidate]:
        """Adaptive questions not yet asked whose answer is not already known."""
        f_index = self.model.f_index
        out: list[Candidate] = []
        for fid in self._singles:
            if fid in asked or evidence.get(fid, "unknown") != "unknown":
                continue
            if not _visible(self.model, patient, fid):
                continue
            out.append(Candidate(fid, "finding", np.array([f_index[fid]]), None))
        for group in self._adaptive_groups:
            if group.id in asked or not self._group_open(group, evidence):
                continue
            if not _visible(self.model, patient, group.id):
                continue
            cols = [
                f_index[o] for o in group.options if evidence.get(o, "unknown") == "unknown"
            ]
            out.append(Candidate(group.id, "group", np.array(cols), group))
        return out

    # ----- value of asking -----

    def _gain(self, post: FloatArray, outcome_lik: FloatArray) -> tuple[float, float]:
        """Expected information gain on conditions and on urgency for outcomes (C x K)."""
        joint = post[:, None] * outcome_lik
        p_out = joint.sum(axis=0)
        keep = p_out > _TINY
        joint, p_out = joint[:, keep], p_out[keep]
        cond_after = joint / p_out
        h_c = float(entropy(post) - (p_out * entropy(cond_after, axis=0)).sum())
        urg_prior = self._urgency_onehot @ post
        urg_after = self._urgency_onehot @ cond_after
        h_u = float(entropy(urg_prior) - (p_out * entropy(urg_after, axis=0)).sum())
        return max(h_c, 0.0), max(h_u, 0.0)

    def _outcomes(self, cand: Candidate) -> FloatArray | None:
        model = self.model
        if cand.group is None:
            p = model.p[:, cand.columns[0]]
            return np.stack([p, 1.0 - p], axis=1)
        if cand.group.select == "one":
            for group in model.one_groups:
                if group.id == cand.id:
                    return group.cat
            raise KeyError(cand.id)
        n = len(cand.columns)
        if n > MAX_ENUMERATED:
            return None
        bits = ((np.arange(2**n)[:, None] >> np.arange(n)) & 1).astype(np.float64)
        log_lik = model.log_p[:, cand.columns] @ bits.T + model.log_q[:, cand.columns] @ (
            1.0 - bits.T
        )
        result: FloatArray = np.exp(log_lik)
        return result

    def value(self, post: FloatArray, cand: Candidate) -> tuple[float, float, float]:
        """(total value, gain on conditions, gain on urgency) of asking a candidate."""
        weight = self.model.kb.settings.interview.urgency_weight
        outcomes = self._outcomes(cand)
        if outcomes is None:
            parts = [
                self._gain(post, np.stack([self.model.p[:, j], 1 - self.model.p[:, j]], axis=1))
                for j in cand.columns
            ]
            h_c = sum(c for c, _ in parts)
            h_u = sum(u for _, u in parts)
        else:
            h_c, h_u = self._gain(post, outcomes)
        return h_c + weight * h_u, h_c, h_u

    # ----- why a question is asked -----

    def why(self, post: FloatArray, cand: Candidate, gain_c: float, gain_u: float) -> str:
        """A plain sentence on what a question helps decide."""
        model = self.model
        kb = model.kb
        weight = kb.settings.interview.urgency_weight
        p = model.p[:, cand.columns]
        spread = p.max(axis=1) - p.min(axis=1) if p.shape[1] > 1 else np.abs(
            p[:, 0] - float(post @ p[:, 0])
        )
        if cand.group is not None and cand.group.select == "many" and p.shape[1] > 1:
            spread = np.abs(p - (post @ p)[None, :]).max(axis=1)
        relevance = post * spread
        if weight * gain_u > gain_c:
            urgent = np.flatnonzero(model.urgency_rank >= URGENCIES.index("consultation_24"))
            if urgent.size:
                best = int(urgent[np.argmax(relevance[urgent])])
                name = kb.conditions[model.conditions[best]].name
                return f"Asked to rule out {name.lower()}, which would need care sooner."
        order = [int(i) for i in np.argsort(-relevance)[:2]]
        names = [kb.conditions[model.conditions[i]].name.lower() for i in order]
        if len(names) == 2:
            return f"Asked because it helps tell {names[0]} apart from {names[1]}."
        return "Asked because it helps narrow down the likely causes."
