"""Incremental builds: skipping unchanged KIMs must give exactly what a clean build gives."""

from __future__ import annotations

import json
import os
import random
import re
import shutil
from pathlib import Path

import pytest

from conftest import NOW, PROFIL, PROVINSI, post, write_tree
from kimgen.build import build

KABUPATEN = ["Kabupaten Pasuruan", "Kota Malang"]
WORDS = ("warga desa posyandu balita kerja bakti irigasi sawah panen jagung pelatihan umkm batik kopi "
         "musyawarah dusun jalan sehat lomba kebersihan banjir siaga bencana sekolah ronda").split()


def profile(name: str, kabupaten: str = "Kota Malang") -> str:
    return f"nama: {name}\ndesa: {name.split()[-1]}\nkecamatan: Klojen\nkabupaten: {kabupaten}\n"


def tree(out: Path) -> dict[str, bytes]:
    """Every page and file, the search index included. A KIM's problem page says when the KIM was
    last published, which an incremental build rightly remembers from an earlier day: that time is
    left out of the comparison."""
    files = {}
    for p in sorted(out.rglob("*")):
        rel = p.relative_to(out).as_posix()
        if p.is_file():
            files[rel] = p.read_bytes()
            if rel.startswith("pemantauan/") and rel.count("/") == 2:
                files[rel] = re.sub(rb'<time datetime="[^"]*">[^<]*</time>', b"<time>", files[rel])
    return files


def assert_as_clean(root: Path, out: Path) -> None:
    """The incremental output equals what a clean build of the same content gives."""
    clean_out = out.parent / "clean"
    build(root, clean_out, clean=True, cache_dir=out.parent / "clean-cache")
    assert tree(out) == tree(clean_out)


def sorted_messages(result) -> list[str]:
    return sorted(p.format() for p in result.problems)


class Province:
    """A small province on disk that random edits are applied to."""

    def __init__(self, root: Path, rng: random.Random):
        self.root, self.rng = root, rng
        self.counter = 0
        write_tree(root, {"provinsi.yaml": PROVINSI, "kim/kim-sumber-rejeki/profil.yaml": PROFIL,
                          "kim/kim-dua/profil.yaml": profile("KIM Dua"),
                          "kim/kim-tiga/profil.yaml": profile("KIM Tiga", "Kabupaten Pasuruan")})
        for slug in self.kims():
            for _ in range(3):
                self.add_post(slug)

    def kims(self) -> list[str]:
        return sorted(p.name for p in (self.root / "kim").iterdir())

    def posts(self) -> list[Path]:
        return sorted((self.root / "kim").glob("*/*/*.md"))

    def text(self, n: int = 12) -> str:
        return " ".join(self.rng.choice(WORDS) for _ in range(n)).capitalize() + "."

    def add_post(self, slug: str | None = None) -> str:
        slug = slug or self.rng.choice(self.kims())
        self.counter += 1
        day = self.rng.randint(1, 28)
        month = self.rng.choice([10, 11, 12])
        kind = self.rng.choice(["berita", "berita", "berita", "agenda", "pengumuman"])
        name = f"2024-{month:02d}-{day:02d}-{self.rng.choice(WORDS)}-{self.counter}"
        extra = {"tag": f"[{self.rng.choice(WORDS)}, {self.rng.choice(WORDS)}]", "kategori": self.rng.choice(WORDS)}
        if kind == "agenda":
            extra = {"tanggal_mulai": f"2024-12-{day:02d}T08:00:00", "lokasi": "Balai Desa"}
        if kind == "pengumuman" and self.rng.random() < 0.5:
            extra = {"penting": "true", "berlaku_sampai": f"2024-12-{day:02d}"}
        if self.rng.random() < 0.5:  # with a ringkasan, an edit of the body changes only the body
            extra["ringkasan"] = self.text(5)
        body = "\n\n".join(self.text() for _ in range(self.rng.randint(1, 3)))
        others = [p for p in (self.root / "kim" / slug / "berita").glob("*.md")] if kind == "berita" else []
        if others and self.rng.random() < 0.4:
            body += f"\n\nBaca juga [tulisan lain](../berita/{self.rng.choice(others).name})."
        write_tree(self.root, {f"kim/{slug}/{kind}/{name}.md": post(self.text(4), f"2024-{month:02d}-{day:02d}",
                                                                    body, **extra)})
        return f"add {slug}/{kind}/{name}"

    def edit(self) -> str:
        path = self.rng.choice(self.posts())
        text = path.read_text(encoding="utf-8")
        path.write_text(text.rstrip("\n") + "\n\n" + self.text() + "\n", encoding="utf-8")
        return f"edit {path.name}"

    def meta(self) -> str:
        """Change one front-matter field: the pages that show the post change with it."""
        path = self.rng.choice(self.posts())
        lines = path.read_text(encoding="utf-8").split("\n")
        field = self.rng.choice(["judul", "tanggal", "tag", "kategori", "ringkasan"])
        value = {"judul": self.text(3), "tanggal": f"2024-{self.rng.choice([10, 11, 12])}-{self.rng.randint(1, 28):02d}",
                 "tag": f"[{self.rng.choice(WORDS)}]", "kategori": self.rng.choice(WORDS),
                 "ringkasan": self.text(4)}[field]
        lines = [line for line in lines if not line.startswith(f"{field}:")]
        lines.insert(1, f"{field}: {value}")
        path.write_text("\n".join(lines), encoding="utf-8")
        return f"{field} {path.name}"

    def delete(self) -> str:
        path = self.rng.choice(self.posts())
        path.unlink()
        return f"delete {path.name}"

    def step(self) -> str:
        action = self.rng.choice(["add", "add", "edit", "edit", "meta", "meta", "delete", "profile", "announce", "new-kim",
                                  "rm-kim"])
        if action == "add":
            return self.add_post()
        if action == "edit":
            return self.edit()
        if action == "meta":
            return self.meta()
        if action == "delete" and len(self.posts()) > 4:
            return self.delete()
        if action == "profile":
            slug = self.rng.choice(self.kims())
            path = self.root / "kim" / slug / "profil.yaml"
            path.write_text(path.read_text(encoding="utf-8") + f"deskripsi: {self.text(6)}\n", encoding="utf-8")
            return f"profile {slug}"
        if action == "announce":
            self.counter += 1
            write_tree(self.root, {f"pengumuman/2024-12-0{self.rng.randint(1, 9)}-info-{self.counter}.md": post(
                self.text(3), "2024-12-01", self.text(), penting="true", berlaku_sampai="2024-12-22")})
            return "announce"
        if action == "new-kim":
            self.counter += 1
            slug = f"kim-baru-{self.counter}"
            write_tree(self.root, {f"kim/{slug}/profil.yaml": profile(f"KIM Baru {self.counter}")})
            self.add_post(slug)
            return f"new {slug}"
        if action == "rm-kim" and len(self.kims()) > 2:
            slug = self.rng.choice(self.kims())
            shutil.rmtree(self.root / "kim" / slug)
            return f"remove {slug}"
        return self.edit()


@pytest.mark.parametrize("jobs", [1, 2])
def test_random_edits_incremental_equals_clean(tmp_path, monkeypatch, jobs):
    rng = random.Random(20241220 + jobs)
    province = Province(tmp_path / "konten", rng)
    out, reference = tmp_path / "sites", tmp_path / "clean"
    days = iter(["2024-12-20"] * 8 + ["2024-12-21", "2024-12-21", "2024-12-23", "2024-12-23", "2024-12-27",
                                      "2024-12-27", "2024-12-27", "2024-12-27", "2024-12-27"])
    for number, day in enumerate(days):
        monkeypatch.setenv("KIMGEN_NOW", day)
        what = "start" if number == 0 else province.step()
        incremental = build(province.root, out, jobs=jobs)
        clean = build(province.root, reference, jobs=jobs, clean=True, cache_dir=tmp_path / "clean-cache")
        assert tree(out) == tree(reference), f"step {number} ({what}, {day})"
        assert sorted_messages(incremental) == sorted_messages(clean), what
        assert incremental.errors == [], what
        assert sorted(incremental.built + incremental.skipped) == sorted(clean.built), what


def test_unchanged_kims_are_skipped_and_one_changed_post_rebuilds_one_kim(site):
    files = {"kim/kim-dua/profil.yaml": profile("KIM Dua"),
             "kim/kim-dua/berita/2024-12-01-a.md": post("A", "2024-12-01"),
             "kim/kim-sumber-rejeki/berita/2024-12-02-b.md": post("B", "2024-12-02")}
    root, first, out = site(files)
    assert first.built == ["kim-dua", "kim-sumber-rejeki"] and first.portal == "built"
    untouched = out / "kim-sumber-rejeki/berita/b/index.html"
    stamp = untouched.stat().st_mtime_ns
    same = build(root, out)
    assert same.built == [] and same.skipped == ["kim-dua", "kim-sumber-rejeki"] and same.portal == "skipped"
    assert same.stats.written == 0 and same.stats.unchanged == first.stats.written + first.stats.unchanged
    (root / "kim/kim-dua/berita/2024-12-01-a.md").write_text(post("A baru", "2024-12-01"), encoding="utf-8")
    changed = build(root, out)
    assert changed.built == ["kim-dua"] and changed.skipped == ["kim-sumber-rejeki"]
    assert "A baru" in (out / "kim-dua/berita/a/index.html").read_text()
    assert "A baru" in (out / "index.html").read_text()  # the portal's latest news
    assert untouched.stat().st_mtime_ns == stamp


def test_tomorrow_skips_unless_a_time_fact_flips(site, monkeypatch):
    root, _, out = site({
        "kim/kim-sumber-rejeki/berita/2024-12-22-nanti.md": post("Nanti Terbit", "2024-12-22"),
        "kim/kim-sumber-rejeki/agenda/2024-12-25-rapat.md": post("Rapat", "2024-12-01", tanggal_mulai="2024-12-25T09:00:00"),
        "kim/kim-dua/profil.yaml": profile("KIM Dua"),
        "kim/kim-dua/pengumuman/2024-12-01-siaga.md": post("Siaga Banjir", "2024-12-01", penting="true",
                                                           berlaku_sampai="2024-12-20"),
    })
    assert not (out / "kim-sumber-rejeki/berita/nanti").exists()
    assert "Siaga Banjir" in (out / "kim-dua/index.html").read_text()
    monkeypatch.setenv("KIMGEN_NOW", "2024-12-21")  # the banner of kim-dua has expired
    result = build(root, out)
    assert result.built == ["kim-dua"] and result.skipped == ["kim-sumber-rejeki"]
    assert "Siaga Banjir" not in (out / "kim-dua/profil/index.html").read_text()
    monkeypatch.setenv("KIMGEN_NOW", "2024-12-22")  # the scheduled post is due
    result = build(root, out)
    assert result.built == ["kim-sumber-rejeki"] and result.skipped == ["kim-dua"]
    assert (out / "kim-sumber-rejeki/berita/nanti/index.html").is_file()
    monkeypatch.setenv("KIMGEN_NOW", "2024-12-24")
    assert build(root, out).built == []
    monkeypatch.setenv("KIMGEN_NOW", "2024-12-26")  # the agenda item is past
    assert build(root, out).built == ["kim-sumber-rejeki"]


def test_province_announcement_and_provinsi_yaml_rebuild_every_kim(site):
    root, _, out = site({"kim/kim-dua/profil.yaml": profile("KIM Dua")})
    write_tree(root, {"pengumuman/2024-12-01-libur.md": post("Libur Nasional", "2024-12-01", penting="true",
                                                              berlaku_sampai="2024-12-31")})
    result = build(root, out)
    assert result.built == ["kim-dua", "kim-sumber-rejeki"]
    assert "Libur Nasional" in (out / "kim-dua/index.html").read_text()
    (root / "provinsi.yaml").write_text(PROVINSI.replace("Jawa Timur", "Jawa Tengah"), encoding="utf-8")
    assert build(root, out).built == ["kim-dua", "kim-sumber-rejeki"]


def test_unchanged_kim_with_errors_reports_them_again_and_keeps_output(site):
    root, _, out = site({"kim/kim-sumber-rejeki/berita/2024-12-01-a.md": post("A", "2024-12-01")})
    (root / "kim/kim-sumber-rejeki/berita/2024-12-01-a.md").write_text("---\njudul: A\n---\nisi\n", encoding="utf-8")
    first = build(root, out)
    second = build(root, out)
    assert first.built == ["kim-sumber-rejeki"] and second.skipped == ["kim-sumber-rejeki"]
    assert sorted_messages(first) == sorted_messages(second) != []
    assert (out / "kim-sumber-rejeki/berita/a/index.html").is_file()


def test_the_cache_lives_outside_the_content_root_and_the_report_in_it(site, user_cache):
    from conftest import cache_of

    root, result, out = site({})
    cache = cache_of(root, out)
    assert cache.parent == user_cache and not (root / ".kimgen-cache").exists()
    assert (cache / ".gitignore").read_text() == "*\n"
    report = json.loads(result.report_path.read_text(encoding="utf-8"))
    assert result.report_path.is_relative_to(cache)
    assert report["kim"] == {"dibangun": 1, "dilewati": 0, "gagal": 0}
    assert report["portal"] == "built" and report["berkas"]["ditulis"] == result.stats.written
    assert not any(p.name == "report.json" for p in out.rglob("*"))


def test_cache_dir_option_moves_the_cache(site, tmp_path):
    root, _, _ = site({}, cache_dir=tmp_path / "elsewhere")
    assert (tmp_path / "elsewhere" / "manifest.json").is_file()
    assert not (root / ".kimgen-cache").exists()


def test_portal_is_skipped_when_an_edit_leaves_every_summary_the_same(site):
    """The portal key must not depend on how a summary's objects happen to be shared (a KIM built
    in a worker process first, then in the main process)."""
    files = {"kim/kim-dua/profil.yaml": profile("KIM Dua"),
             "kim/kim-dua/berita/2024-12-01-a.md": post("A", "2024-12-01", "Isi lama.", ringkasan="Ringkas."),
             "kim/kim-sumber-rejeki/berita/2024-12-02-b.md": post("B", "2024-12-02", ringkasan="Ringkas juga.")}
    root, first, out = site(files, jobs=2)
    assert first.portal == "built"
    (root / "kim/kim-dua/berita/2024-12-01-a.md").write_text(
        post("A", "2024-12-01", "Isi baru yang lebih panjang.", ringkasan="Ringkas."), encoding="utf-8")
    again = build(root, out, jobs=2)
    assert again.built == ["kim-dua"] and again.portal == "skipped"
    assert "Isi baru yang lebih panjang." in (out / "kim-dua/berita/a/index.html").read_text()


def test_manifest_trusts_unchanged_stamps_and_rehashes_changed_files(tmp_path, monkeypatch):
    from kimgen.build import cache as cachemod
    folder = tmp_path / "kim-a"
    write_tree(folder, {"profil.yaml": "nama: A\n", "berita/x.md": "satu", "media/y.txt": "dua"})
    os.symlink("berita/x.md", folder / "tautan.md")
    old = 1_600_000_000_000_000_000  # long ago: stamps are trusted only for files not changed just now
    for path in (folder / "profil.yaml", folder / "berita/x.md", folder / "media/y.txt"):
        os.utime(path, ns=(old, old))
    store = tmp_path / "manifest.json"
    first = cachemod.Manifest(store)
    files = first.tree(folder, "kim/kim-a")
    assert sorted(files) == ["kim/kim-a/berita/x.md", "kim/kim-a/media/y.txt", "kim/kim-a/profil.yaml",
                             "kim/kim-a/tautan.md"]
    assert files["kim/kim-a/tautan.md"] == "link:berita/x.md"
    first.save()

    hashed = []
    real = cachemod.file_hash
    monkeypatch.setattr(cachemod, "file_hash", lambda path: hashed.append(path) or real(path))
    again = cachemod.Manifest(store)
    assert again.tree(folder, "kim/kim-a") == files and hashed == []
    (folder / "berita/x.md").write_text("SATU", encoding="utf-8")  # same size, new mtime
    third = cachemod.Manifest(store)
    files3 = third.tree(folder, "kim/kim-a")
    assert hashed == [str(folder / "berita/x.md")] and files3 != files
    assert files3["kim/kim-a/media/y.txt"] == files["kim/kim-a/media/y.txt"]

    store.write_bytes(b"not a manifest")
    assert cachemod.Manifest(store).tree(folder, "kim/kim-a") == files3  # a broken file costs hashing only


def test_a_new_library_version_rebuilds_every_kim(site, monkeypatch):
    """Pages made by an older Markdown, nh3, Babel or Jinja2 are not kept after an upgrade."""
    from kimgen.build import cache as cachemod, pipeline

    root, _, out = site({"kim/kim-dua/profil.yaml": profile("KIM Dua")})
    assert build(root, out).built == []
    assert cachemod.library_versions()["nh3"] != "-"
    monkeypatch.setattr(pipeline, "library_versions", lambda: {**cachemod.library_versions(), "nh3": "999.0"})
    again = build(root, out)
    assert again.built == ["kim-dua", "kim-sumber-rejeki"] and again.portal == "built"


def test_a_change_in_any_module_of_kimgen_rebuilds_every_kim(site, monkeypatch):
    from kimgen.build import cache as cachemod, pipeline

    root, _, out = site({})
    real = cachemod.code_hashes
    monkeypatch.setattr(pipeline, "code_hashes", lambda: {**real(), "code/render/portal.py": "edited"})
    assert build(root, out).built == ["kim-sumber-rejeki"]
    assert "code/render/portal.py" in real() and "code/build/cache.py" in real()
