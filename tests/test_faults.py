"""Faults of the machine and of the night: one build at a time, a full disk is not the content's
fault, a damaged cache costs a rebuild, --clean never deletes the content, nothing half-built is
served."""

from __future__ import annotations

import errno
import json
import os

from conftest import cache_of, invoke, post, write_tree

KIM = "kim/kim-sumber-rejeki"


def test_a_second_build_waits_then_gives_up_naming_the_first(site, tmp_path):
    from kimgen.build.publish import output_lock

    root, _, out = site({})
    with output_lock(out, 0):
        result = invoke(["build", str(root), "-o", str(out)], env={"KIMGEN_LOCK_WAIT": "0.5", "CI": "1"})
    assert result.exit_code == 2
    assert f"build lain (PID {os.getpid()}, mulai " in result.stderr and "sedang menulis ke" in result.stderr
    assert invoke(["build", str(root), "-o", str(out)], env={"KIMGEN_LOCK_WAIT": "0.5", "CI": "1"}).exit_code == 0


def test_a_full_disk_is_not_remembered_as_a_content_failure(site, monkeypatch):
    from kimgen.build import build, workers

    root, _, out = site({"kim/kim-dua/profil.yaml": "nama: KIM Dua\ndesa: Dua\nkecamatan: K\nkabupaten: Kota Malang\n"})
    write_tree(root, {f"{KIM}/berita/2024-12-11-banjir.md": post("Siaga Banjir"),
                      "kim/kim-dua/berita/2024-12-11-panen.md": post("Panen Raya")})
    real = workers.publish_folder

    def full(out_dir, slug, *args):
        if slug == "kim-sumber-rejeki":
            raise OSError(errno.ENOSPC, "No space left on device", str(out_dir / slug))
        return real(out_dir, slug, *args)

    monkeypatch.setattr(workers, "publish_folder", full)
    result = build(root, out, jobs=1)
    assert result.faults and "No space left on device" in result.faults[0]
    assert result.errors == [] and "kim-sumber-rejeki" not in result.failed
    assert (out / "kim-dua/berita/panen/index.html").is_file()
    monkeypatch.setattr(workers, "publish_folder", real)  # space freed
    again = build(root, out, jobs=1)
    assert again.faults == [] and again.built == ["kim-sumber-rejeki"]
    assert (out / "kim-sumber-rejeki/berita/banjir/index.html").is_file()
    assert "Siaga Banjir" in (out / "index.html").read_text(encoding="utf-8")


def test_a_damaged_cache_costs_a_rebuild_not_the_build(site):
    from kimgen.build import build

    root, _, out = site({f"{KIM}/berita/2024-12-11-rapat.md": post("Rapat")})
    cache = cache_of(root, out)
    for path in cache.rglob("*.json"):
        path.write_text('{"$type": "State", "fields": {"kims": {"$map": [[1, {"$type": "Os"}]]}}}', encoding="utf-8")
    result = build(root, out)
    assert result.errors == [] and result.built == ["kim-sumber-rejeki"]
    assert json.loads(next(cache.rglob("state.json")).read_text())["$type"] == "State"


def test_a_skipped_kim_must_still_have_every_published_file(site):
    from kimgen.build import build

    root, _, out = site({f"{KIM}/berita/2024-12-11-rapat.md": post("Rapat")})
    (out / "kim-sumber-rejeki/berita/rapat/index.html").unlink()  # a half-published KIM, or a hand at work
    assert build(root, out).built == ["kim-sumber-rejeki"]
    assert (out / "kim-sumber-rejeki/berita/rapat/index.html").is_file()
    assert build(root, out).built == []


def test_an_output_that_holds_the_content_is_refused_and_clean_inside_it_too(tmp_path):
    from conftest import PROFIL, PROVINSI

    project = tmp_path / "proyek"
    write_tree(project, {"content/provinsi.yaml": PROVINSI, f"content/{KIM}/profil.yaml": PROFIL})
    for out in (project, project / "content"):  # a build removes what it did not make: never there
        for clean in ([], ["--clean"]):
            result = invoke(["build", str(project / "content"), "-o", str(out), *clean])
            assert result.exit_code == 2 and "menolak menulis ke" in result.stderr, out
    result = invoke(["build", str(project / "content"), "-o", str(project / "content" / "sites"), "--clean"])
    assert result.exit_code == 2 and "menolak --clean" in result.stderr
    assert (project / "content/provinsi.yaml").is_file()


def test_staging_is_never_inside_the_web_root(site, monkeypatch):
    from kimgen.build import build, publish

    root, _, out = site({f"{KIM}/berita/2024-12-11-rapat.md": post("Rapat")})
    seen = []
    real = publish._place

    def place(path, data, made):
        seen.append(path)
        return real(path, data, made)

    monkeypatch.setattr(publish, "_place", place)
    write_tree(root, {f"{KIM}/berita/2024-12-12-baru.md": post("Baru", "2024-12-12")})
    build(root, out)
    assert seen and not any(p.is_relative_to(out) for p in seen)
    assert not publish.staging_root(out).exists() and not (out / ".kimgen-staging").exists()


def test_a_fault_exits_2_on_the_command_line(site, monkeypatch):
    from kimgen.build import workers

    root, _, out = site({})
    write_tree(root, {f"{KIM}/berita/2024-12-11-banjir.md": post("Siaga Banjir")})

    def full(out_dir, slug, *args):
        raise OSError(errno.EROFS, "Read-only file system", str(out_dir / slug))

    monkeypatch.setattr(workers, "publish_folder", full)
    result = invoke(["build", str(root), "-o", str(out), "-j", "1"], env={"CI": "1"})
    assert result.exit_code == 2 and "gangguan mesin, bukan kesalahan konten" in result.stderr
    assert "Read-only file system" in result.stderr and "1 gagal" not in result.stderr
