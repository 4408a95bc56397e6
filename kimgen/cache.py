"""The incremental-build cache: what the last build saw, so the next one can skip unchanged KIMs.

A KIM is skipped when its key and its time facts both match the last build:

* the key hashes kimgen's own code, the build options, the theme, provinsi.yaml, the
  province-wide announcements and every file of the KIM's folder (by content hash);
* the time facts are the few comparisons with the build's "today" that decide what a
  KIM shows (is a scheduled post due, is a banner still active, is an agenda item still
  upcoming). Tomorrow's nightly build skips a KIM unless one of them flips, which a
  plain date in the key could not do.

Content hashes come from a manifest of (size, mtime_ns, inode) per file, so a build
with no changes only stats files. Only the standard library is imported here: the
no-change path must not pay for Jinja, Markdown and Babel.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import pickle
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path

try:  # hashlib would also load OpenSSL (2 ms on a build with no changes) for a hash it does not need
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - other Pythons
    from hashlib import blake2b

from kimgen import forked

FORMAT = 6  # bump when the layout or meaning of cached data changes
RECENT_NS = 2_000_000_000  # a file changed this recently may change again within one mtime tick
MANIFEST_FORMAT = 3
SAME = object()  # stamps found equal to the manifest's (Manifest.tree)


def _pack(value) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
CODE_DIR = Path(__file__).parent


def digest(*parts) -> str:
    h = blake2b(digest_size=16)
    for part in parts:
        h.update(part if isinstance(part, bytes) else repr(part).encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


_code: dict[str, object] = {}  # read once per process: the code that runs is the code that was loaded


def _code_files() -> list[tuple[str, int, int]]:
    """kimgen's own modules as (name, size, mtime_ns)."""
    if "files" not in _code:
        found = []
        for entry in sorted(os.scandir(CODE_DIR), key=lambda e: e.name):
            if entry.name.endswith(".py"):
                st = entry.stat()
                found.append((entry.name, st.st_size, st.st_mtime_ns))
        _code["files"] = found
    return _code["files"]


def code_stamp() -> str:
    """kimgen's own code, as scan() sees it: results remembered across builds (parsed posts,
    converted markdown) are only reused by the code that made them."""
    if "stamp" not in _code:
        _code["stamp"] = digest(_code_files())
    return _code["stamp"]


def _quiet_gc(function, *args):
    # Unpickling makes only live objects, so the cycle collector's passes over them are
    # wasted: paused, loading a province's KIM summaries takes half the time.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return function(*args)
    finally:
        if enabled:
            gc.enable()


def load_pickle(path: Path, default):
    try:
        with path.open("rb") as handle:
            return _quiet_gc(pickle.load, handle)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, IndexError, TypeError,
            ValueError):
        return default  # a missing or broken cache only costs a full build


def save_pickle(path: Path, data) -> None:
    write_atomic(path, pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))


def write_atomic(path: Path, data: bytes) -> None:
    """A cache file replaced in one rename: a build killed meanwhile leaves the old one or the new."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    tmp.write_bytes(data)
    os.replace(tmp, path)


class DiskMemo:
    """A memo kept per KIM on disk: load() before the KIM, save() after it. Only the entries
    this build used are saved, so entries of deleted or edited files do not pile up."""

    store: dict
    used: dict

    def load(self, path: Path | None) -> None:
        self.used = {}
        self.store = {}
        if path is not None:
            try:
                loaded = load_pickle(path, {})
            except Exception:  # noqa: BLE001 - a broken memo only costs work
                loaded = {}
            self.store = loaded if isinstance(loaded, dict) else {}

    def save(self, path: Path) -> None:
        if self.used.keys() != self.store.keys():
            save_pickle(path, self.used)


class Manifest:
    """What every input folder held at the last build, so that an unchanged folder costs only
    its stats.

    Per folder tree (a KIM, the theme, tema/, pengumuman/): the (name, size, mtime, inode)
    stamp of every file in scan order, each file's content hash and one digest of the
    whole tree. A tree whose stamps all match is taken as a whole (one list comparison,
    in C); otherwise each file whose own stamp matches keeps its hash and only the others
    are read and hashed. A file changed within RECENT_NS of the build gets a stamp that
    never matches: it may change again within one mtime tick.

    Each tree's stamps and hashes are kept as pickled bytes, compared as bytes: a build decodes
    only the trees that changed, where loading 10,000 stamps as objects took longer than
    taking them. (Pickled, not marshalled: marshal's bytes follow reference counts, pickle's
    only what the stamps are.) The file itself is marshalled, names relative to their tree.
    """

    def __init__(self, path: Path):
        self.path = path
        self.tag = (FORMAT, MANIFEST_FORMAT, tuple(sys.version_info[:2]))  # marshal's format follows Python's
        old = _load_marshal(path)
        self.old: dict[str, tuple] = old if isinstance(old, dict) and old.get("format") == self.tag else {}
        self.new: dict[str, tuple] = {"format": self.tag}
        self.started = _now_ns()

    def file_hash(self, path: str, st: os.stat_result) -> str:
        """One file outside the trees (provinsi.yaml)."""
        stamp = (st.st_size, st.st_mtime_ns, st.st_ino)
        key = "file:" + path
        known = self.old.get(key)
        if known and known[0] == stamp:
            self.new[key] = known
            return known[1]
        value = _hash_file(path)
        if value != "unreadable" and self.started - st.st_mtime_ns > RECENT_NS:
            self.new[key] = (stamp, value)
        return value

    def tree(self, folder: Path | str, rel: str, files: bool = True,
             stamps: list[tuple] | None = None) -> tuple[dict[str, str] | None, str]:
        """(`rel`/path -> hash of every file under `folder` unless not `files`, one digest of them all);
        `stamps`: the folder's, when already taken."""
        known = self.old.get(rel)
        if stamps is SAME:  # the scan's child found them equal (_fork_stamps)
            same = known is not None
        else:
            if stamps is None:
                stamps = _stamps(str(folder))
            same = known is not None and known[0] == _pack(stamps)
        if same:
            self.new[rel] = known
            if not files:
                return None, known[2]
            stamps, hashes = pickle.loads(known[0]), pickle.loads(known[1])
        else:
            before = {s[0]: (s, h) for s, h in zip(pickle.loads(known[0]), pickle.loads(known[1]))} if known else {}
            hashes, kept = [], []
            for stamp in stamps:
                name = stamp[0]
                if len(stamp) == 2:  # a symlink or an unreadable entry: the stamp is the value
                    value = stamp[1]
                    kept.append(stamp)
                elif name in before and before[name][0] == stamp:
                    value = before[name][1]
                    kept.append(stamp)
                else:
                    value = _hash_file(os.path.join(folder, name))
                    recent = self.started - stamp[2] <= RECENT_NS or value == "unreadable"
                    kept.append((name, None, None, None) if recent else stamp)
                hashes.append(value)
            found = {f"{rel}/{s[0]}": h for s, h in zip(stamps, hashes)}
            # unsettled: stamps of recent files are not kept, so the next scan finds them "changed"
            # while their content may well be the same (scan() starts no work ahead for that)
            unsettled = any(len(k) == 4 and k[1] is None for k in kept)
            known = self.new[rel] = (_pack(kept), _pack(hashes), digest(sorted(found.items())), unsettled)
        if not files:
            return None, known[2]
        return {f"{rel}/{s[0]}": h for s, h in zip(stamps, hashes)}, known[2]

    def save(self) -> None:
        if self.new != self.old:
            import marshal

            write_atomic(self.path, marshal.dumps(self.new))


def file_stamp(path: Path | str) -> tuple | None:
    """(size, mtime, inode) of a file, or None where it cannot be read: a replaced file changes it."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns, st.st_ino


def _load_marshal(path: Path):
    import marshal

    try:
        # loads() of the whole file: load() from a file object reads it piece by piece, ten times slower
        return marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return {}  # a missing or broken manifest only costs hashing every file once


def _stamps(top: str) -> list[tuple]:
    """(name under `top`, size, mtime_ns, inode) per file, hidden files too: hashing more
    than discovery reads is always safe."""
    stamps: list[tuple] = []
    stack = [(top, "")]
    while stack:
        path, prefix = stack.pop()
        try:
            entries = os.scandir(path)
        except OSError:
            continue
        with entries:
            for entry in entries:
                try:
                    if entry.is_dir(follow_symlinks=False):
                        stack.append((entry.path, f"{prefix}{entry.name}/"))
                    elif entry.is_symlink():
                        stamps.append((prefix + entry.name, "link:" + os.readlink(entry.path)))
                    else:
                        st = entry.stat(follow_symlinks=False)
                        if stat.S_ISREG(st.st_mode):
                            stamps.append((prefix + entry.name, st.st_size, st.st_mtime_ns, st.st_ino))
                except OSError:
                    stamps.append((prefix + entry.name, "unreadable"))
    return stamps


def _hash_file(path: str) -> str:
    # not hashlib.file_digest: importing hashlib starts OpenSSL, 5 ms of a one-post rebuild
    h = blake2b(digest_size=16)
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(1 << 20):  # a large PDF is never held whole
                h.update(chunk)
    except OSError:
        return "unreadable"
    return h.hexdigest()


def _now_ns() -> int:
    import time
    return time.time_ns()


@dataclass
class Inputs:
    """Hashes of everything a build reads, grouped the way keys need them."""

    province: dict[str, str]  # provinsi.yaml, tema/**, pengumuman/**
    theme: dict[str, str]  # the installed theme and kimgen's own code
    kims: dict[str, str]  # folder name under kim/ -> one digest of its files
    kim_folders: list[str]  # every entry of kim/, for the folder checks


FORK_SCAN_MIN = 64  # KIM folders from which a second process takes stamps beside this one


def scan(root: Path, theme_name: str | None, manifest: Manifest, parallel: bool = False,
         meanwhile=None) -> Inputs:
    """Hash every input. With `parallel`, a forked child takes the stamps of KIM folders from the
    first on while this process takes them from the last; `meanwhile` (no arguments) is then called
    here once an input is found changed, while the child goes on: a build with changes starts its
    imports and reads the province beside the scan, not after it."""
    province: dict[str, str] = {}
    path = root / "provinsi.yaml"
    try:
        province["provinsi.yaml"] = manifest.file_hash(str(path), path.stat())
    except OSError:
        province["provinsi.yaml"] = "missing"
    for folder in ("tema", "pengumuman"):
        province.update(manifest.tree(root / folder, folder)[0])
    theme: dict[str, str] = {}
    # kimgen's own code: a new version (or a local edit while developing) changes every output
    for name, size, mtime in _code_files():
        theme[f"code/{name}"] = f"{size}:{mtime}"
    themes = CODE_DIR / "themes"
    names = [theme_name] if theme_name else sorted(e.name for e in os.scandir(themes) if e.is_dir())
    for name in names:
        theme.update(manifest.tree(themes / name, f"themes/{name}")[0])
    kims: dict[str, str] = {}
    folders: list[str] = []
    kim_root = os.path.join(root, "kim")
    try:
        entries = sorted(os.scandir(kim_root), key=lambda e: e.name)
    except OSError:
        entries = []
    trees = []
    for entry in entries:
        if entry.name.startswith("."):
            continue
        folders.append(entry.name)
        if entry.is_dir(follow_symlinks=False):
            trees.append((entry.path, "kim/" + entry.name))
    # Python's work per file (a stat result, a tuple) is most of a scan, and one core does it
    # at half the speed
    shared = _fork_stamps(trees, manifest.old) if parallel and len(trees) >= FORK_SCAN_MIN else None
    taken: dict = {}
    if shared is not None:
        if meanwhile is not None and any(_content(manifest.new[rel]) != _content(manifest.old.get(rel))
                                         for rel in manifest.new if rel != "format"):  # provinsi.yaml, tema/, ...
            _beside(shared, meanwhile)
            meanwhile = None
        taken = _share(shared, trees, manifest.old, meanwhile)
    for path, rel in trees:
        kims[rel[4:]] = manifest.tree(path, rel, files=False, stamps=taken.get(rel))[1]
    return Inputs(province, theme, kims, folders)


# The two processes share three counters: the next folder the child takes (only it moves it
# up), the folder below which this process has taken all (only it moves it down), and
# whether the child found a folder changed. A folder both take at once is stat-ed twice,
# which is harmless; one neither takes is stat-ed by Manifest.tree().
_LO, _HI, _FOUND = 0, 4, 8


def _get(shared, at: int) -> int:
    return int.from_bytes(shared.memory[at:at + 4], "little")


def _set(shared, at: int, value: int) -> None:
    shared.memory[at:at + 4] = value.to_bytes(4, "little")


@dataclass
class _Shared:
    memory: object  # an anonymous shared mmap of the three counters
    child: "forked.Child | None" = None
    mine: dict = field(default_factory=dict)  # rel -> stamps this process took


def _fork_stamps(trees: list[tuple[str, str]], old: dict) -> _Shared | None:
    """Start a child that takes stamps from the first folder on and pipes back, per folder, its
    stamps, or None where they equal the manifest's (the usual night: almost nothing to send back)."""
    import mmap

    shared = _Shared(mmap.mmap(-1, 12))
    _set(shared, _HI, len(trees))

    def take() -> dict:
        found = {}
        while (index := _get(shared, _LO)) < _get(shared, _HI):
            _set(shared, _LO, index + 1)
            path, rel = trees[index]
            stamps = _stamps(path)
            known = old.get(rel)
            found[rel] = None if known is not None and known[0] == _pack(stamps) else stamps
            if found[rel] is not None and not _unsettled(known):
                _set(shared, _FOUND, 1)
        return found

    shared.child = forked.start(take)
    return shared if shared.child is not None else None


def _share(shared: _Shared, trees: list[tuple[str, str]], old: dict, meanwhile) -> dict:
    """Take stamps from the last folder down until meeting the child, calling `meanwhile` once a
    folder is found changed (here or by the child); then what both took: rel -> stamps or SAME."""
    while (index := _get(shared, _HI) - 1) >= _get(shared, _LO):
        _set(shared, _HI, index)
        path, rel = trees[index]
        stamps = shared.mine[rel] = _stamps(path)
        if meanwhile is not None:
            known = old.get(rel)
            if _get(shared, _FOUND) or known is None or (known[0] != _pack(stamps) and not _unsettled(known)):
                _beside(shared, meanwhile)
                meanwhile = None
    return {**_gather(shared), **shared.mine}


def _content(entry: tuple | None):
    """What a manifest entry says of the content: a tree's digest, a file's hash."""
    return None if entry is None else entry[2] if len(entry) > 2 else entry[1]


def _unsettled(entry: tuple | None) -> bool:
    """A tree with recent files: its stamps differ at the next scan, whatever its content."""
    return entry is not None and len(entry) > 3 and entry[3]


def _beside(shared: _Shared, meanwhile) -> None:
    """Run `meanwhile` while the child takes stamps; if it fails, the child is stopped first."""
    try:
        meanwhile()
    except BaseException:
        _stop(shared)
        raise


def _gather(shared: _Shared) -> dict[str, list[tuple] | object]:
    """What the child found: rel -> stamps, or SAME where they equal the manifest's. Whatever
    went wrong in the child, the folders it did not report are stat-ed by Manifest.tree()."""
    if shared.child is None:
        return {}
    found, _ = forked.wait(shared.child)
    shared.child = None
    if found is forked.FAILED:
        return {}
    return {rel: SAME if stamps is None else stamps for rel, stamps in found.items()}


def _stop(shared: _Shared) -> None:
    if shared.child is not None:
        forked.stop(shared.child)
        shared.child = None


def clock(zone_name: str) -> dt.datetime:
    """The build's "today": KIMGEN_NOW pins it (tests, reproducible builds).

    Parsed here with the standard library, as fields.datetime_value reads it: importing
    the field converters (and YAML with them) would cost a build with no changes ~25 ms.
    """
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(zone_name)
    pinned = os.environ.get("KIMGEN_NOW")
    if pinned:
        try:
            if "T" in pinned or " " in pinned:
                raw = pinned.strip()
                value = dt.datetime.fromisoformat(raw.replace("T", " ", 1) if "T" in raw else raw)
                return (value.replace(tzinfo=zone) if value.tzinfo is None else value).astimezone(zone)
            return dt.datetime.combine(dt.date.fromisoformat(pinned), dt.time(12), zone)
        except ValueError:
            from kimgen.build import BuildError
            raise BuildError(f"KIMGEN_NOW `{pinned}` bukan tanggal yang valid (contoh: 2024-12-11).") from None
    return dt.datetime.now(zone)


# -- time facts ------------------------------------------------------------------------------

def outcome(facts: list[tuple[str, object]], now: dt.datetime) -> str:
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


# -- state --------------------------------------------------------------------------------------

@dataclass
class KimEntry:
    key: str
    facts: list
    outcome: str
    ok: bool  # built without errors (else its last good output was kept)
    files: int  # output files, counted as unchanged when skipped
    summary_digest: str
    problems: list = field(default_factory=list)


@dataclass
class State:
    format: int = FORMAT
    global_key: str = ""
    global_facts: list = field(default_factory=list)
    global_outcome: str = ""
    zone: str = ""
    global_problems: list = field(default_factory=list)
    kims: dict[str, KimEntry] = field(default_factory=dict)
    portal_key: str = ""
    portal_files: int = 0
    stale: list[str] = field(default_factory=list)  # files to remove once the portal is written
    search_kims: list[str] = field(default_factory=list)  # the KIMs in the provincial search index, in order
    province_indexed: bool = False  # the provincial search index matches the KIMs' cached records
    search_files: int = 0  # files of the provincial search index, counted as unchanged when kept


class Cache:
    """One cache folder; build state is kept per output folder (and per shard)."""

    def __init__(self, folder: Path, out_dir: Path, shard: tuple[int, int] | None = None):
        self.folder = folder
        self.dir = out_folder(folder, out_dir)
        self.state_path = self.dir / (f"state-{shard[0]}-{shard[1]}.pickle" if shard else "state.pickle")
        self.manifest = Manifest(folder / "manifest.marshal")

    def load_state(self) -> State:
        state = load_pickle(self.state_path, None)
        if isinstance(state, State) and state.format == FORMAT and all(hasattr(state, f) for f in State.__dataclass_fields__):
            return state
        return State()  # a state from another kimgen version: build everything once

    def save_state(self, state: State) -> None:
        save_pickle(self.state_path, state)

    def clear(self) -> None:
        if self.dir.is_dir():
            import shutil

            shutil.rmtree(self.dir)
        self.manifest.old = {}

    # per-KIM records: the summary the portal needs when the KIM is skipped, mergeable across shards
    def kim_path(self, slug: str) -> Path:
        return self.dir / "kims" / f"{slug}.pickle"

    def save_kim(self, slug: str, record: dict) -> None:
        save_pickle(self.kim_path(slug), record)

    def load_kim(self, slug: str) -> dict | None:
        record = load_pickle(self.kim_path(slug), None)
        return record if isinstance(record, dict) else None

    # a KIM's share of the provincial search index, apart: the portal never needs to load it
    def search_path(self, slug: str) -> Path:
        return self.dir / "search" / f"{slug}.pickle"

    def save_search(self, slug: str, record) -> None:
        if record is None:
            self.search_path(slug).unlink(missing_ok=True)
        else:
            save_pickle(self.search_path(slug), record)

    def load_search(self, slug: str):
        return load_pickle(self.search_path(slug), None)

    # the portal's board (newest.py): every KIM's summary less its posts, and the newest posts
    def save_board(self, board) -> None:
        from kimgen import newest

        write_atomic(self.dir / "board.pickle", newest.dump(board))

    def load_board(self):
        from kimgen import newest

        try:
            return _quiet_gc(newest.load, (self.dir / "board.pickle").read_bytes())
        except Exception:  # noqa: BLE001 - a broken board only costs making it from every summary
            return None

    def drop_kim(self, slug: str) -> None:
        self.kim_path(slug).unlink(missing_ok=True)
        self.search_path(slug).unlink(missing_ok=True)
        render_record_path(self.dir, slug).unlink(missing_ok=True)
        self.markdown_path(slug).unlink(missing_ok=True)
        (self.folder / "posts" / f"{slug}.pickle").unlink(missing_ok=True)

    def markdown_path(self, slug: str) -> Path:
        return self.folder / "markdown" / f"{slug}.pickle"

    def report_path(self) -> Path:
        return self.dir / "report.json"


def out_folder(folder: Path, out_dir: Path) -> Path:
    """The part of the cache that belongs to one output folder."""
    return folder / f"out-{digest(str(out_dir.resolve()))[:12]}"


def render_record_path(out_cache: Path, slug: str) -> Path:
    """What a KIM's published pages were rendered from (partial.py), kept by the worker that built it."""
    return out_cache / "render" / f"{slug}.pickle"


def ensure_ignored(folder: Path) -> None:
    """A cache inside a git repository must never be committed."""
    folder.mkdir(parents=True, exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text("*\n", encoding="utf-8")
