"""Markdown to safe HTML for one KIM: links resolved, headings shifted, sanitized.

Links to posts and media are written as `kimgen-url:<site path>` markers; the
renderer turns them into relative URLs for each page (or absolute ones in
feeds), so one rendered body serves every place it appears.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

import markdown
import nh3
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from kimgen.messages import did_you_mean, msg
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
URL_SCHEMES = {"http", "https", "mailto", "tel", "kimgen-url"}


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


def resolve(target: str, ctx: DocContext, what: str, fld: str = "", line: int | None = None) -> str | None:
    """Turn a relative link or image path into a marker; report what points at nothing.

    `line` is given for front matter values (gambar); body links find their own line.
    """
    parts = urlsplit(target)
    if parts.scheme or target.startswith(("#", "//")):
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
        if candidate in ctx.media:
            return f"{MARKER}{ctx.kim_slug}/{candidate}"
    resolved = posixpath.normpath(posixpath.join(base, path))
    if resolved.startswith(".."):
        message = msg("path_outside", what=what, target=target)
    elif path.lower().endswith(".md"):
        message = msg("post_missing", what=what, target=target, hint=_closest(path, ctx.post_urls, ctx.doc_rel))
    else:
        message = msg("file_missing", what=what, target=target, hint=_closest(path, ctx.media, ctx.doc_rel))
    ctx.problems.error(ctx.source_rel, line, fld, message)
    return None


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
        for el in root.iter():
            attr = "href" if el.tag == "a" else "src" if el.tag == "img" else None
            if attr and el.get(attr):
                value = resolve(el.get(attr), ctx, msg("what_link") if attr == "href" else msg("what_image"))
                if value is None:
                    del el.attrib[attr]
                else:
                    el.set(attr, value)


class _KimExtension(Extension):
    def __init__(self, owner):
        super().__init__()
        self.owner = owner

    def extendMarkdown(self, md):
        md.preprocessors.register(_ListIndent(md), "kimgen_lists", 25)
        md.treeprocessors.register(_Rewrite(md, self.owner), "kimgen_rewrite", 5)


class KimMarkdown:
    """One reusable converter (building a Markdown object costs more than a post)."""

    def __init__(self, backlink_title: str = "Kembali ke catatan %d"):
        self.ctx: DocContext | None = None
        self.md = markdown.Markdown(
            extensions=["tables", "fenced_code", "footnotes", "sane_lists", "toc", _KimExtension(self)],
            extension_configs={"footnotes": {"BACKLINK_TITLE": backlink_title}},
            output_format="html",
        )

    def convert(self, ctx: DocContext) -> str:
        self.ctx = ctx
        try:
            html = self.md.reset().convert(ctx.body)
        finally:
            self.ctx = None
        return sanitize(html)


def sanitize(html: str) -> str:
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
                     link_rel="noopener")


def plain_text(html: str) -> str:
    """Text of an HTML fragment, for summaries made from the body."""
    return re.sub(r"\s+", " ", nh3.clean(html, tags=set())).strip()
