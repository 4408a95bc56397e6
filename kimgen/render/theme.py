"""The render stage: theme lookup, relative links, and turning a template into bytes.

Every link inside a page is relative to that page, so `sites/` works at a domain
root or under any sub-path; absolute URLs are made only for canonical, Open
Graph, feeds and sitemaps, and for links from a KIM on its own domain back to
the provincial portal.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache, partial
from pathlib import Path
from urllib.parse import quote

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from kimgen.render import colors, images
from kimgen.render.calendar import is_all_day
from kimgen.config.settings import Province
from kimgen.render.i18n import Translator
from kimgen.content.markup import MARKER

THEMES_DIR = Path(__file__).parent.parent / "themes"
_MARKED = re.compile(re.escape(MARKER) + r"([^\"'\s<>)]*)")


class ThemeError(Exception):
    pass


class Theme:
    """A theme folder, with the content root's `tema/` laid over it file by file."""

    def __init__(self, name: str, override: Path | None = None):
        base = THEMES_DIR / name
        if not (base / "templates").is_dir():
            known = ", ".join(sorted(p.name for p in THEMES_DIR.iterdir() if p.is_dir()))
            raise ThemeError(f"tema `{name}` tidak ditemukan; tema yang tersedia: {known}.")
        self.dirs = [d for d in ((override / "templates") if override else None, base / "templates") if d and d.is_dir()]
        self.static_dirs = [d for d in (base / "static", (override / "static") if override else None) if d and d.is_dir()]
        # tema/ templates come from the content repository, which many people can write to: a province
        # that overrides templates renders in Jinja's sandbox (about a tenth slower), one that does not
        # runs kimgen's own templates only
        sandboxed = bool(self.dirs) and self.dirs[0] != base / "templates"
        self.env = (ImmutableSandboxedEnvironment if sandboxed else jinja2.Environment)(
            loader=jinja2.FileSystemLoader([str(d) for d in self.dirs]),
            autoescape=True, trim_blocks=True, lstrip_blocks=True,
            undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
        )

    def static_files(self) -> dict[str, Path]:
        """assets-relative path -> file; later folders (tema/static) win."""
        files: dict[str, Path] = {}
        for folder in self.static_dirs:
            for path in sorted(folder.rglob("*")):
                if path.is_file() and not path.is_symlink():
                    files[path.relative_to(folder).as_posix()] = path
        return files


@lru_cache(maxsize=8192)
def _url_path(target: str) -> str:
    """A site path as it may stand in a URL, in an HTML attribute or in XML: every character that
    could end an attribute or start markup is percent-encoded, whatever a file was named."""
    return quote(target, safe="/#%")


@lru_cache(maxsize=4096)  # a page links mostly within its own KIM
def relative(page_path: str, target: str, offline: bool) -> str:
    """Link from the page at site path `page_path` to site path `target`.

    Targets ending in '/' are folders with an index.html (pretty URLs); offline
    copies spell the index.html out so they browse from disk. Site paths are
    normalised and never contain '..', so a common-prefix walk replaces
    posixpath.relpath (which asks the OS for the working directory every call).
    """
    is_dir = target == "" or target.endswith("/")
    target_path, _, fragment = target.partition("#")
    start = [p for p in page_path.split("/")[:-1] if p]
    parts = [p for p in target_path.split("/") if p]
    common = 0
    while common < len(start) and common < len(parts) and start[common] == parts[common]:
        common += 1
    result = "/".join([".."] * (len(start) - common) + parts[common:]) or "."
    if is_dir:
        result = "./" if result == "." else result + "/"
        if offline:
            result += "index.html"
    return result + (f"#{fragment}" if fragment else "")


class Renderer:
    """Renders pages for the whole site; one per build (and per worker process)."""

    def __init__(self, theme: Theme, province: Province, tr: Translator, offline: bool, now: dt.datetime,
                 content_root: Path | None = None, image_cache: Path | None = None):
        self.theme = theme
        self.province = province
        self.tr = tr
        self.offline = offline
        self.now = now
        self.own_domains: dict[str, str] = {}  # kim slug -> its own base_url
        self.env = theme.env
        self.env.globals.update(
            t=tr.t, long_date=tr.long_date, short_date=tr.short_date, month=tr.month, number=tr.number,
            rupiah=tr.rupiah,
            date_time=lambda d: tr.date_time(d.astimezone(self.zone), province.zona_waktu),
            clock=lambda d: tr.time(d.astimezone(self.zone), province.zona_waktu),
            province=province, lang=tr.lang, today=now.date(), all_day=is_all_day, picture=self.picture,
            accent_colour=colors.accent, accent_on_dark=colors.accent_on_dark,
        )
        self.env.filters["pictures"] = self.body_pictures
        self._templates: dict[str, jinja2.Template] = {}
        # Photos are resized once and shared by every page (and the portal) that shows them.
        self.content_root = content_root
        self.image_processor = images.ImageProcessor(image_cache) if content_root and image_cache else None
        self._image_sets: dict[str, images.ImageSet | None] = {}
        self.aliases: dict[str, str] = {}  # unpublished original -> its largest variant
        self.failed_photos: dict[str, str] = {}  # site path of a photo that cannot be decoded -> why

    def forget_images(self) -> None:
        """Drop the photos of the KIMs rendered before: a worker renders many KIMs, and what it
        keeps of each must not grow with the province."""
        self._image_sets.clear()
        self.aliases.clear()
        self.failed_photos.clear()

    def image_set(self, site_path: str) -> "images.ImageSet | None":
        """Variants of the photo at site path `<kim>/media/...`; None for a file that is not a photo
        to resize, and for a photo that cannot be decoded (`failed_photos` says why): a photo is never
        published as it is."""
        if site_path not in self._image_sets:
            result = None
            kim, _, rest = site_path.partition("/")
            source = self.content_root / "kim" / kim / rest if self.content_root else None
            if self.image_processor and images.is_raster(site_path) and rest.startswith("media/") \
                    and source.is_file():
                try:
                    result = self.image_processor.process(source, site_path)
                    self.aliases[site_path] = result.largest
                except images.ImageFailed as failed:
                    self.failed_photos[site_path] = str(failed)
            self._image_sets[site_path] = result
        return self._image_sets[site_path]

    def picture(self, site_path: str, alt: str = "", sizes: str = "100vw", lazy: bool = True, css: str = "",
                width: int | None = None, height: int | None = None) -> Markup:
        found = self.image_set(site_path)
        if found is None and images.is_raster(site_path):
            return Markup("")  # a photo that cannot be shown leaves no hole pointing at a withheld original
        if found is None:
            size = f' width="{int(width)}" height="{int(height)}"' if width and height else ""
            css_attr = Markup(' class="{}"').format(css) if css else ""
            lazy_attr = ' loading="lazy"' if lazy else ""
            return Markup('<img{} src="{}" alt="{}"{}{}>').format(css_attr, MARKER + site_path, alt, Markup(size),
                                                                  Markup(lazy_attr))
        return Markup(images.picture_html(found, MARKER, alt=alt, sizes=sizes, lazy=lazy, css=css,
                                          width=width, height=height))

    def body_pictures(self, body: str) -> Markup:
        return Markup(images.body_pictures(body, self.image_set, MARKER, "(min-width: 46rem) 44rem, 100vw"))

    @property
    def zone(self):
        return self.now.tzinfo

    def absolute(self, target: str) -> str:
        """Absolute URL of a site path, honouring a KIM's own domain."""
        target = _url_path(self.aliases.get(target, target))
        first, _, rest = target.partition("/")
        if first in self.own_domains:
            return self.own_domains[first] + rest
        return self.province.base_url + target

    def link(self, page_path: str, target: str) -> str:
        target = _url_path(self.aliases.get(target, target))
        first = page_path.partition("/")[0]
        if first in self.own_domains and target.partition("/")[0] != first and "/" in page_path:
            return self.absolute(target)
        return relative(page_path, target, self.offline)

    def template(self, name: str) -> jinja2.Template:
        if name not in self._templates:
            self._templates[name] = self.env.get_template(name)
        return self._templates[name]

    def page(self, name: str, page_path: str, **context) -> bytes:
        """Render template `name` as the page at site path `page_path` (e.g. kim-a/berita/x/index.html)."""
        url = partial(self.link, page_path)
        canonical = self.absolute(page_path[: -len("index.html")] if page_path.endswith("index.html") else page_path)
        html = self.template(name).render(url=url, absolute=self.absolute, canonical=canonical,
                                          page_path=page_path, **context)
        html = _MARKED.sub(lambda m: url(m.group(1)), html)
        return html.encode("utf-8")

    def absolutize(self, html: str) -> str:
        """Body HTML with markers turned into absolute URLs (feeds)."""
        return _MARKED.sub(lambda m: self.absolute(m.group(1)), html)
