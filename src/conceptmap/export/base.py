"""What an export format is: what it exports, its file name, and a writer for each thing it exports.

A format module in ``export/formats/`` defines one :class:`ExportFormat` as ``FORMAT``;
the registry (``export/formats/__init__.py``) lists them. A writer only renders (text,
bytes, or a folder's files); :meth:`ExportFormat.write` puts the result on disk by the
rules of ``safety`` (no overwrite without force, atomic, inside its folder).

Cheap to import: renderers load their heavy modules (markdown-it, genanki) when they run.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Generic, TypeVar

from ..problems import ConceptmapError
from .safety import check_file, write_file, write_folder

if TYPE_CHECKING:
    from ..model import Concept, Graph
    from ..report import PathReport


class Subject(Enum):
    """What an export holds: the glossary, one learning path, or a drawing of the graph."""

    GLOSSARY = "glossary"
    PATH = "path"
    GRAPH = "graph"


#: Glossary orders: grouped by area, or alphabetical by title.
SORTS: tuple[str, ...] = ("area", "alpha")


@dataclass(frozen=True, slots=True)
class GlossaryJob:
    """A glossary to write: which concepts, in which order, and what the learner knows."""

    subject: ClassVar[Subject] = Subject.GLOSSARY
    graph: Graph
    concepts: Sequence[Concept]
    sort: str = "area"
    known: AbstractSet[str] = frozenset()


@dataclass(frozen=True, slots=True)
class PathJob:
    """A learning path to write: the report every view renders, and what the learner knows."""

    subject: ClassVar[Subject] = Subject.PATH
    report: PathReport
    known: AbstractSet[str] = frozenset()  # marks, for formats that flag known steps (a path planned with them)


@dataclass(frozen=True, slots=True)
class GraphJob:
    """A part of the prerequisite graph to draw."""

    subject: ClassVar[Subject] = Subject.GRAPH
    concepts: Sequence[Concept]


Job = GlossaryJob | PathJob | GraphJob
#: What a writer makes: text (``-o -`` may print it), bytes (a binary file), or a folder's files by relative path.
Output = str | bytes | Mapping[str, str | bytes]
J = TypeVar("J", GlossaryJob, PathJob, GraphJob)


@dataclass(frozen=True, slots=True)
class Writer(Generic[J]):
    """How one format writes one subject: the label a user sees and the function that renders it."""

    label: str  # in the TUI's menu: "Markdown checklist"
    render: Callable[[J], Output]
    hint: str = ""  # a few words after the name in --help: "a checklist"


@dataclass(frozen=True, slots=True)
class ExportFormat:
    """One export format: its --format name, its file name, and a writer for each subject it exports."""

    name: str  # the --format value
    title: str  # a short name for lists: "Markdown", "Anki"
    suffix: str  # appended to a file name's stem: ".md", or "-vault" for a folder
    glossary: Writer[GlossaryJob] | None = None
    path: Writer[PathJob] | None = None
    graph: Writer[GraphJob] | None = None
    folder: bool = False  # writes a folder of files (its writers return a mapping)
    binary: bool = False  # writes bytes: cannot be printed with -o -

    @property
    def subjects(self) -> tuple[Subject, ...]:
        """What this format can export, in Subject order."""
        return tuple(s for s in Subject if self.writer(s) is not None)

    @property
    def printable(self) -> bool:
        """Whether its output is text, so `-o -` may print it."""
        return not (self.folder or self.binary)

    def writer(self, subject: Subject) -> Writer[GlossaryJob] | Writer[PathJob] | Writer[GraphJob] | None:
        """The writer for a subject, or None when this format does not export it."""
        return {Subject.GLOSSARY: self.glossary, Subject.PATH: self.path, Subject.GRAPH: self.graph}[subject]

    def label(self, subject: Subject) -> str:
        """The label a user sees for this format when exporting a subject."""
        writer = self.writer(subject)
        return writer.label if writer is not None else self.title

    def filename(self, stem: str) -> str:
        """A sensible output name: ``glossary.html``, ``glossary-vault``."""
        return f"{stem}{self.suffix}"

    def render(self, job: Job) -> Output:
        """Render a job with this format's writer for its subject; a one-line error when it has none."""
        # One branch per job type keeps each writer's argument type checked.
        if isinstance(job, GlossaryJob) and self.glossary is not None:
            return self.glossary.render(job)
        if isinstance(job, PathJob) and self.path is not None:
            return self.path.render(job)
        if isinstance(job, GraphJob) and self.graph is not None:
            return self.graph.render(job)
        raise ConceptmapError(f"the {self.name} format cannot export a {job.subject.value}")

    def render_text(self, job: Job) -> str:
        """The output as text, for printing; a one-line error for a file or folder format."""
        if not self.printable:
            raise ConceptmapError(f"the {self.name} format is not text; write it to a path instead")
        data = self.render(job)
        if not isinstance(data, str):
            raise ConceptmapError(f"the {self.name} format is not text; write it to a path instead")
        return data

    def write(self, job: Job, out: Path, *, force: bool = False) -> Path:
        """Write the output to ``out`` (a file, or a folder for a folder format); returns what was written."""
        out = Path(out)
        if not self.folder:
            check_file(out, force=force)  # fail before the work, not after
        data = self.render(job)
        if isinstance(data, Mapping):
            return write_folder(out, data, kind=self.name, force=force)
        return write_file(out, data, force=force)
