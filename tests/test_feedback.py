"""Micro-feedback: one specific question to a named person; the answer becomes a signal."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from microstep.core.evidence import FeedbackStatus, SignalKind
from microstep.core.signals import EXAMPLE_QUESTION, check_question
from microstep.errors import Conflict, InvalidInput
from microstep.services import feedback, goals, signals
from microstep.services.context import Context
from microstep.services.evidence_schemas import FeedbackAnswer, FeedbackCreate, FeedbackPublic
from microstep.services.schemas import GoalCreate
from tests.conftest import TODAY

GOOD = "Was the summary I sent on Monday useful for your decision?"


def ask(ctx: Context, question: str = GOOD, **more: object) -> FeedbackPublic:
    """Ask Priya about the Monday summary, unless told otherwise."""
    values = {"question": question, "asked_whom": "Priya", "about": "Monday summary"} | more
    return feedback.ask_feedback(ctx, FeedbackCreate.model_validate(values))


@pytest.mark.parametrize(
    "question",
    [
        "Any feedback?",
        "Any thoughts on my work?",
        "What do you think?",
        "How did I do?",
        "Do you have any feedback for me on how I am doing overall?",
        "Feedback?",
    ],
)
def test_generic_questions_are_refused_with_an_example(question: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        check_question(question)
    assert EXAMPLE_QUESTION in caught.value.message
    assert caught.value.field == "question"


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        ("Was the summary I sent on Monday useful", "ending with '?'"),
        ("Was the summary useful? Was the chart clear?", "one question at a time"),
        ("Churn deck useful?", "too short"),
    ],
)
def test_questions_that_are_not_one_specific_question_are_refused(
    question: str, reason: str
) -> None:
    with pytest.raises(InvalidInput, match=reason):
        check_question(question)


@pytest.mark.parametrize(
    "question",
    [
        GOOD,
        "Did the region filter on the pricing dashboard save your team time?",
        "Was the cohort chart in my readout clear without me explaining it?",
    ],
)
def test_specific_questions_pass(question: str) -> None:
    assert check_question(f"  {question} ") == question


@given(st.text(max_size=120))
def test_the_validator_accepts_only_single_questions(text: str) -> None:
    try:
        question = check_question(text)
    except InvalidInput as exc:
        message = exc.message
        assert message.endswith(".")
        return
    assert question.endswith("?")
    assert question.count("?") == 1
    assert len(question.split()) >= 2


def test_asking_records_an_open_request(ctx: Context) -> None:
    row = ask(ctx)
    assert (row.status, row.asked_on, row.asked_whom) == (FeedbackStatus.OPEN, TODAY, "Priya")
    assert [r.id for r in feedback.list_feedback(ctx, open_only=True)] == [row.id]


def test_a_generic_question_writes_nothing(ctx: Context) -> None:
    with pytest.raises(InvalidInput):
        ask(ctx, "Any feedback?")
    with pytest.raises(InvalidInput, match="person asked"):
        ask(ctx, asked_whom=" ")
    assert feedback.list_feedback(ctx) == []


def test_a_request_may_serve_an_existing_goal_only(ctx: Context) -> None:
    goal = goals.add_goal(
        ctx,
        GoalCreate(
            title="Send 3 summaries", metric="summaries", target_value=3, due=TODAY, objective_id=1
        ),
    )
    assert ask(ctx, goal_id=goal.id).goal_id == goal.id
    with pytest.raises(InvalidInput, match="no micro-goal #999"):
        ask(ctx, goal_id=999)
    assert len(feedback.list_feedback(ctx)) == 1


def test_answering_records_the_rating_and_logs_a_feedback_signal(ctx: Context) -> None:
    row = ask(ctx, asked_on=TODAY - timedelta(days=3))
    answered = feedback.answer_feedback(
        ctx, row.id, FeedbackAnswer(rating=4, answer="Useful; lead with the number")
    )
    assert (answered.status, answered.rating, answered.answered_on) == ("answered", 4, TODAY)
    [signal] = signals.list_signals(ctx)
    assert signal.kind is SignalKind.FEEDBACK
    assert (signal.rating, signal.source, signal.feedback_request_id) == (4, "Priya", row.id)
    assert answered.signal_id == signal.id
    assert feedback.list_feedback(ctx, open_only=True) == []
    assert feedback.list_feedback(ctx)[0].signal_id == signal.id


def test_an_answer_is_recorded_once(ctx: Context) -> None:
    row = ask(ctx)
    feedback.answer_feedback(ctx, row.id, FeedbackAnswer(rating=5, answer="Yes"))
    with pytest.raises(Conflict, match="already answered"):
        feedback.answer_feedback(ctx, row.id, FeedbackAnswer(rating=2, answer="Again"))
    assert len(signals.list_signals(ctx)) == 1


def test_bad_answers_write_neither_answer_nor_signal(ctx: Context) -> None:
    row = ask(ctx)
    with pytest.raises(InvalidInput, match="answer is empty"):
        feedback.answer_feedback(ctx, row.id, FeedbackAnswer(rating=3, answer="  "))
    early = FeedbackAnswer(rating=3, answer="ok", answered_on=TODAY - timedelta(days=1))
    with pytest.raises(InvalidInput, match="before the question"):
        feedback.answer_feedback(ctx, row.id, early)
    for rating in (0, 6, -3):
        with pytest.raises(InvalidInput, match=r"^Choose a rating from 1 to 5 for how useful"):
            FeedbackAnswer(rating=rating, answer="ok")
    assert feedback.list_feedback(ctx)[0].status == FeedbackStatus.OPEN
    assert signals.list_signals(ctx) == []


def test_withdrawn_requests_cannot_be_answered(ctx: Context) -> None:
    row = ask(ctx)
    assert feedback.withdraw_feedback(ctx, row.id).status == FeedbackStatus.WITHDRAWN
    with pytest.raises(Conflict, match="withdrawn"):
        feedback.answer_feedback(ctx, row.id, FeedbackAnswer(rating=3, answer="late"))
    assert feedback.list_feedback(ctx, open_only=True) == []


def test_future_days_for_questions_and_answers_speak_of_questions_and_answers(
    ctx: Context,
) -> None:
    with pytest.raises(InvalidInput) as asked:
        ask(ctx, asked_on=TODAY + timedelta(days=1))
    assert asked.value.message == (
        "Record a question on the day you ask it: Thu 19 Nov 2026 is in the future."
    )
    row = ask(ctx)
    later = FeedbackAnswer(rating=3, answer="ok", answered_on=TODAY + timedelta(days=2))
    with pytest.raises(InvalidInput) as answered:
        feedback.answer_feedback(ctx, row.id, later)
    assert answered.value.message == (
        "Record an answer on the day you get it: Fri 20 Nov 2026 is in the future."
    )
    assert "signal" not in asked.value.message + answered.value.message
