"""Finding the files of a content root: which KIMs exist and what each holds.

Symlinks: one that leads out of its KIM folder (or out of the content root, for
province-wide files) is an error and is never followed. A media symlink that
stays inside the KIM folder is allowed: the writer copies the target's bytes,
so the output never holds a symlink. Symlinked sub-folders of media/ are not
descended into.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from kimgen.problems.messages import msg
from kimgen.problems import Problems
from kimgen.config.slugs import is_slug

# What a media file (and each folder below media/) may be called: nothing in it can end an HTML
# attribute, start markup, or mean something in a URL, CSS, JSON, XML, ICS, CSV or a shell.
SAFE_MEDIA_NAME = re.compile(r"(?:[A-Za-z0-9_][A-Za-z0-9._-]*/)*[A-Za-z0-9_][A-Za-z0-9._-]*")

POST_KINDS = ("berita", "agenda", "pengumuman", "cek-fakta", "potensi", "galeri", "halaman")

# Paths at the top of sites/ that the provincial portal owns.
RESERVED_TOP = {"kabupaten", "pemantauan", "assets", "cek-fakta", "pengumuman", "cari", "pagefind",
                "feed.xml", "sitemap.xml", "robots.txt", "404.html", "index.html", "media", "agenda",
                "berita", "kim", "tag", "kategori", "halaman", "potensi", "profil", "static"}


@dataclass
class SourceFile:
    path: Path  # absolute
    rel: str  # relative to the content root, forward slashes
    kind: str  # berita, agenda, ... or "media"


@dataclass
class KimSources:
    slug: str
    dir: Path
    rel: str  # e.g. "kim/kim-sumber-rejeki"
    posts: list[SourceFile] = field(default_factory=list)
    media: list[SourceFile] = field(default_factory=list)
    # every file under media/ by its KIM-relative name, those refused for their name too: a post that
    # misspells one is told which file is there
    media_names: list[str] = field(default_factory=list)


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a symlink loop (Python 3.11)
        return False


def _files(folder: Path, top: Path, root: Path, problems: Problems, recursive: bool, kind: str,
           names: list[str] | None = None) -> list[SourceFile]:
    if (folder.is_symlink() or folder.is_dir()) and not _inside(folder, top):
        problems.error(folder.relative_to(root).as_posix(), 0, "", msg("symlink_folder_out"))
        return []
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.rglob("*") if recursive else folder.iterdir()):
        rel = path.relative_to(root).as_posix()
        if path.name.startswith("."):
            continue
        if path.is_symlink() and not _inside(path, top):
            problems.error(rel, 0, "", msg("symlink_out"))
            continue
        if any(ord(c) < 32 or ord(c) == 127 for c in path.name):  # invalid in feeds' XML, invisible to admins
            problems.error(rel.encode("unicode_escape").decode("ascii"), 0, "", msg("control_chars_in_name"))
            continue
        if any(unicodedata.category(c) == "Cf" for c in path.name):
            # right-to-left marks and zero-width characters make a name read as another one
            problems.error(rel.encode("unicode_escape").decode("ascii"), 0, "", msg("invisible_chars_in_name"))
            continue
        if not path.is_file() or not (recursive or path.suffix.lower() == ".md"):
            continue
        name = path.relative_to(top).as_posix()
        if names is not None and not any(ord(c) < 32 or unicodedata.category(c) == "Cf" for c in name):
            names.append(name)
        if kind == "media" and not SAFE_MEDIA_NAME.fullmatch(path.relative_to(folder).as_posix()):
            # a media name reaches HTML attributes, URLs, feeds and the search index of the whole portal
            problems.warning(rel, 0, "", msg("media_name", name=safe_media_name(path.relative_to(folder).as_posix())))
            continue
        if path.stat().st_nlink > 1 and not path.is_symlink():
            problems.error(rel, 0, "", msg("hard_link"))  # its bytes may be any file of the server
            continue
        found.append(SourceFile(path, rel, kind))
    return found


def safe_media_name(name: str) -> str:
    """The name an unsafe media file name should be given: letters, digits, `.`, `_` and `-`."""
    parts = []
    for part in name.split("/"):
        plain = unicodedata.normalize("NFKD", part).encode("ascii", "ignore").decode("ascii")
        parts.append(re.sub(r"-{2,}", "-", re.sub(r"[^A-Za-z0-9._-]+", "-", plain)).strip("-.") or "berkas")
    return "/".join(parts)


def kim_folders(root: Path, problems: Problems) -> list[str]:
    """The names of the KIM folders under kim/, in order; entries that cannot be one are reported."""
    kim_root = root / "kim"
    if not kim_root.is_dir():
        return []
    return [folder.name for folder in sorted(kim_root.iterdir()) if is_kim_folder(folder, problems)]


def is_kim_folder(folder: Path, problems: Problems) -> bool:
    """Whether an entry of kim/ is a KIM folder; a folder that cannot be one is reported."""
    if not folder.is_dir() or folder.name.startswith("."):
        return False
    rel = f"kim/{folder.name}"
    if folder.is_symlink():
        problems.error(rel, 0, "", "folder KIM tidak boleh berupa tautan simbolik (symlink).")
        return False
    if not is_slug(folder.name):
        problems.error(rel, 0, "", "nama folder KIM menjadi alamat situs, jadi hanya boleh huruf kecil a-z, "
                       "angka dan tanda hubung (-), misalnya `kim-sumber-rejeki`.")
        return False
    if folder.name in RESERVED_TOP:
        problems.error(rel, 0, "", f"nama folder `{folder.name}` dipakai oleh portal provinsi; pilih nama lain.")
        return False
    return True


def kim_sources(root: Path, folder: Path, problems: Problems) -> KimSources:
    """The files of one KIM folder (already accepted by is_kim_folder)."""
    sources = KimSources(folder.name, folder, f"kim/{folder.name}")
    for kind in POST_KINDS:
        sources.posts += _files(folder / kind, folder, root, problems, False, kind)
    sources.media = _files(folder / "media", folder, root, problems, True, "media", sources.media_names)
    return sources


TOP_LEVEL = {"provinsi.yaml", "tema", "pengumuman", "kim"}
KIM_LEVEL = {"profil.yaml", "media", *POST_KINDS}
# what a content repository holds for git, its hosting and its readers, beside the content
REPOSITORY_FILES = {".git", ".gitignore", ".gitattributes", ".github", ".gitlab-ci.yml", ".editorconfig",
                    ".pre-commit-config.yaml", ".gitkeep", "README.md", "LICENSE", "LICENSE.md"}


def unknown_entries(root: Path, problems: Problems) -> None:
    """Warn of what the content layout does not know: a committed build cache above all, which no
    build reads but which should never be in the repository, and stray files nobody will see."""
    places = [(root, "", TOP_LEVEL)]
    kim_root = root / "kim"
    if kim_root.is_dir():
        places += [(folder, f"kim/{folder.name}/", KIM_LEVEL) for folder in sorted(kim_root.iterdir())
                   if folder.is_dir() and not folder.is_symlink()]
    for folder, prefix, known in places:
        for entry in sorted(folder.iterdir()):
            if entry.name in known or entry.name in REPOSITORY_FILES:
                continue
            rel = (prefix + entry.name).encode("unicode_escape").decode("ascii")
            if entry.name == ".kimgen-cache":
                problems.warning(rel, 0, "", msg("cache_in_content"))
            else:
                problems.warning(rel, 0, "", msg("unknown_entry"))


def discover_announcements(root: Path, problems: Problems) -> list[SourceFile]:
    return _files(root / "pengumuman", root, root, problems, False, "pengumuman")
