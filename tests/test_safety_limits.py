"""Resource limits and error isolation: bombs, sizes, encodings, and never a traceback."""

from __future__ import annotations

import pytest

from conftest import PROFIL, PROVINSI, invoke, messages, post, write_tree
from kimgen.config.yamlfile import ContentError, load_yaml

KIM = "kim/kim-sumber-rejeki"
PNG = b"\x89PNG\r\n\x1a\n"

BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def yaml_error(text: str) -> str:
    with pytest.raises(ContentError) as exc:
        load_yaml(text, "x.yaml")
    return str(exc.value)


ALIAS = ("tanda & atau * di awal nilai punya arti khusus yang tidak dipakai kimgen; tulis nilainya langsung, atau "
         "apit seluruh nilai dengan tanda kutip.")


def test_billion_laughs_is_refused_at_the_first_anchor():
    assert yaml_error(BILLION_LAUGHS) == f"x.yaml:1: {ALIAS}"


def test_even_a_single_alias_is_refused():
    """An anchor on a text value is most likely text that needs quotes, and is told so."""
    assert yaml_error("a: &x 1\nb: *x\n") == (
        "x.yaml:1: a: nilai ini diawali `&`, tanda yang punya arti khusus di awal nilai. Apit seluruh nilai dengan "
        "tanda kutip: tulis baris ini sebagai `a: \"&x 1\"`.")
    assert yaml_error("a: 1\nb: [*x]\n") == f"x.yaml:2: b: {ALIAS}"


@pytest.mark.parametrize("text,line", [
    ("a: " + "[" * 100000 + "]" * 100000, 1),  # far past Python's recursion limit
    ("a: " + "{b: " * 5000 + "1" + "}" * 5000, 1),
    ("".join("  " * i + f"k{i}:\n" for i in range(30)) + "  " * 30 + "x: 1\n", 21),
])
def test_deep_nesting_is_refused_without_recursion_error(text, line):
    assert yaml_error(text) == f"x.yaml:{line}: data bersarang terlalu dalam (lebih dari 20 tingkat). Sederhanakan isiannya."


@pytest.mark.parametrize("text,message", [
    ("a: !!python/object/apply:os.system ['echo hacked']",
     "x.yaml:1: a: nilai ini diawali `!`, tanda yang punya arti khusus di awal nilai. Apit seluruh nilai dengan "
     "tanda kutip: tulis baris ini sebagai `a: \"!!python/object/apply:os.system ['echo hacked']\"`."),
    ("a: !!python/name:os.system",
     "x.yaml:1: a: nilai ini diawali `!`, tanda yang punya arti khusus di awal nilai. Apit seluruh nilai dengan "
     "tanda kutip: tulis baris ini sebagai `a: \"!!python/name:os.system\"`."),
    ("!!python/object/new:subprocess.Popen [['id']]",
     "x.yaml:1: baris ini tidak dapat dibaca. Tulis setiap isian sebagai `nama: isi` pada barisnya sendiri, "
     "dengan spasi setelah titik dua; bila nilainya memuat tanda seperti : # [ ] { } atau tanda kutip, apit "
     "seluruh nilai dengan tanda kutip ganda, misalnya `judul: \"Rapat: Evaluasi\"`."),
])
def test_python_tags_are_never_constructed(text, message):
    assert yaml_error(text) == message


def test_a_bomb_in_provinsi_yaml_is_a_content_error_exit_1(tmp_path):
    root = write_tree(tmp_path / "konten", {"provinsi.yaml": PROVINSI + BILLION_LAUGHS,
                                            f"{KIM}/profil.yaml": PROFIL})
    result = invoke(["build", str(root), "-o", str(tmp_path / "sites")], env={"CI": "1"})
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"provinsi.yaml:8: {ALIAS}"
    assert "Traceback" not in result.output


def test_a_bomb_in_a_profile_stops_only_that_kim(site):
    _, result, out = site({"kim/kim-bom/profil.yaml": PROFIL + BILLION_LAUGHS})
    assert messages(result) == [f"kim/kim-bom/profil.yaml:6: {ALIAS}"]
    assert (out / "kim-sumber-rejeki/index.html").is_file() and not (out / "kim-bom").exists()


def test_markdown_size_limit_from_provinsi_yaml(site):
    big = post("Besar", body="kata " * 500)  # about 2.5 KB
    _, result, out = site({"provinsi.yaml": PROVINSI + "batas_markdown_kb: 2\n",
                           f"{KIM}/berita/2024-12-11-besar.md": big,
                           f"{KIM}/berita/2024-12-10-kecil.md": post("Kecil", "2024-12-10")})
    assert messages(result) == [f"{KIM}/berita/2024-12-11-besar.md: berkas terlalu besar (2 KB; batasnya 2 KB). "
                                "Pecah tulisan menjadi beberapa berkas atau pindahkan lampiran ke media/."]


def test_the_profile_is_held_to_the_markdown_size_limit(site):
    _, result, _ = site({"provinsi.yaml": PROVINSI + "batas_markdown_kb: 1\n",
                         f"{KIM}/profil.yaml": PROFIL + "visi: " + "x" * 2000 + "\n"})
    assert messages(result) == [f"{KIM}/profil.yaml: berkas terlalu besar (2 KB; batasnya 1 KB). "
                                "Pecah tulisan menjadi beberapa berkas atau pindahkan lampiran ke media/."]


def test_media_size_limit_from_provinsi_yaml(site):
    """Over its limit, a file is left unpublished with a warning; its KIM is still built (photos
    have their own limit: test_photos.py)."""
    _, result, out = site({"provinsi.yaml": PROVINSI + "batas_media_kb: 1\n",
                           f"{KIM}/media/besar.pdf": b"%PDF-1.4\n" + b"\x00" * 3000,
                           f"{KIM}/media/kecil.pdf": b"%PDF-1.4\n"})
    assert messages(result) == [f"{KIM}/media/besar.pdf: peringatan: berkas media terlalu besar (2 KB; batasnya "
                                "1 KB). Perkecil berkasnya (misalnya simpan ulang PDF dengan ukuran lebih kecil) atau "
                                "bagi menjadi beberapa berkas. Berkas ini tidak diterbitkan."]
    assert (out / "kim-sumber-rejeki/media/kecil.pdf").is_file()
    assert not (out / "kim-sumber-rejeki/media/besar.pdf").exists()


@pytest.mark.parametrize("data,expected", [
    (b"", "berkas kosong. Isi dengan `---`, judul, tanggal, `---` dan tulisannya, atau hapus berkasnya."),
    (b"  \n\n", "berkas kosong. Isi dengan `---`, judul, tanggal, `---` dan tulisannya, atau hapus berkasnya."),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "ini bukan berkas teks (berisi data biner). Simpan tulisan sebagai teks "
     "biasa berakhiran .md, dan taruh foto atau dokumen di folder media/."),
    ("---\njudul: Caf\xe9\n---\n".encode("cp1252"), "berkas tidak tersimpan sebagai UTF-8 (mungkin disalin dari "
     "Microsoft Word atau disimpan sebagai Windows-1252/ANSI). Simpan ulang dengan pengodean UTF-8, misalnya lewat "
     "editor web GitHub/GitLab atau 'Save As' > 'UTF-8'."),
])
def test_empty_binary_and_non_utf8_markdown_are_errors(site, data, expected):
    _, result, _ = site({f"{KIM}/berita/2024-12-11-x.md": data})
    assert [p.message for p in result.problems] == [expected]
    assert result.problems[0].path == f"{KIM}/berita/2024-12-11-x.md"


def test_bom_and_crlf_are_accepted_silently(site):
    text = "\ufeff" + post("Rapat RT", body="Baris satu.\n\nBaris dua.").replace("\n", "\r\n")
    profile = "\ufeff" + PROFIL.replace("\n", "\r\n")
    _, result, out = site({f"{KIM}/berita/2024-12-11-rapat.md": text.encode("utf-8"),
                           f"{KIM}/profil.yaml": profile.encode("utf-8")})
    assert messages(result) == []
    html = (out / "kim-sumber-rejeki/berita/rapat/index.html").read_text()
    assert "<h1>Rapat RT</h1>" in html and "<p>Baris satu.</p>\n<p>Baris dua.</p>" in html
    assert "\r" not in html


# --- never a traceback ---------------------------------------------------------------------------

def test_an_unexpected_exception_loading_one_kim_is_that_kims_error(site, monkeypatch):
    import kimgen.site.assemble as assemble

    real = assemble._load_kim  # the reading itself; load_kim is the guard around it

    def flaky(sources, *args):
        if sources.slug == "kim-rusak":
            raise KeyError("boom")
        return real(sources, *args)

    monkeypatch.setattr(assemble, "_load_kim", flaky)
    _, result, out = site({"kim/kim-rusak/profil.yaml": PROFIL}, jobs=1)  # the patch holds in this process
    assert messages(result) == ["kim/kim-rusak: KIM ini tidak dapat dibaca (KeyError: 'boom')."]
    assert (out / "kim-sumber-rejeki/index.html").is_file()


def test_an_unexpected_exception_rendering_one_kim_keeps_the_others(site, monkeypatch):
    import kimgen.render.kimsite as kimsite

    real = kimsite.render_kim

    def flaky(kim, *args):
        if kim.slug == "kim-rusak":
            raise ValueError("template rusak")
        return real(kim, *args)

    monkeypatch.setattr(kimsite, "render_kim", flaky)
    _, result, out = site({"kim/kim-rusak/profil.yaml": PROFIL}, jobs=1)  # the patch holds in this process
    assert messages(result) == [
        "kim/kim-rusak: situs KIM ini gagal dibuat (ValueError: template rusak); keluaran lamanya dipertahankan. "
        "Laporkan ke pengelola portal bila pesan ini tidak jelas."]
    assert (out / "kim-sumber-rejeki/index.html").is_file()
    assert result.failed == ["kim-rusak"]


def test_a_failing_portal_still_leaves_the_kim_sites(site, monkeypatch):
    import kimgen.render.portal as portal

    def broken(*args):
        raise RuntimeError("portal rusak")

    monkeypatch.setattr(portal, "render_portal", broken)
    _, result, out = site({})
    assert messages(result) == ["provinsi.yaml: halaman portal provinsi gagal dibuat (RuntimeError: portal rusak); "
                                "situs KIM tetap dibangun. Laporkan ke pengelola portal."]
    assert (out / "kim-sumber-rejeki/index.html").is_file()


def test_failing_announcements_do_not_stop_the_province(site, monkeypatch):
    import kimgen.site.assemble as assemble

    def broken(root, problems):
        raise OSError("disk rusak")

    monkeypatch.setattr(assemble, "discover_announcements", broken)
    _, result, out = site({})
    assert messages(result) == ["pengumuman: pengumuman provinsi tidak dapat dibaca (OSError: disk rusak); "
                                "situs dibangun tanpa pengumuman."]
    assert (out / "kim-sumber-rejeki/index.html").is_file()


def test_the_cli_turns_any_unexpected_exception_into_a_short_message_and_exit_2(tmp_path, monkeypatch):
    import kimgen.build as build

    def broken(*args, **kwargs):
        raise MemoryError("habis")

    monkeypatch.setattr(build, "build", broken)
    root = write_tree(tmp_path / "konten", {"provinsi.yaml": PROVINSI, f"{KIM}/profil.yaml": PROFIL})
    result = invoke(["build", str(root), "-o", str(tmp_path / "sites")], env={"CI": "1"})
    assert result.exit_code == 2
    assert result.stderr == ("kimgen: kesalahan tak terduga (MemoryError: habis). Jalankan ulang dengan "
                             "KIMGEN_DEBUG=1 untuk rincian teknis dan laporkan ke pengembang kimgen.\n")
    result = invoke(["build", str(root), "-o", str(tmp_path / "sites")],
                                env={"CI": "1", "KIMGEN_DEBUG": "1"})
    assert isinstance(result.exception, MemoryError)  # developers get the real exception


def test_usage_errors_keep_their_own_exit_code(tmp_path):
    result = invoke(["build", str(tmp_path / "tidak-ada")], env={"CI": "1"})
    assert result.exit_code == 2 and "bukan folder konten kimgen" in result.stderr
    assert "kesalahan tak terduga" not in result.stderr


def test_invisible_control_characters_are_dropped(site):
    _, result, out = site({f"{KIM}/berita/2024-12-11-x.md": post("Rapat\x1b RT", body="Isi\x07 rapat.\x1b")})
    assert messages(result) == []
    assert "<p>Isi rapat.</p>" in (out / "kim-sumber-rejeki/berita/x/index.html").read_text()


def test_file_names_with_control_characters_are_refused(site):
    _, result, _ = site({f"{KIM}/media/foto\x1b.png": PNG})
    assert messages(result) == [f"{KIM}/media/foto\\x1b.png: nama berkas ini berisi karakter kendali (tak terlihat) "
                                "dan diabaikan; ganti namanya dengan huruf, angka dan tanda hubung."]


def test_an_unexpected_failure_reading_provinsi_yaml_is_a_reported_error(site, monkeypatch):
    import kimgen.config.settings as config

    def broken(root, problems):
        raise RuntimeError("disk rusak")

    monkeypatch.setattr(config, "load_province", broken)
    _, result, out = site({})
    assert messages(result) == ["provinsi.yaml: berkas tidak dapat dibaca (RuntimeError: disk rusak)."]
    assert not (out / "index.html").exists()
