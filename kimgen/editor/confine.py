"""Every path the editor reads or writes, confined to one KIM's folder.

A path is built from checked names one component at a time: no `..`, no separators, no
symlink anywhere on the way (a symlink committed through git could otherwise lead a write into
another KIM), and the resolved result must still lie inside `kim/<slug>/`. Anything else is
"not found", so a crafted URL learns nothing about what exists.
"""

from __future__ import annotations

import re
from pathlib import Path

from kimgen.config.slugs import is_slug
from kimgen.content.discovery import RESERVED_TOP, SAFE_MEDIA_NAME

EDITABLE_KINDS = ("berita", "agenda", "pengumuman", "cek-fakta", "potensi", "halaman", "galeri")
POST_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._-]{0,150}\.md")


class NotFound(Exception):
    """Nothing this admin may see is there."""


def kim_folder(root: Path, slug: str) -> Path:
    if not is_slug(slug or "") or slug in RESERVED_TOP:
        raise NotFound(slug)
    kim_root = root / "kim"
    folder = kim_root / slug
    if kim_root.is_symlink() or folder.is_symlink() or not folder.is_dir():
        raise NotFound(slug)
    if folder.resolve().parent != kim_root.resolve():
        raise NotFound(slug)
    return folder


def inside(folder: Path, *parts: str) -> Path:
    """folder/parts..., refused when a part is not a plain name or the way passes a symlink."""
    path = folder
    for part in parts:
        if part in {"", ".", ".."} or any(c in part for c in "/\\\0") or part.startswith("."):
            raise NotFound(part)
        path = path / part
        if path.is_symlink():
            raise NotFound(part)
    try:
        path.resolve().relative_to(folder.resolve())
    except (ValueError, OSError, RuntimeError):
        raise NotFound(str(path)) from None
    return path


def _plain_file(path: Path) -> Path:
    # a hard link's bytes may be any file of the server (discovery refuses them too)
    if path.exists() and (not path.is_file() or path.stat().st_nlink > 1):
        raise NotFound(path.name)
    return path


def post_file(root: Path, slug: str, kind: str, name: str) -> Path:
    """kim/<slug>/<kind>/<name>.md (which need not exist yet)."""
    if kind not in EDITABLE_KINDS or not POST_NAME.fullmatch(name or ""):
        raise NotFound(name)
    return _plain_file(inside(kim_folder(root, slug), kind, name))


def profile_file(root: Path, slug: str) -> Path:
    return _plain_file(inside(kim_folder(root, slug), "profil.yaml"))


def media_file(root: Path, slug: str, rel: str) -> Path:
    """A file under kim/<slug>/media/ named by its KIM-relative path (`media/foto.jpg`)."""
    head, _, rest = (rel or "").partition("/")
    if head != "media" or not SAFE_MEDIA_NAME.fullmatch(rest):
        raise NotFound(rel)
    return _plain_file(inside(kim_folder(root, slug), "media", *rest.split("/")))


def media_folder(root: Path, slug: str) -> Path:
    return inside(kim_folder(root, slug), "media")
