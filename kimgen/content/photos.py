"""Phone photos judged from their bytes, before a single pixel is decoded.

Admins upload photos as the phone made them: JPEG, PNG, WebP, HEIC/HEIF (iPhones)
or AVIF. Only resized copies are published (render/images.py), so a photo's
bytes never reach a reader; what matters here is that the build machine can
open it safely and that a broken upload is reported by `kimgen check`, naming the
file, instead of being found (or worse, published as it is) at render time.

Three things are checked, each without decoding the pixels:
- the bytes are a photo (whatever the phone named it: a `.jpg` holding HEIC
  is fine, an HTML page named `.jpg` is not);
- the file is whole: an interrupted upload is cut short, which a JPEG shows by
  a missing end marker, a PNG by its chunk checksums, a WebP by its RIFF
  length and a HEIF/AVIF by a box that runs past the end of the file;
- the pixel count is within PIXEL_BUDGET: a 30000 x 30000 PNG of under 1 MB
  would take gigabytes of memory to decode (a decompression bomb). Pillow
  reads the size from the header, so it is known before anything is decoded.
"""

from __future__ import annotations

import io
import mmap
import re
import struct
import warnings
from functools import lru_cache
from pathlib import Path
from typing import IO, TYPE_CHECKING

from kimgen.problems.messages import msg

if TYPE_CHECKING:
    from PIL import Image

# Published only as resized WebP/JPEG/PNG copies, never as they are (EXIF, GPS).
RESIZED = (".jpg", ".jpeg", ".png", ".webp", ".heic", ".heif", ".avif")
# Every photo media/ takes; a GIF is published as it is (it may be animated and holds no EXIF).
PHOTO_SUFFIXES = RESIZED + (".gif",)
# Phones make 12 to 50 megapixels; a decoded 100-megapixel photo takes 300-400 MB.
PIXEL_BUDGET = 100_000_000
# What Pillow may parse a resized photo as: no other format of Pillow's long list is ever tried.
DECODABLE = ("JPEG", "PNG", "WEBP", "HEIF", "AVIF")  # JPEG includes MPO (multi-picture)
_KIND = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WebP", ".heic": "HEIC", ".heif": "HEIF",
         ".avif": "AVIF", ".gif": "GIF"}
_HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs", b"mif1", b"msf1",
                b"mif2", b"avif", b"avis"}
_MAX_BOXES = 1000  # top-level boxes of a HEIF file: a phone writes three or four


class PhotoRefused(Exception):
    """A photo that may not be decoded; the message says why, in the admin's language."""


def is_resized(path: str) -> bool:
    return path.lower().endswith(RESIZED)


def why_not(path: Path) -> str | None:
    """Why the photo at `path` cannot be published, or None. Reads headers, never pixels."""
    suffix = path.suffix.lower()
    with open(path, "rb") as handle:
        kind = _sniff(handle.read(64))
        if kind is None or (kind == "GIF") != (suffix == ".gif"):
            return msg("media_not_image", suffix=suffix, kind=_KIND.get(suffix, suffix[1:].upper()))
        if not _whole(kind, handle):
            return msg("photo_truncated")
    try:
        with opened(path) as image:
            if image.format == "PNG":
                image.verify()  # every chunk's checksum, without inflating the pixels
    except PhotoRefused as refused:
        return str(refused)
    except Exception:  # noqa: BLE001 - Pillow and its plugins raise many kinds for a damaged header
        return msg("photo_broken")
    return None


def opened(source: Path | IO[bytes]) -> Image.Image:
    """The photo opened lazily (header read, pixels not decoded); PhotoRefused over the pixel budget.

    Pillow's own guard warns past 89 megapixels and refuses past twice that; kimgen's budget
    replaces it, so the warning is silenced and its refusal reported in the same words."""
    image_module = pillow()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", image_module.DecompressionBombWarning)
        try:
            image = image_module.open(source, formats=DECODABLE + ("GIF",))
        except image_module.DecompressionBombError as exc:
            found = re.search(r"\((\d+) pixels\)", str(exc))
            raise PhotoRefused(too_many_pixels(None, None, int(found.group(1)) if found else None)) from None
    width, height = image.size
    if width * height > PIXEL_BUDGET:
        image.close()
        raise PhotoRefused(too_many_pixels(width, height, width * height))
    return image


def too_many_pixels(width: int | None, height: int | None, pixels: int | None) -> str:
    megapixels = -(-pixels // 1_000_000) if pixels else f"> {2 * PIXEL_BUDGET // 1_000_000}"
    size = msg("photo_size", width=width, height=height, megapixels=megapixels) if width and height \
        else msg("photo_size_unknown", megapixels=megapixels)
    return msg("photo_too_many_pixels", size=size, budget=PIXEL_BUDGET // 1_000_000)


@lru_cache(maxsize=1)
def pillow():
    """Pillow, with HEIC/HEIF (pillow-heif) registered once per process.

    Imported on first use: a build that finds every photo checked and resized before never needs it."""
    from PIL import Image
    from pillow_heif import register_heif_opener

    # only the main picture is read: thumbnails, depth maps and auxiliary images are left alone
    register_heif_opener(thumbnails=False, depth_images=False, aux_images=False)
    return Image


def _sniff(head: bytes) -> str | None:
    """The photo format the first bytes announce, or None."""
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "GIF"
    if head[4:8] == b"ftyp":
        size = struct.unpack(">I", head[:4])[0]
        brands = head[8:12] + head[16:min(max(size, 16), len(head))]  # major brand, then the compatible ones
        if any(brands[i:i + 4] in _HEIF_BRANDS for i in range(0, len(brands) - 3, 4)):
            return "HEIF"
    return None


def _whole(kind: str, handle: IO[bytes]) -> bool:
    """Whether the file holds all its data (an interrupted upload is cut short)."""
    handle.seek(0, io.SEEK_END)
    size = handle.tell()
    if kind == "WEBP":
        handle.seek(4)
        return size >= 8 + struct.unpack("<I", handle.read(4))[0]
    if kind == "HEIF":
        return _boxes_fit(handle, size)
    if kind == "JPEG":
        return _jpeg_ends(handle, size)
    return True  # PNG: verify() checks every chunk; GIF: published as it is, browsers show what is there


def _boxes_fit(handle: IO[bytes], size: int) -> bool:
    """Every top-level ISO-BMFF box (ftyp, meta, mdat, ...) ends inside the file."""
    position = 0
    for _ in range(_MAX_BOXES):
        if position == size:
            return True
        handle.seek(position)
        header = handle.read(16)
        if len(header) < 8:
            return False
        length = struct.unpack(">I", header[:4])[0]
        if length == 1 and len(header) == 16:
            length = struct.unpack(">Q", header[8:16])[0]
        elif length == 0:  # the last box runs to the end of the file
            return True
        if length < 8 or position + length > size:
            return False
        position += length
    return False


def _jpeg_ends(handle: IO[bytes], size: int) -> bool:
    """The end-of-image marker (FF D9) follows the start of the picture data.

    Phones may append data after it (Samsung, Pixel motion photos), so it is searched from the
    end; an embedded EXIF thumbnail has its own end marker, before the picture data starts."""
    if size < 4:
        return False
    with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
        if data[size - 2:] == b"\xff\xd9":
            return True
        start = _scan_start(data, size)
        return start is not None and data.rfind(b"\xff\xd9", start) >= 0


def _scan_start(data, size: int) -> int | None:
    """Offset of the first start-of-scan segment, walking the marker segments before it."""
    position = 2
    while position + 4 <= size:
        if data[position] != 0xFF:
            return None
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker == 0xDA:
            return position
        if marker == 0x01 or 0xD0 <= marker <= 0xD7:
            position += 2
            continue
        position += 2 + struct.unpack(">H", data[position + 2:position + 4])[0]
    return None
