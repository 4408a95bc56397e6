"""Photos from a phone: checked from their bytes, turned upright, made smaller, stripped of EXIF.

A phone photo carries the place it was taken (GPS) and is several megabytes; once committed it
stays in git history for good. So the editor keeps only the pixels: JPEG for photos (HEIC
included, when pillow-heif is installed), PNG for images with transparency or drawn ones (PNG,
GIF), at most LONG_SIDE pixels on the long side. The build makes its own sizes from that.
"""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from kimgen.config.slugs import slugify
from kimgen.content.discovery import safe_media_name

MAX_UPLOAD = 25 * 1024 * 1024  # bytes of one photo as the phone sends it
MAX_PIXELS = 80_000_000  # a 200-megapixel phone is still fine; a decompression bomb is not
LONG_SIDE = 2560
PHOTO_FORMATS = {"JPEG", "MPO", "PNG", "GIF", "WEBP", "HEIF", "AVIF", "BMP", "TIFF"}
DRAWN_FORMATS = {"PNG", "GIF"}

try:  # HEIC from iPhones: optional, as the issue says
    from pillow_heif import register_heif_opener
except ImportError:  # pragma: no cover - the editor extra installs it
    register_heif_opener = None
else:
    register_heif_opener()


class PhotoError(Exception):
    """The key of a message in words.py: too_big, not_photo, too_many_pixels."""


def normalise(data: bytes) -> tuple[bytes, str]:
    """(bytes to save, suffix) of an uploaded photo; PhotoError when it is not one."""
    if len(data) > MAX_UPLOAD:
        raise PhotoError("photo_too_big")
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in PHOTO_FORMATS:
                raise PhotoError("photo_not_image")
            if image.width * image.height > MAX_PIXELS:
                raise PhotoError("photo_too_many_pixels")
            drawn = image.format in DRAWN_FORMATS
            upright = ImageOps.exif_transpose(image)  # loads the pixels
            upright.thumbnail((LONG_SIDE, LONG_SIDE), Image.Resampling.LANCZOS)
            alpha = upright.mode in {"RGBA", "LA", "PA"} or (upright.mode == "P" and "transparency" in upright.info)
            out = io.BytesIO()
            if drawn or alpha:
                converted = upright.convert("RGBA" if alpha else "RGB")
                converted.save(out, "PNG", optimize=True)
                return out.getvalue(), ".png"
            upright.convert("RGB").save(out, "JPEG", quality=85, optimize=True, progressive=True)
            return out.getvalue(), ".jpg"
    except PhotoError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError):
        raise PhotoError("photo_not_image") from None
    except (OSError, ValueError, SyntaxError, EOFError):  # truncated or malformed beyond what the header said
        raise PhotoError("photo_not_image") from None


def media_name(folder: Path, wanted: str, suffix: str) -> str:
    """A free name in `folder` for a new photo: letters, digits, `.`, `_` and `-` only (SAFE_MEDIA_NAME)."""
    stem = slugify(Path(wanted).stem)[:60].strip("-") or "foto"
    stem = safe_media_name(stem)
    name, n = f"{stem}{suffix}", 1
    while (folder / name).exists() or (folder / name).is_symlink():
        n += 1
        name = f"{stem}-{n}{suffix}"
    return name


def save(folder: Path, data: bytes, suffix: str, wanted: str) -> str:
    """Write a normalised photo into the KIM's media folder under a new name; the name."""
    folder.mkdir(parents=True, exist_ok=True)
    name = media_name(folder, wanted, suffix)
    handle, temp = tempfile.mkstemp(dir=folder, prefix=".upload-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temp, 0o644)
        os.link(temp, folder / name)  # fails rather than replaces, should another save take the name first
    finally:
        os.unlink(temp)
    return name
