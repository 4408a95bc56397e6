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
from kimgen.write import STAGING, publish_folder, recover, remove_files
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
    assert not (out / STAGING / "kim-a").exists()
    assert remove_files(out, stale) == 1 and not (out / "kim-a/berita/x").exists()
    stats, stale = publish_folder(out, "kim-a", {"kim-a/index.html": b"satu", "kim-a/berita/y/index.html": b"y"}, set())
    assert (stats.written, stats.unchanged, stale) == (0, 2, [])


def test_recover_puts_back_a_folder_caught_between_two_renames(tmp_path):
    out = tmp_path / "sites"
    write_tree(out, {f"{STAGING}/kim-a.old/index.html": "lama", f"{STAGING}/kim-b/index.html": "setengah",
                     "kim-b/index.html": "utuh"})
    recover(out)
    assert (out / "kim-a/index.html").read_text() == "lama"
    assert (out / "kim-b/index.html").read_text() == "utuh"
    assert not (out / STAGING).exists()


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
            while process.poll() is None and not (out / STAGING).exists():
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
        assert [p for p in broken_links(out) if not p.startswith(STAGING)] == [], f"attempt {attempt}"
        finished = build(root, out, jobs=1, cache_dir=cache)  # the next build repairs everything
        assert finished.errors == [] and tree(out) == new, f"attempt {attempt}"
        assert not (out / STAGING).exists()
    print(f"KIM states seen after kills: {sorted(seen)}")


def test_sigkill_while_a_lone_kim_is_published_beside_the_portal(tmp_path):
    """A new post in one KIM: a child process publishes it while the portal is rendered. Killed
    at any moment, the KIM is wholly old or new and the portal never links to a page not yet
    published; the next build repairs everything."""
    root = province(tmp_path / "konten")
    write_tree(root, {f"kim/kim-desa-3/berita/2024-11-{d:02d}-catatan-{d}.md": post(
        f"Catatan {d}", f"2024-11-{d:02d}", "Kegiatan warga. " * 40, tag="[warga, desa]") for d in range(1, 25)})
    out, cache = tmp_path / "sites", tmp_path / "cache"
    build(root, out, jobs=1, cache_dir=cache)
    old = tree(out)
    write_tree(root, {"kim/kim-desa-3/berita/2024-12-15-baru.md": post("Berita Paling Baru", "2024-12-15")})
    build(root, tmp_path / "reference", jobs=1, cache_dir=tmp_path / "reference-cache")
    new = tree(tmp_path / "reference")
    killed = Killed(tmp_path, root, out, cache)
    rng = random.Random(11)
    for attempt in range(6):
        process = killed.start()
        time.sleep(rng.uniform(0.3, 1.0) * killed.duration)
        killed.kill(process)
        now = tree(out)
        have = per_kim(now, "kim-desa-3")
        assert have in (per_kim(old, "kim-desa-3"), per_kim(new, "kim-desa-3")), f"attempt {attempt}: half-written"
        assert [p for p in broken_links(out) if not p.startswith(STAGING)] == [], f"attempt {attempt}"
        assert build(root, out, jobs=1, cache_dir=cache).errors == [] and tree(out) == new, f"attempt {attempt}"


def _gone(path: Path, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while path.exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    return not path.exists()


@pytest.mark.parametrize("rm", [True, False], ids=["rm", "without-rm"])
def test_a_replaced_version_is_deleted_from_the_cache_not_the_site(site, monkeypatch, rm):
    """The build does not wait for the slow deletion of a KIM's replaced version, and no rsync
    right after it can copy a half-deleted folder: it leaves the site in one rename. `rm` does
    the deletion in a process of its own; without it, a thread."""
    from kimgen import parallel, write

    monkeypatch.setattr(parallel, "_publish_beside", lambda *args: None)  # publish in this process, watched
    spawned = []
    real_spawn = os.posix_spawnp

    def spawn(*args, **kwargs):
        spawned.append(args[1])
        if not rm:
            raise FileNotFoundError("rm")
        return real_spawn(*args, **kwargs)

    monkeypatch.setattr(os, "posix_spawnp", spawn)

    root, _, out = site({f"kim/kim-sumber-rejeki/berita/2024-12-0{n}-p{n}.md": post(f"P{n}", f"2024-12-0{n}")
                         for n in (1, 2)})
    deleted = []
    real = write._delete_later
    monkeypatch.setattr(write, "_delete_later", lambda path: deleted.append(path) or real(path))
    bin_ = root / ".kimgen-cache" / "trash"
    stuck = bin_ / ".trash-left-by-a-killed-build"
    write_tree(stuck, {"berita/x/index.html": "lama"})
    write_tree(root, {"kim/kim-sumber-rejeki/berita/2024-12-01-p1.md": post("P1 baru", "2024-12-01")})
    result = build(root, out)
    assert result.built == ["kim-sumber-rejeki"]
    assert not (out / STAGING).exists()
    assert sorted(p.parent for p in deleted) == [bin_, bin_]  # the KIM's replaced version, and the one left
    assert _gone(stuck) and all(_gone(p) for p in deleted)
    assert sorted(a[-1] for a in spawned) == sorted(map(str, deleted))


def test_a_cache_on_another_file_system_deletes_the_replaced_version_in_place(site, monkeypatch):
    root, _, out = site({"kim/kim-sumber-rejeki/berita/2024-12-01-p1.md": post("P1", "2024-12-01")})
    real = os.rename

    def rename(a, b):
        if ".kimgen-cache" in str(b):
            raise OSError(18, "Invalid cross-device link")
        return real(a, b)

    monkeypatch.setattr(os, "rename", rename)
    write_tree(root, {"kim/kim-sumber-rejeki/berita/2024-12-01-p1.md": post("P1 baru", "2024-12-01"),
                      "kim/kim-sumber-rejeki/berita/2024-12-02-p2.md": post("P2", "2024-12-02")})
    assert build(root, out).built == ["kim-sumber-rejeki"]
    assert not (out / STAGING).exists() and "P1 baru" in (out / "kim-sumber-rejeki/berita/p1/index.html").read_text()
