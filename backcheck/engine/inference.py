"""Posterior over conditions from evidence, in log space and vectorised over conditions."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from backcheck.engine.model import AGE_BANDS, BoolArray, FloatArray, IntArray, Model
from backcheck.engine.types import Patient, State

__all__ = [
    "Encoded",
    "contributions",
    "encode",
    "log_likelihood",
    "patient_evidence",
    "posterior",
]

_FLOOR = 1e-9


@dataclass(frozen=True, eq=False)
class Encoded:
    """Evidence as two boolean masks over the model's findings, and their indices (ascending)."""

    present: BoolArray
    absent: BoolArray

    @cached_property
    def present_index(self) -> IntArray:
        """The columns of the findings present."""
        return np.flatnonzero(self.present)

    @cached_property
    def absent_index(self) -> IntArray:
        """The columns of the findings absent."""
        return np.flatnonzero(self.absent)


def patient_evidence(model: Model, patient: Patient) -> dict[str, State]:
    """Evidence implied by the patient's age, sex and pregnancy.

    >>> from backcheck.knowledge import load_kb
    >>> from backcheck.engine.model import compile_model
    >>> ev = patient_evidence(compile_model(load_kb()), Patient(age=34, sex="male"))
    >>> ev["age_30_44"], ev["age_18_29"], ev["sex_male"], ev["pregnant"]
    ('present', 'absent', 'present', 'absent')
    """
    out: dict[str, State] = {}
    findings = model.f_index
    if patient.age is not None:
        for fid, low, high in AGE_BANDS:
            if fid in findings:
                out[fid] = "present" if low <= patient.age <= high else "absent"
    if patient.sex is not None:
        for sex in ("female", "male"):
            fid = f"sex_{sex}"
            if fid in findings:
                out[fid] = "present" if patient.sex == sex else "absent"
    if "pregnant" in findings:
        applies = model.kb.findings["pregnant"].applies_to
        excluded = patient.sex == "male" or (
            patient.age is not None
            and applies is not None
            and (
                (applies.age_min is not None and patient.age < applies.age_min)
                or (applies.age_max is not None and patient.age > applies.age_max)
            )
        )
        if patient.pregnant is not None:
            out["pregnant"] = "present" if patient.pregnant else "absent"
        elif excluded:
            out["pregnant"] = "absent"
    return out


def encode(model: Model, evidence: Mapping[str, State]) -> Encoded:
    """Turn {finding id: state} into masks; unknown findings and states are ignored."""
    present = np.zeros(len(model.findings), dtype=np.bool_)
    absent = np.zeros(len(model.findings), dtype=np.bool_)
    index = model.f_index.get
    present[[j for f, s in evidence.items() if s == "present" and (j := index(f)) is not None]] = 1
    absent[[j for f, s in evidence.items() if s == "absent" and (j := index(f)) is not None]] = 1
    return Encoded(present=present, absent=absent & ~present)


def log_likelihood(model: Model, enc: Encoded, text: bool = False) -> FloatArray:
    """Log P(evidence | condition) for every condition (unknown evidence adds nothing).

    With `text=True` (a free-text description assessed without questions), a yes/no finding
    that was not mentioned counts as P(not mentioned | condition) = 1 - salience x p.
    """
    # Few findings are known: sum their rows of the transposed matrices rather than multiply
    # the whole matrix by a mostly-zero vector.
    present, absent = enc.present_index, enc.absent_index
    binary = model.binary
    ll: FloatArray = model.log_p_t[present[binary[present]]].sum(axis=0) + model.log_q_t[
        absent[binary[absent]]
    ].sum(axis=0)
    if text:
        silent = (model.binary & ~enc.present & ~enc.absent).astype(np.float64)
        ll = ll + model.log_silent @ silent
    chosen = _by_group(model, present)
    ruled_out = _by_group(model, absent)
    if not chosen and not ruled_out and not text:
        return ll
    for g, group in enumerate(model.one_groups):
        picked = chosen.get(g)
        if picked is not None:
            if len(picked) == 1:
                ll = ll + group.log_cat[:, picked[0]]
            else:
                ll = ll + np.logaddexp.reduce(group.log_cat[:, picked], axis=1)
            continue
        dropped = ruled_out.get(g)
        if dropped is not None:
            mass = np.exp(group.log_cat[:, dropped]).sum(axis=1)
            ll = ll + np.log(np.clip(1.0 - mass, _FLOOR, None))
        elif text and group.log_silent is not None:
            ll = ll + group.log_silent
    return ll


def _by_group(model: Model, columns: IntArray) -> dict[int, list[int]]:
    """The positions (ascending) of these columns within each exclusive group."""
    out: dict[int, list[int]] = {}
    groups = model.one_of[columns]
    inside = groups >= 0
    for g, k in zip(
        groups[inside].tolist(), model.one_position[columns[inside]].tolist(), strict=True
    ):
        out.setdefault(g, []).append(k)
    for positions in out.values():
        positions.sort()
    return out


def posterior(model: Model, enc: Encoded) -> FloatArray:
    """P(condition | evidence): prior times likelihood, normalised (sums to 1)."""
    logits = model.log_prior + log_likelihood(model, enc)
    logits = logits - logits.max()
    weights = np.exp(logits)
    result: FloatArray = weights / weights.sum()
    return result


def contributions(model: Model, enc: Encoded, condition: int) -> dict[str, float]:
    """Each known finding's log-likelihood ratio for one condition against the background."""
    out: dict[str, float] = {}
    grouped: set[int] = set()
    for group in model.one_groups:
        grouped.update(int(j) for j in group.index)
        gp = enc.present[group.index]
        if gp.any():
            for k in np.flatnonzero(gp):
                fid = model.findings[int(group.index[k])]
                out[fid] = float(group.log_cat[condition, k] - group.log_bg[k])
            continue
        ga = enc.absent[group.index]
        if ga.any():
            mass_c = float(np.exp(group.log_cat[condition, ga]).sum())
            mass_b = float(np.exp(group.log_bg[ga]).sum())
            llr = float(np.log(max(1.0 - mass_c, _FLOOR)) - np.log(max(1.0 - mass_b, _FLOOR)))
            names = [model.findings[int(group.index[k])] for k in np.flatnonzero(ga)]
            share = llr / len(names)
            for fid in names:
                out[fid] = share
    bg = model.background
    for j in np.flatnonzero(enc.present):
        if int(j) in grouped:
            continue
        out[model.findings[int(j)]] = float(model.log_p[condition, j] - np.log(bg[j]))
    for j in np.flatnonzero(enc.absent):
        if int(j) in grouped:
            continue
        out[model.findings[int(j)]] = float(model.log_q[condition, j] - np.log1p(-bg[j]))
    return out
