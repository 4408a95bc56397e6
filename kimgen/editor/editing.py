"""What the post and profile forms share: problems placed beside their fields, photos from the
form, and saving: the concurrent-edit check, the write, the commit, and undoing the write when
git refuses the commit."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from kimgen.config.yamlfile import ContentError, load_yaml
from kimgen.content.parsing import split_front_matter
from kimgen.editor import uploads
from kimgen.editor.forms import BODY, Input
from kimgen.editor.git import GitError, blob_hash, file_hash
from kimgen.editor.photos import MAX_UPLOAD, PhotoError
from kimgen.editor.web import Req
from kimgen.problems import Problem

GENERAL = ""


@dataclass
class Placed:
    """Problems by the form field they belong to; GENERAL for those of the whole file."""

    by_key: dict[str, list[Problem]] = field(default_factory=dict)

    def add(self, key: str, problem: Problem) -> None:
        self.by_key.setdefault(key, []).append(problem)

    def of(self, key: str) -> list[Problem]:
        return self.by_key.get(key, [])

    @property
    def count(self) -> int:
        return sum(1 for items in self.by_key.values() for p in items if p.level == "error")


def place(problems: list[Problem], text: str, inputs: list[Input], front_matter: bool = True) -> Placed:
    keys = [inp.key for inp in inputs]
    lines: dict[str, int] = {}
    body_line = 10 ** 9
    try:
        front = text
        if front_matter:
            front, _body, body_line = split_front_matter(text, "")
        lines = load_yaml(front, "", first_line=2 if front_matter else 1)[1]
    except ContentError:
        pass
    at_line = {line: key for key, line in sorted(lines.items(), key=lambda item: -len(item[0]))}
    placed = Placed()
    for problem in problems:
        # the closing `---` belongs to the body: "nothing below the ---" is a problem of Isi
        key = problem.field or (BODY if problem.line >= body_line - 1 else at_line.get(problem.line, GENERAL))
        if key == "slug" and "slug" not in keys:
            key = "judul"  # the file name, and so the address, comes from the title
        if key not in keys and key != BODY:
            key = next((k for k in keys if k.startswith(key + ".") or key.startswith(k + ".")), GENERAL) \
                if key else GENERAL
        if key == BODY and not front_matter:
            key = GENERAL
        placed.add(key, problem)
    return placed


def plain_required(placed: Placed, inputs: list[Input], values: dict[str, str], said: str) -> None:
    """An empty required field is simply "required": the checks' own message tells how to add the
    line to a file by hand, which a form has no use for."""
    for inp in inputs:
        if inp.required and not values.get(inp.key, "").strip() and placed.of(inp.key):
            placed.by_key[inp.key] = [replace(p, message=said) if p.level == "error" else p
                                      for p in placed.of(inp.key)][:1]


def take_photo(req: Req, slug: str, title: str) -> tuple[str | None, str]:
    """The photo sent with the form, saved: (its `media/...` path or None, a problem to show or "")."""
    upload = req.upload("foto")
    if upload is None:
        return None, ""
    data = upload.file.read(MAX_UPLOAD + 1)
    if not data:
        return None, ""
    try:
        rel = uploads.save(req.editor.store, req.editor.repo, req.root, slug, data, title or upload.filename or "foto")
    except PhotoError as exc:
        return None, req.t(str(exc))
    return rel, ""


@dataclass
class Saved:
    ok: bool = False
    conflict: bool = False
    theirs: str = ""  # the file as it is now, when another save came first
    who: str = ""
    when: str = ""
    asal: str = ""  # the version now in the file, for the next attempt
    error: str = ""


def write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".kimgen-editor-")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise


def save(req: Req, slug: str, locate, text: str | None, asal: str, message: str) -> Saved:
    """Write `text` (None: delete) to the file `locate()` finds, and commit it with the photos it uses.

    `locate` is called under the repository lock, so the file is confined again after any pull."""
    editor = req.editor
    with editor.repo.locked():
        path = locate()
        current = file_hash(path)
        if current != asal:
            change = editor.repo.last_change(path) if current or asal else None
            return Saved(conflict=True, asal=current, theirs=path.read_text(encoding="utf-8", errors="replace")
                         if current else "", who=change.author if change else req.t("someone"),
                         when=req.t.date(change.date) if change else "")
        before = path.read_bytes() if current else None
        used = uploads.pending(editor.store, slug, text) if text else []
        if text is not None and blob_hash(text.encode("utf-8")) == current and not used:
            return Saved(ok=True)  # saved twice, or nothing changed: nothing to commit
        folder = path.parent.parent if path.name != "profil.yaml" else path.parent
        paths = [path] + [folder / rel for rel in used]
        if text is None:
            path.unlink()
        else:
            write_atomic(path, text)
        author = req.user.author
        try:
            editor.repo.commit(paths, f"{message}\n\nLewat kimgen editor oleh {req.user.name}.", author)
        except GitError as exc:
            if before is None:
                path.unlink(missing_ok=True)
            else:
                path.write_bytes(before)
            return Saved(error=req.t("git_failed", error=str(exc).splitlines()[-1][:300] if str(exc) else "git"),
                         asal=current)
        uploads.committed(editor.store, slug, used)
    editor.pushed_later()
    uploads.sweep(editor.store, editor.repo, editor.root)
    return Saved(ok=True)
