"""Worker processes, fault isolation in parallel, and shards merged by a final portal job."""

from __future__ import annotations

import shutil


from conftest import invoke, post, write_tree
from kimgen.build import build, in_shard
from test_incremental import profile, sorted_messages, tree

KIMS = [f"kim-desa-{n}" for n in range(1, 7)]


def province(root):
    files = {"provinsi.yaml": "nama: Jawa Timur\npengelola: Dinas Kominfo\nbase_url: https://kim.example.go.id/\n",
             "pengumuman/2024-12-01-libur.md": post("Libur", "2024-12-01", penting="true", berlaku_sampai="2024-12-31")}
    for n, slug in enumerate(KIMS):
        files[f"kim/{slug}/profil.yaml"] = profile(f"KIM Desa {n}", "Kota Malang" if n % 2 else "Kabupaten Malang")
        for day in range(1, 4):
            files[f"kim/{slug}/berita/2024-12-0{day}-kabar-{day}.md"] = post(f"Kabar {day} dari desa {n}", f"2024-12-0{day}",
                                                                             tag="[warga]")
    return write_tree(root, files)


def test_parallel_build_gives_the_same_bytes_as_serial(tmp_path):
    root = province(tmp_path / "konten")
    serial = build(root, tmp_path / "serial", jobs=1, cache_dir=tmp_path / "c1")
    workers = build(root, tmp_path / "workers", jobs=2, cache_dir=tmp_path / "c2")
    assert workers.built == serial.built == KIMS
    assert tree(tmp_path / "workers") == tree(tmp_path / "serial")
    assert sorted_messages(workers) == sorted_messages(serial)
    assert workers.stats == serial.stats


def test_bad_kim_in_parallel_keeps_its_output_and_exits_1(tmp_path):
    root = province(tmp_path / "konten")
    out = tmp_path / "sites"
    args = ["build", str(root), "-o", str(out), "--jobs", "2"]
    assert invoke(args).exit_code == 0
    bad = root / "kim/kim-desa-3/berita/2024-12-02-kabar-2.md"
    bad.write_text("---\njudul: Kabar\ntanggal: kemarin\n---\nisi\n", encoding="utf-8")
    for slug in ("kim-desa-1", "kim-desa-5"):
        (root / f"kim/{slug}/berita/2024-12-01-kabar-1.md").write_text(post("Kabar baru", "2024-12-01"), encoding="utf-8")
    result = invoke(args)
    assert result.exit_code == 1
    assert "kim/kim-desa-3/berita/2024-12-02-kabar-2.md:3: tanggal:" in result.output
    assert "KIM: 2 dibangun, 3 dilewati (tidak berubah), 1 gagal;" in result.output
    assert (out / "kim-desa-3/berita/kabar-2/index.html").is_file()  # last good output kept
    assert "Kabar baru" in (out / "kim-desa-5/berita/kabar-1/index.html").read_text()
    assert "KIM Desa 2" in (out / "index.html").read_text()  # still listed on the portal
    assert invoke(args).exit_code == 1  # skipped, but its errors are still reported


def test_shards_on_separate_runners_then_portal_only_equals_one_build(tmp_path, monkeypatch):
    root = province(tmp_path / "konten")
    full = build(root, tmp_path / "full", jobs=1, cache_dir=tmp_path / "full-cache")
    shares = [[s for s in KIMS if in_shard(s, (i, 3))] for i in (1, 2, 3)]
    assert sorted(sum(shares, [])) == KIMS and all(shares)  # a partition, every share used
    runner = tmp_path / "runner"
    runner.mkdir()
    monkeypatch.chdir(runner)  # every job checks out into the same path, as CI runners do
    artifacts = []
    for i in (1, 2, 3):
        result = build(root, runner / "sites", jobs=1, cache_dir=runner / "cache", shard=(i, 3))
        assert result.built == shares[i - 1] and result.portal == "none"
        assert not (runner / "sites/index.html").exists()
        artifacts.append(tmp_path / f"artifact-{i}")
        shutil.move(runner / "sites", artifacts[-1] / "sites")
        shutil.move(runner / "cache", artifacts[-1] / "cache")
    for artifact in artifacts:  # the final job downloads every shard's artifact into place
        shutil.copytree(artifact / "sites", runner / "sites", dirs_exist_ok=True)
        shutil.copytree(artifact / "cache", runner / "cache", dirs_exist_ok=True)
    final = build(root, runner / "sites", jobs=1, cache_dir=runner / "cache", portal_only=True)
    assert final.portal == "built" and final.built == [] and sorted(final.skipped) == KIMS
    assert tree(runner / "sites") == tree(tmp_path / "full")
    assert sorted_messages(final) == sorted_messages(full)


def test_portal_only_without_the_shards_is_a_usage_error(tmp_path):
    root = province(tmp_path / "konten")
    result = invoke(["build", str(root), "-o", str(tmp_path / "s"), "--portal-only"])
    assert result.exit_code == 2
    assert "ringkasan KIM tidak ada di cache (kim-desa-1, kim-desa-2" in result.output


def test_shard_option_is_checked(tmp_path):
    root = province(tmp_path / "konten")
    result = invoke(["build", str(root), "--shard", "3/2"])
    assert result.exit_code == 2 and "tulis I/N, misalnya 2/4" in result.output


def test_progress_bar_draws_on_a_terminal_and_ci_is_quiet(capsys, monkeypatch):
    from kimgen.cli import ProgressBar, is_quiet

    bar = ProgressBar(width=10)
    bar(1, 4, "kim-desa-1")
    bar(4, 4, "kim-desa-4")
    bar.close()
    err = capsys.readouterr().err
    assert "\r[##--------] 1/4 kim-desa-1" in err and "\r[##########] 4/4 kim-desa-4" in err and err.endswith("\n")
    monkeypatch.setenv("CI", "true")
    assert is_quiet()


def test_a_process_building_many_kims_keeps_nothing_of_the_earlier_ones(tmp_path, monkeypatch):
    """A worker builds a share of the province one KIM after another: what it keeps of each
    (photos, folders made) must not grow with the province."""
    from test_partial import png

    from kimgen import parallel

    root = province(tmp_path / "konten")
    for slug in KIMS:
        write_tree(root, {f"kim/{slug}/media/foto.png": png((20, 90, 200)),
                          f"kim/{slug}/berita/2024-12-04-foto.md": post("Foto", "2024-12-04", "![foto](../media/foto.png)")})
    seen = []
    real = parallel.build_kim

    def build_kim(ctx, slug, beside=None):
        outcome = real(ctx, slug, beside)
        seen.append({path.split("/")[0] for path in ctx.renderer._image_sets})
        return outcome

    monkeypatch.setattr(parallel, "build_kim", build_kim)
    build(root, tmp_path / "sites", jobs=1, cache_dir=tmp_path / "cache")
    assert len(seen) == len(KIMS) and all(len(kims) == 1 for kims in seen)


def test_dates_formatted_in_workers_are_remembered_as_if_built_in_one_process(tmp_path):
    """Workers hand back what they formatted (i18n.Translator.since): the cache's memo of dates and
    numbers is the serial build's, so the next rebuild of any KIM need not load Babel."""
    from kimgen.cache import load_pickle
    from kimgen.i18n import translator
    from kimgen.parallel import FORMATS

    root = province(tmp_path / "konten")
    # older posts than the portal shows (20 per kabupaten): their dates are on the KIM's pages only
    write_tree(root, {f"kim/kim-desa-1/berita/2024-10-{day:02}-lama-{day}.md": post(f"Lama {day}", f"2024-10-{day:02}")
                      for day in range(1, 26)})
    for jobs, cache in ((2, "c2"), (1, "c1")):
        translator.cache_clear()  # one translator per process and language: this build's own
        build(root, tmp_path / f"out-{jobs}", jobs=jobs, cache_dir=tmp_path / cache)
    serial, workers = (load_pickle(tmp_path / cache / FORMATS, None) for cache in ("c1", "c2"))
    assert [set(known) for known in workers[2:]] == [set(known) for known in serial[2:]]
    assert len(serial[2]) > 1


def _beside_watched(monkeypatch) -> list[str]:
    """Slugs of KIMs handed to a child process to publish (parallel._publish_beside)."""
    import os

    from kimgen import parallel

    import threading

    monkeypatch.setattr(os, "cpu_count", lambda: 2)  # the path a machine with a second core takes
    # threads earlier tests left running (kimgen serve's) would keep the KIM in this process
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    handed = []
    real = parallel._publish_beside
    monkeypatch.setattr(parallel, "_publish_beside", lambda ctx, kim, *rest: handed.append(kim.slug) or
                        real(ctx, kim, *rest))
    return handed


def test_a_lone_kim_is_published_by_a_child_while_the_portal_is_rendered(tmp_path, monkeypatch):
    """A new post (its KIM's summary changes): a child publishes the KIM while the portal is
    rendered, and the result is a clean build's; a change that leaves the portal as it is (a new
    file in media/) is published in the build's own process."""
    from test_incremental import assert_as_clean

    handed = _beside_watched(monkeypatch)
    root = province(tmp_path / "konten")
    out = tmp_path / "sites"
    build(root, out, jobs=2)
    from kimgen import parallel

    afters = []
    real_settle = parallel.settle
    monkeypatch.setattr(parallel, "settle", lambda ctx, outcome: real_settle(ctx, outcome) or
                        afters.append(outcome.after))
    write_tree(root, {"kim/kim-desa-2/berita/2024-12-09-baru.md": post("Kabar Paling Baru", "2024-12-09")})
    result = build(root, out, jobs=2)
    assert handed == ["kim-desa-2"] and result.built == ["kim-desa-2"] and result.portal == "built"
    # the child also patched the provincial search index, after publishing the KIM
    assert result.search == "updated" and [a[0] for a in afters] == ["updated"]
    assert "Kabar Paling Baru" in (out / "index.html").read_text(encoding="utf-8")
    assert (out / "kim-desa-2/berita/baru/index.html").is_file()
    assert_as_clean(root, out)
    again = build(root, out, jobs=2)
    assert again.built == [] and "kim-desa-2" in again.skipped  # its cache entry was saved once settled

    write_tree(root, {"kim/kim-desa-2/media/lampiran.txt": "lampiran"})  # the summary stays as it was
    assert build(root, out, jobs=2).built == ["kim-desa-2"] and handed == ["kim-desa-2"]
    assert_as_clean(root, out)


def test_a_kim_that_fails_in_the_child_is_reported_as_in_one_process(tmp_path, monkeypatch):
    """A render that fails (or a child that dies) after the portal was rendered from the KIM's
    new summary: the portal is made again from its last good one, and everything, output,
    messages and cache, is what a build in one process gives."""
    import os

    from kimgen import partial

    handed = _beside_watched(monkeypatch)
    real = partial.render_and_publish
    parent = os.getpid()
    how = {}

    def render_and_publish(ctx, kim, *rest):
        if kim.slug == "kim-desa-2" and how.get("fail"):
            if how["fail"] == "die" and os.getpid() != parent:
                os._exit(3)
            raise RuntimeError("templat rusak")
        return real(ctx, kim, *rest)

    monkeypatch.setattr(partial, "render_and_publish", render_and_publish)
    outs = {}
    for jobs in (1, 2):
        how.clear()
        root = province(tmp_path / f"konten-{jobs}")
        outs[jobs] = out = tmp_path / f"sites-{jobs}"
        build(root, out, jobs=jobs)
        write_tree(root, {"kim/kim-desa-2/berita/2024-12-09-baru.md": post("Kabar Paling Baru", "2024-12-09")})
        how["fail"] = "raise"
        failed = build(root, out, jobs=jobs)
        assert failed.failed == ["kim-desa-2"] and failed.built == []
        assert "RuntimeError: templat rusak" in " ".join(sorted_messages(failed))
        assert "Kabar Paling Baru" not in (out / "index.html").read_text(encoding="utf-8")
        assert not (out / "kim-desa-2/berita/baru").exists() and (out / "kim-desa-2/berita/kabar-1/index.html").is_file()
        outs[jobs] = (tree(out), sorted_messages(failed), failed.stats)
        if jobs == 2:
            how["fail"] = "die"
            write_tree(root, {"kim/kim-desa-2/berita/2024-12-10-lagi.md": post("Kabar Lagi", "2024-12-10")})
            died = build(root, out, jobs=jobs)
            assert died.failed == ["kim-desa-2"] and "status" in " ".join(sorted_messages(died))
            assert tree(out) == outs[2][0]
            how.clear()
            write_tree(root, {"kim/kim-desa-2/berita/2024-12-10-lagi.md": post("Kabar Lagi", "2024-12-10", "Isi.")})
            healed = build(root, out, jobs=jobs)
            assert healed.built == ["kim-desa-2"]
            assert "Kabar Paling Baru" in (out / "index.html").read_text(encoding="utf-8")
    assert handed == ["kim-desa-2"] * 3  # failed, died, built
    assert outs[1][0] == outs[2][0] and outs[1][1:] == outs[2][1:]


def test_the_portal_is_written_only_once_the_kim_published_beside_it(tmp_path, monkeypatch):
    """The portal, rendered while a child publishes the KIM, links to the new post: it must not
    reach the disk before the post's page does."""
    import time

    from kimgen import build as buildmod
    from kimgen import partial

    handed = _beside_watched(monkeypatch)
    root = province(tmp_path / "konten")
    out = tmp_path / "sites"
    build(root, out, jobs=2)
    real = partial.render_and_publish

    def slow(ctx, kim, *rest):  # in the child: the portal is rendered long before it is done
        time.sleep(0.5)
        return real(ctx, kim, *rest)

    monkeypatch.setattr(partial, "render_and_publish", slow)
    published = []
    real_write = buildmod.write_outputs

    def write_outputs(out_dir, outputs):
        if "index.html" in outputs:  # the portal's
            published.append((out_dir / "kim-desa-2/berita/baru/index.html").is_file())
        return real_write(out_dir, outputs)

    monkeypatch.setattr(buildmod, "write_outputs", write_outputs)
    write_tree(root, {"kim/kim-desa-2/berita/2024-12-09-baru.md": post("Kabar Paling Baru", "2024-12-09")})
    assert build(root, out, jobs=2).built == ["kim-desa-2"]
    assert handed == ["kim-desa-2"] and published == [True]
