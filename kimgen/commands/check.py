"""`kimgen check`: read and validate everything, write nothing.

Three output formats: `text` for people (`path:line: field: message`), `json`
(one object per problem per line, for scripts) and `github` (workflow commands,
so GitHub Actions shows each problem on the offending line of a pull request).
"""

from __future__ import annotations

import json
from pathlib import Path

from kimgen.build.reading import read
from kimgen.problems import ERROR, Problem, Problems

FORMATS = ("text", "json", "github")


def check(root: Path) -> list[Problem]:
    """Every problem of the content root, in a stable order."""
    problems = Problems()
    read(root, problems)
    return sorted(problems.items, key=lambda p: (p.path, p.line, p.level, p.field, p.message))


def format_problem(problem: Problem, fmt: str, root: Path | None = None) -> str:
    if fmt == "json":
        return json.dumps({"path": problem.path, "line": problem.line, "field": problem.field,
                           "level": problem.level, "message": problem.message, "text": problem.format()},
                          ensure_ascii=False)
    if fmt == "github":
        return _github(problem, root)
    return problem.format()


def _github(problem: Problem, root: Path | None) -> str:
    # Annotations are matched against paths in the repository, which is the working directory in CI.
    path = (root / problem.path).as_posix() if root is not None and str(root) != "." else problem.path
    props = f"file={_escape_property(path)}"
    if problem.line:
        props += f",line={problem.line}"
    props += f",title={_escape_property('kimgen: ' + problem.field if problem.field else 'kimgen')}"
    command = "error" if problem.level == ERROR else "warning"
    return f"::{command} {props}::{_escape_data(problem.message)}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
