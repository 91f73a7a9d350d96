"""The fast question scoring agrees with the textbook computations it replaces.

Gains (mutual information, tables side by side, sparse sums) against the posterior after each
answer; the stop rule's cheap decisions against `QuestionBank.effects`; the threshold algorithm
against sorting; and the caches stay bounded. A second, wider knowledge base (the real one plus
conditions that give most findings the background's likelihood) exercises the paths taken only
by large knowledge bases: sparse sums, shared rows, rounds.
"""

from __future__ import annotations

import pickle
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backcheck.engine import ConditionResult, Engine, EvidenceItem, Patient, Ranking, State
from backcheck.engine.cache import LRUCache
from backcheck.engine.model import FloatArray
from backcheck.engine.outcomes import MAX_ENUMERATED, OUTCOME_CACHE_BYTES, Candidate, entropy
from backcheck.engine.topthree import prefix, top3_sums
from backcheck.engine.triage import condition_ranks
from backcheck.knowledge import Condition, Finding, KnowledgeBase, load_kb

_KB = load_kb()
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def wider_kb(kb: KnowledgeBase, extra_conditions: int = 60, extra_findings: int = 300) -> object:
    """The real knowledge base plus conditions that differ from the background on few findings."""
    rng = np.random.default_rng(3)
    findings = dict(kb.findings)
    new = [f"extra_{j:03d}" for j in range(extra_findings)]
    for fid in new:
        findings[fid] = Finding.model_validate(
            {
                "id": fid,
                "name": fid,
                "phrase": {"present": fid, "absent": f"no {fid}"},
                "kind": "symptom",
                "question": f"Do you have {fid}?",
                "help": "Test finding.",
                "background": {"p": 0.02, "estimate": "test"},
            }
        )
    conditions = dict(kb.conditions)
    real = list(kb.conditions.values())
    for i in range(extra_conditions):
        template = real[i % len(real)]
        chosen = rng.choice(extra_findings, size=5, replace=False)
        likelihoods = {
            new[int(j)]: {"p": float(rng.uniform(0.2, 0.9)), "estimate": "test"} for j in chosen
        }
        cid = f"extra_condition_{i:02d}"
        data = template.model_dump(exclude={"id", "findings", "risk", "always", "never", "prior"})
        conditions[cid] = Condition.model_validate(data | {"id": cid, "findings": likelihoods})
    return replace(kb, findings=findings, conditions=conditions, version="wider")


ENGINES = {"real": Engine(_KB), "wider": Engine(wider_kb(_KB))}  # type: ignore[arg-type]


def _post(engine: Engine, seed: int, concentration: float) -> FloatArray:
    rng = np.random.default_rng(seed)
    post: FloatArray = np.clip(
        rng.dirichlet(np.full(len(engine.model.conditions), concentration)), 1e-300, None
    )
    normalised: FloatArray = post / post.sum()
    return normalised


def _candidates(engine: Engine, seed: int) -> list[Candidate]:
    """Open candidates after a few random answers (some tick-all groups half known)."""
    rng = np.random.default_rng(seed)
    findings = sorted(engine.kb.findings)
    known = rng.choice(len(findings), size=int(rng.integers(0, 25)), replace=False)
    states: dict[str, State] = {
        findings[int(j)]: ("present" if rng.random() < 0.3 else "absent") for j in known
    }
    return list(engine.bank.open_candidates(states, (), Patient(age=50, sex="female")))


def _textbook(engine: Engine, post: FloatArray, cand: Candidate) -> tuple[float, float]:
    """Information gain on conditions and on urgency from the posterior after each answer."""
    model = engine.model
    if cand.group is None:
        p = model.p[:, int(cand.columns[0])][:, None]
        lik = np.hstack([p, 1.0 - p])
    else:
        outcomes = engine.bank.scorer.tables.outcomes(cand)
        if outcomes is None:  # valued option by option: the sum of yes/no gains
            parts = [
                _textbook(engine, post, Candidate("x", "finding", np.array([j]), None))
                for j in cand.columns
            ]
            return sum(g for g, _ in parts), sum(u for _, u in parts)
        lik = outcomes.lik
    joint = post[:, None] * lik
    p_out = joint.sum(axis=0)
    live = p_out > 1e-12
    after = joint[:, live] / p_out[live]
    onehot = model.urgency_onehot.T
    gain_c = float(entropy(post)) - float(p_out[live] @ entropy(after))
    gain_u = float(entropy(onehot @ post)) - float(p_out[live] @ entropy(onehot @ after))
    return max(gain_c, 0.0), max(gain_u, 0.0)


@pytest.mark.parametrize("name", list(ENGINES))
@SETTINGS
@given(seed=st.integers(0, 10_000), concentration=st.sampled_from([0.05, 0.5, 5.0]))
def test_gains_are_the_textbook_information_gains(
    name: str, seed: int, concentration: float
) -> None:
    engine = ENGINES[name]
    post = _post(engine, seed, concentration)
    candidates = _candidates(engine, seed)
    _, gains_c, gains_u = engine.bank.values(post, candidates)
    for k, cand in enumerate(candidates):
        want_c, want_u = _textbook(engine, post, cand)
        assert gains_c[k] == pytest.approx(want_c, abs=1e-9)
        assert gains_u[k] == pytest.approx(want_u, abs=1e-9)


@pytest.mark.parametrize("name", list(ENGINES))
@SETTINGS
@given(
    seed=st.integers(0, 10_000),
    concentration=st.sampled_from([0.05, 0.5, 5.0]),
    scale=st.sampled_from([1.0, 0.75, 0.5]),
    floor=st.integers(0, 4),
)
def test_stop_rule_decisions_agree_with_effects(
    name: str, seed: int, concentration: float, scale: float, floor: int
) -> None:
    engine = ENGINES[name]
    bank = engine.bank
    post = _post(engine, seed, concentration)
    candidates = _candidates(engine, seed)
    _, gains_c, _ = bank.values(post, candidates)
    rank = int(condition_ranks(engine.model, post[None, :])[0])
    risk, gain3 = bank.effects(post, candidates, rank, floor)
    best = float(gain3.max())
    for least in (0.001, 0.01, 0.05, best, scale * best, np.nextafter(scale * best, 1.0)):
        want = scale * best >= least
        assert bank.scorer.top3_gain_reaches(post, candidates, gains_c, scale, least) == want
    for least in (0.01, 0.05, scale * float(risk.max())):
        k, chance = bank.scorer.riskiest(post, candidates, rank, floor, scale, least)
        first = int(np.argmax(risk))
        assert (scale * chance < least) == (scale * risk[first] < least)
        if scale * risk[first] >= least:
            assert k == first


@SETTINGS
@given(
    table=st.lists(
        st.lists(st.sampled_from([0.0, 0.1, 0.25, 0.5, 0.9, 1.0]), min_size=5, max_size=5),
        min_size=1,
        max_size=90,
    ),
    seed=st.integers(0, 1000),
)
def test_threshold_algorithm_gives_the_sorted_top_three(
    table: list[list[float]], seed: int
) -> None:
    values = np.array(table)
    post = np.random.default_rng(seed).dirichlet(np.ones(len(values)))
    post[::3] = post[0]  # ties
    cols = np.arange(values.shape[1])
    got = top3_sums(post, np.argsort(-post, kind="stable"), values, prefix(values, 8), cols)
    want = np.sort(post[:, None] * values, axis=0)[-3:].sum(axis=0)
    assert got == pytest.approx(want, rel=1e-12, abs=1e-15)


def test_outcome_tables_stay_within_their_budget() -> None:
    engine = ENGINES["real"]
    rng = np.random.default_rng(0)
    groups = [g for g in engine.kb.groups.values() if g.select == "many" and g.stage == "adaptive"]
    for _ in range(300):
        group = groups[int(rng.integers(len(groups)))]
        said = rng.choice(group.options, size=int(rng.integers(1, len(group.options))))
        evidence = [EvidenceItem(o, "", "absent", "text") for o in said]
        engine.step(evidence, Patient(age=40), text=False)
    assert engine.bank.scorer.tables.cache_bytes() <= OUTCOME_CACHE_BYTES


def test_lru_cache_drops_the_least_recently_used_beyond_its_budget() -> None:
    cache: LRUCache[str, bytes] = LRUCache(10, len)
    cache.put("a", b"1234")
    cache.put("b", b"1234")
    assert cache.get("a") == b"1234"  # a is now the most recently used
    cache.put("c", b"1234")
    assert cache.get("b") is None
    assert cache.get("a") is not None
    assert cache.nbytes == 8
    cache.put("big", b"x" * 50)  # alone over the budget: kept, everything else dropped
    assert len(cache) == 1


def test_ranking_behaves_as_a_tuple() -> None:
    assessment = ENGINES["real"].assess({"fever": "present"}, Patient(age=50, sex="male"))
    ranking = assessment.conditions
    items = tuple(ranking)
    assert isinstance(ranking, Ranking)
    assert len(ranking) == len(_KB.conditions)
    assert ranking[0] == items[0]
    assert ranking[-1] == items[-1]
    assert ranking[:10] == items[:10]
    assert isinstance(ranking[:10], tuple)
    assert ranking == items
    assert ranking == list(items)
    assert hash(ranking) == hash(items)
    assert pickle.loads(pickle.dumps(ranking)) == items
    assert [c.probability for c in ranking] == sorted((c.probability for c in items), reverse=True)
    with pytest.raises(IndexError):
        ranking[len(items)]
    assert Ranking() == ()
    single = ConditionResult("a", "A", "A", ("M54.6",), 1.0, "self_care", "common")
    assert Ranking([single])[0] is single


def test_every_adaptive_group_is_valued_whole(kb: KnowledgeBase) -> None:
    # A tick-all group with more unknown options than MAX_ENUMERATED is valued one option at a
    # time, which undervalues it (docs/performance.md); the shipped groups stay within it.
    too_large = {
        g.id: len(g.options)
        for g in kb.groups.values()
        if g.stage == "adaptive" and len(g.options) > MAX_ENUMERATED
    }
    assert too_large == {}
