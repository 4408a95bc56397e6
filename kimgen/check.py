"""`kimgen check`: read and validate everything, write nothing."""

from __future__ import annotations

from pathlib import Path

from kimgen.build import read
from kimgen.problems import Problem, Problems


def check(root: Path) -> list[Problem]:
    problems = Problems()
    read(root, problems)
    return problems.items
