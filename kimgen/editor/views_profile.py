"""The form for the key fields of a KIM's profil.yaml; the other keys of the file are kept as they are."""

from __future__ import annotations

from starlette.responses import Response

from kimgen.config.yamlfile import ContentError, load_yaml, read_text
from kimgen.editor import checks, editing, uploads
from kimgen.editor.confine import NotFound as Outside, profile_file
from kimgen.editor.forms import dump_yaml, form_values, merged, profile_inputs
from kimgen.editor.git import file_hash
from kimgen.editor.views_account import preview_url
from kimgen.editor.views_posts import own_kim
from kimgen.editor.web import NotFound, Req, redirect
from kimgen.problems import Problem

MAX_BYTES = 512 * 1024


def _located(req: Req, slug: str):
    try:
        return profile_file(req.root, slug)
    except Outside:
        raise NotFound(slug) from None


def _read(path, rel) -> tuple[dict | None, str]:
    """The profile's data (None when the form cannot take the file apart) and its text."""
    try:
        text = read_text(path, rel, MAX_BYTES)
    except ContentError:
        return None, ""
    try:
        data = load_yaml(text, rel)[0]
    except ContentError:
        return None, text
    return ({str(k): v for k, v in data.items()} if isinstance(data, dict) else None), text


def profile(req: Req, slug: str) -> Response:
    own_kim(req, slug)
    path = _located(req, slug)
    rel = f"kim/{slug}/profil.yaml"
    setup = checks.province(req.root)
    data, text = _read(path, rel) if path.is_file() else ({}, "")
    raw = data is None
    inputs = [] if raw else profile_inputs([k.nama for k in setup.province.kabupaten])
    context = dict(slug=slug, inputs=inputs, raw=raw, media=uploads.choices(req.root, slug), notes=[], preview="",
                   conflict=None, notice="", placed=editing.Placed(), preview_failed=False)
    if req.request.method != "POST":
        values = {} if raw else form_values(inputs, data)
        return req.page("profil.html", title=req.t("edit_profile"), values=values, text=text, asal=file_hash(path),
                        **context)
    values = {inp.key: req.value(inp.key) for inp in inputs}
    asal = req.value("asal")
    photo, photo_problem = editing.take_photo(req, slug, values.get("nama") or slug)
    if photo:
        context["notes"].append(req.t("photo_saved", name=photo))
        if not raw:
            values["logo" if req.value("foto_untuk") == "logo" else "sampul"] = photo
    candidate = req.value("teks").replace("\r\n", "\n") if raw else dump_yaml(merged(inputs, values, data))
    checked = checks.check(req.root, slug, "profil.yaml", candidate, "profil")
    placed = editing.place(checked.problems, candidate, inputs, front_matter=False)
    editing.plain_required(placed, inputs, values, req.t("required_empty"))
    if photo_problem:
        placed.add("foto", Problem(rel, 0, "foto", photo_problem))
    context["placed"] = placed
    page = dict(title=req.t("edit_profile"), values=values, text=candidate, asal=asal)
    if req.value("aksi") != "simpan":
        made = checks.preview(req.root, req.editor.cache, checked)
        context["preview"] = preview_url(req.editor.keep_preview(req.user.name, made[1]), made[0]) if made else ""
        context["preview_failed"] = not made
        return req.page("profil.html", **page, **context)
    if checked.errors or photo_problem:
        context["notice"] = req.t("cannot_publish")
        return req.page("profil.html", status=400, **page, **context)
    name = values.get("nama") or slug
    saved = editing.save(req, slug, lambda: _located(req, slug), candidate, asal, f"Perbarui profil KIM: {name}")
    if saved.conflict:
        context["conflict"], page["asal"] = saved, saved.asal
        return req.page("profil.html", status=409, **page, **context)
    if saved.error:
        context["notice"] = saved.error
        return req.page("profil.html", status=503, **page, **context)
    req.editor.flash(req.user.name, req.t("done_profile"))
    return redirect(f"/kim/{slug}/")
