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
from dataclasses import dataclass
from pathlib import Path


class UnsafePath(Exception):
    pass


@dataclass
class WriteStats:
    written: int = 0
    unchanged: int = 0
    removed: int = 0

    def add(self, other: "WriteStats") -> None:
        self.written += other.written
        self.unchanged += other.unchanged
        self.removed += other.removed


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
    stats = WriteStats()
    checked: dict[Path, bool] = {}
    for rel in sorted(outputs):
        path = _target(out_dir, rel)
        _check_parent(out_dir, path, checked)
        if _same(path, outputs[rel]):
            stats.unchanged += 1
            continue
        write_file(path, outputs[rel])
        stats.written += 1
    return stats


def remove_stale(out_dir: Path, scope: str, keep: set[str], protected: set[str]) -> int:
    """Remove files under `out_dir/scope` that this build did not produce.

    `protected` names top-level entries of the scope to leave alone (other KIMs'
    folders, the search index).
    """
    folder = out_dir / scope if scope else out_dir
    if not folder.is_dir():
        return 0
    removed = 0
    for dirpath, dirnames, filenames in os.walk(folder, topdown=True):
        here = Path(dirpath)
        rel_dir = here.relative_to(out_dir).as_posix()
        if here == folder:
            dirnames[:] = [d for d in dirnames if d not in protected]
        for name in filenames:
            rel = f"{rel_dir}/{name}" if rel_dir != "." else name
            if here == folder and name in protected:
                continue
            if rel not in keep:
                (here / name).unlink()
                removed += 1
    for dirpath, dirnames, filenames in sorted(os.walk(folder), key=lambda item: -len(item[0])):
        if Path(dirpath) != folder and not os.listdir(dirpath):
            os.rmdir(dirpath)
    return removed
