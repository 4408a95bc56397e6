"""Responsive photos: phone photos resized at build time, cached by content hash.

A KIM admin uploads 4000x3000 phone photos of several MB (JPEG, PNG, WebP, or HEIC
from an iPhone); a reader on a cheap phone over 3G must not download them. Each
photo is published as a few widths in WebP with a JPEG (or PNG, when it has
transparency) fallback, with EXIF orientation applied and every EXIF field (GPS
above all) left out.

The originals are NEVER published, not even when they cannot be decoded: they
carry the photographer's GPS position and camera data, and the largest variant
(up to 1600 px) is good enough to download or print. Links and og:image that name
an original are pointed at that largest variant (`Renderer.aliases`), so nothing
breaks. What may be decoded at all (pixel budget, whole file) is decided from the
headers by content/photos.py, at read time and again here.

Resizing is the slow part of a nightly build, so every variant is kept in a
cache folder keyed by the original's content hash, the width, the format and
the encoder settings; a nightly build only resizes new or changed photos.
"""

from __future__ import annotations

import hashlib
import html
import io
import os
import posixpath
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kimgen.content import photos
from kimgen.problems.messages import msg

if TYPE_CHECKING:  # Pillow is imported where pixels are decoded: a build that finds every variant cached never needs it
    from PIL import Image

WIDTHS = (480, 960, 1600)
RASTER = photos.RESIZED
WEBP = {"quality": 75, "method": 4}
JPEG = {"quality": 80, "optimize": True, "progressive": True}
PNG = {"optimize": True}
# Part of every cache key: change it whenever the encoding changes so old variants are not reused.
SETTINGS = f"v1 widths={WIDTHS} webp={sorted(WEBP.items())} jpeg={sorted(JPEG.items())} png={sorted(PNG.items())}"
OUT_FOLDER = "media/_"


class ImageFailed(Exception):
    """The photo cannot be decoded (or may not be: too many pixels); the message says why, for its admin."""


@dataclass
class Variant:
    width: int
    height: int
    fmt: str  # webp | jpeg | png
    path: str  # site path, e.g. kim-a/media/_/posyandu-480.1a2b3c4d.webp
    file: Path  # in the cache


@dataclass
class ImageSet:
    original: str  # site path of the original (not published)
    width: int  # of the largest variant
    height: int
    webp: list[Variant]
    fallback: list[Variant]  # jpeg or png

    @property
    def largest(self) -> str:
        return self.fallback[-1].path


def is_raster(path: str) -> bool:
    """A photo that is published only as resized variants."""
    return photos.is_resized(path)


def widths_for(original_width: int) -> list[int]:
    """Target widths, never upscaled: a 1200 px photo gives 480, 960, 1200."""
    smaller = [w for w in WIDTHS[:-1] if w < original_width]
    return smaller + [min(original_width, WIDTHS[-1])]


class ImageProcessor:
    """Makes (or finds in the cache) the variants of one KIM's photos."""

    def __init__(self, cache_dir: Path):
        self.cache_dir = Path(cache_dir)
        self.made = 0  # variants encoded in this run (the rest came from the cache)
        self.reused = 0

    def process(self, source: Path, site_path: str) -> ImageSet:
        """Variants of the image at `source`, published next to `site_path` (e.g. kim-a/media/x.jpg)."""
        data = source.read_bytes()
        digest = hashlib.sha256(data + SETTINGS.encode()).hexdigest()
        name = posixpath.basename(site_path)
        stem = re.sub(r"[^a-z0-9-]+", "-", posixpath.splitext(name)[0].lower()).strip("-") or "gambar"
        kim = site_path.split("/", 1)[0]
        out_folder = f"{kim}/{OUT_FOLDER}/"
        meta = self.cache_dir / f"{digest}.size"
        image = None
        if meta.is_file():
            w, h, alpha = meta.read_text().split()
            size, has_alpha = (int(w), int(h)), alpha == "1"
        else:
            image = self._open(data)
            size, has_alpha = image.size, _has_alpha(image)
        fallback_fmt = "png" if has_alpha else "jpeg"
        webp, fallback = [], []
        for width in widths_for(size[0]):
            height = max(1, round(size[1] * width / size[0]))
            for fmt, into in (("webp", webp), (fallback_fmt, fallback)):
                ext = "jpg" if fmt == "jpeg" else fmt
                cached = self.cache_dir / f"{digest}-{width}.{ext}"
                if cached.is_file():
                    self.reused += 1
                else:
                    if image is None:
                        image = self._open(data)
                    _atomic_write(cached, _encode(image, width, height, fmt))
                    self.made += 1
                into.append(Variant(width, height, fmt, f"{out_folder}{stem}-{width}.{digest[:8]}.{ext}", cached))
        if not meta.is_file():
            _atomic_write(meta, f"{size[0]} {size[1]} {int(has_alpha)}".encode())
        return ImageSet(site_path, webp[-1].width, webp[-1].height, webp, fallback)

    @staticmethod
    def _open(data: bytes) -> Image.Image:
        from PIL import ImageOps

        try:
            image = photos.opened(io.BytesIO(data))  # the size is checked before a pixel is decoded
        except photos.PhotoRefused as refused:
            raise ImageFailed(str(refused)) from None
        except Exception:  # noqa: BLE001 - Pillow and its plugins raise many kinds for a damaged file
            raise ImageFailed(msg("photo_broken")) from None
        try:
            if image.format in ("JPEG", "MPO"):
                # Decode a 4000 px photo at 1/2 or 1/4 scale when that still covers the largest width.
                upright = image.getexif().get(0x0112, 1) in (5, 6, 7, 8)
                image.draft("RGB", (1, WIDTHS[-1]) if upright else (WIDTHS[-1], 1))
            image.load()  # a truncated file fails here: its missing part is never made up
            # Phones store "rotate me" in EXIF instead of rotating the pixels (libheif rotates HEIC itself).
            return ImageOps.exif_transpose(image)
        except Exception:  # noqa: BLE001 - OSError, SyntaxError (PNG), ValueError, EOFError, libheif's errors
            raise ImageFailed(msg("photo_broken")) from None


def _has_alpha(image: Image.Image) -> bool:
    if image.mode in {"RGBA", "LA", "PA"}:
        return image.getextrema()[-1][0] < 255
    return image.mode == "P" and "transparency" in image.info


def _encode(image: Image.Image, width: int, height: int, fmt: str) -> bytes:
    """Only pixels (and the colour profile) are written: no EXIF, so no GPS."""
    if fmt == "jpeg":
        image = image.convert("RGB")
    elif image.mode not in {"RGB", "RGBA"}:
        image = image.convert("RGBA" if _has_alpha(image) else "RGB")
    if image.width != width:
        from PIL import Image

        image = image.resize((width, height), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    icc = image.info.get("icc_profile")
    options = {"webp": WEBP, "jpeg": JPEG, "png": PNG}[fmt]
    extra = {"icc_profile": icc} if icc and fmt != "png" else {}
    image.save(buffer, format=fmt.upper(), **options, **extra)
    return buffer.getvalue()


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


# ---- HTML ---------------------------------------------------------------

def srcset(variants: list[Variant], marker: str) -> str:
    # variant paths are made of [a-z0-9-] and the KIM's slug (ImageProcessor.process): nothing to escape
    return ", ".join(f"{marker}{v.path} {v.width}w" for v in variants)


def picture_html(images: ImageSet, marker: str, *, alt: str = "", sizes: str = "100vw", lazy: bool = True,
                 css: str = "", width: int | None = None, height: int | None = None) -> str:
    """<picture> with WebP and JPEG/PNG srcsets; links are `marker` + site path, resolved by the renderer."""
    middle = images.fallback[min(1, len(images.fallback) - 1)]
    attrs = [f'src="{marker}{middle.path}"', f'srcset="{srcset(images.fallback, marker)}"',
             f'sizes="{html.escape(sizes)}"', f'width="{int(width or images.width)}"',
             f'height="{int(height or images.height)}"',
             f'alt="{html.escape(alt)}"']
    if css:
        attrs.insert(0, f'class="{html.escape(css)}"')
    if lazy:
        attrs.append('loading="lazy" decoding="async"')
    return (f'<picture><source type="image/webp" srcset="{srcset(images.webp, marker)}" sizes="{html.escape(sizes)}">'
            f'<img {" ".join(attrs)}></picture>')


_BODY_IMG = re.compile(r"<img\b([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


def body_pictures(body: str, lookup, marker: str, sizes: str) -> str:
    """Body HTML with every <img> of a processed photo turned into a lazy <picture>."""

    def swap(match: re.Match) -> str:
        attrs = dict(_ATTR.findall(match.group(1)))
        src = attrs.get("src", "")
        images = lookup(src[len(marker):]) if src.startswith(marker) else None
        if images is None:  # a photo that could not be resized is left out, never linked as the original
            return "" if src.startswith(marker) and is_raster(src) else match.group(0)
        alt = html.unescape(attrs.get("alt", ""))
        return picture_html(images, marker, alt=alt, sizes=sizes, lazy=True)

    return _BODY_IMG.sub(swap, body)
