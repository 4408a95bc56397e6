"""`check` is the build's gate, and the smaller hardening of issue 19: what `check` passes the build
builds; explicit slugs never take an older post's URL; calendars escape every value; sizes are known
before files are read; media bytes match their type; one markdown time budget per KIM and per build."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import PROFIL, PROVINSI, messages, post, write_tree
from kimgen.build import build
from kimgen.commands.check import check

# nh3 and other callbacks swallow what they raise, printing it: that is a failure here too
pytestmark = pytest.mark.filterwarnings("error::pytest.PytestUnraisableExceptionWarning")

KIM = "kim/kim-sumber-rejeki"
GIF = (b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00"
       b"\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")


def agenda(**fields: str) -> str:
    values = {"judul": "Rapat Warga", "tanggal": "2024-12-11", "tanggal_mulai": "2024-12-25 08:00", **fields}
    return "---\n" + "".join(f"{k}: {v}\n" for k, v in values.items()) + "---\nIsi.\n"


def profile(**fields: str) -> str:
    return PROFIL + "".join(f"{k}: {v}\n" for k, v in fields.items())


# Each of these once passed `check` and then failed the build with an internal exception and no
# file or line (issue 19, attack 7), or is a close cousin of one that did.
GATE_CASES = {
    "two-line agenda title": {f"{KIM}/agenda/2024-12-25-rapat.md": agenda(judul="|\n  Rapat\n  warga")},
    "two-line agenda place": {f"{KIM}/agenda/2024-12-25-rapat.md": agenda(lokasi="|\n  Balai\n  desa")},
    "CR in a KIM name": {f"{KIM}/profil.yaml": PROFIL.replace("nama: KIM Sumber Rejeki", 'nama: "KIM\\rSumber"'),
                         f"{KIM}/agenda/2024-12-25-rapat.md": agenda()},
    "NUL from a YAML escape": {f"{KIM}/berita/2024-12-11-a.md": post('"Rapat\\0warga"')},
    "price 1e38": {f"{KIM}/potensi/keripik.md": post("Keripik", harga="1e38")},
    "price 1.0e+38": {f"{KIM}/potensi/keripik.md": post("Keripik", harga="1.0e+38")},
    "price .inf": {f"{KIM}/potensi/keripik.md": post("Keripik", harga=".inf")},
    "price of 40 digits": {f"{KIM}/potensi/keripik.md": post("Keripik", harga="9" * 40)},
    "4,000-digit member count": {f"{KIM}/profil.yaml": profile(jumlah_anggota="9" * 4000)},
    "5,000-digit member count": {f"{KIM}/profil.yaml": profile(jumlah_anggota="9" * 5000)},
    "4,000-digit prize year": {f"{KIM}/profil.yaml": profile(prestasi=f"[{{tahun: {'9' * 4000}, nama: Juara}}]")},
    "4,000-digit menu order": {f"{KIM}/halaman/tentang.md": post("Tentang", urutan="9" * 4000)},
    "start 9999-12-31 23:00-12:00": {f"{KIM}/agenda/2024-12-25-rapat.md": agenda(
        tanggal_mulai="9999-12-31 23:00-12:00")},
    "start 0001-01-01 00:00+14:00": {f"{KIM}/agenda/2024-12-25-rapat.md": agenda(
        tanggal_mulai="0001-01-01 00:00+14:00")},
    "YAML timestamp 9999": {f"{KIM}/agenda/2024-12-25-rapat.md": agenda(
        tanggal_mulai="9999-12-31 23:59:59-12:00")},
    "all-day event on 9999-12-31": {f"{KIM}/agenda/2024-12-25-rapat.md": agenda(tanggal_mulai="9999-12-31")},
    "post dated year 1": {f"{KIM}/berita/2024-12-11-a.md": post("Lama", "0001-01-01")},
    "banner until 9999-12-31": {f"{KIM}/pengumuman/a.md": post("Penting", penting="true",
                                                              berlaku_sampai="9999-12-31")},
    "founded year 1": {f"{KIM}/profil.yaml": profile(dibentuk="0001-01-01")},
    "lone surrogate in a title": {f"{KIM}/berita/2024-12-11-a.md": post('"Rapat \\ud800 warga"')},
    "lone surrogate in a tag": {f"{KIM}/berita/2024-12-11-a.md": post("Rapat", tag='["\\udfff"]')},
    "lone surrogate in a key": {f"{KIM}/berita/2024-12-11-a.md": post("Rapat", **{'"\\ud800"': "x"})},
    "lone surrogate in a KIM name": {f"{KIM}/profil.yaml": PROFIL.replace("nama: KIM Sumber Rejeki",
                                                                          'nama: "KIM \\ud800"')},
    "lone surrogate in the province": {"provinsi.yaml": PROVINSI.replace("nama: Jawa Timur",
                                                                         'nama: "Jawa \\udc80"')},
    "backslash in a media name": {f"{KIM}/media/a\\b.gif": GIF,
                                  f"{KIM}/berita/2024-12-11-a.md": post("Foto", gambar="media/a\\b.gif")},
    "backslash in the logo's name": {f"{KIM}/media/a\\b.gif": GIF, f"{KIM}/profil.yaml": profile(logo="media/a\\b.gif")},
    "backslash in a post's name": {f"{KIM}/berita/2024-12-11-a\\b.md": post("Miring")},
    "latitude that is not a number": {f"{KIM}/profil.yaml": profile(lokasi="{lat: utara, lon: 112.6}")},
    "latitude NaN": {f"{KIM}/profil.yaml": profile(lokasi="{lat: .nan, lon: 112.6}")},
    "latitude 1e400": {f"{KIM}/profil.yaml": profile(lokasi="{lat: 1e400, lon: 112.6}")},
    "latitude 1e300": {f"{KIM}/profil.yaml": profile(lokasi="{lat: 1.0e+300, lon: 112.6}")},
    "huge vakum limit": {"provinsi.yaml": PROVINSI + "batas_vakum_hari: " + "9" * 30 + "\n"},
    # addresses that Python's URL parser refuses with ValueError ("Invalid IPv6 URL")
    "video ]]>": {f"{KIM}/berita/2024-12-11-a.md": post("Video", video='"]]>"')},
    "video http://[x": {f"{KIM}/berita/2024-12-11-a.md": post("Video", video='"http://[x/watch?v=dQw4w9WgXcQ"')},
    "cover http://[x": {f"{KIM}/berita/2024-12-11-a.md": post("Foto", gambar='"http://[x/a.jpg"')},
    "body link http://[x": {f"{KIM}/berita/2024-12-11-a.md": post("Tautan", body="[a](http://[x) ![b](https://[y/b.png)")},
    "raw HTML link http://[x": {f"{KIM}/berita/2024-12-11-a.md": post("HTML", body='<a href="http://[x">a</a>')},
    "raw HTML image //[x": {f"{KIM}/berita/2024-12-11-a.md": post("HTML", body='<img src="//[x/a.png"> <a href="//[y">b</a>'
                                                                             ' <img src="[x]/a.png">')},
    "fact source https://[x": {f"{KIM}/cek-fakta/a.md": post("Cek", klaim="Kabar", status="hoaks",
                                                             sumber='["https://[x"]')},
    "social https://[x": {f"{KIM}/profil.yaml": profile(media_sosial='{facebook: "https://[x"}')},
}


def _error_texts(problems) -> set[str]:
    return {p.format() for p in problems if p.level == "error"}


@pytest.mark.parametrize("files", GATE_CASES.values(), ids=GATE_CASES.keys())
def test_what_check_passes_the_build_builds(tmp_path, files):
    root = write_tree(tmp_path / "konten", {"provinsi.yaml": PROVINSI, f"{KIM}/profil.yaml": PROFIL, **files})
    checked = _error_texts(check(root))
    result = build(root, tmp_path / "sites")  # raises nothing, whatever the content
    built = _error_texts(result.problems)
    assert not [m for m in built if "gagal dibuat" in m], built
    assert built <= checked, f"only the build found: {built - checked}"
    for problem in result.problems:  # every problem names its file
        assert problem.path and problem.message


def test_no_problem_is_an_internal_exception(tmp_path):
    """Every input above gets a message naming its file (and a field where it has one), never
    a Python exception's name, in `check` as in the build."""
    import re

    for name, files in GATE_CASES.items():
        root = write_tree(tmp_path / name / "konten", {"provinsi.yaml": PROVINSI, f"{KIM}/profil.yaml": PROFIL,
                                                       **files})
        for problem in check(root):
            assert not re.search(r"\b\w+(Error|Exception|Operation)\b", problem.message), (name, problem)


def test_escaped_utf16_pairs_become_their_character(site):
    _, result, out = site({f"{KIM}/berita/2024-12-11-a.md": post('"Panen Raya \\ud83c\\udf3e"')})
    assert result.errors == []
    assert "Panen Raya \U0001f33e" in (out / f"{KIM[4:]}/berita/a/index.html").read_text()


def test_a_title_written_over_two_lines_is_one_line(site):
    _, result, out = site({f"{KIM}/agenda/2024-12-25-rapat.md": agenda(judul="|\n  Rapat\n  warga  RT 05")})
    assert result.errors == []
    assert "<h1>Rapat warga RT 05</h1>" in (out / "kim-sumber-rejeki/agenda/rapat/index.html").read_text()


# --- slugs ------------------------------------------------------------------------------------

def test_an_explicit_slug_cannot_take_an_older_posts_url(site):
    older, newer = f"{KIM}/berita/2024-09-10-posyandu.md", f"{KIM}/berita/2024-12-01-lain.md"
    _, result, out = site({older: post("Posyandu September", "2024-09-10"),
                           newer: post("Kabar Lain", "2024-12-01", slug="posyandu")})
    assert messages(result) == [f"{newer}:4: slug: alamat `posyandu` sudah dipakai oleh {older}; "
                                "tulis alamat lain di `slug:`."]
    assert [p.level for p in result.problems] == ["error"]
    assert "Posyandu September" in (out / "kim-sumber-rejeki/berita/posyandu/index.html").read_text()


def test_an_older_explicit_slug_keeps_its_url_and_the_newer_derived_one_moves(site):
    older, newer = f"{KIM}/berita/2024-09-10-lama.md", f"{KIM}/berita/2024-12-01-posyandu.md"
    _, result, out = site({older: post("Posyandu Lama", "2024-09-10", slug="posyandu"),
                           newer: post("Posyandu Baru", "2024-12-01")})
    assert result.errors == []
    assert "Posyandu Lama" in (out / "kim-sumber-rejeki/berita/posyandu/index.html").read_text()
    assert "Posyandu Baru" in (out / "kim-sumber-rejeki/berita/posyandu-2024-12-01/index.html").read_text()


# --- calendars --------------------------------------------------------------------------------

def _content_lines(data: bytes) -> list[bytes]:
    assert data.endswith(b"\r\n")
    lines = data[:-2].split(b"\r\n")
    for raw in lines:  # no bare CR or LF survives inside a line, and every line is folded
        assert b"\r" not in raw and b"\n" not in raw, raw
        assert len(raw) <= 75, raw
    return lines


def test_calendar_values_are_escaped_and_folded(tmp_path):
    import datetime as dt

    import icalendar

    from kimgen.render.calendar import kim_calendar
    from kimgen.site.model import Post

    start = dt.datetime(2024, 12, 25, 8, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    title = "Rapat\rEND:VEVENT\r\nBEGIN:VEVENT\nSUMMARY:palsu; a,b \\ " + "panjang " * 20
    event = Post("agenda", f"{KIM}/agenda/x.md", "rapat", "agenda/rapat/", title, start, summary="Ringkas\x0b\rnya",
                 start=start, location="Balai\rDesa; RT 5, RW 2", kim="kim-sumber-rejeki")
    data = kim_calendar("KIM\rX-INJECTED:1\nY", [(event, "https://kim.example.go.id/kim-sumber-rejeki/agenda/rapat/")],
                        "Asia/Jakarta")
    lines = _content_lines(data)
    assert not any(line.startswith((b"X-INJECTED", b"Y", b"SUMMARY:palsu")) for line in lines)
    assert lines.count(b"BEGIN:VEVENT") == 1 and lines.count(b"END:VEVENT") == 1
    cal = icalendar.Calendar.from_ical(data)
    # icalendar hands an X- property back as written: escaped, as calendar apps read TEXT
    assert str(cal["X-WR-CALNAME"]) == r"KIM\nX-INJECTED:1\nY"
    parsed = cal.walk("VEVENT")[0]
    assert str(parsed["SUMMARY"]) == title.replace("\r\n", "\n").replace("\r", "\n")
    assert str(parsed["LOCATION"]) == "Balai\nDesa; RT 5, RW 2"
    assert str(parsed["DESCRIPTION"]).startswith("Ringkas\nnya\n\nhttps://")


def test_a_carriage_return_in_a_kim_name_never_reaches_the_calendar_raw(site):
    import icalendar

    _, result, out = site({
        f"{KIM}/profil.yaml": PROFIL.replace("nama: KIM Sumber Rejeki", 'nama: "KIM Sumber\\rX-EVIL: 1"'),
        f"{KIM}/agenda/2024-12-25-rapat.md": agenda()})
    assert result.errors == []
    data = (out / "kim-sumber-rejeki/agenda/kalender.ics").read_bytes()
    _content_lines(data)
    assert b"\rX-EVIL" not in data and b"\nX-EVIL" not in data
    assert str(icalendar.Calendar.from_ical(data)["X-WR-CALNAME"]) == "KIM Sumber X-EVIL: 1"


# --- sizes before reading ----------------------------------------------------------------------

def test_a_4_gb_sparse_post_is_refused_by_its_size_without_being_read(tmp_path):
    import resource

    root = write_tree(tmp_path / "konten", {"provinsi.yaml": PROVINSI, f"{KIM}/profil.yaml": PROFIL})
    huge = root / KIM / "berita/2024-12-11-besar.md"
    huge.parent.mkdir(parents=True)
    with open(huge, "wb") as handle:
        handle.truncate(4 * 1024**3)  # sparse: 4 GB long, no disk used
    (root / KIM / "profil.yaml").unlink()
    with open(root / KIM / "profil.yaml", "wb") as handle:  # a profile, too, past any limit
        handle.write(PROFIL.encode())
        handle.truncate(4 * 1024**3)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KB on Linux
    found = [p.format() for p in check(root)]
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    too_big = ": berkas terlalu besar (4194304 KB; batasnya 512 KB). Pecah tulisan menjadi beberapa berkas atau " \
              "pindahkan lampiran ke media/."
    assert found == [f"{KIM}/berita/2024-12-11-besar.md{too_big}", f"{KIM}/profil.yaml{too_big}"]
    assert grown_mb < 100  # reading either file whole would take 4 GB


def test_provinsi_yaml_has_a_size_limit_too(tmp_path):
    root = write_tree(tmp_path / "konten", {"provinsi.yaml": PROVINSI + "# " + "x" * (2 * 1024 * 1024) + "\n",
                                            f"{KIM}/profil.yaml": PROFIL})
    assert [p.format() for p in check(root)] == [
        "provinsi.yaml: berkas terlalu besar (2048 KB; batasnya 1024 KB). Pecah tulisan menjadi beberapa berkas "
        "atau pindahkan lampiran ke media/."]


# --- media bytes match their type --------------------------------------------------------------

def _zip(entries: list[tuple[str, bytes]], stored_first: bool = False) -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, (name, data) in enumerate(entries):
            archive.writestr(name, data, zipfile.ZIP_STORED if stored_first and index == 0 else zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def _ooxml(main: str, part: str) -> bytes:
    types = ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             f'<Override PartName="/{part}" ContentType="application/vnd.{main}"/></Types>')
    return _zip([("[Content_Types].xml", types.encode()), ("_rels/.rels", b"<Relationships/>"), (part, b"<x/>")])


def _odf(mimetype: str) -> bytes:
    return _zip([("mimetype", mimetype.encode()), ("content.xml", b"<office:document-content/>")], stored_first=True)


def _image(fmt: str) -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(buffer, fmt)
    return buffer.getvalue()


HTML = b"<!doctype html><html><body><script src=x.js></script></body></html>"
WORD = "openxmlformats-officedocument.wordprocessingml.document.main+xml"
EBML = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81\x04\x42\xf3\x81\x08\x42\x82\x84"
GOOD_MEDIA = {
    "laporan.pdf": b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n",
    "surat.docx": _ooxml(WORD, "word/document.xml"),
    "anggaran.xlsx": _ooxml("openxmlformats-officedocument.spreadsheetml.sheet.main+xml", "xl/workbook.xml"),
    "paparan.pptx": _ooxml("openxmlformats-officedocument.presentationml.presentation.main+xml",
                           "ppt/presentation.xml"),
    "notulen.odt": _odf("application/vnd.oasis.opendocument.text"),
    "data.ods": _odf("application/vnd.oasis.opendocument.spreadsheet"),
    "lama.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
    "lama.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
    "siaran.mp3": b"ID3\x03\x00\x00\x00\x00\x00\x00" + bytes(64),
    "siaran-tanpa-tag.mp3": b"\xff\xfb\x90\x64" + bytes(64),
    "siaran.m4a": b"\x00\x00\x00\x18ftypM4A \x00\x00\x00\x00M4A isom" + bytes(32),
    "vlog.mp4": b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2" + bytes(32),
    "siaran.ogg": b"OggS\x00\x02" + bytes(64),
    "vlog.webm": EBML + b"webm\x42\x87\x81\x04\x42\x85\x81\x02" + bytes(32),
    "arsip.zip": _zip([("a.txt", b"isi")]),
    "catatan.txt": "Jadwal ronda: Senin <Pak Budi>, Selasa 3 < 4.\n".encode(),
    "data.csv": "\ufeffnama;jumlah\nDesa Sumberrejo;12\n".encode(),
    "foto.png": _image("PNG"),
    "foto.webp": _image("WEBP"),
    "foto.avif": _image("AVIF"),
}
BAD_MEDIA = {
    "laporan.pdf": (HTML, "berkas ini bernama .pdf tetapi isinya bukan PDF, jadi tidak diterbitkan; simpan ulang dari "
                          "aplikasinya sebagai PDF (tanpa makro) lalu unggah lagi."),
    "surat.docx": (HTML, "bukan Word .docx"),
    "zip-biasa.docx": (_zip([("word/document.xml", b"<x/>")]), "bukan Word .docx"),
    "makro.docx": (_ooxml("ms-word.document.macroEnabled.main+xml", "word/document.xml"), "bukan Word .docx"),
    "anggaran.xlsx": (_ooxml(WORD, "word/document.xml"), "bukan Excel .xlsx"),
    "notulen.odt": (_odf("application/vnd.oasis.opendocument.spreadsheet"), "bukan OpenDocument .odt"),
    "tanpa-mimetype.odt": (_zip([("content.xml", b"<x/>")]), "bukan OpenDocument .odt"),
    "lama.doc": (_ooxml(WORD, "word/document.xml"), "bukan Word .doc"),
    "siaran.mp3": (HTML, "bukan MP3"),
    "siaran.m4a": (b"<html>" + bytes(32), "bukan M4A"),
    "siaran.ogg": (b"ID3\x03" + bytes(32), "bukan Ogg"),
    "mkv.webm": (EBML + b"matroska" + bytes(32), "bukan WebM"),
    "arsip.zip": (b"PK\x03\x04" + bytes(40), "bukan ZIP"),
    "foto.avif": (_image("JPEG"), "berkas ini bernama .avif tetapi isinya bukan gambar AVIF"),
    "foto.webp": (b"RIFF\x00\x00\x00\x00WAVEfmt ", "bukan gambar WebP"),
    "skrip.txt": (b"Halo\n<SCRIPT>alert(1)</script>\n", "berkas .txt ini berisi kode halaman web (`<SCRIPT`)"),
    "halaman.csv": (b"a,b\n< html>\n", "berkas .csv ini berisi kode halaman web (`< html`)"),
    "latin1.csv": ("nama\nSumberrejo\nKecamatan Purwosari Ibu Siti Mar\xeda\n".encode("latin-1"),
                   "berkas .csv ini bukan teks UTF-8 (baris 3)"),
    "biner.txt": (b"teks\x00biner", "berkas .txt ini berisi data biner"),
    "jauh.txt": (b"a" * (64 * 1024 - 3) + b"<script>", "berisi kode halaman web (`<script`)"),
}


@pytest.mark.parametrize("name", GOOD_MEDIA)
def test_media_whose_bytes_match_their_type_pass(tmp_path, name):
    from kimgen.content.filetypes import why_not

    path = tmp_path / name
    path.write_bytes(GOOD_MEDIA[name])
    assert why_not(path) is None


@pytest.mark.parametrize("name", BAD_MEDIA)
def test_media_whose_bytes_are_another_type_are_refused(tmp_path, name):
    from kimgen.content.filetypes import why_not

    data, expected = BAD_MEDIA[name]
    path = tmp_path / name
    path.write_bytes(data)
    assert expected in (why_not(path) or "")


def test_the_demo_provinces_media_all_match_their_type():
    from kimgen.content.filetypes import why_not

    media = [p for p in Path("content/kim").glob("*/media/**/*") if p.is_file()]
    assert media and {p.suffix for p in media} >= {".jpg", ".png", ".mp3"}
    assert [(p, why_not(p)) for p in media if why_not(p)] == []


# --- one markdown time budget per KIM and per build ---------------------------------------------

# Three paragraphs of 999 nested brackets: seconds of Python-Markdown's time, far beyond the small
# budgets these tests set, so every hostile post runs into its limit however fast the machine is.
HOSTILE = "\n\n".join(["[" * 999 + "x" + "]" * 999] * 3)


def _small_budgets(monkeypatch, kim: float, build_budget: float) -> None:
    import kimgen.content.markup as markup

    monkeypatch.setattr(markup, "FREE_SECONDS", 0.2)
    monkeypatch.setattr(markup, "KIM_BUDGET", kim)
    monkeypatch.setattr(markup, "BUILD_BUDGET", build_budget)


def test_hostile_posts_share_one_budget_per_kim(tmp_path, monkeypatch):
    _small_budgets(monkeypatch, kim=0.4, build_budget=1000)
    hostile = {f"{KIM}/berita/2024-12-0{i}-rumit.md": post(f"Rumit {i}", f"2024-12-0{i}", body=HOSTILE)
               for i in range(1, 5)}
    root = write_tree(tmp_path / "konten", {"provinsi.yaml": PROVINSI, f"{KIM}/profil.yaml": PROFIL, **hostile,
                                            f"{KIM}/berita/2024-12-11-biasa.md": post("Biasa")})
    found = [p for p in check(root) if p.level == "error"]
    assert sorted(p.path for p in found) == sorted(hostile)  # each was given what was left, not 10 s each
    assert {p.message for p in found} == {
        "waktu untuk mengolah tulisan KIM ini (0.4 detik untuk semua tulisan yang rumit) habis di tulisan ini, jadi "
        "tulisan ini belum diterbitkan; sederhanakan tulisan yang rumit (misalnya ribuan `[` atau `<` berturut-turut) "
        "atau pecah menjadi beberapa tulisan."}
    assert all(p.line == 5 for p in found)  # the body's first line
    result = build(root, tmp_path / "sites")
    assert sorted(p.path for p in result.errors) == sorted(hostile)
    assert (tmp_path / "sites/kim-sumber-rejeki/berita/biasa/index.html").is_file()  # ordinary posts still built


def test_hostile_kims_share_one_budget_per_build(tmp_path, monkeypatch):
    _small_budgets(monkeypatch, kim=0.4, build_budget=0.6)
    other = "kim/kim-tetangga"
    files = {"provinsi.yaml": PROVINSI, f"{KIM}/profil.yaml": PROFIL,
             f"{other}/profil.yaml": PROFIL.replace("KIM Sumber Rejeki", "KIM Tetangga"),
             f"{other}/berita/2024-12-11-biasa.md": post("Kabar Tetangga")}
    for kim in (KIM, other):
        files.update({f"{kim}/berita/2024-12-0{i}-rumit.md": post(f"Rumit {i}", f"2024-12-0{i}", body=HOSTILE)
                      for i in (1, 2)})
    root = write_tree(tmp_path / "konten", files)
    found = {p.path: p.message for p in check(root) if p.level == "error"}
    assert sorted(found) == sorted(k for k in files if "rumit" in k)
    # the first KIM read spends its own budget; the next finds the build's spent too
    assert all(found[f"{KIM}/berita/2024-12-0{i}-rumit.md"].startswith("waktu untuk mengolah tulisan KIM ini (0.4")
               for i in (1, 2))
    assert all(found[f"{other}/berita/2024-12-0{i}-rumit.md"].startswith(
        "waktu untuk mengolah tulisan yang rumit di seluruh provinsi (0.6 detik) habis di tulisan ini")
        for i in (1, 2))
    result = build(root, tmp_path / "sites", jobs=1)
    assert sorted(p.path for p in result.errors) == sorted(found)
    assert "Kabar Tetangga" in (tmp_path / "sites/kim-tetangga/berita/biasa/index.html").read_text()


# --- hosting headers ---------------------------------------------------------------------------

def test_the_hosting_docs_send_the_themes_csp_nosniff_and_a_referrer_policy(site):
    import re

    _, _, out = site()
    page = (out / "kim-sumber-rejeki/index.html").read_text()
    meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page).group(1)
    readme = (Path(__file__).parent.parent / "README.md").read_text()
    for server, directive in (("nginx", "add_header"), ("apache", "Header always set")):
        block = re.search(rf"```{server}\n(.*?)```", readme, re.S).group(1)
        headers = dict(re.findall(rf'{directive} ([\w-]+) "([^"]+)"', block))
        assert headers["X-Content-Type-Options"] == "nosniff", server
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin", server
        # the theme's policy, and frame-ancestors, which only a header can carry
        assert headers["Content-Security-Policy"] == meta + "; frame-ancestors 'self'", server
