"""The text parser's results on chosen descriptions, its errors, limits and construction."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import pytest

from backcheck.knowledge import KnowledgeBase
from backcheck.language import Mention, ParseResult, TextError, TextParser


def test_negation_stops_at_but(parser: TextParser) -> None:
    assert parser.parse("no fever but chest pain") == ParseResult(
        mentions=(
            Mention("fever", "absent", 3, 8, "fever"),
            Mention("chest_pain", "present", 13, 23, "chest pain"),
        ),
        age=None,
        sex=None,
        pregnant=None,
        warnings=(),
        truncated=False,
    )


def test_negation_stops_at_just(parser: TextParser) -> None:
    text = "I don't have chest pain, just an ache between my shoulder blades"
    assert parser.parse(text).mentions == (
        Mention("chest_pain", "absent", 13, 23, "chest pain"),
        Mention("feel_aching", "present", 33, 37, "ache"),
        Mention("loc_between_shoulder_blades", "present", 38, 64, "between my shoulder blades"),
    )


def test_negation_covers_a_list(parser: TextParser) -> None:
    assert parser.parse("no fever, chills or sweats").evidence() == {
        "fever": "absent",
        "chills": "absent",
        "sweating": "absent",
    }


def test_negation_does_not_cross_into_a_new_clause(parser: TextParser) -> None:
    assert parser.parse("no injury, no fever, painkillers help").evidence() == {
        "began_after_injury": "absent",
        "fever": "absent",
        "better_painkillers": "present",
    }
    assert parser.parse("No fever I have chest pain").evidence() == {
        "fever": "absent",
        "chest_pain": "present",
    }


def test_pseudo_negations_are_not_negations(parser: TextParser) -> None:
    assert parser.parse("no improvement, not only my back").mentions == (
        Mention("no_improvement_week", "present", 0, 14, "no improvement"),
    )
    assert parser.parse("I have no appetite and I can't catch my breath").evidence() == {
        "loss_of_appetite": "present",
        "shortness_of_breath": "present",
    }
    assert parser.parse("i cant stop shaking").evidence() == {"chills": "present"}


def test_doubt_counts_as_present_and_is_flagged(parser: TextParser) -> None:
    assert parser.parse("maybe a slight fever").mentions == (
        Mention("fever", "present", 15, 20, "fever", uncertain=True),
    )


def test_hypotheticals_are_ignored(parser: TextParser) -> None:
    for text in (
        "if I get a fever",
        "what should I do if the pain spreads to my arm",
        "could it be a tumour?",
        "I'm scared it's a stroke",
    ):
        assert parser.parse(text).mentions == (), text


def test_a_trigger_in_an_if_clause_still_counts(parser: TextParser) -> None:
    assert parser.parse("it hurts if I take a deep breath").evidence() == {
        "worse_breathing_in": "present"
    }


def test_family_counts_only_for_family_history(parser: TextParser) -> None:
    assert parser.parse("my mum had a heart attack and breast cancer").mentions == (
        Mention("heart_disease_risk", "present", 13, 25, "heart attack", rule="family"),
    )
    assert parser.parse("my brother has ankylosing spondylitis").evidence() == {
        "spondyloarthritis_family": "present"
    }
    assert parser.parse("no family history of heart disease").evidence() == {
        "heart_disease_risk": "absent"
    }


def test_someone_elses_symptoms_are_ignored(parser: TextParser) -> None:
    assert parser.parse("my wife has a fever and a cough").mentions == ()
    assert parser.parse("my wife has the flu and I have a fever").evidence() == {"fever": "present"}


def test_history_counts_for_history_not_for_symptoms(parser: TextParser) -> None:
    text = "I had a kidney stone years ago and used to get migraines"
    assert parser.parse(text).mentions == (
        Mention("kidney_stone_history", "present", 2, 20, "had a kidney stone"),
    )


def test_one_answer_groups_keep_one_present_option(parser: TextParser) -> None:
    text = "pain for 3 days, actually since last month, 4/10 then 8/10"
    assert parser.parse(text).mentions == (
        Mention("duration_4_to_6_weeks", "present", 26, 42, "since last month", rule="duration"),
        Mention("severity_severe", "present", 54, 58, "8/10", rule="severity"),
    )
    # the other groups keep the option stated last
    assert parser.parse("it was constant at first, now it comes and goes").evidence() == {
        "pattern_intermittent": "present"
    }


def test_a_trigger_said_to_help_becomes_the_reliever(parser: TextParser) -> None:
    assert parser.parse("lying down helps").evidence() == {"better_rest": "present"}
    assert parser.parse("lying down doesn't help").evidence() == {"better_rest": "absent"}
    assert parser.parse("worse lying down, better sitting forward").evidence() == {
        "worse_lying_flat": "present",
        "better_leaning_forward": "present",
    }


def test_misspellings_and_lay_words(parser: TextParser) -> None:
    assert parser.parse("chest pian and a fevr").evidence() == {
        "chest_pain": "present",
        "fever": "present",
    }
    assert parser.parse("sharp pain under my rigth sholder blade").evidence() == {
        "feel_sharp": "present",
        "loc_right_shoulder_blade": "present",
    }
    assert parser.parse("pins and needles in my hand, feel nausious").evidence() == {
        "arm_numbness": "present",
        "nausea": "present",
    }


def test_a_sensation_goes_with_its_body_part(parser: TextParser) -> None:
    assert parser.parse("pins and needles in both feet").mentions == (
        Mention("leg_numbness", "present", 0, 16, "pins and needles", rule="combo"),
    )
    assert parser.parse("no tingling in my hands or feet").evidence() == {
        "arm_numbness": "absent",
        "leg_numbness": "absent",
    }


def test_spans_point_at_the_text(parser: TextParser, phrases: list[dict[str, object]]) -> None:
    for entry in phrases:
        text = str(entry["text"])
        for mention in parser.parse(text).mentions:
            assert text[mention.start : mention.end] == mention.text, (text, mention)
            assert mention.start < mention.end


def test_spans_survive_curly_quotes_and_capitals(parser: TextParser) -> None:
    text = "I DON\u2019T have a FEVER \u2013 just Sharp pain"
    result = parser.parse(text)
    assert result.mentions == (
        Mention("fever", "absent", 15, 20, "FEVER"),
        Mention("feel_sharp", "present", 28, 38, "Sharp pain"),
    )


@pytest.mark.parametrize(
    ("text", "age", "sex"),
    [
        ("a 56-year-old man with pain between the shoulder blades", 56, "male"),
        ("I'm 34, female, pain for 2 weeks", 34, "female"),
        ("34F, mid back pain", 34, "female"),
        ("72 yo male, sudden tearing pain", 72, "male"),
        ("Female, 45, sharp pain", 45, "female"),
        ("I am a forty-two year old woman", 42, "female"),
        ("I'm in my late sixties", 68, None),
        ("my wife (60) has back pain", None, None),
        ("my 5 year old son jumped on my back, I'm 41", 41, None),
        ("my husband thinks it's a muscle", None, None),
        ("im a guy, 19, lift weights", 19, "male"),
        ("I'm 30 weeks pregnant", None, "female"),
        ("back pain 3 days", None, None),
        ("pain is 8/10 for 10 days", None, None),
    ],
)
def test_age_and_sex(parser: TextParser, text: str, age: int | None, sex: str | None) -> None:
    result = parser.parse(text)
    assert (result.age, result.sex) == (age, sex)


def test_pregnancy(parser: TextParser) -> None:
    assert parser.parse("I'm 30 weeks pregnant").pregnant is True
    assert parser.parse("I'm not pregnant").pregnant is False
    assert parser.parse("could I be pregnant?").pregnant is None
    assert parser.parse("my wife is pregnant").pregnant is None
    assert parser.parse("back pain").pregnant is None


def test_evidence_present_wins_over_absent(parser: TextParser) -> None:
    result = parser.parse("No chest pain at rest. Chest pain when I climb stairs.")
    assert [(m.finding_id, m.state) for m in result.mentions] == [
        ("chest_pain", "absent"),
        ("chest_pain", "present"),
        ("worse_exertion", "present"),
    ]
    assert result.evidence() == {"chest_pain": "present", "worse_exertion": "present"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("   \n\t ", "empty"),
        ("pain\x00\x01\x02 between", "binary"),
        ("\x01\x02\x03\x04\x05\x06\x07\x08 back pain", "binary"),
        ("12345 !!! ???", "in words"),
        ("背中の上の方が痛いです。三日前から。", "English"),
        ("Боль между лопатками уже три дня", "English"),
        ("J'ai mal au dos depuis trois jours, entre les omoplates", "English"),
        ("Tengo dolor de espalda desde hace tres días", "English"),
        ("Ich habe seit drei Tagen Rückenschmerzen zwischen den Schulterblättern", "English"),
    ],
)
def test_unreadable_text_is_refused(parser: TextParser, text: str, message: str) -> None:
    with pytest.raises(TextError, match=message):
        parser.parse(text)


@pytest.mark.parametrize(
    "text",
    ["back pain 3 days", "sharp pain", "fever", "ouch my back", "chest pian!!", "8/10 pain"],
)
def test_short_english_is_accepted(parser: TextParser, text: str) -> None:
    parser.parse(text)


def test_text_error_is_a_value_error() -> None:
    assert issubclass(TextError, ValueError)


def test_long_text_is_cut_at_a_word_boundary(kb: KnowledgeBase, parser: TextParser) -> None:
    text = "sharp pain between my shoulder blades " * 200 + "and a fever"
    result = parser.parse(text)
    assert result.truncated is True
    assert len(result.warnings) == 1
    assert "first 4999 characters" in result.warnings[0]
    assert result.evidence() == {
        "feel_sharp": "present",
        "loc_between_shoulder_blades": "present",
    }
    assert max(m.end for m in result.mentions) <= 4999
    assert text[4999] == " "


def test_short_text_is_not_cut(parser: TextParser) -> None:
    result = parser.parse("sharp pain")
    assert (result.truncated, result.warnings) == (False, ())


def test_max_chars_must_be_positive(kb: KnowledgeBase) -> None:
    with pytest.raises(ValueError, match="max_chars"):
        TextParser(kb, max_chars=0)


def test_parse_prints_nothing(parser: TextParser, capfd: pytest.CaptureFixture[str]) -> None:
    parser.parse("No fever. Sharp pain between my shoulder blades, worse when I breathe in.")
    assert capfd.readouterr() == ("", "")


def test_importing_the_package_loads_no_pipeline() -> None:
    code = (
        "import sys, backcheck.language; print('spacy' in sys.modules, 'medspacy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_each_parser_builds_its_own_pipeline(kb: KnowledgeBase, parser: TextParser) -> None:
    fever = kb.findings["fever"]
    finding = fever.model_copy(update={"synonyms": [*fever.synonyms, "hot as a furnace"]})
    other_kb = dataclasses.replace(kb, findings={**kb.findings, "fever": finding})
    other = TextParser(other_kb)
    assert other._pipeline.nlp is not parser._pipeline.nlp
    text = "I am hot as a furnace and feverish"
    assert other.parse(text).evidence() == {"fever": "present"}
    assert [m.text for m in other.parse(text).mentions] == ["hot as a furnace", "feverish"]
    assert [m.text for m in parser.parse(text).mentions] == ["feverish"]


def test_a_relatives_story_is_read_as_the_patients(parser: TextParser) -> None:
    result = parser.parse("My dad is 63. He's had a stiff neck for years and his hands tingle.")
    assert result.evidence() == {
        "stiff_neck_back": "present",
        "duration_over_6_weeks": "present",
        "arm_numbness": "present",
    }
    assert (result.age, result.sex) == (63, "male")
    # a relative of the patient is still family: "his mother had scoliosis"
    story = "My son is 14, he has a hump in his upper back and his mother had scoliosis"
    assert parser.parse(story).evidence() == {
        "back_deformity": "present",
        "scoliosis_family": "present",
    }


def test_a_relative_as_the_object_is_not_the_subject(parser: TextParser) -> None:
    assert parser.parse("I helped my brother carry a sofa and hurt my back").evidence() == {
        "began_after_lifting": "present",
        "began_after_injury": "present",
    }


def test_phrases_that_turn_with_negation(parser: TextParser) -> None:
    assert parser.parse("I've been able to work").evidence() == {
        "daily_activities_limited": "absent"
    }
    assert parser.parse("I haven't been able to work").evidence() == {
        "daily_activities_limited": "present"
    }
    assert parser.parse("I can't keep anything down").evidence() == {"vomiting": "present"}
    assert parser.parse("keeping fluids down fine").evidence() == {"vomiting": "absent"}


def test_painkillers_count_only_when_they_help(parser: TextParser) -> None:
    assert parser.parse("I took ibuprofen last night").evidence() == {}
    assert parser.parse("ibuprofen takes the edge off").evidence() == {
        "better_painkillers": "present"
    }
    assert parser.parse("ibuprofen doesn't help").evidence() == {"better_painkillers": "absent"}
    assert parser.parse("tried paracetamol and a heat pad, no better").evidence() == {
        "no_improvement_week": "present"
    }


def test_a_mention_then_doesnt_hurt_is_negated(parser: TextParser) -> None:
    assert parser.parse("pressing on my spine doesn't hurt").evidence() == {
        "spine_tenderness": "absent"
    }


def test_everyday_words_are_not_corrected_into_symptoms(parser: TextParser) -> None:
    for text in ("a tripping hazard at work", "I'm thirty", "big launch at work"):
        assert parser.parse(text).evidence() == {}, text


@pytest.mark.parametrize(
    "text",
    [
        "my back aches and my eyesight has been getting worse",
        "worsening memory, and a sore mid back",
        "her balance got worse over the years; the mid back pain is dull",
        "his cough is getting worse and his back hurts",
    ],
)
def test_a_course_word_about_something_else_is_not_the_pains_course(
    parser: TextParser, text: str
) -> None:
    evidence = parser.parse(text).evidence()
    assert "course_worsening" not in evidence
    assert "onset_gradual" not in evidence


def test_a_course_word_about_the_pain_still_counts(parser: TextParser) -> None:
    assert (
        parser.parse("the ache in my back keeps getting worse").evidence()["course_worsening"]
        == "present"
    )
    assert parser.parse("back pain, worsening, and my legs feel weak").evidence() == {
        "course_worsening": "present",
        "leg_weakness": "present",
    }


def test_someone_elses_diagnosis_is_not_a_finding(parser: TextParser) -> None:
    assert parser.parse("the clinic treated it as a sports injury").evidence() == {}
    assert parser.parse("my GP told me it was a pulled muscle").evidence() == {}
    # a pain score said the same way is still the pain's
    assert parser.parse("she said it was a 9 out of 10").evidence() == {
        "severity_severe": "present"
    }


def test_a_duration_word_that_qualifies_a_condition_is_not_the_pains(
    parser: TextParser,
) -> None:
    evidence = parser.parse("long-standing high blood pressure, back pain since Sunday").evidence()
    assert evidence == {"high_blood_pressure": "present", "duration_1_to_7_days": "present"}
    assert (
        parser.parse("chronic pain in my upper back").evidence()["duration_over_6_weeks"]
        == "present"
    )


def test_an_accident_that_explains_a_treatment_or_several_accidents_are_not_the_trigger(
    parser: TextParser,
) -> None:
    for text in (
        "I had hip surgery after a motorbike crash, and my upper back aches",
        "she has been in three car accidents and her neck is sore",
    ):
        evidence = parser.parse(text).evidence()
        assert "began_after_injury" not in evidence, text
        assert "major_trauma" not in evidence, text
    assert parser.parse("came off my motorbike this morning, my back hurts").evidence()[
        "major_trauma"
    ] == ("present")


def test_the_duration_of_the_pain_wins_over_another_symptoms(parser: TextParser) -> None:
    text = "For two months I have been very thirsty. Since Saturday my mid back has ached."
    assert parser.parse(text).evidence()["duration_1_to_7_days"] == "present"
    assert "duration_over_6_weeks" not in parser.parse(text).evidence()
