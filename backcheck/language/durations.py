"""Reading how long the pain has lasted: "for 3 days", "since last month", "2/52"."""

from __future__ import annotations

import re

from backcheck.language.numbers import _HALF, _NUM, _NUMWORD, _WEIGHT_UNIT, Hit, parse_number

__all__ = ["duration_finding", "find_durations"]


_UNIT_DAYS = {
    "minute": 1 / 1440,
    "min": 1 / 1440,
    "hour": 1 / 24,
    "hr": 1 / 24,
    "day": 1.0,
    "night": 1.0,
    "week": 7.0,
    "wk": 7.0,
    "fortnight": 14.0,
    "month": 30.0,
    "mo": 30.0,
    "mth": 30.0,
    "year": 365.0,
    "yr": 365.0,
}
_UNIT = (
    r"(?:minutes?|mins?|hours?|hrs?|days?|nights?|weeks?|wks?|fortnights?|months?|mths?"
    r"|years?|yrs?)"
)
_UNIT_NO_NIGHT = (
    r"(?:minutes?|mins?|hours?|hrs?|days?|weeks?|wks?|fortnights?|months?|mths?|years?|yrs?)"
)
_NOT_AFTER = (
    r"(?!\s*(?:-\s*)?(?:pregnant|old\b|a\s+(?:day|week|month)|per\b|after|later|before|in\s+a\s+row"
    r"|of\s+(?:rest|physio|therapy|antibiotics|taking)|ago|from\s+now|time\b|postpartum))"
)
_LEAD = (
    r"\b(?P<lead>for|past|last|over|been|since|during|lasted|lasting|going\s+on|nearly|almost"
    r"|about|around|roughly|at\s+least)"
)
_EPISODE = re.compile(
    r"\b(?:stiff|stiffness|lasts?|lasting|episodes?|attacks?|each\s+time|every\s+time"
    r"|comes?\s+and\s+goes|at\s+a\s+time|spells?|bouts?|waves?|then\s+goes"
    r"|takes?|took|taking)\b"
)
_FILLER = (
    r"(?:\s+(?:the|a|about|around|nearly|almost|over|roughly|approximately|approx|maybe|like"
    r"|at\s+least|more\s+than|past|last|good|solid|whole))*"
)
_DURATION_LED = re.compile(
    rf"{_LEAD}{_FILLER}\s+(?P<num>{_NUM}{_HALF})\s*(?:-\s*)?(?:more\s+)?(?P<unit>{_UNIT})\b{_NOT_AFTER}"
)
_DURATION_BARE_PLURAL = re.compile(r"\b(?:for)\s+(?P<unit>days|weeks|months|years|ages)\b")
_DURATION_NOW = re.compile(
    rf"\b(?P<num>{_NUM}{_HALF})\s*(?:-\s*)?(?P<unit>{_UNIT_NO_NIGHT})\s+(?:now|already|so far)\b"
)
_DURATION_AGO = re.compile(rf"\b(?P<num>{_NUM}{_HALF})\s*(?:-\s*)?(?P<unit>{_UNIT})\s+ago\b")
_DURATION_BARE = re.compile(
    rf"(?<![\w.])(?P<num>\d+(?:\.\d+)?|{_NUMWORD})\s*(?:-\s*)?(?P<unit>{_UNIT_NO_NIGHT})\b{_NOT_AFTER}"
)
_WEEKDAYS = (
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur"
    r"|thurs|fri|sat|sun)"
)
_AGO_CONTEXT = re.compile(
    r"\b(start|began|begun|begin|came on|come on|hurt|hurting|pain|ache|aching|since|injur"
    r"|fell|fall|strain|pull|lift|tweak|woke|wake|twist|crash|accident|happened|noticed|slipped"
    r"|tripped|did it|started|sneez|cough|bent|bend|reach|rear ended|collision|knock|bump|bang"
    r"|landed|came off|carr|moving|moved|dug|digging|tackl|hit)"
)
#: What may follow "three days ago" when that is when the pain began ("... I lifted a box").
_AGO_AFTER = re.compile(
    r"\s*[.,;]?\s*(?:and\s+)?since\s+then\b"
    r"|\s*,?\s*(?:and\s+)?(?:(?:it|i|he|she|we|they|(?:my|his|her)\s+\w+(?:\s+back)?)\s+)?"
    r"(?:\w+ly\s+|just\s+)?(?:has|hurt|still|got|had|felt|noticed|developed|started|began|woke"
    r"|came|suddenly|lifted|twisted|sneezed|coughed|bent|slipped|fell|tripped|pulled|strained"
    r"|carried|moved|reached|picked|injured|crashed|landed|tweaked|was\s+(?:lifting|carrying"
    r"|moving|reaching|playing|digging|bending|working|gardening)|did)\b"
)
#: Clinical shorthand: 3/7 is three days, 2/52 two weeks, 6/12 six months.
_DURATION_CLINICAL = re.compile(
    r"(?<![\d/.])(?P<num>\d{1,2})\s*/\s*(?P<per>7|52|12)(?![\d/])"
    r"(?=\s*(?:of|hx|history|ago|duration|,|\.|;|$|\s+(?:of|hx|history|ago|back|pain|low|mid"
    r"|upper|lower|neck|thoracic|lumbar|left|right|worsening|progressive|intermittent|constant"
    r"|severe|gradual|sudden)))"
)
_CLINICAL_UNIT_DAYS = {"7": 1.0, "52": 7.0, "12": 30.0}
#: "for the last hour", "over the past year": one unit without a number.
_DURATION_THE_LAST = re.compile(
    r"\b(?:for|over|in|during|throughout)\s+the\s+(?:last|past|previous)\s+"
    r"(?P<unit>hour|day|week|fortnight|month|year)\b(?!\s+or\s+so\s+ago)"
)
#: "a week of ...", "one month of pain": a stated length without a digit.
_DURATION_A_UNIT_OF = re.compile(
    r"\b(?P<num>a|an|one)\s+(?P<unit>day|week|fortnight|month|year|hour)\s+of\b"
    r"(?!\s+(?:rest|physio|therapy|antibiotics|taking|the|this|that|my|work))"
)
_DURATION_THIS_WEEK = re.compile(
    r"(?:^|[.!?;\n]\s*|\b(?:since|from|earlier|all)\s+)(?P<t>this\s+week)\b"
    r"|\b(?P<u>this\s+week)\s*,?\s*(?=(?:i|i've|i'm|i\s+have|he|she|he's|she's|it|it's|the\s+pain"
    r"|my|his|her)\b)"
)
#: "the pain is only two days old"
_DURATION_OLD = re.compile(
    rf"\b(?:is|was|are|only|just|about|nearly|barely)\s+(?:about\s+|only\s+|just\s+)?"
    rf"(?P<num>{_NUM}{_HALF})\s*(?:-\s*)?(?P<unit>days?|weeks?|months?|hours?)\s+old\b"
)
#: "woke up at 5am with it", "started at 3 o'clock": earlier the same day.
_DURATION_CLOCK = re.compile(
    r"\b(?:woke|woken|waking|started|began|came\s+on|since|from)(?:\s+up)?(?:\s+\w+)?\s+(?:at\s+)?"
    r"(?:about\s+|around\s+)?\d{1,2}(?:[:.]\d\d)?\s*(?:am|pm|a\.m\.|p\.m\.|o'clock)"
)
#: A time of today said with an event ("suddenly short of breath this morning").
_DURATION_TODAY = re.compile(
    r"\b(?P<t>this\s+morning|this\s+afternoon|this\s+evening|earlier\s+today|tonight)\b"
)
_TODAY_EVENT = re.compile(
    r"\b(?:got|had|felt|started|began|came|woke|noticed|developed|suddenly|sudden|appeared"
    r"|pain|ache|hurt|hurts|fell|slipped|lifted|collapsed|fainted|short\s+of\s+breath)\b"
)
#: An event named with a weekday ("On Sunday I woke up with it").
_DURATION_WEEKDAY_EVENT = re.compile(
    rf"\b(?:on|last|this\s+past)\s+(?P<t>{_WEEKDAYS})\b(?:\s+(?:morning|afternoon|evening|night))?"
    r"[^.;!?\n]{0,40}?\b(?:woke|fell|lifted|hurt|felt|slipped|tripped|twisted|sneezed|pulled"
    r"|strained|tweaked|started|began|came\s+on|happened|noticed|got)\b"
)
#: "Yesterday he had a coughing fit": the day before, with what happened.
_DURATION_YESTERDAY_EVENT = re.compile(
    r"\b(?P<t>yesterday)\b(?:\s+(?:morning|afternoon|evening))?\s*,?\s*"
    r"(?:(?:i|he|she|we|they|my\s+\w+|his\s+\w+|her\s+\w+)\s+)?(?:\w+ly\s+|just\s+)?"
    r"(?:had|got|felt|woke|fell|lifted|slipped|tripped|twisted|sneezed|coughed|bent|pulled"
    r"|strained|tweaked|started|began|came|noticed|was\s+(?:lifting|carrying|moving|playing))\b"
)
_BEFORE_BARE_BLOCK = re.compile(
    r"\b(every|each|per|within|after|in|next|than|first|twice|once|times|over|about|at|by"
    r"|lost|gained|last|past|pregnant\s*\(?|gestation)\s*$"
)
_VERB_GAP = r"(?:\s+\w+){0,2}?"
#: An amount of weight just before a time ("lost 6 kg over 2 months"): not the pain's duration.
_WEIGHT_BEFORE = re.compile(rf"(?:\b\d+(?:\.\d+)?\s*{_WEIGHT_UNIT}|\ba\s+stone|\bweight)\s*$")
_EVENT_VERBS = (
    r"fell|fall|lifted|injured|hurt\s+(?:it|my\s+back)|pulled|tweaked|twisted|slipped|tripped"
    r"|woke\s+up|sneezed|crashed|rear\s+ended|hit|knocked|started|began|happened|came\s+on"
)
_SINCE_FIXED: tuple[tuple[re.Pattern[str], float], ...] = (
    (
        re.compile(
            r"\b(?:since|from|started|start|began|begun|came on|come on|happened)"
            rf"{_VERB_GAP}\s+(?P<t>(?:(?:early|earlier|late|around|about)\s+)?(?:this\s+morning"
            r"|last\s+night|this\s+afternoon|this\s+evening|earlier\s+today|today|tonight"
            r"|an\s+hour\s+ago|lunch(?:time)?|breakfast|i\s+woke\s+up))\b"
        ),
        0.5,
    ),
    (
        re.compile(
            r"\b(?:since|from|started|start|began|begun|came on|come on|happened|hurt it"
            r"|did it|noticed it|pulled it|tweaked it|strained it|twisted it|injured it"
            r"|hurt my back|pulled my back|did my back in|put my back out|lifted|fell|slipped"
            r"|tripped)(?:[^.;!?\n]{0,40}?\b(?:on|at|over))?\s+"
            r"(?P<t>(?:(?:on|last|this\s+past|early|late)\s+)?"
            rf"(?:yesterday|{_WEEKDAYS}|the\s+weekend|weekend|the\s+other\s+day"
            r"|a\s+few\s+days\s+ago))\b"
        ),
        3.0,
    ),
    (
        re.compile(
            r"\b(?:since|from|started|began)\s+(?P<t>(?:the\s+)?(?:last|previous)\s+week)\b"
        ),
        10.0,
    ),
    (
        re.compile(
            r"\b(?:since|from|started|began)\s+(?P<t>(?:the\s+)?(?:last|previous)\s+month)\b"
        ),
        35.0,
    ),
    (
        re.compile(
            r"\b(?:since|from|started|began)\s+(?P<t>(?:the\s+)?(?:last|previous)\s+year)\b"
        ),
        365.0,
    ),
    # "since he was 20", "since my teens": years
    (
        re.compile(
            r"\b(?:since|from)\s+(?P<t>(?:(?:i|he|she)\s+was\s+(?:a\s+)?(?:\d{1,2}|teenager|teen"
            r"|child|kid|young|little|at\s+school|in\s+(?:my|his|her)\s+(?:teens|twenties))"
            r"|(?:my|his|her)\s+(?:teens|teenage\s+years|twenties|thirties|childhood|school\s+days)"
            r"|childhood))\b"
        ),
        3650.0,
    ),
    (
        re.compile(
            rf"\b(?:{_EVENT_VERBS})\b[^.;!?\n]{{0,40}}?\b(?P<t>this\s+morning|last\s+night|today"
            r"|this\s+afternoon|earlier\s+today|an\s+hour\s+ago)\b"
        ),
        0.5,
    ),
    (
        re.compile(
            r"\b(?:fell|fall|lifted|lifting|injured|hurt|pulled|tweaked|tweeked|twisted|slipped"
            r"|tripped|woke\s+up|sneezed|coughed|started|began|happened|crashed|moved|picking"
            r"|picked|carrying|carried|bent|bending|reached|reaching|playing|played|digging)\b"
            r"[^.;!?\n]{0,40}?"
            r"\b(?P<t>yesterday)\b"
        ),
        1.0,
    ),
)


def duration_finding(days: float) -> str:
    """The duration option for a length of time in days.

    >>> [duration_finding(d) for d in (0.2, 1, 7, 10, 30, 42, 60)]  # doctest: +NORMALIZE_WHITESPACE
    ['duration_under_1_day', 'duration_1_to_7_days', 'duration_1_to_7_days',
     'duration_1_to_4_weeks', 'duration_4_to_6_weeks', 'duration_4_to_6_weeks',
     'duration_over_6_weeks']
    """
    if days < 1:
        return "duration_under_1_day"
    if days <= 7:
        return "duration_1_to_7_days"
    if days < 28:
        return "duration_1_to_4_weeks"
    if days <= 45:
        return "duration_4_to_6_weeks"
    return "duration_over_6_weeks"


def _unit_days(unit: str) -> float:
    unit = unit.removesuffix("s")
    return _UNIT_DAYS.get(unit, 1.0)


def _days(num: str, unit: str) -> float | None:
    half = num.endswith("and a half")
    value = parse_number(num.removesuffix("and a half").strip())
    if value is None:
        return None
    if half:
        value += 0.5
    per = _unit_days(unit)
    days = value * per
    # "for a week" is the KB's 1-4 weeks; "for 7 days" is one to seven days.
    if per == 7.0 and value >= 1 and days <= 7:
        days = 7.5
    return days


def find_durations(text: str) -> list[Hit]:
    """How long the pain has lasted, as duration options with their spans.

    >>> text = "back pain 3 days, worse for the past two weeks"
    >>> [(h.finding_id, text[h.start : h.end]) for h in find_durations(text)]
    [('duration_1_to_4_weeks', 'for the past two weeks'), ('duration_1_to_7_days', '3 days')]
    >>> [h.finding_id for h in find_durations("i'm 30 weeks pregnant, it started 5 days ago")]
    ['duration_1_to_7_days']
    """
    hits: list[Hit] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, days: float | None) -> None:
        if days is None or any(s < end and start < e for s, e in taken):
            return
        if _WEIGHT_BEFORE.search(text, max(0, start - 30), start):
            return  # "lost 6 kg over 2 months" is how fast the weight went
        taken.append((start, end))
        hits.append(Hit(duration_finding(days), start, end, "duration", days))

    def episode(m: re.Match[str]) -> bool:
        """A sub-day time that is how long a bout lasts, not how long the pain has gone on."""
        days = _days(m["num"], m["unit"]) if m["num"] else None
        if days is None or days >= 1:
            return False
        if re.search(r"\b(?:past|last)\b", m.group()):
            return False
        if re.match(r"\s+of\b", text[m.end() : m.end() + 4]):
            return False  # "30 minutes of crushing pain"
        if days < 1 / 24 or m.groupdict().get("lead", "for") not in ("for", "since", "been"):
            return True
        around = text[max(0, m.start() - 40) : m.start()] + " " + text[m.end() : m.end() + 25]
        return _EPISODE.search(around) is not None

    for m in _DURATION_LED.finditer(text):
        if not episode(m):
            add(m.start(), m.end(), _days(m["num"], m["unit"]))
    for m in _DURATION_BARE_PLURAL.finditer(text):
        if _EPISODE.search(text, max(0, m.start() - 25), m.start()):
            continue
        unit = m["unit"]
        add(m.start(), m.end(), {"days": 3.0, "weeks": 21.0, "months": 90.0}.get(unit, 365.0))
    for m in _DURATION_AGO.finditer(text):
        sentence_start = max(text.rfind(c, 0, m.start()) for c in ".!?\n;") + 1
        before = text[max(sentence_start, m.start() - 60) : m.start()]
        after = text[m.end() : m.end() + 25]
        if _AGO_CONTEXT.search(before) or _AGO_AFTER.match(after):
            add(m.start(), m.end(), _days(m["num"], m["unit"]))
    for m in _DURATION_NOW.finditer(text):
        add(m.start(), m.end(), _days(m["num"], m["unit"]))
    for pattern, days in _SINCE_FIXED:
        for m in pattern.finditer(text):
            # "since yesterday" is one span; "since a tournament at the weekend" keeps its
            # middle free for what happened.
            direct = re.fullmatch(r"since\s+(?:on\s+)?", text[m.start() : m.start("t")])
            start = m.start() if direct else m.start("t")
            add(start, m.end("t"), days)
    for m in _DURATION_BARE.finditer(text):
        if _BEFORE_BARE_BLOCK.search(text[max(0, m.start() - 15) : m.start()]) or episode(m):
            continue
        add(m.start(), m.end(), _days(m["num"], m["unit"]))
    for m in _DURATION_OLD.finditer(text):
        add(m.start("num"), m.end(), _days(m["num"], m["unit"]))
    for m in _DURATION_CLINICAL.finditer(text):
        num = int(m["num"])
        if m["per"] == "12" and num > 11:
            continue
        add(m.start(), m.end(), num * _CLINICAL_UNIT_DAYS[m["per"]] + 0.5)
    for m in _DURATION_THE_LAST.finditer(text):
        add(m.start(), m.end(), _days("a", m["unit"]))
    for m in _DURATION_A_UNIT_OF.finditer(text):
        add(m.start(), m.end(), _days(m["num"], m["unit"]))
    for m in _DURATION_THIS_WEEK.finditer(text):
        group = "t" if m["t"] else "u"
        add(m.start(group), m.end(group), 4.0)
    for m in _DURATION_CLOCK.finditer(text):
        add(m.start(), m.end(), 0.5)
    for m in _DURATION_WEEKDAY_EVENT.finditer(text):
        add(m.start(), m.end("t"), 3.0)
    for m in _DURATION_YESTERDAY_EVENT.finditer(text):
        add(m.start("t"), m.end("t"), 1.0)
    for m in _DURATION_TODAY.finditer(text):
        sentence_start = max(text.rfind(c, 0, m.start()) for c in ".!?\n;") + 1
        ends = [i for i in (text.find(c, m.end()) for c in ".!?\n;") if i >= 0]
        sentence = text[sentence_start : min(ends) if ends else len(text)]
        if _TODAY_EVENT.search(sentence):
            add(m.start("t"), m.end("t"), 0.5)
    return hits
