"""ConText rules for how people describe their own back pain.

The findings' words come from the knowledge base (synonyms and names); this module holds what
is about language rather than medicine: negation, doubt, history, family, hypotheticals and
clause breaks. The small phrase tables that need code to interpret are in `phrases`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["CLAUSE", "CONTEXT_RULES", "Cue"]


CLAUSE = "CLAUSE"


@dataclass(frozen=True)
class Cue:
    """A ConText rule: a phrase (or spaCy token pattern) and what it does to nearby findings.

    `targets` limits which findings it may modify: "all", "not_triggers" (not what makes the
    pain worse or better: "it hurts if I move" is not hypothetical), "not_severity" (not a
    pain score: "she said it was a 9 out of 10"), "diagnoses" (history and disease names:
    "could it be a tumour") or "relief" (only what eases the pain and its course: "pills have
    not helped" says nothing of the night pain named before it). `clause_bound` cues stop at a
    new subject ("no fever I have chest pain"); the others ("if I get a fever") run on.
    """

    pattern: str | list[dict[str, Any]]
    category: str
    direction: str
    max_scope: int | None
    targets: str = "all"
    clause_bound: bool = True


_NEG = "NEGATED_EXISTENCE"
_UNC = "POSSIBLE_EXISTENCE"
_HIST = "HISTORICAL"
_HYPO = "HYPOTHETICAL"
_FAM = "FAMILY"
_OTHER = "OTHER_PERSON"
_TERM = "TERMINATE"
_PSEUDO = "PSEUDO"

_NOT = {"NORM": "not"}


def _cues(
    words: str,
    category: str,
    direction: str,
    scope: int | None,
    targets: str = "all",
    clause_bound: bool = True,
) -> tuple[Cue, ...]:
    """One cue per comma-separated phrase."""
    phrases = (w.strip() for w in words.split(","))
    return tuple(Cue(p, category, direction, scope, targets, clause_bound) for p in phrases if p)


# Someone who tells the writer something, or does something to them ("my wife says").
_REPORTERS = (
    "wife", "husband", "partner", "boyfriend", "girlfriend", "friend", "mate", "mum", "mom",
    "dad", "mother", "father", "son", "daughter", "sister", "brother", "colleague", "doctor",
    "gp", "nurse", "physio", "parents", "family", "teacher", "coach", "carer", "carers",
)  # fmt: skip
_REPORT_VERBS = (
    "says", "said", "thinks", "thought", "noticed", "reckons", "presses", "pressed", "pushes",
    "pushed", "taps", "tapped", "massages", "massaged", "rubs", "rubbed", "helped", "helps",
    "say", "think", "notice", "have noticed", "has noticed", "report", "reported", "worry",
    "are worried", "is worried", "spotted", "saw", "see",
)  # fmt: skip
# What the writer did to or for a relative ("picking up my toddler").
_CARE_VERBS = (
    "helped", "helping", "help", "lifting", "lifted", "lift", "carrying", "carried", "carry",
    "picking up", "picked up", "pick up", "looking after", "look after", "caring for",
    "playing with", "played with", "chasing", "chased", "holding", "held", "hugging", "bathing",
    "visiting", "visited", "visit", "moving", "moved", "drove", "driving",
)  # fmt: skip
_RELATIVES = (
    "brother", "sister", "mum", "mom", "dad", "mother", "father", "son", "daughter", "kids",
    "children", "child", "baby", "toddler", "grandson", "granddaughter", "nephew", "niece",
    "partner", "wife", "husband", "friend",
)  # fmt: skip

CONTEXT_RULES: tuple[Cue, ...] = (
    # --- negation: "no fever", "I don't have chest pain", "without numbness" ---
    *_cues(
        """no, not, never, without, w/o, denies, deny, denied, none, nor, neither, no sign of,
        no signs of, free of, free from, lack of, absence of, zero, nope, haven't noticed,
        not noticed, no more, negative for, neg for""",
        _NEG,
        "FORWARD",
        18,
    ),
    # "non-tender", "non-radiating" (hyphens are split): only the next word or two
    *_cues("non", _NEG, "FORWARD", 2),
    # "I don't think I have a fever": runs past "I have"
    *_cues(
        "not think, not believe, not feel like, not reckon, doubt i have, doubt i've got",
        _NEG,
        "FORWARD",
        12,
        clause_bound=False,
    ),
    *_cues(
        """went away, has gone away, have gone away, is gone, are gone, gone away, has stopped,
        have stopped, stopped, has settled, resolved, cleared up, is normal, was normal,
        are normal, is fine, are fine, is ok, absent, has gone now, have gone now, gone now,
        is gone now, has cleared, settled down now""",
        _NEG,
        "BACKWARD",
        5,
    ),
    # "a cough that has not gone away" says the cough goes on: not a negation
    *_cues(
        """not gone away, not go away, not went away, not going away, not gone, never gone away,
        never went away, never goes away, not cleared up, not cleared, not settled, not resolved,
        not stopped, never stopped, never cleared, never settled, never resolved, won't go away,
        wont go away, won't go, will not go away, not got better, not getting better""",
        _PSEUDO,
        "PSEUDO",
        1,
    ),
    # "painkillers haven't helped": only what eases the pain, not "worse at night" before it
    Cue(
        [_NOT, {"NORM": {"IN": ["help", "helping", "helped", "ease", "relieve", "improve"]}}],
        _NEG,
        "BACKWARD",
        6,
        targets="relief",
    ),
    Cue(
        [
            _NOT,
            {"NORM": "make"},
            {"NORM": "it", "OP": "?"},
            {"NORM": {"IN": ["any", "much"]}, "OP": "?"},
            {"NORM": {"IN": ["worse", "better"]}},
        ],
        _NEG,
        "BACKWARD",
        6,
    ),
    Cue([{"NORM": "no"}, {"NORM": {"IN": ["help", "relief", "difference"]}}], _NEG, "BACKWARD", 6),
    # "rest and a heat pack haven't made much difference"
    Cue(
        [
            _NOT,
            {"NORM": {"IN": ["made", "make", "making", "done", "do", "doing"]}},
            {"NORM": {"IN": ["much", "any", "my", "a"]}},
            {"NORM": {"IN": ["difference", "good"]}},
        ],
        _NEG,
        "BACKWARD",
        6,
    ),
    # --- not negations ("not only", "no doubt", "can't stop shaking") ---
    *_cues(
        """not only, not just, no doubt, no matter, no idea, not long, no wonder, never mind,
        not sure why, no reason, for no reason, not until, not that i know, no one knows,
        can't remember, cannot remember, not to mention, no way to, not able to,
        not a lot of, no apparent reason, without pain, without it hurting, without hurting,
        not stop, no end, not help but, like someone, like somebody, as if someone,
        as though someone, like i've been, would say, i'd say, would rate, would describe,
        would call, would put it, can't get rid of, cannot get rid of, not get rid of,
        can't shake off, can't shift it, not shake it off, no matter how, no other symptoms,
        no other symptom, no other problems, no other issues, no other complaints,
        nothing else, no other concerns, without my back killing me, without my back hurting,
        without my back aching, without it killing me, without it aching, without being in pain,
        without the pain, without trying, without meaning to, without dieting, without a diet,
        without changing my diet, without changing his diet, without changing her diet,
        without any reason, without warning, without a reason, without thinking""",
        _PSEUDO,
        "PSEUDO",
        1,
    ),
    # --- doubt: "maybe a slight fever", "I think I have a fever" ---
    *_cues(
        """maybe, might, might have, may have, possibly, perhaps, probably, unsure, kind of,
        kinda, sort of, sorta, could be, likely, not certain, hard to say, a little bit of,
        a touch of, seems like""",
        _UNC,
        "BIDIRECTIONAL",
        5,
    ),
    *_cues(
        """i think, i guess, i suspect, i believe, i feel like, not sure, not sure if,
        not sure whether, whether, wondering if, wonder if, don't know if, not know if""",
        _UNC,
        "FORWARD",
        8,
        clause_bound=False,
    ),
    # --- hypotheticals: "if I get a fever", "should I worry about numbness" ---
    *_cues(
        """if, in case, what if, unless, would, in the event, watch for, watch out for,
        look out for, in the future, will i, what happens if, prevent, avoid""",
        _HYPO,
        "FORWARD",
        8,
        "not_triggers",
        clause_bound=False,
    ),
    # --- what the writer took it for: "I thought it was indigestion" ---
    *_cues(
        """thought it was, i thought, thought i had, thought i'd, assumed it was, put it down to,
        blamed it on, mistook it for, thought it might be""",
        _HYPO,
        "FORWARD",
        6,
        clause_bound=False,
    ),
    # --- what someone else took it for: "the clinic treated it as a pulled muscle", "the GP
    # said it was a trapped nerve" (a diagnosis is not a finding; a pain score said with it is)
    *_cues(
        """treated it as, treated as, treating it as, diagnosed it as, diagnosed as,
        misdiagnosed as, labelled it as, labelled as, labeled it as, labeled as, dismissed it as,
        passed it off as, put it down as, wrote it off as, thought to be, mistaken for,
        said it was a, said it was an, said it was just, said it's a, said it's just,
        told me it was a, told me it was just, told him it was a, told him it was just,
        told her it was a, told her it was just, told us it was a, told them it was a,
        was told it was a, were told it was a""",
        _HYPO,
        "FORWARD",
        8,
        "not_severity",
    ),
    # --- fears about a diagnosis: "could it be a tumour", "worried it's a stroke" ---
    *_cues(
        """could it be, could this be, could that be, is it a, is this a, is that a, is it my,
        might it be, worried, worry, scared, afraid, concerned, fear, frightened, do i have,
        could i have, have i got, am i having, does this mean, rule out, check for, test for,
        tested for, checked for, sign of, signs of, symptoms of, risk of, chance of,
        or is it, or could it be, could i be, might i be, am i, could it be that,
        is there a chance, chance i'm, any chance""",
        _HYPO,
        "FORWARD",
        8,
        "diagnoses",
        clause_bound=False,
    ),
    # --- history: "I had cancer years ago", "used to get migraines" ---
    *_cues(
        """history of, hx of, in the past, years ago, year ago, long time ago, long ago,
        as a child, as a kid, as a teenager, when i was young, when i was younger,
        when i was a kid, when i was a child, used to, previously, years back, back in,
        in my teens, past history""",
        _HIST,
        "BIDIRECTIONAL",
        6,
    ),
    Cue([{"NORM": "in"}, {"TEXT": {"REGEX": r"^(19|20)\d\d$"}}], _HIST, "BIDIRECTIONAL", 6),
    # a length of history is the current illness: "3/7 hx of", "a two week history of"
    Cue(
        [
            {"TEXT": {"REGEX": r"^(\d+/(7|52|12)|days?|weeks?|months?|hours?|hrs?|wks?)$"}},
            {"NORM": {"IN": ["hx", "history"]}},
            {"NORM": "of", "OP": "?"},
        ],
        _PSEUDO,
        "PSEUDO",
        1,
    ),
    Cue(
        [
            {"TEXT": {"REGEX": r"^\d+$"}},
            {"TEXT": "/"},
            {"TEXT": {"IN": ["7", "52", "12"]}},
            {"NORM": {"IN": ["hx", "history"]}},
            {"NORM": "of", "OP": "?"},
        ],
        _PSEUDO,
        "PSEUDO",
        1,
    ),
    # --- family: blood relatives (only family-history findings count) ---
    *_cues(
        """mother, mum, father, dad, brother, sister, sibling, parent, grandmother, grandma,
        grandfather, grandpa, grandad, granddad, nan, nana, aunt, auntie, uncle, cousin, son,
        daughter, family history, family history of, family member, relative, relatives""",
        _FAM,
        "FORWARD",
        10,
    ),
    *_cues(
        """runs in the family, run in the family, runs in my family, in the family,
        in my family, family history""",
        _FAM,
        "BACKWARD",
        8,
    ),
    # --- someone else: "my wife has the flu" (ignored) ---
    *_cues(
        """wife, husband, partner, boyfriend, girlfriend, friend, colleague, coworker, boss,
        neighbour, neighbor, roommate, flatmate, they have, someone, somebody, kids, children,
        child, baby, mate""",
        _OTHER,
        "FORWARD",
        12,
    ),
    # "he has", "she's": on the words as written, since "he" is matched as "I" elsewhere
    *(
        Cue([{"LOWER": who}, {"LOWER": verb}], _OTHER, "FORWARD", 12)
        for who in ("he", "she")
        for verb in ("has", "had", "'s", "is")
    ),
    # "my wife says my legs look bowed" is about the writer's legs
    *_cues(
        ", ".join(f"{who} {verb}" for who in _REPORTERS for verb in _REPORT_VERBS),
        _PSEUDO,
        "PSEUDO",
        1,
    ),
    # a relative as the object of what the writer did: "I helped my brother move house"
    *_cues(
        ", ".join(f"{verb} my {who}" for verb in _CARE_VERBS for who in _RELATIVES),
        _PSEUDO,
        "PSEUDO",
        1,
    ),
    # --- a new subject or a clinician's new statement ends clause-bound cues ("no fever I have
    # chest pain", "denies fever, reports chest pain"); "he" and "she" are matched as "I", so
    # "he was" covers "she was" ("he has", "she is" are cues about someone else, whose end of
    # a negation the parser reads: `_new_subject_between`) ---
    *_cues(
        """and i, i have, i've, i've got, i got, i get, i am, i'm, i feel, i do, i did, i had,
        there is, there's, it is, it's, what i do have, what i have, i can, i can't, i cannot,
        i wake, i woke, i keep, he's got, he was, he does, he did, he can, he can't, he cannot,
        he wakes, he woke, he keeps, and he, reports, reported,
        reporting, complains of, complaining of, complained of, describes, described,
        describing, presents with, presented with, presenting with, endorses, endorsed,
        admits to, now has, and has, but has""",
        CLAUSE,
        "PSEUDO",
        1,
    ),
    # --- clause breaks: end the reach of every cue ---
    *_cues(
        """but, however, although, though, except, apart from, aside from, other than, besides,
        just, only, yet, whereas, while, still, also, plus, which, so, because, since,
        instead, otherwise, anyway, as well, now, ;, even so, on the other hand, mostly,
        mainly, more like, rather, sometimes""",
        _TERM,
        "TERMINATE",
        # A scope of one token: medspacy's overlap test misses a terminator whose scope
        # contains the other cue's whole scope, so terminators keep theirs small.
        1,
    ),
)
