"""Bad packs: each broken input gives one clear line with file and line, the documented exit code, never a traceback.

The corpus is ``tests/bad_packs/<case>/``: a small pack (graph/, glossary/) and an
``expected.yaml`` with the one problem it must produce. Inputs that are huge, need symbolic
links or special files, or are better not committed are built at runtime: the RUNTIME table.
"""

from __future__ import annotations

import os
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from conceptmap import yamlsafe
from conceptmap.loader import ID_RE, MAX_PROBLEMS_PER_FILE, load, pack_sources, read_packs

from conftest import Run, run_cli

CORPUS = Path(__file__).resolve().parent / "bad_packs"
TIME_LIMIT = 10.0  # seconds a run may take: generous, this is not a benchmark
PROBLEM = re.compile(r"^(?P<path>.+?)(?::(?P<line>\d+))?: (?P<severity>fatal|error|warning): (?P<message>.*) \[(?P<code>[a-z-]+)\]$")
BASE = "- id: a\n  title: Concept A\n  depth: 0\n"  # one good concept, so a pack is more than its flaw
MB = 1024 * 1024


@dataclass(frozen=True)
class Expected:
    """The one problem a bad pack must produce, as in its expected.yaml."""

    exit: int
    code: str
    path: str  # the end of the path shown
    line: int  # 0: the whole file
    message_contains: str
    problems: int = 1  # how many problem lines the pack gives in all

    @property
    def severity(self) -> str:
        """Exit 2 means the input could not be read: a fatal problem."""
        return "fatal" if self.exit == 2 else "error"


@dataclass(frozen=True)
class Case:
    """One bad pack: committed under tests/bad_packs, or built at runtime by ``build``."""

    name: str
    expected: Expected
    build: Callable[[Path], Path] | None = None
    needs: str = ""  # "symlink", "fifo", "posix-names" or "not-root": skipped where impossible
    env: dict[str, str] = field(default_factory=dict)

    def pack(self, tmp_path: Path) -> Path:
        """The pack folder, built if need be."""
        if self.build is None:
            return CORPUS / self.name
        skip_unless_possible(self.needs, tmp_path)
        return self.build(tmp_path)


# -- building packs at runtime --------------------------------------------------------
def pack_with(root: Path, graph: dict[str, str | bytes] | None = None, glossary: dict[str, str | bytes] | None = None) -> Path:
    """A pack with the good concept ``a`` (and its definition) plus the given files."""
    files = {**{"graph/concepts.yaml": BASE, "glossary/a.md": "A test concept.\n"},
             **{f"graph/{k}": v for k, v in (graph or {}).items()},
             **{f"glossary/{k}": v for k, v in (glossary or {}).items()}}
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return root


def write_big(path: Path, size: int, line: str) -> None:
    """A file of ``size`` bytes made of one YAML line repeated: real text, not a sparse file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    block = (line * (MB // len(line) + 1))[:MB].encode()
    with open(path, "wb") as handle:
        for _ in range(size // MB):
            handle.write(block)


def huge_yaml(tmp: Path) -> Path:
    pack = pack_with(tmp / "pack")
    write_big(pack / "graph" / "huge.yaml", 50 * MB, "- id: filler\n  title: Filler\n  depth: 1\n")
    return pack


def huge_glossary(tmp: Path) -> Path:
    pack = pack_with(tmp / "pack")
    write_big(pack / "glossary" / "a.md", 50 * MB, "A very long definition. ")
    return pack


def outside_file(tmp: Path, name: str, text: str) -> Path:
    """A file beside the pack, never part of it."""
    path = tmp / "outside" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


SECRET = "TOP SECRET, never to be shown"


def linked_yaml(tmp: Path) -> Path:
    pack = pack_with(tmp / "pack")
    target = outside_file(tmp, "secret.yaml", f"- id: secret\n  title: {SECRET}\n  depth: 0\n")
    (pack / "graph" / "linked.yaml").symlink_to(target)
    return pack


def linked_definition(tmp: Path) -> Path:
    pack = pack_with(tmp / "pack")
    (pack / "glossary" / "a.md").unlink()
    (pack / "glossary" / "a.md").symlink_to(outside_file(tmp, "secret.md", SECRET))
    return pack


def linked_folder(tmp: Path) -> Path:
    pack = pack_with(tmp / "pack")
    for path in (pack / "glossary").iterdir():
        path.unlink()
    (pack / "glossary").rmdir()
    (pack / "glossary").symlink_to(outside_file(tmp, "a.md", SECRET).parent, target_is_directory=True)
    return pack


def link_loop(tmp: Path) -> Path:
    pack = pack_with(tmp / "pack")
    (pack / "graph" / "loop.yaml").symlink_to("loop.yaml")
    return pack


def dangling_link(tmp: Path) -> Path:
    pack = pack_with(tmp / "pack")
    (pack / "graph" / "gone.yaml").symlink_to("missing.yaml")
    return pack


def folder_named_yaml(tmp: Path) -> Path:
    pack = pack_with(tmp / "pack")
    (pack / "graph" / "folder.yaml").mkdir()
    return pack


def fifo(tmp: Path) -> Path:
    pack = pack_with(tmp / "pack")
    os.mkfifo(pack / "graph" / "pipe.yaml")  # opening it for reading would wait for a writer forever
    return pack


def no_permission(tmp: Path) -> Path:
    pack = pack_with(tmp / "pack", {"locked.yaml": "- id: b\n  title: B\n  depth: 1\n"})
    (pack / "graph" / "locked.yaml").chmod(0)
    return pack


def python_tag_absolute(tmp: Path) -> Path:
    return pack_with(tmp / "pack", {"evil.yaml": python_payload(tmp / "PWNED")})


def python_payload(marker: Path) -> str:
    """YAML that, read by an unsafe loader, runs a shell command creating ``marker``."""
    return f'- !!python/object/apply:os.system ["touch \'{marker}\'"]\n'


def newline_in_name(tmp: Path) -> Path:
    return pack_with(tmp / "pack", {"bad\nname.yaml": "- [unclosed\n"})


def backslash_glossary_name(tmp: Path) -> Path:
    outside_file(tmp, "secret.md", SECRET)
    return pack_with(tmp / "pack", glossary={"..\\..\\outside\\secret.md": "Not a definition of anything.\n"})


def text_pack(name: str, graph: str) -> Callable[[Path], Path]:
    """A builder for a pack with one generated graph file."""
    return lambda tmp: pack_with(tmp / "pack", {name: graph})


LONG_RING = 3000


def long_cycle(tmp: Path, size: int = LONG_RING) -> Path:
    ids = [f"step-{i}" for i in range(size)]
    text = "".join(f"- id: {cid}\n  title: Step {i}\n  depth: 1\n  requires: [{ids[(i + 1) % size]}]\n" for i, cid in enumerate(ids))
    return pack_with(tmp / "pack", {"ring.yaml": text}, {f"{cid}.md": "A step.\n" for cid in ids})


def many_problems(tmp: Path) -> Path:
    text = "".join(f"- id: bad-{i}\n  title: Bad {i}\n  depth: 9\n" for i in range(3 * MAX_PROBLEMS_PER_FILE))
    return pack_with(tmp / "pack", {"many.yaml": text})


def huge_id(tmp: Path) -> Path:
    return pack_with(tmp / "pack", {"long.yaml": "- id: " + "x" * (6 * MB) + "\n  title: X\n  depth: 1\n"})


def ex(exit: int, code: str, path: str, line: int, message: str, problems: int = 1) -> Expected:
    return Expected(exit, code, path, line, message, problems)


RUNTIME = [
    Case("too-large-yaml-50mb", ex(2, "too-large", "graph/huge.yaml", 0, "file is 50.0 MB; the limit is 8 MB"), huge_yaml),
    Case("too-large-glossary-50mb", ex(2, "too-large", "glossary/a.md", 0, "file is 50.0 MB; the limit is 8 MB"), huge_glossary),
    Case("too-many-values", ex(2, "too-large", "graph/dense.yaml", 2 * yamlsafe.MAX_VALUES, "more than 200,000 values in one file"),
         text_pack("dense.yaml", "- 1\n" * (3 * yamlsafe.MAX_VALUES))),
    # Two refusals, one promise: at 25 levels our own builder refuses; at 100,000 a newer
    # libyaml (PyYAML 6.0.3+) refuses first with its own words. The user reads the same line.
    Case("deep-flow-25", ex(1, "too-deep", "graph/deep.yaml", 1, "nested more than 20 levels deep"), text_pack("deep.yaml", "[" * 25 + "]" * 25)),
    Case("deep-flow-100k", ex(1, "too-deep", "graph/deep.yaml", 1, "nested more than 20 levels deep"), text_pack("deep.yaml", "[" * 100_000)),
    Case("deep-flow-mapping-100k", ex(1, "too-deep", "graph/deep.yaml", 1, "nested more than 20 levels deep"), text_pack("deep.yaml", "{a: " * 100_000)),
    Case("deep-mixed-100k", ex(1, "too-deep", "graph/deep.yaml", 1, "nested more than 20 levels deep"), text_pack("deep.yaml", "[{a: " * 100_000)),
    # libyaml's own composer recursed here and crashed the interpreter (segmentation fault)
    Case("deep-block-sequence-100k", ex(1, "too-deep", "graph/deep.yaml", 1, "nested more than 20 levels deep"), text_pack("deep.yaml", "- " * 100_000 + "x\n")),
    Case("deep-block-indented-2000", ex(1, "too-deep", "graph/deep.yaml", 21, "nested more than 20 levels deep"),
         text_pack("deep.yaml", "".join(" " * i + "a:\n" for i in range(2000)) + " " * 2000 + "b\n")),
    Case("symlink-yaml-outside", ex(2, "symlink-outside", "graph/linked.yaml", 0, "outside the pack"), linked_yaml, "symlink"),
    Case("symlink-definition-outside", ex(2, "symlink-outside", "glossary/a.md", 0, "outside the pack"), linked_definition, "symlink"),
    Case("symlink-folder-outside", ex(2, "symlink-outside", "glossary/a.md", 0, "outside the pack"), linked_folder, "symlink"),
    Case("symlink-loop", ex(2, "unreadable", "graph/loop.yaml", 0, "cannot read file"), link_loop, "symlink"),
    Case("symlink-dangling", ex(2, "unreadable", "graph/gone.yaml", 0, "cannot read file"), dangling_link, "symlink"),
    Case("folder-named-yaml", ex(2, "unreadable", "graph/folder.yaml", 0, "not a regular file"), folder_named_yaml, "posix-names"),
    # Through the parsed-pack cache too, which must never open a FIFO.
    Case("fifo-named-yaml", ex(2, "unreadable", "graph/pipe.yaml", 0, "not a regular file"), fifo, "fifo"),
    Case("no-permission", ex(2, "unreadable", "graph/locked.yaml", 0, "Permission denied"), no_permission, "not-root"),
    Case("python-tag-absolute-path", ex(1, "yaml", "graph/evil.yaml", 1, "YAML tag !!python/object/apply:os.system is not allowed"), python_tag_absolute),
    Case("newline-in-file-name", ex(1, "yaml", "graph/bad\\nname.yaml", 2, "YAML syntax"), newline_in_name, "posix-names"),
    Case("glossary-name-backslashes", ex(1, "orphan-definition", "glossary/..\\..\\outside\\secret.md", 1, "unknown concept"),
         backslash_glossary_name, "posix-names"),
    Case(f"cycle-of-{LONG_RING}", ex(1, "cycle", "graph/ring.yaml", 1, "prerequisite cycle: step-0 -> step-1 -> step-2"), long_cycle),
    Case("too-many-problems", ex(1, "too-many-problems", "graph/many.yaml", 0, f"more than {MAX_PROBLEMS_PER_FILE} problems",
                                 MAX_PROBLEMS_PER_FILE + 1), many_problems),
    Case("huge-id", ex(1, "bad-id", "graph/long.yaml", 1, "characters long; at most 80 are allowed"), huge_id),
]


def committed_cases() -> list[Case]:
    """Every folder of tests/bad_packs with its expected.yaml."""
    cases = []
    for folder in sorted(p for p in CORPUS.iterdir() if p.is_dir()):
        data = yaml.safe_load((folder / "expected.yaml").read_text(encoding="utf-8"))
        cases.append(Case(folder.name, Expected(**data)))
    return cases


CASES = committed_cases() + RUNTIME


def skip_unless_possible(needs: str, tmp_path: Path) -> None:
    """Skip a case the platform cannot build (no symbolic links, no FIFOs, running as root...)."""
    if needs == "symlink":
        try:
            (tmp_path / "probe").symlink_to(tmp_path)
        except (OSError, NotImplementedError):
            pytest.skip("symbolic links are not available here")
    elif needs == "fifo" and not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this platform")
    elif needs == "posix-names" and sys.platform == "win32":
        pytest.skip("Windows does not allow this file name")
    elif needs == "not-root" and (sys.platform == "win32" or os.geteuid() == 0):
        pytest.skip("file permissions do not stop this user")


def timed(*args: str, env: dict[str, str] | None = None) -> Run:
    """Run the CLI and check it took less than TIME_LIMIT and printed no traceback."""
    start = time.monotonic()
    run = run_cli(*args, env=env, timeout=60)
    elapsed = time.monotonic() - start
    assert elapsed < TIME_LIMIT, f"{args} took {elapsed:.1f} s"
    assert "Traceback" not in run.out + run.err
    return run


def problem_lines(text: str) -> list[re.Match[str]]:
    """The lines of output that are problems, parsed."""
    return [m for m in map(PROBLEM.match, text.splitlines()) if m]


def assert_reported(run: Run, expected: Expected) -> None:
    """The expected problem is there, once, as one well-formed line; nothing is said twice."""
    assert run.code == expected.exit, run.err
    found = problem_lines(run.err)
    assert len(found) == expected.problems, run.err
    assert len({m.group(0) for m in found}) == len(found), "a problem was reported twice"
    hits = [
        m for m in found
        if m["code"] == expected.code
        and m["path"].endswith(expected.path)
        and int(m["line"] or 0) == expected.line
        and m["severity"] == expected.severity
        and expected.message_contains in m["message"]
    ]
    assert len(hits) == 1, f"expected {expected} in:\n{run.err}"
    summary = [line for line in run.err.splitlines() if not PROBLEM.match(line)]
    assert summary == [f"conceptmap check: {summary_counts(run.err)}"], run.err


def summary_counts(err: str) -> str:
    """The counts part of check's last line (whatever they are)."""
    return err.strip().splitlines()[-1].removeprefix("conceptmap check: ")


# -- the corpus ----------------------------------------------------------------------
def test_corpus_is_large_and_well_formed():
    committed = committed_cases()
    assert len(committed) + len(RUNTIME) >= 35
    for case in committed:
        folder = CORPUS / case.name
        assert (folder / "graph").is_dir() and (folder / "glossary").is_dir(), case.name
        assert case.expected.exit in (1, 2)
    assert len({c.name for c in CASES}) == len(CASES), "case names must be unique"


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_bad_pack_gives_its_one_line(case: Case, tmp_path: Path):
    pack = case.pack(tmp_path)
    run = timed("--no-bundled", "--pack", str(pack), "check", env=case.env)
    assert_reported(run, case.expected)
    assert SECRET not in run.out + run.err
    assert not (Path.cwd() / "PWNED").exists() and not (tmp_path / "PWNED").exists()


def one_case_per_code() -> list[Case]:
    """A case for each problem code (the first in the table), for the other commands."""
    chosen: dict[str, Case] = {}
    for case in CASES:
        chosen.setdefault(case.expected.code, case)
    return list(chosen.values())


@pytest.mark.parametrize("case", one_case_per_code(), ids=lambda c: c.name)
def test_search_and_path_on_a_bad_pack_say_one_clear_line(case: Case, tmp_path: Path):
    pack = case.pack(tmp_path)
    for command in (["search", "x"], ["path", "x"]):
        run = timed("--no-bundled", "--pack", str(pack), *command, env=case.env)
        lines = run.err.splitlines()
        assert all(line.startswith("conceptmap: ") for line in lines), run.err
        if case.expected.exit == 2:
            # Unreadable input: one line naming the file and the problem, nothing else.
            assert run.code == 2 and len(lines) == 1, run.err
            assert case.expected.path in lines[0] and f"[{case.expected.code}]" in lines[0]
            assert run.out == ""
        else:
            # The command runs on what loaded: after one warning when files or entries were
            # refused (graph-wide problems such as cycles are for `check` to list).
            assert run.code in (0, 2) and len(lines) <= 2, run.err
            warned = bool(lines) and "warning: the packs have" in lines[0]
            assert warned == bool(load([pack], bundled=False, use_cache=False).errors), run.err


def test_path_through_a_cycle_ends(tmp_path: Path):
    pack = long_cycle(tmp_path, 200)  # longer chains are slow to plan (planner._why), cycle or not
    run = timed("--no-bundled", "--pack", str(pack), "path", "id:step-5")
    assert run.code in (0, 2) and len(run.err.splitlines()) <= 2


# -- YAML that would construct objects ------------------------------------------------
def test_python_tags_run_nothing(tmp_path: Path):
    # The payload is real: an unsafe loader runs it...
    control = tmp_path / "control"
    yaml.load(python_payload(control), Loader=yaml.UnsafeLoader)  # noqa: S506 - the point of the test
    assert control.exists()
    # ...and conceptmap only reports it.
    marker = tmp_path / "PWNED"
    pack = pack_with(tmp_path / "pack", {"evil.yaml": python_payload(marker)})
    run = timed("--no-bundled", "--pack", str(pack), "check")
    assert run.code == 1 and "!!python/object/apply:os.system is not allowed [yaml]" in run.err
    assert not marker.exists()


@pytest.mark.parametrize(
    "text",
    ["!!python/object/apply:os.system [x]", "!!python/name:os.system", "!!python/object:os.system {}",
     "!!python/object/new:os.system [x]", "!!binary aGVsbG8=", "!!set {a}", "!!omap [a: 1]", "!custom x"],
)
def test_every_non_plain_tag_is_refused(text: str):
    with pytest.raises(yamlsafe.YamlError, match="YAML tag"):
        yamlsafe.parse(f"- {text}\n")


def test_an_alias_bomb_is_refused_at_its_first_anchor():
    levels = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    levels += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 30)]
    with pytest.raises(yamlsafe.YamlError, match="anchors and aliases") as caught:
        yamlsafe.parse("\n".join(levels) + "\n")
    assert caught.value.line == 1


# -- names that look like paths -------------------------------------------------------
@pytest.mark.parametrize("cid", ["../x", "a/b", "a\\b", "..", ".", "/etc/passwd", "a\n", "a.md", "A", "a--b", "-a", "a-", "", "a b", "é"])
def test_ids_that_are_not_kebab_case_are_refused(cid: str):
    assert ID_RE.fullmatch(cid) is None


@pytest.mark.parametrize("cid", ["a", "a-b", "k-means-2", "x1"])
def test_kebab_case_ids_are_accepted(cid: str):
    assert ID_RE.fullmatch(cid)


_opened: list[str] | None = None  # while a test records, every file opened in this process
_hooked = False


def _record_opens(event: str, args: tuple[Any, ...]) -> None:
    if _opened is not None and event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
        _opened.append(os.fsdecode(args[0]))


def test_the_loader_opens_only_files_inside_the_pack(tmp_path: Path):
    """Glossary names are only matched against ids: a name that looks like a path opens nothing."""
    global _opened, _hooked
    if not _hooked:
        sys.addaudithook(_record_opens)  # audit hooks cannot be removed; this one records only below
        _hooked = True
    secret = outside_file(tmp_path, "secret.md", SECRET)
    names = {"..%2F..%2Foutside%2Fsecret.md": "x", "...md": "x", "a.md": "A.\n"}
    if sys.platform != "win32":
        names["..\\..\\outside\\secret.md"] = "x"
    pack = pack_with(tmp_path / "pack", {"b.yaml": "- id: b\n  title: B\n  depth: 1\n  requires: [a]\n"}, names)
    (pack / "glossary" / "b.md").write_text("See [the secret](../../outside/secret.md).\n", encoding="utf-8")
    sources = pack_sources([pack], bundled=False)
    _opened = []
    try:
        result = read_packs(sources)
    finally:
        opened, _opened = _opened, None
    root = pack.resolve()
    assert opened, "the audit hook saw no file opened"
    assert all(Path(p).resolve().is_relative_to(root) for p in opened if not p.endswith((".py", ".pyc", ".so"))), opened
    assert str(secret) not in opened and SECRET not in str(result.graph.concepts["b"].definition)
    assert sorted(p.code for p in result.problems) == ["orphan-definition"] * (len(names) - 1)


# -- the YAML reader on arbitrary text ------------------------------------------------
TOKENS = [*"ab1 -:[]{},&*!|>'\"#%@`?\n\t\\", "\x00", "\x07", "é", "\ufeff", "---", "...", "!!python/", "<<", "id: ", "- "]
YAMLISH = st.lists(st.sampled_from(TOKENS), max_size=120).map("".join)


@settings(max_examples=300, deadline=None)
@given(YAMLISH)
def test_yaml_reader_only_ever_raises_its_own_error(text: str):
    try:
        yamlsafe.parse(text)
    except yamlsafe.YamlError as exc:
        assert exc.line >= 0 and "\n" not in exc.message
