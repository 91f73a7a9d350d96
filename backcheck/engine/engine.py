"""The engine's public face: `Engine(kb).assess(...)`, `.next_question(...)`, `.explain(...)`."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import TypeGuard

import numpy as np

from backcheck.engine.inference import (
    contributions,
    encode,
    log_likelihood,
    patient_evidence,
    posterior,
)
from backcheck.engine.model import FloatArray, IntArray, Model, compile_model
from backcheck.engine.questions import QuestionBank, entropy
from backcheck.engine.rules import holds_probability
from backcheck.engine.triage import condition_ranks, fired_rules, pending_rules, triage
from backcheck.engine.types import (
    STATES,
    Answer,
    Assessment,
    ConditionResult,
    Contribution,
    EvidenceItem,
    Explanation,
    Patient,
    Question,
    Ranking,
    Scope,
    State,
)
from backcheck.errors import InvalidInputError
from backcheck.knowledge import KnowledgeBase, Rule, is_emergency, rule_findings, urgency_rank

__all__ = ["AnswerError", "Engine", "EvidenceError", "EvidenceInput", "Step"]

#: Evidence as {finding id: state}, or as evidence items (which keep their source and text).
#: States given as plain strings are checked (EvidenceError) before use.
EvidenceInput = Mapping[str, str] | Iterable[EvidenceItem]

#: Contributions smaller than this (in natural-log units) are not worth explaining.
_NOTABLE = 0.05
_UNKNOWN = EvidenceItem("", "", "unknown")
#: Why a question that could change the advice is asked.
_URGENT = "Asked because the answer could change how soon you need care."
#: Up to this many reported warning signs, every combination is left out in turn.
_MAX_FLAG_SUBSETS = 6
#: The evidence implied by this many different patients' details is kept (a bounded cache).
_PATIENTS_KEPT = 256


def _is_state(value: str) -> TypeGuard[State]:
    return value in STATES


def _softmax(logits: FloatArray) -> FloatArray:
    weights = np.exp(logits - logits.max())
    result: FloatArray = weights / weights.sum()
    return result


_Static = tuple[str, str, str, tuple[str, ...], str, str]


class _Ranked:
    """The condition at each rank of a posterior, most likely first (sorted on first use)."""

    __slots__ = ("_order", "_post", "_static")

    def __init__(self, post: FloatArray, static: list[_Static]) -> None:
        self._post = post
        self._static = static
        self._order: IntArray | None = None

    def __call__(self, rank: int) -> ConditionResult:
        if self._order is None:
            self._order = np.argsort(-self._post, kind="stable")
        i = int(self._order[rank])
        cid, name, clinical, icd10, urgency, rarity = self._static[i]
        return ConditionResult(cid, name, clinical, icd10, float(self._post[i]), urgency, rarity)


class EvidenceError(InvalidInputError):
    """Evidence names a finding the knowledge base does not have, or an invalid state."""

    default_code = "invalid_evidence"


class AnswerError(InvalidInputError):
    """An answer does not fit its question."""

    default_code = "invalid_answer"


@dataclass(frozen=True)
class Step:
    """One step of an interview: the assessment, the next question (None: stop), questions left.

    `questions_left` is an estimate of how many questions are still to come (0 once it stops).
    """

    assessment: Assessment
    question: Question | None
    questions_left: int = 0


class Engine:
    """Inference over a knowledge base: posterior, triage, next question, explanations.

    >>> from backcheck.knowledge import load_kb
    >>> engine = Engine(load_kb())
    >>> result = engine.assess({"tearing_pain": "present"}, Patient(age=64, sex="male"))
    >>> result.triage.level
    'emergency_ambulance'
    >>> engine.next_question({}, Patient(age=70, sex="female")).id
    'location'
    """

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.model: Model = compile_model(kb)
        self.bank = QuestionBank(self.model)
        self._implies = {f.id: tuple(f.implies) for f in kb.findings.values() if f.implies}
        self._names = {f.id: f.name for f in kb.findings.values()}
        self._rule_findings = {r.id: tuple(rule_findings(r.when)) for r in kb.rules}
        self._patients: dict[Patient, tuple[tuple[str, EvidenceItem], ...]] = {}
        self._one_options = [tuple(g.options) for g in kb.groups.values() if g.select == "one"]
        self._static: list[_Static] = [
            (c.id, c.name, c.clinical_name, tuple(c.icd10), c.urgency, c.rarity)
            for c in (kb.conditions[cid] for cid in self.model.conditions)
        ]

    # ----- evidence -----

    def normalise(
        self, evidence: EvidenceInput | None, patient: Patient
    ) -> dict[str, EvidenceItem]:
        """Validate evidence and add what the patient's details imply (patient wins)."""
        items: dict[str, EvidenceItem] = {}
        if evidence is not None:
            names = self._names
            if isinstance(evidence, Mapping):
                for fid, state in evidence.items():
                    items[fid] = self._checked(fid, state, "answer", None)
            else:
                for item in evidence:
                    if type(item) is not EvidenceItem or item.name != names.get(item.id):
                        item = self._checked(item.id, item.state, item.source, item.text)
                    elif item.state not in STATES:
                        raise EvidenceError(self._bad_state(item.id, item.state))
                    items[item.id] = item
        items.update(self._patient_items(patient))
        if self._implies:
            self._apply_implications(items)
        return items

    def _checked(self, fid: str, state: str, source: str, text: str | None) -> EvidenceItem:
        """One piece of evidence, checked: a known finding and a known state."""
        name = self._names.get(fid)
        if name is None:
            raise EvidenceError(f"unknown finding id {fid!r}")
        if not _is_state(state):
            raise EvidenceError(self._bad_state(fid, state))
        return EvidenceItem(fid, name, state, source, text)

    @staticmethod
    def _bad_state(fid: str, state: object) -> str:
        return f"finding {fid!r}: state must be one of {', '.join(STATES)}, got {state!r}"

    def _patient_items(self, patient: Patient) -> tuple[tuple[str, EvidenceItem], ...]:
        """The evidence a patient's details imply, as items (kept for the last few patients)."""
        cached = self._patients.get(patient)
        if cached is None:
            cached = tuple(
                (fid, EvidenceItem(fid, self._names[fid], state, "patient"))
                for fid, state in patient_evidence(self.model, patient).items()
            )
            if len(self._patients) >= _PATIENTS_KEPT:
                self._patients.clear()
            self._patients[patient] = cached
        return cached

    def _apply_implications(self, items: dict[str, EvidenceItem]) -> None:
        """Apply `implies`: present spreads to what it implies, absent to what implies it.

        A present finding makes what it implies present (it is the more specific answer); an
        absent one makes whatever implies it absent, where that is not known.
        """
        findings = self.kb.findings
        for fid, implied in self._implies.items():
            item = items.get(fid)
            if item is not None and item.state == "present":
                for other in implied:
                    if items.get(other, _UNKNOWN).state != "present":
                        name = findings[other].name
                        items[other] = EvidenceItem(other, name, "present", "implied")
        for fid, implied in self._implies.items():
            if items.get(fid, _UNKNOWN).state != "unknown":
                continue
            if any(items.get(other, _UNKNOWN).state == "absent" for other in implied):
                items[fid] = EvidenceItem(fid, findings[fid].name, "absent", "implied")

    def answer_evidence(self, answer: Answer) -> dict[str, State]:
        """The evidence an answer gives, or `AnswerError` with a plain message."""
        qid, value = answer.question_id, answer.value
        if qid not in self.bank.ids:
            raise AnswerError(f"there is no question {qid!r}")
        group = self.kb.groups.get(qid)
        if value == "unknown":
            return {} if group is not None else {qid: "unknown"}
        if group is None:
            if value not in ("yes", "no"):
                raise AnswerError(f"question {qid!r} takes yes, no or unknown, not {value!r}")
            return {qid: "present" if value == "yes" else "absent"}
        if group.select == "one":
            if not isinstance(value, str) or value not in group.options:
                raise AnswerError(
                    f"question {qid!r} takes one of {', '.join(group.options)} or unknown"
                )
            return {o: "present" if o == value else "absent" for o in group.options}
        chosen = (value,) if isinstance(value, str) else tuple(value)
        wrong = [v for v in chosen if v not in group.options]
        if wrong:
            raise AnswerError(f"question {qid!r} has no option {', '.join(map(repr, wrong))}")
        return {o: "present" if o in chosen else "absent" for o in group.options}

    def evidence_from_answers(
        self, answers: Iterable[Answer], base: EvidenceInput | None = None
    ) -> list[EvidenceItem]:
        """Evidence from base evidence (e.g. parsed text) then answers in order (later wins)."""
        items: dict[str, EvidenceItem] = {}
        if base is not None:
            items.update(self.normalise(base, Patient()))
        for answer in answers:
            for fid, state in self.answer_evidence(answer).items():
                items[fid] = EvidenceItem(fid, self.kb.findings[fid].name, state, "answer")
        return list(items.values())

    # ----- assessment -----

    def _scope(self, states: Mapping[str, State]) -> Scope:
        scope = self.kb.settings.scope
        options = self.kb.groups[scope.location_group].options
        inside = [o for o in options if o not in scope.outside]
        if any(states.get(o) == "present" for o in inside):
            return "upper_back"
        if any(states.get(o) == "present" for o in scope.outside):
            return "out_of_scope"
        return "upper_back"

    def _rule_states(self, states: Mapping[str, State], asked: Collection[str]) -> dict[str, State]:
        """States as the red-flag rules read them.

        Exclusivity is applied, and a finding whose question was answered "don't know" counts
        as not present.
        """
        out = self._closed(states)
        for qid in asked:
            group = self.kb.groups.get(qid)
            for fid in group.options if group is not None else (qid,):
                if out.get(fid, "unknown") == "unknown":
                    out[fid] = "absent"
        return out

    def step(
        self,
        evidence: EvidenceInput | None = None,
        patient: Patient | None = None,
        asked: Collection[str] = (),
        text: bool = False,
    ) -> Step:
        """Assess the evidence and choose the next question in one pass.

        `text=True` assesses a free-text description without questions: findings it does not
        mention count weakly against the conditions that would usually make people mention them,
        and a red-flag rule that needs a finding to be absent treats an unmentioned one as absent.
        In an interview such a rule waits until the question has been answered.
        """
        patient = patient or Patient()
        items = self.normalise(evidence, patient)
        states = {fid: item.state for fid, item in items.items()}
        enc = encode(self.model, states)
        log_lik = log_likelihood(self.model, enc, text)
        post = _softmax(self.model.log_prior + log_lik)
        present = {fid for fid, s in states.items() if s == "present"}
        alternatives = self._without_warnings(states, present, log_lik, text)
        rule_states = self._rule_states(states, asked)
        rules = fired_rules(self.model, rule_states, closed_world=text)
        level = triage(self.model, rules, post, alternatives)
        rank = urgency_rank(level.level)
        floor = max((urgency_rank(r.level) for r in rules), default=0)
        warned = self._warned(rules)
        seen = asked if isinstance(asked, set | frozenset) else frozenset(asked)
        question, reason, forced_left = self._choose(
            post, states, asked, seen, patient, rule_states, rank, floor, warned
        )
        assessment = Assessment(
            scope=self._scope(states),
            triage=level,
            conditions=Ranking(count=len(post), nth=_Ranked(post, self._static)),
            evidence=tuple(items.values()),
            kb_version=self.kb.version,
            should_stop=bool(reason),
            stop_reason=reason,
        )
        left = 0
        if not reason:
            left = forced_left + self._adaptive_left(post)
            left = max(1, min(left, self.kb.settings.interview.budget - len(asked)))
        return Step(assessment, None if reason else question, left)

    def _warned(self, rules: Iterable[Rule]) -> tuple[int, ...]:
        """The conditions that the emergency warning signs found name (as indices).

        Warning signs at the emergency levels need a leading cause that explains them.
        """
        index = self.model.c_index
        return tuple(
            sorted(
                {
                    index[cid]
                    for r in rules
                    if is_emergency(r.level)
                    for cid in r.conditions
                    if cid in index
                }
            )
        )

    def _adaptive_left(self, post: FloatArray) -> int:
        """An estimate of the adaptive questions still to come.

        It grows with how spread out the posterior is (constants fitted on simulated interviews,
        see the settings).
        """
        fit = self.kb.settings.interview.remaining
        spread = float(entropy(post))
        return max(0, round(fit.base + fit.per_bit * spread))

    def assess(
        self,
        evidence: EvidenceInput | None = None,
        patient: Patient | None = None,
        asked: Collection[str] = (),
        text: bool = False,
    ) -> Assessment:
        """Posterior, triage and scope for the evidence, conditions most likely first."""
        return self.step(evidence, patient, asked, text).assessment

    def next_question(
        self,
        evidence: EvidenceInput | None = None,
        patient: Patient | None = None,
        asked: Collection[str] = (),
    ) -> Question | None:
        """The most valuable question to ask next, or None when the interview should stop."""
        return self.step(evidence, patient, asked).question

    def _without_warnings(
        self,
        states: Mapping[str, State],
        present: Collection[str],
        log_lik: FloatArray,
        text: bool = False,
    ) -> FloatArray | None:
        """Posteriors (rows) with each combination of reported warning signs left out."""
        flags = sorted(f for f in present if f in self.model.red_flag_findings)
        if not flags:
            return None
        model = self.model
        deltas = np.empty((len(flags), len(model.conditions)))
        for k, flag in enumerate(flags):
            j = model.f_index[flag]
            if model.binary[j]:  # its own term: present, against unknown (or unmentioned)
                deltas[k] = model.log_p_t[j] - model.log_silent[:, j] if text else model.log_p_t[j]
                continue
            reduced = {fid: s for fid, s in states.items() if fid != flag}
            deltas[k] = log_lik - log_likelihood(model, encode(model, reduced), text)
        if len(flags) <= _MAX_FLAG_SUBSETS:
            n = len(flags)
            subsets = ((np.arange(1, 2**n)[:, None] >> np.arange(n)) & 1).astype(np.float64)
        else:
            subsets = np.vstack([np.eye(len(flags)), np.ones((1, len(flags)))])
        logits = self.model.log_prior + log_lik - subsets @ deltas
        logits -= logits.max(axis=1, keepdims=True)
        weights = np.exp(logits)
        result: FloatArray = weights / weights.sum(axis=1, keepdims=True)
        return result

    def _closed(self, states: Mapping[str, State]) -> dict[str, State]:
        """States with exclusivity applied: one option of a `one` group present, others absent."""
        closed = dict(states)
        for options in self._one_options:
            if any(states.get(o) == "present" for o in options):
                for option in options:
                    closed.setdefault(option, "absent")
        return closed

    def _pending_questions(
        self,
        states: Mapping[str, State],
        asked: Collection[str],
        patient: Patient,
        level: int,
        post: FloatArray,
    ) -> set[str]:
        """Questions that could still make a red-flag rule above the current level fire.

        Only rules whose chance of firing is not too small count (emergency rules:
        `rule_risk_emergency`; others: `triage_risk`), judged from the posterior and each
        condition's likelihoods.
        """
        settings = self.kb.settings.interview
        model = self.model
        out: set[str] = set()
        for rule in pending_rules(model, states, level):
            urgent = rule.level in ("emergency", "emergency_ambulance")
            limit = settings.rule_risk_emergency if urgent else settings.triage_risk
            chance = float(post @ holds_probability(rule.when, states, model.p, model.f_index))
            if chance < limit:
                continue
            for fid in self._rule_findings[rule.id]:
                if states.get(fid, "unknown") != "unknown":
                    continue
                qid = model.group_of.get(fid, fid)
                if qid in asked or qid not in self.bank.ids:
                    continue
                out.add(qid)
        return out

    def _choose(
        self,
        post: FloatArray,
        states: Mapping[str, State],
        asked: Collection[str],
        seen: Collection[str],
        patient: Patient,
        rule_states: Mapping[str, State],
        level: int,
        floor: int,
        warned: tuple[int, ...] = (),
    ) -> tuple[Question | None, str, int]:
        """The next question, or None and the reason to stop; and the forced questions left.

        The interview stops when the ranking is confident (the leading cause, or the three
        leading causes together, likely enough) and no remaining question has more than a small
        chance of changing the advice; or when nothing left is worth asking; or at the budget.
        A question that could make a red-flag rule fire above the current `level` is always
        asked (`rule_states`: the states as the rules read them). `floor` is the level the
        red-flag rules already set; `seen` is `asked` as a set. While the emergency warning
        signs found name conditions (`warned`) and none of them is among the three leading
        causes, the ranking does not explain the warning and is not taken as confident.
        """
        settings = self.kb.settings.interview
        if len(asked) >= settings.budget:
            return None, "budget", 0
        forced_open = self.bank.forced_open(states, seen, patient)
        if forced_open:
            return self.bank.forced_question(forced_open[0]), "", len(forced_open)
        candidates = self.bank.open_candidates(states, seen, patient)
        if not candidates:
            return None, "no_questions", 0
        values, gains_c, gains_u = self.bank.values(post, candidates)
        pending = self._pending_questions(rule_states, seen, patient, level, post)
        urgent = [k for k, c in enumerate(candidates) if c.id in pending] if pending else []
        if urgent:
            k = max(urgent, key=lambda k: values[k])
            return self._ask(candidates[k].id, _URGENT, float("inf")), "", 0
        top = np.sort(post)[::-1]
        # A ranking that leaves out every cause the emergency signs warn of does not explain
        # them (a tearing pain and a cold sweat ranked as a muscle strain): not confident yet.
        explains = not warned or bool(np.isin(np.argsort(post)[::-1][:3], warned).any())
        confident = explains and (
            top[0] >= settings.confident or top[:3].sum() >= settings.confident_top3
        )
        rank = int(condition_ranks(self.model, post[None, :])[0])
        # What an answer can do only counts if the person can give one.
        answers = self._answer_rate(states, asked)
        # Nothing worth asking, or the ranking settled (the costlier test, made only if needed).
        done = confident or answers * float(values.max()) < settings.min_gain
        if done or not self.bank.scorer.top3_gain_reaches(
            post, candidates, gains_c, answers, settings.min_top3_gain
        ):
            k, risk = self.bank.scorer.riskiest(
                post, candidates, rank, floor, answers, settings.triage_risk
            )
            if answers * risk < settings.triage_risk:
                return None, "confident" if confident else "no_value", 0
            return self._ask(candidates[k].id, _URGENT, float(values[k])), "", 0
        k = int(np.argmax(values))
        why = self.bank.why(post, candidates[k], float(gains_c[k]), float(gains_u[k]))
        return self._ask(candidates[k].id, why, float(values[k])), "", 0

    def _answer_rate(self, states: Mapping[str, State], asked: Collection[str]) -> float:
        """The chance that this person can answer the next question (not "don't know").

        It is how many of the questions chosen for them they could answer, with a prior of
        `answer_prior` answered out of `answer_prior + 1`.
        """
        prior = self.kb.settings.interview.answer_prior
        chosen = answered = 0
        for qid in asked:
            group = self.kb.groups.get(qid)
            if group is not None and group.stage != "adaptive":
                continue
            if group is None and self.kb.findings[qid].stage != "adaptive":
                continue
            chosen += 1
            options = group.options if group is not None else (qid,)
            answered += any(states.get(f, "unknown") != "unknown" for f in options)
        return (prior + answered) / (prior + 1.0 + chosen)

    def _ask(self, qid: str, why: str, value: float) -> Question:
        return self.bank.question(qid, why=why, value=value)

    def question(self, question_id: str) -> Question:
        """The question with this id (raises KeyError if there is none)."""
        return self.bank.question(question_id)

    # ----- explanations -----

    def explain(
        self,
        condition_id: str,
        evidence: EvidenceInput | None = None,
        patient: Patient | None = None,
    ) -> Explanation:
        """The answers that raised and lowered one condition, with their contributions."""
        if condition_id not in self.model.c_index:
            raise KeyError(condition_id)
        patient = patient or Patient()
        items = self.normalise(evidence, patient)
        states = {fid: item.state for fid, item in items.items()}
        enc = encode(self.model, states)
        i = self.model.c_index[condition_id]
        post = posterior(self.model, enc)
        parts = [
            Contribution(fid, items[fid].name, items[fid].state, llr)
            for fid, llr in contributions(self.model, enc, i).items()
            if abs(llr) >= _NOTABLE
        ]
        supporting = sorted((c for c in parts if c.llr > 0), key=lambda c: -c.llr)
        opposing = sorted((c for c in parts if c.llr < 0), key=lambda c: c.llr)
        return Explanation(
            condition_id=condition_id,
            condition_name=self.kb.conditions[condition_id].name,
            probability=float(post[i]),
            supporting=tuple(supporting),
            opposing=tuple(opposing),
        )
