"""Photo albums: galeri/ posts (and a galeri: list in any post), the album grid, one page per photo."""

from __future__ import annotations

import io
import re
from xml.etree import ElementTree as ET

from PIL import Image

from conftest import messages, post

KIM = "kim/kim-sumber-rejeki"
S = "kim-sumber-rejeki"


def jpeg(colour: str, size=(900, 600)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG", quality=60)
    return buffer.getvalue()


ALBUM = """\
---
judul: Lomba Agustusan
tanggal: 2024-08-17
ringkasan: Lomba rakyat di lapangan desa.
galeri:
  - gambar: media/agustus/1.jpg
    keterangan: Upacara bendera
  - gambar: media/agustus/2.jpg
    keterangan: Balap <b>karung</b>
  - media/agustus/3.jpg
---
Lomba rakyat sampai sore.
"""


def album_files(**extra) -> dict:
    files = {f"{KIM}/media/agustus/{n}.jpg": jpeg(c) for n, c in ((1, "red"), (2, "white"), (3, "green"))}
    files[f"{KIM}/galeri/2024-08-17-lomba-agustusan.md"] = ALBUM
    files.update(extra)
    return files


def test_an_album_gets_a_grid_page_and_one_page_per_photo(site):
    _, result, out = site(album_files())
    assert messages(result) == []
    album = (out / f"{S}/galeri/lomba-agustusan/index.html").read_text()
    grid = album.split('<ul class="grid">')[1].split("</ul>")[0]
    links = re.findall(r'<li><a href="([^"]+)"><picture>', grid)
    assert links == ["foto/1/", "foto/2/", "foto/3/"]
    # captions are the photos' alt text (escaped); a photo without one says which photo of which album it is
    assert 'alt="Upacara bendera"' in grid and 'alt="Balap &lt;b&gt;karung&lt;/b&gt;"' in grid
    assert 'alt="Foto 3: Lomba Agustusan"' in grid
    assert all(re.search(r'width="\d+" height="\d+"', tag) for tag in re.findall(r"<img [^>]+>", grid))
    assert "(3 foto)" in album
    photo = (out / f"{S}/galeri/lomba-agustusan/foto/2/index.html").read_text()
    assert "<h1>Lomba Agustusan</h1>" in photo
    assert "Foto 2 dari 3" in photo and "Balap &lt;b&gt;karung&lt;/b&gt;" in photo
    assert 'href="../1/" rel="prev"' in photo and 'href="../3/" rel="next"' in photo
    assert 'href="../../">← Kembali ke album</a>' in photo
    # full width: the whole srcset up to the largest variant, eager (it is the page)
    img = re.search(r'<figure class="full">\s*<picture>.*?<img ([^>]+)>', photo, re.S).group(1)
    assert 'sizes="100vw"' in img and "loading" not in img and "-900." in img
    assert "<script" not in photo  # usable with JavaScript off: plain pages and links


def test_albums_are_listed_on_the_gallery_page_the_home_and_the_feed(site):
    _, result, out = site(album_files())
    assert messages(result) == []
    listing = (out / f"{S}/galeri/index.html").read_text()
    assert '<a href="lomba-agustusan/">' in listing and "3 foto" in listing
    home = (out / f"{S}/index.html").read_text()
    assert '<h2>Galeri Kegiatan</h2>' in home and 'href="galeri/lomba-agustusan/"' in home
    assert 'href="galeri/">Galeri</a>' in home.split("</nav>")[0]  # in the menu, next to Berita
    feed = ET.parse(out / f"{S}/feed.xml").getroot()
    item = next(i for i in feed.iter("item") if i.findtext("title") == "Lomba Agustusan")
    body = item.findtext("{http://purl.org/rss/1.0/modules/content/}encoded")
    assert body.count("<img src=\"https://kim.example.go.id/kim-sumber-rejeki/media/_/") == 3
    assert 'alt="Upacara bendera"' in body


def test_a_folder_gives_every_photo_in_it_in_name_order(site):
    files = {f"{KIM}/media/panen/{name}": jpeg("orange") for name in ("IMG_02.jpg", "IMG_01.jpg", "catatan.pdf")}
    files[f"{KIM}/media/panen/catatan.pdf"] = b"%PDF-1.4\n"
    files[f"{KIM}/galeri/2024-07-01-panen.md"] = post("Panen", "2024-07-01", galeri="[media/panen/]")
    _, result, out = site(files)
    assert messages(result) == []
    album = (out / f"{S}/galeri/panen/index.html").read_text()
    assert re.findall(r"img-0(\d)-480\.\w{8}\.webp", album) == ["1", "2"]
    assert (out / f"{S}/galeri/panen/foto/2/index.html").is_file()
    assert not (out / f"{S}/galeri/panen/foto/3").exists()


def test_any_post_can_carry_a_gallery(site):
    files = album_files()
    files[f"{KIM}/berita/2024-08-18-kerja-bakti.md"] = post(
        "Kerja Bakti", "2024-08-18", gambar="media/agustus/1.jpg", galeri="[media/agustus/2.jpg, media/agustus/3.jpg]")
    _, result, out = site(files)
    assert messages(result) == []
    html = (out / f"{S}/berita/kerja-bakti/index.html").read_text()
    assert 'class="cover"' in html and '<ul class="grid">' in html and "(2 foto)" in html
    assert (out / f"{S}/berita/kerja-bakti/foto/2/index.html").is_file()


def test_a_missing_photo_or_an_empty_album_is_an_error_naming_the_line(site):
    files = album_files()
    files[f"{KIM}/galeri/2024-08-17-lomba-agustusan.md"] = ALBUM.replace("media/agustus/3.jpg", "media/agustus/9.jpg")
    files[f"{KIM}/galeri/2024-09-01-kosong.md"] = post("Album Kosong", "2024-09-01", galeri="[media/tidak-ada/]")
    files[f"{KIM}/galeri/2024-09-02-tanpa.md"] = post("Tanpa Foto", "2024-09-02")
    _, result, _ = site(files)
    errors = sorted(p.format() for p in result.errors)
    assert any(e.startswith(f"{KIM}/galeri/2024-08-17-lomba-agustusan.md:10: galeri: ") and "9.jpg" in e
               for e in errors), errors
    assert f"{KIM}/galeri/2024-09-01-kosong.md:4: galeri: foto `media/tidak-ada/` tidak ditemukan di media/ KIM " \
           "ini (atau bukan .jpg, .png, .webp, .heic); unggah fotonya lalu tulis misalnya " \
           "`- gambar: media/album/foto-1.jpg`." in errors
    assert any(e.startswith(f"{KIM}/galeri/2024-09-02-tanpa.md:1: galeri: ") for e in errors), errors


def test_a_photo_outside_the_kims_folder_is_refused(site):
    files = album_files()
    files["kim/kim-lain/profil.yaml"] = "nama: KIM Lain\ndesa: Lain\nkecamatan: Lain\nkabupaten: Kota Malang\n"
    files["kim/kim-lain/media/rahasia.jpg"] = jpeg("black")
    files[f"{KIM}/galeri/2024-09-03-curi.md"] = post("Curi", "2024-09-03", galeri="[../kim-lain/media/rahasia.jpg]")
    _, result, out = site(files)
    assert [p.field for p in result.errors if "curi" in p.path] == ["galeri"]
    assert not (out / f"{S}/galeri/curi").exists()


def test_a_big_album_is_split_into_pages_under_the_budget(site):
    files = {f"{KIM}/media/besar/{n:03d}.jpg": jpeg("blue", (500, 300)) for n in range(60)}
    files[f"{KIM}/galeri/2024-10-01-besar.md"] = post("Album Besar", "2024-10-01", galeri="[media/besar/]")
    _, result, out = site(files)
    assert messages(result) == []
    first = (out / f"{S}/galeri/besar/index.html").read_text()
    second = (out / f"{S}/galeri/besar/halaman/2/index.html").read_text()
    assert first.count('<li><a href="foto/') == 48 and second.count('<li><a href="../../foto/') == 12
    assert "Halaman 2 dari 2" in second and len(first.encode()) < 50 * 1024
    assert (out / f"{S}/galeri/besar/foto/60/index.html").is_file()
