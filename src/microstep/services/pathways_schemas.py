"""Shapes of pathways, congestion and alternate routes. A count of people under MIN_GROUP is
null with `too few to show` beside it: figures about so few people are not shown."""

from __future__ import annotations

from pydantic import Field

from microstep.services.schemas import Schema

TOO_FEW = "too few to show"


class TargetOption(Schema):
    """A role people reached, offered as a target."""

    role_id: int
    title: str
    reached: int | None = Field(
        description="People who reached it with a lasting step (null: too few to show)."
    )


class PathwayStepPublic(Schema):
    """One step of a pattern."""

    role_id: int
    role: str
    kind: str | None
    kind_label: str
    duration: str = Field(description="How long the step lasted: <3 mo, 3-12 mo or >1 yr.")


class DropoutPublic(Schema):
    """What became of those who got as far as one step of a pattern (null: too few to show;
    when one of the four is hidden, a second is too, so it cannot be worked out)."""

    position: int
    step: str
    reached: int | None = Field(description="Made the pattern's steps up to this one.")
    continued: int | None = Field(description="Went on along the pattern (or into the target).")
    left: int | None = Field(description="Left the organization after it.")
    stayed: int | None = Field(description="Still there, not moved on.")
    elsewhere: int | None = Field(description="Moved on somewhere else.")
    stopped: int | None = Field(
        description="Did not go on: left, still there or elsewhere together (null: too few)."
    )


class PatternPublic(Schema):
    """A sequence of steps that led into the target."""

    label: str
    steps: list[PathwayStepPublic]
    support: int = Field(description="People whose last steps before arriving were these.")
    median_months: float | None = Field(description="Median months from the first step in.")
    entrants: int | None = Field(description="People who made these steps (any duration).")
    converted: int | None = Field(description="Of them, those whose next step was the target.")
    conversion: float | None = Field(description="converted / entrants (null: too few).")
    dropout: list[DropoutPublic]


class FlowNodePublic(Schema):
    """A box of the flow diagram."""

    column: int
    label: str
    kind_label: str = Field(description="The kind of move into it (empty for the target).")
    title: str
    people: int | None
    x: float
    y: float
    height: float
    target: bool


class FlowLinkPublic(Schema):
    """A band between two boxes; its width is the people who went that way."""

    path: str = Field(description="SVG path data of the band's middle line.")
    width: float
    people: int
    title: str


class FlowColumnPublic(Schema):
    """A column heading of the flow diagram."""

    x: float
    label: str


class FlowPublic(Schema):
    """The flow diagram's geometry in pixels, drawn as inline SVG."""

    width: float
    height: float
    node_width: float
    columns: list[FlowColumnPublic]
    nodes: list[FlowNodePublic]
    links: list[FlowLinkPublic]


class WayStepPublic(Schema):
    """A step many reachers took on the way, wherever it came in their last steps."""

    role_id: int
    role: str
    kind_label: str
    people: int = Field(description="People who reached the target and took this step before.")


class PathwaysPublic(Schema):
    """How people reached one target role, in the viewer's slice."""

    target_id: int
    target: str
    scope: str
    depth: int
    reached: int | None = Field(description="People who reached the target (null: too few).")
    direct: int | None = Field(description="Of them, hired straight into it.")
    patterns: list[PatternPublic]
    hidden_patterns: int = Field(description="Patterns of fewer people, not shown.")
    on_the_way: list[WayStepPublic] = Field(
        default_factory=list,
        description="Steps 3 or more reachers took before arriving, at any place in their last "
        "steps (most people first).",
    )
    flow: FlowPublic | None
    note: str | None = None


class RoleLoadPublic(Schema):
    """Aspirants (in the slice) against capacity (the organization's) for one role."""

    role_id: int
    role: str
    objectives: int | None = Field(description="Shared objectives aiming at it (null: too few).")
    applications: int | None = Field(description="Applications to open places in it.")
    recommended: int | None = Field(
        description="People whose top next role it is: a separate, lighter signal that counts "
        "a quarter each in the index, and only from 3 people up (null: too few)."
    )
    aspirants: int | None = Field(description="objectives + applications (null: too few).")
    demand: float | None = Field(description="aspirants + recommended / 4 (null: too few).")
    places: int = Field(description="Open places on open opportunities in the role, org-wide.")
    throughput: float = Field(
        description="People in the organization who took the role per year, last 3 years."
    )
    capacity: float
    index: float | None = Field(description="Demand per place a year (null: see status).")
    status: str = Field(description="indexed, no capacity, no demand, or too few to show.")
    words: str


class OpportunityLoadPublic(Schema):
    """Applicants against places for one open opportunity."""

    opportunity_id: int
    title: str
    role: str
    kind_label: str
    places: int
    applicants: int | None
    index: float | None
    status: str


class BarPublic(Schema):
    """One bar of the congestion chart (x in percent, y in pixels)."""

    label: str
    title: str
    y: float
    width: float
    value: str
    status: str


class ChartPublic(Schema):
    """The congestion bar chart's geometry."""

    height: float
    bar_y: float
    bar_height: float
    bars: list[BarPublic]


class CongestionPublic(Schema):
    """Roles and open opportunities ranked by congestion in the viewer's slice."""

    scope: str
    roles: list[RoleLoadPublic]
    opportunities: list[OpportunityLoadPublic]
    chart: ChartPublic
    recommendations_counted: bool = Field(
        description="Whether next-move recommendations count in the demand (at a quarter)."
    )
    recommendation_weight: float = Field(description="What one recommendation counts for.")


class RouteStepPublic(Schema):
    """A step of a route."""

    role_id: int
    role: str
    probability: float = Field(description="Share of those leaving the previous role who go here.")
    index: float | None
    status: str


class RoutePublic(Schema):
    """A way from a common current role to the target."""

    source_id: int
    source: str
    steps: list[RouteStepPublic]
    probability: float
    support: int | None = Field(description="People who went exactly this way (null: too few).")
    reason: str


class RoutesPublic(Schema):
    """Alternate routes to a target role around its crowded steps."""

    target_id: int
    target: str
    scope: str
    sources: list[str] = Field(description="The roles most of the target's aspirants hold now.")
    target_load: RoleLoadPublic | None
    routes: list[RoutePublic]
    note: str | None = None
