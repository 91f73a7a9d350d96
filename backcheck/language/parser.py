"""The text parser: a medspacy pipeline built from the knowledge base, plus rules for numbers.

How a description becomes mentions:

1. The text is checked (empty, binary, not English: `TextError`), capped at `max_chars`, and
   cleaned without changing its length (lower case, straight quotes, hyphens split).
2. Tokens get a matching form (NORM): plurals and determiners unified ("between the shoulder
   blade" matches "between my shoulder blades") and one-letter typos of known words fixed.
3. Targets: every finding's synonyms (and short names) from the knowledge base, a few
   family-history phrases, phrases that must *not* count ("blood pressure"), phrases whose
   meaning turns with a negation ("able to work", lexicon `READINGS`), durations, pain
   scores, temperatures and other set forms read by regular expressions, statements that
   something is normal ("my legs are fine"), and a sensation near a body part ("numb
   fingers").
4. ConText marks targets negated, uncertain, historical, hypothetical, about the family, or
   about someone else, within a clause ("no fever but chest pain": only fever is negated).
   A text that tells one other person's story ("My dad is 63. He's had ...") is a proxy
   report (`subject.find_proxy`): cues that name that person do not mark what is said of him.
5. States: hypothetical or someone else's -> ignored; family -> counts only for
   family-history findings; negated -> absent; historical -> counts for history and risk
   factors, ignored for current symptoms; uncertain -> present, flagged uncertain. A
   normal-state statement or a temperature under 37.5 °C -> absent; a `READINGS` phrase ->
   whatever it says plainly or negated.
6. A trigger said to work the other way flips ("lying down helps" is better with rest), and
   one said not to help is dropped unless negated ("tried heat, no better"); a bare
   painkiller counts only when the text says it helps. In a group that takes one answer, one
   present option is kept: the highest pain score, the longest duration, otherwise the last
   one stated.
"""

from __future__ import annotations

import dataclasses
import re
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from backcheck.knowledge import KnowledgeBase
from backcheck.language.checks import check_text, truncate
from backcheck.language.lexicon import (
    BETTER_PHRASES,
    BETTER_WORDS,
    BLOCK_PATTERNS,
    BLOCK_PHRASES,
    BODY_PARTS,
    CLAUSE,
    COMBOS,
    COMMON_WORDS,
    CONTEXT_RULES,
    FAMILY_ONLY,
    FLIPS,
    READINGS,
    SENSATION_KEEPS_WORD,
    SENSATION_WINDOW,
    SENSATIONS,
    STATED_EFFECT_ONLY,
    WORSE_PHRASES,
    WORSE_WORDS,
)
from backcheck.language.normalize import SpellFixer, TokenNormaliser, clean_text, normalise_word
from backcheck.language.patterns import (
    find_age,
    find_durations,
    find_normal_states,
    find_severities,
    find_sex,
    find_signs,
)
from backcheck.language.subject import PATIENT_PRONOUN_CUES, Proxy, find_proxy
from backcheck.language.types import Mention, ParseResult, Sex, State

__all__ = ["TextParser"]

_GROUP = "backcheck_targets"
_BLOCK = "_block"
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
_SENTENCE_END = frozenset({".", "!", "?", "...", "\u2026"})
_CLAUSE_BREAK = re.compile(r"[.;!?\n]|,|\bbut\b|\bthough\b|\bwhereas\b|\bwhile\b")
_SUBCLAUSE_BREAK = re.compile(r"[.;!?\n,]|\b(?:but|though|whereas|while|and|then|or)\b")
_SENTENCE_BREAK = re.compile(r"[.;!?\n]")
#: Parts of a clause for a trigger's polarity: "worse when I stand up or roll over" share one.
_POLARITY_BREAK = re.compile(r"[.;!?\n,]|\b(?:but|though|whereas|while|and|then)\b")
_HABIT = re.compile(
    r"\b(?:smok\w*|worked|job|insulin|tablets|pills|medication|meds|married|lived"
    r"|diagnosed|quit|taking|been\s+on|retired|vap\w*|drink\w*|drank|played|playing|training"
    r"|infect\w*|cold|flu|virus|covid|operation|surgery|replacement|flight|flew|treated"
    r"|treatment|chemo\w*|radiotherapy|antibiotics|jab|vaccin\w*)\b"
)
#: "X doesn't hurt" after a mention: "pressing on the spine itself doesn't hurt".
_NEGATED_AFTER = re.compile(
    r"(?:\s+(?!(?:and|or|but|though|although|however|so|then|it|which)\b)[\w']+){0,4}?\s+"
    r"(?:(?:does|do|did|is|are|was|were)\s*(?:n't|\s+not)|never)\s+(?:really\s+|actually\s+)?"
    r"(?:hurts?|hurting|sore|tender|painful|bother\w*)\b"
)
#: A negation just before a phrase read by `READINGS` ("haven't been able to work").
_NEGATED_BEFORE = re.compile(
    r"(?:\bnot|n't|\bnever|\bno\s+longer|\bcannot|\bcant|\bunable|\bnothing|\bnobody)"
    r"(?:\s+[\w']+){0,3}\s*$"
)
_SPREAD_WORDS = re.compile(r"\b(down|into|to|through|radiat\w*|spread\w*|shoot\w*|travel\w*|up)\b")
#: Findings named like diagnoses that fears and questions ("could it be ...") can be about.
_DIAGNOSIS_SYMPTOMS = frozenset(
    {
        "band_rash",
        "uneven_shoulders",
        "sudden_weakness_one_side",
        "flu_like_aches",
        "jaundice",
        "back_deformity",
        "pregnant",
    }
)
_TRIGGER_GROUPS = ("worse", "better")
_NOT_BETTER = "not_better"
#: A negation right before a better word: "no better", "doesn't help", "nothing eases it".
_NEGATOR_BEFORE = re.compile(
    r"(?:\bno|\bnot|n't|\bnever|\bnothing|\bnone|\bhardly|\bbarely)(?:\s+(?:really|much|any"
    r"|at\s+all|seem\s+to|seems\s+to|even|that|make\s+it|made\s+it|makes\s+it))*\s+$"
)
#: Which present option of a one-answer group to keep: the highest-ranked or the last stated.
_KEEP_HIGHEST = frozenset({"severity", "duration"})
_USEFUL_NAME = re.compile(r"^[^(),/]+$")


@dataclass
class _Candidate:
    finding_id: str
    start: int  # characters
    end: int
    tok_start: int
    tok_end: int
    rule: str
    categories: set[str] = field(default_factory=set)
    cover: tuple[int, int] | None = None
    value: float = 0.0
    absent: bool = False


def _import_medspacy() -> tuple[Any, Any, Any, Any]:
    """Import medspacy quietly: no debug logging, no third-party deprecation warnings."""
    try:
        from loguru import logger

        for name in ("PyRuSH", "medspacy", "quickumls", "PyFastNER"):
            logger.disable(name)
    except ImportError:  # pragma: no cover - loguru comes with medspacy
        pass
    with warnings.catch_warnings():
        # spaCy's CLI imports click.parser.split_arg_string, deprecated in click 8.2+.
        warnings.filterwarnings(
            "ignore", message=r"Importing 'parser\.split_arg_string'", category=DeprecationWarning
        )
        import medspacy
        from medspacy.context import ConTextRule
        from medspacy.ner import TargetRule
        from spacy.lang.en.stop_words import STOP_WORDS
    return medspacy, TargetRule, ConTextRule, STOP_WORDS


def _phrases_of(kb: KnowledgeBase) -> Iterator[tuple[str, str, str]]:
    """(finding id, phrase, rule) for every finding the text can mention."""
    for finding in kb.findings.values():
        if finding.kind == "demographic" and finding.id != "pregnant":
            continue
        for synonym in finding.synonyms:
            yield finding.id, synonym, "synonym"
        name = finding.name
        if (
            len(name.split()) <= 5
            and _USEFUL_NAME.match(name)
            and " or " not in name
            and "you" not in name.lower().split()
        ):
            yield finding.id, name, "synonym"
    for fid, phrases in FAMILY_ONLY.items():
        if fid in kb.findings:
            for phrase in phrases:
                yield fid, phrase, "family"
    for label, reading in READINGS.items():
        for phrase in reading.phrases:
            yield label, phrase, "reading"
    for phrase in BLOCK_PHRASES:
        yield _BLOCK, phrase, "block"


_DETERMINER_WORDS = frozenset({"the", "my", "a", "an", "your", "his", "her", "their", "our"})


def _variants(phrase: str) -> list[str]:
    """The phrase, and the phrase without its determiners ("under right ribs").

    >>> _variants("pain under my right ribs"), _variants("the pill")
    (['pain under my right ribs', 'pain under right ribs'], ['the pill'])
    """
    if not phrase:
        return []
    words = phrase.split()
    bare = [w for w in words if w not in _DETERMINER_WORDS]
    if len(bare) == len(words) or len(bare) < 2:
        return [phrase]
    return [phrase, " ".join(bare)]


def _words(phrases: Iterable[str]) -> set[str]:
    out: set[str] = set()
    for phrase in phrases:
        out.update(_WORD.findall(clean_text(phrase)))
    return out


def _kb_words(kb: KnowledgeBase) -> set[str]:
    """Plain English words used anywhere in the knowledge base's texts."""
    texts: list[str] = []
    for f in kb.findings.values():
        texts += [f.name, f.question, f.help]
    for g in kb.groups.values():
        texts += [g.question, g.help]
    for c in kb.conditions.values():
        texts += [c.name, c.description, *c.causes, *c.self_care, *c.treatment, *c.doctor]
    return _words(texts)


class TextParser:
    """Reads a free-text description into evidence, with a medspacy pipeline built from the KB.

    Building one takes about a second (it loads medspacy); build it once and reuse it.

    >>> from backcheck.knowledge import load_kb
    >>> parser = TextParser(load_kb())
    >>> result = parser.parse("No fever but chest pain, 8/10, for 3 days. I'm 56, male.")
    >>> result.evidence()  # doctest: +NORMALIZE_WHITESPACE
    {'fever': 'absent', 'chest_pain': 'present', 'severity_severe': 'present',
     'duration_1_to_7_days': 'present'}
    >>> result.age, result.sex
    (56, 'male')
    """

    def __init__(self, kb: KnowledgeBase, max_chars: int = 5000) -> None:
        if max_chars < 1:
            raise ValueError("max_chars must be positive")
        self.kb = kb
        self.max_chars = max_chars
        medspacy, target_rule, context_rule, stop_words = _import_medspacy()

        phrases = [
            (fid, variant, rule)
            for fid, p, rule in _phrases_of(kb)
            for variant in _variants(clean_text(p).strip())
        ]
        phrases = list(dict.fromkeys(phrases))
        context_words = _words(c.pattern for c in CONTEXT_RULES if isinstance(c.pattern, str))
        vocabulary = _words(p for _, p, _ in phrases) | set(SENSATIONS) | set(BODY_PARTS)
        targets = vocabulary | {normalise_word(w) for w in vocabulary}
        self._known_words = frozenset(
            set(stop_words)
            | COMMON_WORDS
            | _kb_words(kb)
            | vocabulary
            | context_words
            | BETTER_WORDS
            | WORSE_WORDS
        )
        fixer = SpellFixer(targets, known={normalise_word(w) for w in self._known_words})

        nlp = medspacy.load(medspacy_enable=["medspacy_tokenizer"])
        nlp.tokenizer = TokenNormaliser(nlp.tokenizer, fixer)
        matcher = nlp.add_pipe(
            "medspacy_target_matcher",
            config={
                "phrase_matcher_attr": "NORM",
                "result_type": "group",
                "span_group_name": _GROUP,
                "prune": False,
            },
        )
        matcher.add([target_rule(p, fid, metadata={"rule": rule}) for fid, p, rule in phrases])
        matcher.add(
            [
                target_rule(str(pattern), _BLOCK, pattern=pattern, metadata={"rule": "block"})
                for pattern in BLOCK_PATTERNS
            ]
        )
        context = nlp.add_pipe(
            "medspacy_context",
            config={
                "rules": None,
                "phrase_matcher_attr": "NORM",
                "input_span_type": "group",
                "span_group_name": _GROUP,
                "prune_on_target_overlap": False,
                "span_attrs": None,
            },
        )
        context.add(list(self._context_rules(context_rule)))
        self._nlp = nlp
        self._matcher = matcher
        self._context = context

        self._kind = {fid: f.kind for fid, f in kb.findings.items()}
        self._group_of: dict[str, tuple[str, int]] = {}
        for group in kb.groups.values():
            for rank, option in enumerate(group.options):
                self._group_of[option] = (group.id, rank)
        self._exclusive = {g.id for g in kb.groups.values() if g.select == "one"}
        self._family_findings = frozenset(
            fid
            for fid, f in kb.findings.items()
            if f.kind == "history"
            and re.search(r"\b(family|parent|sibling)\b", f"{f.name} {f.question}".lower())
        ) | frozenset(fid for fid in FAMILY_ONLY if fid in kb.findings)

    # --- building ---------------------------------------------------------------------------

    def _labels(self, which: str) -> set[str]:
        if which == "triggers":
            return {
                o for g in _TRIGGER_GROUPS if g in self.kb.groups for o in self.kb.groups[g].options
            }
        return {
            fid
            for fid, f in self.kb.findings.items()
            if f.kind in ("history", "risk_factor") or fid in _DIAGNOSIS_SYMPTOMS
        }

    def _context_rules(self, context_rule: Any) -> Iterator[Any]:
        triggers = self._labels("triggers")
        diagnoses = self._labels("diagnoses")
        for cue in CONTEXT_RULES:
            kwargs: dict[str, Any] = {"direction": cue.direction, "max_scope": cue.max_scope}
            if cue.direction not in ("TERMINATE", "PSEUDO"):
                kwargs["on_modifies"] = _outside_targets
                if cue.clause_bound:
                    kwargs["terminated_by"] = {CLAUSE}
            if cue.targets == "not_triggers":
                kwargs["excluded_types"] = triggers
            elif cue.targets == "diagnoses":
                kwargs["allowed_types"] = diagnoses
            if isinstance(cue.pattern, str):
                yield context_rule(clean_text(cue.pattern), cue.category, **kwargs)
            else:
                yield context_rule(str(cue.pattern), cue.category, pattern=cue.pattern, **kwargs)

    # --- parsing ----------------------------------------------------------------------------

    def parse(self, text: str) -> ParseResult:
        """Read one description; raise `TextError` if it cannot be read."""
        if not isinstance(text, str):
            raise TypeError("text must be a string")
        check_text(text, self._known_words)
        body, truncated = truncate(text, self.max_chars)
        warnings_out: list[str] = []
        if truncated:
            warnings_out.append(
                f"Your description was long, so only its first {len(body)} characters were "
                "read. Put the most important symptoms first, or answer the questions."
            )
        clean = clean_text(body)
        doc = self._nlp.make_doc(clean)
        _mark_sentences(doc)
        doc = self._matcher(doc)
        extra = self._pattern_candidates(doc, clean)
        if extra:
            doc.spans[_GROUP] = [*doc.spans[_GROUP], *(span for span, _ in extra)]
        doc = self._context(doc)

        proxy = find_proxy(clean)
        candidates = self._candidates(doc, extra, proxy)
        candidates = _resolve_overlaps(candidates)
        mentions, pregnant = self._decide(candidates, clean)
        mentions = self._one_per_group(mentions)

        age_hit = find_age(clean)
        sex_hit = find_sex(clean)
        age = age_hit[0] if age_hit else None
        sex: Sex | None = sex_hit[0] if sex_hit else None
        if proxy is not None:
            age = age if age is not None else proxy.age
            sex = sex if sex is not None else proxy.sex
        if pregnant and sex is None:
            sex = "female"
        if sex == "male":
            pregnant = None
        out = tuple(
            Mention(c.finding_id, state, c.start, c.end, body[c.start : c.end], unc, c.rule)
            for c, state, unc in sorted(mentions, key=lambda m: (m[0].start, m[0].finding_id))
        )
        return ParseResult(out, age, sex, pregnant, tuple(warnings_out), truncated)

    def _pattern_candidates(self, doc: Any, clean: str) -> list[tuple[Any, _Candidate]]:
        """Spans read by regular expressions and sensation-body part pairs."""
        out: list[tuple[Any, _Candidate]] = []
        hits = [
            *find_durations(clean),
            *find_severities(clean),
            *find_signs(clean),
            *find_normal_states(clean),
        ]
        for hit in hits:
            if hit.finding_id not in self.kb.findings:
                continue
            span = doc.char_span(hit.start, hit.end, label=hit.finding_id, alignment_mode="expand")
            if span is None or len(span) == 0:
                continue
            cand = _Candidate(
                hit.finding_id,
                hit.start,
                hit.end,
                span.start,
                span.end,
                hit.rule,
                value=hit.value,
                absent=hit.absent,
            )
            out.append((span, cand))
        for tok_start, tok_end, finding_id, cover, rule in _combos(doc):
            if finding_id not in self.kb.findings:
                continue
            span = doc[tok_start:tok_end]
            span.label_ = finding_id
            cand = _Candidate(
                finding_id,
                span.start_char,
                span.end_char,
                tok_start,
                tok_end,
                rule,
                cover=(doc[cover[0]].idx, doc[cover[1] - 1].idx + len(doc[cover[1] - 1])),
            )
            out.append((span, cand))
        return out

    def _candidates(
        self, doc: Any, extra: list[tuple[Any, _Candidate]], proxy: Proxy | None
    ) -> list[_Candidate]:
        by_span = {(s.start, s.end, s.label_): c for s, c in extra}
        out: list[_Candidate] = []
        for span in doc.spans[_GROUP]:
            cats = {
                str(m.category).upper()
                for m in span._.modifiers
                if not _names_the_patient(doc, m, proxy)
            }
            cand = by_span.get((span.start, span.end, span.label_))
            if cand is None:
                rule = span._.target_rule
                meta = (rule.metadata or {}) if rule is not None else {}
                # Rules with the same phrase share one matcher entry: trust the label.
                name = "reading" if span.label_ in READINGS else str(meta.get("rule", "synonym"))
                if name == "reading" and span.label_ not in READINGS:
                    name = "synonym"
                cand = _Candidate(
                    span.label_, span.start_char, span.end_char, span.start, span.end, name
                )
            cand.categories = cats
            out.append(cand)
        return out

    def _decide(
        self, candidates: list[_Candidate], clean: str
    ) -> tuple[list[tuple[_Candidate, State, bool]], bool | None]:
        """Turn ConText's marks into states; drop what does not count."""
        out: list[tuple[_Candidate, State, bool]] = []
        pregnant: bool | None = None
        combos = [c for c in candidates if c.cover is not None]
        for cand in candidates:
            if cand.finding_id == _BLOCK:
                continue
            cats = cand.categories
            if "HYPOTHETICAL" in cats or "OTHER_PERSON" in cats:
                continue
            family = "FAMILY" in cats
            if cand.rule == "family" and not family:
                continue
            if family and cand.finding_id not in self._family_findings:
                continue
            negated = "NEGATED_EXISTENCE" in cats or (
                cand.rule == "synonym" and _NEGATED_AFTER.match(clean, cand.end) is not None
            )
            fid = self._flip(cand, clean, negated)
            if fid is None:
                continue
            cand.finding_id = fid
            if "HISTORICAL" in cats and not negated and not family and cand.rule != "normal":
                kind = self._kind.get(fid)
                group = self._group_of.get(fid, ("", 0))[0]
                if kind in ("symptom", "sign", "demographic") and group != "duration":
                    continue
            if fid == "pregnant":
                if not negated:
                    pregnant = True
                elif pregnant is None:
                    pregnant = False
                continue
            if _inside_combo(cand, combos, clean):
                continue
            in_duration = self._group_of.get(fid, ("", 0))[0] == "duration"
            if in_duration and (negated or self._about_something_else(cand, candidates, clean)):
                continue  # "not for days" says nothing about how long it has lasted
            if cand.rule == "reading":
                if not any(c.start < cand.end and cand.start < c.end for c in combos):
                    out.extend(self._read(cand, negated, clean))
                continue
            if cand.rule == "normal":
                out.append((cand, "absent", False))
                continue
            state: State = "absent" if negated or cand.absent else "present"
            uncertain = state == "present" and "POSSIBLE_EXISTENCE" in cats
            out.append((cand, state, uncertain))
        return out, pregnant

    def _read(
        self, cand: _Candidate, negated: bool, clean: str
    ) -> list[tuple[_Candidate, State, bool]]:
        """The findings a `READINGS` phrase stands for, said plainly or negated."""
        reading = READINGS[cand.finding_id]
        sentence_start = max(clean.rfind(c, 0, cand.start) for c in ".!?\n;,") + 1
        before = clean[max(sentence_start, cand.start - 40) : cand.start]
        negated = negated or _NEGATED_BEFORE.search(before) is not None
        out: list[tuple[_Candidate, State, bool]] = []
        for fid, state in reading.negated if negated else reading.plain:
            if fid in self.kb.findings:
                copy = dataclasses.replace(cand, finding_id=fid, rule="reading")
                out.append((copy, "absent" if state == "absent" else "present", False))
        return out

    def _about_something_else(
        self, cand: _Candidate, candidates: list[_Candidate], clean: str
    ) -> bool:
        """A duration that belongs to a habit or condition ("smoked for 20 years").

        A point in time ("three weeks ago", "since the weekend") after an activity is when the
        pain began ("painting ceilings three weeks ago"); after a diagnosis it is not.
        """
        breaks = list(_SUBCLAUSE_BREAK.finditer(clean, 0, cand.start))
        lo = breaks[-1].end() if breaks else 0
        if _HABIT.search(clean, lo, cand.start):
            return True
        point = re.search(r"\bago\b", clean[cand.start : cand.end]) or re.search(
            r"\bsince\b", clean[max(lo, cand.start - 50) : cand.end]
        )
        kinds = ("history",) if point else ("history", "risk_factor")
        return any(
            lo <= other.start
            and other.end <= cand.start
            and self._kind.get(other.finding_id) in kinds
            for other in candidates
        )

    def _flip(self, cand: _Candidate, clean: str, negated: bool) -> str | None:
        """The finding a trigger mention stands for, given what the clause says it does.

        A better word that is itself negated ("it's no better", "doesn't help") keeps a
        better-trigger only when the trigger is negated too ("rest doesn't help": absent).
        """
        fid = cand.finding_id
        group = self._group_of.get(fid, ("", 0))[0]
        if group not in _TRIGGER_GROUPS:
            return fid
        own = set(_WORD.findall(clean[cand.start : cand.end]))
        if own & (BETTER_WORDS | WORSE_WORDS):
            return fid
        polarity = _nearest_polarity(clean, cand.start, cand.end)
        if polarity is None and group == "better":
            # "tried a hot water bottle and ibuprofen, no better": what the rest of the
            # sentence says helps or not (a "worse" elsewhere is about something else)
            said = _polarity_within(clean, cand.start, cand.end, _SENTENCE_BREAK)
            polarity = said if said in ("better", _NOT_BETTER) else None
        wanted = "better" if group == "better" else "worse"
        if polarity == _NOT_BETTER:
            if group == "better":
                return fid if negated else None
            polarity = "better"
        if fid in STATED_EFFECT_ONLY:
            return fid if polarity == wanted else None
        if polarity is None or polarity == wanted:
            return fid
        flipped = FLIPS.get(fid)
        return flipped if flipped in self.kb.findings else None

    def _one_per_group(
        self, mentions: list[tuple[_Candidate, State, bool]]
    ) -> list[tuple[_Candidate, State, bool]]:
        """Keep at most one present option of each one-answer group."""
        chosen: dict[str, tuple[_Candidate, State, bool]] = {}
        for item in mentions:
            cand, state, _ = item
            group, rank = self._group_of.get(cand.finding_id, ("", 0))
            if state != "present" or group not in self._exclusive:
                continue
            best = chosen.get(group)
            if best is None:
                chosen[group] = item
                continue
            best_rank = self._group_of[best[0].finding_id][1]
            if group in _KEEP_HIGHEST:
                if (rank, cand.start) > (best_rank, best[0].start):
                    chosen[group] = item
            elif cand.start >= best[0].start:
                chosen[group] = item
        keep = {id(item[0]) for item in chosen.values()}
        return [
            item
            for item in mentions
            if item[1] != "present"
            or self._group_of.get(item[0].finding_id, ("", 0))[0] not in self._exclusive
            or id(item[0]) in keep
        ]


# Verbs that open a new clause after a comma, in NORM form (goes -> goe, has -> ha).
# fmt: off
_VERBS = frozenset({
    "help", "helped", "helping", "hurt", "hurting", "is", "are", "was", "were", "make", "get",
    "feel", "goe", "go", "come", "work", "ache", "aching", "stay", "spread", "move", "start",
    "started", "have", "ha", "had", "got", "'ve", "'s", "'m", "am",
})
# fmt: on


def _outside_targets(target: Any, modifier: Any, between: Any) -> bool:
    """Whether a cue may modify a target.

    Not when the cue is part of a longer target ("no appetite" does not negate "fever"), nor
    across a comma into a clause with its own verb ("no fever, painkillers help").
    """
    doc = modifier.doc
    inside = doc.user_data.setdefault("backcheck_cue_inside_target", {})
    key = (modifier.start, modifier.end)
    if key not in inside:
        inside[key] = any(
            other.start <= modifier.start and modifier.end <= other.end
            for other in doc.spans[_GROUP]
        )
    if inside[key]:
        return False
    commas = [i for i, t in enumerate(between) if t.text == ","]
    if commas:
        after = list(between)[commas[0] + 1 :] + list(target)
        if any(t.norm_ in _VERBS for t in after):
            return False
    return True


def _names_the_patient(doc: Any, modifier: Any, proxy: Proxy | None) -> bool:
    """Whether a someone-else or family cue names the patient of a proxy report ("he has")."""
    if proxy is None or str(modifier.category).upper() not in ("OTHER_PERSON", "FAMILY"):
        return False
    start, end = modifier.modifier_span
    cue = doc[start:end].text.lower()
    if cue in PATIENT_PRONOUN_CUES:
        return True
    return proxy.relation is not None and normalise_word(cue) == normalise_word(proxy.relation)


def _mark_sentences(doc: Any) -> None:
    """Sentence starts after . ! ? and line breaks (what ConText scopes to)."""
    previous = None
    for token in doc:
        if previous is None:
            token.is_sent_start = True
        else:
            token.is_sent_start = (
                previous.text in _SENTENCE_END
                or "\n" in previous.whitespace_
                or (previous.is_space and "\n" in previous.text)
            )
        previous = token


_COMBO_BREAKS = frozenset(
    {".", ";", "!", "?", "but", "though", "however", "except", "apart", "whereas", "while"}
)
_COMBO_WINDOW = 6


def _combos(doc: Any) -> Iterator[tuple[int, int, str, tuple[int, int], str]]:
    """(start, end, finding, cover, rule) for each sensation paired with its nearest body part.

    A coordinated body part counts too ("tingling in my hands or feet"). The rule is "pair"
    when the sensation word keeps its own finding too ("stiff"), otherwise "combo".
    """
    norms = [t.norm_ for t in doc]
    n = len(norms)

    def part_at(k: int, sensation: str) -> str | None:
        part = BODY_PARTS.get(norms[k]) if 0 <= k < n else None
        return part if part is not None and (sensation, part) in COMBOS else None

    for i, norm in enumerate(norms):
        sensation = SENSATIONS.get(norm)
        if sensation is None:
            continue
        found: list[int] = []
        window = SENSATION_WINDOW.get(sensation, _COMBO_WINDOW)
        for step in (1, -1):  # forward first: ties go to "numb fingers" over "fingers, numb"
            k = i + step
            while 0 <= k < n and abs(k - i) <= window and norms[k] not in _COMBO_BREAKS:
                if part_at(k, sensation):
                    found.append(k)
                    break
                k += step
        if not found:
            continue
        j = min(found, key=lambda k: (abs(k - i), k < i))
        parts = [j]
        for step in (1, -1):
            k = j + step
            if 0 <= k < n and norms[k] in ("or", "and", "&", ","):
                k += step
                if 0 <= k < n and norms[k] == "my":
                    k += step
                if part_at(k, sensation):
                    parts.append(k)
        start, end = i, i + 1
        if norm == "needle":
            if i < 2 or norms[i - 2] != "pin" or norms[i - 1] != "and":
                continue
            start = i - 2
        findings = dict.fromkeys(COMBOS[(sensation, BODY_PARTS[norms[k]])] for k in parts)
        lo, hi = min([start, *parts]), max([end, *(k + 1 for k in parts)])
        rule = "pair" if sensation in SENSATION_KEEPS_WORD else "combo"
        for finding in findings:
            yield start, end, finding, (lo, hi), rule


def _inside_combo(cand: _Candidate, combos: list[_Candidate], clean: str) -> bool:
    """A bare body part ("left arm numb") that a sensation pair already explains."""
    if cand.rule == "combo" or not cand.finding_id.startswith("spreads_"):
        return False
    if _SPREAD_WORDS.search(clean[cand.start : cand.end]):
        return False
    for combo in combos:
        if combo.cover and cand.start < combo.cover[1] and combo.cover[0] < cand.end:
            return True
    return False


def _nearest_polarity(clean: str, start: int, end: int) -> str | None:
    """Whether the nearest better/worse word says better or worse.

    Looked for first in the mention's own part of the clause ("hurts more when I walk uphill"
    | "and settles when I stop"), then in the whole clause ("lying down and resting helps").
    """
    for pattern in (_POLARITY_BREAK, _CLAUSE_BREAK):
        found = _polarity_within(clean, start, end, pattern)
        if found is not None:
            return found
    return None


def _polarity_within(clean: str, start: int, end: int, breaks_at: re.Pattern[str]) -> str | None:
    breaks = list(breaks_at.finditer(clean, 0, start))
    lo = breaks[-1].end() if breaks else 0
    nxt = breaks_at.search(clean, end)
    hi = nxt.start() if nxt else len(clean)
    best: tuple[int, str] | None = None
    found: list[tuple[int, int, str]] = [
        (m.start(), m.end(), "better") for m in BETTER_PHRASES.finditer(clean, lo, hi)
    ] + [(m.start(), m.end(), "worse") for m in WORSE_PHRASES.finditer(clean, lo, hi)]
    for m in _WORD.finditer(clean, lo, hi):
        word = m.group()
        polarity = "better" if word in BETTER_WORDS else "worse" if word in WORSE_WORDS else None
        if polarity is not None:
            found.append((m.start(), m.end(), polarity))
    for i, (w_start, w_end, polarity) in enumerate(found):
        if polarity == "better" and _NEGATOR_BEFORE.search(clean, max(0, w_start - 22), w_start):
            found[i] = (w_start, w_end, _NOT_BETTER)
    for w_start, w_end, polarity in found:
        if start <= w_start < end:
            continue
        distance = start - w_end if w_end <= start else w_start - end
        if best is None or distance < best[0]:
            best = (distance, polarity)
    return best[1] if best else None


def _resolve_overlaps(candidates: list[_Candidate]) -> list[_Candidate]:
    """Drop spans inside a longer one; overlapping spans of one finding keep only the longest.

    Spans that only partly overlap ("tight band" and "band round my chest") both stay, and so
    do equal spans of different findings (a synonym listed under two findings). A sensation
    paired with a body part is more specific than the bare words: it is never dropped for a
    longer span of another finding, and it replaces a synonym with exactly its span
    ("pins and needles in my feet" is not numbness of the arm). A blocking phrase ("blood
    pressure") removes what it contains.
    """
    ordered = sorted(
        candidates,
        key=lambda c: (
            -(c.end - c.start),
            c.start,
            c.finding_id != _BLOCK,
            c.rule != "combo",
            c.rule != "synonym",
        ),
    )
    kept: list[_Candidate] = []
    for cand in ordered:
        clash = False
        for other in kept:
            if not (cand.start < other.end and other.start < cand.end):
                continue
            if cand.finding_id == other.finding_id:
                clash = True
            elif cand.rule in ("combo", "pair"):
                clash = False
            elif (cand.start, cand.end) == (other.start, other.end):
                clash = _BLOCK in (cand.finding_id, other.finding_id) or other.rule == "combo"
            elif other.start <= cand.start and cand.end <= other.end:
                clash = True
            if clash:
                break
        if not clash:
            kept.append(cand)
    return kept
