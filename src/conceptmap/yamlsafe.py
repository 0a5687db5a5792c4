"""Safe YAML reading that keeps line numbers.

libyaml (when present) turns the text into a stream of parse events; we build
Python values from those events ourselves, with a loop and an explicit stack.
That way nothing but plain scalars, lists and mappings can ever be constructed
(no ``!!python/object``), anchors and aliases are refused at the first one (so
an alias bomb cannot expand), nesting is refused as soon as it goes too deep
(nothing recurses, however deep the input), and every mapping remembers the line
of each of its keys for error messages.
"""

from __future__ import annotations

from typing import Any, cast

import yaml

try:  # libyaml is much faster; pure Python is a correct fallback.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_NESTING = 20  # our format needs 4 levels; anything far deeper is hostile
MAX_VALUES = 200_000  # a curated file holds a few thousand; this bounds the work on a hostile one
_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_PREFIX = "tag:yaml.org,2002:"
_NO_KEY = object()  # a mapping frame waiting for its next key


class YamlError(Exception):
    """The text is not YAML we accept; carries a 1-based line and a problem code."""

    def __init__(self, message: str, line: int, code: str = "yaml") -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.code = code


class Map(dict[str, Any]):
    """A mapping that knows where it and each of its keys stand in the file."""

    line: int = 0
    key_lines: dict[str, int]

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.key_lines = {}

    def line_of(self, key: str) -> int:
        """The line of a key, or of the mapping itself when the key is absent."""
        return self.key_lines.get(key, self.line)


class Seq(list[Any]):
    """A list that knows the line of each of its items."""

    lines: list[int]

    def __init__(self) -> None:
        super().__init__()
        self.lines = []

    def line_at(self, index: int) -> int:
        """The line where item ``index`` starts."""
        return self.lines[index]


class _Frame:
    """One open list or mapping while building; a mapping also holds the key it waits to fill."""

    __slots__ = ("value", "line", "key", "key_line")

    def __init__(self, value: Seq | Map, line: int) -> None:
        self.value = value
        self.line = line
        self.key: Any = _NO_KEY if isinstance(value, Map) else None
        self.key_line = 0

    def set_key(self, key: str, line: int) -> None:
        """Take a mapping's next key, refusing merge keys and repeats."""
        if key == "<<":
            raise YamlError("YAML merge keys are not allowed", line)
        if key in self.value:
            first = cast(Map, self.value).key_lines[key]  # only a mapping's frame waits for a key
            raise YamlError(f"key {key!r} appears twice (first at line {first})", line)
        self.key, self.key_line = key, line

    def add(self, item: Any, line: int) -> None:
        """Put a finished value into this container (under the pending key for a mapping)."""
        value = self.value
        if isinstance(value, Seq):
            value.append(item)
            value.lines.append(line)
        else:
            value[self.key] = item
            value.key_lines[self.key] = self.key_line
            self.key = _NO_KEY


def parse(text: str) -> Any:
    """Parse one YAML document into plain Python values (``Map`` and ``Seq`` for containers)."""
    _refuse_tab_indentation(text)
    loader = None
    try:
        loader = _Loader(text)
        loader.get_event()  # stream start
        if loader.check_event(yaml.StreamEndEvent):
            return None  # nothing but blank lines and comments
        loader.get_event()  # document start
        value = _build(loader)
        loader.get_event()  # document end
        if not loader.check_event(yaml.StreamEndEvent):
            raise YamlError("more than one YAML document in the file (a second '---')", _line(loader.peek_event()))
        return value
    except yaml.MarkedYAMLError as exc:
        if _refused_as_too_deep(exc):
            # Newer libyaml (PyYAML 6.0.3+) caps nesting itself, often before our own
            # check sees the events; either way the user reads the same one line.
            raise YamlError(f"nested more than {MAX_NESTING} levels deep", _mark_line(exc), "too-deep") from None
        raise _syntax_error(exc, text) from None
    except yaml.reader.ReaderError as exc:
        raise YamlError(f"YAML: {exc.reason} (character {_char_name(exc.character)})", _line_of_char(text, exc.character)) from None
    except yaml.YAMLError as exc:
        raise YamlError(f"YAML: {exc}", 0) from None
    finally:
        if loader is not None:
            loader.dispose()


def _build(loader: Any) -> Any:
    """The value of the node that starts at the next event, built without recursion."""
    get_event = loader.get_event
    stack: list[_Frame] = []
    top: _Frame | None = None
    events = 0
    while True:
        event = get_event()
        kind = type(event)
        line = event.start_mark.line + 1
        events += 1
        if events > 2 * MAX_VALUES:  # each value is one event, or two for a list or mapping
            raise YamlError(f"more than {MAX_VALUES:,} values in one file; split it into smaller files", line, "too-large")
        if kind is yaml.AliasEvent or getattr(event, "anchor", None):
            raise YamlError("YAML anchors and aliases are not allowed", line)
        if kind is yaml.ScalarEvent:
            if top is not None and top.key is _NO_KEY:
                top.set_key(event.value, line)  # kept as written: `yes:` is the field "yes"
                continue
            value: Any = _scalar(loader, event)
        elif kind is yaml.SequenceStartEvent or kind is yaml.MappingStartEvent:
            if top is not None and top.key is _NO_KEY:
                raise YamlError("mapping keys must be plain words", line)
            if len(stack) >= MAX_NESTING:
                raise YamlError(f"nested more than {MAX_NESTING} levels deep", line, "too-deep")
            is_seq = kind is yaml.SequenceStartEvent
            node_type, want = (yaml.SequenceNode, _SEQ) if is_seq else (yaml.MappingNode, _MAP)
            if _tag(loader, event, node_type, None) != want:
                raise YamlError(f"YAML tag {_short(event.tag)} is not allowed", line)
            top = _Frame(Seq() if is_seq else Map(line), line)
            stack.append(top)
            continue
        else:  # the end of a list or mapping
            frame = stack.pop()
            value, line = frame.value, frame.line
            top = stack[-1] if stack else None
        if top is None:
            return value
        top.add(value, line)


def _line(event: Any) -> int:
    """The 1-based line where an event starts."""
    line: int = event.start_mark.line + 1
    return line


def _tag(loader: Any, event: Any, node_type: type, value: str | None) -> str:
    """A node's tag: its explicit one, or the one YAML's rules give untagged text."""
    if event.tag is None or event.tag == "!":
        resolved: str = loader.resolve(node_type, value, event.implicit)
        return resolved
    explicit: str = event.tag
    return explicit


def _scalar(loader: Any, event: Any) -> Any:
    """A plain value from a scalar event: text, number, true/false or None; other tags are refused."""
    tag, text = _tag(loader, event, yaml.ScalarNode, event.value), event.value
    if tag == _STR:
        return text
    if tag == _INT:
        try:
            return int(text.replace("_", ""), 0)
        except ValueError:
            return text
    if tag == _FLOAT:
        try:
            return float(text.replace("_", ""))
        except ValueError:
            return text
    if tag == _BOOL:
        return text.lower() in ("true", "yes", "on")
    if tag == _NULL:
        return None
    if tag == _TIMESTAMP:
        return text  # kept as text: we never need dates as objects
    raise YamlError(f"YAML tag {_short(tag)} is not allowed", _line(event))


def _short(tag: str) -> str:
    """A tag as it is written in YAML: "!!python/object", not its full URI."""
    return "!!" + tag[len(_PREFIX):] if tag.startswith(_PREFIX) else tag


def _refuse_tab_indentation(text: str) -> None:
    """YAML forbids tabs for indentation; libyaml's message for them is obscure."""
    if "\t" not in text:
        return
    for number, line in enumerate(text.splitlines(), 1):
        if line.lstrip(" ").startswith("\t"):
            raise YamlError("tab used for indentation (use spaces)", number)


def _refused_as_too_deep(exc: yaml.MarkedYAMLError) -> bool:
    """libyaml's own nesting limit ("exceeded maximum nesting depth"), whatever it is set to."""
    return "nesting depth" in (exc.problem or "")


def _mark_line(exc: yaml.MarkedYAMLError) -> int:
    """The 1-based line an error points at (0 when it points nowhere)."""
    mark = exc.problem_mark or exc.context_mark
    return mark.line + 1 if mark else 0


def _syntax_error(exc: yaml.MarkedYAMLError, text: str) -> YamlError:
    """libyaml's error as one line, with a plainer word for a stray tab."""
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 0
    problem = exc.problem or exc.context or "not valid YAML"
    if mark is not None and 0 <= mark.index < len(text) and text[mark.index] == "\t":
        problem = "tab character where YAML expects a space"
    elif exc.problem and exc.context:
        where = exc.context_mark.line + 1 if exc.context_mark else line
        problem += f" ({exc.context}" + (f" at line {where})" if where != line else ")")
    return YamlError(f"YAML syntax: {problem}", line)


def _char_name(character: Any) -> str:
    """A character as its code point, "U+0007": safe to print whatever it is."""
    code = character if isinstance(character, int) else ord(character)
    return f"U+{code:04X}"


def _line_of_char(text: str, character: Any) -> int:
    """The line of the first occurrence of a character libyaml refused."""
    char = chr(character) if isinstance(character, int) else character
    index = text.find(char)
    return text.count("\n", 0, index) + 1 if index >= 0 else 0
