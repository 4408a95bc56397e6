"""After-build step: a Pagefind search index for each KIM site and for the province.

Pagefind runs entirely in the reader's browser from static files, so search
needs no server and sends nothing elsewhere. Only post pages carry
`data-pagefind-body`, so results are posts, never lists or menus.

A nightly build rewrites only the pages that changed (write.py keeps the others
untouched), so a site is re-indexed only when one of its HTML files is newer
than its index; a province of 325 KIMs where three KIMs posted re-indexes
three KIMs and the province.
"""

from __future__ import annotations

import os
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from kimgen.problems import Problem

BUNDLE = "pagefind"
ENTRY = "pagefind-entry.json"  # written last by pagefind: its mtime is the index's age
LANGUAGE = "id"


@dataclass
class SearchStats:
    indexed: list[str] = field(default_factory=list)  # "" is the provincial site
    skipped: list[str] = field(default_factory=list)  # up to date
    seconds: float = 0.0
    problems: list[Problem] = field(default_factory=list)


def executable() -> str | None:
    """The pagefind binary shipped by the `pagefind[bin]` wheel (or one on PATH)."""
    try:
        from pagefind_bin import get_executable
        return str(get_executable())
    except Exception:  # noqa: BLE001 - a missing or foreign-platform wheel falls back to PATH
        from shutil import which
        return which("pagefind") or which("pagefind_extended")


def _newest_html(folder: Path, skip: set[str]) -> float:
    newest = 0.0
    for dirpath, dirnames, filenames in os.walk(folder):
        if dirpath == str(folder):
            dirnames[:] = [d for d in dirnames if d not in skip]
        for name in filenames:
            if name.endswith(".html"):
                newest = max(newest, os.stat(os.path.join(dirpath, name)).st_mtime)
    return newest


def is_current(site: Path) -> bool:
    entry = site / BUNDLE / ENTRY
    return entry.is_file() and entry.stat().st_mtime >= _newest_html(site, {BUNDLE})


def run_pagefind(site: Path, language: str = LANGUAGE, glob: str | None = None) -> None:
    binary = executable()
    if binary is None:
        raise FileNotFoundError("program pagefind tidak ditemukan (pasang paket `pagefind[bin]`)")
    command = [binary, "--site", str(site), "--force-language", language, "--silent"]
    if glob:
        command += ["--glob", glob]
    done = subprocess.run(command, capture_output=True, text=True, timeout=1800)
    if done.returncode != 0:
        raise RuntimeError((done.stderr or done.stdout).strip()[-500:])


def index_sites(out_dir: Path, kim_slugs: list[str], province: bool = True, language: str = LANGUAGE,
                force: bool = False, current: set[str] | None = None) -> SearchStats:
    """Index each built KIM folder, then the whole province (only the sites whose pages changed).

    With `current` the caller says which sites are indexed ("" for the province) and every
    other one is indexed without walking pages; without it, page and index times decide.
    The province is redone whenever a KIM was.
    """
    started = time.perf_counter()
    stats = SearchStats()
    targets = [(slug, out_dir / slug) for slug in kim_slugs if (out_dir / slug / "index.html").is_file()]
    if province and (out_dir / "index.html").is_file():
        targets.append(("", out_dir))
    for slug, site in targets:
        # The provincial check walks every KIM folder too: a new post anywhere changes its results.
        if current is not None:
            fresh = slug in current and not (slug == "" and stats.indexed)
        else:
            fresh = is_current(site)
        if not force and fresh:
            stats.skipped.append(slug)
            continue
        try:
            run_pagefind(site, language)
            stats.indexed.append(slug)
        except (OSError, RuntimeError, subprocess.SubprocessError) as exc:
            where = f"kim/{slug}" if slug else "provinsi.yaml"
            stats.problems.append(Problem(where, 0, "", f"indeks pencarian tidak dapat dibuat ({exc}); "
                                          "halaman lain tetap dibangun.", level="warning"))
    stats.seconds = time.perf_counter() - started
    return stats
