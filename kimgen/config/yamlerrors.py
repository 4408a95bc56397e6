"""What went wrong in a YAML text, said in the admin's words: line, field and the line rewritten.

PyYAML's own messages ("mapping values are not allowed here") name the parser's state, not the
mistake, and their line is often where the parser gave up rather than where the admin slipped.
Here the text around the error is read again to find the mistakes admins really make (a colon
in a title, quotes from a phone keyboard, a tab, a line without a colon) and, where it can,
to show the line as it should be written. The parser's English never leaves this module.
"""

from __future__ import annotations

import re
from typing import Callable

import yaml

from kimgen.problems.messages import msg

# `key: value`, also as a list item (`- key: value`); keys admins write are plain words
_KEY_LINE = re.compile(r"^(?P<indent> *)(?P<dash>(?:- +)*)(?P<key>[A-Za-z_][\w-]*) *:(?: +(?P<value>.*?))? *$")
_GLUED = re.compile(r"^ *(?:- +)?(?P<key>[A-Za-z_][\w-]*):(?P<value>[^\s/].*?) *$")  # not a URL's `https://`
_CURLY = {"“": "”", "”": "”", "„": "”", "‟": "”", "‘": "’", "’": "’", "‚": "’", "«": "»"}
_CURLY_CHARS = "“”„‟‘’‚«»"
# characters that mean something to YAML at the start of a value
_INDICATORS = "[]{}@`%*&!|>\"'#,?-"
_NUMBER_WORDS = {1: "satu", 2: "dua", 3: "tiga", 4: "empat", 6: "enam", 8: "delapan"}


def quoted(value: str) -> str:
    """`value` as a YAML quoted string an admin can read: double quotes unless they would need escapes."""
    if '"' not in value and "\\" not in value:
        return f'"{value}"'
    return "'" + value.replace("'", "''") + "'"


def explain(exc: yaml.YAMLError, text: str, front_matter: bool) -> tuple[int, str, str]:
    """(0-based line, field, message) for a YAML error in `text`."""
    index, field, message = _explain(exc, text.split("\n"), front_matter)
    return index, field, message or msg("yaml_unreadable")  # a rewrite that would not read is not offered


def _explain(exc: yaml.YAMLError, lines: list[str], front_matter: bool) -> tuple[int, str, str | None]:
    problem = getattr(exc, "problem", None) or ""
    context = getattr(exc, "context", None) or ""
    problem_mark = getattr(exc, "problem_mark", None)
    context_mark = getattr(exc, "context_mark", None)
    last = len(lines) - 1

    def line_of(mark) -> int:
        index = min(max(mark.line, 0), last) if mark else 0
        while index > 0 and not lines[index].strip():
            index -= 1  # the end of the text: the mistake is on the last line written
        return index

    if "could not find expected ':'" in problem and context_mark:
        index = line_of(context_mark)
        return index, field_at(lines, index), _no_colon(lines[index], front_matter)
    if "quoted scalar" in context and context_mark:
        index = line_of(context_mark)
        if "escape" in problem:
            return index, field_at(lines, index), _rewritten("yaml_backslash", lines[index], single=True)
        return index, field_at(lines, index), _unclosed_quote(lines[index], context_mark.column)
    if "flow sequence" in context or "flow mapping" in context:
        index = line_of(context_mark)
        found = _rewritten("yaml_needs_quotes", lines[index]) if _needs_quotes(lines[index]) else None
        return index, field_at(lines, index), found or _unclosed_flow(lines[index], "flow sequence" in context)
    if "another document" in problem:
        index = line_of(problem_mark)
        return index, "", msg("yaml_second_document")
    index = line_of(problem_mark or context_mark)
    line = lines[index]
    column = problem_mark.column if problem_mark and problem_mark.line == index else -1
    match = _KEY_LINE.match(line)
    value = (match.group("value") or "") if match else ""
    if value and value[0] in _CURLY_CHARS:
        return index, field_at(lines, index), _curly(match)
    if "mapping values are not allowed" in problem:
        if match and value and column > match.start("value"):
            return index, field_at(lines, index), _rewritten("yaml_colon", line)
        return _misplaced_line(lines, index, front_matter)
    if "cannot start any token" in problem and 0 <= column < len(line) and line[column] == "\t":
        return index, field_at(lines, index), msg("yaml_tab_inside", fixed=re.sub(r"\t+", " ", line).strip())
    if "found '-'" in problem:
        return index, field_at(lines, index), msg("yaml_list_item")
    if "block end" in problem or "document start" in problem:
        found = _misaligned(lines, index)
        if found:
            return found
    if value and (value[0] in _INDICATORS or "block scalar" in context or "alias" in context
                  or "anchor" in context or "constructor" in problem):
        message = _rewritten("yaml_quote_part" if value[0] in "\"'" else "yaml_needs_quotes", line)
        if message:
            return index, field_at(lines, index), message
    return index, field_at(lines, index), msg("yaml_unreadable")


def signed_value(lines: list[str], index: int) -> tuple[str, str]:
    """(field, message) for a value starting with `&` or `*` (YAML's anchors and aliases, refused)."""
    line = lines[min(max(index, 0), len(lines) - 1)] if lines else ""
    match = _KEY_LINE.match(line)
    value = (match.group("value") or "") if match else ""
    fixed = _rewritten("yaml_needs_quotes", line) if value[:1] in ("&", "*") else None
    return field_at(lines, index) if match else "", fixed or msg("yaml_alias")


def field_at(lines: list[str], index: int) -> str:
    """The dotted name of the field a line belongs to (`kontak.whatsapp`, `tag` for a list item), or ''."""
    names: list[str] = []
    indent = None
    for number in range(index, -1, -1):
        line = lines[number]
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _KEY_LINE.match(line) or (_GLUED.match(line) if indent is None else None)
        width = len(line) - len(line.lstrip(" -"))
        if indent is None:  # the line itself: its own key, or it belongs to a less indented one
            if match:
                names.append(match.group("key"))
            indent = width
        elif width < indent and match:
            names.append(match.group("key"))
            indent = width
        if indent == 0:
            break
    return ".".join(reversed(names))


def _rewritten(message_id: str, line: str, single: bool = False) -> str | None:
    """The message with the line rewritten so the whole value is one quoted string."""
    match = _KEY_LINE.match(line)
    if not match or not match.group("value"):
        return None
    value = match.group("value")
    if single and len(value) > 1 and value[0] == value[-1] == '"':
        value = value[1:-1]
        fixed = f"{match.group('dash')}{match.group('key')}: " + "'" + value.replace("'", "''") + "'"
    else:
        fixed = f"{match.group('dash')}{match.group('key')}: {quoted(value)}"
    if not _reads_as(fixed, match.group("key"), value):
        return None
    return msg(message_id, fixed=fixed, char=value[0])


def _reads_as(line: str, key: str, value: str) -> bool:
    try:
        loaded = yaml.safe_load(line.lstrip("- "))
    except yaml.YAMLError:
        return False
    return loaded == {key: value}


def _needs_quotes(line: str) -> bool:
    """A value that starts with `[` or `{` but goes on after the closing bracket: text, not a list."""
    match = _KEY_LINE.match(line)
    value = (match.group("value") or "") if match else ""
    if not value or value[0] not in "[{":
        return False
    close = value.find("]" if value[0] == "[" else "}")
    return 0 < close < len(value) - 1


def _curly(match: re.Match) -> str:
    value = match.group("value")
    inner = value[1:-1] if len(value) > 1 and value[-1] == _CURLY.get(value[0]) else value[1:]
    inner = inner.strip(_CURLY_CHARS)
    return msg("yaml_curly", fixed=f"{match.group('dash')}{match.group('key')}: {quoted(inner)}")


def _unclosed_quote(line: str, column: int) -> str:
    quote = line[column] if 0 <= column < len(line) and line[column] in "\"'" else '"'
    fixed = line.strip()
    fixed = fixed if fixed.endswith(quote) and len(fixed) > 1 else fixed + quote
    return msg("yaml_quote_open", quote=quote, fixed=fixed.lstrip("- ") if fixed.startswith("- ") else fixed)


def _unclosed_flow(line: str, sequence: bool) -> str:
    close = "]" if sequence else "}"
    return msg("yaml_flow_open", open="[" if sequence else "{", close=close, fixed=line.strip() + close)


def _no_colon(line: str, front_matter: bool) -> str:
    glued = _GLUED.match(line)
    if glued:  # `judul:Rapat`: the colon is there, the space after it is not
        return msg("yaml_space_after_colon", fixed=f"{glued.group('key')}: {glued.group('value')}")
    return msg("yaml_no_colon_front" if front_matter else "yaml_no_colon")


def _misplaced_line(lines: list[str], index: int, front_matter: bool) -> tuple[int, str, str]:
    """`key:` that the parser could not place: this line is indented too far, or the one above has no colon."""
    above = index - 1
    while above >= 0 and (not lines[above].strip() or lines[above].lstrip().startswith("#")):
        above -= 1
    line = lines[index]
    match = _KEY_LINE.match(line)
    previous = _KEY_LINE.match(lines[above]) if above >= 0 else None
    if above >= 0 and previous is None and not lines[above].lstrip().startswith("-"):
        return above, field_at(lines, above), _no_colon(lines[above], front_matter)
    if match and line.startswith(" ") and previous is not None and previous.group("value"):
        if previous.group("indent"):
            return _misaligned(lines, index) or (index, match.group("key"), None)
        return index, match.group("key"), msg("yaml_indent", key=match.group("key"), above=previous.group("key"))
    return index, field_at(lines, index), msg("yaml_unreadable")


def _width(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _misaligned(lines: list[str], index: int) -> tuple[int, str, str] | None:
    """A line indented unlike the fields of its group (or a first field that is indented at all)."""
    content = [number for number, line in enumerate(lines[: index + 1])
               if line.strip() and not line.lstrip().startswith("#")]
    if not content:
        return None
    first = content[0]
    if _width(lines[first]) > 0 and first < index:
        return first, field_at(lines, first), msg("yaml_indent_first", count=_width(lines[first]))
    above = content[-2] if len(content) > 1 else None
    match = _KEY_LINE.match(lines[index])
    if above is None or not match or _width(lines[above]) == _width(lines[index]):
        return None
    previous = _KEY_LINE.match(lines[above])
    if previous is None or not previous.group("value"):
        return None
    aligned = lines[:index] + [" " * _width(lines[above]) + lines[index].lstrip(" ")]
    return index, field_at(aligned, index), msg("yaml_misaligned", key=match.group("key"), count=_width(lines[index]),
                                               above=previous.group("key"), above_count=_width(lines[above]))


def tab_advice(lines: list[str], index: int, parses: Callable[[str], bool]) -> tuple[str, str]:
    """(message, field): how to replace the tabs that start line `index` so that the text up to it reads.

    Replacing a tab by two spaces is right under a `key:` that opens a group, wrong after
    `judul: ...` (the line would then continue judul's value): the indent chosen is the first,
    in order of likelihood, that makes the lines so far read without error.
    """
    line = lines[index]
    rest = line.lstrip(" \t")
    above = [candidate for candidate in lines[:index] if candidate.strip() and not candidate.lstrip().startswith("#")]
    candidates: list[int] = []
    if above:
        previous = above[-1]
        width = len(previous) - len(previous.lstrip(" "))
        opens = previous.rstrip().endswith(":")
        candidates += [width + 2, width] if opens else [width, max(0, width - 2)]
    candidates += [len(line[: len(line) - len(rest)].replace("\t", "  ")), 2, 0]
    candidates += sorted({len(a) - len(a.lstrip(" ")) for a in above})
    for spaces in dict.fromkeys(candidates):
        if parses("\n".join(lines[:index] + [" " * spaces + rest])):
            break
    else:
        spaces = 2
    field = field_at(lines[:index] + [" " * spaces + rest], index)
    if spaces == 0:
        return msg("tab_indent_remove", start=rest.split(":")[0] + ":" if ":" in rest else rest[:20]), field
    return msg("tab_indent", count=_NUMBER_WORDS.get(spaces, str(spaces))), field
