"""Development vignettes: load them, and run them through `assess` and the simulated interview."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from backcheck.engine import Engine, EvidenceItem, Patient
from backcheck.errors import InvalidInputError
from backcheck.evaluation.metrics import Metrics, summarise
from backcheck.evaluation.simulate import REPLIES, Case, Replies, RunResult, simulate
from backcheck.interview import ADULT_AGE, Interview
from backcheck.knowledge import urgency_rank
from backcheck.language import TextParser

__all__ = [
    "Expected",
    "Findings",
    "Vignette",
    "VignetteError",
    "VignetteReport",
    "assess_labelled",
    "assess_vignette",
    "evaluate_vignettes",
    "level_gap",
    "load_vignettes",
]

Level = Literal["self_care", "consultation", "consultation_24", "emergency", "emergency_ambulance"]


class VignetteError(InvalidInputError):
    """A vignette file is malformed; the message names the file and the field."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Expected(_Strict):
    """What a clinician expects for the vignette."""

    condition: str
    triage: Level
    scope: Literal["upper_back", "out_of_scope"] = "upper_back"


class Findings(_Strict):
    """What the narrative states, as finding ids (for the simulated patient)."""

    present: list[str] = []
    absent: list[str] = []


class Vignette(_Strict):
    """A case written as a patient or clinician would tell it."""

    id: str
    title: str
    age: int | None = Field(default=None, ge=0, le=120)
    sex: Literal["female", "male"] | None = None
    text: str = Field(min_length=1)
    expected: Expected
    findings: Findings
    rationale: str
    #: Where a case written from published material comes from (eval/casereports).
    source: str | None = None

    def case(self) -> Case:
        """The vignette as a simulated patient's case."""
        present = frozenset(self.findings.present)
        pregnant = True if "pregnant" in present else None
        return Case(
            id=self.id,
            age=self.age,
            sex=self.sex,
            pregnant=pregnant,
            present=present,
            absent=frozenset(self.findings.absent),
            expected_condition=self.expected.condition,
            expected_triage=self.expected.triage,
            text=self.text,
            title=self.title,
        )


def load_vignettes(path: Path, engine: Engine | None = None) -> list[Vignette]:
    """Read every *.yaml vignette in a folder (or one file); check ids against the engine's KB."""
    files = sorted(path.glob("*.yaml")) if path.is_dir() else [path]
    if not files:
        raise VignetteError(f"{path}: no vignette (.yaml) files found")
    out: list[Vignette] = []
    for file in files:
        try:
            data = yaml.safe_load(file.read_text(encoding="utf-8"))
            vignette = Vignette.model_validate(data)
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            raise VignetteError(f"{file}: cannot be read: {exc}") from None
        except ValidationError as exc:
            first = exc.errors()[0]
            loc = ".".join(str(p) for p in first["loc"])
            raise VignetteError(f"{file}: {loc}: {first['msg']}") from None
        if engine is not None:
            kb = engine.kb
            unknown = [
                f for f in [*vignette.findings.present, *vignette.findings.absent]
                if f not in kb.findings
            ]  # fmt: skip
            if vignette.expected.condition not in kb.conditions:
                unknown.append(vignette.expected.condition)
            if unknown:
                raise VignetteError(f"{file}: unknown ids: {', '.join(unknown)}")
        out.append(vignette)
    return out


def assess_vignette(engine: Engine, parser: TextParser, vignette: Vignette) -> RunResult:
    """Run a vignette's text through the parser and the engine, without further questions."""
    parsed = parser.parse(vignette.text)
    age = vignette.age if vignette.age is not None else parsed.age
    sex = vignette.sex if vignette.sex is not None else parsed.sex
    pregnant = parsed.pregnant if sex != "male" else None
    evidence = [EvidenceItem(fid, "", state, "text") for fid, state in parsed.evidence().items()]
    return _assessed(engine, vignette, evidence, Patient(age=age, sex=sex, pregnant=pregnant))


def assess_labelled(engine: Engine, vignette: Vignette) -> RunResult:
    """Run a vignette's labelled findings through the engine, as if its text were read perfectly."""
    found = vignette.findings
    evidence = [EvidenceItem(f, "", "present", "text") for f in found.present] + [
        EvidenceItem(f, "", "absent", "text") for f in found.absent
    ]
    return _assessed(engine, vignette, evidence, vignette.case().patient)


def _assessed(
    engine: Engine, vignette: Vignette, evidence: list[EvidenceItem], patient: Patient
) -> RunResult:
    """The engine's text-mode assessment of the evidence, scored against the vignette."""
    result = engine.assess(evidence, patient, text=True)
    return RunResult(
        case_id=vignette.id,
        expected_condition=vignette.expected.condition,
        expected_triage=vignette.expected.triage,
        ranking=tuple(c.id for c in result.conditions),
        triage=result.triage.level,
        questions=0,
        stop_reason="assess",
        probabilities={c.id: c.probability for c in result.conditions[:5]},
        scope=result.scope,
    )


@dataclass(frozen=True)
class VignetteReport:
    """Vignettes through `assess` (text only) and through the simulated interview.

    The interview runs once with each kind of simulated patient (`REPLIES`), for the adults
    only: `children` are the vignettes about someone under 18, who get the children's page.
    """

    vignettes: int
    assess: Metrics
    interviews: Mapping[Replies, Metrics]
    assess_results: tuple[RunResult, ...]
    interview_results: Mapping[Replies, tuple[RunResult, ...]]
    scope_correct: int
    children: tuple[str, ...] = ()


def evaluate_vignettes(
    engine: Engine,
    parser: TextParser,
    vignettes: Sequence[Vignette],
    interview: bool = True,
) -> VignetteReport:
    """Score vignettes: top-1/top-3, triage agreement, under-triage, questions asked."""
    assessed = [assess_vignette(engine, parser, v) for v in vignettes]
    scope_correct = sum(
        r.scope == v.expected.scope for r, v in zip(assessed, vignettes, strict=True)
    )
    machine = Interview(engine)
    # The quiz is for adults: a younger person sees the children's page and is not scored.
    adults = [v for v in vignettes if v.age is None or v.age >= ADULT_AGE]
    results: dict[Replies, tuple[RunResult, ...]] = {}
    if interview:
        for replies in REPLIES:
            results[replies] = tuple(
                simulate(engine, v.case(), replies=replies, machine=machine) for v in adults
            )
    return VignetteReport(
        vignettes=len(vignettes),
        assess=summarise(assessed),
        interviews={replies: summarise(runs) for replies, runs in results.items()},
        assess_results=tuple(assessed),
        interview_results=results,
        scope_correct=scope_correct,
        children=tuple(v.id for v in vignettes if v not in adults),
    )


def level_gap(result: RunResult) -> int:
    """How many steps the triage is above (+) or below (-) the expected one."""
    assert result.expected_triage is not None
    return urgency_rank(result.triage) - urgency_rank(result.expected_triage)
