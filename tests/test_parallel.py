"""Worker processes, fault isolation in parallel, and shards merged by a final portal job."""

from __future__ import annotations

import io
import shutil

from conftest import invoke, post, write_tree
from kimgen.build import build
from kimgen.build.pipeline import in_shard
from test_incremental import profile, sorted_messages, tree

KIMS = [f"kim-desa-{n}" for n in range(1, 7)]


def png(colour) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(buffer, "PNG")
    return buffer.getvalue()


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


def test_a_bad_post_in_parallel_keeps_its_last_version_and_exits_1(tmp_path):
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
    assert "KIM: 3 dibangun, 3 dilewati (tidak berubah), 0 gagal;" in result.output
    assert (out / "kim-desa-3/berita/kabar-2/index.html").is_file()  # its last good version kept
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
    from kimgen.build import workers
    root = province(tmp_path / "konten")
    for slug in KIMS:
        write_tree(root, {f"kim/{slug}/media/foto.png": png((20, 90, 200)),
                          f"kim/{slug}/berita/2024-12-04-foto.md": post("Foto", "2024-12-04", "![foto](../media/foto.png)")})
    seen = []
    real = workers.build_kim

    def build_kim(ctx, slug):
        outcome = real(ctx, slug)
        seen.append({path.split("/")[0] for path in ctx.renderer._image_sets})
        return outcome

    monkeypatch.setattr(workers, "build_kim", build_kim)
    build(root, tmp_path / "sites", jobs=1, cache_dir=tmp_path / "cache")
    assert len(seen) == len(KIMS) and all(len(kims) == 1 for kims in seen)


def test_workers_not_forked_from_the_build_build_as_of_the_builds_day(tmp_path, monkeypatch):
    """Beside other threads (kimgen serve, the editor) workers come from a forkserver started
    earlier, with the environment of then: they must still build as of this build's day."""
    import threading

    stop = threading.Event()
    threading.Thread(target=stop.wait, daemon=True).start()  # fork is unsafe now: a forkserver is used
    try:
        root = province(tmp_path / "konten")
        write_tree(root, {"kim/kim-desa-1/berita/2024-12-25-nanti.md": post("Nanti", "2024-12-25")})
        monkeypatch.setenv("KIMGEN_NOW", "2030-01-01")  # the forkserver may start with this
        build(root, tmp_path / "a", jobs=2, cache_dir=tmp_path / "ca")
        monkeypatch.setenv("KIMGEN_NOW", "2024-12-20")
        result = build(root, tmp_path / "b", jobs=2, cache_dir=tmp_path / "cb")
        assert result.errors == [] and len(result.built) == len(KIMS)
        assert not (tmp_path / "b/kim-desa-1/berita/nanti").exists()
    finally:
        stop.set()
