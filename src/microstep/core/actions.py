"""The micro-action library (seed 001's field guide): small, repeatable moves, 2-15 minutes each.

Each action is tagged capability (it builds substance) or visibility (it makes substance seen),
so the weekly review can warn when visibility far outruns capability. A person repeats up to six
picks weekly and ticks them off like habits; a weekly streak counts ISO weeks with a tick.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from microstep.core.dates import day_label
from microstep.core.evidence import ActionCategory, ActionFocus
from microstep.core.weeks import week_start
from microstep.errors import Conflict, InvalidInput, NotFound

MAX_PICKS = 6
MIN_TACTIC_WORDS = 3
MIN_CONCRETE_WORDS = 2
EXAMPLE_TACTIC = "Share a 3-bullet insight in the team channel every Tuesday"

# Words that name no action one could repeat and count: a tactic made only of these ("be
# better", "work harder", "be more visible") cannot be tested against the signals.
VAGUE_WORDS = frozenset(
    {
        "a",
        "about",
        "all",
        "always",
        "an",
        "and",
        "as",
        "at",
        "be",
        "become",
        "being",
        "better",
        "best",
        "by",
        "do",
        "doing",
        "effort",
        "effective",
        "efficient",
        "engaged",
        "every",
        "focus",
        "focused",
        "for",
        "generally",
        "get",
        "getting",
        "good",
        "great",
        "hard",
        "harder",
        "i",
        "improve",
        "improved",
        "improvement",
        "improving",
        "in",
        "is",
        "it",
        "just",
        "less",
        "me",
        "more",
        "much",
        "my",
        "myself",
        "of",
        "often",
        "on",
        "or",
        "overall",
        "proactive",
        "productive",
        "really",
        "some",
        "something",
        "stuff",
        "the",
        "things",
        "to",
        "try",
        "trying",
        "very",
        "visibility",
        "visible",
        "way",
        "well",
        "with",
        "work",
        "working",
    }
)
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'\-]*")

C, V = ActionFocus.CAPABILITY, ActionFocus.VISIBILITY
SE, RS, RD = (
    ActionCategory.SMALL_EXPOSURE,
    ActionCategory.REGULAR_SIGNALLING,
    ActionCategory.RELATIONSHIP_DEPOSIT,
)
LB, MW = ActionCategory.LEARNING_BIT, ActionCategory.MEETING_WIN

CATEGORY_LABELS = {
    ActionCategory.SMALL_EXPOSURE: "Small exposures",
    ActionCategory.REGULAR_SIGNALLING: "Regular signalling",
    ActionCategory.RELATIONSHIP_DEPOSIT: "Relationship deposits",
    ActionCategory.LEARNING_BIT: "Learning bits",
    ActionCategory.MEETING_WIN: "Quick wins in meetings",
}


@dataclass(frozen=True)
class MicroAction:
    """One entry of the library: a stable key, what to do and how, and how long it takes."""

    key: str
    title: str
    how: str
    minutes: int
    category: ActionCategory
    focus: ActionFocus


def _a(
    key: str, title: str, how: str, minutes: int, category: ActionCategory, focus: ActionFocus
) -> MicroAction:
    return MicroAction(key, title, how, minutes, category, focus)


LIBRARY: tuple[MicroAction, ...] = (
    # Small exposures: a low-stakes first time in front of people or a problem.
    _a(
        "volunteer-demo-slot",
        "Volunteer for a 3-minute demo slot",
        "Ask the host of the next team demo for three minutes to show one thing you shipped.",
        5,
        SE,
        V,
    ),
    _a(
        "answer-channel-question",
        "Answer one question in a shared channel",
        "Find an unanswered question in your area and reply with the fix or a pointer.",
        10,
        SE,
        C,
    ),
    _a(
        "present-one-slide",
        "Present one slide in someone else's deck",
        "Offer to own and speak to a single slide at the next review instead of the whole talk.",
        10,
        SE,
        V,
    ),
    _a(
        "sit-in-other-team",
        "Sit in on another team's stand-up",
        "Ask a neighbouring team if you may listen to one stand-up; write down one dependency.",
        15,
        SE,
        C,
    ),
    _a(
        "take-small-ticket-outside",
        "Take one small ticket outside your usual area",
        "Pick the smallest open ticket in an adjacent codebase or process and scope it.",
        15,
        SE,
        C,
    ),
    _a(
        "shadow-customer-call",
        "Shadow a customer or stakeholder call",
        "Ask to join one call silently; note the one question the customer repeated.",
        15,
        SE,
        C,
    ),
    _a(
        "draft-decision-memo",
        "Draft a half-page decision memo",
        "Write the options, your recommendation and one risk for a decision your team faces.",
        15,
        SE,
        C,
    ),
    _a(
        "review-outside-pr",
        "Review one change outside your team",
        "Leave a careful review with one concrete suggestion on another team's pull request.",
        15,
        SE,
        C,
    ),
    _a(
        "host-office-hour",
        "Host a 15-minute open office hour",
        "Post a slot where anyone can bring questions on the tool or topic you know best.",
        15,
        SE,
        V,
    ),
    # Regular signalling: make progress visible on a rhythm people learn to expect.
    _a(
        "tuesday-insight",
        "Share a 3-bullet insight in the team channel",
        "Every Tuesday post what you learned, why it matters, and the one number behind it.",
        10,
        RS,
        V,
    ),
    _a(
        "friday-wins",
        "Post a Friday 'shipped this week' note",
        "List up to three things finished this week, each with who benefits.",
        5,
        RS,
        V,
    ),
    _a(
        "weekly-manager-summary",
        "Send your manager a five-line weekly summary",
        "Progress, one trade-off you made, one risk, one ask, one thing you learned.",
        10,
        RS,
        V,
    ),
    _a(
        "update-status-doc",
        "Refresh the status line of your project page",
        "Rewrite the top line of the project page so a skimmer knows where it stands.",
        5,
        RS,
        V,
    ),
    _a(
        "demo-gif",
        "Record a 60-second screen capture of a change",
        "Capture the before and after of one improvement and share it where users look.",
        10,
        RS,
        V,
    ),
    _a(
        "metric-of-the-week",
        "Publish a metric of the week",
        "Post one chart your team cares about with a one-sentence reading of it.",
        10,
        RS,
        V,
    ),
    _a(
        "credit-someone-publicly",
        "Credit a colleague's work in public",
        "Name a colleague and the specific thing they did that helped you, in a team channel.",
        3,
        RS,
        V,
    ),
    _a(
        "write-changelog-entry",
        "Write the changelog entry yourself",
        "For your next change, write the user-facing note in plain words before you merge.",
        5,
        RS,
        C,
    ),
    # Relationship deposits: small, generous contacts that build trust before you need it.
    _a(
        "coffee-with-stakeholder",
        "Book a 15-minute coffee with a stakeholder",
        "Ask one person who uses your work what would make their week easier.",
        15,
        RD,
        V,
    ),
    _a(
        "thank-you-note",
        "Send a specific thank-you note",
        "Thank someone for one concrete thing and what it made possible for you.",
        3,
        RD,
        V,
    ),
    _a(
        "share-useful-link",
        "Send someone a link that solves their problem",
        "Recall a problem a colleague mentioned and send the article or snippet that helps.",
        5,
        RD,
        C,
    ),
    _a(
        "ask-about-their-goal",
        "Ask a peer about their current goal",
        "In a 1:1 or chat, ask what they are trying to achieve this quarter and listen.",
        10,
        RD,
        V,
    ),
    _a(
        "offer-review-help",
        "Offer to review a peer's draft",
        "Offer a 10-minute review of a doc or deck a peer is about to send.",
        10,
        RD,
        C,
    ),
    _a(
        "introduce-two-people",
        "Introduce two people who should talk",
        "Write a two-line introduction saying why each will be useful to the other.",
        5,
        RD,
        V,
    ),
    _a(
        "follow-up-on-promise",
        "Close one loop you promised",
        "Find a 'I'll get back to you' from last week and get back, with the answer or a date.",
        5,
        RD,
        C,
    ),
    _a(
        "mentor-check-question",
        "Send your mentor one question between meetings",
        "Ask one specific question you are stuck on, so the next check-in starts further along.",
        5,
        RD,
        C,
    ),
    _a(
        "welcome-newcomer",
        "Welcome a newcomer with one useful tip",
        "Message someone new with the one thing you wish you had known in week one.",
        5,
        RD,
        V,
    ),
    # Learning bits: a few minutes of deliberate learning, applied the same day.
    _a(
        "read-one-postmortem",
        "Read one incident postmortem",
        "Read a postmortem from your org or a public one; write the one practice you would copy.",
        15,
        LB,
        C,
    ),
    _a(
        "one-new-shortcut",
        "Learn one keyboard shortcut or command",
        "Pick a command you repeat by hand, learn its shortcut and use it five times today.",
        2,
        LB,
        C,
    ),
    _a(
        "rewrite-a-query",
        "Rewrite one query or function more clearly",
        "Take something you wrote last month and make it shorter or clearer, keeping the result.",
        15,
        LB,
        C,
    ),
    _a(
        "explain-concept-in-3",
        "Explain a concept in three sentences",
        "Write a three-sentence explanation of something you half-know, then check it.",
        10,
        LB,
        C,
    ),
    _a(
        "read-docs-page",
        "Read one page of the docs of a tool you use daily",
        "Read a single reference page end to end and try one option you did not know.",
        10,
        LB,
        C,
    ),
    _a(
        "study-a-great-doc",
        "Study one document people praise",
        "Find a design doc or report others cite and note how it opens and how it argues.",
        15,
        LB,
        C,
    ),
    _a(
        "practice-estimate",
        "Estimate a task, then compare",
        "Write a time estimate before starting a task and the actual time after it.",
        3,
        LB,
        C,
    ),
    _a(
        "ask-why-once",
        "Ask 'why' about one decision you were handed",
        "Ask the owner of a recent decision for the reason behind it and write it down.",
        5,
        LB,
        C,
    ),
    _a(
        "summarise-a-talk",
        "Post a talk or article in 3 bullets",
        "After a talk or article, post three bullets in the team channel: the claim, the "
        "evidence, and how your team could use it.",
        10,
        LB,
        V,
    ),
    # Quick wins in meetings: small moves that make a meeting better and you noticed for it.
    _a(
        "prep-one-question",
        "Prepare one sharp question before a meeting",
        "Read the agenda and write one question that would move the decision forward.",
        5,
        MW,
        C,
    ),
    _a(
        "speak-first-ten",
        "Speak within the first ten minutes",
        "Make one relevant contribution early, before the discussion settles without you.",
        2,
        MW,
        V,
    ),
    _a(
        "summarise-decisions",
        "Summarise the decisions at the end",
        "Offer a 30-second recap of what was decided, who does what, and by when.",
        3,
        MW,
        V,
    ),
    _a(
        "send-notes-same-day",
        "Send the meeting notes the same day",
        "Send the decisions and owners within two hours, while everyone still remembers.",
        10,
        MW,
        V,
    ),
    _a(
        "bring-one-number",
        "Bring one number to the discussion",
        "Look up the one figure that settles a point on the agenda and share it.",
        10,
        MW,
        C,
    ),
    _a(
        "volunteer-action-item",
        "Volunteer for one action item",
        "Take one small, clear follow-up from the meeting and deliver it within two days.",
        5,
        MW,
        V,
    ),
    _a(
        "propose-next-step",
        "Propose the next step when a discussion stalls",
        "When talk goes in circles, suggest one concrete next step with an owner.",
        2,
        MW,
        V,
    ),
    _a(
        "timebox-agenda",
        "Put times on the agenda you send",
        "Add minutes to each agenda item before your next meeting and keep to them.",
        5,
        MW,
        C,
    ),
    _a(
        "ask-quiet-person",
        "Invite the quiet person's view",
        "Ask someone who has not spoken what they think about the point at hand.",
        2,
        MW,
        V,
    ),
)

_BY_KEY = {action.key: action for action in LIBRARY}


def find_action(key: str, *, field: str = "key") -> MicroAction:
    """The library entry with this key; NotFound names a way to see the keys."""
    found = _BY_KEY.get(key.strip().lower())
    if found is None:
        shown = " ".join(key.split())[:60] or "(empty)"
        message = (
            f"There is no micro-action '{shown}' in the library: see `microstep action library`."
        )
        raise NotFound(message, field=field)
    return found


def _squash(text: str) -> str:
    return re.sub(r"[\s_\-]+", "", text.strip().lower())


def parse_category(text: str, *, field: str = "category") -> ActionCategory:
    """A category from what was typed: 'meeting-win', 'Learning bits', 'small_exposure'."""
    raw = _squash(text)
    for category in ActionCategory:
        names = {_squash(category.value), _squash(CATEGORY_LABELS[category])}
        if raw in names or raw + "s" in names or raw.removesuffix("s") in names:
            return category
    allowed = ", ".join(category.value.replace("_", "-") for category in ActionCategory)
    raise InvalidInput(f"'{text.strip()}' is not a category: use one of {allowed}.", field=field)


def parse_focus(text: str, *, field: str = "focus") -> ActionFocus:
    """A focus from what was typed: capability or visibility."""
    raw = _squash(text)
    for focus in ActionFocus:
        if raw and focus.value.startswith(raw):
            return focus
    raise InvalidInput(
        f"'{text.strip()}' is not a focus: use capability or visibility.", field=field
    )


def library(
    category: ActionCategory | None = None, focus: ActionFocus | None = None
) -> list[MicroAction]:
    """The catalogue in its order, optionally one category and/or one focus."""
    return [
        action
        for action in LIBRARY
        if (category is None or action.category is category)
        and (focus is None or action.focus is focus)
    ]


def check_pick(picked: Collection[str], key: str, *, limit: int = MAX_PICKS) -> MicroAction:
    """Whether one more action may be picked: known, not picked already, under the limit."""
    action = find_action(key)
    if action.key in picked:
        raise Conflict(f"'{action.title}' is already one of your picks.", field="key")
    if len(picked) >= limit:
        raise Conflict(
            f"You already repeat {len(picked)} micro-actions each week, the most that stay "
            f"habits: drop one before picking '{action.title}'.",
            field="key",
        )
    return action


def check_tactic(tactic: str, *, field: str = "tactic") -> str:
    """A testable tactic names one concrete action: enough words, and not only vague ones."""
    words = _WORD.findall(tactic)
    concrete = [word for word in words if word.lower() not in VAGUE_WORDS]
    if len(words) < MIN_TACTIC_WORDS or len(concrete) < MIN_CONCRETE_WORDS:
        shown = " ".join(tactic.split())[:60]
        message = (
            f"'{shown}' is too vague to test: name one concrete action you will repeat, "
            f"for example '{EXAMPLE_TACTIC}'."
        )
        raise InvalidInput(message, field=field)
    return tactic


def check_tick_day(day: date, *, today: date, field: str = "done_on") -> date:
    """A tick records a day the action was done: today or before, never a day to come."""
    if day > today:
        message = f"Tick a micro-action on the day you do it: {day_label(day)} is in the future."
        raise InvalidInput(message, field=field)
    return day


def weekly_streak(days: Iterable[date], *, today: date) -> int:
    """Consecutive ISO weeks with at least one tick, ending this week (or last, if not yet)."""
    weeks = {week_start(day) for day in days if day <= today}
    week = week_start(today)
    if week not in weeks:
        week -= timedelta(weeks=1)  # this week is not over: not ticked yet breaks nothing
    count = 0
    while week in weeks:
        count, week = count + 1, week - timedelta(weeks=1)
    return count


def ticks_in_week(days: Iterable[date], *, today: date) -> int:
    """Ticks in the ISO week holding `today`, up to today."""
    start = week_start(today)
    return sum(1 for day in days if start <= day <= today)
