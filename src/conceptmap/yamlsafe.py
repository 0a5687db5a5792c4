"""Safe YAML reading that keeps line numbers.

We compose the node tree with libyaml (when present) and build Python values
ourselves. That way nothing but plain scalars, lists and mappings can ever be
constructed (no ``!!python/object``), aliases are refused (so an alias bomb
cannot expand), nesting is bounded, and every mapping remembers the line of
each of its keys for error messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

try:  # libyaml is much faster; pure Python is a correct fallback.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_NESTING = 20  # our format needs 4 levels; anything far deeper is hostile
_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class YamlError(Exception):
    """The text is not YAML we accept; carries a 1-based line."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


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


@dataclass
class _Walker:
    seen: set[int] = field(default_factory=set)

    def build(self, node: yaml.Node, depth: int) -> Any:
        if depth > MAX_NESTING:
            raise YamlError(f"nested more than {MAX_NESTING} levels deep", node.start_mark.line + 1)
        if id(node) in self.seen:
            # The composer hands back the same node object for every *alias.
            raise YamlError("YAML anchors and aliases are not allowed", node.start_mark.line + 1)
        self.seen.add(id(node))
        tag = node.tag
        if isinstance(node, yaml.ScalarNode):
            return _scalar(node)
        if isinstance(node, yaml.SequenceNode):
            if tag != _SEQ:
                raise YamlError(f"YAML tag {tag!r} is not allowed", node.start_mark.line + 1)
            return [self.build(item, depth + 1) for item in node.value]
        if isinstance(node, yaml.MappingNode):
            if tag != _MAP:
                raise YamlError(f"YAML tag {tag!r} is not allowed", node.start_mark.line + 1)
            out = Map(node.start_mark.line + 1)
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise YamlError("mapping keys must be plain words", key_node.start_mark.line + 1)
                key = str(_scalar(key_node))
                line = key_node.start_mark.line + 1
                if key == "<<":
                    raise YamlError("YAML merge keys are not allowed", line)
                if key in out:
                    raise YamlError(f"key {key!r} appears twice", line)
                out[key] = self.build(value_node, depth + 1)
                out.key_lines[key] = line
            return out
        raise YamlError("unsupported YAML node", node.start_mark.line + 1)  # pragma: no cover


def _scalar(node: yaml.ScalarNode) -> Any:
    tag, text = node.tag, node.value
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
    raise YamlError(f"YAML tag {tag!r} is not allowed", node.start_mark.line + 1)


def parse(text: str) -> Any:
    """Parse one YAML document into plain Python values (``Map`` for mappings)."""
    if "\t" in text:
        # YAML forbids tabs for indentation; libyaml's message for them is obscure.
        for number, line in enumerate(text.splitlines(), 1):
            stripped = line.lstrip(" ")
            if stripped.startswith("\t"):
                raise YamlError("tab used for indentation (use spaces)", number)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        raise YamlError(f"YAML syntax: {exc.problem or exc.context}", line) from None
    except yaml.YAMLError as exc:
        raise YamlError(f"YAML: {exc}", 0) from None
    except RecursionError:
        raise YamlError("nesting too deep to read", 0) from None
    if node is None:
        return None
    return _Walker().build(node, 0)


def max_nesting_hint(text: str) -> int:
    """A cheap upper bound on bracket nesting, to refuse pathological flow YAML before parsing."""
    depth = best = 0
    for char in text:
        if char in "[{":
            depth += 1
            if depth > best:
                best = depth
        elif char in "]}":
            depth -= 1
    return best
