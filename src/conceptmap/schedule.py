"""Weekly plans: a path's steps packed, in path order, into the hours a learner has each week.

The packing rule (docs/planning.md, "Weekly plans"):

- Week 1 is the seven days from the start date (any weekday); week 2 the seven after, and so on.
- Steps keep the path's order (every step after its prerequisites); nothing is reordered.
- A step goes into the current week when it fits what is left of the week's budget;
  otherwise it opens the next week. No step is split across weeks...
- ...except a step longer than a whole week's budget: it gets weeks of its own, as many
  as it needs, and says it spans them; the step after it starts a fresh week.

With the order fixed, filling each week before opening the next gives the fewest weeks.
The budget is the hours a week in whole minutes (at least one). Everything here is pure:
the same steps, hours and start give the same weeks.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from .problems import ConceptmapError
from .text import minutes_text, plural, shorten

if TYPE_CHECKING:
    from .report import StepView

__all__ = [
    "MAX_HOURS",
    "Pace",
    "Schedule",
    "ScheduleError",
    "Week",
    "budget_minutes",
    "check_hours",
    "day_text",
    "hours_text",
    "pack_weeks",
    "parse_hours",
    "parse_start",
]

#: The most hours a week can hold.
MAX_HOURS = 168.0

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


class ScheduleError(ConceptmapError):
    """Hours a week or a start date that cannot make a weekly plan (one line, exit code 2)."""


@dataclass(frozen=True, slots=True)
class Pace:
    """What a learner chose: hours a week, from a start day (None: the day the plan is made)."""

    hours_per_week: float
    start: date | None = None


@dataclass(frozen=True, slots=True)
class Week:
    """One week of the plan; for a step longer than a week's budget, the run of weeks it spans."""

    number: int  # 1-based; a run of weeks carries its first number
    start: date
    end: date  # the last day, inclusive
    steps: tuple[StepView, ...]
    minutes: int
    span: int = 1  # calendar weeks covered: more than one only for a single step over the budget

    @property
    def last(self) -> int:
        """The number of the last calendar week this entry covers."""
        return self.number + self.span - 1

    @property
    def label(self) -> str:
        """"Week 3", or "Weeks 3-4" for a step that spans two."""
        return f"Week {self.number}" if self.span == 1 else f"Weeks {self.number}-{self.last}"

    def dates(self, year: int | None = None) -> str:
        """"Mon 7 Dec - Sun 13 Dec"; a day outside ``year`` shows its year."""
        return f"{day_text(self.start, year)} - {day_text(self.end, year)}"

    @property
    def step_numbers(self) -> str:
        """Which steps of the path, as numbered there: "step 5" or "steps 1-4" (a week's steps are consecutive)."""
        first, last = self.steps[0].number, self.steps[-1].number
        return f"step {first}" if first == last else f"steps {first}-{last}"

    @property
    def summary(self) -> str:
        """"4 steps, 4 h 50 min", and for a long step "1 step, 7 h, over 2 weeks"."""
        text = f"{plural(len(self.steps), 'step')}, {minutes_text(self.minutes)}"
        return text if self.span == 1 else f"{text}, over {self.span} weeks"


@dataclass(frozen=True, slots=True)
class Schedule:
    """A path in weeks: the hours a week, the start, each week's steps, and when the goal is reached."""

    hours_per_week: float
    start: date
    weeks: tuple[Week, ...]
    finish: date | None  # the last week's last day; None when there is nothing to learn

    @property
    def budget_minutes(self) -> int:
        """A week's budget in whole minutes (at least one)."""
        return budget_minutes(self.hours_per_week)

    @property
    def week_count(self) -> int:
        """Calendar weeks from the start to the finish."""
        return self.weeks[-1].last if self.weeks else 0

    @property
    def pace_text(self) -> str:
        """"5 h a week from Mon 7 Dec 2026"."""
        return f"{hours_text(self.hours_per_week)} a week from {day_text(self.start)}"

    @property
    def finish_text(self) -> str:
        """"Goal reached by Sun 27 Dec 2026 (3 weeks)", or that there is nothing to learn."""
        if self.finish is None:
            return "Nothing to learn: no weeks needed."
        return f"Goal reached by {day_text(self.finish)} ({plural(self.week_count, 'week')})"

    def week_of(self, concept_id: str) -> Week | None:
        """The week a step is learned in, or None when the step is not on the path."""
        for week in self.weeks:
            if any(view.concept.id == concept_id for view in week.steps):
                return week
        return None

    def to_json(self) -> dict[str, object]:
        """The "schedule" of `conceptmap path --json --hours-per-week N` (docs/cli.md)."""
        return {
            "hours_per_week": self.hours_per_week,
            "budget_minutes": self.budget_minutes,
            "start": self.start.isoformat(),
            "finish": self.finish.isoformat() if self.finish is not None else None,
            "weeks": [
                {
                    "number": week.number,
                    "span": week.span,
                    "start": week.start.isoformat(),
                    "end": week.end.isoformat(),
                    "minutes": week.minutes,
                    "steps": [view.concept.id for view in week.steps],
                }
                for week in self.weeks
            ],
        }


def pack_weeks(steps: Sequence[StepView], hours_per_week: float, start: date) -> Schedule:
    """Pack steps, in the order given, into weeks of ``hours_per_week`` from ``start`` (the rule is above)."""
    check_hours(hours_per_week)
    budget = budget_minutes(hours_per_week)
    entries: list[tuple[int, int, list[StepView], int]] = []  # (first week, span, steps, minutes)
    batch: list[StepView] = []
    number, used = 1, 0
    for view in steps:
        minutes = view.concept.minutes
        if batch and used + minutes > budget:
            entries.append((number, 1, batch, used))
            number, batch, used = number + 1, [], 0
        if minutes > budget:  # too long for any week: weeks of its own (the batch is empty here)
            span = math.ceil(minutes / budget)
            entries.append((number, span, [view], minutes))
            number += span
            continue
        batch.append(view)
        used += minutes
    if batch:
        entries.append((number, 1, batch, used))
    try:
        weeks = tuple(
            Week(first, start + timedelta(weeks=first - 1), start + timedelta(weeks=first - 1 + span, days=-1), tuple(views), minutes, span)
            for first, span, views, minutes in entries
        )
    except OverflowError:  # dates past the year 9999: a tiny budget or a far start
        raise ScheduleError(f"at {hours_text(hours_per_week)} a week from {start.isoformat()} the plan would end after the year 9999") from None
    return Schedule(hours_per_week, start, weeks, weeks[-1].end if weeks else None)


def budget_minutes(hours_per_week: float) -> int:
    """A week's budget in whole minutes, at least one."""
    return max(1, round(hours_per_week * 60))


def check_hours(hours_per_week: float) -> None:
    """Raise ScheduleError unless the hours are a number above 0 and at most a week's 168."""
    if not (math.isfinite(hours_per_week) and 0 < hours_per_week <= MAX_HOURS):
        raise ScheduleError(f"hours per week must be a number above 0 and at most 168, e.g. 5 or 2.5; got {hours_per_week:g}")


def parse_hours(text: str) -> float:
    """Hours a week as typed ("5", "2.5"); a one-line ScheduleError otherwise."""
    try:
        hours = float(text.strip())
    except ValueError:
        raise ScheduleError(f"hours per week must be a number above 0 and at most 168, e.g. 5 or 2.5; got {shorten(text)}") from None
    check_hours(hours)
    return hours


def parse_start(text: str) -> date:
    """A start day as typed (YYYY-MM-DD); a one-line ScheduleError otherwise."""
    text = text.strip()
    try:
        if not _ISO_DAY.fullmatch(text):
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise ScheduleError(f"a start date must be a day as YYYY-MM-DD, e.g. 2026-12-07; got {shorten(text)}") from None


def day_text(day: date, year: int | None = None) -> str:
    """"Mon 7 Dec 2026"; without the year when it is ``year``. English names whatever the locale."""
    text = f"{_DAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]}"
    return text if day.year == year else f"{text} {day.year}"


def hours_text(hours: float) -> str:
    """"5 h", "2.5 h"."""
    return f"{hours:g} h"
