"""Atomic publish: a KIM is swapped in whole, unchanged files keep their inode, and a build
killed with SIGKILL at any moment leaves every KIM wholly old or wholly new, links resolving."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import NOW, post, write_tree
from kimgen.build import build
from kimgen.build.publish import publish_folder, recover, remove_files, staging_root
from linkcheck import broken_links
from test_incremental import tree
from test_parallel import KIMS, province


def test_publish_swaps_whole_folder_keeps_unchanged_inodes_and_stale_files(tmp_path):
    out = tmp_path / "sites"
    stats, stale = publish_folder(out, "kim-a", {"kim-a/index.html": b"satu", "kim-a/berita/x/index.html": b"x"}, set())
    assert (stats.written, stats.unchanged, stale) == (2, 0, [])
    inode = (out / "kim-a/index.html").stat().st_ino
    stats, stale = publish_folder(out, "kim-a", {"kim-a/index.html": b"satu", "kim-a/berita/y/index.html": b"y"}, set())
    assert (stats.written, stats.unchanged) == (1, 1)
    assert (out / "kim-a/index.html").stat().st_ino == inode  # not rewritten: rsync sees no change
    assert stale == ["kim-a/berita/x/index.html"] and (out / "kim-a/berita/x/index.html").read_bytes() == b"x"
    assert not (staging_root(out) / "kim-a").exists() and not (out / ".kimgen-staging").exists()
    assert remove_files(out, stale) == 1 and not (out / "kim-a/berita/x").exists()
    stats, stale = publish_folder(out, "kim-a", {"kim-a/index.html": b"satu", "kim-a/berita/y/index.html": b"y"}, set())
    assert (stats.written, stats.unchanged, stale) == (0, 2, [])


def test_recover_puts_back_a_folder_caught_between_two_renames(tmp_path):
    out = tmp_path / "sites"
    staging = staging_root(out).name
    write_tree(tmp_path, {f"{staging}/kim-a.old/index.html": "lama", f"{staging}/kim-b/index.html": "setengah",
                          "sites/kim-b/index.html": "utuh"})
    recover(out)
    assert (out / "kim-a/index.html").read_text() == "lama"
    assert (out / "kim-b/index.html").read_text() == "utuh"
    assert not staging_root(out).exists()


def per_kim(files: dict[str, bytes], slug: str) -> dict[str, bytes]:
    return {rel: data for rel, data in files.items() if rel.startswith(f"{slug}/")}


class Killed:
    """`kimgen build --jobs 2` of the edited content, started again from saved copies of the output
    and the cache each time, and killed with SIGKILL (its whole process group)."""

    def __init__(self, tmp_path: Path, root: Path, out: Path, cache: Path):
        self.saved = [(out, tmp_path / "backup-sites"), (cache, tmp_path / "backup-cache")]
        for folder, backup in self.saved:
            shutil.copytree(folder, backup)
        self.command = [sys.executable, "-m", "kimgen", "build", str(root), "-o", str(out), "--cache-dir", str(cache),
                        "--jobs", "2"]
        self.env = {**os.environ, "KIMGEN_NOW": NOW, "CI": "true"}
        started = time.perf_counter()
        subprocess.run(self.command, env=self.env, check=False, capture_output=True)
        self.duration = time.perf_counter() - started  # of a whole build, to kill within it

    def start(self) -> subprocess.Popen:
        for folder, backup in self.saved:
            shutil.rmtree(folder)
            shutil.copytree(backup, folder)
        return subprocess.Popen(self.command, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True)

    @staticmethod
    def kill(process: subprocess.Popen) -> None:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:  # it finished first: that state must hold too
            pass
        process.wait()


def test_sigkill_at_random_moments_leaves_each_kim_wholly_old_or_new(tmp_path):
    root = province(tmp_path / "konten")
    for slug in KIMS:  # some weight, so that kills land inside the work
        write_tree(root, {f"kim/{slug}/berita/2024-11-{d:02d}-catatan-{d}.md": post(f"Catatan {d}", f"2024-11-{d:02d}",
                                                                                   "Kegiatan warga. " * 40, tag="[warga, desa]")
                          for d in range(1, 13)})
    out, cache = tmp_path / "sites", tmp_path / "cache"
    build(root, out, jobs=1, cache_dir=cache)
    old = tree(out)
    (tmp_path / "old-names").mkdir()
    for entry in out.iterdir():
        (tmp_path / "old-names" / entry.name).touch()
    # version B: every KIM changes, one loses a post, one gains one, a KIM goes and a new announcement appears
    for slug in KIMS:
        path = root / f"kim/{slug}/berita/2024-12-01-kabar-1.md"
        path.write_text(post("Kabar 1 diperbarui", "2024-12-01", "Isi baru."), encoding="utf-8")
    (root / "kim/kim-desa-2/berita/2024-12-02-kabar-2.md").unlink()
    write_tree(root, {"kim/kim-desa-4/berita/2024-12-15-baru.md": post("Berita Baru", "2024-12-15"),
                      "pengumuman/2024-12-10-vaksin.md": post("Vaksinasi", "2024-12-10", penting="true",
                                                              berlaku_sampai="2024-12-30")})
    shutil.rmtree(root / "kim/kim-desa-6")
    build(root, tmp_path / "reference", jobs=1, cache_dir=tmp_path / "reference-cache")
    new = tree(tmp_path / "reference")
    killed = Killed(tmp_path, root, out, cache)
    rng = random.Random(7)
    seen: set[str] = set()
    for attempt in range(4):
        process = killed.start()
        if attempt % 2:  # at any moment
            time.sleep(rng.uniform(0.0, 1.0) * killed.duration)
        else:  # while KIMs are being swapped in
            while process.poll() is None and not staging_root(out).exists():
                time.sleep(0.002)
            time.sleep(rng.uniform(0.0, 0.3) * killed.duration)
        killed.kill(process)
        now = tree(out)
        for slug in KIMS:
            have, was, will = per_kim(now, slug), per_kim(old, slug), per_kim(new, slug)
            wholly_old = have == was
            wholly_new = bool(will) and all(have.get(rel) == data for rel, data in will.items()) and \
                all(was.get(rel) == data for rel, data in have.items() if rel not in will)
            gone = not will and not have
            assert wholly_old or wholly_new or gone, f"attempt {attempt}: {slug} is half-written"
            seen.add("old" if wholly_old and will != was else "new" if wholly_new and will != was else "same")
        assert broken_links(out) == [], f"attempt {attempt}"
        assert {p.name for p in out.iterdir()} <= {p.name for p in (tmp_path / "reference").iterdir()} | \
            {p.name for p in tmp_path.joinpath("old-names").iterdir()}, f"attempt {attempt}: not a published file"
        finished = build(root, out, jobs=1, cache_dir=cache)  # the next build repairs everything
        assert finished.errors == [] and tree(out) == new, f"attempt {attempt}"
        assert not staging_root(out).exists()
    print(f"KIM states seen after kills: {sorted(seen)}")


def _gone(path: Path, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while path.exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    return not path.exists()

