"""Example texts from `kimgen new` are never published: the check names the line to fill in."""

from __future__ import annotations

import pytest

from conftest import PROFIL, PROVINSI, invoke, messages, post, write_tree
from kimgen.build import build
from kimgen.commands.scaffolding import SCAFFOLD_DIR
from kimgen.config.placeholders import PLACEHOLDERS, placeholder_in

KIM = "kim/kim-sumber-rejeki"


def new(*args):
    """`kimgen new` as a script or a hook runs it: no terminal, so nothing is asked."""
    return invoke(["new", *args])


def check(root):
    return invoke(["check", str(root)])


def test_new_kim_without_a_terminal_is_refused_by_check_until_filled_in(tmp_path):
    root = write_tree(tmp_path / "konten", {"provinsi.yaml": PROVINSI})
    assert new("kim", "kim-baru-jaya", "--root", str(root)).exit_code == 0
    result = check(root)
    assert result.exit_code == 1
    profile = "kim/kim-baru-jaya/profil.yaml"
    assert result.stderr.splitlines() == [
        f"{profile}:6: desa: masih berisi teks contoh dari templat kimgen (`Isi nama desa atau kelurahan`), yang "
        "tidak boleh terbit. Ganti teks itu di baris 6 dengan isian yang sebenarnya.",
        f"{profile}:9: kecamatan: masih berisi teks contoh dari templat kimgen (`Isi nama kecamatan`), yang tidak "
        "boleh terbit. Ganti teks itu di baris 9 dengan isian yang sebenarnya.",
        f"{profile}:11: kabupaten: masih berisi teks contoh dari templat kimgen (`Isi nama kabupaten/kota`), yang "
        "tidak boleh terbit. Ganti teks itu di baris 11 dengan isian yang sebenarnya.",
        "3 kesalahan, 0 peringatan."]
    out = tmp_path / "sites"
    build(root, out)
    assert not (out / "kim-baru-jaya").exists()
    assert "Isi nama" not in (out / "index.html").read_text()


def test_new_berita_left_unfilled_is_not_published_beside_a_good_post(tmp_path):
    root = write_tree(tmp_path / "konten", {"provinsi.yaml": PROVINSI, f"{KIM}/profil.yaml": PROFIL,
                                            f"{KIM}/berita/2024-12-19-banjir.md": post("Waspada Banjir", "2024-12-19")})
    created = new("berita", "--kim", "kim-sumber-rejeki", "Kerja Bakti Saluran", "--root", str(root))
    assert created.exit_code == 0
    result = check(root)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{KIM}/berita/2024-12-20-kerja-bakti-saluran.md:20: baris 20 masih berisi kalimat contoh dari templat "
        "kimgen (`Tulis beritanya di sini: …`), yang tidak boleh terbit. Ganti baris itu dengan tulisan Anda "
        "sendiri.",
        "1 kesalahan, 0 peringatan."]
    out = tmp_path / "sites"
    built = build(root, out)
    assert [p.path for p in built.errors] == [f"{KIM}/berita/2024-12-20-kerja-bakti-saluran.md"]
    assert (out / "kim-sumber-rejeki/berita/banjir/index.html").is_file()
    assert not (out / "kim-sumber-rejeki/berita/kerja-bakti-saluran").exists()
    for page in out.rglob("*.*"):  # the admin's own problem page under pemantauan/ names it, as it should
        if page.suffix in {".html", ".xml", ".json"} and "pemantauan" not in page.parts:
            assert "Tulis beritanya" not in page.read_text(), page


@pytest.mark.parametrize("kind", ["berita", "agenda", "pengumuman", "potensi", "galeri", "halaman"])
def test_every_scaffold_left_as_it_is_has_an_error(tmp_path, kind):
    root = write_tree(tmp_path / "konten", {"provinsi.yaml": PROVINSI, f"{KIM}/profil.yaml": PROFIL})
    assert new(kind, "--kim", "kim-sumber-rejeki", "Rapat Desa", "--root", str(root)).exit_code == 0
    built = build(root, tmp_path / "sites")
    assert built.errors and all("teks contoh" in p.message or "kalimat contoh" in p.message for p in built.errors)


def test_a_fact_check_is_a_draft_until_its_claim_and_text_are_written(tmp_path):
    root = write_tree(tmp_path / "konten", {"provinsi.yaml": PROVINSI, f"{KIM}/profil.yaml": PROFIL})
    assert new("cek-fakta", "--kim", "kim-sumber-rejeki", "Bantuan Palsu", "--root", str(root)).exit_code == 0
    assert check(root).exit_code == 0  # a draft is not published, so its examples may wait
    path = root / f"{KIM}/cek-fakta/2024-12-20-bantuan-palsu.md"
    path.write_text(path.read_text().replace("draf: true\n", ""))
    result = check(root)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{KIM}/cek-fakta/2024-12-20-bantuan-palsu.md:5: klaim: masih berisi teks contoh dari templat kimgen "
        "(`Tulis isi kabar yang diperiksa di sini`), yang tidak boleh terbit. Ganti teks itu di baris 5 dengan "
        "isian yang sebenarnya.")


def test_a_new_kims_about_page_is_a_draft_until_written(tmp_path):
    root = write_tree(tmp_path / "konten", {"provinsi.yaml": PROVINSI})
    assert new("kim", "kim-baru-jaya", "--root", str(root)).exit_code == 0
    about = (root / "kim/kim-baru-jaya/halaman/tentang.md").read_text()
    assert "draf: true\n" in about and PLACEHOLDERS["halaman"] in about


@pytest.mark.parametrize("written", [
    "kecamatan: Isi nama kecamatan", "kecamatan: isi  nama Kecamatan.", "kecamatan: \"Isi nama kecamatan\"",
    "kecamatan: Lowokwaru (Isi nama kecamatan)",
])
def test_an_example_text_is_recognised_however_it_was_touched(site, written):
    profile = PROFIL.replace("kecamatan: Purwosari", written)
    _, result, _ = site({f"{KIM}/profil.yaml": profile})
    assert [(p.line, p.field) for p in result.errors] == [(3, "kecamatan")]


def test_an_instruction_left_above_the_real_text_is_an_error(site):
    body = "Tulis beritanya di sini: warga kerja bakti membersihkan saluran irigasi."
    _, result, _ = site({f"{KIM}/berita/2024-12-11-kerja-bakti.md": post("Kerja Bakti", body=body)})
    assert messages(result) == [
        f"{KIM}/berita/2024-12-11-kerja-bakti.md:5: baris 5 masih berisi kalimat contoh dari templat kimgen "
        "(`Tulis beritanya di sini: …`), yang tidak boleh terbit. Ganti baris itu dengan tulisan Anda sendiri."]


def test_english_when_the_province_says_bahasa_en(site):
    _, result, _ = site({"provinsi.yaml": PROVINSI + "bahasa: en\n",
                         f"{KIM}/profil.yaml": PROFIL.replace("Purwosari", "Isi nama kecamatan")})
    assert messages(result) == [
        f"{KIM}/profil.yaml:3: kecamatan: still holds an example text from kimgen's template (`Isi nama kecamatan`), "
        "which must not be published. Replace it on line 3 with the real value."]


def test_the_scaffolds_take_their_examples_from_the_one_list():
    """A template that wrote an example text of its own would be published unnoticed."""
    templates = "".join(path.read_text() for path in SCAFFOLD_DIR.iterdir())
    for key in PLACEHOLDERS:
        assert f"$contoh_{key.replace('-', '_')}" in templates or key in {"desa", "kecamatan", "kabupaten"}, key
    for path in SCAFFOLD_DIR.iterdir():
        for line in path.read_text().splitlines():
            if not line.startswith("#"):
                assert placeholder_in(line) is None, (path.name, line)


def test_real_words_are_not_taken_for_examples():
    for text in ("Isi kegiatan: nama kecamatan Lowokwaru", "Tulis berita di sini ya", "Kecamatan Purwosari",
                 "Ceritakan produknya kepada kami", "Tulis isi halaman"):
        assert placeholder_in(text) is None, text
