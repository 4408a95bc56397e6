"""Reading admin-written text files and YAML safely, keeping line numbers.

YAML is composed into nodes first so that every key's line is known, then
constructed with the safe constructor. Aliases are refused outright: admins
never need them, and they are how "billion laughs" documents blow up.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

from kimgen.problems.messages import msg
from kimgen.problems import Problem
from kimgen.config.yamlerrors import explain, signed_value, tab_advice

MAX_DEPTH = 20
# provinsi.yaml has no size limit of its own; no real one comes near this
MAX_TEXT_BYTES = 1024 * 1024
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# YAML's "\ud800" escapes give lone UTF-16 halves, which no UTF-8 page, feed or cache can hold
_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")
_INT_TAG, _STR_TAG = "tag:yaml.org,2002:int", "tag:yaml.org,2002:str"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
# plain values YAML reads as something other than text: a text field gets them as written
_NOT_TEXT = {_INT_TAG, "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool", _TIMESTAMP_TAG}


class _Guard:
    """Refuses aliases and deep nesting while composing.

    PyYAML composes recursively, so a document nested a few thousand levels deep
    would hit Python's recursion limit before any check on the finished tree.
    """

    depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, (yaml.AliasEvent, yaml.ScalarEvent)) and (isinstance(event, yaml.AliasEvent)
                                                                        or event.anchor):
            # `judul: *Penting` or `judul: &Co`: most likely text that needs quotes, said so on its line
            raise _Refused(event.start_mark.line, msg("yaml_alias"), sign=True)
        if getattr(event, "anchor", None):
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
    def __init__(self, line: int, message: str, sign: bool = False):
        super().__init__(message)
        self.line = line
        self.message = message
        self.sign = sign  # refused for a & or * at the start of a value


class KeyLines(dict):
    """The line of every key ('a.b.c' -> line), and `written`: how the admin wrote each plain value that
    YAML read as a number, a yes/no or a date ('a.b.c' -> text), for the fields that want text."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.written: dict[str, str] = {}


class ContentError(Exception):
    """One problem that stops a single file from being used."""

    def __init__(self, problem: Problem):
        super().__init__(problem.format())
        self.problem = problem


def read_text(path: Path, rel: str, max_bytes: int | None = None) -> str:
    """Decode a content file as UTF-8, forgiving a BOM and CRLF endings.

    The size is known before a byte is read (a 4 GB sparse file costs nothing), and no more
    than the limit is read even from a file that grows meanwhile.
    """
    limit = MAX_TEXT_BYTES if max_bytes is None else max_bytes
    with open(path, "rb", opener=_nonblocking) as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise ContentError(Problem(rel, 0, "", msg("not_a_file")))
        if info.st_size > limit:
            raise ContentError(Problem(rel, 0, "", msg("file_too_big", size=info.st_size // 1024,
                                                        limit=limit // 1024)))
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise ContentError(Problem(rel, 0, "", msg("file_too_big", size=len(data) // 1024, limit=limit // 1024)))
    if b"\x00" in data:
        raise ContentError(Problem(rel, 0, "", msg("binary_file")))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ContentError(Problem(rel, line, "", msg("not_utf8")))
    return strip_controls(text.replace("\r\n", "\n").replace("\r", "\n"))


def _nonblocking(path, flags: int) -> int:
    # a FIFO put where a post should be would block open() forever; fstat then refuses it
    return os.open(path, flags | getattr(os, "O_NONBLOCK", 0))


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
    rows = text.split("\n")
    for index, line in enumerate(rows):
        if line.lstrip(" ").startswith("\t"):
            message, field = tab_advice(rows, index, _reads)
            raise ContentError(Problem(rel, index + first_line, field, message))
    try:  # the fast loader for the usual good file; a bad one is read again for the familiar messages
        return _load(_FastLoader, text, rel, offset)
    except (yaml.YAMLError, _Refused, ValueError, TypeError, OverflowError):
        pass
    try:
        return _load(_GuardedLoader, text, rel, offset)
    except _Refused as exc:
        field, message = signed_value(rows, exc.line) if exc.sign else ("", exc.message)
        raise ContentError(Problem(rel, exc.line + 1 + offset, field, message)) from None
    except yaml.YAMLError as exc:  # said in the admin's words, on the line where the mistake is
        index, field, message = explain(exc, text, front_matter=first_line > 1)
        raise ContentError(Problem(rel, index + first_line, field, message)) from None
    except (ValueError, TypeError, OverflowError):
        # what the constructor still refuses once impossible dates are read as text
        raise ContentError(Problem(rel, first_line, "", msg("yaml_unreadable"))) from None


def _reads(text: str) -> bool:
    """Whether `text` reads as YAML (for advice that must lead to a file that builds)."""
    try:
        _load(_GuardedLoader, text, "", 0)
    except (yaml.YAMLError, _Refused, ContentError, ValueError, TypeError, OverflowError):
        return False
    return True


def _load(loader_class, text: str, rel: str, offset: int) -> tuple[object, dict[str, int]]:
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}
        lines = KeyLines()
        _walk(node, "", 0, set(), lines, rel, offset)
        return loader.construct_document(node), lines
    finally:
        loader.dispose()


def _whole_characters(node, field: str, rel: str, offset: int) -> None:
    """Join escaped UTF-16 pairs ("\\ud83d\\ude00") into their character; refuse a lone half."""
    if not isinstance(node.value, str) or not _SURROGATE.search(node.value):
        return
    node.value = _SURROGATE_PAIR.sub(lambda m: m.group().encode("utf-16", "surrogatepass").decode("utf-16"),
                                     node.value)
    lone = _SURROGATE.search(node.value)
    if lone:
        raise ContentError(Problem(rel, node.start_mark.line + 1 + offset, field,
                                   msg("yaml_surrogate", code=f"\\u{ord(lone.group()):04x}")))


def _real_date(node) -> bool:
    try:
        SafeConstructor().construct_yaml_timestamp(node)
    except (ValueError, OverflowError):
        return False
    return True


def _walk(node, prefix: str, depth: int, seen: set[int], lines: dict[str, int], rel: str, offset: int) -> None:
    if depth > MAX_DEPTH:
        raise ContentError(Problem(rel, node.start_mark.line + 1 + offset, "", msg("too_deep", depth=MAX_DEPTH)))
    if isinstance(node, yaml.ScalarNode):
        _whole_characters(node, prefix, rel, offset)
        if node.tag == _INT_TAG and len(node.value) > 100:
            # Python refuses to read integers of over 4,300 digits; as text, the field's own
            # converter says what is wrong, on this line
            node.tag = _STR_TAG
        if node.tag == _TIMESTAMP_TAG and not _real_date(node):
            node.tag = _STR_TAG  # 2024-13-45: the date field says what is wrong, on this line
        if node.tag in _NOT_TEXT and not node.style and isinstance(lines, KeyLines):
            lines.written[prefix] = node.value
        return
    if id(node) in seen:
        raise ContentError(Problem(rel, node.start_mark.line + 1 + offset, "", msg("yaml_alias")))
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                _whole_characters(key, prefix, rel, offset)
            name = str(key.value) if isinstance(key, yaml.ScalarNode) else "?"
            path = f"{prefix}.{name}" if prefix else name
            lines.setdefault(path, key.start_mark.line + 1 + offset)
            _walk(value, path, depth + 1, seen, lines, rel, offset)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            path = f"{prefix}.{index}"
            lines.setdefault(path, item.start_mark.line + 1 + offset)
            _walk(item, path, depth + 1, seen, lines, rel, offset)
