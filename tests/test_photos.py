"""Phone photos as they are: big JPEGs and HEIC accepted, resized without EXIF/GPS, never published
as the original; decompression bombs and broken uploads refused with a message naming the file."""

from __future__ import annotations

import io
import random
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image, ImageFile

from conftest import PROFIL, PROVINSI, invoke, messages, post
from linkcheck import broken_links
from kimgen.build import build
from kimgen.config.settings import Province
from kimgen.content import photos
from kimgen.render.images import ImageFailed, ImageProcessor

KIM = "kim/kim-sumber-rejeki"
OUT = "kim-sumber-rejeki"
B = f"{KIM}/berita"
GPS = {1: "S", 2: (7.0, 39.0, 0.0), 3: "E", 4: (112.0, 44.0, 0.0)}
XMP = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
       b'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="7,39.0S"/>'
       b"</rdf:RDF></x:xmpmeta>")


def camera_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x0110] = "PhoneModel X"
    exif[0x8825] = GPS
    return exif


def big_jpeg() -> bytes:
    """Over 12 MB, as a 4:4:4 high-quality phone JPEG of a busy scene is, with GPS in its EXIF."""
    noise = random.Random(15).randbytes(2800 * 2100 * 3)
    buffer = io.BytesIO()
    Image.frombytes("RGB", (2800, 2100), noise).save(buffer, "JPEG", quality=95, subsampling=0,
                                                     exif=camera_exif())
    return buffer.getvalue()


def heic(width=1200, height=900) -> bytes:
    """What an iPhone saves: HEIC with the camera, the place (EXIF GPS) and XMP."""
    photos.pillow()  # registers the HEIF plugin
    image = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, "HEIF", quality=60, exif=camera_exif(), xmp=XMP)
    return buffer.getvalue()


def small_jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.linear_gradient("L").resize((800, 600)).convert("RGB").save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def bomb_png(width: int, height: int) -> bytes:
    """A valid 1-bit PNG of width x height white pixels: 30000 x 30000 is about 110 KB on disk and
    900 megapixels (over 2.7 GB as RGB) once decoded."""
    row = b"\x00" * (1 + (width + 7) // 8)
    packer = zlib.compressobj(9)
    data = b"".join(packer.compress(row * 1000) for _ in range(height // 1000))
    data += packer.compress(row * (height % 1000)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", data) + png_chunk(b"IEND", b"")


def png_with_bad_pixels() -> bytes:
    """Every chunk's checksum right, but the pixel data is not a zlib stream: only decoding finds it."""
    header = struct.pack(">IIBBBBB", 64, 48, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", b"\x78\x9c" + bytes(range(200)))
            + png_chunk(b"IEND", b""))


def published(out: Path) -> list[str]:
    return sorted(p.relative_to(out).as_posix() for p in (out / OUT).rglob("*") if p.is_file())


@pytest.fixture
def decoded(monkeypatch) -> list[tuple[int, int]]:
    """The size of every image whose pixels get decoded."""
    sizes: list[tuple[int, int]] = []
    real = ImageFile.ImageFile.load

    def load(self):
        sizes.append(self.size)
        return real(self)

    monkeypatch.setattr(ImageFile.ImageFile, "load", load)
    return sizes


# -- phone photos as they are -------------------------------------------------------------------

def test_a_12_mb_jpeg_and_a_heic_with_gps_are_published_resized_without_exif(site):
    jpeg, iphone = big_jpeg(), heic()
    assert len(jpeg) > 12 * 1024 * 1024 and Province.__dataclass_fields__["batas_foto_kb"].default >= 25 * 1024
    root, result, out = site({
        f"{B}/2024-12-11-panen.md": post("Panen Raya", gambar="media/panen.jpg",
                                         body="![Petani di sawah](../media/iphone.heic)"),
        f"{KIM}/media/panen.jpg": jpeg,
        f"{KIM}/media/iphone.heic": iphone})
    assert messages(result) == [] and result.built == [OUT]
    files = published(out)
    assert not [f for f in files if f.endswith((".heic", "/panen.jpg"))]  # the originals never leave the server
    variants = [f for f in files if "/media/_/" in f]
    assert sorted(f.split("/")[-1].split(".")[0] for f in variants) == [
        "iphone-1200", "iphone-1200", "iphone-480", "iphone-480", "iphone-960", "iphone-960",
        "panen-1600", "panen-1600", "panen-480", "panen-480", "panen-960", "panen-960"]
    for rel in variants:
        data = (out / rel).read_bytes()
        with Image.open(out / rel) as image:
            assert image.format in ("WEBP", "JPEG")
            assert dict(image.getexif()) == {} and image.getexif().get_ifd(0x8825) == {}
            assert "exif" not in image.info and "xmp" not in image.info, rel
        assert b"PhoneMaker" not in data and b"GPSLatitude" not in data and b"Exif\x00\x00" not in data
    page = (out / OUT / "berita/panen/index.html").read_text(encoding="utf-8")
    assert 'alt="Petani di sawah"' in page and "media/_/iphone-960." in page and "iphone.heic" not in page
    assert broken_links(out) == []
    assert invoke(["check", str(root)]).exit_code == 0


def test_an_unused_heic_is_fine_and_an_unused_exe_is_a_warning(site):
    root, result, out = site({f"{B}/2024-12-11-a.md": post("A"),
                              f"{KIM}/media/IMG_0001.heic": heic(640, 480),
                              f"{KIM}/media/alat.exe": b"MZ\x90\x00" + b"\x00" * 60})
    assert messages(result) == [
        f"{KIM}/media/alat.exe: peringatan: jenis berkas `.exe` tidak boleh diunggah ke media/ (bisa berisi skrip "
        "atau tidak dikenal). Yang boleh: foto (.jpg, .png, .webp, .heic, .gif), dokumen (.pdf, .docx, .xlsx, ...), "
        "audio dan video. Berkas ini tidak diterbitkan."]
    assert result.errors == [] and result.built == [OUT]
    files = published(out)
    assert f"{OUT}/berita/a/index.html" in files
    assert not [f for f in files if f.endswith((".exe", ".heic"))]
    checked = invoke(["check", str(root)])
    assert checked.exit_code == 0 and f"{KIM}/media/alat.exe: peringatan: jenis berkas `.exe`" in checked.output


def test_a_post_that_uses_a_file_that_may_not_be_published_has_the_error(site):
    _, result, out = site({f"{B}/2024-12-11-a.md": post("A", body="Unduh [alatnya](../media/alat.exe)."),
                           f"{B}/2024-12-10-b.md": post("B", "2024-12-10"),
                           f"{KIM}/media/alat.exe": b"MZ\x90\x00"})
    assert [p.format() for p in result.errors] == [
        f"{B}/2024-12-11-a.md:5: tautan `../media/alat.exe` tidak bisa dipakai karena berkasnya tidak diterbitkan: "
        "jenis berkas `.exe` tidak boleh diunggah ke media/ (bisa berisi skrip atau tidak dikenal). Yang boleh: "
        "foto (.jpg, .png, .webp, .heic, .gif), dokumen (.pdf, .docx, .xlsx, ...), audio dan video."]
    files = published(out)
    assert f"{OUT}/berita/b/index.html" in files and f"{OUT}/berita/a/index.html" not in files
    assert not [f for f in files if f.endswith(".exe")]


def test_photos_have_their_own_size_limit_and_documents_keep_theirs(site):
    _, result, out = site({"provinsi.yaml": PROVINSI + "batas_foto_kb: 20\nbatas_media_kb: 1\n",
                           f"{KIM}/media/kecil.jpg": small_jpeg(),
                           f"{KIM}/media/besar.jpg": big_jpeg()[:40 * 1024],
                           f"{KIM}/media/jadwal.pdf": b"%PDF-1.4\n" + b"0" * 2048})
    assert messages(result) == [
        f"{KIM}/media/besar.jpg: peringatan: foto terlalu besar (40 KB; batasnya 20 KB). Perkecil fotonya "
        "(misalnya lebar 1600 piksel) lalu unggah ulang. Berkas ini tidak diterbitkan.",
        f"{KIM}/media/jadwal.pdf: peringatan: berkas media terlalu besar (2 KB; batasnya 1 KB). Perkecil berkasnya "
        "(misalnya simpan ulang PDF dengan ukuran lebih kecil) atau bagi menjadi beberapa berkas. "
        "Berkas ini tidak diterbitkan."]
    assert [f for f in published(out) if "/media/" in f and "kecil" in f]  # within its limit: resized, published


# -- decompression bombs ------------------------------------------------------------------------

BOMB_WORDS = ("melebihi batas 100 megapiksel (foto ponsel biasanya 12 sampai 50 megapiksel). Berkas seperti ini "
              "bisa melumpuhkan server saat dibuka, jadi tidak diolah. Perkecil fotonya (misalnya lebar 1600 piksel) "
              "lalu unggah ulang.")


def test_a_decompression_bomb_is_refused_by_name_without_decoding_and_blocks_nothing(site, decoded):
    other = "kim/kim-lain"
    root, result, out = site({
        f"{B}/2024-12-11-bom.md": post("Bom", gambar="media/bom.png"),
        f"{B}/2024-12-10-baik.md": post("Baik", "2024-12-10", gambar="media/baik.jpg"),
        f"{KIM}/media/bom.png": bomb_png(30000, 30000),
        f"{KIM}/media/baik.jpg": small_jpeg(),
        f"{other}/profil.yaml": PROFIL.replace("Sumber Rejeki", "Lain"),
        f"{other}/berita/2024-12-09-kabar.md": post("Kabar", "2024-12-09")}, jobs=1)  # decoding seen here
    assert [p.format() for p in result.errors] == [
        f"{B}/2024-12-11-bom.md:4: gambar: gambar `media/bom.png` tidak bisa dipakai karena berkasnya tidak "
        f"diterbitkan: foto ini berukuran 900 megapiksel, {BOMB_WORDS}"]
    assert f"{KIM}/media/bom.png: peringatan: foto ini berukuran 900 megapiksel, {BOMB_WORDS} " \
           "Berkas ini tidak diterbitkan." in messages(result)
    assert sorted(result.built) == ["kim-lain", OUT]
    files = published(out)
    assert f"{OUT}/berita/baik/index.html" in files and f"{OUT}/berita/bom/index.html" not in files
    assert not [f for f in files if "bom" in f.split("/")[-1]]
    assert (out / "kim-lain/berita/kabar/index.html").is_file()
    assert max(w * h for w, h in decoded) < photos.PIXEL_BUDGET  # only the good photo was decoded
    checked = invoke(["check", str(root)])
    assert checked.exit_code == 1 and f"{B}/2024-12-11-bom.md:4: gambar: gambar `media/bom.png`" in checked.output


def test_pixels_over_the_budget_are_refused_from_the_header_even_at_render_time(tmp_path, decoded):
    """13000 x 13000 is where Pillow itself only warns: decoding it took 18 s and 1.45 GB."""
    source = tmp_path / "besar.png"
    source.write_bytes(bomb_png(13000, 13000))
    assert photos.why_not(source) == f"foto ini berukuran 13000 x 13000 piksel (169 megapiksel), {BOMB_WORDS}"
    with pytest.raises(ImageFailed) as failed:
        ImageProcessor(tmp_path / "cache").process(source, "kim-a/media/besar.png")
    assert str(failed.value) == f"foto ini berukuran 13000 x 13000 piksel (169 megapiksel), {BOMB_WORDS}"
    assert decoded == []


# -- photos that cannot be decoded --------------------------------------------------------------

TRUNCATED = ("foto ini terpotong: isinya berhenti di tengah (biasanya karena unggahan terputus), jadi tidak bisa "
             "dibuka. Unggah ulang foto aslinya dari ponsel atau kamera.")
BROKEN = ("foto ini rusak atau terpotong (misalnya unggahan yang terputus) dan tidak bisa dibuka. Unggah ulang "
          "foto aslinya dari ponsel atau kamera.")


def test_a_truncated_jpeg_is_an_error_for_its_post_in_check_and_build_and_never_published(site):
    photo = small_jpeg()
    root, result, out = site({f"{B}/2024-12-11-rapat.md": post("Rapat", body="![Rapat](../media/rapat.jpg)"),
                              f"{B}/2024-12-10-lain.md": post("Lain", "2024-12-10"),
                              f"{KIM}/media/rapat.jpg": photo[: len(photo) * 2 // 3]})
    expected = (f"{B}/2024-12-11-rapat.md:5: gambar `../media/rapat.jpg` tidak bisa dipakai karena berkasnya "
                f"tidak diterbitkan: {TRUNCATED}")
    assert [p.format() for p in result.errors] == [expected]
    assert f"{KIM}/media/rapat.jpg: peringatan: {TRUNCATED} Berkas ini tidak diterbitkan." in messages(result)
    files = published(out)
    assert f"{OUT}/berita/lain/index.html" in files and f"{OUT}/berita/rapat/index.html" not in files
    assert not [f for f in files if "rapat" in f.split("/")[-1]]
    checked = invoke(["check", str(root)])
    assert checked.exit_code == 1 and expected in checked.output
    # the upload is done again: the post is published, with its photo resized
    (root / KIM / "media/rapat.jpg").write_bytes(photo)
    again = build(root, out)
    assert again.errors == [] and (out / OUT / "berita/rapat/index.html").is_file()
    assert [f for f in published(out) if "/media/_/rapat-800." in f]


def test_a_photo_broken_under_a_published_post_keeps_its_last_page_without_a_broken_link(site):
    root, first, out = site({f"{B}/2024-12-11-rapat.md": post("Rapat", gambar="media/rapat.jpg",
                                                              body="![Rapat](../media/rapat.jpg)"),
                             f"{KIM}/media/rapat.jpg": small_jpeg()})
    assert first.errors == [] and (out / OUT / "berita/rapat/index.html").is_file()
    (root / KIM / "media/rapat.jpg").write_bytes(small_jpeg()[:3000])  # replaced by an interrupted upload
    result = build(root, out)
    assert [p.path for p in result.errors] == [f"{B}/2024-12-11-rapat.md", f"{B}/2024-12-11-rapat.md"]
    assert (out / OUT / "berita/rapat/index.html").is_file()  # its last good version stays
    assert not (out / OUT / "media/rapat.jpg").exists()
    assert broken_links(out) == []


def test_a_photo_that_fails_only_when_decoded_holds_its_post_back_and_is_never_published(site):
    root, result, out = site({f"{B}/2024-12-11-a.md": post("A", gambar="media/rusak.png"),
                              f"{B}/2024-12-10-b.md": post("B", "2024-12-10"),
                              f"{KIM}/media/rusak.png": png_with_bad_pixels()})
    assert invoke(["check", str(root)]).exit_code == 0  # its headers and checksums are right
    assert [p.format() for p in result.errors] == [
        f"{B}/2024-12-11-a.md:4: gambar: gambar `media/rusak.png` tidak bisa dipakai karena berkasnya tidak "
        f"diterbitkan: {BROKEN}"]
    assert f"{KIM}/media/rusak.png: peringatan: {BROKEN} Berkas ini tidak diterbitkan." in messages(result)
    assert result.built == [OUT]
    files = published(out)
    assert f"{OUT}/berita/b/index.html" in files and f"{OUT}/berita/a/index.html" not in files
    assert not [f for f in files if "rusak" in f]
    assert broken_links(out) == []


# -- the checks of the bytes, one by one --------------------------------------------------------

def encoded(fmt: str, **options) -> bytes:
    photos.pillow()
    buffer = io.BytesIO()
    Image.linear_gradient("L").resize((640, 480)).convert("RGB").save(buffer, fmt, **options)
    return buffer.getvalue()


@pytest.mark.parametrize("name, make, expected", [
    ("utuh.jpg", lambda: encoded("JPEG"), None),
    ("gerak.jpg", lambda: encoded("JPEG") + b"\x00\x00\x00\x18ftypmp42" + b"\x01" * 4000, None),  # motion photo
    ("potong.jpg", lambda: encoded("JPEG")[:-200], TRUNCATED),
    ("utuh.png", lambda: encoded("PNG"), None),
    ("potong.png", lambda: encoded("PNG")[:-300], BROKEN),
    ("utuh.webp", lambda: encoded("WEBP"), None),
    ("potong.webp", lambda: encoded("WEBP")[:-50], TRUNCATED),
    ("utuh.heic", lambda: encoded("HEIF"), None),
    ("potong.heic", lambda: encoded("HEIF")[:-50], TRUNCATED),
    ("heic-bernama.jpg", lambda: encoded("HEIF"), None),  # only resized copies are published: any photo will do
    ("halaman.jpg", lambda: b"<html><script>alert(1)</script></html>",
     "berkas ini bernama .jpg tetapi isinya bukan gambar JPEG; unggah ulang foto aslinya dari ponsel atau kamera."),
    ("animasi.gif", lambda: encoded("PNG"),
     "berkas ini bernama .gif tetapi isinya bukan gambar GIF; unggah ulang foto aslinya dari ponsel atau kamera."),
])
def test_the_bytes_of_a_photo_are_checked_without_decoding(tmp_path, decoded, name, make, expected):
    path = tmp_path / name
    path.write_bytes(make())
    assert photos.why_not(path) == expected
    assert decoded == []


def test_heic_is_read_through_pillow_heif_a_dependency_never_skipped():
    assert Image.open(io.BytesIO(heic(64, 48))).format == "HEIF"
