"""Incremental builds: skipping unchanged KIMs must give exactly what a clean build gives."""

from __future__ import annotations

import json
import os
import random
import shutil
from pathlib import Path

import pytest

from conftest import NOW, PROFIL, PROVINSI, post, write_tree
from kimgen import parallel
from kimgen.build import build

KABUPATEN = ["Kabupaten Pasuruan", "Kota Malang"]
WORDS = ("warga desa posyandu balita kerja bakti irigasi sawah panen jagung pelatihan umkm batik kopi "
         "musyawarah dusun jalan sehat lomba kebersihan banjir siaga bencana sekolah ronda").split()


def profile(name: str, kabupaten: str = "Kota Malang") -> str:
    return f"nama: {name}\ndesa: {name.split()[-1]}\nkecamatan: Klojen\nkabupaten: {kabupaten}\n"


def tree(out: Path) -> dict[str, bytes]:
    """Every page and file, the search index included."""
    files = {}
    for p in sorted(out.rglob("*")):
        rel = p.relative_to(out).as_posix()
        if p.is_file():
            files[rel] = p.read_bytes()
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
        if self.rng.random() < 0.5:  # with a ringkasan, an edit of the body changes only the body (partial.py)
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
        """Change one front-matter field: the pages that show the post change with it (partial.py)."""
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


def test_random_edits_incremental_equals_clean(tmp_path, monkeypatch):
    rng = random.Random(20241220)
    province = Province(tmp_path / "konten", rng)
    out, reference = tmp_path / "sites", tmp_path / "clean"
    days = iter(["2024-12-20"] * 8 + ["2024-12-21", "2024-12-21", "2024-12-23", "2024-12-23", "2024-12-27",
                                      "2024-12-27", "2024-12-27", "2024-12-27", "2024-12-27"])
    for number, day in enumerate(days):
        monkeypatch.setenv("KIMGEN_NOW", day)
        what = "start" if number == 0 else province.step()
        incremental = build(province.root, out, jobs=1)
        clean = build(province.root, reference, jobs=1, clean=True, cache_dir=tmp_path / "clean-cache")
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
    assert first.failed == second.failed == ["kim-sumber-rejeki"]
    assert sorted_messages(first) == sorted_messages(second) != []
    assert (out / "kim-sumber-rejeki/berita/a/index.html").is_file()


def test_markdown_is_converted_once_per_content(site, monkeypatch):
    files = {f"kim/kim-sumber-rejeki/berita/2024-12-0{n}-p{n}.md": post(f"P{n}", f"2024-12-0{n}") for n in range(1, 6)}
    root, _, out = site(files)
    calls = []
    original = parallel.KimMarkdown.convert
    monkeypatch.setattr(parallel.KimMarkdown, "convert", lambda self, ctx: calls.append(ctx.doc_rel) or original(self, ctx))
    (root / "kim/kim-sumber-rejeki/berita/2024-12-03-p3.md").write_text(post("P3", "2024-12-03", "Baru."), encoding="utf-8")
    result = build(root, out)
    assert result.built == ["kim-sumber-rejeki"]
    assert calls == ["berita/2024-12-03-p3.md"]


def test_a_new_post_converts_only_itself_and_the_posts_whose_links_it_answers(site, monkeypatch):
    """The memo keeps what a conversion asked of the KIM's post and media tables, not the tables."""
    kim = "kim/kim-sumber-rejeki/berita/"
    files = {kim + "2024-12-01-a.md": post("A", "2024-12-01", "Lihat [B](2024-12-05-b.md)."),  # not yet written
             kim + "2024-12-02-c.md": post("C", "2024-12-02", "Lihat [D](2024-12-02-d.md)."),  # mistyped for ...
             kim + "2024-12-03-dd.md": post("DD", "2024-12-03", "Biasa."),                      # ... this one
             kim + "2024-12-04-e.md": post("E", "2024-12-04", "Biasa.")}
    root, first, out = site(files)
    assert [p.field for p in first.errors] == ["", ""]
    calls = []
    original = parallel.KimMarkdown.convert
    monkeypatch.setattr(parallel.KimMarkdown, "convert", lambda self, ctx: calls.append(ctx.doc_rel) or original(self, ctx))
    write_tree(root, {kim + "2024-12-05-b.md": post("B", "2024-12-05", "Biasa.")})
    result = build(root, out)
    # a.md's link now resolves; c.md's "did you mean" went through every name, so it is asked again
    assert sorted(calls) == ["berita/2024-12-01-a.md", "berita/2024-12-02-c.md", "berita/2024-12-05-b.md"]
    assert [p.path for p in result.errors] == [kim + "2024-12-02-c.md"]
    calls.clear()
    (root / kim / "2024-12-05-b.md").rename(root / kim / "2024-12-05-bb.md")  # a's link breaks again
    result = build(root, out)
    assert sorted(calls) == ["berita/2024-12-01-a.md", "berita/2024-12-02-c.md", "berita/2024-12-05-bb.md"]
    assert sorted(p.path for p in result.errors) == [kim + "2024-12-01-a.md", kim + "2024-12-02-c.md"]


def test_cache_is_git_ignored_and_report_is_written(site):
    root, result, out = site({})
    cache = root / ".kimgen-cache"
    assert (cache / ".gitignore").read_text() == "*\n"
    report = json.loads(result.report_path.read_text(encoding="utf-8"))
    assert result.report_path.is_relative_to(cache)
    assert report["kim"] == {"dibangun": 1, "dilewati": 0, "gagal": 0}
    assert report["portal"] == "built" and report["berkas"]["ditulis"] == result.stats.written
    assert not any(p.name == "report.json" for p in out.rglob("*"))


def test_cache_dir_option_moves_the_cache(site, tmp_path):
    root, _, _ = site({}, cache_dir=tmp_path / "elsewhere")
    assert (tmp_path / "elsewhere" / "manifest.marshal").is_file()
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


def test_parsed_front_matter_is_remembered_with_its_problems(site, monkeypatch):
    from kimgen import readcache

    files = {"kim/kim-sumber-rejeki/berita/2024-12-01-a.md": post("A", "2024-12-01", tanggl="2024-12-01"),
             "kim/kim-sumber-rejeki/berita/2024-12-02-b.md": post("B", "2024-12-02", "Isi 0812-3456-7890."),
             "kim/kim-sumber-rejeki/berita/2024-12-03-c.md": post("C", "2024-12-03", draf="true")}
    root, first, out = site(files)
    parsed, linted = [], []
    real_parse, real_lint = readcache.parse_post, readcache.lint_text

    def parse(source, *args):
        parsed.append(source.rel)
        return real_parse(source, *args)

    def lint(text, rel, *args, **kwargs):
        linted.append(rel)
        return real_lint(text, rel, *args, **kwargs)

    monkeypatch.setattr(readcache, "parse_post", parse)
    monkeypatch.setattr(readcache, "lint_text", lint)
    b = root / "kim/kim-sumber-rejeki/berita/2024-12-02-b.md"
    b.write_text(post("B baru", "2024-12-02", "Isi 0812-3456-7890."), encoding="utf-8")
    again = build(root, out)
    assert parsed == [b.relative_to(root).as_posix()]  # A and the draft C come from the cache
    assert linted == [b.relative_to(root).as_posix()]  # B's front matter; its body is as it was
    expected = [
        "kim/kim-sumber-rejeki/berita/2024-12-01-a.md:4: peringatan: tanggl: kunci `tanggl` tidak dikenal dan "
        "akan diabaikan (maksud Anda `tanggal`?). Perbaiki ejaannya atau hapus baris ini.",
        "kim/kim-sumber-rejeki/berita/2024-12-02-b.md:5: peringatan: nomor ponsel `0812xxxx7890` bukan kontak KIM; "
        "nomor pribadi warga tidak boleh diterbitkan tanpa izin. Hapus nomornya, atau bila ini nomor resmi KIM, "
        "tulis di `kontak.telepon` atau `kontak.whatsapp` di profil.yaml."]
    assert sorted_messages(again) == sorted_messages(first) == expected
    assert again.built == ["kim-sumber-rejeki"]
    assert "B baru" in (out / "kim-sumber-rejeki/berita/b/index.html").read_text()

    parsed.clear()
    b.write_text(post("B baru", "2024-12-02", "Isi lain 0812-3456-7890."), encoding="utf-8")
    build(root, out)
    assert parsed == []  # the front matter is as it was: no YAML read at all
    assert "Isi lain" in (out / "kim-sumber-rejeki/berita/b/index.html").read_text()


def test_manifest_trusts_unchanged_stamps_and_rehashes_changed_files(tmp_path, monkeypatch):
    import os

    from kimgen import cache as cachemod

    folder = tmp_path / "kim-a"
    write_tree(folder, {"profil.yaml": "nama: A\n", "berita/x.md": "satu", "media/y.txt": "dua"})
    os.symlink("berita/x.md", folder / "tautan.md")
    old = 1_600_000_000_000_000_000  # long ago: stamps are trusted only for files not changed just now
    for path in (folder / "profil.yaml", folder / "berita/x.md", folder / "media/y.txt"):
        os.utime(path, ns=(old, old))
    store = tmp_path / "manifest.marshal"
    first = cachemod.Manifest(store)
    files, key = first.tree(folder, "kim/kim-a")
    assert sorted(files) == ["kim/kim-a/berita/x.md", "kim/kim-a/media/y.txt", "kim/kim-a/profil.yaml",
                             "kim/kim-a/tautan.md"]
    assert files["kim/kim-a/tautan.md"] == "link:berita/x.md"
    first.save()

    hashed = []
    real = cachemod._hash_file
    monkeypatch.setattr(cachemod, "_hash_file", lambda path: hashed.append(path) or real(path))
    again = cachemod.Manifest(store)
    assert again.tree(folder, "kim/kim-a", files=False) == (None, key) and hashed == []
    (folder / "berita/x.md").write_text("SATU", encoding="utf-8")  # same size, new mtime
    third = cachemod.Manifest(store)
    files3, key3 = third.tree(folder, "kim/kim-a")
    assert hashed == [str(folder / "berita/x.md")] and key3 != key
    assert files3["kim/kim-a/media/y.txt"] == files["kim/kim-a/media/y.txt"]

    store.write_bytes(b"not a manifest")
    assert cachemod.Manifest(store).tree(folder, "kim/kim-a")[1] == key3  # a broken file costs hashing only


def test_a_scan_shared_with_a_forked_child_sees_what_one_process_sees(tmp_path, monkeypatch):
    """cache.scan shares the KIM folders with a child process (it from the first, the build from
    the last): same inputs, same manifest, nothing hashed again when nothing changed, and a child
    that fails costs only its work. `meanwhile` runs once when something changed, never otherwise."""
    import os

    from kimgen import cache as cachemod

    monkeypatch.setattr(cachemod, "FORK_SCAN_MIN", 2)
    root = write_tree(tmp_path / "konten", {"provinsi.yaml": PROVINSI, **{
        f"kim/kim-{n}/{rel}": f"{rel} {n}" for n in range(6) for rel in ("profil.yaml", "berita/a.md", "media/b.txt")}})
    old = 1_600_000_000_000_000_000
    for path in root.rglob("*"):
        os.utime(path, ns=(old, old))
    store = tmp_path / "manifest.marshal"

    calls = []

    def scan(parallel: bool, save: bool = False):
        manifest = cachemod.Manifest(store)
        inputs = cachemod.scan(root, None, manifest, parallel=parallel, meanwhile=lambda: calls.append(1))
        if save:
            manifest.save()
        return inputs, manifest.new

    forks, pids = [], []
    real_fork = cachemod._fork_stamps

    def fork(trees, known):
        forks.append(len(trees))
        shared = real_fork(trees, known)
        pids.append(shared.child.pid)
        return shared

    monkeypatch.setattr(cachemod, "_fork_stamps", fork)
    alone, alone_manifest = scan(False, save=True)
    hashed = []
    real_hash = cachemod._hash_file
    monkeypatch.setattr(cachemod, "_hash_file", lambda path: hashed.append(path) or real_hash(path))
    taken_here = []
    real_stamps = cachemod._stamps
    monkeypatch.setattr(cachemod, "_stamps", lambda top: taken_here.append(top) or real_stamps(top))
    assert scan(True) == (alone, alone_manifest) and forks == [6] and hashed == [] and calls == []
    here = [os.path.basename(t) for t in taken_here if "/kim/" in t]
    assert here == [f"kim-{n}" for n in range(5, 5 - len(here), -1)]  # from the last, down
    monkeypatch.setattr(cachemod, "_stamps", real_stamps)

    for n in (0, 5):  # the first and the last
        (root / f"kim/kim-{n}/berita/a.md").write_text("diubah", encoding="utf-8")
    shared, shared_manifest = scan(True)
    assert calls == [1]
    assert scan(False) == (shared, shared_manifest)
    assert [k for k in shared.kims if shared.kims[k] != alone.kims[k]] == ["kim-0", "kim-5"]

    def fails():
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):  # the child is stopped and reaped first
        cachemod.scan(root, None, cachemod.Manifest(store), parallel=True, meanwhile=fails)
    with pytest.raises(ChildProcessError):
        os.waitpid(pids[-1], os.WNOHANG)

    parent = os.getpid()

    def failing_in_child(top):
        if os.getpid() != parent:
            raise OSError("the child fails")
        return real_stamps(top)

    monkeypatch.setattr(cachemod, "_stamps", failing_in_child)
    assert scan(True) == (shared, shared_manifest) and forks == [6, 6, 6, 6]


def test_a_file_too_recent_to_stamp_starts_no_work_ahead_at_the_next_scan(tmp_path, monkeypatch):
    """A file written within a clock tick of a build is hashed again by the next one (its stamp
    was not kept): that alone must not make the scan start reading the province ahead."""
    from kimgen import cache as cachemod

    monkeypatch.setattr(cachemod, "FORK_SCAN_MIN", 2)
    root = write_tree(tmp_path / "konten", {"provinsi.yaml": PROVINSI, **{
        f"kim/kim-{n}/berita/a.md": f"isi {n}" for n in range(6)}})
    old = 1_600_000_000_000_000_000
    for path in root.rglob("*"):
        if path.name != "a.md" or path.parent.parent.name != "kim-3":  # kim-3's post: just written
            os.utime(path, ns=(old, old))
    store = tmp_path / "manifest.marshal"
    calls = []
    for _ in range(2):
        manifest = cachemod.Manifest(store)
        inputs = cachemod.scan(root, None, manifest, parallel=True, meanwhile=lambda: calls.append(1))
        manifest.save()
    assert calls == [1]  # the first scan: everything is new
    assert inputs.kims == cachemod.scan(root, None, cachemod.Manifest(store)).kims


def test_yaml_is_remembered_by_text_with_its_errors(site, monkeypatch):
    from kimgen import yamlfile

    root, first, out = site({"kim/kim-dua/profil.yaml": "nama: [KIM Dua\n",
                             "kim/kim-dua/berita/2024-12-01-a.md": post("A", "2024-12-01")})
    parsed = []
    real = yamlfile._load_yaml
    monkeypatch.setattr(yamlfile, "_load_yaml", lambda text, *a: parsed.append(text) or real(text, *a))
    write_tree(root, {"kim/kim-dua/berita/2024-12-02-b.md": post("B", "2024-12-02")})
    again = build(root, out)
    assert parsed == ["judul: B\ntanggal: 2024-12-02"]  # the new post only: the broken profile is remembered
    assert sorted_messages(again) == sorted_messages(first) != []
    assert again.failed == ["kim-dua"] and again.skipped == ["kim-sumber-rejeki"]


def test_a_new_post_rebuilds_the_portal_without_reading_every_kims_summary(site, monkeypatch):
    from kimgen import cache as cachemod

    files = {f"kim/{slug}/berita/2024-12-0{n}-p{n}.md": post(f"P{n} {slug}", f"2024-12-0{n}")
             for slug in ("kim-sumber-rejeki", "kim-dua", "kim-tiga") for n in range(1, 4)}
    files.update({"kim/kim-dua/profil.yaml": profile("KIM Dua"),
                  "kim/kim-tiga/profil.yaml": profile("KIM Tiga", "Kabupaten Pasuruan")})
    root, _, out = site(files)
    loaded = []
    real = cachemod.Cache.load_kim
    monkeypatch.setattr(cachemod.Cache, "load_kim", lambda self, slug: loaded.append(slug) or real(self, slug))
    write_tree(root, {"kim/kim-dua/berita/2024-12-09-baru.md": post("Kabar Terbaru", "2024-12-09")})
    result = build(root, out)
    assert result.portal == "built" and loaded == []
    assert "Kabar Terbaru" in (out / "index.html").read_text()
    assert_as_clean(root, out)


def test_dates_formatted_by_earlier_builds_are_remembered_and_babel_is_not_loaded(site, tmp_path):
    """A body edit shows only dates and counts formatted before: the rebuild takes them from the
    cache (i18n.Translator.remember) and never imports Babel; the output is a clean build's."""
    import subprocess
    import sys

    files = {f"kim/kim-sumber-rejeki/berita/2024-12-0{n}-p{n}.md": post(f"P{n}", f"2024-12-0{n}") for n in (1, 2)}
    root, _, out = site(files)
    (root / "kim/kim-sumber-rejeki/berita/2024-12-01-p1.md").write_text(post("P1", "2024-12-01", "Isi baru."),
                                                                          encoding="utf-8")
    code = ("import sys; from pathlib import Path; from kimgen.build import build; "
            f"r = build(Path({str(root)!r}), Path({str(out)!r}), jobs=1); "
            "print(r.built, 'babel' in sys.modules)")
    child = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           env={**os.environ, "KIMGEN_NOW": NOW}, cwd=Path(__file__).parent.parent)
    assert child.stdout.strip() == "['kim-sumber-rejeki'] False", child.stderr
    assert "Isi baru." in (out / "kim-sumber-rejeki/berita/p1/index.html").read_text(encoding="utf-8")
    assert_as_clean(root, out)
    # a new post on a date shown before: its KIM's and the province's counts grow, which Babel
    # is not needed for either (i18n.Translator.number: integers of a length seen before)
    write_tree(root, {"kim/kim-sumber-rejeki/berita/2024-12-02-p3.md": post("P3", "2024-12-02")})
    child = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           env={**os.environ, "KIMGEN_NOW": NOW}, cwd=Path(__file__).parent.parent)
    assert child.stdout.strip() == "['kim-sumber-rejeki'] False", child.stderr
    assert ">3</strong>" in (out / "index.html").read_text(encoding="utf-8")
    assert_as_clean(root, out)
