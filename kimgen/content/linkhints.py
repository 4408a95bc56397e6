"""What to tell an admin whose link or image leads nowhere, or leads off the site.

A phone keyboard capitalises the first letter and cameras name photos `IMG 2024.JPG`, while
the web server tells `IMG 2024.JPG` from `img 2024.jpg`: a name that differs from a file on
disk only in letter case or spaces gets that file named, with the line to write instead.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import urlsplit

from kimgen.content.discovery import safe_media_name
from kimgen.problems.messages import msg

PHOTO_NAME = re.compile(r"\.(jpe?g|png|webp|gif|heic|heif|avif)$", re.IGNORECASE)


def _loose(path: str) -> str:
    return re.sub(r"[\s_-]+", "", path.casefold())


def _candidates(path: str, base: str) -> list[tuple[str, bool]]:
    """(KIM-relative path, whether it was written relative to the document), as resolve() tries them."""
    joined = posixpath.normpath(posixpath.join(base, path))
    return [(joined, True), (posixpath.normpath(path), False)]


def _written(found: str, relative: bool, base: str, fragment: str = "") -> str:
    """`found` written the way the admin wrote the link: from the document's folder or the KIM's."""
    path = posixpath.relpath(found, base or ".") if relative else found
    return path + (f"#{fragment}" if fragment else "")


def post_case_hint(what: str, target: str, path: str, base: str, posts, itself: str, fragment: str) -> str | None:
    """The message for a link to a post whose file name differs from an existing one only in case."""
    known = {post.casefold(): post for post in posts if post != itself}
    for candidate, relative in _candidates(path, base):
        found = known.get(candidate.casefold())
        if found:
            return msg("post_case", what=what, target=target, found=found,
                       suggest=_written(found, relative, base, fragment))
    return None


def media_case_hint(what: str, target: str, path: str, base: str, media, names) -> str | None:
    """The message for a media path that differs from a file in media/ only in case or spaces,
    or names a file kimgen does not publish because of its name."""
    on_disk = {}
    for name in sorted(set(names) | set(media)):
        on_disk.setdefault(_loose(name), name)
    for candidate, relative in _candidates(path, base):
        found = on_disk.get(_loose(candidate))
        if not found or candidate.startswith(".."):
            continue
        folder, name = posixpath.split(found)
        safe = posixpath.join(folder, safe_media_name(name))
        if found == candidate and safe != found:
            return msg("media_bad_name_used", what=what, target=target, safe=posixpath.basename(safe),
                       suggest=_written(safe, relative, base))
        if found == candidate:
            return None
        if safe != found and found not in media:
            return msg("media_case_bad_name", what=what, target=target, found=found,
                       safe=posixpath.basename(safe), suggest=_written(safe, relative, base))
        return msg("media_case", what=what, target=target, found=found, suggest=_written(found, relative, base))
    return None


def is_remote(target: str) -> bool:
    """Whether a reader's browser would fetch this from another host."""
    value = target.strip()
    try:
        scheme = urlsplit(value).scheme
    except ValueError:  # `http://[x`: a host that cannot be parsed, though still a remote address
        scheme = value.partition(":")[0]
    return value.startswith("//") or scheme.lower() in {"http", "https"}


def remote_image(target: str, base: str, outcome: str) -> str:
    """The warning for an image hot-linked from another host: what became of it (`remote_as_link`,
    `remote_left_out`, `remote_no_cover`), and how to upload it instead."""
    try:
        path = urlsplit(target.strip()).path
    except ValueError:  # `http://[x/foto.jpg`: a host that cannot be parsed; the name is still there
        path = re.split(r"[?#]", target.strip())[0]
    name = posixpath.basename(path)
    name = safe_media_name(name) if PHOTO_NAME.search(name) else "foto.jpg"
    if outcome == "remote_no_cover":
        example = f"gambar: media/{name}"
    else:
        example = f"![keterangan foto]({_written('media/' + name, True, base)})"
    return msg("remote_image", target=target, outcome=msg(outcome), example=example)
