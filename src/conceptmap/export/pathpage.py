"""A learning path as one self-contained web page: the steps to tick, where to learn each, the weeks.

It renders a PathReport and computes nothing of its own. Every title and fact is escaped,
and the page has no script at all, so its Content-Security-Policy forbids every script.
"""

from __future__ import annotations

from html import escape

from ..report import PathReport, StepView
from .htmlpage import CSS, document
from .markup import html_resource
from .records import minutes_text

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
PATH_CSS = """
ol.steps { padding-left: 1.6rem; } ol.steps li { margin: .5rem 0; }
.why, .week-steps { color: var(--muted); font-size: .9rem; margin: .1rem 0; }
.learn { margin: .1rem 0; font-size: .9rem; }
"""


def _step_html(view: StepView) -> str:
    c = view.concept
    learn = "".join(f'<p class="learn">Learn it: {html_resource(r)}</p>' for r in view.resources)
    return (
        f'<li id="step-{view.number}"><strong>{escape(c.title)}</strong> '
        f'<span class="badge d{int(c.depth)}">{escape(c.depth.label)}</span> · {escape(minutes_text(c.minutes))}'
        f'<p class="why">{escape(view.reason)}</p>{learn}</li>'
    )


def _weeks_html(report: PathReport) -> str:
    schedule = report.schedule
    if schedule is None:
        return ""
    year = schedule.start.year
    rows = []
    for week in schedule.weeks:
        titles = ", ".join(f'<a href="#step-{v.number}">{v.number}. {escape(v.concept.title)}</a>' for v in week.steps)
        rows.append(
            f"<li><strong>{escape(week.label)}</strong> ({escape(week.dates(year))}): {escape(week.summary)}"
            f'<p class="week-steps">{titles}</p></li>'
        )
    return (
        f'<section id="weeks"><h2>Weeks</h2><p class="count">At {escape(schedule.pace_text)}.</p>'
        f'<ul>{"".join(rows)}</ul><p><strong>{escape(schedule.finish_text)}</strong></p></section>'
    )


def path_page(report: PathReport) -> str:
    """The whole page as text: header, steps, rabbit holes, totals, and the weeks when asked for."""
    plan, target = report.plan, report.target
    steps = "\n".join(_step_html(v) for v in report.steps)
    empty = f"<p>{escape(report.empty_message)}</p>" if report.empty_message is not None else ""
    holes = ""
    if report.rabbit_holes:
        items = "".join(
            f"<li><strong>{escape(h.concept.title)}</strong> · {escape(report.hole_label(h))} · would add "
            f"{h.adds_concepts} concept(s), {escape(minutes_text(h.adds_minutes))}</li>"
            for h in report.rabbit_holes
        )
        holes = f"<section><h2>Rabbit holes</h2><p>Cut from the path; follow them only to go deeper.</p><ul>{items}</ul></section>"
    deeper = ""
    if report.deeper is not None:
        d = report.deeper
        deeper = f"<li>One level deeper ({escape(d.depth.label)}) adds {d.concepts} concept(s), {escape(minutes_text(d.minutes))}</li>"
    body = f"""<header>
<h1>Learning path: {escape(report.goal)}</h1>
<p class="count">Target: {escape(target.title)} · planned at level: {escape(plan.depth_limit.label)} ·
{len(report.steps)} steps, {escape(minutes_text(report.total_minutes))} · exported by conceptmap.</p>
</header>
<main>
<section><h2>Steps</h2>{empty}<ol class="steps">
{steps}
</ol></section>
{_weeks_html(report)}
{holes}
<section><h2>Totals</h2><ul><li>Already known, left out: {len(report.known_skipped)}</li>{deeper}</ul></section>
</main>"""
    return document(f"Learning path: {report.goal}", CSP, CSS + PATH_CSS, body)
