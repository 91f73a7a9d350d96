"""Phrase tables that need code to interpret.

Readings that turn with a negation, blocked phrases, family-history phrases, sensations and
body parts, and what helps or worsens the pain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

__all__ = [
    "BETTER_PHRASES",
    "BETTER_WORDS",
    "BLOCK_PATTERNS",
    "BLOCK_PHRASES",
    "BODY_PARTS",
    "COMBOS",
    "COMMON_WORDS",
    "FAMILY_ONLY",
    "FLIPS",
    "NOT_PAIN_SUBJECTS",
    "READINGS",
    "SENSATIONS",
    "SENSATION_KEEPS_WORD",
    "SENSATION_WINDOW",
    "STATED_EFFECT_ONLY",
    "WORSE_PHRASES",
    "WORSE_WORDS",
    "Reading",
]


@dataclass(frozen=True)
class Reading:
    """Phrases whose meaning turns over when negated.

    "I've been able to work" says daily life is not limited, "I haven't been able to work"
    that it is.

    `plain` and `negated` list (finding, state) pairs for the phrase said plainly or negated.
    """

    phrases: tuple[str, ...]
    plain: tuple[tuple[str, str], ...]
    negated: tuple[tuple[str, str], ...]


def _reading(
    words: str, plain: tuple[tuple[str, str], ...], negated: tuple[tuple[str, str], ...]
) -> Reading:
    phrases = tuple(p.strip() for p in " ".join(words.split()).split(",") if p.strip())
    return Reading(phrases, plain, negated)


_NO_LIMB_NUMB = (("arm_numbness", "absent"), ("leg_numbness", "absent"))
_NO_LIMB_WEAK = (("arm_weakness", "absent"), ("leg_weakness", "absent"))
#: Labels (starting "~") of phrases read by what they say plainly or negated.
READINGS: dict[str, Reading] = {
    # "no numbness", "no tingling" anywhere: neither arms nor legs
    "~numbness": _reading(
        """numbness, tingling, numbness or tingling, tingling or numbness, any numbness,
        any tingling, altered sensation, loss of sensation, loss of feeling""",
        (),
        _NO_LIMB_NUMB,
    ),
    "~weakness": _reading("weakness, any weakness, loss of strength", (), _NO_LIMB_WEAK),
    "~numb_anywhere": _reading(
        """numbness anywhere, tingling anywhere, numbness or tingling anywhere,
        numb anywhere, numbness elsewhere""",
        (),
        (*_NO_LIMB_NUMB, ("trunk_numbness", "absent"), ("saddle_numbness", "absent")),
    ),
    "~numb_weak": _reading(
        "numbness or weakness, weakness or numbness, tingling or weakness, weakness or tingling",
        (),
        _NO_LIMB_NUMB + _NO_LIMB_WEAK,
    ),
    "~able_to_work": _reading(
        """able to work, able to go to work, able to go back to work, able to get to work,
        able to do my job, able to carry on working, able to carry on as normal,
        managed to work, managed to go to work, able to keep working, carry on as normal,
        carrying on as normal, can still work, still able to work, can still go to work,
        still going to work, still going into work, carrying on at work""",
        (("daily_activities_limited", "absent"),),
        (("daily_activities_limited", "present"),),
    ),
    "~relief": _reading(
        """made much difference, made any difference, make much difference, make any difference,
        made a difference, make a difference, making much difference, making any difference,
        touch it, touches it, touched it, touch the pain, touches the pain, help much,
        helped much, helps much, helping much, eased it much, shift it, shifted it""",
        (),
        (("severe_not_easing", "present"),),
    ),
    "~keep_down": _reading(
        """keep anything down, keep food down, keep drinks down, keep fluids down,
        keep water down, keep things down, keeping anything down, keeping food down,
        keeping drinks down, keeping fluids down, keeping water down, keeping things down,
        kept anything down, kept food down, hold anything down, hold food down""",
        (("vomiting", "absent"),),
        (("vomiting", "present"),),
    ),
    "~drink": _reading(
        "drink, drink alcohol, drinking alcohol, touch alcohol, touch a drop",
        (),
        (("heavy_alcohol", "absent"),),
    ),
    "~trauma": _reading(
        "trauma, any trauma, history of trauma, injury or trauma, trauma or injury",
        (),
        (("began_after_injury", "absent"),),
    ),
    "~teetotal": _reading(
        "teetotal, tee total, teetotaller, non drinker, nondrinker",
        (("heavy_alcohol", "absent"),),
        (),
    ),
    "~non_smoker": _reading("non smoker, nonsmoker, never a smoker", (("smoker", "absent"),), ()),
    "~pass_water": _reading(
        """able to pass water, able to pass urine, able to pee, able to empty my bladder,
        able to go to the toilet""",
        (("bladder_bowel_loss", "absent"),),
        (("bladder_bowel_loss", "present"),),
    ),
}

#: Phrases that look like a finding but are not one ("blood pressure" is not "pressure").
BLOCK_PHRASES: tuple[str, ...] = (
    "blood pressure",
    # a low-grade temperature is not a fever (38 C or more), unless the person says fever
    "low grade temperature",
    "low-grade temperature",
    "slight temperature",
    "slightly raised temperature",
    "mildly raised temperature",
    "temperature slightly raised",
    "borderline temperature",
    # a stroke in the past is history, not one-sided weakness now (signs of one still count)
    "had a stroke",
    "has had a stroke",
    "have had a stroke",
    "previous stroke",
    "past stroke",
    "old stroke",
    "since my stroke",
    "after my stroke",
    # reflux of urine into the kidneys is not heartburn
    "reflux nephropathy",
    "vesicoureteric reflux",
    "vesico-ureteric reflux",
    "kidney reflux",
    "slipped disc",
    "slipped disk",
    "flu jab",
    "flu shot",
    "flu vaccine",
    "heart rate",
    "into my shoulder blade",
    "last pregnancy",
    "previous pregnancy",
    "previous pregnancies",
    "after my pregnancy",
    "since my pregnancy",
    "pregnancy test",
    "to my shoulder blade",
    "in the fall",
    "last fall",
    "this fall",
    "pressure at work",
    "peer pressure",
    "under no pressure",
    "room temperature",
    "normal temperature",
    "shooting star",
    "tear up",
    "tearing up",
    "fell in love",
    "heavy heart",
    "wear and tear",
    "sitting here",
    "sitting at home",
    "on the bypass",
    "along the bypass",
    "off the bypass",
    "onto the bypass",
    "down the bypass",
    "bypass road",
    "black coffee",
    "black tea",
    "pressing on",
)

#: Phrases that count only when said of a blood relative, for the family-history findings.
FAMILY_ONLY: dict[str, tuple[str, ...]] = {
    "heart_disease_risk": (
        "heart attack",
        "heart attacks",
        "heart problems",
        "heart trouble",
        "heart disease",
        "heart condition",
        "angina",
        "bypass",
        "stent",
    ),
    "scoliosis_family": ("scoliosis", "curved spine", "curvature of the spine", "crooked spine"),
    "spondyloarthritis_family": (
        "ankylosing spondylitis",
        "spondylitis",
        "spondyloarthritis",
        "bechterew",
    ),
}

#: Token patterns for phrases that must not count (spaCy Matcher patterns on NORM).
BLOCK_PATTERNS: tuple[list[dict[str, Any]], ...] = (
    [{"NORM": {"IN": ["fall", "fell", "falling"]}}, {"NORM": "asleep"}],
    # a date such as 8/10/2023 is not a pain score
    [
        {"TEXT": {"REGEX": r"^\d{1,2}$"}},
        {"TEXT": "/"},
        {"TEXT": {"REGEX": r"^\d{1,2}$"}},
        {"TEXT": "/"},
        {"TEXT": {"REGEX": r"^\d{2,4}$"}},
    ],
)

#: A sensation word near a body part: "numb fingers", "my legs feel weak".
SENSATIONS: dict[str, str] = {
    "numb": "numb",
    "numbness": "numb",
    "tingling": "numb",
    "tingly": "numb",
    "tingle": "numb",
    "needle": "numb",
    "dead": "numb",
    "prickling": "numb",
    "asleep": "numb",
    "weak": "weak",
    "weakness": "weak",
    "weaker": "weak",
    "stiff": "stiff",
    "stiffer": "stiff",
    "stiffness": "stiff",
    "stiffened": "stiff",
    "stiffening": "stiff",
    "rigid": "stiff",
}

#: How many words apart a sensation and its body part may be (default: 6).
SENSATION_WINDOW: dict[str, int] = {"stiff": 5}
#: Sensations whose word keeps its own meaning when paired: "my back is stiff" is a stiff
#: back *and* tight muscles, while "numb fingers" is only arm numbness.
SENSATION_KEEPS_WORD = frozenset({"stiff"})

BODY_PARTS: dict[str, str] = {
    "arm": "arm",
    "hand": "arm",
    "finger": "arm",
    "thumb": "arm",
    "wrist": "arm",
    "forearm": "arm",
    "elbow": "arm",
    "leg": "leg",
    "legs": "leg",
    "foot": "leg",
    "feet": "leg",
    "toe": "leg",
    "toes": "leg",
    "calf": "leg",
    "calve": "leg",
    "knee": "leg",
    "shin": "leg",
    "ankle": "leg",
    "chest": "trunk",
    "stomach": "trunk",
    "belly": "trunk",
    "tummy": "trunk",
    "abdomen": "trunk",
    "torso": "trunk",
    "trunk": "trunk",
    "groin": "saddle",
    "buttock": "saddle",
    "bottom": "saddle",
    "bum": "saddle",
    "butt": "saddle",
    "genital": "saddle",
    "privates": "saddle",
    "back": "spine",
    "neck": "spine",
    "spine": "spine",
}

#: (sensation, body part) -> finding
COMBOS: dict[tuple[str, str], str] = {
    ("numb", "arm"): "arm_numbness",
    ("numb", "leg"): "leg_numbness",
    ("numb", "trunk"): "trunk_numbness",
    ("numb", "saddle"): "saddle_numbness",
    ("weak", "arm"): "arm_weakness",
    ("weak", "leg"): "leg_weakness",
    ("stiff", "spine"): "stiff_neck_back",
}

#: Words that say a trigger makes the pain better or worse ("lying down helps").
BETTER_WORDS = frozenset(
    {
        "better",
        "help",
        "helps",
        "helped",
        "helping",
        "ease",
        "eases",
        "eased",
        "easier",
        "relieve",
        "relieves",
        "relieved",
        "relief",
        "improves",
        "improve",
        "soothe",
        "soothes",
        "settles",
        "less",
        "works",
        "worked",
        "loosens",
    }
)
#: Longer ways of saying that something eases the pain ("takes the edge off").
BETTER_PHRASES = re.compile(
    r"\b(?:stops|goes\s+away|goes\s+off|wears\s+off|goes|eases\s+off|dies\s+down|calms\s+down"
    r"|subsides|disappears|settles\s+down)\b(?=\s+(?:within|when|after|if|once|as\s+soon|in\s+a"
    r"|in\s+about|with|by\s+itself))"
    r"|\b(?:takes?|took|taking)\s+the\s+edge\s+off\b|\b(?:keeps?|keeping|kept)\s+it\s+"
    r"(?:manageable|under\s+control|at\s+bay|bearable)\b|\b(?:does|did)\s+the\s+trick\b"
    r"|\bwork(?:s|ed)?\s+(?:really\s+|very\s+|so\s+)?well\b"
)
#: Longer ways of saying that something brings the pain on ("it comes on when I walk").
WORSE_PHRASES = re.compile(
    r"\b(?:comes?\s+on|came\s+on|brings?\s+(?:it|the\s+pain)\s+on|sets?\s+(?:it|the\s+pain)"
    r"\s+off|kicks?\s+in|flares?\s+up|gets?\s+breathless|get\s+out\s+of\s+breath)\b"
)
#: Findings that a bare word stands for only when the text says it helps: "ibuprofen" alone
#: is not "ibuprofen helps".
STATED_EFFECT_ONLY = frozenset({"better_painkillers"})
WORSE_WORDS = frozenset(
    {
        "worse",
        "hurt",
        "hurts",
        "hurting",
        "painful",
        "pain",
        "aggravates",
        "sharper",
        "kills",
        "agony",
        "flares",
        "triggers",
        "intensifies",
        "unbearable",
        "ache",
        "aches",
        "sore",
        "excruciating",
        "stabs",
        "catches",
        "severe",
        "worst",
        "agonising",
        "agonizing",
        "breathless",
    }
)

#: A trigger said to work the other way: the finding it becomes (None: drop it).
FLIPS: dict[str, str | None] = {
    "worse_lying_flat": "better_rest",
    "worse_movement": "worse_rest",
    "worse_after_meals": "better_eating_antacid",
    "better_eating_antacid": "worse_after_meals",
    "better_rest": "worse_rest",
    "worse_sitting": "better_rest",
}


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: What a course word ("getting worse", "worsening") can be about other than the pain:
#: "my breathing has been getting worse", "worsening hearing". A function, a sense or another
#: symptom, never a body part (pain in a leg that gets worse may be the back pain spreading).
NOT_PAIN_SUBJECTS: frozenset[str] = _word_set(
    """
breathing breath breathlessness hearing balance walking gait vision eyesight sight memory
concentration cough coughing wheeze wheezing weakness numbness tingling grip strength rash
swelling fever temperature appetite sleep sleeping mood anxiety depression headache headaches
nausea vomiting stool stools bowels bowel urine weight speech handwriting coordination eyes
skin tiredness fatigue energy asthma diabetes sugars eczema psoriasis dizziness sweats
indigestion heartburn reflux constipation diarrhoea diarrhea thirst
"""
)


#: Everyday English words never "corrected" into a symptom word, on top of spaCy's stop
#: words and the knowledge base's own vocabulary ("tried" is not a typo of "tired").
COMMON_WORDS: frozenset[str] = _word_set(
    """
hi hello hey thanks thank thx please pls plz ok okay yeah yes yep idk lol omg ugh ouch ow
wat ur u rn tbh cuz bc gonna wanna gotta kinda sorta dunno doc docs gp er
about above absolutely accident across actually after again against ages alright already
although always angry annoying another answer anything anyway anywhere apart appointment
around asked asleep attack awful awake badly baking basically bathroom because become
bedroom before began begin behind being believe below beside better between beyond bigger
birthday blame bleed blender blending blood board bottle bought brain break breakfast bright
bring broke brother brought build built bunch burst business button called calling camping
cannot carried carry catch caught cause central certain chair chance change changed cheap
check child chill choose chose church class clean clear clearly clever climbing close
clothes coffee college coming common company complete computer constantly cooking corner
could couldn count couple course crazy cream crossed crying cycling daily dance dancing
daughter days dealing decided deeply definitely dentist desk didn dinner doctor doctors
doesn doing dollar double doubt drawing dream dress drink drive driver during early easily
eating either elbow email empty ended energy enjoy enough entire especially evening event
every everyone everything exactly example excited expect explain extra family father feeling
feels fellow fighting figure final finally finding finger finished first fitting fixed
flight floor flying follow food forget forward found friday friend friends front fruit funny
games garden gardening general getting giving glass going gotten great green group grown
guess happen happened happens happy hardly having heading health healthy heard heater
heavier hello helped helping hobby holding holiday honest honestly hoping horrible hospital
hotel hours house however hundred husband ideas important inside instead itself jacket
kettle kicked killing kitchen knees knowing known later laugh laughing learn least leaving
lesson letter light lights likely listen listing little lives living longer looked looking
lovely lower lucky lunch major making manage married matter maybe meeting message middle
might minute minutes missed moment monday money month months morning mother mostly mouth
moved movie music myself nearly needed needs never night nights normal nothing notice
noticed number office often older online opened order other others outside paper parents
party patient paying people perfect period person phone picked picture place plans plate
played player playing please point police poster pottery power pretty printer private
probably problem promise proper properly pulled purse pushed putting quick quickly quiet
quite rather reading ready really reason recently reckon remember reply resting return right
river round running saturday school screen season second seeing seemed seems sense served
setting seven several shall share shared sharing shift shirt shopping short should shouldn
shower sister sitting sleeping slightly small smaller smell smile snack somebody someone
something sometime sometimes somewhere sorry sound sounds spend spent sport sports spring
stairs stand standing start started starting state station staying steady stick still
stomach stopped store story straight strange street strike strong student stuff stupid
sudden summer sunday super supper supposed surely table taken taking talk talked talking
taste teacher teaching telling terrible thanks thing things think thinking third those
though thought three through throw thursday tickets tired today together toilet tomorrow
tonight total touch towards traffic trained trainer trapped travel tried tries trip trouble
truck truly trust truth trying tuesday twice under until upset using usual usually value
visit waiting walked walking wanted washing watch watched watching water wearing weather
wedding wednesday weekend weekly weird whatever wheel where whether which while whole whose
window winter without woman women wonder wonderful words worked working world worried worry
would wouldn write writing wrong years yesterday young younger yours
arches backed backing binder binding bother butter breadth cached caches cleaned closing
confuse cooked crashing curried derive driven emission enable ending erased fight filling
finder finer fired freeing holder inflection inset inspect inter lacking launch lawful learned
logging loser marking masking media medical messing monkey noting packed pickled peeking
pinning spanning pitches placing spacing plugging pointed pointer pointing pooled ports prints
ramps ravel scaling sized socks sorter sorting sorts stacks ticks stars stepping stores string
stripped strokes tables thirty thorough tools tripping trips tuned tuning typing waiter waits
waste weigh wheels witch yearly dripping ripped clipping slipping shipping skipping stripping
"""
)
