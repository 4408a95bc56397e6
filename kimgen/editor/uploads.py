"""Photos in a KIM's media/: saving an upload, listing the photos to choose from, small thumbnails.

An upload is written into media/ at once, so the checks and the preview see it as the build
will, but it is committed only with the post that uses it. One never used is removed after
UNUSED_DAYS if git still does not know it.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import time
from pathlib import Path

from PIL import Image, ImageOps

from kimgen.content.discovery import SAFE_MEDIA_NAME
from kimgen.editor import photos
from kimgen.editor.confine import NotFound, media_file, media_folder
from kimgen.editor.git import Repo
from kimgen.editor.store import Store
from kimgen.site.assemble import PHOTO_SUFFIXES

UNUSED_DAYS = 2
CHOICES = 300  # photos offered in a form's list, newest first
THUMB = 320


def save(store: Store, repo: Repo, root: Path, slug: str, data: bytes, wanted: str) -> str:
    """Normalise and save an uploaded photo; its KIM-relative path (`media/x.jpg`). PhotoError if it is none."""
    content, suffix = photos.normalise(data)
    with repo.locked():
        name = photos.save(media_folder(root, slug), content, suffix, wanted)
        rel = f"media/{name}"
        with store.connect() as db:
            db.execute("INSERT OR REPLACE INTO uploads VALUES (?, ?, ?, ?)", (slug, rel, name, time.time()))
    return rel


def pending(store: Store, slug: str, text: str) -> list[str]:
    """The uploads not committed yet that `text` uses (as `media/x.jpg` or `../media/x.jpg`)."""
    with store.connect() as db:
        rels = [r for (r,) in db.execute("SELECT path FROM uploads WHERE kim = ?", (slug,))]
    return [rel for rel in rels if re.search(r"(?<![\w./-])(?:\.\./)?" + re.escape(rel) + r"(?![\w.-])", text)]


def committed(store: Store, slug: str, rels: list[str]) -> None:
    with store.connect() as db:
        db.executemany("DELETE FROM uploads WHERE kim = ? AND path = ?", [(slug, r) for r in rels])


def sweep(store: Store, repo: Repo, root: Path) -> list[str]:
    """Remove uploads that no post used within UNUSED_DAYS and git does not track; the paths removed."""
    removed = []
    with store.connect() as db:
        old = db.execute("SELECT kim, path FROM uploads WHERE at < ?", (time.time() - UNUSED_DAYS * 86400,)).fetchall()
    with repo.locked():
        for slug, rel in old:
            try:
                path = media_file(root, slug, rel)
            except NotFound:
                path = None
            if path is not None and path.is_file() and not repo.tracked(path):
                path.unlink()
                removed.append(f"kim/{slug}/{rel}")
            committed(store, slug, [rel])
    return removed


def choices(root: Path, slug: str) -> list[str]:
    """The KIM's photos (`media/...`), newest first."""
    try:
        folder = media_folder(root, slug)
    except NotFound:
        return []
    if not folder.is_dir():
        return []
    found = []
    for base, dirs, files in os.walk(folder):  # never follows a symlinked folder
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            path = Path(base) / name
            rel = path.relative_to(folder).as_posix()
            if name.lower().endswith(PHOTO_SUFFIXES) and SAFE_MEDIA_NAME.fullmatch(rel) and not path.is_symlink():
                found.append((path.stat().st_mtime, f"media/{rel}"))
    return [rel for _, rel in sorted(found, key=lambda item: (-item[0], item[1]))[:CHOICES]]


def thumbnail(root: Path, slug: str, rel: str, cache: Path) -> bytes:
    """A small JPEG of a photo of the KIM: only pixels are sent back, never the file as it is."""
    path = media_file(root, slug, rel)
    if not path.is_file() or not rel.lower().endswith(PHOTO_SUFFIXES):
        raise NotFound(rel)
    stat = path.stat()
    key = hashlib.sha256(f"{path}\0{stat.st_mtime_ns}\0{stat.st_size}".encode()).hexdigest()
    kept = cache / "thumbs" / f"{key}.jpg"
    if kept.is_file():
        return kept.read_bytes()
    try:
        with Image.open(path) as image:
            if image.width * image.height > photos.MAX_PIXELS:
                raise NotFound(rel)
            small = ImageOps.exif_transpose(image)
            small.thumbnail((THUMB, THUMB))
            out = io.BytesIO()
            small.convert("RGB").save(out, "JPEG", quality=75)
    except (OSError, ValueError, Image.DecompressionBombError):
        raise NotFound(rel) from None
    kept.parent.mkdir(parents=True, exist_ok=True)
    kept.write_bytes(out.getvalue())
    return out.getvalue()
