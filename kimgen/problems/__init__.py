"""Problems found in content: collected, never raised past the build.

Every message a KIM admin sees is built here or passes through here, so the
`path:line: field: message` shape stays the same everywhere.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from kimgen.problems.messages import did_you_mean, language, msg_in  # noqa: F401 - did_you_mean is re-exported

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    path: str  # relative to the content root, with forward slashes
    line: int  # 1-based; 0 when unknown
    field: str
    message: str
    level: str = ERROR
    # the language the message was written in (provinsi.yaml's `bahasa`), for the label around it
    lang: str = dataclasses.field(default_factory=language, compare=False)

    def format(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        label = msg_in(self.lang, "label_warning") if self.level == WARNING else ""
        what = f"{self.field}: " if self.field else ""
        return f"{where}: {label}{what}{self.message}"


@dataclass
class Problems:
    """Collects problems of one unit of work (a KIM, the province)."""

    items: list[Problem] = field(default_factory=list)

    def error(self, path: str, line: int, fld: str, message: str) -> None:
        self.items.append(Problem(path, line, fld, message, ERROR))

    def warning(self, path: str, line: int, fld: str, message: str) -> None:
        self.items.append(Problem(path, line, fld, message, WARNING))

    def extend(self, other: "Problems | list[Problem]") -> None:
        self.items.extend(other.items if isinstance(other, Problems) else other)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.level == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.level == WARNING]

    def __bool__(self) -> bool:
        return bool(self.items)
