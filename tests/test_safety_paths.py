"""Paths: nothing from content leaves its KIM folder, nothing is written outside the output directory."""

from __future__ import annotations

import pytest

from conftest import PROFIL, image, messages, post
from kimgen.build.publish import UnsafePath, write_outputs

KIM = "kim/kim-sumber-rejeki"
PNG = image("PNG")


@pytest.mark.parametrize("name,expected", [
    ("Kim_Besar", "kim/Kim_Besar: nama folder KIM menjadi alamat situs, jadi hanya boleh huruf kecil a-z, angka "
                  "dan tanda hubung (-), misalnya `kim-sumber-rejeki`."),
    ("kim--dua", "kim/kim--dua: nama folder KIM menjadi alamat situs, jadi hanya boleh huruf kecil a-z, angka "
                 "dan tanda hubung (-), misalnya `kim-sumber-rejeki`."),
    ("kabupaten", "kim/kabupaten: nama folder `kabupaten` dipakai oleh portal provinsi; pilih nama lain."),
    ("pemantauan", "kim/pemantauan: nama folder `pemantauan` dipakai oleh portal provinsi; pilih nama lain."),
    ("assets", "kim/assets: nama folder `assets` dipakai oleh portal provinsi; pilih nama lain."),
    ("pengumuman", "kim/pengumuman: nama folder `pengumuman` dipakai oleh portal provinsi; pilih nama lain."),
])
def test_kim_folder_names_are_slugs_and_not_portal_paths(site, name, expected):
    _, result, out = site({f"kim/{name}/profil.yaml": PROFIL})
    assert messages(result) == [expected]
    assert (out / "kim-sumber-rejeki/index.html").is_file()


def test_slugs_are_normalised(site):
    _, result, out = site({
        f"{KIM}/berita/2024-12-11-Rapat Besar_RT 05!.md": post("Rapat"),
        f"{KIM}/berita/2024-12-12-lain.md": post("Lain", "2024-12-12", slug="'../../Kabupaten/ÜBER alles'"),
    })
    assert result.errors == []
    assert (out / "kim-sumber-rejeki/berita/rapat-besar-rt-05/index.html").is_file()
    assert (out / "kim-sumber-rejeki/berita/kabupaten-uber-alles/index.html").is_file()


def test_two_items_claiming_one_url_is_an_error_naming_both(site):
    # the later posyandu gets `posyandu-2024-12-11` by DESIGN.md's rule, which a third post already claims
    _, result, _ = site({
        f"{KIM}/berita/2024-12-01-posyandu.md": post("Posyandu Desember", "2024-12-01"),
        f"{KIM}/berita/2024-12-11-posyandu.md": post("Posyandu Lagi", "2024-12-11"),
        f"{KIM}/berita/catatan.md": post("Catatan", "2024-12-12", slug="posyandu-2024-12-11"),
    })
    assert sorted(messages(result)) == [
        f"{KIM}/berita/2024-12-11-posyandu.md: peringatan: slug: judul/nama berkas sama dengan "
        f"{KIM}/berita/2024-12-01-posyandu.md; tulisan ini memakai alamat `posyandu-2024-12-11`.",
        f"{KIM}/berita/catatan.md:4: slug: alamat `berita/posyandu-2024-12-11/` juga dipakai oleh "
        f"{KIM}/berita/2024-12-11-posyandu.md; dua tulisan tidak boleh punya alamat yang sama.",
    ]


def test_a_page_cannot_take_a_section_path(site):
    _, result, _ = site({f"{KIM}/halaman/berita.md": post("Berita Palsu")})
    assert messages(result) == [
        f"{KIM}/halaman/berita.md: slug: alamat `berita/` sudah dipakai situs KIM; ganti nama berkas atau isi `slug:` lain."]


@pytest.mark.parametrize("target,message", [
    ("../../kim-lain/media/x.png", "menunjuk ke luar folder KIM ini; hanya berkas di folder KIM sendiri yang boleh dipakai."),
    ("../../../../../etc/passwd", "menunjuk ke luar folder KIM ini; hanya berkas di folder KIM sendiri yang boleh dipakai."),
    ("/etc/passwd", "memakai alamat mutlak; tulis alamat relatif, misalnya `../media/foto.jpg`."),
    ("%2e%2e/%2e%2e/kim-lain/media/x.png", "menunjuk ke luar folder KIM ini; hanya berkas di folder KIM sendiri yang boleh dipakai."),
])
def test_links_and_images_stay_in_the_kim(site, target, message):
    _, result, out = site({f"{KIM}/berita/2024-12-11-x.md": post("X", body=f"![a]({target}) [b]({target})"),
                           "kim/kim-lain/profil.yaml": PROFIL.replace("Sumber Rejeki", "Lain"),
                           "kim/kim-lain/media/x.png": PNG})
    rel = f"{KIM}/berita/2024-12-11-x.md:5"
    assert [m for m in messages(result) if m.startswith(rel)] == [f"{rel}: gambar `{target}` {message}",
                                                                  f"{rel}: tautan `{target}` {message}"]
    assert not (out / "kim-sumber-rejeki/berita/x").exists()  # held back: never published with that link
    assert (out / "kim-lain/index.html").is_file()


@pytest.mark.parametrize("logo", ["../kim-lain/media/x.png", "/etc/passwd", "media/../../kim-lain/media/x.png"])
def test_logo_stays_in_the_kim(site, logo):
    _, result, _ = site({f"{KIM}/profil.yaml": PROFIL + f"logo: {logo}\n",
                         "kim/kim-lain/profil.yaml": PROFIL.replace("Sumber Rejeki", "Lain"),
                         "kim/kim-lain/media/x.png": PNG})
    assert messages(result) == [f"{KIM}/profil.yaml: logo: berkas logo `{logo}` tidak ditemukan di folder KIM ini; "
                                "unggah ke media/ atau perbaiki namanya."]


@pytest.mark.parametrize("name,data,message", [
    ("x.html", b"<script>alert(1)</script>", "jenis berkas `.html` tidak boleh diunggah ke media/"),
    ("x.svg", b"<svg onload=alert(1)/>", "jenis berkas `.svg` tidak boleh diunggah ke media/"),
    ("x.js", b"alert(1)", "jenis berkas `.js` tidak boleh diunggah ke media/"),
    ("x.xhtml", b"<x/>", "jenis berkas `.xhtml` tidak boleh diunggah ke media/"),
    ("htaccess", b"x", "jenis berkas `htaccess` tidak boleh diunggah ke media/"),
    ("foto.jpg", b"<html><script>alert(1)</script>", "berkas ini bernama .jpg tetapi isinya bukan gambar JPEG"),
    ("foto.png", b"GIF89a", "berkas ini bernama .png tetapi isinya bukan gambar PNG"),
])
def test_media_that_could_run_script_is_refused(site, name, data, message):
    """Unused, it is a warning and the KIM is built; a post that uses it has the error (test_photos.py)."""
    _, result, out = site({f"{KIM}/media/{name}": data})
    assert result.errors == [] and messages(result)[0].startswith(f"{KIM}/media/{name}: peringatan: {message}")
    assert not (out / f"kim-sumber-rejeki/media/{name}").exists()


def test_photos_and_documents_are_published(site):
    photos = {"a.jpg": image("JPEG"), "b.png": PNG, "d.webp": image("WEBP"), "sub/g.JPG": image("JPEG")}
    files = {"c.gif": image("GIF"), "e.pdf": b"%PDF-1.4"}  # documents in detail: the file-type tests
    _, result, out = site({f"{KIM}/media/{k}": v for k, v in {**photos, **files}.items()})
    assert result.problems == []
    for name, data in files.items():  # as they are
        assert (out / f"kim-sumber-rejeki/media/{name}").read_bytes() == data
    for name in photos:  # resized, the original withheld
        assert not (out / f"kim-sumber-rejeki/media/{name}").exists()
        stem = name.split("/")[-1].split(".")[0]
        assert len(list((out / "kim-sumber-rejeki/media/_").glob(f"{stem}-16.*"))) == 2


def test_symlinks_out_of_the_kim_are_errors_and_never_followed(site, tmp_path):
    secret = tmp_path / "rahasia.txt"
    secret.write_text("RAHASIA")
    root = tmp_path / "konten"
    (root / KIM / "media").mkdir(parents=True)
    (root / KIM / "berita").mkdir(parents=True)
    (root / KIM / "media/bocor.png").symlink_to(secret)
    (root / KIM / "berita/bocor.md").symlink_to(secret)
    (root / KIM / "media/folder").symlink_to(tmp_path)
    (root / KIM / "media/putar.png").symlink_to(root / KIM / "media/putar.png")  # a loop
    _, result, out = site({})
    assert messages(result) == [
        f"{KIM}/berita/bocor.md: tautan simbolik (symlink) ini menunjuk ke luar folder KIM dan diabaikan.",
        f"{KIM}/media/bocor.png: tautan simbolik (symlink) ini menunjuk ke luar folder KIM dan diabaikan.",
        f"{KIM}/media/folder: tautan simbolik (symlink) ini menunjuk ke luar folder KIM dan diabaikan.",
        f"{KIM}/media/putar.png: tautan simbolik (symlink) ini menunjuk ke luar folder KIM dan diabaikan.",
    ]
    assert not any(b"RAHASIA" in p.read_bytes() for p in out.rglob("*") if p.is_file())


def test_a_symlink_inside_the_kim_is_copied_as_a_plain_file(site, tmp_path):
    root = tmp_path / "konten"
    (root / KIM / "media").mkdir(parents=True)
    (root / KIM / "media/asli.pdf").write_bytes(b"%PDF-1.4 jadwal")
    (root / KIM / "media/salinan.pdf").symlink_to("asli.pdf")
    _, result, out = site({})
    assert result.errors == []
    copy = out / "kim-sumber-rejeki/media/salinan.pdf"
    assert not copy.is_symlink() and copy.read_bytes() == b"%PDF-1.4 jadwal"


def test_the_writer_refuses_paths_out_of_the_output_directory(tmp_path):
    out = tmp_path / "sites"
    out.mkdir()
    for rel in ["../x.html", "/etc/x", "a/../../x", "a//b", "a\\..\\x"]:
        with pytest.raises(UnsafePath):
            write_outputs(out, {rel: b"x"})
    (tmp_path / "elsewhere").mkdir()
    (out / "kim-a").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(UnsafePath):
        write_outputs(out, {"kim-a/index.html": b"x"})
    assert list((tmp_path / "elsewhere").iterdir()) == []


def test_a_symlinked_output_folder_of_a_kim_is_replaced_never_written_through(site, tmp_path):
    # the KIM's new folder is swapped in with a rename, which replaces the link itself
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere/milik-orang.txt").write_text("jangan disentuh")
    (tmp_path / "sites").mkdir()
    (tmp_path / "sites/kim-sumber-rejeki").symlink_to(tmp_path / "elsewhere")
    _, result, out = site({})
    assert result.errors == []
    assert not (out / "kim-sumber-rejeki").is_symlink() and (out / "kim-sumber-rejeki/index.html").is_file()
    assert [p.name for p in (tmp_path / "elsewhere").iterdir()] == ["milik-orang.txt"]
    assert (out / "index.html").is_file()
