"""`kimgen verify WEBROOT`: does a deployed copy hold exactly what the last build published?

Gambling spam injected into government web roots is common. The build writes, beside its output
folder and never served, every published file with its SHA-256; this compares a web root with
it: files added, changed or missing. Run it after the rsync and then every hour from cron.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from kimgen.build.publish import read_manifest


@dataclass
class Differences:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.missing)


class NoManifest(Exception):
    pass


def verify(webroot: Path, out_dir: Path) -> Differences:
    """Compare `webroot` with the manifest of the last build into `out_dir`."""
    expected = read_manifest(out_dir)
    if expected is None:
        raise NoManifest(f"tidak ada daftar berkas terbitan untuk {out_dir}; jalankan `kimgen build -o {out_dir}` "
                         "dulu, atau sebutkan folder keluarannya dengan -o.")
    found = Differences()
    present = set()
    for top, dirs, files in os.walk(webroot):
        dirs.sort()
        for name in sorted(files):
            path = Path(top, name)
            rel = path.relative_to(webroot).as_posix()
            present.add(rel)
            if rel not in expected:
                found.added.append(rel)
            elif path.is_symlink() or _sha256(path) != expected[rel]:
                found.changed.append(rel)
    found.missing = sorted(set(expected) - present)
    return found


def _sha256(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()
