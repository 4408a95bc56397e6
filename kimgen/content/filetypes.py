"""Whether a media file's bytes are what its name says.

Everything in media/ is served from the portal's own origin, where the theme's CSP allows
scripts (`script-src 'self'`). A file whose bytes are not its type is how markup or script gets
there: an HTML page named `.pdf` that a browser sniffs, a JavaScript `.txt` loaded by a
`<script src>`, a macro workbook renamed `.xlsx`. So each published type is recognised by its
own bytes (the signatures of the WHATWG MIME Sniffing standard and each format's specification),
and plain text must be UTF-8 text without web markup. Only the header, a zip's directory and
at most a few small parts are read, never a whole document or recording.
"""

from __future__ import annotations

import codecs
import re
import struct
import zipfile
from pathlib import Path
from typing import BinaryIO, Callable

from kimgen.problems.messages import msg

HEAD = 4096
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Compound File Binary: .doc, .xls, .ppt
ZIP = (b"PK\x03\x04", b"PK\x05\x06")  # a local file header, or the end record of an empty archive
# The main part's content type in [Content_Types].xml: the macro-enabled variants (docm, xlsm,
# pptm) name theirs differently, so a macro workbook renamed .xlsx is refused here.
OOXML = {
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",),
    ".pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
              "application/vnd.openxmlformats-officedocument.presentationml.slideshow.main+xml"),
}
ODF = {".odt": b"application/vnd.oasis.opendocument.text",
       ".ods": b"application/vnd.oasis.opendocument.spreadsheet",
       ".odp": b"application/vnd.oasis.opendocument.presentation"}
KIND = {".pdf": "PDF", ".doc": "Word .doc", ".xls": "Excel .xls", ".ppt": "PowerPoint .ppt",
        ".docx": "Word .docx", ".xlsx": "Excel .xlsx", ".pptx": "PowerPoint .pptx", ".odt": "OpenDocument .odt",
        ".ods": "OpenDocument .ods", ".odp": "OpenDocument .odp", ".mp3": "MP3", ".m4a": "M4A", ".mp4": "MP4",
        ".ogg": "Ogg", ".oga": "Ogg", ".webm": "WebM", ".zip": "ZIP", ".jpg": "JPEG", ".jpeg": "JPEG",
        ".png": "PNG", ".gif": "GIF", ".webp": "WebP", ".avif": "AVIF", ".heic": "HEIC"}
IMAGES = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".heic"}
_AVIF_BRANDS = (b"avif", b"avis")
_HEIC_BRANDS = (b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"hevm", b"hevs", b"mif1", b"msf1")
# What makes a browser (or an old one's sniffer) treat text as a page or a script.
_MARKUP = re.compile(r"<\s*(script|html|iframe|frame|svg|object|embed|body|head|meta|base|form|style)\b|<!doctype",
                     re.IGNORECASE)
_MARKUP_SPAN = 16  # the longest match above, so one cut between two chunks cannot hide it
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, KeyError, NotImplementedError,
               struct.error, OSError, RuntimeError)


def why_not(path: Path) -> str | None:
    """Why this media file's bytes do not match its name's type (a message for the admin), or None.

    Types this module does not know are the caller's to allow or refuse. An OSError on opening
    the file is the machine's fault and is raised.
    """
    suffix = path.suffix.lower()
    if suffix in {".txt", ".csv"}:
        with open(path, "rb") as handle:
            return _text(handle, suffix)
    check = _CHECKS.get(suffix)
    if check is None:
        return None
    with open(path, "rb") as handle:
        head = handle.read(HEAD)
        handle.seek(0)
        if check(head, handle, suffix):
            return None
    if suffix in IMAGES:
        return msg("media_not_image", suffix=suffix, kind=KIND[suffix])
    return msg("media_bytes_mismatch", suffix=suffix, kind=KIND[suffix])


def _starts(*signatures: bytes) -> Callable[[bytes, BinaryIO, str], bool]:
    return lambda head, handle, suffix: head.startswith(signatures)


def _mp3(head: bytes, handle: BinaryIO, suffix: str) -> bool:
    if head.startswith(b"ID3"):
        return True
    if len(head) < 3 or head[0] != 0xFF or head[1] & 0xE0 != 0xE0:
        return False
    # a frame header: MPEG version, layer, bitrate and sample rate must not be the reserved values
    return (head[1] >> 3) & 3 != 1 and (head[1] >> 1) & 3 != 0 and head[2] >> 4 != 0xF and (head[2] >> 2) & 3 != 3


def _ftyp(*brands: bytes) -> Callable[[bytes, BinaryIO, str], bool]:
    """ISO base media (mp4, m4a, avif, heic): a `ftyp` box first, naming one of `brands` when given."""
    def check(head: bytes, handle: BinaryIO, suffix: str) -> bool:
        if head[4:8] != b"ftyp":
            return False
        if not brands:
            return True
        size = int.from_bytes(head[:4], "big")
        listed = head[8:min(max(size, 16), len(head))]
        named = [listed[i:i + 4] for i in range(0, len(listed) - 3, 4)]
        return any(brand in named for brand in brands)
    return check


def _webm(head: bytes, handle: BinaryIO, suffix: str) -> bool:
    # the EBML header, whose DocType element (0x4282, then its size) says webm
    return head.startswith(b"\x1a\x45\xdf\xa3") and re.search(rb"\x42\x82[\x80-\xff]webm", head[:HEAD]) is not None


def _webp(head: bytes, handle: BinaryIO, suffix: str) -> bool:
    return head.startswith(b"RIFF") and head[8:12] == b"WEBP"


def _zip(head: bytes, handle: BinaryIO, suffix: str) -> bool:
    if not head.startswith(ZIP):
        return False
    try:
        with zipfile.ZipFile(handle) as archive:
            archive.infolist()
    except _ZIP_ERRORS:
        return False
    return True


def _ooxml(head: bytes, handle: BinaryIO, suffix: str) -> bool:
    if not head.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(handle) as archive:
            types = _small_part(archive, "[Content_Types].xml")
    except _ZIP_ERRORS:
        return False
    return types is not None and any(kind.encode() in types for kind in OOXML[suffix])


def _odf(head: bytes, handle: BinaryIO, suffix: str) -> bool:
    # OpenDocument: the first entry is `mimetype`, stored, holding the type and nothing else
    if not head.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(handle) as archive:
            entries = archive.infolist()
            if not entries or entries[0].filename != "mimetype":
                return False
            return _small_part(archive, "mimetype") == ODF[suffix]
    except _ZIP_ERRORS:
        return False


def _small_part(archive: zipfile.ZipFile, name: str, limit: int = 1024 * 1024) -> bytes | None:
    """A part of a zip, read only when it is small (never a compressed bomb)."""
    info = archive.getinfo(name)
    if info.file_size > limit:
        return None
    with archive.open(info) as part:
        data = part.read(limit + 1)
    return data if len(data) <= limit else None


def _text(handle: BinaryIO, suffix: str) -> str | None:
    """UTF-8 text (a BOM is fine) with no NUL and no web markup, read in chunks."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    line, tail = 1, ""
    while True:
        chunk = handle.read(64 * 1024)
        if b"\x00" in chunk:
            return msg("media_text_binary", suffix=suffix)
        try:
            text = decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError as exc:
            line += exc.object[:exc.start].count(b"\n")
            return msg("media_text_not_utf8", suffix=suffix, line=line)
        found = _MARKUP.search(tail + text)
        if found:
            return msg("media_text_markup", suffix=suffix, markup=found.group().strip())
        line += text.count("\n")
        tail = (tail + text)[-_MARKUP_SPAN:]
        if not chunk:
            return None


_CHECKS: dict[str, Callable[[bytes, BinaryIO, str], bool]] = {
    ".pdf": _starts(b"%PDF-"),
    ".doc": _starts(OLE), ".xls": _starts(OLE), ".ppt": _starts(OLE),
    ".docx": _ooxml, ".xlsx": _ooxml, ".pptx": _ooxml,
    ".odt": _odf, ".ods": _odf, ".odp": _odf,
    ".mp3": _mp3, ".m4a": _ftyp(), ".mp4": _ftyp(),
    ".ogg": _starts(b"OggS"), ".oga": _starts(b"OggS"), ".webm": _webm, ".zip": _zip,
    ".jpg": _starts(b"\xff\xd8\xff"), ".jpeg": _starts(b"\xff\xd8\xff"), ".png": _starts(b"\x89PNG\r\n\x1a\n"),
    ".gif": _starts(b"GIF87a", b"GIF89a"), ".webp": _webp,
    ".avif": _ftyp(*_AVIF_BRANDS), ".heic": _ftyp(*_HEIC_BRANDS),
}
