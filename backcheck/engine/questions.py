"""Choosing the next question: expected information gain, plus a weight on urgency."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from backcheck.engine.model import FloatArray, IntArray, Model
from backcheck.engine.triage import condition_ranks
from backcheck.engine.types import Option, Patient, Question, State
from backcheck.knowledge import URGENCIES, Group

__all__ = ["MAX_ENUMERATED", "MAX_OUTCOMES", "Candidate", "QuestionBank", "entropy"]

#: A `many` group with more unknown options than this is valued option by option.
MAX_ENUMERATED = 12
#: A `many` group's answers are valued over at most this many combinations (the likeliest for
#: some condition), the rest lumped together: a close, much cheaper estimate of the gain.
MAX_OUTCOMES = 128
_TINY = 1e-12


def entropy(dist: FloatArray, axis: int = 0) -> FloatArray:
    """Shannon entropy in bits along an axis (zeros allowed).

    >>> float(entropy(np.array([0.5, 0.5])))
    1.0
    """
    result: FloatArray = -(dist * np.log2(np.clip(dist, _TINY, 1.0))).sum(axis=axis)
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
        self._singles = [f.id for f in kb.findings.values() if f.ask and f.id not in model.group_of]
        self._first_findings = [f for f in self._singles if kb.findings[f].stage == "first"]
        self._single_candidates = [
            (
                fid,
                Candidate(fid, "finding", np.array([model.f_index[fid]]), None),
                kb.findings[fid].applies_to is not None,
            )
            for fid in self._singles
        ]
        self._one_cat = {g.id: g.cat for g in model.one_groups}
        self._bit_cache: dict[int, FloatArray] = {}
        self._outcome_cache: dict[tuple[str, tuple[int, ...]], tuple[FloatArray, FloatArray]] = {}
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
            stage=finding.stage,
            why=why,
            value=value,
        )

    # ----- which questions are still open -----

    def _group_open(self, group: Group, evidence: Mapping[str, State]) -> bool:
        states = [evidence.get(o, "unknown") for o in group.options]
        if group.select == "one":
            return "present" not in states
        return "unknown" in states

    def _forced_open(
        self, evidence: Mapping[str, State], asked: Collection[str], patient: Patient
    ) -> list[str]:
        """First-stage findings and groups, then the screens, not yet asked or known."""
        out: list[str] = []
        for fid in self._first_findings:
            if fid in asked or evidence.get(fid, "unknown") != "unknown":
                continue
            if _visible(self.model, patient, fid):
                out.append(fid)
        for group in (*self._first, *self._screens):
            if group.id in asked or not _visible(self.model, patient, group.id):
                continue
            if self._group_open(group, evidence):
                out.append(group.id)
        return out

    def forced(
        self, evidence: Mapping[str, State], asked: Collection[str], patient: Patient
    ) -> Question | None:
        """The next question every interview asks (where it hurts, the screens), if any."""
        open_ids = self._forced_open(evidence, asked, patient)
        if not open_ids:
            return None
        qid = open_ids[0]
        first = qid in self._first_findings or self.model.kb.groups[qid].stage == "first"
        why = (
            "Where it hurts, and who you are, are the first clues to what causes it."
            if first
            else "These are warning signs: any one of them changes how soon you need care."
        )
        return self.question(qid, why=why, value=float("inf"))

    def forced_left(
        self, evidence: Mapping[str, State], asked: Collection[str], patient: Patient
    ) -> int:
        """How many questions every interview still asks (first stage and screens)."""
        return len(self._forced_open(evidence, asked, patient))

    def open_candidates(
        self, evidence: Mapping[str, State], asked: Collection[str], patient: Patient
    ) -> list[Candidate]:
        """Adaptive questions not yet asked whose answer is not already known."""
        f_index = self.model.f_index
        out: list[Candidate] = []
        for fid, column, conditional in self._single_candidates:
            if (
                fid in self._first_findings
                or fid in asked
                or evidence.get(fid, "unknown") != "unknown"
            ):
                continue
            if conditional and not _visible(self.model, patient, fid):
                continue
            out.append(column)
        for group in self._adaptive_groups:
            if group.id in asked or not self._group_open(group, evidence):
                continue
            if not _visible(self.model, patient, group.id):
                continue
            cols = [f_index[o] for o in group.options if evidence.get(o, "unknown") == "unknown"]
            out.append(Candidate(group.id, "group", np.array(cols), group))
        return out

    # ----- value of asking -----

    def _gain(
        self, post: FloatArray, lik: FloatArray, h_given_c: FloatArray
    ) -> tuple[float, float]:
        """Mutual information of the answer with the condition and with the urgency class.

        `lik` is P(outcome | condition) (C x K); `h_given_c` its entropy per condition. Uses
        I(C; O) = H(O) - sum_c P(c) H(O | c), so no posterior per outcome is needed.
        """
        p_out = post @ lik
        h_out = float(entropy(p_out))
        gain_c = h_out - float(post @ h_given_c)
        p_urg = self._urgency_onehot @ post
        live = p_urg > _TINY
        weights = (self._urgency_onehot[live] * post) / p_urg[live, None]
        gain_u = h_out - float(p_urg[live] @ entropy(weights @ lik, axis=1))
        return max(gain_c, 0.0), max(gain_u, 0.0)

    def _outcomes(self, cand: Candidate) -> tuple[FloatArray, FloatArray] | None:
        """P(outcome | condition) for a group question and its entropy per condition (cached)."""
        key = (cand.id, tuple(int(j) for j in cand.columns))
        cached = self._outcome_cache.get(key)
        if cached is not None:
            return cached
        model = self.model
        assert cand.group is not None
        if cand.group.select == "one":
            lik = self._one_cat[cand.id]
        else:
            n = len(cand.columns)
            if n > MAX_ENUMERATED:
                return None
            bits = self._bits(n)
            log_lik = model.log_p[:, cand.columns] @ bits.T + model.log_q[:, cand.columns] @ (
                1.0 - bits.T
            )
            lik = np.exp(log_lik)
            if lik.shape[1] > MAX_OUTCOMES:
                keep = np.argsort(-lik.max(axis=0))[:MAX_OUTCOMES]
                kept = lik[:, keep]
                rest = np.clip(1.0 - kept.sum(axis=1, keepdims=True), 0.0, None)
                lik = np.hstack([kept, rest])
        result = (lik, entropy(lik, axis=1))
        self._outcome_cache[key] = result
        return result

    def _bits(self, n: int) -> FloatArray:
        cached = self._bit_cache.get(n)
        if cached is None:
            cached = ((np.arange(2**n)[:, None] >> np.arange(n)) & 1).astype(np.float64)
            self._bit_cache[n] = cached
        return cached

    def _binary_gains(self, post: FloatArray, columns: IntArray) -> tuple[FloatArray, FloatArray]:
        """Gains on conditions and urgency for many yes/no findings at once."""
        p = self.model.p[:, columns]
        joint_yes = post[:, None] * p
        joint_no = post[:, None] - joint_yes
        p_yes = np.clip(joint_yes.sum(axis=0), _TINY, None)
        p_no = np.clip(joint_no.sum(axis=0), _TINY, None)
        after_yes = joint_yes / p_yes
        after_no = joint_no / p_no
        h_c = entropy(post) - (p_yes * entropy(after_yes) + p_no * entropy(after_no))
        onehot = self._urgency_onehot
        h_u = entropy(onehot @ post) - (
            p_yes * entropy(onehot @ after_yes) + p_no * entropy(onehot @ after_no)
        )
        return np.clip(h_c, 0.0, None), np.clip(h_u, 0.0, None)

    def values(
        self, post: FloatArray, candidates: list[Candidate]
    ) -> tuple[FloatArray, FloatArray, FloatArray]:
        """(total value, gain on conditions, gain on urgency) of asking each candidate."""
        weight = self.model.kb.settings.interview.urgency_weight
        gain_c = np.zeros(len(candidates))
        gain_u = np.zeros(len(candidates))
        singles = [k for k, c in enumerate(candidates) if c.group is None]
        if singles:
            columns = np.array([int(candidates[k].columns[0]) for k in singles], dtype=np.int64)
            gc, gu = self._binary_gains(post, columns)
            gain_c[singles], gain_u[singles] = gc, gu
        for k, cand in enumerate(candidates):
            if cand.group is None:
                continue
            outcomes = self._outcomes(cand)
            if outcomes is None:
                gc, gu = self._binary_gains(post, cand.columns)
                gain_c[k], gain_u[k] = float(gc.sum()), float(gu.sum())
            else:
                gain_c[k], gain_u[k] = self._gain(post, *outcomes)
        return gain_c + weight * gain_u, gain_c, gain_u

    # ----- could an answer still change the advice? -----

    def _after(self, post: FloatArray, cand: Candidate) -> tuple[FloatArray, FloatArray]:
        """P(each outcome) and the posterior after each outcome (rows) of one question."""
        if cand.group is None:
            p = self.model.p[:, int(cand.columns[0])][:, None]
            lik = np.hstack([p, 1.0 - p])
        else:
            outcomes = self._outcomes(cand)
            if outcomes is None:  # too many unknown options to enumerate: one at a time
                p = self.model.p[:, cand.columns]
                lik = np.hstack([p, 1.0 - p]) / len(cand.columns)
            else:
                lik = outcomes[0]
        joint = post[:, None] * lik
        p_out = joint.sum(axis=0)
        live = p_out > _TINY
        return p_out[live], (joint[:, live] / p_out[live]).T

    def effects(
        self, post: FloatArray, candidates: list[Candidate], rank: int, floor: int = 0
    ) -> tuple[FloatArray, FloatArray]:
        """What asking each candidate could do: (risk, top-3 gain).

        `risk` is the probability that its answer changes the advice, that is, moves the
        condition-based triage `rank` to another level, counting only levels above `floor`
        (the level red-flag rules already set). `top-3 gain` is how much it is expected to
        raise the probability that the cause is among the three shown first.
        """
        current = max(rank, floor)
        top3 = float(np.sort(post)[-3:].sum())
        risk = np.zeros(len(candidates))
        gain = np.zeros(len(candidates))
        for k, cand in enumerate(candidates):
            p_out, after = self._after(post, cand)
            moved = np.maximum(condition_ranks(self.model, after), floor) != current
            risk[k] = float(p_out @ moved)
            gain[k] = float(p_out @ np.sort(after, axis=1)[:, -3:].sum(axis=1)) - top3
        return risk, np.clip(gain, 0.0, None)

    # ----- why a question is asked -----

    def why(self, post: FloatArray, cand: Candidate, gain_c: float, gain_u: float) -> str:
        """A plain sentence on what a question helps decide."""
        model = self.model
        kb = model.kb
        weight = kb.settings.interview.urgency_weight
        p = model.p[:, cand.columns]
        spread = (
            p.max(axis=1) - p.min(axis=1)
            if p.shape[1] > 1
            else np.abs(p[:, 0] - float(post @ p[:, 0]))
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
