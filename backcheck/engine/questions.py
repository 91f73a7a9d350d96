"""Choosing the next question: expected information gain, plus a weight on urgency."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from functools import cached_property

import numpy as np

from backcheck.engine.model import FloatArray, Model
from backcheck.engine.outcomes import (
    MAX_ENUMERATED,
    MAX_OUTCOMES,
    Candidate,
    Candidates,
    entropy,
)
from backcheck.engine.scoring import Scorer
from backcheck.engine.types import Option, Patient, Question, State
from backcheck.knowledge import Group, urgency_rank
from backcheck.knowledge.schema import Visibility

__all__ = ["MAX_ENUMERATED", "MAX_OUTCOMES", "Candidate", "Candidates", "QuestionBank", "entropy"]


def _visible(model: Model, patient: Patient, finding_or_group: str) -> bool:
    kb = model.kb
    item = kb.groups.get(finding_or_group) or kb.findings.get(finding_or_group)
    return _applies(getattr(item, "applies_to", None), patient)


def _applies(applies: Visibility | None, patient: Patient) -> bool:
    """Whether a question limited to some people (`applies`: None for everyone) fits this one."""
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
        self._forced_groups = (*self._first, *self._screens)
        self._singles = [f.id for f in kb.findings.values() if f.ask and f.id not in model.group_of]
        self._first_findings = [f for f in self._singles if kb.findings[f].stage == "first"]
        first = frozenset(self._first_findings)
        # (id, candidate, who it applies to) for the findings asked alone, and for the groups
        # with every option unknown: made once.
        self._single_candidates = [
            (
                fid,
                Candidate(fid, "finding", np.array([model.f_index[fid]]), None),
                kb.findings[fid].applies_to,
            )
            for fid in self._singles
            if fid not in first
        ]
        self._single_cols = np.array(
            [int(c.columns[0]) for _, c, _ in self._single_candidates], dtype=np.int64
        )
        self._single_position = {fid: i for i, (fid, _, _) in enumerate(self._single_candidates)}
        self._conditional = [
            i for i, (_, _, applies) in enumerate(self._single_candidates) if applies is not None
        ]
        self._group_candidates = [
            (
                g,
                tuple(g.options),
                Candidate(g.id, "group", np.array([model.f_index[o] for o in g.options]), g),
            )
            for g in self._adaptive_groups
        ]
        self._options = {
            g.id: tuple(Option(o, kb.findings[o].name) for o in g.options)
            for g in kb.groups.values()
        }
        self.scorer = Scorer(model)

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
                options=self._options[qid],
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
        if group.select == "one":
            return not any(evidence.get(o) == "present" for o in group.options)
        return any(evidence.get(o, "unknown") == "unknown" for o in group.options)

    def forced_open(
        self, evidence: Mapping[str, State], asked: Collection[str], patient: Patient
    ) -> list[str]:
        """First-stage findings and groups, then the screens, not yet asked or known."""
        out: list[str] = []
        for fid in self._first_findings:
            if fid in asked or evidence.get(fid, "unknown") != "unknown":
                continue
            if _visible(self.model, patient, fid):
                out.append(fid)
        for group in self._forced_groups:
            if group.id in asked:
                continue
            if group.applies_to is not None and not _applies(group.applies_to, patient):
                continue
            if self._group_open(group, evidence):
                out.append(group.id)
        return out

    def forced_question(self, qid: str) -> Question:
        """A question every interview asks (from `forced_open`), with why it is asked."""
        first = qid in self._first_findings or self.model.kb.groups[qid].stage == "first"
        why = (
            "Where it hurts, and who you are, are the first clues to what causes it."
            if first
            else "These are warning signs: any one of them changes how soon you need care."
        )
        return self.question(qid, why=why, value=float("inf"))

    def forced(
        self, evidence: Mapping[str, State], asked: Collection[str], patient: Patient
    ) -> Question | None:
        """The next question every interview asks (where it hurts, the screens), if any."""
        open_ids = self.forced_open(evidence, asked, patient)
        return self.forced_question(open_ids[0]) if open_ids else None

    def forced_left(
        self, evidence: Mapping[str, State], asked: Collection[str], patient: Patient
    ) -> int:
        """How many questions every interview still asks (first stage and screens)."""
        return len(self.forced_open(evidence, asked, patient))

    def open_candidates(
        self, evidence: Mapping[str, State], asked: Collection[str], patient: Patient
    ) -> Candidates:
        """Adaptive questions not yet asked whose answer is not already known.

        Findings asked alone come first, in knowledge-base order, then the groups.
        """
        f_index = self.model.f_index
        # Yes/no findings, with arrays: which columns are known, which were asked.
        known = np.zeros(len(self.model.findings), dtype=np.bool_)
        index = f_index.get
        known[
            [j for f, s in evidence.items() if s != "unknown" and (j := index(f)) is not None]
        ] = 1
        keep = ~known[self._single_cols]
        for qid in asked:
            position = self._single_position.get(qid)
            if position is not None:
                keep[position] = False
        for position in self._conditional:
            applies = self._single_candidates[position][2]
            if keep[position] and not _applies(applies, patient):
                keep[position] = False
        chosen = np.flatnonzero(keep)
        out = [self._single_candidates[i][1] for i in chosen]
        for group, options, whole in self._group_candidates:
            if group.id in asked or not self._group_open(group, evidence):
                continue
            if group.applies_to is not None and not _applies(group.applies_to, patient):
                continue
            cols = [f_index[o] for o in options if evidence.get(o, "unknown") == "unknown"]
            if len(cols) == len(options):
                out.append(whole)
            else:
                out.append(Candidate(group.id, "group", np.array(cols), group))
        return Candidates(out, self._single_cols[chosen])

    # ----- value of asking -----

    def values(
        self, post: FloatArray, candidates: Sequence[Candidate]
    ) -> tuple[FloatArray, FloatArray, FloatArray]:
        """(total value, gain on conditions, gain on urgency) of asking each candidate.

        The gains are the mutual information of the answer with the condition and with its
        triage level, in bits (see `backcheck.engine.scoring`).
        """
        weight = self.model.kb.settings.interview.urgency_weight
        return self.scorer.values(post, candidates, weight)

    # ----- could an answer still change the advice? -----

    def effects(
        self, post: FloatArray, candidates: Sequence[Candidate], rank: int, floor: int = 0
    ) -> tuple[FloatArray, FloatArray]:
        """What asking each candidate could do: (risk, top-3 gain), each computed exactly.

        `risk` is the probability that its answer changes the advice, that is, moves the
        condition-based triage `rank` to another level, counting only levels above `floor`
        (the level red-flag rules already set). `top-3 gain` is how much it is expected to
        raise the probability that the cause is among the three shown first. The engine's stop
        rule asks the cheaper `Scorer.riskiest` and `Scorer.top3_gain_reaches` (`self.scorer`),
        which agree with these where its decisions are concerned.
        """
        current = max(rank, floor)
        top3 = float(np.sort(post)[-3:].sum())
        pairs = [self.scorer.effect(post, cand, current, floor, top3) for cand in candidates]
        risk = np.array([r for r, _ in pairs], dtype=np.float64)
        gain = np.array([g for _, g in pairs], dtype=np.float64)
        return risk, gain

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
            urgent = np.flatnonzero(model.urgency_rank >= urgency_rank("consultation_24"))
            if urgent.size:
                best = int(urgent[np.argmax(relevance[urgent])])
                name = kb.conditions[model.conditions[best]].name
                return f"Asked to rule out {name.lower()}, which would need care sooner."
        order = [int(i) for i in np.argsort(-relevance)[:2]]
        names = [kb.conditions[model.conditions[i]].name.lower() for i in order]
        if len(names) == 2:
            return f"Asked because it helps tell {names[0]} apart from {names[1]}."
        return "Asked because it helps narrow down the likely causes."
