"""Removing personal details from stories: what goes, and what must stay."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backcheck.service.scrub import KINDS, Removal, clean_text, describe_removals, scrub

EMAIL, PHONE, ADDRESS, NAME, LINK = (
    KINDS[kind][2] for kind in ("email", "phone", "address", "name", "link")
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Write to jane.doe@example.com please", f"Write to {EMAIL} please"),
        ("JANE_DOE+spine@mail.example.co.uk.", f"{EMAIL}."),
        ("me at jd99 (at) gmail (dot) com", f"me at {EMAIL}"),
        ("jd[at]example.org", EMAIL),
        ("reach me: jane at example dot com", f"reach me: {EMAIL}"),
    ],
)
def test_emails(text: str, expected: str) -> None:
    result = scrub(text)
    assert result.text == expected
    assert result.removed == (Removal("email", 1),)


@pytest.mark.parametrize(
    "number",
    [
        "+44 20 7946 0958",
        "+44 7700 900123",
        "020 7946 0958",
        "07700 900123",
        "07700900123",
        "(555) 123-4567",
        "555-123-4567",
        "555.123.4567",
        "+1 555 123 4567",
        "+1-555-123-4567",
        "5551234567",
        "+33 1 23 45 67 89",
        "+49 30 1234567",
        "+91 98765 43210",
        "+61 2 9876 5432",
        "+353 1 234 5678",
    ],
)
def test_phone_numbers(number: str) -> None:
    result = scrub(f"Call me on {number} after six.")
    assert result.text == f"Call me on {PHONE} after six."
    assert result.removed == (Removal("phone", 1),)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I live at 123 Main Street with my dog", f"I live at {ADDRESS} with my dog"),
        ("Come to 42 Baker St. on Monday", f"Come to {ADDRESS} on Monday"),
        ("at 1600 Pennsylvania Avenue NW, it hurt", f"at {ADDRESS}, it hurt"),
        ("home is 221B Baker Street, London NW1 6XE", f"home is {ADDRESS}"),
        ("I live at 12 high street and it is cold", f"I live at {ADDRESS} and it is cold"),
        ("my address is 7 elm grove", f"my address is {ADDRESS}"),
        ("123 Main Street, Springfield, IL 62704 is home", f"{ADDRESS} is home"),
        ("Write to PO Box 1234", f"Write to {ADDRESS}"),
        ("Postcode SW1A 1AA near the clinic", f"Postcode {ADDRESS} near the clinic"),
    ],
)
def test_street_addresses_and_postcodes(text: str, expected: str) -> None:
    result = scrub(text)
    assert result.text == expected
    assert result.removed == (Removal("address", 1),)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("My name is Jane Doe and I had pain", f"My name is {NAME} and I had pain"),
        ("my name is jane doe and i had pain", f"my name is {NAME} and i had pain"),
        ("Hi, my name's John. It started", f"Hi, my name's {NAME}. It started"),
        ("My name is Mary-Ann O'Neil.", f"My name is {NAME}."),
        ("My name is J. R. Smith", f"My name is {NAME}"),
        ("I'm called Sam and", f"I'm called {NAME} and"),
        ("Thanks. Regards, Peter Parker", f"Thanks. Regards, {NAME}"),
        ("Dr Smith said rest", f"Dr {NAME} said rest"),
        ("Dr. Priya Patel sent me for an MRI", f"Dr. {NAME} sent me for an MRI"),
    ],
)
def test_names(text: str, expected: str) -> None:
    result = scrub(text)
    assert result.text == expected
    assert result.removed == (Removal("name", 1),)


@pytest.mark.parametrize(
    "text",
    [
        "The pain was 10/10 at its worst, now 3/10.",
        "It lasted 2 weeks, then 3 months, then 1 year.",
        "The MRI showed a bulge at C7 and wear at T4-T5 and T12.",
        "I'm 45, 45 years old, and my mother is 72.",
        "It started on 12/03/2024 (or 2024-03-12), and again in March 2023.",
        "Bad from 1998-2004 and in 2019 2020 2021.",
        "I took 400 mg ibuprofen 3 times a day and 1,000 mg paracetamol.",
        "Blood pressure 140/90, temperature 37.5, heart rate 88.",
        "Every 4-6 hours, 2-3 times a day, at 6:30 am.",
        "I lost 10 kg and walk 10,000 steps; vitamin D 2000 IU.",
        "ICD-10 M54.6 is thoracic spine pain.",
        "It was a long road to recovery after 3 weeks on the road.",
        "After 3 hours drive home I took 2 long walks in the Park.",
        "My name is not important. Rated 8 9 10 out of 10.",
        "The doctor said rest; I saw my Dr. about it; Route 66; Ward 7, Room 12.",
        "In an emergency call 911, 999 or 112.",
        "The physio at St Mary's taught me 5 stretches.",
        "Spurling's test was positive on the left.",
    ],
)
def test_clinical_details_stay(text: str) -> None:
    assert scrub(text) == scrub(text).__class__(text, ())


def test_several_kinds_are_counted_and_described() -> None:
    text = (
        "My name is Ann Lee. Email ann@example.com or ann2@example.com, phone 07700 900123, "
        "see https://example.com/ann or @annlee. I live at 4 Oak Road. Pain 7/10 at T6."
    )
    result = scrub(text)
    assert result.text == (
        f"My name is {NAME}. Email {EMAIL} or {EMAIL}, phone {PHONE}, "
        f"see {LINK} or {LINK}. I live at {ADDRESS}. Pain 7/10 at T6."
    )
    assert result.removed == (
        Removal("email", 2), Removal("link", 2), Removal("phone", 1), Removal("address", 1),
        Removal("name", 1),
    )  # fmt: skip
    assert describe_removals(list(result.removed)) == (
        "2 email addresses, 2 web links or handles, 1 phone number, "
        "1 street address or postcode and 1 name"
    )


def test_markup_is_left_as_text_for_the_templates_to_escape() -> None:
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    assert scrub(payload).text == payload


def test_clean_text_removes_control_and_direction_characters() -> None:
    assert clean_text("a\x00b\u202ec\r\nd\u200b\te\x7f") == "abc\nd e"
    assert clean_text("\n\n  keep  \n\n\n\nparagraphs \n") == "keep\n\nparagraphs"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_scrubbing_never_fails_and_is_stable(text: str) -> None:
    once = scrub(clean_text(text))
    twice = scrub(once.text)
    assert twice.text == once.text
    assert twice.removed == ()
