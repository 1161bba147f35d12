"""The vocabulary of the evidence log (seeds 000, 001): signal kinds, feedback, action focus."""

from __future__ import annotations

from enum import StrEnum


class SignalKind(StrEnum):
    """What kind of outside sign of progress a signal is (seed 001's tracked signals)."""

    INVITATION = "invitation"
    FEEDBACK = "feedback"
    ASSIGNMENT = "assignment"
    PRAISE = "praise"
    MEETING_INVITE = "meeting_invite"
    MENTION = "mention"


class FeedbackStatus(StrEnum):
    """Where a micro-feedback request stands."""

    OPEN = "open"
    ANSWERED = "answered"
    WITHDRAWN = "withdrawn"


class ActionFocus(StrEnum):
    """Whether a micro-action builds substance or makes it seen (seed 003's balance)."""

    CAPABILITY = "capability"
    VISIBILITY = "visibility"


class ActionCategory(StrEnum):
    """The seeds' families of micro-actions."""

    SMALL_EXPOSURE = "small_exposure"
    REGULAR_SIGNALLING = "regular_signalling"
    RELATIONSHIP_DEPOSIT = "relationship_deposit"
    LEARNING_BIT = "learning_bit"
    MEETING_WIN = "meeting_win"


class CheckInWith(StrEnum):
    """Who a recurring check-in is with."""

    MENTOR = "mentor"
    SUPERVISOR = "supervisor"
    PEER = "peer"
    COACH = "coach"
