"""The write stage: atomic replacement of changed files only, and removal of stale ones.

A file whose bytes did not change is not touched, so rsync and web caches stay
quiet; each write goes to a temporary file beside the target and is renamed over
it, so a reader never sees half a file.
"""

from __future__ import annotations

import os
import posixpath
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

from kimgen.build.options import WriteStats



class UnsafePath(Exception):
    pass


def _target(out_dir: Path, rel: str) -> Path:
    normal = posixpath.normpath(rel)
    if normal.startswith(("..", "/")) or normal != rel or "\\" in rel:
        raise UnsafePath(f"jalur keluaran tidak aman: {rel}")
    return out_dir / normal


def _same(path: Path, data: bytes | Path) -> bool:
    try:
        if isinstance(data, Path):
            if path.stat().st_size != data.stat().st_size:
                return False
            return path.read_bytes() == data.read_bytes()
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def write_file(path: Path, data: bytes | Path) -> None:

    if path.is_symlink() or (path.exists() and not path.is_file()):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".kimgen-")
    try:
        with os.fdopen(fd, "wb") as handle:
            if isinstance(data, Path):
                with data.open("rb") as source:
                    shutil.copyfileobj(source, handle)
            else:
                handle.write(data)
        if isinstance(data, Path):
            shutil.copystat(data, tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _check_parent(out_dir: Path, path: Path, checked: dict[Path, bool]) -> None:
    """Refuse to write through a symlinked folder that leads out of the output directory."""
    parent = path.parent
    if parent not in checked:
        try:
            parent.resolve().relative_to(out_dir.resolve())
            checked[parent] = True
        except ValueError:
            checked[parent] = False
    if not checked[parent]:
        raise UnsafePath(f"jalur keluaran tidak aman (folder tautan simbolik ke luar {out_dir}): {path}")


def write_outputs(out_dir: Path, outputs: dict[str, bytes | Path]) -> WriteStats:
    """Write changed files one by one, new files first: a page that links to a new page is
    replaced only once that page exists, so a build stopped half-way leaves no broken link."""
    stats = WriteStats()
    checked: dict[Path, bool] = {}
    paths = {rel: _target(out_dir, rel) for rel in outputs}
    order = sorted(outputs, key=lambda rel: (paths[rel].exists(), rel))
    for rel in order:
        path = paths[rel]
        _check_parent(out_dir, path, checked)
        if _unchanged(path, outputs[rel]):
            stats.unchanged += 1
            continue
        write_file(path, outputs[rel])
        stats.written += 1
    return stats


def remove_stale(out_dir: Path, scope: str, keep: set[str], protected: set[str]) -> int:
    """Remove files under `out_dir/scope` that this build did not produce.

    `protected` names entries of the scope to leave alone, as paths relative to it (other
    KIMs' folders, the provincial search index).
    """
    folder = out_dir / scope if scope else out_dir
    if not folder.is_dir():
        return 0
    removed = 0
    visited = []
    for dirpath, dirnames, filenames in os.walk(folder, topdown=True):
        here = Path(dirpath)
        visited.append(dirpath)
        rel_dir = here.relative_to(out_dir).as_posix()
        inner = here.relative_to(folder).as_posix()
        dirnames[:] = [d for d in dirnames if (d if inner == "." else f"{inner}/{d}") not in protected]
        for name in filenames:
            rel = f"{rel_dir}/{name}" if rel_dir != "." else name
            if here == folder and name in protected:
                continue
            if rel not in keep:
                (here / name).unlink()
                removed += 1
    # only the folders walked above: a protected folder (a whole KIM site) is never walked twice
    for dirpath in sorted(visited, key=len, reverse=True):
        if dirpath != str(folder) and not os.listdir(dirpath):
            os.rmdir(dirpath)
    return removed


# -- one KIM at a time, all or nothing -----------------------------------------------------------
#
# A KIM's new version is assembled in a staging folder beside the output folder (`.sites.kimgen-staging/
# <slug>` for `sites/`: outside what a web server serves or rsync copies, on the same file system so
# that the swap stays one rename): changed files are
# written there, unchanged ones are hard links to the published files (same inode, so their
# mtime is kept and rsync stays quiet). The staging folder then trades places with the
# published one in a single rename (Linux renameat2 RENAME_EXCHANGE), so a reader, or a build
# killed at any moment, only ever sees the whole old or the whole new KIM. Files the new
# version no longer has are carried over and removed at the very end of the build, once the
# portal no longer links to them.

OLD_STAGING = ".kimgen-staging"  # inside the output folder, where earlier versions of kimgen kept it


def beside(out_dir: Path, what: str) -> Path:
    """A file or folder of the build's own next to the output folder, never served: `.sites.kimgen-<what>`."""
    out_dir = Path(out_dir).absolute()
    return out_dir.parent / f".{out_dir.name}.kimgen-{what}"


def staging_root(out_dir: Path) -> Path:
    folder = beside(out_dir, "staging")
    if folder.is_symlink():  # replaced versions are deleted there: never through a link
        raise UnsafePath(f"folder staging {folder} adalah tautan simbolik (symlink); hapus lalu bangun lagi.")
    return folder
_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths; False where the kernel or libc cannot."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        func = libc.renameat2
    except (OSError, AttributeError):
        return False
    func.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    at_fdcwd = -100
    if func(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    return False


def files_under(folder: Path) -> list[str]:
    """Files under `folder` as os.walk lists them (symlinked folders neither listed nor entered),
    without its relpath() per folder, which asks the OS for the working directory."""
    found = []
    stack = [(str(folder), "")]
    while stack:
        path, prefix = stack.pop()
        try:
            entries = list(os.scandir(path))
        except OSError:
            continue
        for entry in entries:
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if not is_dir:
                found.append(prefix + entry.name)
            elif not entry.is_symlink():
                stack.append((entry.path, f"{prefix}{entry.name}/"))
    return found


def _place(path: Path, data: bytes | Path, made: set[str]) -> None:
    _mkdir(path.parent, made)
    if isinstance(data, Path):
        shutil.copy2(data, path)  # the source's mtime, so the next build can trust size + mtime
        os.chmod(path, 0o644)
    else:
        with open(path, "wb") as handle:
            handle.write(data)


def _unchanged(path: Path, data: bytes | Path) -> bool:
    if isinstance(data, Path):
        try:
            a, b = path.stat(), data.stat()
        except OSError:
            return False
        if a.st_size == b.st_size and a.st_mtime_ns == b.st_mtime_ns:
            return True
    return _same(path, data)


def publish_folder(out_dir: Path, scope: str, outputs: dict[str, bytes | Path],
                   protected: set[str]) -> tuple[WriteStats, list[str]]:
    """Publish `outputs` (site paths under `scope/`) as one swap; return stats and the stale
    files kept until the portal no longer links to them (remove_files)."""
    stats = WriteStats()
    target = out_dir / scope
    prefix = scope + "/"
    wanted: dict[str, bytes | Path] = {}
    for rel, data in outputs.items():
        if not rel.startswith(prefix):
            raise UnsafePath(f"jalur keluaran tidak aman: {rel}")
        _target(out_dir, rel)
        wanted[rel[len(prefix):]] = data
    existing = set(files_under(target)) if target.is_dir() and not target.is_symlink() else set()
    changed = {rel for rel, data in wanted.items() if rel not in existing or not _unchanged(target / rel, data)}
    stale = sorted(rel for rel in existing - set(wanted))
    stats.unchanged = len(wanted) - len(changed)
    stats.written = len(changed)
    if not changed:
        return stats, [f"{prefix}{rel}" for rel in stale if rel.split("/")[0] not in protected]
    if len(changed) == 1 and existing:
        # one file is its own atomic unit: a rename over it, no need to stage the whole KIM
        rel = next(iter(changed))
        write_file(target / rel, wanted[rel])
        return stats, [f"{prefix}{rel}" for rel in stale if rel.split("/")[0] not in protected]
    root = staging_root(out_dir)
    staging = root / scope
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    made: set[str] = set()
    for rel in sorted(wanted):
        dest = staging / rel
        if rel in changed:
            _place(dest, wanted[rel], made)
        else:
            _link_or_copy(target / rel, dest, made)
    for rel in stale:  # kept until the portal stops linking to them; see remove_files()
        _link_or_copy(target / rel, staging / rel, made)
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        target.unlink()
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        os.rename(staging, target)
    elif _exchange(staging, target):
        _discard(root, staging)
    else:
        # no atomic exchange here: a short window without the folder, repaired by recover()
        old = root / f"{scope}.old"
        os.rename(target, old)
        os.rename(staging, target)
        _discard(root, old)
    return stats, [f"{prefix}{rel}" for rel in stale if rel.split("/")[0] not in protected]


def _mkdir(folder: Path, made: set[str]) -> None:
    """Make a folder of a fresh staging tree once; `made` holds those made in it already.
    (Per staging tree: a memo for the whole process would grow with the province.)"""
    key = str(folder)
    if key not in made:
        folder.mkdir(parents=True, exist_ok=True)
        made.add(key)


def _discard(root: Path, folder: Path) -> None:
    """Take a replaced version off the site in one rename, then delete it. A build killed
    meanwhile leaves it to recover()."""
    name = f".old-{os.getpid()}-{os.urandom(4).hex()}"
    os.rename(folder, root / name)
    shutil.rmtree(root / name, ignore_errors=True)


def retire_folder(out_dir: Path, name: str) -> bool:
    """Take a deleted KIM's folder off the site in one rename, so no kill leaves half of it."""
    folder = out_dir / name
    if not folder.is_dir() or folder.is_symlink():
        return False
    root = staging_root(out_dir)
    root.mkdir(exist_ok=True)
    _discard(root, folder)
    return True


def _link_or_copy(source: Path, dest: Path, made: set[str]) -> None:
    _mkdir(dest.parent, made)
    try:
        os.link(source, dest)
    except OSError:
        shutil.copy2(source, dest)


def recover(out_dir: Path) -> None:
    """Undo what a killed build left: put back a folder caught between two renames, drop staging."""
    shutil.rmtree(out_dir / OLD_STAGING, ignore_errors=True)
    root = staging_root(out_dir)
    if not root.is_dir():
        return
    for entry in root.iterdir():
        if entry.name.endswith(".old"):
            target = out_dir / entry.name[: -len(".old")]
            if not target.exists():
                os.rename(entry, target)
                continue
    shutil.rmtree(root)


def remove_files(out_dir: Path, paths: list[str]) -> int:
    """Remove stale files (site paths) and the folders they leave empty."""
    removed = 0
    folders = set()
    for rel in paths:
        path = _target(out_dir, rel)
        try:
            path.unlink()
            removed += 1
        except FileNotFoundError:
            pass
        folders.add(path.parent)
    for folder in sorted(folders, key=lambda p: -len(p.parts)):
        while folder != out_dir and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
    return removed


def write_manifest(out_dir: Path, files: dict[str, str]) -> None:
    import json

    data = json.dumps({"berkas": dict(sorted(files.items()))}, indent=0).encode("utf-8")
    path = beside(out_dir, "manifest.json")
    if not _same(path, data):
        write_file(path, data)


def read_manifest(out_dir: Path) -> dict[str, str] | None:
    import json

    try:
        files = json.loads(beside(out_dir, "manifest.json").read_bytes())["berkas"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return files if isinstance(files, dict) else None


@contextmanager
def output_lock(out_dir: Path, wait: float):
    """One build at a time per output folder (cron overlapping a manual run): a second build waits
    up to `wait` seconds, then gives up naming the first."""
    import fcntl
    import time

    from kimgen.build.options import BuildError

    path = beside(out_dir, "lock")
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = open(path, "a+", encoding="utf-8")
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    handle.seek(0)
                    holder = handle.read().strip() or "?"
                    raise BuildError(f"build lain ({holder}) sedang menulis ke {out_dir}; tunggu sampai selesai "
                                     f"atau hentikan proses itu.") from None
                time.sleep(0.2)
        handle.seek(0)
        handle.truncate()
        handle.write(f"PID {os.getpid()}, mulai {time.strftime('%Y-%m-%d %H:%M:%S')}")
        handle.flush()
        yield
    finally:
        handle.close()  # the lock goes with the file
