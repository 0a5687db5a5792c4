"""What the learner knows: placement (`place`), and marks that travel and undo (`known export|import|undo`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..placement import listed
from ..problems import ConceptmapError
from ..text import plural
from . import cli
from .common import WIDTH, Options, badge, echo_markdown, emit_json, level_option, wrap
from .core import known, pass_options, path_report

if TYPE_CHECKING:
    from ..model import Graph
    from ..placement import Placement, PlacementResult, Question
    from ..progress import Batch

EXIT_INTERRUPTED = 130  # the learner stopped a prompt with ctrl+c or end of input (docs/cli.md)


def _batch_json(batch: Batch) -> dict[str, object]:
    return {"command": batch.command, "time": batch.time, "added": list(batch.added), "removed": sorted(batch.removed)}


# -- known export / import / undo ------------------------------------------------------
@known.command("export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace FILE if it exists.")
@pass_options
def known_export(opts: Options, file: Path, force: bool) -> None:
    """Write your marks to a JSON file, to import on another machine or with other packs."""
    import json

    from ..export.safety import write_file
    from ..progress import marks_document

    session = opts.session()
    marks = session.store.load().known
    text = json.dumps(marks_document(marks, session.graph.concepts), ensure_ascii=False, indent=2) + "\n"
    written = write_file(file, text, force=force)
    click.echo(f"Wrote {plural(len(marks), 'mark')} to {written}")


@known.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--dry-run", is_flag=True, help="Say what would change; change nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print what changed as JSON.")
@pass_options
def known_import(opts: Options, file: Path, dry_run: bool, as_json: bool) -> None:
    """Merge marks from a file `known export` wrote: adds marks, never removes or re-dates one (undoable)."""
    from ..progress import plan_merge, read_marks

    marks = read_marks(file)  # a bad file stops here, before the packs load
    session = opts.session()
    graph = session.graph
    merge = plan_merge(marks, graph.concepts, session.store.load().known)
    added = list(merge.added)
    if not dry_run and merge.added:
        batch = session.change_marks(merge.added, command="known import")
        added = list(batch.added) if batch is not None else []  # another process may have marked some meanwhile
    if as_json:
        emit_json(
            {
                "file": str(file),
                "added": added,
                "already_known": merge.already_known,
                "matched_by_title": [{"id": old, "as": new, "title": graph.concepts[new].title} for old, new in merge.by_title],
                "orphans": merge.orphans,
                "dry_run": dry_run,
            }
        )
        return
    verb = "Would add" if dry_run else "Added"
    click.echo(wrap(f"{verb} {plural(len(added), 'mark')} from {file}; {len(merge.already_known)} already known."))
    if added:
        click.echo(wrap(f"New: {listed(graph, added)}", "  "))
    if merge.by_title:
        pairs = ", ".join(f"{old} → {new}" for old, new in merge.by_title[:12])
        click.echo(wrap(f"Matched by title (another id in these packs): {pairs}", "  "))
    if merge.orphans:
        click.echo(wrap(f"Kept as orphans (no loaded pack has them; `known list --orphans`): {listed(graph, merge.orphans)}", "  "))
    if added and not dry_run:
        click.echo("`conceptmap known undo` takes this import back.")


@known.command("undo")
@click.option("--json", "as_json", is_flag=True, help="Print what was taken back as JSON.")
@pass_options
def known_undo(opts: Options, as_json: bool) -> None:
    """Take back the last change of marks (add, remove, import, place, or a tick in the TUI) exactly."""
    session = opts.session()
    batch = session.undo_marks()
    if as_json:
        emit_json({"undone": _batch_json(batch) if batch is not None else None})
        return
    if batch is None:
        click.echo("Nothing to undo.")
        return
    graph = session.graph
    click.echo(wrap(f"Took back `{batch.command}` of {batch.time}:"))
    if batch.added:
        click.echo(wrap(f"unmarked {len(batch.added)}: {listed(graph, batch.added)}", "  "))
    if batch.removed:
        click.echo(wrap(f"marked again {len(batch.removed)}: {listed(graph, sorted(batch.removed))}", "  "))


# -- place -----------------------------------------------------------------------------
def _parse_answers(text: str) -> list[str]:
    """The letters of --answers ("yynu", "y,n,u"); one-line error on anything else."""
    letters = [c for c in text.lower() if c not in " ,"]
    wrong = sorted({c for c in letters if c not in "ynu"})
    if wrong:
        raise ConceptmapError(f"--answers takes y, n and u only (yes, no, unsure), got {', '.join(map(repr, wrong))}")
    return letters


def _ask(question: Question, graph: Graph, err: bool) -> str | None:
    """Ask one question at the terminal: y, n or u; '?' shows the definition first; None to stop."""
    c = question.concept
    click.echo("", err=err)
    click.echo(f"{question.number}. {badge(c.depth)}{c.title}  ·  {graph.area_title(c.area)}"[:WIDTH], err=err)
    while True:
        reply: str = click.prompt("   Do you know it? [y/n/u, ? definition, q stop]", default="", show_default=False, err=err)
        key = reply.strip().lower()[:1]
        if key in ("y", "n", "u"):
            return key
        if key == "q":
            return None
        if key == "?":
            if err:
                click.echo(c.summary or "No definition yet.", err=True)  # stdout is for --json
            else:
                echo_markdown(c.definition or "_No definition yet._", graph.concepts)
            continue
        click.echo("   Answer y (yes), n (no), u (unsure), ? (show the definition) or q (stop asking).", err=err)


def _run(placement: Placement, graph: Graph, answers: list[str] | None, err: bool) -> list[str]:
    """Ask until done (or the answers or the learner stop); returns answers given but never asked for."""
    from ..placement import Answer

    left = list(answers) if answers is not None else None
    while (question := placement.next_question()) is not None:
        if left is None:
            letter = _ask(question, graph, err)
            if letter is None:
                break
        elif left:
            letter = left.pop(0)
        else:
            break
        placement.answer(Answer.parse(letter))
    return left or []


def _summary(result: PlacementResult, graph: Graph, scope: str) -> None:
    """What the answers settled, for people."""
    click.echo("")
    click.echo(wrap(f"After {plural(len(result.asked), 'answer')}, {result.settled} of {plural(result.scope, 'concept')} in {scope} are settled."))
    for heading, ids in result.groups():
        click.echo(wrap(f"{heading} ({len(ids)}): {listed(graph, ids)}", "  "))


@cli.command()
@click.argument("goal", nargs=-1)
@click.option("--depth", "depth", metavar="LEVEL", help="With GOAL: plan its path at this level (as `path --depth`).")
@click.option("--questions", default=10, show_default=True, type=click.IntRange(1, 50), help="Ask at most N questions.")
@click.option("--answers", metavar="YNU", help="Answer without prompts, in order: y yes, n no, u unsure (e.g. yynu).")
@click.option("--dry-run", is_flag=True, help="Show what would be marked; save nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the questions, answers and inferred marks as JSON.")
@pass_options
def place(opts: Options, goal: tuple[str, ...], depth: str | None, questions: int, answers: str | None, dry_run: bool, as_json: bool) -> None:
    """Place yourself in about ten questions: each answer marks (or rules out) many concepts at once.

    A yes means you know a concept and everything it needs; a no, that you do not
    know it nor anything built on it. Over GOAL's path, or the whole graph without one.
    """
    letters = _parse_answers(answers) if answers is not None else None
    text = " ".join(goal).strip()
    session = opts.session()
    graph = session.graph
    before: int | None = None
    if text:
        report = path_report(opts, text, depth, None, False, as_json)
        scope_ids: list[str] | None = [view.concept.id for view in report.steps]
        before = len(report.steps)
        scope = f"the path to {report.target.title}"
    else:
        scope_ids, scope = None, "the whole graph"
    placement = session.placement(scope_ids, questions=questions)
    err = as_json  # with --json, prompts and notes go to stderr: stdout is the JSON
    if letters is None:
        click.echo(wrap(f"Placement over {scope}: {plural(placement.scope_size, 'concept')}, at most {plural(questions, 'question')}."), err=err)
        click.echo(wrap("Answer y if you could use or explain the concept, n if not, u if unsure; ? shows its definition."), err=err)
    try:
        unused = _run(placement, graph, letters, err)
        result = placement.result()
        if letters is not None and not as_json:  # no prompts showed the questions: say what was asked
            for asked in result.asked:
                click.echo(f"{asked.question.number}. {asked.question.concept.title}: {asked.answer.value}"[:WIDTH])
        if not as_json:
            _summary(result, graph, scope)
        save = bool(result.new_known) and not dry_run
        if save and letters is None:  # at the terminal the learner has the last word
            save = click.confirm(f"Save {plural(len(result.new_known), 'mark')}?", default=True, err=err)
    except click.Abort:
        click.echo("conceptmap: placement stopped; nothing saved", err=True)
        raise click.exceptions.Exit(EXIT_INTERRUPTED) from None
    if unused:
        click.echo(f"conceptmap: note: {plural(len(unused), 'answer')} left over: nothing more to ask", err=True)
    batch = session.change_marks(result.new_known, command="place") if save else None
    after = len(session.path_report(text, level_option(depth)).steps) if text and batch is not None else before
    if as_json:
        pending = placement.next_question()
        emit_json(
            {
                "goal": text or None,
                "scope": result.scope,
                "questions": [
                    {
                        "id": a.question.concept.id,
                        "title": a.question.concept.title,
                        "answer": a.answer.value,
                        "settles_if_yes": a.question.settles_if_yes,
                        "settles_if_no": a.question.settles_if_no,
                    }
                    for a in result.asked
                ],
                "known": list(result.new_known),
                "unknown": list(result.unknown),
                "unsettled": list(result.unsettled),
                "settled": result.settled,
                "next": {"id": pending.concept.id, "title": pending.concept.title, "definition": pending.concept.definition} if pending else None,
                "saved": batch is not None,
                "path_steps": {"before": before, "after": after} if text else None,
            }
        )
        return
    if batch is not None:
        click.echo(wrap(f"Saved {plural(len(batch.added), 'mark')}; `conceptmap known undo` takes them back."))
        if text:
            click.echo(wrap(f"The path now has {plural(after or 0, 'concept')} (was {before})."))
    elif result.new_known:
        click.echo("Nothing saved.")

