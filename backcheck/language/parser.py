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
import threading
import warnings
from collections.abc import Iterable, Iterator
from typing import Any

from backcheck.knowledge import KnowledgeBase
from backcheck.language.checks import check_text, truncate
from backcheck.language.lexicon import CLAUSE, CONTEXT_RULES
from backcheck.language.normalize import SpellFixer, TokenNormaliser, clean_text, normalise_word
from backcheck.language.patterns import (
    find_age,
    find_durations,
    find_normal_states,
    find_severities,
    find_sex,
    find_signs,
)
from backcheck.language.phrases import (
    BETTER_WORDS,
    BLOCK_PATTERNS,
    BODY_PARTS,
    COMMON_WORDS,
    FAMILY_ONLY,
    FLIPS,
    NOT_PAIN_SUBJECTS,
    READINGS,
    SENSATIONS,
    STATED_EFFECT_ONLY,
    WORSE_WORDS,
)
from backcheck.language.spans import (
    _BLOCK,
    _DIAGNOSIS_SYMPTOMS,
    _GROUP,
    _HABIT,
    _KEEP_HIGHEST,
    _NEGATED_AFTER,
    _NEGATED_BEFORE,
    _NOT_BETTER,
    _RELIEF_GROUPS,
    _SENTENCE_BREAK,
    _SUBCLAUSE_BREAK,
    _TRIGGER_GROUPS,
    _WORD,
    _Candidate,
    _combos,
    _cue_words,
    _inside_combo,
    _mark_sentences,
    _names_the_patient,
    _nearest_polarity,
    _outside_targets,
    _polarity_within,
    _resolve_overlaps,
)
from backcheck.language.subject import PATIENT_PRONOUN_CUES, Proxy, find_proxy
from backcheck.language.targets import _kb_words, _phrases_of, _variants, _words
from backcheck.language.types import Mention, ParseResult, Sex, State

__all__ = ["TextParser"]

#: Words that say something hurts or is wrong ("pain", "aching", "sore", "tender", "burning").
_SYMPTOM_WORD = re.compile(
    r"\b(?:pain\w*|pian\w*|pin\b|ache\w*|aching|achy|hurt\w*|sore\w*|tender\w*|discomfort|twinge\w*|stab\w*"
    r"|burn\w*|throb\w*|pressure|tight\w*|cramp\w*|colic\w*|agony|spasm\w*|pins|numb\w*"
    r"|tingl\w*|swell\w*|swollen|stiff\w*|heav\w*|niggl\w*|shoot\w*|sharp|dull|bother\w*)\b"
)
_DIRECTION = re.compile(r"\b(?:down|into|to|through|up|round|around|across|towards?)\b")
#: A cause the person guesses at: "I thought I'd pulled it lifting", "she blames the gym".
_GUESS = re.compile(
    r"\b(?:thinks?|thought|assum\w*|blam\w*|guess\w*|suppos\w*|reckon\w*|put\s+it\s+down\s+to"
    r"|attribut\w*|wonder\w*|presum\w*|maybe|perhaps|probably|might\s+have|must\s+have"
    r"|told\s+(?:me|him|her)\s+it\s+was|said\s+it\s+was)\b"
)


#: A trigger that explains a treatment or a stay, not the pain: "hip surgery after a fall",
#: "out of intensive care after a car crash".
_OUTCOME_OF_EVENT = re.compile(
    r"\b(?:surgery|operations?|operated|op|replaced|replacement|intensive\s+care|icu|hospital"
    r"|hospitali[sz]ed|admitted|admission|coma|rehab\w*|plates?|pins|metalwork|fusion|fused)\b"
    r"[^.;!?\n]{0,50}?\b(?:after|following|from|due\s+to|because\s+of|caused\s+by)\b"
    r"[^.;!?\n]{0,30}$"
)
#: Several accidents or falls are history, not the event that started this pain.
_PLURAL_EVENT = re.compile(r"\b(?:accidents|crashes|collisions|falls|injuries|wrecks)\s*$")
#: Duration words that can qualify another condition: "long-standing high blood pressure".
_DURATION_ADJECTIVE = re.compile(
    r"^(?:chronic|long[\s-]?standing|long[\s-]term|lifelong|life[\s-]long|ongoing)$"
)
#: What such a word may qualify and still be about the pain.
_PAIN_NOUN = re.compile(
    r"\s*(?:$|[,.;:!?)]|(?:and|or|but|with|for|in|since|now|pain\w*|ache\w*|aching|back\w*"
    r"|neck|upper|mid|middle|lower|thoracic|spin\w*|shoulder\w*|rib\w*|discomfort|sore\w*"
    r"|stiff\w*|problems?|issues?|trouble|condition|symptoms?)\b)"
)
_CLAUSE_START = re.compile(r"[.;!?\n,:]|\b(?:and|but|though|although|while|whereas)\b")
_QUALIFIERS = frozenset({"my", "his", "her", "their", "the", "general", "overall", "left", "right"})
_COURSE_WORD = re.compile(r"\b(?:wors\w*|better|increas\w*|improv\w*|progress\w*|eas\w*)\b")


#: Groups whose findings say where the pain is or what it is like.
_PAIN_GROUPS = frozenset({"location", "character", "spread"})
#: "back pain", "my back aches", "sore upper back", "pain in the spine".
_BACK_PAIN = re.compile(
    r"\b(?:back|spine|backache|shoulder\s+blades?)\b(?:\s+\w+){0,2}?\s+"
    r"(?:pain\w*|ache\w*|aching|hurt\w*|sore\w*)\b"
    r"|\b(?:pain\w*|ache\w*|aching|hurt\w*|sore\w*)\b(?:\s+\w+){0,3}?\s+"
    r"(?:back|spine|shoulder\s+blades?)\b|\bbackache\b"
)


def _sentence_span(clean: str, pos: int) -> tuple[int, int]:
    """The sentence around a position, as (start, end)."""
    lo = max(clean.rfind(c, 0, pos) for c in ".!?\n;") + 1
    ends = [i for i in (clean.find(c, pos) for c in ".!?\n;") if i >= 0]
    return lo, min(ends) if ends else len(clean)


def _sentence_before(clean: str, start: int) -> str:
    """The part of the sentence before a position."""
    return clean[max(clean.rfind(c, 0, start) for c in ".!?\n;") + 1 : start]


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


@dataclasses.dataclass(frozen=True)
class _Pipeline:
    """One medspacy pipeline and how many strings its vocabulary held when built."""

    nlp: Any
    matcher: Any
    context: Any
    words: int


_DIGIT = re.compile(r"\d")


def _new_subject_between(doc: Any, span: Any) -> bool:
    """Whether "he has" or "she is" starts a clause between every negation and the finding.

    "No fever, he has chest pain": the chest pain is not denied. (The same words as a new
    subject for "I" end the negation through the clause cues; for "he" and "she" the cue about
    someone else takes their place.)
    """
    negations = [
        m.modifier_span for m in span._.modifiers if str(m.category).upper() == "NEGATED_EXISTENCE"
    ]
    subjects = [
        m.modifier_span
        for m in span._.modifiers
        if str(m.category).upper() == "OTHER_PERSON" and _cue_words(doc, m) in PATIENT_PRONOUN_CUES
    ]
    return bool(negations) and all(
        any(end <= start < span.start for start, _ in subjects) for _, end in negations
    )


def _without_shadowed(phrases: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """Drop a family-only phrase that reads the same as a plain synonym of its finding.

    The matcher keeps one entry per phrase as normalised ("stent" and "stents"), so a family
    rule sharing it could make "I have had stents" count only for a relative.

    >>> _without_shadowed([("h", "stents", "synonym"), ("h", "stent", "family")])
    [('h', 'stents', 'synonym')]
    """

    def key(fid: str, phrase: str) -> tuple[str, tuple[str, ...]]:
        return fid, tuple(normalise_word(w) for w in phrase.lower().split())

    plain = {key(fid, p) for fid, p, rule in phrases if rule != "family"}
    return [(f, p, r) for f, p, r in phrases if r != "family" or key(f, p) not in plain]


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

    def __init__(
        self, kb: KnowledgeBase, max_chars: int = 5000, max_new_words: int = 20_000
    ) -> None:
        if max_chars < 1 or max_new_words < 1:
            raise ValueError("max_chars and max_new_words must be positive")
        self.kb = kb
        self.max_chars = max_chars
        self.max_new_words = max_new_words
        *_, stop_words = _import_medspacy()

        phrases = [
            (fid, variant, rule)
            for fid, p, rule in _phrases_of(kb)
            for variant in _variants(clean_text(p).strip())
        ]
        phrases = _without_shadowed(list(dict.fromkeys(phrases)))
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
        self._targets = targets
        self._phrases = phrases
        self._pipeline = self._build()
        self._renewing = threading.Lock()

        self._kind = {fid: f.kind for fid, f in kb.findings.items()}
        self._group_of: dict[str, tuple[str, int]] = {}
        for group in kb.groups.values():
            for rank, option in enumerate(group.options):
                self._group_of[option] = (group.id, rank)
        self._exclusive = {g.id for g in kb.groups.values() if g.select == "one"}
        # A pain finding named only by its place ("flank", "upper abdomen") counts only when the
        # sentence says something hurts: a body part on its own is not a symptom.
        self._bare_parts = frozenset(
            clean_text(p).strip()
            for fid, f in kb.findings.items()
            if fid.endswith("_pain") or fid.startswith("spreads_")
            for p in (*f.synonyms, f.name)
            if not _SYMPTOM_WORD.search(clean_text(p))
            and (fid.endswith("_pain") or not _DIRECTION.search(clean_text(p)))
        )
        self._triggers = (
            frozenset(kb.groups["trigger"].options) if "trigger" in kb.groups else frozenset()
        )
        self._family_findings = frozenset(
            fid
            for fid, f in kb.findings.items()
            if f.kind == "history"
            and re.search(r"\b(family|parent|sibling)\b", f"{f.name} {f.question}".lower())
        ) | frozenset(fid for fid in FAMILY_ONLY if fid in kb.findings)

    # --- building ---------------------------------------------------------------------------

    def _build(self) -> _Pipeline:
        """The medspacy pipeline: tokenizer, target matcher and ConText."""
        medspacy, target_rule, context_rule, _ = _import_medspacy()
        fixer = SpellFixer(self._targets, known={normalise_word(w) for w in self._known_words})

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
        matcher.add(
            [target_rule(p, fid, metadata={"rule": rule}) for fid, p, rule in self._phrases]
        )
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
        return _Pipeline(nlp, matcher, context, len(nlp.vocab.strings))

    def _options(self, groups: Iterable[str]) -> set[str]:
        return {o for g in groups if g in self.kb.groups for o in self.kb.groups[g].options}

    def _labels(self, which: str) -> set[str]:
        if which == "severity":
            return self._options(("severity",))
        if which == "triggers":
            return self._options(_TRIGGER_GROUPS)
        if which == "relief":
            return self._options(_RELIEF_GROUPS) | {"severe_not_easing", "no_improvement_week"}
        return {
            fid
            for fid, f in self.kb.findings.items()
            if f.kind in ("history", "risk_factor") or fid in _DIAGNOSIS_SYMPTOMS
        }

    def _context_rules(self, context_rule: Any) -> Iterator[Any]:
        triggers = self._labels("triggers")
        diagnoses = self._labels("diagnoses")
        relief = self._labels("relief")
        for cue in CONTEXT_RULES:
            kwargs: dict[str, Any] = {"direction": cue.direction, "max_scope": cue.max_scope}
            if cue.direction not in ("TERMINATE", "PSEUDO"):
                kwargs["on_modifies"] = _outside_targets
                if cue.clause_bound:
                    kwargs["terminated_by"] = {CLAUSE}
            if cue.targets == "not_triggers":
                kwargs["excluded_types"] = triggers
            elif cue.targets == "not_severity":
                kwargs["excluded_types"] = self._labels("severity")
            elif cue.targets == "diagnoses":
                kwargs["allowed_types"] = diagnoses
            elif cue.targets == "relief":
                kwargs["allowed_types"] = relief
            if isinstance(cue.pattern, str):
                yield context_rule(clean_text(cue.pattern), cue.category, **kwargs)
            else:
                yield context_rule(str(cue.pattern), cue.category, pattern=cue.pattern, **kwargs)

    def words_held(self) -> int:
        """How many strings the pipeline's vocabulary holds now (bounded by `max_new_words`)."""
        return len(self._pipeline.nlp.vocab.strings)

    def _renew(self, pipeline: _Pipeline) -> None:
        """Start a fresh pipeline (spaCy never forgets a word, so memory would grow for ever).

        The old pipeline is freed once the requests still using it end.
        """
        with self._renewing:
            if self._pipeline is pipeline:
                self._pipeline = self._build()

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
        pipeline = self._pipeline
        doc = pipeline.nlp.make_doc(clean)
        _mark_sentences(doc)
        doc = pipeline.matcher(doc)
        extra = self._pattern_candidates(doc, clean)
        if extra:
            doc.spans[_GROUP] = [*doc.spans[_GROUP], *(span for span, _ in extra)]
        doc = pipeline.context(doc)
        if len(pipeline.nlp.vocab.strings) > pipeline.words + self.max_new_words:
            self._renew(pipeline)

        proxy = find_proxy(clean)
        candidates = self._candidates(doc, extra, proxy)
        candidates = _resolve_overlaps(candidates)
        mentions, pregnant = self._decide(candidates, clean)
        mentions = self._one_per_group(mentions, clean)

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
            if hit.finding_id not in self.kb.findings and hit.finding_id != _BLOCK:
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
            if "NEGATED_EXISTENCE" in cats and _new_subject_between(doc, span):
                cats.discard("NEGATED_EXISTENCE")
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
            if negated and cand.rule == "severity" and _DIGIT.search(clean, cand.start, cand.end):
                negated = False  # "not the worst ever, maybe 6/10": a score is what it says
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
            if state == "present" and self._bare_part(cand, clean):
                continue
            if state == "present" and fid in self._triggers:
                before = _sentence_before(clean, cand.start)
                if _GUESS.search(before):
                    continue  # "I thought I pulled it lifting": a guess about the cause
                said = before + clean[cand.start : cand.end]
                if _OUTCOME_OF_EVENT.search(said) or _PLURAL_EVENT.search(said):
                    continue  # "surgery after a fall", "car accidents": history, not the start
            if state == "present" and self._course_of_something_else(fid, cand, clean):
                continue  # "my breathing is getting worse" is not the pain getting worse
            out.append((cand, state, uncertain))
        return out, pregnant

    def _course_of_something_else(self, fid: str, cand: _Candidate, clean: str) -> bool:
        """A course word said of a function or another symptom, not of the pain.

        "Her breathing has been getting worse", "worsening hearing", "my balance got worse
        over the years": the word's subject (the last noun before it in its clause) or the
        noun it qualifies (the word right after it) is in `NOT_PAIN_SUBJECTS`.
        """
        group = self._group_of.get(fid, ("", 0))[0]
        if group != "course" and not (
            fid == "onset_gradual" and _COURSE_WORD.search(clean[cand.start : cand.end])
        ):
            return False
        following = _WORD.findall(clean[cand.end : cand.end + 40])[:2]
        if following and following[0] in _QUALIFIERS:
            following = following[1:]
        if following and following[0] in NOT_PAIN_SUBJECTS:
            return True
        starts = list(_CLAUSE_START.finditer(clean, 0, cand.start))
        clause = clean[starts[-1].end() if starts else 0 : cand.start]
        words = _WORD.findall(clause)
        for word in reversed(words):
            if word in NOT_PAIN_SUBJECTS:
                return True
            if _SYMPTOM_WORD.fullmatch(word) or word in ("back", "spine", "it", "this", "neck"):
                return False
        return False

    def _bare_part(self, cand: _Candidate, clean: str) -> bool:
        """A pain finding matched by a body part alone, in a sentence where nothing hurts."""
        if cand.rule != "synonym" or clean[cand.start : cand.end].strip() not in self._bare_parts:
            return False
        lo = max(clean.rfind(c, 0, cand.start) for c in ".!?\n;") + 1
        ends = [i for i in (clean.find(c, cand.end) for c in ".!?\n;") if i >= 0]
        return not _SYMPTOM_WORD.search(clean[lo : min(ends) if ends else len(clean)])

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

        A duration word that qualifies something other than the pain ("long-standing high
        blood pressure", "chronic cough") is about that.

        A point in time ("three weeks ago", "since the weekend") after an activity is when the
        pain began ("painting ceilings three weeks ago"); after a diagnosis it is not.
        """
        if _DURATION_ADJECTIVE.match(clean[cand.start : cand.end].strip()) and not _PAIN_NOUN.match(
            clean, cand.end
        ):
            return True  # "long-standing high blood pressure", "a chronic cough"
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

    def _pain_sentences(
        self, mentions: list[tuple[_Candidate, State, bool]], clean: str
    ) -> set[tuple[int, int]]:
        """The sentences (as character spans) that say where the pain is or how it feels."""
        spans: set[tuple[int, int]] = set()
        for cand, state, _ in mentions:
            group = self._group_of.get(cand.finding_id, ("", 0))[0]
            if state == "present" and group in _PAIN_GROUPS:
                spans.add(_sentence_span(clean, cand.start))
        for m in _BACK_PAIN.finditer(clean):
            spans.add(_sentence_span(clean, m.start()))
        return spans

    def _one_per_group(
        self, mentions: list[tuple[_Candidate, State, bool]], clean: str
    ) -> list[tuple[_Candidate, State, bool]]:
        """Keep at most one present option of each one-answer group.

        A duration stated in a sentence about the pain wins over one stated in a sentence
        about something else ("For a month my stools have been pale. This week my back
        aches"); among equals, the longest.
        """
        chosen: dict[str, tuple[_Candidate, State, bool]] = {}
        pain_sentences = self._pain_sentences(mentions, clean)

        def about_pain(cand: _Candidate) -> bool:
            return _sentence_span(clean, cand.start) in pain_sentences

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
            if group == "duration":
                mine = (about_pain(cand), rank, cand.start)
                if mine > (about_pain(best[0]), best_rank, best[0].start):
                    chosen[group] = item
            elif group in _KEEP_HIGHEST:
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
