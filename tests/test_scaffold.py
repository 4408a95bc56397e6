"""`kimgen new`: scaffolds that build once their example texts are replaced, dated in the province's zone,
never overwriting. That the example texts themselves never reach the site: test_placeholders.py."""

from __future__ import annotations

import frontmatter

from conftest import PROVINSI, invoke, write_tree
from kimgen import cli
from kimgen.build import build
from kimgen.config.placeholders import PLACEHOLDERS

KINDS = ("berita", "agenda", "pengumuman", "cek-fakta", "potensi", "halaman")


def run(*args, input=None):
    return invoke(["new", *args], input=input)


FILLED = {"desa": "Baru Jaya", "kecamatan": "Lowokwaru", "kabupaten": "Kota Malang"}


def fill_in(folder) -> None:
    """What an admin does: every example text replaced by real words, nothing else touched."""
    for path in folder.rglob("*.*"):
        text = path.read_text()
        for key, example in PLACEHOLDERS.items():
            text = text.replace(example, FILLED.get(key, "Warga berkumpul di balai desa."))
        path.write_text(text)


def test_new_kim_and_every_post_kind_build_once_filled_in(tmp_path):
    root = write_tree(tmp_path / "konten", {"provinsi.yaml": PROVINSI})
    result = run("kim", "kim-baru-jaya", "--root", str(root))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [f"dibuat: {root}/kim/kim-baru-jaya/profil.yaml",
                                          f"dibuat: {root}/kim/kim-baru-jaya/halaman/tentang.md"]
    for kind in KINDS:
        result = run(kind, "--kim", "kim-baru-jaya", "Sosialisasi: Posyandu \"Balita\"", "--root", str(root))
        assert result.exit_code == 0, result.output
    fill_in(root / "kim/kim-baru-jaya")
    built = build(root, tmp_path / "sites")
    assert built.problems == [] and built.built == ["kim-baru-jaya"]
    site = tmp_path / "sites/kim-baru-jaya"
    page = (site / "berita/sosialisasi-posyandu-balita/index.html").read_text()
    assert "<h1>Sosialisasi: Posyandu &#34;Balita&#34;</h1>" in page
    for path in ("agenda/sosialisasi-posyandu-balita", "pengumuman/sosialisasi-posyandu-balita",
                 "potensi/sosialisasi-posyandu-balita", "sosialisasi-posyandu-balita"):
        assert (site / path / "index.html").is_file(), path
    assert not (site / "cek-fakta/sosialisasi-posyandu-balita").exists()  # a placeholder verdict stays a draft
    assert not (site / "tentang").exists()  # the about page stays a draft until its admin writes it
    profile = (root / "kim/kim-baru-jaya/profil.yaml").read_text()
    assert "nama: KIM Baru Jaya\n" in profile and "kabupaten: Kota Malang\n" in profile
    assert "# Isian wajib: nama, desa, kecamatan, kabupaten." in profile
    assert ("# Tulis sama persis dengan salah satu kabupaten/kota di provinsi.yaml: Kabupaten Pasuruan, "
            "Kota Malang\n") in profile


def test_file_name_and_date_follow_the_province_zone(tmp_path, monkeypatch):
    root = write_tree(tmp_path / "konten", {"provinsi.yaml": PROVINSI + "zona_waktu: WITA\n",
                                             "kim/kim-a/profil.yaml": "nama: A\ndesa: A\nkecamatan: A\n"
                                                                      "kabupaten: Kota Malang\n"})
    monkeypatch.setenv("KIMGEN_NOW", "2024-12-20T20:00:00+00:00")  # already 21 December in WITA
    result = run("berita", "--kim", "kim-a", "Kerja Bakti Saluran Irigasi", "--root", str(root))
    assert result.exit_code == 0, result.output
    path = root / "kim/kim-a/berita/2024-12-21-kerja-bakti-saluran-irigasi.md"
    post = frontmatter.loads(path.read_text())
    assert post["judul"] == "Kerja Bakti Saluran Irigasi" and str(post["tanggal"]) == "2024-12-21"
    assert "# Tanggal terbit: tahun-bulan-tanggal." in path.read_text()


def test_never_overwrites(tmp_path):
    root = write_tree(tmp_path / "konten", {"provinsi.yaml": PROVINSI})
    assert run("kim", "kim-a", "--root", str(root)).exit_code == 0
    (root / "kim/kim-a/profil.yaml").write_text("nama: Sudah Diisi\ndesa: A\nkecamatan: A\nkabupaten: Kota Malang\n")
    again = run("kim", "kim-a", "--root", str(root))
    assert again.exit_code == 1
    assert again.stderr == (f"kimgen: folder {root}/kim/kim-a sudah ada; kimgen tidak menimpa KIM yang sudah ada. "
                            "Pilih nama lain atau hapus foldernya dulu.\n")
    assert (root / "kim/kim-a/profil.yaml").read_text().startswith("nama: Sudah Diisi")
    assert run("berita", "--kim", "kim-a", "Rapat", "--root", str(root)).exit_code == 0
    again = run("berita", "--kim", "kim-a", "Rapat", "--root", str(root))
    assert again.exit_code == 1
    assert again.stderr == (f"kimgen: {root}/kim/kim-a/berita/2024-12-20-rapat.md sudah ada; kimgen tidak menimpa "
                            "berkas. Pilih judul atau nama lain, atau sunting berkas yang sudah ada.\n")


def test_usage_errors_exit_2(tmp_path):
    root = write_tree(tmp_path / "konten", {"provinsi.yaml": PROVINSI})
    assert run("kim", "KIM Salah", "--root", str(root)).exit_code == 2
    assert run("kim", "kabupaten", "--root", str(root)).exit_code == 2  # the portal owns that path
    missing = run("berita", "--kim", "tidak-ada", "Judul", "--root", str(root))
    assert missing.exit_code == 2 and "Buat dulu dengan `kimgen new kim tidak-ada`." in missing.stderr
    assert run("berita", "--kim", "tidak-ada", "--root", str(root)).exit_code == 2


def test_a_page_cannot_take_an_address_the_kim_site_uses(tmp_path):
    root = write_tree(tmp_path / "konten", {"provinsi.yaml": PROVINSI})
    assert run("kim", "kim-a", "--root", str(root)).exit_code == 0
    result = run("halaman", "--kim", "kim-a", "Profil", "--root", str(root))
    assert result.exit_code == 1
    assert result.stderr == ("kimgen: alamat `profil/` sudah dipakai situs KIM, jadi halaman ini tidak bisa berjudul "
                             "\"Profil\". Pilih judul lain, misalnya \"Tentang Profil\".\n")
    assert not (root / "kim/kim-a/halaman/profil.md").exists()


def test_on_a_terminal_new_kim_asks_for_the_required_fields(tmp_path, monkeypatch):
    root = write_tree(tmp_path / "konten", {"provinsi.yaml": PROVINSI})
    monkeypatch.setattr(cli, "is_interactive", lambda: True)
    result = run("kim", "kim-tani-makmur", "--root", str(root),
                 input="KIM Tani Makmur\nTlogomas\nLowokwaru\nKota Malang\n")
    assert result.exit_code == 0, result.output
    assert "kabupaten (Nama kabupaten/kota, sama persis dengan provinsi.yaml) (Kabupaten Pasuruan, Kota Malang):" \
        in result.output
    profile = (root / "kim/kim-tani-makmur/profil.yaml").read_text()
    for line in ("nama: KIM Tani Makmur", "desa: Tlogomas", "kecamatan: Lowokwaru", "kabupaten: Kota Malang"):
        assert line + "\n" in profile
    assert build(root, tmp_path / "sites").problems == []
