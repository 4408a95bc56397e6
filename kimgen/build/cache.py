"""What the last build saw, so that the next one can skip every KIM that did not change.

A KIM is skipped when its key and its time facts both match the last build:

* the key hashes kimgen's version and code, the versions of the libraries whose output
  lands in `sites/`, the build options, the theme, provinsi.yaml, the province-wide
  announcements and every file of the KIM's folder (by content);
* the time facts are the few comparisons with the build's "today" that decide what a KIM
  shows (is a scheduled post due, is a banner still active, is an agenda item still
  upcoming): tomorrow's build skips a KIM unless one of them flips.

Content hashes come from a manifest of (size, mtime, inode) per file, so a build with no
changes only stats files. Everything here is stored as JSON (records.py): the cache holds
data, never code.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from kimgen.build import records
from kimgen.render.search import Record

FORMAT = 7  # bump when the layout or meaning of cached data changes
RECENT_NS = 2_000_000_000  # a file changed this recently may change again within one mtime tick
CODE_DIR = Path(__file__).resolve().parent.parent
# Libraries whose output lands in sites/: a new version may change a page, so it rebuilds every KIM.
LIBRARIES = ("jinja2", "markupsafe", "markdown", "nh3", "babel", "pillow", "pillow-heif", "pyyaml", "icalendar",
             "python-frontmatter", "tzdata")


def digest(*parts) -> str:
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(part if isinstance(part, bytes) else repr(part).encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


def library_versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    found = {}
    for name in ("kimgen", *LIBRARIES):
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "-"
    return found


def code_hashes() -> dict[str, str]:
    """Every file of kimgen's package (modules of every sub-package, theme, scaffolds) by content."""
    return {f"code/{rel}": value for rel, value in _tree_hashes(CODE_DIR).items()
            if "__pycache__" not in rel and not rel.endswith((".pyc", ".pyo"))}


def _tree_hashes(top: Path) -> dict[str, str]:
    return {stamp[0]: file_hash(os.path.join(top, stamp[0])) if len(stamp) > 2 else stamp[1]
            for stamp in _stamps(str(top))}


# -- the manifest of file stamps ------------------------------------------------------------------

class Manifest:
    """What every input folder held at the last build: a (size, mtime, inode, hash) per file,
    so an unchanged file costs a stat, and only new or changed files are read and hashed."""

    def __init__(self, path: Path):
        self.path = path
        old = records.load_json(path)
        self.old: dict = old if isinstance(old, dict) and old.get("format") == FORMAT else {}
        self.new: dict = {"format": FORMAT}
        self.started = dt.datetime.now().timestamp() * 1e9

    def tree(self, folder: Path, rel: str) -> dict[str, str]:
        """`rel`/path -> content hash of every file under `folder` (hidden ones too)."""
        before = self.old.get(rel) or {}
        kept: dict[str, list] = {}
        hashes: dict[str, str] = {}
        for stamp in _stamps(str(folder)):
            name = stamp[0]
            if len(stamp) == 2:  # a symlink or an unreadable entry: the stamp is the value
                hashes[f"{rel}/{name}"] = stamp[1]
                continue
            known = before.get(name)
            if known is not None and known[:3] == list(stamp[1:]):
                value = known[3]
            else:
                value = file_hash(os.path.join(folder, name))
            hashes[f"{rel}/{name}"] = value
            if self.started - stamp[2] > RECENT_NS and value != "unreadable":
                kept[name] = [*stamp[1:], value]
        self.new[rel] = kept
        return hashes

    def save(self) -> None:
        if self.new != self.old:
            records.save_json(self.path, self.new)


def _stamps(top: str) -> list[tuple]:
    """(name under `top`, size, mtime_ns, inode) per regular file; (name, value) for a symlink
    or an unreadable entry. Hashing more than discovery reads is always safe."""
    stamps: list[tuple] = []
    stack = [(top, "")]
    while stack:
        path, prefix = stack.pop()
        try:
            entries = list(os.scandir(path))
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    if entry.name != "__pycache__":
                        stack.append((entry.path, f"{prefix}{entry.name}/"))
                elif entry.is_symlink():
                    stamps.append((prefix + entry.name, "link:" + os.readlink(entry.path)))
                else:
                    st = entry.stat(follow_symlinks=False)
                    if stat.S_ISREG(st.st_mode):
                        stamps.append((prefix + entry.name, st.st_size, st.st_mtime_ns, st.st_ino))
            except OSError:
                stamps.append((prefix + entry.name, "unreadable"))
    return sorted(stamps)


def file_hash(path: str | Path) -> str:
    h = hashlib.blake2b(digest_size=16)
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(1 << 20):  # a large PDF is never held whole
                h.update(chunk)
    except OSError:
        return "unreadable"
    return h.hexdigest()


@dataclass
class Inputs:
    """Hashes of everything a build reads, grouped the way keys need them."""

    province: dict[str, str]  # provinsi.yaml, tema/**, pengumuman/**
    kims: dict[str, str]  # folder name under kim/ -> one digest of its files
    kim_folders: list[str]  # every entry of kim/, for the folder checks


def scan(root: Path, manifest: Manifest) -> Inputs:
    """Hash every input of the content root."""
    province: dict[str, str] = {}
    path = root / "provinsi.yaml"
    province["provinsi.yaml"] = file_hash(str(path)) if path.is_file() else "missing"
    for folder in ("tema", "pengumuman"):
        province.update(manifest.tree(root / folder, folder))
    kims: dict[str, str] = {}
    folders: list[str] = []
    try:
        entries = sorted(os.scandir(root / "kim"), key=lambda e: e.name)
    except OSError:
        entries = []
    for entry in entries:
        if entry.name.startswith("."):
            continue
        folders.append(entry.name)
        if entry.is_dir(follow_symlinks=False):
            kims[entry.name] = digest(sorted(manifest.tree(Path(entry.path), "kim/" + entry.name).items()))
    return Inputs(province, kims, folders)


# -- time facts ------------------------------------------------------------------------------------

def outcome(facts: list, now: dt.datetime) -> str:
    """Evaluate the time facts against `now`: one character per fact."""
    today = now.date()
    bits = []
    for op, value in facts:
        if op == "due":  # a post is published once its tanggal has come
            bits.append(value <= now)
        elif op == "upcoming":  # an agenda item is upcoming until it ends (calendar.split)
            bits.append(value > now)
        else:  # "valid": a banner or current announcement up to and including berlaku_sampai
            bits.append(value >= today)
    return "".join("1" if b else "0" for b in bits)


# -- state -----------------------------------------------------------------------------------------

@dataclass
class KimEntry:
    key: str
    facts: list
    outcome: str
    ok: bool  # built without errors (else its last good output was kept)
    files: int  # output files, counted as unchanged when skipped
    summary_digest: str
    search_digest: str = ""
    problems: list = field(default_factory=list)
    listing: str = ""  # digest of the names of its published files (pipeline.listing)


@dataclass
class State:
    format: int = FORMAT
    global_key: str = ""
    global_facts: list = field(default_factory=list)
    global_outcome: str = ""
    zone: str = ""
    global_problems: list = field(default_factory=list)
    kims: dict = field(default_factory=dict)  # slug -> KimEntry
    portal_key: str = ""
    portal_files: int = 0
    search_key: str = ""
    search_files: int = 0
    stale: list = field(default_factory=list)  # files to remove once the portal is written


records.register(KimEntry, State)


def output_cache(folder: Path, out_dir: Path) -> Path:
    """The part of a cache folder that belongs to one output folder."""
    return folder / f"out-{digest(str(Path(out_dir).resolve()))[:12]}"


def posts_record(folder: Path, out_dir: Path, slug: str) -> Path:
    """A KIM's posts as that output last published them: a post with errors keeps that version."""
    return output_cache(folder, out_dir) / "posts" / f"{slug}.json"


class Cache:
    """One cache folder; build state is kept per output folder (and per shard)."""

    def __init__(self, folder: Path, out_dir: Path, shard: tuple[int, int] | None = None):
        self.folder = folder
        self.dir = output_cache(folder, out_dir)
        self.state_path = self.dir / (f"state-{shard[0]}-{shard[1]}.json" if shard else "state.json")
        self.manifest = Manifest(folder / "manifest.json")

    def load_state(self) -> State:
        state = records.load(self.state_path)
        return state if isinstance(state, State) and state.format == FORMAT else State()

    def save_state(self, state: State) -> None:
        records.save(self.state_path, state)

    def clear(self) -> None:
        """Forget what the last builds saw, so that everything is built again; keep what they
        published (the last good version of each KIM and post: a KIM or post with errors keeps it)."""
        import shutil

        for path in self.dir.glob("state*.json"):
            path.unlink()
        shutil.rmtree(self.folder / "img", ignore_errors=True)
        self.manifest.old = {}

    def _path(self, kind: str, slug: str) -> Path:
        return self.dir / kind / f"{slug}.json"

    # a KIM's record: the summary the portal needs when the KIM is skipped, its last good summary,
    # and its entry (shards merge those); its share of the search index apart, read only for that
    def save_kim(self, slug: str, record: dict) -> None:
        records.save(self._path("kims", slug), record)

    def load_kim(self, slug: str) -> dict:
        record = records.load(self._path("kims", slug))
        return record if isinstance(record, dict) else {}

    # a KIM's share of the search index is plain JSON values: stored as they are (the largest record)
    def save_search(self, slug: str, record: Record) -> None:
        records.save_json(self._path("search", slug), dataclasses.asdict(record))

    def load_search(self, slug: str) -> Record | None:
        try:
            return Record(**records.load_json(self._path("search", slug)))
        except TypeError:  # missing, damaged, or another version's: only costs that KIM's rebuild
            return None

    # where each file published for a KIM (or for the portal: "_portal", "_search") came from, for
    # `kimgen verify`: site path -> SHA-256, plain JSON
    def save_published(self, name: str, files: dict[str, str]) -> None:
        records.save_json(self._path("published", name), files)

    def load_published(self, name: str) -> dict[str, str]:
        found = records.load_json(self._path("published", name))
        return found if isinstance(found, dict) else {}

    def drop_kim(self, slug: str) -> None:
        for kind in ("kims", "search", "posts", "published"):
            self._path(kind, slug).unlink(missing_ok=True)

    def report_path(self) -> Path:
        return self.dir / "report.json"


def guard(folder: Path, root: Path) -> None:
    """Refuse a cache a contributor could have planted or could reach: one that is or holds a
    symbolic link (a build would read or delete through it), or that git tracks."""
    from kimgen.build.options import BuildError

    if folder.is_symlink():
        raise BuildError(f"folder cache {folder} adalah tautan simbolik (symlink); hapus lalu bangun lagi.")
    for top, dirs, files in os.walk(folder):
        for name in dirs + files:
            if os.path.islink(os.path.join(top, name)):
                raise BuildError(f"folder cache berisi tautan simbolik ({os.path.join(top, name)}); "
                                 f"hapus folder {folder} lalu bangun lagi.")
    try:
        folder.resolve().relative_to(root.resolve())
    except ValueError:
        return  # outside the content root: nothing of it can be committed there
    if folder.is_dir() and _tracked(folder):
        raise BuildError(f"folder cache {folder} tercatat di git; keluarkan dari repositori (git rm -r --cached) "
                         "atau pakai --cache-dir di luar folder konten.")


def _tracked(folder: Path) -> bool:
    import subprocess

    try:
        found = subprocess.run(["git", "ls-files", "--", "."], cwd=folder, capture_output=True, text=True,
                               timeout=30)
    except (OSError, subprocess.SubprocessError):
        return False  # no git: nothing is tracked
    return found.returncode == 0 and bool(found.stdout.strip())


def ensure_ignored(folder: Path) -> None:
    """A cache inside a git repository must never be committed."""
    folder.mkdir(parents=True, exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text("*\n", encoding="utf-8")
