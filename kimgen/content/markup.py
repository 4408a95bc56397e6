"""Markdown to safe HTML for one KIM: links resolved, headings shifted, sanitized.

Links to posts and media are written as `kimgen-url:<site path>` markers; the
renderer turns them into relative URLs for each page (or absolute ones in
feeds), so one rendered body serves every place it appears.
"""

from __future__ import annotations

import contextlib
import os
import posixpath
import re
import signal
import threading
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import quote, unquote, urlsplit

import markdown
import nh3
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from kimgen.content.linkhints import is_remote, media_case_hint, post_case_hint, remote_image
from kimgen.problems.messages import did_you_mean, msg
from kimgen.problems import Problems

MARKER = "kimgen-url:"
_LIST_ITEM = re.compile(r"^( *)([-*+]|\d{1,9}[.)])( +|$)")
_FENCE = re.compile(r"^ *(```|~~~)")

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "div", "dl", "dt",
    "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd",
    "li", "mark", "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub", "summary", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}
ALLOWED_ATTRIBUTES = {
    "*": {"id", "class", "title", "lang"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Classes the markdown extensions emit; content may not borrow the theme's (a fake "banner").
ALLOWED_CLASSES = {"footnote", "footnote-ref", "footnote-backref", "toc", "toclink"}
# Raw HTML that the sanitizer drops and the admin must hear about, with what to do instead.
FORBIDDEN_TAGS = {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "input",
                  "button", "textarea", "select", "style", "link", "meta", "base", "svg", "math"}
FORBIDDEN_SCHEMES = ("javascript:", "vbscript:", "data:", "kimgen-url:")
_URL_ATTRS = {"href", "src", "srcset", "action", "formaction", "xlink:href", "poster", "background", "data",
              "style", "cite", "longdesc", "dynsrc", "lowsrc"}
_CONTENT_MARKER = re.compile(re.escape(MARKER), re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x20]+")
_SOURCELESS_IMG = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>")


@dataclass
class DocContext:
    """What the link resolver needs to know about the document being converted."""

    kim_slug: str
    doc_rel: str  # the markdown file, relative to the KIM folder, e.g. berita/x.md
    source_rel: str  # relative to the content root, for messages
    post_urls: dict[str, str]  # KIM-relative .md path -> KIM-relative URL
    media: set[str]  # KIM-relative media paths, e.g. media/foto.jpg
    body: str
    first_line: int
    problems: Problems
    held: set[str] = field(default_factory=set)  # KIM-relative .md paths of posts held back for their errors
    # KIM-relative media paths that are in media/ but not published, and why (assemble.check_media)
    withheld: dict[str, str] = field(default_factory=dict)
    media_names: set[str] = field(default_factory=set)  # every file in media/, unpublishable names too


def resolve(target: str, ctx: DocContext, what: str, fld: str = "", line: int | None = None) -> str | None:
    """Turn a relative link or image path into a marker; report what points at nothing.

    `line` is given for front matter values (gambar); body links find their own line.
    """
    try:
        parts = urlsplit(target)
    except ValueError:  # e.g. `http://[x`: a bracket where only an IPv6 address may stand
        ctx.problems.error(ctx.source_rel, line or _line_of(target, ctx), fld, msg("address_bad", what=what,
                                                                                   target=target))
        return None
    scheme = _CONTROL.sub("", target).lower().partition(":")[0] if ":" in target else ""
    if parts.scheme or scheme in {s.rstrip(":") for s in FORBIDDEN_SCHEMES}:
        if parts.scheme.lower() in URL_SCHEMES:
            return target
        ctx.problems.error(ctx.source_rel, line or _line_of(target, ctx), fld,
                           msg("unsafe_scheme", what=what, target=target, scheme=parts.scheme or scheme))
        return None
    if target.startswith(("#", "//")):
        return target
    path = unquote(parts.path)
    if not path:
        return target
    line = line or _line_of(target, ctx)
    if path.startswith("/"):
        ctx.problems.error(ctx.source_rel, line, fld, msg("path_absolute", what=what, target=target))
        return None
    base = posixpath.dirname(ctx.doc_rel)
    for candidate in (posixpath.normpath(posixpath.join(base, path)), posixpath.normpath(path)):
        if candidate.startswith("../") or candidate == "..":
            continue
        suffix = f"#{parts.fragment}" if parts.fragment else ""
        if candidate in ctx.post_urls:
            return f"{MARKER}{ctx.kim_slug}/{ctx.post_urls[candidate]}{suffix}"
        if candidate in ctx.held:  # the link would lead nowhere until that post is fixed: its text stays
            ctx.problems.warning(ctx.source_rel, line, fld, msg("post_held", what=what, target=target))
            return None
        if candidate in ctx.media:
            return f"{MARKER}{ctx.kim_slug}/{candidate}"
        if candidate in ctx.withheld:  # the post is held back rather than published with a hole in it
            ctx.problems.error(ctx.source_rel, line, fld, msg("media_withheld", what=what, target=target,
                                                              why=ctx.withheld[candidate]))
            return None
    resolved = posixpath.normpath(posixpath.join(base, path))
    if resolved.startswith(".."):
        message = msg("path_outside", what=what, target=target)
    elif path.lower().endswith(".md"):
        message = post_case_hint(what, target, path, base, set(ctx.post_urls) | ctx.held, ctx.doc_rel,
                                 parts.fragment) \
            or msg("post_missing", what=what, target=target, hint=_closest(path, ctx.post_urls, ctx.doc_rel))
    else:
        message = media_case_hint(what, target, path, base, ctx.media, ctx.media_names) \
            or msg("file_missing", what=what, target=target, hint=_closest(path, ctx.media, ctx.doc_rel))
    ctx.problems.error(ctx.source_rel, line, fld, message)
    return None


def _scheme(value: str) -> str:
    try:
        return urlsplit(value).scheme
    except ValueError:  # `//[x`: no address; resolve() says so
        return ""


def _closest(path: str, known, itself: str) -> str:
    """Suggest the nearest existing file name (never the document itself)."""
    names = {posixpath.basename(k) for k in known if k != itself}
    return did_you_mean(posixpath.basename(path), sorted(names))


def _line_of(target: str, ctx: DocContext) -> int:
    index = ctx.body.find(f"({target}")
    if index < 0:
        index = ctx.body.find(target)
    return ctx.first_line + (ctx.body.count("\n", 0, index) if index >= 0 else 0)


class _ListIndent(Preprocessor):
    """Nest list items by their relative indentation, so two spaces nest as on GitHub."""

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        stack: list[tuple[int, int]] = []  # (original indent, content column) per open level
        fenced = False
        for line in lines:
            expanded = line.expandtabs(4)
            if not stack and _FENCE.match(expanded):
                fenced = not fenced
            match = None if fenced else _LIST_ITEM.match(expanded)
            if match:
                indent = len(match.group(1))
                while stack and indent < stack[-1][0]:
                    stack.pop()
                if stack and indent == stack[-1][0]:
                    stack.pop()
                if stack and indent >= stack[-1][1] + 4:
                    out.append(line)  # deep enough to be code inside the item; leave it
                    continue
                stack.append((indent, indent + len(match.group(2)) + max(1, len(match.group(3)))))
                out.append("    " * (len(stack) - 1) + expanded[indent:])
            elif stack and expanded.strip() and expanded.startswith(" "):
                indent = len(expanded) - len(expanded.lstrip(" "))
                column = stack[-1][1]
                out.append("    " * len(stack) + " " * max(0, indent - column) + expanded.lstrip(" "))
            else:
                if expanded.strip() and not expanded.startswith(" "):
                    if not (out and out[-1].strip()):
                        stack = []
                out.append(line)
        return out


class _Rewrite(Treeprocessor):
    """Resolve links and images, and shift headings under the page's single h1."""

    def __init__(self, md, owner: "KimMarkdown"):
        super().__init__(md)
        self.owner = owner

    def run(self, root):
        ctx = self.owner.ctx
        previous = 1
        headings = [el for el in root.iter() if el.tag in {"h1", "h2", "h3", "h4", "h5", "h6"}]
        lowest = min((int(el.tag[1]) for el in headings), default=2)
        for el in headings:
            level = min(int(el.tag[1]) - lowest + 2, previous + 1, 6)
            el.tag = f"h{level}"
            previous = level
        if ctx is None:
            return
        in_link = {child for link in root.iter("a") for child in link.iter() if child is not link}
        for el in list(root.iter()):
            if el.tag == "img" and is_remote(el.get("src") or ""):
                _unload(el, el in in_link, ctx)
                continue
            attr = "href" if el.tag == "a" else "src" if el.tag == "img" else None
            if attr and el.get(attr):
                value = self.owner.private(resolve(el.get(attr), ctx, msg("what_link") if attr == "href" else msg("what_image")))
                if value is None:
                    del el.attrib[attr]
                else:
                    el.set(attr, value)


def _unload(img, in_link: bool, ctx: DocContext) -> None:
    """An image from another host becomes a link to it (its alt text inside another link): the
    reader's browser never fetches anything from another host on its own."""
    src = img.get("src")
    ctx.problems.warning(ctx.source_rel, _line_of(src, ctx), "", remote_image(src, posixpath.dirname(ctx.doc_rel),
                                                                            "remote_as_link"))
    text = img.get("alt") or ("" if in_link else src)
    img.attrib.clear()
    img.tag, img.text = ("span", text) if in_link else ("a", text)
    if not in_link:
        img.set("href", src)


class _KimExtension(Extension):
    def __init__(self, owner):
        super().__init__()
        self.owner = owner

    def extendMarkdown(self, md):
        md.preprocessors.register(_ListIndent(md), "kimgen_lists", 25)
        md.treeprocessors.register(_Rewrite(md, self.owner), "kimgen_rewrite", 5)


class KimMarkdown:
    """One reusable converter (building a Markdown object costs more than a post).

    Links it resolves carry a private, random scheme through the sanitizer; only
    those become `kimgen-url:` markers afterwards, so content that writes
    `kimgen-url:` itself (raw HTML, text) can never make the renderer emit a link.
    """

    def __init__(self, backlink_title: str = "Kembali ke catatan %d"):
        self.ctx: DocContext | None = None
        self.budget = Budget()
        self.scheme = f"kimgen-{os.urandom(8).hex()}"  # what secrets.token_hex does, without its hmac and OpenSSL
        # extension objects, not names: looking names up in the installed packages' entry points costs ~7 ms
        from markdown.extensions.fenced_code import FencedCodeExtension
        from markdown.extensions.footnotes import FootnoteExtension
        from markdown.extensions.sane_lists import SaneListExtension
        from markdown.extensions.tables import TableExtension
        from markdown.extensions.toc import TocExtension

        self.md = markdown.Markdown(
            extensions=[TableExtension(), FencedCodeExtension(), FootnoteExtension(BACKLINK_TITLE=backlink_title),
                        SaneListExtension(), TocExtension(), _KimExtension(self)],
            output_format="html",
        )

    def private(self, value: str | None) -> str | None:
        if value is None or not value.startswith(MARKER):
            return value
        return f"{self.scheme}:{quote(value[len(MARKER):], safe='/#')}"

    def convert(self, ctx: DocContext) -> str:
        deep = too_deep(ctx.body)
        if deep is not None:
            ctx.problems.error(ctx.source_rel, ctx.first_line + deep, "", _deep_message())
            return ""
        crowded = too_crowded(ctx.body)
        if crowded is not None:
            ctx.problems.error(ctx.source_rel, ctx.first_line + crowded, "",
                               msg("markdown_too_slow", seconds=f"{TIME_BUDGET:g}"))
            return ""
        self.ctx = ctx
        seconds, which = self.budget.limit()
        started = time.monotonic()
        try:
            with time_budget(seconds):
                html = self.md.reset().convert(ctx.body)
                report_forbidden(html, ctx)
                return self.sanitize(html, ctx)
        except RecursionError:
            ctx.problems.error(ctx.source_rel, ctx.first_line, "", _deep_message())
            return ""
        except TooSlow:
            ctx.problems.error(ctx.source_rel, ctx.first_line, "", self.budget.message(which))
            return ""
        finally:
            self.ctx = None
            self.budget.charge(time.monotonic() - started)

    def start_kim(self) -> None:
        """The next posts are another KIM's: they get a time budget of their own."""
        self.budget.kim_spent = 0.0

    def sanitize(self, html: str, ctx: DocContext | None = None) -> str:
        def keep(tag: str, attr: str, value: str) -> str | None:
            if attr == "class":
                kept = [c for c in value.split() if c in ALLOWED_CLASSES or c.startswith("language-")]
                return " ".join(kept) or None
            if (tag, attr) == ("img", "src") and is_remote(value):
                if ctx is not None:
                    ctx.problems.warning(ctx.source_rel, _line_of(value, ctx), "",
                                         remote_image(value, posixpath.dirname(ctx.doc_rel), "remote_left_out"))
                return None  # and the <img> left without a source goes too
            if (tag, attr) in {("a", "href"), ("img", "src")} and not value.startswith(self.scheme + ":"):
                # raw HTML links are held to the same rules as markdown ones
                if ctx is None or _scheme(value):  # nh3 let only URL_SCHEMES through
                    return value
                return self.private(resolve(value, ctx, "tautan" if attr == "href" else "gambar"))
            return value

        # nh3 swallows what this filter raises, printing it: no raise may leave it
        clean = nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                          url_schemes=URL_SCHEMES | {self.scheme}, link_rel="noopener", attribute_filter=keep)
        clean = _CONTENT_MARKER.sub("kimgen-url&#58;", _SOURCELESS_IMG.sub("", clean))
        return clean.replace(f"{self.scheme}:", MARKER)


# Some inputs make Python-Markdown's time grow with the square or cube of their size
# (thousands of `[` or `<a ` in one paragraph), so conversion runs on a clock. A real post takes
# milliseconds (a 500 KB one a few seconds): the first FREE_SECONDS of each conversion are free,
# and only the time beyond them is charged, to its KIM and to the build. So twenty hostile files
# cost one KIM budget, not twenty post budgets, and hostile KIMs together cost one build budget,
# while a KIM of thousands of ordinary posts is never charged at all. In a build with worker
# processes each worker keeps its own count, so the build's wall time stays within one.
TIME_BUDGET = 10.0  # one post, whatever is left
FREE_SECONDS = 1.0
KIM_BUDGET = 20.0
BUILD_BUDGET = 60.0


class TooSlow(Exception):
    pass


@dataclass
class Budget:
    """Markdown time charged so far to the current KIM and to the whole build (this process)."""

    kim_spent: float = 0.0
    build_spent: float = 0.0

    def limit(self) -> tuple[float, str]:
        """Seconds the next conversion may take, and which budget sets that limit."""
        options = [(TIME_BUDGET, "post"), (FREE_SECONDS + max(0.0, KIM_BUDGET - self.kim_spent), "kim"),
                   (FREE_SECONDS + max(0.0, BUILD_BUDGET - self.build_spent), "build")]
        return min(options, key=lambda option: option[0])  # the first on a tie: the narrowest scope

    def charge(self, seconds: float) -> None:
        beyond = max(0.0, seconds - FREE_SECONDS)
        self.kim_spent += beyond
        self.build_spent += beyond

    @staticmethod
    def message(which: str) -> str:
        if which == "kim":
            return msg("markdown_kim_budget", seconds=f"{KIM_BUDGET:g}")
        if which == "build":
            return msg("markdown_build_budget", seconds=f"{BUILD_BUDGET:g}")
        return msg("markdown_too_slow", seconds=f"{TIME_BUDGET:g}")


@contextlib.contextmanager
def time_budget(seconds: float):
    """Raise TooSlow inside the block after `seconds` (main thread on Unix only; elsewhere no limit)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expired(signum, frame):
        raise TooSlow()

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, max(seconds, 0.001))  # 0 would mean no alarm at all
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# Python-Markdown's time grows with the cube of list and quote nesting (2,000 nested
# list items take minutes), so a body nested deeper than any real post is refused first.
MAX_QUOTE_DEPTH = 10
MAX_LIST_INDENT = 40


def _deep_message() -> str:
    return msg("markdown_too_deep", quotes=MAX_QUOTE_DEPTH, indent=MAX_LIST_INDENT)
_QUOTES = re.compile(r"^(?: {0,3}>)+")


def too_deep(body: str) -> int | None:
    """Index of the first line nested deeper than Python-Markdown handles in reasonable time, or None."""
    for index, line in enumerate(body.split("\n")):
        quotes = _QUOTES.match(line)
        if quotes and quotes.group().count(">") > MAX_QUOTE_DEPTH:
            return index
        expanded = line.expandtabs(4)
        if len(expanded) - len(expanded.lstrip(" ")) > MAX_LIST_INDENT and _LIST_ITEM.match(expanded):
            return index
    return None


# The brackets and angle brackets of one paragraph cost Python-Markdown quadratic time;
# 1,000 of either take well under a second, and no real paragraph has that many.
MAX_BRACKETS_PER_BLOCK = 1000


def too_crowded(body: str) -> int | None:
    """Index of the first line of a paragraph with more `[` or `<` than MAX_BRACKETS_PER_BLOCK, or None."""
    start = 0
    for block in re.split(r"\n[ \t]*\n", body):
        if block.count("[") > MAX_BRACKETS_PER_BLOCK or block.count("<") > MAX_BRACKETS_PER_BLOCK:
            return body.count("\n", 0, body.find(block, start)) if block else 0
        start += len(block)
    return None


class _Forbidden(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []  # (what the admin wrote, what to search for in the source)

    def handle_starttag(self, tag, attrs):
        if tag in FORBIDDEN_TAGS:
            self.found.append((f"<{tag}>", f"<{tag}"))
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append((msg("what_attribute", name=name), name))
            if name not in _URL_ATTRS:
                continue  # a title or alt that mentions javascript: is only text
            normal = _CONTROL.sub("", value or "").lower()
            for scheme in FORBIDDEN_SCHEMES:
                if normal.startswith(scheme) or (scheme != "data:" and scheme in normal):
                    self.found.append((msg("what_address", scheme=scheme), scheme.rstrip(":")))


def report_forbidden(html: str, ctx: DocContext) -> None:
    """Name every piece of raw HTML the sanitizer will drop because it could run script or embed pages."""
    parser = _Forbidden()
    parser.feed(html)
    parser.close()
    lowered = ctx.body.lower()
    seen = set()
    for what, needle in parser.found:
        if what in seen:
            continue
        seen.add(what)
        index = lowered.find(needle)
        line = ctx.first_line + (ctx.body.count("\n", 0, index) if index >= 0 else 0)
        video = what == "<iframe>" and "youtu" in lowered
        ctx.problems.error(ctx.source_rel, line, "", msg("forbidden_html_video" if video else "forbidden_html", what=what))


def sanitize(html: str) -> str:
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
                     link_rel="noopener")


def plain_text(html: str) -> str:
    """Text of an HTML fragment, for summaries made from the body."""
    return re.sub(r"\s+", " ", nh3.clean(html, tags=set())).strip()
