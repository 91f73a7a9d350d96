"""The schema of the knowledge base files: pydantic models that forbid unknown fields."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

__all__ = [
    "CATEGORIES",
    "EMERGENCY_RANK",
    "FINDING_KINDS",
    "RARITIES",
    "URGENCIES",
    "AllOf",
    "AnyOf",
    "ChildrenSettings",
    "Codes",
    "Condition",
    "Finding",
    "Group",
    "InterviewSettings",
    "LevelSettings",
    "NotOf",
    "Number",
    "Phrase",
    "RemainingFit",
    "Rule",
    "ScopeSettings",
    "Settings",
    "Source",
    "Visibility",
    "Weight",
    "When",
    "is_emergency",
    "urgency_rank",
]

Urgency = Literal[
    "self_care", "consultation", "consultation_24", "emergency", "emergency_ambulance"
]
#: The triage ladder, least urgent first.
URGENCIES: tuple[Urgency, ...] = (
    "self_care",
    "consultation",
    "consultation_24",
    "emergency",
    "emergency_ambulance",
)
#: The first rung of the ladder that sends the patient to hospital now.
EMERGENCY_RANK = URGENCIES.index("emergency")


def urgency_rank(level: str) -> int:
    """The position of a triage level on the ladder, self_care being 0.

    >>> urgency_rank("self_care"), urgency_rank("emergency") == EMERGENCY_RANK
    (0, True)
    """
    return URGENCIES.index(level)


def is_emergency(level: str) -> bool:
    """Whether a triage level sends the patient to hospital now (emergency or ambulance).

    >>> is_emergency("consultation_24"), is_emergency("emergency_ambulance")
    (False, True)
    """
    return urgency_rank(level) >= EMERGENCY_RANK


Rarity = Literal["common", "uncommon", "rare", "ultra_rare"]
#: Buoy's rarity scale, most frequent first.
RARITIES: tuple[Rarity, ...] = ("common", "uncommon", "rare", "ultra_rare")

FINDING_KINDS = ("symptom", "sign", "risk_factor", "history", "demographic")
FindingKind = Literal["symptom", "sign", "risk_factor", "history", "demographic"]

CATEGORIES = ("musculoskeletal", "infection_tumour", "organs_vessels")
Category = Literal["musculoskeletal", "infection_tumour", "organs_vessels"]

Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
PhraseText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]
Icd10 = Annotated[str, StringConstraints(pattern=r"^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$")]
Snomed = Annotated[str, StringConstraints(pattern=r"^[1-9][0-9]{5,17}$")]
Hpo = Annotated[str, StringConstraints(pattern=r"^HP:[0-9]{7}$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Sourced(_Strict):
    """Where a number comes from: a source id (with `where` and a `note`), or an estimate."""

    source: Id | None = None
    where: ShortText | None = None
    note: Text | None = None
    estimate: Text | None = None

    @model_validator(mode="after")
    def _has_provenance(self) -> _Sourced:
        if self.source is None and self.estimate is None:
            raise ValueError("needs a `source` (a source id) or an `estimate` (a one-line reason)")
        if self.source is not None and self.estimate is not None:
            raise ValueError(
                "give either `source` or `estimate`, not both (use `note` to add context)"
            )
        return self


class Number(_Sourced):
    """A probability with where it comes from: a source id, or an estimate with its reason."""

    p: float = Field(gt=0.0, lt=1.0)


class Weight(_Sourced):
    """A positive multiplier (e.g. on a prior) with its provenance."""

    weight: float = Field(gt=0.0, le=1000.0)


class Source(_Strict):
    """One entry of the source registry: a seed article, a paper, a guideline or a data set."""

    id: Id
    kind: Literal["seed", "paper", "guideline", "dataset", "textbook", "reference"]
    title: Text
    publisher: ShortText
    year: int | None = Field(default=None, ge=1900, le=2100)
    file: ShortText | None = None
    url: ShortText | None = None
    note: Text | None = None

    @model_validator(mode="after")
    def _seed_has_file(self) -> Source:
        if self.kind == "seed" and not self.file:
            raise ValueError("a seed source names its `file` in ../shared/seeds/")
        return self


class Codes(_Strict):
    """Terminology codes of a finding (SNOMED CT concept ids, HPO term ids)."""

    snomed: list[Snomed] = []
    hpo: list[Hpo] = []


class Visibility(_Strict):
    """Who a question applies to (e.g. pregnancy: women of child-bearing age)."""

    sex: Literal["female", "male"] | None = None
    age_min: int | None = Field(default=None, ge=0, le=120)
    age_max: int | None = Field(default=None, ge=0, le=120)


class Phrase(_Strict):
    """How explanations say a finding: a reviewed short phrase for present and one for absent."""

    present: PhraseText
    absent: PhraseText


class Finding(_Strict):
    """A symptom, a self-observable sign, a risk factor, history, or a demographic fact.

    `phrase` is what explanations show ("a fever" / "no fever"), written by hand so that the
    absent form is plain English rather than "no" or "not" glued before the name.
    `salience` is how likely a person who has it mentions it unprompted when describing their
    pain in their own words (default: the settings' value for its kind); it lets a description
    that does not mention a striking symptom count, weakly, against conditions that cause it.
    """

    id: Id
    name: ShortText
    phrase: Phrase
    kind: FindingKind
    question: Text
    help: Text
    synonyms: list[ShortText] = []
    codes: Codes = Codes()
    background: Number
    salience: Number | None = None
    ask: bool = True
    stage: Literal["first", "adaptive"] = "adaptive"
    applies_to: Visibility | None = None
    implies: list[Id] = []


class Group(_Strict):
    """Findings asked as one question: `one` of them (mutually exclusive) or `many`.

    `stage` orders the interview: `first` groups are asked before anything else, `screen`
    groups (the red-flag screen) next in file order, `adaptive` ones when they are worth it,
    and `never` ones are set from the patient's details.
    """

    id: Id
    select: Literal["one", "many"]
    question: Text
    help: Text
    options: list[Id] = Field(min_length=2)
    stage: Literal["first", "screen", "adaptive", "never"] = "adaptive"
    none_label: ShortText | None = None
    applies_to: Visibility | None = None


class AllOf(_Strict):
    """Every part holds."""

    all: list[When] = Field(min_length=1)


class AnyOf(_Strict):
    """At least one part holds."""

    any: list[When] = Field(min_length=1)


class NotOf(_Strict):
    """The part does not hold (the finding is answered absent; in a description, not mentioned)."""

    not_: When = Field(alias="not")

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


#: A rule condition: a finding id (present), or all/any/not of rule conditions.
When = Id | AllOf | AnyOf | NotOf

AllOf.model_rebuild()
AnyOf.model_rebuild()
NotOf.model_rebuild()


class Rule(_Strict):
    """A red-flag rule: when it holds, triage is at least its level.

    `conditions` are the conditions the sign warns of (results always list them).
    """

    id: Id
    name: ShortText
    level: Urgency
    when: When
    reason: Text
    conditions: list[Id] = []
    sources: list[Id] = Field(min_length=1)

    @model_validator(mode="after")
    def _raises_care(self) -> Rule:
        if self.level == "self_care":
            raise ValueError("a red-flag rule must raise care above self_care")
        return self


class Condition(_Strict):
    """One condition that can explain upper back pain."""

    id: Id
    name: ShortText
    clinical_name: ShortText
    icd10: list[Icd10] = Field(min_length=1)
    category: Category
    description: Text
    rarity: Rarity
    prior: Weight | None = None
    urgency: Urgency
    findings: dict[Id, Number] = Field(min_length=1)
    risk: dict[Id, Number] = {}
    always: list[Id] = []
    never: list[Id] = []
    causes: list[Text] = Field(min_length=1)
    self_care: list[Text] = Field(min_length=1)
    treatment: list[Text] = Field(min_length=1)
    doctor: list[Text] = Field(min_length=1)
    see_doctor: list[Text] = []
    sources: list[Id] = Field(min_length=1)
    #: Not a cause of back pain that backcheck covers, but an emergency that can bring pain to the
    #: neck or back (meningitis). Modelled so that it is triaged and recognised; results say that
    #: this may be something backcheck does not cover instead of naming it as a back condition.
    outside_scope: bool = False


class LevelSettings(_Strict):
    """How a triage level is shown, and the posterior a condition of that urgency needs to count."""

    label: ShortText
    buoy: ShortText | None = None
    headline: Text
    advice: Text
    threshold: float = Field(gt=0.0, le=1.0)


class RemainingFit(_Strict):
    """How many adaptive questions are left: base + per_bit x the posterior's entropy in bits."""

    base: float
    per_bit: float = Field(ge=0.0)
    note: Text


class InterviewSettings(_Strict):
    """Tunable constants of the adaptive interview."""

    budget: int = Field(ge=1, le=200)
    confident: float = Field(gt=0.0, lt=1.0)
    confident_top3: float = Field(gt=0.0, lt=1.0)
    triage_risk: float = Field(gt=0.0, lt=1.0)
    rule_risk_emergency: float = Field(gt=0.0, lt=1.0)
    urgency_weight: float = Field(ge=0.0)
    min_gain: float = Field(ge=0.0)
    min_top3_gain: float = Field(ge=0.0, lt=1.0)
    answer_prior: float = Field(gt=0.0)
    remaining: RemainingFit


class ScopeSettings(_Strict):
    """Which answers place the pain outside the upper back."""

    location_group: Id
    outside: list[Id] = Field(min_length=1)


class ChildrenSettings(_Strict):
    """What the checker tells people under 18, for whom it is not made."""

    message: Text
    emergency: list[Text] = Field(min_length=1)
    see_doctor: list[Text] = Field(min_length=1)
    whom: list[Text] = Field(min_length=1)
    sources: list[Id] = Field(min_length=1)


class Settings(_Strict):
    """Knowledge-level settings: rarity priors, the triage ladder and interview constants."""

    rarity: dict[Rarity, Weight]
    triage: dict[Urgency, LevelSettings]
    interview: InterviewSettings
    scope: ScopeSettings
    salience: dict[FindingKind, Number]
    emergency_signs: list[Text] = Field(min_length=1)
    see_doctor: list[Text] = Field(min_length=1)
    children: ChildrenSettings
    disclaimer: Text

    @model_validator(mode="after")
    def _complete(self) -> Settings:
        missing = [r for r in RARITIES if r not in self.rarity]
        if missing:
            raise ValueError(f"rarity lacks {', '.join(missing)}")
        absent = [u for u in URGENCIES if u not in self.triage]
        if absent:
            raise ValueError(f"triage lacks {', '.join(absent)}")
        return self
