"""Responsive photos: resized, rotated upright, EXIF/GPS stripped, cached, originals withheld."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image

from conftest import post
from linkcheck import broken_links
from kimgen.render.images import ImageProcessor, widths_for

KIM = "kim/kim-sumber-rejeki"
OUT = "kim-sumber-rejeki"


def phone_photo(width=2000, height=1500, orientation=6) -> bytes:
    """A JPEG as phones write it: landscape pixels, 'rotate 90°' and a GPS position in EXIF."""
    image = Image.new("RGB", (width, height), (200, 120, 40))
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "S", 2: (7.0, 39.0, 0.0), 3: "E", 4: (112.0, 44.0, 0.0)}  # GPS IFD
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, quality=90)
    return buffer.getvalue()


def logo() -> bytes:
    image = Image.new("RGBA", (256, 256), (0, 0, 0, 0))
    image.paste((11, 110, 79, 255), (40, 40, 216, 216))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


FILES = {
    f"{KIM}/profil.yaml": "nama: KIM Sumber Rejeki\ndesa: Sumberrejo\nkecamatan: Purwosari\n"
                          "kabupaten: Kabupaten Pasuruan\nlogo: media/logo.png\n",
    f"{KIM}/berita/2024-12-11-posyandu.md": post(
        "Posyandu", "2024-12-11", gambar="media/posyandu.jpg",
        body="![Kader menimbang balita](../media/posyandu.jpg)\n\n[Unduh foto](../media/posyandu.jpg) dan "
             "[jadwal](../media/jadwal.pdf)."),
    f"{KIM}/berita/2024-12-01-lain.md": post("Kabar Lain", "2024-12-01", gambar="media/posyandu.jpg"),
    f"{KIM}/media/posyandu.jpg": phone_photo(),
    f"{KIM}/media/logo.png": logo(),
    f"{KIM}/media/jadwal.pdf": b"%PDF-1.4 jadwal posyandu",
}


def variants(out, stem):
    return sorted((out / OUT / "media" / "_").glob(f"{stem}-*"))


def test_photo_is_published_upright_at_three_widths_without_exif(site):
    _, result, out = site(FILES)
    assert result.errors == []
    names = [p.name for p in variants(out, "posyandu")]
    widths = sorted({int(re.match(r"posyandu-(\d+)\.", n).group(1)) for n in names})
    assert widths == [480, 960, 1500]  # rotated to 1500x2000 portrait; never upscaled to 1600
    assert {n.rsplit(".", 1)[1] for n in names} == {"webp", "jpg"} and len(names) == 6
    for path in variants(out, "posyandu"):
        with Image.open(path) as image:
            assert image.height > image.width  # EXIF orientation applied to the pixels
            assert dict(image.getexif()) == {}  # no camera data, no GPS
            assert b"PhoneMaker" not in path.read_bytes()
    assert not (out / OUT / "media" / "posyandu.jpg").exists()  # the original (with GPS) is withheld
    assert (out / OUT / "media" / "jadwal.pdf").read_bytes() == b"%PDF-1.4 jadwal posyandu"
    assert broken_links(out) == []


def test_transparent_logo_keeps_png_and_its_size(site):
    _, _, out = site(FILES)
    assert [p.name.split(".")[0] + "." + p.suffix[1:] for p in variants(out, "logo")] == ["logo-256.png", "logo-256.webp"]
    home = (out / OUT / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<img src="media/_/logo-256\.\w{8}\.png" srcset="media/_/logo-256\.\w{8}\.png 256w" '
                     r'sizes="40px" width="40" height="40" alt="">', home)


def test_post_page_uses_picture_with_webp_jpeg_sizes_and_lazy_body_images(site):
    _, _, out = site(FILES)
    html = (out / OUT / "berita/posyandu/index.html").read_text(encoding="utf-8")
    pictures = re.findall(r"<picture>.*?</picture>", html)
    cover, body = pictures[1], pictures[2]  # the first is the header logo
    assert '<source type="image/webp" srcset="../../media/_/posyandu-480.' in cover
    assert re.search(r'srcset="[^"]+posyandu-480\.\w{8}\.jpg 480w, [^"]+-960\.\w{8}\.jpg 960w, '
                     r'[^"]+-1500\.\w{8}\.jpg 1500w"', cover)
    assert 'class="cover"' in cover and 'width="1500" height="2000"' in cover and "loading" not in cover
    assert 'alt="Kader menimbang balita"' in body and 'loading="lazy"' in body
    assert 'sizes="(min-width: 46rem) 44rem, 100vw"' in body
    # A link to the original photo downloads the largest published variant instead.
    assert re.search(r'<a href="../../media/_/posyandu-1500\.\w{8}\.jpg" rel="noopener">Unduh foto</a>', html)
    og = re.search(r'<meta property="og:image" content="([^"]+)">', html).group(1)
    assert re.fullmatch(r"https://kim\.example\.go\.id/kim-sumber-rejeki/media/_/posyandu-1500\.\w{8}\.jpg", og)
    listing = (out / OUT / "berita/index.html").read_text(encoding="utf-8")
    assert 'class="thumb"' in listing and 'sizes="(min-width: 46rem) 22rem, 100vw"' in listing


@pytest.mark.parametrize("width, expected", [(4000, [480, 960, 1600]), (1600, [480, 960, 1600]),
                                             (1200, [480, 960, 1200]), (700, [480, 700]), (256, [256])])
def test_widths_are_never_upscaled_nor_repeated(width, expected):
    assert widths_for(width) == expected


def test_variants_are_cached_by_content_and_reused(tmp_path):
    source = tmp_path / "foto.jpg"
    source.write_bytes(phone_photo(1200, 900, orientation=1))
    first = ImageProcessor(tmp_path / "cache")
    made = first.process(source, "kim-a/media/foto.jpg")
    assert first.made == 6 and first.reused == 0
    again = ImageProcessor(tmp_path / "cache")
    same = again.process(source, "kim-a/media/foto.jpg")
    assert again.made == 0 and again.reused == 6
    assert [v.path for v in same.webp] == [v.path for v in made.webp]
    source.write_bytes(phone_photo(1200, 900, orientation=3))  # a new photo under the same name
    changed = ImageProcessor(tmp_path / "cache").process(source, "kim-a/media/foto.jpg")
    assert changed.webp[0].path != made.webp[0].path


def test_build_writes_the_variants_to_its_cache_and_a_rebuild_reuses_them(site, tmp_path):
    root, _, out = site(FILES, cache_dir=tmp_path / "cache")
    cached = sorted((tmp_path / "cache" / "img").glob("*.webp"))
    assert len(cached) == 4  # 3 widths of the photo + 1 of the logo
    stamps = [p.stat().st_mtime_ns for p in cached]
    from kimgen.build import build
    build(root, out.parent / "again", cache_dir=tmp_path / "cache")
    assert [p.stat().st_mtime_ns for p in cached] == stamps


def test_a_png_that_pillow_cannot_read_is_never_published_as_it_is(site, monkeypatch):
    """Broken photos in detail: test_photos.py. Here: whatever Pillow raises, the KIM is built, the
    post using the photo is held back with the error, and the file is not copied to the site."""
    def broken_png(*args, **kwargs):
        raise SyntaxError("broken PNG file")  # what Pillow raises for some damaged PNG chunks

    monkeypatch.setattr(Image, "open", broken_png)
    _, result, out = site({f"{KIM}/media/rusak.png": logo(),
                           f"{KIM}/berita/2024-12-11-a.md": post("A", "2024-12-11", gambar="media/rusak.png"),
                           f"{KIM}/berita/2024-12-10-b.md": post("B", "2024-12-10")})
    assert [(p.path, p.field) for p in result.errors] == [(f"{KIM}/berita/2024-12-11-a.md", "gambar")]
    assert result.built == ["kim-sumber-rejeki"] and (out / OUT / "berita/b/index.html").is_file()
    assert not (out / OUT / "media/rusak.png").exists()
    assert broken_links(out) == []


def test_a_photo_replaced_under_its_name_is_shown_anew_on_the_portal(site):
    """Variant names carry the photo's content hash: the portal pages that show a replaced cover
    photo are made again, never left pointing at the variants the KIM no longer publishes."""
    from kimgen.build import build

    root, _, out = site(FILES)
    portal = (out / "index.html").read_text(encoding="utf-8")
    assert re.search(r"kim-sumber-rejeki/media/_/posyandu-480\.\w{8}\.jpg", portal)
    (root / KIM / "media/posyandu.jpg").write_bytes(phone_photo(width=1800))
    result = build(root, out)
    assert result.built == ["kim-sumber-rejeki"] and result.portal == "built"
    assert broken_links(out) == []
    clean = out.parent / "clean"
    build(root, clean, cache_dir=out.parent / "clean-cache")
    assert (out / "index.html").read_bytes() == (clean / "index.html").read_bytes()
