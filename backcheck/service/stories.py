"""Real-life stories: submission (scrubbed, rate-limited), editorial review, publication.

A story is stored `pending` with personal details already removed; nobody but an editor sees it
until an editor approves it (as written, or edited). An editor may instead reject it with a
reason that is kept internally. Every decision is written to the audit log in the same
transaction, and only a pending story can be decided, so replayed or concurrent decisions
change nothing. The submitted text is never overwritten: an edit goes to `published_text`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Generic, TypeVar

from backcheck.errors import ConflictError, InvalidInputError, NotFoundError
from backcheck.service.editors import Editor
from backcheck.service.runtime import Services
from backcheck.service.scrub import KINDS, Removal, clean_text, describe_removals, scrub
from backcheck.storage import (
    NewStory,
    StoryRow,
    add_audit,
    add_story,
    count_stories,
    find_pending_duplicate,
    get_editor,
    get_story,
    list_audit,
    list_stories,
    moderate_story,
    utcnow,
)

__all__ = [
    "MAX_HELPED",
    "MAX_REASON",
    "MAX_STORY",
    "MIN_STORY",
    "PER_PAGE",
    "STORY_DURATIONS",
    "AuditEntry",
    "AuditPage",
    "Page",
    "PublishedStory",
    "ReviewPage",
    "ReviewStory",
    "StoryDraft",
    "StoryOptions",
    "StoryPage",
    "StoryService",
    "Submitted",
    "submission_message",
]

T = TypeVar("T")

MAX_STORY = 3000
MIN_STORY = 30
MAX_HELPED = 500
MAX_REASON = 500
PER_PAGE = 10
MAX_PAGE = 10_000
#: An identical pending story within this time is the same submission sent again.
DUPLICATE_WINDOW = timedelta(hours=24)
#: How long the pain lasted (a story's optional field).
STORY_DURATIONS = {
    "lt_1_week": "Less than a week",
    "1_4_weeks": "1 to 4 weeks",
    "1_3_months": "1 to 3 months",
    "3_12_months": "3 to 12 months",
    "over_1_year": "More than a year",
    "ongoing": "It is still going on",
}


@dataclass(frozen=True)
class StoryDraft:
    """What a person submits (no name or contact fields, by design)."""

    text: str
    condition_id: str | None = None
    age_band: str | None = None
    duration: str | None = None
    helped: str | None = None


@dataclass(frozen=True)
class Submitted:
    """A stored submission: what was kept and what was removed."""

    id: int
    status: str
    text: str
    helped: str | None
    removed: tuple[Removal, ...]
    duplicate: bool

    @property
    def message(self) -> str:
        """What the person is told after submitting (see `submission_message`)."""
        return submission_message(self)


def submission_message(result: Submitted) -> str:
    """What a person is told after submitting.

    >>> done = Submitted(1, "pending", "t", None, (Removal("phone", 1),), False)
    >>> submission_message(done)  # doctest: +ELLIPSIS
    'Thank you: your story was saved. Before saving it we removed 1 phone number. An editor...'
    """
    first = (
        "We already had this story, so it was not saved twice. "
        if result.duplicate
        else "Thank you: your story was saved. "
    )
    kept = (
        f"Before saving it we removed {describe_removals(result.removed)}."
        if result.removed
        else "We found nothing that looked like personal details."
    )
    return f"{first}{kept} An editor will read it before it is published."


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a longer list, with how many pages there are."""

    items: tuple[T, ...]
    page: int
    total: int
    per_page: int

    @property
    def pages(self) -> int:
        """How many pages the whole list takes (at least one)."""
        return max(1, math.ceil(self.total / self.per_page))


@dataclass(frozen=True)
class PublishedStory:
    """An approved story as the public sees it."""

    id: int
    text: str
    helped: str | None
    condition_id: str | None
    condition_name: str | None
    age_band: str | None
    age_label: str | None
    duration: str | None
    duration_label: str | None
    published_on: date


@dataclass(frozen=True)
class StoryPage(Page[PublishedStory]):
    """One page of published stories, newest first (for one condition, or all)."""

    condition_id: str | None = None


@dataclass(frozen=True)
class ReviewStory:
    """A story as an editor sees it: both texts, what was removed, the decision."""

    id: int
    status: str
    submitted_at: datetime
    submitted_text: str
    submitted_helped: str | None
    published_text: str | None
    published_helped: str | None
    condition_id: str | None
    condition_name: str | None
    age_band: str | None
    age_label: str | None
    duration: str | None
    duration_label: str | None
    removed: tuple[Removal, ...]
    reviewed_at: datetime | None
    reviewed_by: str | None
    rejection_reason: str | None

    @property
    def edited(self) -> bool:
        """Whether the editor changed the text before publishing it."""
        return self.status == "approved" and (
            self.published_text != self.submitted_text
            or self.published_helped != self.submitted_helped
        )


#: One page of the moderation queue, oldest first.
ReviewPage = Page[ReviewStory]


@dataclass(frozen=True)
class AuditEntry:
    """Who did what, to which story, when (and why, for a rejection)."""

    at: datetime
    editor: str
    action: str
    story_id: int | None
    reason: str | None


#: One page of the audit log, newest first.
AuditPage = Page[AuditEntry]


@dataclass(frozen=True)
class StoryOptions:
    """The choices of the story form."""

    conditions: tuple[tuple[str, str], ...]
    age_bands: tuple[tuple[str, str], ...]
    durations: tuple[tuple[str, str], ...]


def _check_page(page: int) -> None:
    if not 1 <= page <= MAX_PAGE:
        raise InvalidInputError(
            f"page must be a whole number from 1 to {MAX_PAGE}.", "invalid_page"
        )


class StoryService:
    """Story use cases over the database and the knowledge base."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.kb = services.kb

    # ----- labels and choices -----

    def options(self) -> StoryOptions:
        """Conditions (by name), age bands and durations for the form."""
        conditions = sorted(
            ((c.id, c.name) for c in self.kb.conditions.values()), key=lambda p: p[1].lower()
        )
        bands = tuple((b, self.kb.findings[b].name) for b in self.kb.groups["age_band"].options)
        return StoryOptions(tuple(conditions), bands, tuple(STORY_DURATIONS.items()))

    def _condition_name(self, condition_id: str | None) -> str | None:
        cond = self.kb.conditions.get(condition_id or "")
        return cond.name if cond is not None else None

    def _age_label(self, band: str | None) -> str | None:
        finding = self.kb.findings.get(band or "")
        return finding.name if finding is not None else None

    def _published(self, row: StoryRow) -> PublishedStory:
        return PublishedStory(
            id=row.id,
            text=row.published_text or "",
            helped=row.published_helped,
            condition_id=row.condition_id,
            condition_name=self._condition_name(row.condition_id),
            age_band=row.age_band,
            age_label=self._age_label(row.age_band),
            duration=row.duration,
            duration_label=STORY_DURATIONS.get(row.duration or ""),
            published_on=(row.reviewed_at or row.created_at).date(),
        )

    def _review(self, row: StoryRow, reviewer: str | None) -> ReviewStory:
        removed = tuple(
            Removal(str(kind), int(count))
            for kind, count in row.removed
            if kind in KINDS and isinstance(count, int)
        )
        return ReviewStory(
            id=row.id,
            status=row.status,
            submitted_at=row.created_at,
            submitted_text=row.submitted_text,
            submitted_helped=row.submitted_helped,
            published_text=row.published_text,
            published_helped=row.published_helped,
            condition_id=row.condition_id,
            condition_name=self._condition_name(row.condition_id),
            age_band=row.age_band,
            age_label=self._age_label(row.age_band),
            duration=row.duration,
            duration_label=STORY_DURATIONS.get(row.duration or ""),
            removed=removed,
            reviewed_at=row.reviewed_at,
            reviewed_by=reviewer,
            rejection_reason=row.rejection_reason,
        )

    # ----- checking input -----

    def _condition(self, condition_id: str | None) -> str | None:
        if not condition_id:
            return None
        if condition_id not in self.kb.conditions:
            raise InvalidInputError("Please choose a condition from the list.", "invalid_condition")
        return condition_id

    def _story_text(self, text: str, field: str = "story") -> str:
        cleaned = clean_text(text)
        if len(cleaned) < MIN_STORY:
            raise InvalidInputError(
                f"Please write at least {MIN_STORY} characters, so that your {field} can help "
                "someone else.",
                "story_too_short",
            )
        if len(cleaned) > MAX_STORY:
            raise InvalidInputError(
                f"Please shorten your {field} to {MAX_STORY} characters or fewer "
                f"(it has {len(cleaned)}).",
                "story_too_long",
            )
        return cleaned

    def _helped(self, helped: str | None) -> str | None:
        cleaned = clean_text(helped or "")
        if len(cleaned) > MAX_HELPED:
            raise InvalidInputError(
                f"Please shorten “what helped” to {MAX_HELPED} characters or fewer.",
                "helped_too_long",
            )
        return cleaned or None

    def check(self, draft: StoryDraft) -> StoryDraft:
        """The draft with its text cleaned, or InvalidInputError naming what to fix."""
        text = self._story_text(draft.text)
        helped = self._helped(draft.helped)
        condition = self._condition(draft.condition_id)
        band = draft.age_band or None
        if band is not None and band not in self.kb.groups["age_band"].options:
            raise InvalidInputError("Please choose an age group from the list.", "invalid_age_band")
        duration = draft.duration or None
        if duration is not None and duration not in STORY_DURATIONS:
            raise InvalidInputError(
                "Please choose how long it lasted from the list.", "invalid_duration"
            )
        return StoryDraft(text, condition, band, duration, helped)

    # ----- submitting -----

    def submit(self, draft: StoryDraft, client: str) -> Submitted:
        """Check, scrub and store a story as pending (the same story sent again is not doubled).

        `client` (the address) is used only for rate limiting, hashed in memory; never stored.
        """
        draft = self.check(draft)
        text = scrub(draft.text)
        helped = scrub(draft.helped) if draft.helped else None
        counts: dict[str, int] = {}
        for part in (text, helped):
            for removal in part.removed if part else ():
                counts[removal.kind] = counts.get(removal.kind, 0) + removal.count
        removed = tuple(Removal(kind, counts[kind]) for kind in KINDS if kind in counts)
        kept_helped = helped.text if helped else None
        with self.services.db.session() as session:
            since = utcnow() - DUPLICATE_WINDOW
            same = find_pending_duplicate(session, text.text, draft.condition_id, since)
            if same is not None and same.submitted_helped == kept_helped:
                return Submitted(same.id, same.status, text.text, kept_helped, removed, True)
            self.services.check_rate(
                client,
                "story",
                self.services.config.story_rate,
                "You have shared several stories recently; please wait an hour before "
                "sharing another. Nothing was saved this time.",
            )
            row = add_story(
                session,
                NewStory(
                    text=text.text,
                    helped=kept_helped,
                    condition_id=draft.condition_id,
                    age_band=draft.age_band,
                    duration=draft.duration,
                    removed=[(r.kind, r.count) for r in removed],
                ),
            )
            return Submitted(row.id, row.status, text.text, kept_helped, removed, False)

    # ----- reading published stories -----

    def published(
        self, condition_id: str | None = None, page: int = 1, per_page: int = PER_PAGE
    ) -> StoryPage:
        """Approved stories, newest first, optionally about one condition."""
        _check_page(page)
        condition = self._condition(condition_id)
        with self.services.db.session() as session:
            total = count_stories(session, "approved", condition)
            rows = list_stories(
                session,
                status="approved",
                condition_id=condition,
                offset=(page - 1) * per_page,
                limit=per_page,
            )
            items = tuple(self._published(r) for r in rows)
        return StoryPage(items, page, total, per_page, condition)

    def get_published(self, story_id: int) -> PublishedStory:
        """One approved story (404 for any other: pending and rejected ones are not public)."""
        with self.services.db.session() as session:
            row = get_story(session, story_id) if 0 < story_id < 2**31 else None
            if row is None or row.status != "approved":
                raise NotFoundError("There is no published story with this id.", "story_not_found")
            return self._published(row)

    # ----- for editors -----

    def pending(self, page: int = 1, per_page: int = 20) -> ReviewPage:
        """The moderation queue, oldest first."""
        _check_page(page)
        with self.services.db.session() as session:
            total = count_stories(session, "pending")
            rows = list_stories(
                session,
                status="pending",
                offset=(page - 1) * per_page,
                limit=per_page,
                newest_first=False,
            )
            items = tuple(self._review(r, None) for r in rows)
        return ReviewPage(items, page, total, per_page)

    def review(self, story_id: int) -> ReviewStory:
        """Any story, with everything an editor may see."""
        with self.services.db.session() as session:
            row = get_story(session, story_id) if 0 < story_id < 2**31 else None
            if row is None:
                raise NotFoundError("There is no story with this id.", "story_not_found")
            reviewer = get_editor(session, row.reviewed_by) if row.reviewed_by else None
            return self._review(row, reviewer.username if reviewer else None)

    def _decide(
        self,
        editor: Editor,
        story_id: int,
        action: str,
        *,
        text: str | None = None,
        helped: str | None = None,
        reason: str | None = None,
    ) -> ReviewStory:
        with self.services.db.session() as session:
            row = get_story(session, story_id) if 0 < story_id < 2**31 else None
            if row is None:
                raise NotFoundError("There is no story with this id.", "story_not_found")
            if action == "approve":
                text, helped = row.submitted_text, row.submitted_helped
            changed = moderate_story(
                session,
                story_id,
                status="rejected" if action == "reject" else "approved",
                editor_id=editor.id,
                published_text=text,
                published_helped=helped,
                reason=reason,
            )
            if not changed:
                session.refresh(row)
                raise ConflictError(
                    f"Story {story_id} was already {row.status} (by another editor or an earlier "
                    "click), so nothing changed.",
                    "already_moderated",
                )
            add_audit(session, editor_id=editor.id, action=action, story_id=story_id, reason=reason)
        return self.review(story_id)

    def approve(self, editor: Editor, story_id: int) -> ReviewStory:
        """Publish a pending story as submitted."""
        return self._decide(editor, story_id, "approve")

    def reject(self, editor: Editor, story_id: int, reason: str) -> ReviewStory:
        """Reject a pending story; the reason is kept for editors only."""
        cleaned = clean_text(reason)
        if not cleaned:
            raise InvalidInputError(
                "Please give a reason for rejecting the story.", "reason_required"
            )
        if len(cleaned) > MAX_REASON:
            raise InvalidInputError(
                f"Please keep the reason to {MAX_REASON} characters or fewer.", "reason_too_long"
            )
        return self._decide(editor, story_id, "reject", reason=cleaned)

    def edit_approve(
        self, editor: Editor, story_id: int, text: str, helped: str | None = None
    ) -> ReviewStory:
        """Publish an edited version (scrubbed again); the submitted text is kept unchanged."""
        edited = scrub(self._story_text(text, "edit")).text
        cleaned_helped = self._helped(helped)
        edited_helped = scrub(cleaned_helped).text if cleaned_helped else None
        return self._decide(editor, story_id, "edit_approve", text=edited, helped=edited_helped)

    def audit(self, page: int = 1, per_page: int = 50, story_id: int | None = None) -> AuditPage:
        """The audit log, newest first (optionally for one story)."""
        _check_page(page)
        with self.services.db.session() as session:
            records, total = list_audit(
                session, story_id=story_id, offset=(page - 1) * per_page, limit=per_page
            )
        items = tuple(AuditEntry(r.at, r.editor, r.action, r.story_id, r.reason) for r in records)
        return AuditPage(items, page, total, per_page)
