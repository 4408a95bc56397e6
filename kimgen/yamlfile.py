"""Reading admin-written text files and YAML safely, keeping line numbers.

YAML is composed into nodes first so that every key's line is known, then
constructed with the safe constructor. Aliases are refused outright: admins
never need them, and they are how "billion laughs" documents blow up.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from kimgen.messages import msg
from kimgen.problems import Problem

MAX_DEPTH = 20
# libyaml parses front matter several times faster; node marks and errors are the same
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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
    return text.replace("\r\n", "\n").replace("\r", "\n")


def load_yaml(text: str, rel: str, first_line: int = 1) -> tuple[object, dict[str, int]]:
    """Parse YAML; return the data and the line of every key as 'a.b.c' -> line.

    `first_line` is the file line the text starts on (front matter starts after `---`).
    """
    offset = first_line - 1
    for number, line in enumerate(text.split("\n"), start=first_line):
        stripped = line.lstrip(" ")
        if stripped.startswith("\t"):
            raise ContentError(Problem(rel, number, "", msg("tab_indent")))
    loader = _LOADER(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}
        lines: dict[str, int] = {}
        _walk(node, "", 0, set(), lines, rel, offset)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + offset if mark else first_line
        raise ContentError(Problem(rel, line, "", msg("yaml_invalid", detail=exc.problem or exc.context))) from None
    except yaml.YAMLError as exc:
        raise ContentError(Problem(rel, first_line, "", msg("yaml_invalid", detail=exc))) from None
    except (ValueError, TypeError, OverflowError) as exc:
        # the safe constructor raises these for values such as a 31 February
        raise ContentError(Problem(rel, first_line, "", msg("yaml_value_invalid", detail=exc))) from None
    finally:
        loader.dispose()
    return data, lines


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
