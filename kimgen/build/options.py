"""What a build is asked to do, and what it reports back."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from kimgen.problems import ERROR, WARNING, Problem
from kimgen.site.model import Site


class BuildError(Exception):
    """The build cannot start or go on (usage or environment): exit code 2."""


def default_cache_folder(root: Path, out_dir: Path) -> Path:
    """The user's cache folder ($XDG_CACHE_HOME/kimgen, else ~/.cache/kimgen), one per content root and
    output: outside the content repository, where nobody who can commit to it can plant a file."""
    import hashlib

    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "kimgen"
    both = f"{Path(root).resolve()}\0{Path(out_dir).resolve()}".encode("utf-8", "surrogateescape")
    return base / hashlib.blake2b(both, digest_size=8).hexdigest()


@dataclass(frozen=True)
class BuildOptions:
    root: Path
    out_dir: Path
    base_url: str | None = None  # replaces provinsi.yaml's (feeds, sitemaps, canonical)
    only: tuple[str, ...] = ()  # these KIMs alone, and no portal
    strict: bool = False  # any problem stops the build before anything is written
    clean: bool = False  # output and cache removed first
    offline: bool = False  # links spell out index.html, to browse from disk
    jobs: int | None = None  # worker processes; None: one per core
    cache_dir: Path | None = None  # default: default_cache_folder(), outside the content root
    shard: tuple[int, int] | None = None  # (i, n): the i-th of n stable shares of the KIMs, no portal
    portal_only: bool = False  # the portal alone, from the summaries the shards left in the cache
    progress: Callable[[int, int, str], None] | None = None  # (done, total, slug) as each KIM finishes

    @property
    def cache_folder(self) -> Path:
        return Path(self.cache_dir) if self.cache_dir else default_cache_folder(self.root, self.out_dir)

    @property
    def workers(self) -> int:
        return self.jobs or os.cpu_count() or 1

    @property
    def with_portal(self) -> bool:
        return not self.only and self.shard is None


@dataclass
class WriteStats:
    written: int = 0
    unchanged: int = 0
    removed: int = 0

    def add(self, other: "WriteStats") -> None:
        self.written += other.written
        self.unchanged += other.unchanged
        self.removed += other.removed


@dataclass
class BuildResult:
    problems: list[Problem] = field(default_factory=list)
    stats: WriteStats = field(default_factory=WriteStats)
    built: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # unchanged since the last build
    portal: str = "none"  # built | skipped | failed | none (--kim, --shard)
    search: str = "none"  # the provincial search index: written | unchanged | none
    seconds: float = 0.0
    report_path: Path | None = None
    faults: list[str] = field(default_factory=list)  # the machine's (disk full, read-only...): exit code 2
    site: Site | None = None  # the provincial model, when the portal was rendered

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.level == WARNING]
