"""Regular-expression readers for numbers in a description: duration, pain score, age and sex.

Every function takes text already passed through `clean_text` (lower case, same length as
what was typed) and returns character offsets into it.
"""

from __future__ import annotations

import re
from typing import Literal

from backcheck.language.durations import duration_finding, find_durations
from backcheck.language.numbers import _NUMWORD, _TENS, _UNITS, _WEIGHT_UNIT, Hit, parse_number
from backcheck.language.spans import _BLOCK

__all__ = [
    "Hit",
    "duration_finding",
    "find_age",
    "find_durations",
    "find_normal_states",
    "find_severities",
    "find_sex",
    "find_signs",
    "severity_finding",
]


# --- severity -----------------------------------------------------------------------------

_SCORE = rf"(?:\d{{1,2}}(?:\.\d)?|{_UNITS}|ten)"
_SEVERITY_OUT_OF = re.compile(
    rf"(?<![/\d.])\b(?P<a>{_SCORE})(?:\s*(?:-|to|or|/)\s*(?P<b>{_SCORE}))?\s*(?:/|out\s+of|outta|over|of)\s*(?:10|ten)\b(?!\s*/\s*\d|\.\d)"
)
_SEVERITY_SAID = re.compile(
    r"\b(?:pain\s+(?:is|was|level|score|scale)|rate\s+it|rated\s+it|rating|pain\s+level"
    r"|level\s+of|score\s+of|i'd\s+say|i\s+would\s+say|it's\s+(?:a|an|at|about|around)"
    r"|it\s+is\s+(?:a|an|at|about|around))"
    r"(?:\s+(?:is|at|a|an|about|around|like|of|maybe|probably|solid|easy|good))*"
    rf"\s+(?P<a>\d{{1,2}}|{_UNITS}|ten)\b(?!\s*(?:%|years?|yrs?|days?|weeks?|hours?|mins?|minutes?"
    r"|months?|kg|lbs?|pounds|am\b|pm\b|:|\.\d|times|o'clock|in\s+the|out\s+of|/|-|or|to))"
)
_SEVERITY_MILD_WORD = re.compile(
    r"\b(?:mild|slight|minor|light|little)(?=\s+(?:\w+\s+)?(?:pain|ache|aching|discomfort|soreness"
    r"|twinge|niggle|back\s+pain|backache)\b)"
)
_SCALE_INTRO = re.compile(r"\bscale\s+(?:of|from)\s+(?:0|1|one|zero)\s*(?:-|to)\s*(?:10|ten)\b")


def severity_finding(score: float) -> str | None:
    """The severity option for a 0-10 pain score (0 is no pain: None).

    >>> [severity_finding(s) for s in (0, 2, 5, 7.5, 10, 11)]  # doctest: +NORMALIZE_WHITESPACE
    [None, 'severity_mild', 'severity_moderate', 'severity_severe', 'severity_worst_ever',
     'severity_worst_ever']
    """
    if score <= 0:
        return None
    if score < 4:
        return "severity_mild"
    if score < 7:
        return "severity_moderate"
    if score < 10:
        return "severity_severe"
    return "severity_worst_ever"


def _score(word: str) -> float | None:
    return 10.0 if word == "ten" else parse_number(word)


def find_severities(text: str) -> list[Hit]:
    """Pain scores ("8/10", "seven out of ten", "I'd say a 6") as severity options.

    >>> [(h.finding_id, h.value) for h in find_severities("it's 6-7/10, at night 9 out of ten")]
    [('severity_severe', 7.0), ('severity_severe', 9.0)]
    """
    text = _SCALE_INTRO.sub(lambda m: " " * len(m.group()), text)
    hits: list[Hit] = []
    for m in _SEVERITY_OUT_OF.finditer(text):
        scores = [_score(g) for g in (m["a"], m["b"]) if g]
        values = [s for s in scores if s is not None]
        if not values:
            continue
        value = max(values)
        finding = severity_finding(value)
        if finding:
            hits.append(Hit(finding, m.start(), m.end(), "severity", value))
    for m in _SEVERITY_MILD_WORD.finditer(text):
        hits.append(Hit("severity_mild", m.start(), m.end(), "severity", 2.0))
    for m in _SEVERITY_SAID.finditer(text):
        value_or_none = _score(m["a"])
        if value_or_none is None or value_or_none > 10:
            continue
        if any(h.start < m.end() and m.start() < h.end for h in hits):
            continue
        finding = severity_finding(value_or_none)
        if finding:
            hits.append(Hit(finding, m.start("a"), m.end("a"), "severity", value_or_none))
    return sorted(hits, key=lambda h: h.start)


# --- temperatures, amounts of weight, stools -----------------------------------------------

_TEMP_VALUE = r"(?P<v>(?:3[4-9]|4[0-3])(?:[.,]\d{1,2})?|(?:9[5-9]|10\d)(?:\.\d{1,2})?)"
_TEMP_UNIT = (
    r"\s*(?:(?P<deg>°|º|degrees?|deg)\s*)?(?P<u>celsius|centigrade|fahrenheit|c|f)?(?![\w/])"
)
_TEMP_LED = re.compile(
    r"(?:(?<!['\w])t|\b(?:temp|temps|temperature|temperatures|fever|fevers|febrile|pyrexial"
    r"|pyrexia|thermometer|reading|spiked|spiking))"
    r"(?:\s*(?:of|is|was|=|:|at|around|about|up\s+to|reached|reaching|hit|hitting|went\s+up\s+to"
    r"|has\s+been|been|keeps|said|says|shows|showed|read|reads|over|nearly|almost|as\s+high\s+as"
    r"|between|to|it's|it\s+was|of\s+about|of\s+around)\b)*\s*" + _TEMP_VALUE + _TEMP_UNIT
)
_TEMP_BARE = re.compile(r"(?<![\w/.:])" + _TEMP_VALUE + _TEMP_UNIT)
#: A fever is 38 C (100.4 F) or more; a lower reading is not a fever unless the person calls it
#: one. A reading from 37.5 C up to 38 C is low-grade: not a fever, but not evidence against one.
_FEVER_C = 38.0
_NORMAL_C = 37.5
_SAYS_FEVER = re.compile(r"\b(?:fever|fevers|febrile|pyrexia|pyrexial|feverish)\b")
#: Words just before a low-grade reading that belong to it ("a slight temperature of 37.7").
_LOW_GRADE_LEAD = re.compile(
    r"(?:\b(?:a|an|slight|slightly|mild|mildly|low|low-grade|grade|raised|small|bit\s+of)\s+)+$"
)


def _celsius(value: str, unit: str | None) -> float | None:
    number = float(value.replace(",", "."))
    if unit in ("f", "fahrenheit") or (unit is None and number >= 90):
        return None if number < 90 else (number - 32) * 5 / 9
    return number if number < 46 else None


_WEIGHT_AMOUNT = re.compile(
    r"\b(?:lost|losing|dropped|dropping|shed|down)\s+(?:about\s+|around\s+|nearly\s+|over\s+"
    r"|almost\s+|roughly\s+|at\s+least\s+|more\s+than\s+|maybe\s+)?"
    rf"(?:\d+(?:\.\d+)?|half\s+a|a\s+couple\s+of|a\s+few|{_NUMWORD}|a)\s*{_WEIGHT_UNIT}\b"
)
#: Tenderness over a named vertebra: "tender over T8", "point tenderness at L2".
_SPINE_TENDER = re.compile(
    r"\b(?:(?:point|bony|focal|midline|exquisite|exquisitely)\s+)?tender(?:ness)?\s+"
    r"(?:to\s+(?:percussion|palpation)\s+)?(?:over|at|of|on)\s+(?:the\s+)?"
    r"(?P<level>[ctl]\d{1,2}(?:\s*[-/]\s*[ctl]?\d{1,2})?|spinous\s+process(?:es)?|vertebra\w*)\b"
)
_STOOL = r"(?:stools?|poos?|poops?|motions?|bowel\s+movements?|faeces|feces)"
_BLACK_STOOLS = re.compile(
    r"\b(?:black|tarry|tar\s+like|jet\s+black)(?:\s*,?\s*(?:and\s+)?(?:black|tarry|sticky|smelly"
    r"|foul|loose|runny|tar\s+like|shiny|very|really|dark))*\s*,?\s*" + _STOOL + r"\b"
    r"|\b" + _STOOL + r"\s+(?:are|were|have\s+been|has\s+been|look|looks|looked|is|was|turned"
    r"|gone|went)\s+(?:\w+\s+)?(?:black|tarry|like\s+tar)\b"
)

#: Treatments people try for back pain, for "physio, pills and a TENS machine didn't help":
#: ordinary painkillers alone ("ibuprofen doesn't help") only say the painkillers do not help.
_SIMPLE_TREATMENT = (
    r"(?:pills?|tablets?|pain\s*killers?|medications?|medicines?|ibuprofen|paracetamol"
    r"|naproxen|diclofenac|codeine|anti\s?inflammator\w*|antacids?|exercises)"
)
_STRONG_TREATMENT = (
    r"(?:physio(?:therapy)?|tens(?:\s+machine)?|injections?|nerve\s+blocks?|blocks?"
    r"|acupuncture|chiropract\w*|massages?|osteopath\w*|muscle\s+relaxants?|relaxants?"
    r"|opioids?|morphine|tramadol|steroids?|treatments?)"
)
_TREATMENT = rf"(?:{_SIMPLE_TREATMENT}|{_STRONG_TREATMENT})"
_AND = r"\s*(?:,|and|or|&)?\s*(?:(?:a|the|some|my|his|her)\s+)?"
_TREATMENTS = rf"(?:{_TREATMENT}(?:{_AND}{_TREATMENT})+|{_STRONG_TREATMENT})"
#: Treatments that failed: read as severe pain that does not ease with home care.
_FAILED_TREATMENT = re.compile(
    rf"\b{_TREATMENTS}\s+(?:(?:have|has|had)\s+)?(?:didn't|did\s+not|haven't|hasn't|have\s+not"
    r"|has\s+not|don't|do\s+not|doesn't|does\s+not|never|won't|wouldn't)\s+(?:really\s+|even\s+)?"
    r"(?:help(?:ed)?|work(?:ed)?|touch(?:ed)?\s+it|eased?\s+it|make\s+(?:a|any|much)\s+difference)\b"
    rf"|\b{_TREATMENT}(?:{_AND}{_TREATMENT})*\s+(?:did|made|gave|brought)\s+(?:nothing"
    r"|no\s+difference|no\s+relief|little\s+difference)\b"
    rf"|\bnot\s+(?:helped|relieved|eased)\s+by\s+(?:\w+\s+){{0,2}}{_TREATMENT}\b"
    rf"|\bno\s+relief\s+(?:from|with)\s+(?:\w+\s+){{0,2}}{_TREATMENT}\b"
)

#: Vital signs as clinicians write them: oxygen saturation below 94% (breathlessness, as low
#: oxygen), a systolic blood pressure below 90 (collapse, as in fainting) or of 160 or more
#: (high blood pressure), and alcohol above the 14 units a week of the UK's low-risk guideline.
_SATURATION = re.compile(
    r"\b(?:sats?|saturations?|spo2|sao2|o2\s+sats?|oxygen\s+saturations?)\s*(?:of|is|was|were"
    r"|at|:|=)?\s*(?P<v>[5-9]\d)\s*%"
)
_PRESSURE = re.compile(
    r"\b(?:bp|blood\s+pressure)\s*(?:of|is|was|:|=)?\s*(?P<s>[4-9]\d|1\d\d|2[0-4]\d)\s*/\s*\d{2,3}\b"
)
_ALCOHOL_UNITS = re.compile(
    r"\b(?P<v>\d{1,3})\s+units\s+(?:of\s+alcohol\s+)?(?:a|per|each)\s+week\b"
)


def find_signs(text: str) -> list[Hit]:
    """Findings stated with numbers or in set forms: a temperature, weight lost, black stools.

    Treatments named as failing ("physio, pills and a TENS machine didn't help", "not helped by
    opioids or injections") are read as severe pain that does not ease with home care; an
    oxygen saturation under 94% as breathlessness, a systolic pressure under 90 as collapse
    (fainting) and of 160 or more as high blood pressure, and more than 14 units of alcohol a
    week as heavy drinking.

    A temperature under 37.5 °C (99.5 °F) says there is no fever; from 37.5 °C to 38 °C it says
    neither (low-grade: a blocking hit, so that "temperature" in it is not read as a fever), and
    38 °C (100.4 °F) or more is a fever.

    >>> text = "t 38.4, temp of 101f, lost 4 kg, black, tarry stools; temperature 36.8"
    >>> [(h.finding_id, text[h.start : h.end], h.absent) for h in find_signs(text)]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('fever', 't 38.4', False), ('fever', 'temp of 101f', False),
     ('weight_loss', 'lost 4 kg', False), ('black_stools', 'black, tarry stools', False),
     ('fever', 'temperature 36.8', True)]
    >>> [(h.finding_id, h.rule) for h in find_signs("temperature 37.6")]
    [('_block', 'block')]
    >>> find_signs("a low fever of 37.6")
    []
    """
    hits: list[Hit] = []
    taken: list[tuple[int, int]] = []
    for pattern in (_TEMP_LED, _TEMP_BARE):
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            marked = m["deg"] or m["u"] in ("c", "celsius", "centigrade")
            fahrenheit = m["u"] in ("f", "fahrenheit") and float(m["v"].replace(",", ".")) >= 95
            if pattern is _TEMP_BARE and not (marked or fahrenheit):
                continue
            celsius = _celsius(m["v"], m["u"])
            if celsius is None:
                continue
            if celsius < _FEVER_C and _SAYS_FEVER.search(m.group()):
                continue  # "a low-grade fever of 37.8": the word decides, not the number
            if _NORMAL_C <= celsius < _FEVER_C:
                lead = _LOW_GRADE_LEAD.search(text, 0, m.start())
                start = lead.start() if lead else m.start()
                if not _SAYS_FEVER.search(text, start, m.start()):
                    taken.append((m.start(), m.end()))
                    # blocking: hides "temperature" or "temp" inside it from the fever synonyms
                    hits.append(Hit(_BLOCK, start, m.end(), "block", celsius))
                continue
            taken.append((m.start(), m.end()))
            hits.append(
                Hit("fever", m.start(), m.end(), "temperature", celsius, celsius < _FEVER_C)
            )
    for m in _SPINE_TENDER.finditer(text):
        # the level itself ("T9") is read as a location
        hits.append(Hit("spine_tenderness", m.start(), m.start("level"), "amount"))
    for m in _WEIGHT_AMOUNT.finditer(text):
        hits.append(Hit("weight_loss", m.start(), m.end(), "amount"))
    for m in _BLACK_STOOLS.finditer(text):
        hits.append(Hit("black_stools", m.start(), m.end(), "amount"))
    for m in _FAILED_TREATMENT.finditer(text):
        hits.append(Hit("severe_not_easing", m.start(), m.end(), "amount"))
    for m in _SATURATION.finditer(text):
        if int(m["v"]) < 94:
            hits.append(Hit("shortness_of_breath", m.start(), m.end(), "amount", int(m["v"])))
    for m in _PRESSURE.finditer(text):
        systolic = int(m["s"])
        if systolic < 90 or systolic >= 160:
            fid = "fainting" if systolic < 90 else "high_blood_pressure"
            hits.append(Hit(fid, m.start(), m.end(), "amount", systolic))
    for m in _ALCOHOL_UNITS.finditer(text):
        if int(m["v"]) > 14:
            hits.append(Hit("heavy_alcohol", m.start(), m.end(), "amount", int(m["v"])))
    return sorted(hits, key=lambda h: h.start)


# --- statements that something is normal ------------------------------------------------------

_OK_WORD = (
    r"(?:fine|normal|normally|ok|okay|alright|all\s+right|steady|stable|strong|unchanged|unaffected"
    r"|intact|good|as\s+normal|as\s+usual|the\s+same|no\s+problem|no\s+problems|not\s+affected"
    r"|(?:hasn't|haven't|has\s+not|have\s+not|hasnt|havent)\s+(?:changed|dropped|gone\s+down))"
)
_OK_FILLER = (
    r"(?:(?:is|are|'s|feel|feels|felt|seem|seems|look|looks|has|have|had|been|still|stays?"
    r"|remains?|otherwise|both|all|working|works|absolutely|completely|totally|perfectly|pretty"
    r"|quite|fully|just|seems?\s+to\s+be|really|okay\s+and|steady\s+and|function|functions"
    r"|control)\s+){0,4}"
)
_BLADDER = r"(?:bladder|bowels?|waterworks|peeing|weeing|urinating|passing\s+(?:water|urine))"
#: (subject, findings it clears): "my legs are fine" means no leg weakness or numbness.
_NORMAL_SUBJECTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (r"legs?", ("leg_weakness", "leg_numbness")),
    (r"arms?|arms\s+and\s+hands|hands?", ("arm_weakness", "arm_numbness")),
    (r"grip|grip\s+strength|strength\s+in\s+(?:my|his|her)\s+(?:hands?|arms?)", ("arm_weakness",)),
    (rf"{_BLADDER}(?:\s+(?:and|or|&)\s+{_BLADDER})?", ("bladder_bowel_loss",)),
    (r"breathing|breath", ("shortness_of_breath",)),
    (r"weight", ("weight_loss",)),
    (r"appetite", ("loss_of_appetite",)),
    (
        r"(?:hand|finger|fingers|skin)\s+colou?r|colou?r\s+of\s+(?:my|the|his|her)\s+hand",
        ("cold_pale_hand",),
    ),
)
_NORMAL_PATTERNS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    *(
        (
            re.compile(
                rf"\b(?:{subject})(?:'s|'re)?\s+{_OK_FILLER}{_OK_WORD}\b(?!\s+(?:except|apart))"
            ),
            findings,
        )
        for subject, findings in _NORMAL_SUBJECTS
    ),
    (
        re.compile(
            r"\bno\s+(?:new\s+)?(?P<a>arm|leg|bladder|bowel|urinary|breathing|eye|neuro|neurological"
            r"|limb)s?\s*(?:(?:or|and|/|,)\s*(?P<b>arm|leg|bladder|bowel|urinary)s?\s*)?"
            r"(?:symptoms?|problems?|issues?|changes?|trouble|complaints?|disturbance|deficits?"
            r"|signs?)\b"
        ),
        (),
    ),
    (
        re.compile(
            r"\bneuro(?:logically|logical)?\s+(?:intact|normal|fine|ok)\b(?:\s+(?P<a>legs?|arms?"
            r"|lower\s+limbs?|upper\s+limbs?))?"
        ),
        (),
    ),
    (re.compile(r"\b(?:afebrile|apyrexial)\b"), ("fever",)),
    # an examiner's "power and sensation are normal (in both legs)"
    (
        re.compile(
            r"\b(?P<n>power|strength|tone|sensation|reflexes|neuro(?:logical)?\s+exam(?:ination)?"
            r"|neurology)(?:\s*(?:,|and|&)\s*(?:power|strength|tone|sensation|reflexes))*\s+"
            r"(?:is\s+|are\s+|was\s+|were\s+)?(?:all\s+)?(?:normal|intact|preserved|unremarkable)"
            r"(?:\s+(?:in|throughout)\s+(?:(?:both|all|the|his|her|my)\s+)?(?:four\s+)?"
            r"(?P<a>legs|arms|lower\s+limbs|upper\s+limbs|limbs))?"
        ),
        (),
    ),
    (
        re.compile(
            r"\b(?:can|could|able\s+to)\s+(?:still\s+)?(?:lift|raise|move)\s+(?:my|the|both|his|her)"
            r"\s+arms?\s+(?:up\s+)?(?:fine|ok|okay|normally|no\s+problem|without\s+(?:any\s+)?"
            r"(?:problems?|trouble|difficulty))"
        ),
        ("shoulder_weakness_overhead",),
    ),
    (
        re.compile(
            r"\b(?:skin|eyes|whites\s+of\s+(?:my|his|her|the)\s+eyes)(?:\s+(?:and|or)\s+(?:my\s+"
            r"|his\s+|her\s+)?(?:skin|eyes))?\s+(?:are|is|have|has)\s*(?:n't|\s+not)\s+"
            r"(?:gone\s+|turned\s+|been\s+|looking\s+|look\s+)?yellow"
        ),
        ("jaundice",),
    ),
    (
        re.compile(
            r"\b(?P<p>chest|neck|jaw|head|stomach|tummy|belly)\s+(?:does|did|is|has)\s*(?:n't|\s+not)"
            r"\s+(?:hurt|hurting|sore|painful|aching|ache|been\s+(?:hurting|sore|painful))\b"
        ),
        (),
    ),
)
_GROUPED: dict[str, tuple[str, ...]] = {
    "arm": ("arm_weakness", "arm_numbness"),
    "leg": ("leg_weakness", "leg_numbness"),
    "limb": ("arm_weakness", "arm_numbness", "leg_weakness", "leg_numbness"),
    "neuro": ("arm_weakness", "arm_numbness", "leg_weakness", "leg_numbness"),
    "neurological": ("arm_weakness", "arm_numbness", "leg_weakness", "leg_numbness"),
    "bladder": ("bladder_bowel_loss",),
    "bowel": ("bladder_bowel_loss",),
    "urinary": ("bladder_bowel_loss",),
    "breathing": ("shortness_of_breath",),
    "eye": ("eye_inflammation",),
    "legs": ("leg_weakness", "leg_numbness"),
    "leg s": ("leg_weakness", "leg_numbness"),
    "arms": ("arm_weakness", "arm_numbness"),
    "lower limb": ("leg_weakness", "leg_numbness"),
    "lower limbs": ("leg_weakness", "leg_numbness"),
    "upper limb": ("arm_weakness", "arm_numbness"),
    "upper limbs": ("arm_weakness", "arm_numbness"),
    "chest": ("chest_pain",),
    "neck": ("neck_pain",),
    "jaw": ("jaw_pain",),
    "head": ("headache",),
    "stomach": ("upper_abdominal_pain",),
    "tummy": ("upper_abdominal_pain",),
    "belly": ("upper_abdominal_pain",),
}


def find_normal_states(text: str) -> list[Hit]:
    """Findings said to be absent by saying that something is normal ("my legs are fine").

    >>> text = "my legs are fine, bladder and bowels normal. no arm symptoms. afebrile"
    >>> [(h.finding_id, text[h.start : h.end]) for h in find_normal_states(text)]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('leg_weakness', 'legs are fine'), ('leg_numbness', 'legs are fine'),
     ('bladder_bowel_loss', 'bladder and bowels normal'), ('arm_weakness', 'no arm symptoms'),
     ('arm_numbness', 'no arm symptoms'), ('fever', 'afebrile')]
    """
    hits: list[Hit] = []
    taken: list[tuple[int, int]] = []
    # the set phrases first: "I can lift my arm fine" is not "my arm is fine"
    for index in reversed(range(len(_NORMAL_PATTERNS))):
        pattern, findings = _NORMAL_PATTERNS[index]
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            if index >= len(_NORMAL_SUBJECTS):
                taken.append((m.start(), m.end()))
            found = list(findings)
            for key in ("a", "b", "p"):
                word = m.groupdict().get(key)
                if word:
                    found += _GROUPED.get(" ".join(word.split()), ())
            if not found and ("neuro" in m.group() or m.groupdict().get("n")):
                found = list(_GROUPED["neuro"])
            for finding in dict.fromkeys(found):
                hits.append(Hit(finding, m.start(), m.end(), "normal", absent=True))
    return sorted(hits, key=lambda h: h.start)


# --- age and sex --------------------------------------------------------------------------

_RELATION = (
    r"(?:wife|husband|partner|son|daughter|mother|mom|mum|father|dad|brother|sister|child"
    r"|kid|kids|baby|friend|boyfriend|girlfriend|grand\w*|aunt|uncle|cousin|neighbou?r"
    r"|colleague|boss|niece|nephew|in\s+law|dog|cat)"
)
_OTHER_BEFORE = re.compile(rf"\b(?:my|our|his|her|their|a|the)\s+(?:\w+\s+)?{_RELATION}\b")
_SELF_AFTER = re.compile(r"\b(?:i|i'm|i've|me|myself|im)\b")
_POSSESSIVE_BEFORE = re.compile(r"\b(?:my|our|his|her|their)\s*$")
_RELATION_AFTER = re.compile(rf"^\s*(?:-\s*)?{_RELATION}\b")
_YEARS = r"(?:years?|yrs?|yr)"
_FEMALE = r"(?:woman|female|girl|lady|f|mum|mom|mother|wife)"
_MALE = r"(?:man|male|guy|boy|gentleman|m|dad|father|husband|bloke)"
_AGE_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(rf"\b(?P<age>\d{{1,3}})\s*(?:-\s*)?{_YEARS}\s*(?:-\s*)?old\b"),
    re.compile(rf"\b(?P<age>{_NUMWORD})\s*(?:-\s*)?{_YEARS}\s*(?:-\s*)?old\b"),
    re.compile(r"\b(?P<age>\d{1,3})\s*(?:yo|y/o|y\.o\.?)(?=[\s,.;)!?]|$)"),
    re.compile(
        r"\b(?:i'm|i\s+am|im|iam|i'm\s+now|i\s+just\s+turned|i\s+turned|just\s+turned)\s+(?:a\s+|an\s+)?"
        rf"(?P<age>\d{{1,3}}|(?:{_TENS})(?:\s(?:one|two|three|four|five|six|seven|eight|nine))?)\b"
        r"(?!\s*(?:-\s*)?(?:weeks?|days?|months?|%|kg|lbs?|pounds|kilos|cm|times|/|out\s+of"
        r"|minutes?|hours?|st\b|stone|inches|ft|feet|foot|miles|km|\.\d))"
    ),
    re.compile(
        r"\b(?:aged?|age:)\s*(?P<age>\d{1,3})\b(?!\s*(?:-\s*)?(?:weeks?|days?|months?|s\b))"
    ),
    re.compile(rf"\b(?P<age>\d{{2}})\s*(?:,\s*|/\s*)?(?P<sex>{_FEMALE}|{_MALE})\b(?!\s*/\s*\d)"),
    re.compile(r"(?:^|[\s(,])(?P<sex>f|m|female|male)\s*(?:,\s*|/\s*)?(?P<age>\d{2})\b(?!\s*/)"),
    re.compile(r"\b(?:me|i|myself)\s*\((?P<age>\d{1,3})\s*[fm]?\)"),
    re.compile(
        r"\b(?:a|an)\s+(?:guy|man|woman|girl|lady|bloke|dude)\s*,\s*(?P<age>\d{2})\b"
        r"(?!\s*(?:years?\s+ago|days?|weeks?|months?|minutes?|hours?))"
    ),
)
_DECADES = re.compile(
    r"\b(?:i'm|i\s+am|im)\s+in\s+my\s+(?P<mod>early|mid|late)?\s*"
    r"(?P<dec>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties|[2-9]0'?s)\b"
)
_DECADE_VALUES = {
    "twenties": 20,
    "thirties": 30,
    "forties": 40,
    "fifties": 50,
    "sixties": 60,
    "seventies": 70,
    "eighties": 80,
    "nineties": 90,
}
_SEX_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(
        r"\b(?:i'm|i\s+am|im|iam|as)\s+(?:a|an|the)?\s*"
        rf"(?:(?:\d{{1,3}}|{_NUMWORD})\s*(?:-\s*)?(?:{_YEARS}\s*(?:-\s*)?old\s*)?)?"
        r"(?:(?:fit|healthy|active|young|old|older|single|working|busy|pregnant|new|first\s+time"
        r"|retired|tall|short|skinny|slim|overweight|big|small)\s+)*"
        rf"(?P<sex>{_FEMALE}|{_MALE})\b"
    ),
    re.compile(
        rf"\b\d{{1,3}}\s*(?:-\s*)?(?:{_YEARS}\s*(?:-\s*)?old|yo|y/o|y\.o\.?)\s*,?\s*"
        rf"(?P<sex>{_FEMALE}|{_MALE})\b"
    ),
    re.compile(rf"\b(?P<age>\d{{2}})\s*(?:,\s*|/\s*)?(?P<sex>{_FEMALE}|{_MALE})\b(?!\s*/\s*\d)"),
    re.compile(r"(?:^|[\s(,])(?P<sex>f|m|female|male)\s*(?:,\s*|/\s*)?\d{2}\b(?!\s*/)"),
    re.compile(
        r"\b(?:a|an)\s+(?P<sex>guy|man|woman|girl|lady|bloke|dude)\s*,\s*\d{2}\b"
        r"(?!\s*(?:years?\s+ago|days?|weeks?|months?|minutes?|hours?))"
    ),
    re.compile(r"\b(?:i'm|i\s+am|im)\b[^.!?\n]{0,25}?\b(?P<sex>female|male)\b"),
    re.compile(r"^\s*(?P<sex>female|male)\b"),
)


def _about_someone_else(text: str, start: int, end: int) -> bool:
    """Whether the number or word at text[start:end] describes someone other than the writer."""
    sentence_start = max(text.rfind(c, 0, start) for c in ".!?\n") + 1
    before = text[sentence_start:start]
    if _POSSESSIVE_BEFORE.search(before) or _RELATION_AFTER.match(text[end : end + 20]):
        return True
    others = list(_OTHER_BEFORE.finditer(before))
    return bool(others) and not _SELF_AFTER.search(before[others[-1].end() :])


def find_age(text: str) -> tuple[int, int, int] | None:
    """The writer's age in years with its span, or None; someone else's age is skipped.

    >>> find_age("a 56-year-old man with pain")[0]
    56
    >>> find_age("my wife (60) and i, 34f, both have back pain")[0]
    34
    >>> find_age("my 5 year old son jumped on me; i'm 41")[0]
    41
    >>> find_age("back pain 3 days") is None
    True
    """
    found: list[tuple[int, int, int]] = []
    for pattern in _AGE_PATTERNS:
        for m in pattern.finditer(text):
            value = parse_number(m["age"])
            if value is None or not 1 <= value <= 120:
                continue
            if "sex" in m.groupdict() and m["sex"] and not 12 <= value <= 110:
                continue
            # "i'm 38" names the writer, whoever was mentioned before it
            said_of_self = re.match(r"(?:i'm|i\s+am|im|iam)\b", m.group()) is not None
            if not said_of_self and _about_someone_else(text, m.start(), m.end()):
                continue
            found.append((int(value), m.start("age"), m.end("age")))
    for m in _DECADES.finditer(text):
        dec = m["dec"]
        base = _DECADE_VALUES.get(dec) or int(dec[0]) * 10
        offset = {"early": 2, "mid": 5, "late": 8}.get(m["mod"] or "", 5)
        if not _about_someone_else(text, m.start(), m.end()):
            found.append((base + offset, m.start("dec"), m.end("dec")))
    return min(found, key=lambda f: f[1]) if found else None


def find_sex(text: str) -> tuple[Literal["female", "male"], int, int] | None:
    """The writer's sex (female or male) with its span, or None.

    >>> find_sex("i'm 34, female")[0]
    'female'
    >>> find_sex("56 yo m, pain between shoulder blades")[0]
    'male'
    >>> find_sex("my husband thinks it's a muscle") is None
    True
    """
    found: list[tuple[Literal["female", "male"], int, int]] = []
    for pattern in _SEX_PATTERNS:
        for m in pattern.finditer(text):
            if _about_someone_else(text, m.start(), m.end()):
                continue
            word = m["sex"]
            sex: Literal["female", "male"] = "female" if re.fullmatch(_FEMALE, word) else "male"
            found.append((sex, m.start("sex"), m.end("sex")))
    return min(found, key=lambda f: f[1]) if found else None
