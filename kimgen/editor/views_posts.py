"""A KIM's page (its posts, newest first) and the forms that write, edit and delete a post."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from starlette.responses import Response

from kimgen.editor import checks, editing, posts, uploads
from kimgen.editor.confine import NotFound as Outside, kim_folder, post_file
from kimgen.editor.forms import Input, file_name, form_values, merged, post_inputs, post_text
from kimgen.editor.git import file_hash
from kimgen.editor.views_account import changes, preview_url
from kimgen.editor.web import NotFound, Req, redirect
from kimgen.problems import Problem

NEW_KINDS = ("berita", "agenda", "pengumuman", "cek-fakta", "potensi", "halaman")
# commit messages are Indonesian whatever the site's language: the repository's history is the Diskominfo's
COMMIT_KIND = {"berita": "berita", "agenda": "agenda", "pengumuman": "pengumuman", "cek-fakta": "cek fakta",
               "potensi": "potensi desa", "halaman": "halaman", "galeri": "galeri"}
TOOLS = {"tebal": ("tool_bold", "**{bold}**", False), "miring": ("tool_italic", "_{italic}_", False),
         "subjudul": ("tool_heading", "## {heading}", True), "daftar": ("tool_list", "- {item} 1\n- {item} 2", True),
         "tautan": ("tool_link", "[{link}](https://)", False), "kutipan": ("tool_quote", "> {quote}", True)}


def own_kim(req: Req, slug: str):
    """The KIM's folder, when it is one of this admin's; 404 otherwise, whether it exists or not."""
    if not req.user.can_edit(slug):
        raise NotFound(slug)
    try:
        return kim_folder(req.root, slug)
    except Outside:
        raise NotFound(slug) from None


def _located(req: Req, slug: str, kind: str, name: str):
    try:
        return post_file(req.root, slug, kind, name)
    except Outside:
        raise NotFound(name) from None


def kim_page(req: Req, slug: str) -> Response:
    own_kim(req, slug)
    kim, setup, found = checks.problems_by_file(req.root, slug)
    items = posts.entries(req.root, slug, found)
    broken = sorted(path for path, items_ in found.items() if any(p.level == "error" for p in items_))
    site = (kim.profile.base_url if kim and kim.profile.base_url else f"{setup.province.base_url}{slug}/")
    return req.page("kim.html", title=kim.profile.nama if kim else slug, slug=slug, items=items, kinds=NEW_KINDS,
                    broken=len(broken), site=site, flash=req.editor.pop_flash(req.user.name),
                    changes=changes(req, slug))


@dataclass
class PostForm:
    slug: str
    kind: str
    name: str  # the file's name; "" for a post not written yet
    inputs: list[Input]
    values: dict[str, str] = field(default_factory=dict)
    body: str = ""
    asal: str = ""  # git blob id of the file when the form was opened: a save checks it has not changed
    raw: bool = False  # edited as the whole text (albums, files the form cannot take apart)
    text: str = ""

    @property
    def title(self) -> str:
        if self.raw:
            return str(posts.parse(self.text, "").data.get("judul") or self.name)
        return self.values.get("judul", "").strip() or self.name


def _today(req: Req) -> dt.date:
    return checks.province(req.root).now.date()


def new_post(req: Req, slug: str, kind: str) -> Response:
    own_kim(req, slug)
    if kind not in NEW_KINDS:
        raise NotFound(kind)
    form = PostForm(slug, kind, "", post_inputs(kind))
    if req.request.method == "POST":
        return _submit(req, form, None)
    form.values = {inp.key: "" for inp in form.inputs}
    if "tanggal" in form.values and kind != "halaman":
        form.values["tanggal"] = _today(req).isoformat()
    if "penulis" in form.values:
        form.values["penulis"] = req.user.full_name
    return show(req, form)


def edit_post(req: Req, slug: str, kind: str, name: str) -> Response:
    own_kim(req, slug)
    path = _located(req, slug, kind, name)
    if not path.is_file():
        raise NotFound(name)
    original = posts.read(path, f"kim/{slug}/{kind}/{name}")
    raw = bool(original.problem) or kind == "galeri"
    form = PostForm(slug, kind, name, [] if raw else post_inputs(kind), raw=raw)
    if req.request.method == "POST":
        return _submit(req, form, original)
    form.asal = file_hash(path)
    form.text = original.text
    form.values, form.body = form_values(form.inputs, original.data), original.body
    return show(req, form)


def show(req: Req, form: PostForm, placed: editing.Placed | None = None, status: int = 200, **extra) -> Response:
    t = req.t
    title = t("edit_title", kind=t("kind_" + form.kind).lower()) if form.name else t("new_" + form.kind)
    return req.page("tulis.html", status=status, title=title, form=form, placed=placed or editing.Placed(),
                    media=uploads.choices(req.root, form.slug), tools=_tools(t), kim=form.slug,
                    **{"notes": [], "preview": "", "conflict": None, "notice": "", "exists": "", **extra})


def _tools(t) -> dict[str, tuple[str, str, bool]]:
    """The toolbar: label, the markdown it adds (in the admin's words), whether it starts a block."""
    words = {k: t("snippet_" + k) for k in ("bold", "italic", "heading", "item", "link", "quote")}
    return {key: (label, snippet.format(**words), block) for key, (label, snippet, block) in TOOLS.items()}


def _append(body: str, block: str, inline: bool = False) -> str:
    body = body.rstrip()
    if not body:
        return block + "\n"
    return f"{body} {block}\n" if inline else f"{body}\n\n{block}\n"


def _moment(value, zone: ZoneInfo) -> dt.datetime | None:
    """When a post dated `value` is published (naive dates are the province's)."""
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=zone)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time(), zone)
    return None


def _submit(req: Req, form: PostForm, original: posts.Parsed | None) -> Response:
    t = req.t
    form.asal = req.value("asal")
    form.values = {inp.key: req.value(inp.key) for inp in form.inputs}
    form.body, form.text = req.value("isi"), req.value("teks")
    notes = []
    photo, photo_problem = editing.take_photo(req, form.slug, form.title)
    if photo:
        notes.append(t("photo_saved", name=photo))
        picture = f"![{form.title.replace(']', '')}](../{photo})"
        if form.raw:
            form.text = _append(form.text, picture)
        elif req.value("foto_untuk") == "isi" or (req.value("foto_untuk") != "sampul" and form.values.get("gambar")):
            form.body = _append(form.body, picture)
        else:
            form.values["gambar"] = photo
    tool = _tools(t).get(req.value("alat"))
    if tool and not form.raw:
        form.body = _append(form.body, tool[1], inline=not tool[2])
        return show(req, form, notes=notes)

    setup = checks.province(req.root)
    zone = ZoneInfo(setup.province.timezone)
    if form.raw:
        data, check_text = None, form.text.replace("\r\n", "\n")
        moment = None
    else:
        data = merged(form.inputs, form.values, original.data if original else None)
        check_text = post_text({k: v for k, v in data.items() if k != "draf"}, form.body)
        moment = _moment(data.get("tanggal"), zone)
    dated = data.get("tanggal") if data else None
    day = dated.date() if isinstance(dated, dt.datetime) else dated if isinstance(dated, dt.date) else setup.now.date()
    name = form.name or file_name(form.kind, form.values.get("judul", ""), day)
    checked = checks.check(req.root, form.slug, f"{form.kind}/{name}", check_text, form.kind, moment)
    placed = editing.place(checked.problems, check_text, form.inputs)
    editing.plain_required(placed, form.inputs, form.values, t("required_empty"))
    if photo_problem:
        placed.add("foto", Problem(checked.rel, 0, "foto", photo_problem))
    action = req.value("aksi")
    if action not in {"draf", "terbitkan"}:
        made = checks.preview(req.root, req.editor.cache, checked)
        url = preview_url(req.editor.keep_preview(req.user.name, made[1]), made[0]) if made else ""
        return show(req, form, placed, notes=notes, preview=url, preview_failed=not made)
    if checked.errors or photo_problem:
        return show(req, form, placed, status=400, notes=notes, notice=t("cannot_publish"))
    path = _located(req, form.slug, form.kind, name)
    if not form.name and path.exists():
        return show(req, form, placed, status=409, notes=notes, exists=f"/kim/{form.slug}/ubah/{form.kind}/{name}")
    if form.raw:
        text = check_text if check_text.endswith("\n") else check_text + "\n"
    else:
        kept = {k: v for k, v in data.items() if k != "draf"}
        text = post_text({**kept, "draf": True} if action == "draf" else kept, form.body)
    verb = "Simpan draf" if action == "draf" else "Perbarui" if form.name else "Terbitkan"
    saved = editing.save(req, form.slug, lambda: _located(req, form.slug, form.kind, name), text, form.asal,
                         f"{verb} {COMMIT_KIND[form.kind]}: {form.title}")
    if saved.conflict:
        form.asal = saved.asal
        return show(req, form, placed, status=409, notes=notes, conflict=saved)
    if saved.error:
        return show(req, form, placed, status=503, notes=notes, notice=saved.error)
    req.editor.flash(req.user.name, t("done_draft" if action == "draf" else "done_publish", title=form.title))
    return redirect(f"/kim/{form.slug}/")


def delete_post(req: Req, slug: str, kind: str, name: str) -> Response:
    own_kim(req, slug)
    path = _located(req, slug, kind, name)
    if not path.is_file():
        raise NotFound(name)
    title = str(posts.read(path, f"kim/{slug}/{kind}/{name}").data.get("judul") or name)
    asal, conflict = file_hash(path), None
    if req.request.method == "POST":
        saved = editing.save(req, slug, lambda: _located(req, slug, kind, name), None, req.value("asal"),
                             f"Hapus {COMMIT_KIND[kind]}: {title}")
        if saved.ok:
            req.editor.flash(req.user.name, req.t("done_delete", title=title))
            return redirect(f"/kim/{slug}/")
        if saved.error:
            return req.message("fault_title", saved.error, 503)
        asal, conflict = saved.asal, saved
    return req.page("hapus.html", status=409 if conflict else 200, title=req.t("delete_title"), post_title=title,
                    slug=slug, kind=kind, name=name, asal=asal, conflict=conflict)


def thumbnail(req: Req, slug: str, rel: str) -> Response:
    own_kim(req, slug)
    try:
        data = uploads.thumbnail(req.root, slug, rel, req.editor.cache)
    except Outside:
        raise NotFound(rel) from None
    return Response(data, media_type="image/jpeg", headers={"Cache-Control": "private, max-age=3600"})
