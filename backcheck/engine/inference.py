"""Posterior over conditions from evidence, in log space and vectorised over conditions."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from backcheck.engine.model import AGE_BANDS, BoolArray, FloatArray, Model
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
    """Evidence as two boolean masks over the model's findings."""

    present: BoolArray
    absent: BoolArray


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
    for fid, state in evidence.items():
        j = model.f_index.get(fid)
        if j is None:
            continue
        if state == "present":
            present[j] = True
        elif state == "absent":
            absent[j] = True
    return Encoded(present=present, absent=absent & ~present)


def log_likelihood(model: Model, enc: Encoded, text: bool = False) -> FloatArray:
    """Log P(evidence | condition) for every condition (unknown evidence adds nothing).

    With `text=True` (a free-text description assessed without questions), a yes/no finding
    that was not mentioned counts as P(not mentioned | condition) = 1 - salience x p.
    """
    pres = (enc.present & model.binary).astype(np.float64)
    absn = (enc.absent & model.binary).astype(np.float64)
    ll: FloatArray = model.log_p @ pres + model.log_q @ absn
    if text:
        silent = (model.binary & ~enc.present & ~enc.absent).astype(np.float64)
        ll = ll + model.log_silent @ silent
    for group in model.one_groups:
        gp = enc.present[group.index]
        if gp.any():
            ll = ll + np.logaddexp.reduce(group.log_cat[:, gp], axis=1)
        else:
            ga = enc.absent[group.index]
            if ga.any():
                mass = np.exp(group.log_cat[:, ga]).sum(axis=1)
                ll = ll + np.log(np.clip(1.0 - mass, _FLOOR, None))
            elif text and group.log_silent is not None:
                ll = ll + group.log_silent
    return ll


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
