"""A KIM's files as the editor shows and edits them: the list of posts, one post read for its form."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from kimgen.config.yamlfile import ContentError, load_yaml, read_text
from kimgen.content.parsing import split_front_matter
from kimgen.editor.confine import EDITABLE_KINDS, POST_NAME, NotFound, inside, kim_folder

LISTED_KINDS = EDITABLE_KINDS
MAX_BYTES = 1024 * 1024


@dataclass
class Entry:
    kind: str
    name: str
    rel: str  # relative to the content root
    title: str
    date: dt.date | None
    draft: bool = False
    problems: int = 0


@dataclass
class Parsed:
    """A post file taken apart for its form; `problem` says why it could not be (then: edit as text)."""

    text: str
    data: dict = field(default_factory=dict)
    body: str = ""
    problem: str = ""


def parse(text: str, rel: str) -> Parsed:
    try:
        front, body, _line = split_front_matter(text, rel)
        data, _lines = load_yaml(front, rel, first_line=2)
    except ContentError as exc:
        return Parsed(text, problem=exc.problem.format())
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return Parsed(text, problem=rel)
    return Parsed(text, {str(k): v for k, v in data.items()}, body.lstrip("\n"))


def read(path: Path, rel: str) -> Parsed:
    try:
        return parse(read_text(path, rel, MAX_BYTES), rel)
    except ContentError as exc:
        return Parsed("", problem=exc.problem.format())


def _day(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def entries(root: Path, slug: str, problems: dict[str, list]) -> list[Entry]:
    """Every post of the KIM, newest first (undated pages last), drafts and posts with problems included."""
    folder = kim_folder(root, slug)
    found = []
    for kind in LISTED_KINDS:
        try:
            sub = inside(folder, kind)
        except NotFound:
            continue
        if not sub.is_dir():
            continue
        for path in sorted(sub.iterdir()):
            if not POST_NAME.fullmatch(path.name) or path.is_symlink() or not path.is_file():
                continue
            rel = f"kim/{slug}/{kind}/{path.name}"
            parsed = read(path, rel)
            title = parsed.data.get("judul")
            errors = sum(1 for p in problems.get(rel, []) if p.level == "error") or (1 if parsed.problem else 0)
            found.append(Entry(kind, path.name, rel, str(title) if title else path.name,
                               _day(parsed.data.get("tanggal")), parsed.data.get("draf") is True, errors))
    found.sort(key=lambda e: (e.date or dt.date.min, e.name), reverse=True)
    return found
