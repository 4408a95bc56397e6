"""Reading admin-written text files and YAML safely, keeping line numbers.

YAML is composed into nodes first so that every key's line is known, then
constructed with the safe constructor. Aliases are refused outright: admins
never need them, and they are how "billion laughs" documents blow up.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

from kimgen.problems.messages import msg
from kimgen.problems import Problem

MAX_DEPTH = 20
_CONTROL = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class _Guard:
    """Refuses aliases and deep nesting while composing.

    PyYAML composes recursively, so a document nested a few thousand levels deep
    would hit Python's recursion limit before any check on the finished tree.
    """

    depth = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise _Refused(event.start_mark.line, msg("yaml_alias"))
        if self.check_event(yaml.MappingStartEvent, yaml.SequenceStartEvent):
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise _Refused(self.peek_event().start_mark.line, msg("too_deep", depth=MAX_DEPTH))
            try:
                return super().compose_node(parent, index)
            finally:
                self.depth -= 1
        return super().compose_node(parent, index)


class _GuardedLoader(_Guard, yaml.SafeLoader):
    """The pure-Python loader: its error messages are the ones admins see."""


try:
    from yaml._yaml import CParser
except ImportError:  # PyYAML built without libyaml
    _FastLoader = _GuardedLoader
else:
    class _FastLoader(_Guard, Composer, CParser, SafeConstructor, Resolver):
        """libyaml scans and parses (3x faster on front matter); composing stays guarded in Python."""

        def __init__(self, stream):
            CParser.__init__(self, stream)
            Composer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)


class _Refused(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


class ContentError(Exception):
    """One problem that stops a single file from being used."""

    def __init__(self, problem: Problem):
        super().__init__(problem.format())
        self.problem = problem


def read_text(path: Path, rel: str, max_bytes: int | None = None) -> str:
    """Decode a content file as UTF-8, forgiving a BOM and CRLF endings."""
    data = path.read_bytes()
    if max_bytes is not None and len(data) > max_bytes:
        raise ContentError(Problem(rel, 0, "", msg("file_too_big", size=len(data) // 1024,
                                                    limit=max_bytes // 1024)))
    if b"\x00" in data:
        raise ContentError(Problem(rel, 0, "", msg("binary_file")))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ContentError(Problem(rel, line, "", msg("not_utf8")))
    return strip_controls(text.replace("\r\n", "\n").replace("\r", "\n"))


def strip_controls(text: str) -> str:
    """Drop invisible control characters (pasted from chat apps, or YAML escapes like "\\b"):
    they are invalid in the feeds' XML."""
    return _CONTROL.sub("", text)


def load_yaml(text: str, rel: str, first_line: int = 1) -> tuple[object, dict[str, int]]:
    """Parse YAML; return the data and the line of every key as 'a.b.c' -> line.

    `first_line` is the file line the text starts on (front matter starts after `---`).
    """
    return _load_yaml(text, rel, first_line)


def _load_yaml(text: str, rel: str, first_line: int) -> tuple[object, dict[str, int]]:
    offset = first_line - 1
    for number, line in enumerate(text.split("\n"), start=first_line):
        stripped = line.lstrip(" ")
        if stripped.startswith("\t"):
            raise ContentError(Problem(rel, number, "", msg("tab_indent")))
    try:  # the fast loader for the usual good file; a bad one is read again for the familiar messages
        return _load(_FastLoader, text, rel, offset)
    except (yaml.YAMLError, _Refused, ValueError, TypeError, OverflowError):
        pass
    try:
        return _load(_GuardedLoader, text, rel, offset)
    except _Refused as exc:
        raise ContentError(Problem(rel, exc.line + 1 + offset, "", exc.message)) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + offset if mark else first_line
        raise ContentError(Problem(rel, line, "", msg("yaml_invalid", detail=exc.problem or exc.context))) from None
    except yaml.YAMLError as exc:
        raise ContentError(Problem(rel, first_line, "", msg("yaml_invalid", detail=exc))) from None
    except (ValueError, TypeError, OverflowError) as exc:
        # the safe constructor raises these for values such as a 31 February
        raise ContentError(Problem(rel, first_line, "", msg("yaml_value_invalid", detail=exc))) from None


def _load(loader_class, text: str, rel: str, offset: int) -> tuple[object, dict[str, int]]:
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}
        lines: dict[str, int] = {}
        _walk(node, "", 0, set(), lines, rel, offset)
        return loader.construct_document(node), lines
    finally:
        loader.dispose()


def _walk(node, prefix: str, depth: int, seen: set[int], lines: dict[str, int], rel: str, offset: int) -> None:
    if depth > MAX_DEPTH:
        raise ContentError(Problem(rel, node.start_mark.line + 1 + offset, "", msg("too_deep", depth=MAX_DEPTH)))
    if isinstance(node, yaml.ScalarNode):
        return
    if id(node) in seen:
        raise ContentError(Problem(rel, node.start_mark.line + 1 + offset, "", msg("yaml_alias")))
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            name = str(key.value) if isinstance(key, yaml.ScalarNode) else "?"
            path = f"{prefix}.{name}" if prefix else name
            lines.setdefault(path, key.start_mark.line + 1 + offset)
            _walk(value, path, depth + 1, seen, lines, rel, offset)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            path = f"{prefix}.{index}"
            lines.setdefault(path, item.start_mark.line + 1 + offset)
            _walk(item, path, depth + 1, seen, lines, rel, offset)
