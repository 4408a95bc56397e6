"""Logging in and out, the home page (the admin's KIMs, recent changes), a new password, previews."""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import quote

from starlette.responses import FileResponse, Response

from kimgen.config.slugs import is_slug
from kimgen.editor.accounts import MIN_PASSWORD, AccountError, check_password
from kimgen.editor.confine import NotFound as Outside, kim_folder
from kimgen.editor.sessions import LIFETIME, same
from kimgen.editor.web import LOGIN_COOKIE, SESSION_COOKIE, NotFound, Req, login_token, redirect, set_cookie

PREVIEW_CSP = ("default-src 'none'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; media-src 'self'; "
               "font-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'none'")


def _next(target: str) -> str:
    """Where to go after logging in: a path of this site only (never `//other.host`)."""
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else "/"


def login(req: Req) -> Response:
    wrong = ""
    name = req.value("nama").strip().lower()[:100]
    if req.request.method == "POST":
        if not same(req.value("csrf"), req.request.cookies.get(LOGIN_COOKIE, "")):
            return req.message("expired_title", req.t("expired_text"), 403)
        sessions = req.editor.sessions
        wait = sessions.wait(name, req.address())
        if wait:
            wrong = req.t("login_throttled", minutes=max(1, -(-wait // 60)))
        else:
            user = req.editor.accounts.verify(name, req.value("sandi"))
            if user is not None:
                sessions.succeeded(name)
                response = redirect(_next(req.value("lanjut", "/")))
                set_cookie(response, SESSION_COOKIE, sessions.start(user.name), req.https, LIFETIME)
                response.delete_cookie(LOGIN_COOKIE, path="/")
                return response
            sessions.failed(name, req.address())
            wrong = req.t("login_wrong")
    token = login_token()
    response = req.page("masuk.html", status=401 if wrong else 200, title=req.t("login_title"), wrong=wrong,
                        name=name, login_csrf=token, next=_next(req.request.query_params.get("lanjut", "/")))
    set_cookie(response, LOGIN_COOKIE, token, req.https)
    return response


def logout(req: Req) -> Response:
    req.editor.sessions.end(req.request.cookies.get(SESSION_COOKIE))
    response = redirect("/masuk")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


def home(req: Req) -> Response:
    user = req.user
    kims = []
    for slug in user.kims:
        try:
            kim_folder(req.root, slug)
        except Outside:
            continue
        kims.append(slug)
    if len(kims) == 1 and not user.pembina:
        return redirect(f"/kim/{kims[0]}/")
    return req.page("beranda.html", title=req.t("home"), kims=kims, changes=changes(req, None))


def changes(req: Req, slug: str | None) -> list[dict]:
    """Recent commits: of one KIM, of the admin's KIMs, or (a pembina) of every KIM."""
    user = req.user
    if slug:
        specs = [f"kim/{slug}/"]
    elif user.pembina:
        specs = ["kim/"]
    else:
        specs = [f"kim/{s}/" for s in user.kims]
    found = []
    for change in req.editor.repo.history(specs, 30):
        kims = sorted({p.split("/")[1] for p in change.paths if p.startswith("kim/") and p.count("/") >= 2})
        found.append({"message": change.message, "author": change.author, "date": req.t.date(change.date),
                      "kims": [k for k in kims if is_slug(k)]})
    return found


def password(req: Req) -> Response:
    problem = ""
    if req.request.method == "POST":
        new = req.value("baru")
        if req.editor.accounts.verify(req.user.name, req.value("lama")) is None:
            problem = req.t("login_wrong")
        elif new != req.value("ulang"):
            problem = req.t("password_mismatch")
        else:
            try:
                check_password(new)
            except AccountError:
                problem = req.t("password_short", n=MIN_PASSWORD)
            else:
                req.editor.accounts.set_password(req.user.name, new)  # ends every session, this one too
                response = req.message("password_title", req.t("password_changed"), 200)
                response.delete_cookie(SESSION_COOKIE, path="/")
                return response
    return req.page("sandi.html", status=400 if problem else 200, title=req.t("password_title"), problem=problem)


def preview_file(req: Req, token: str, path: str) -> Response:
    """A page of a preview, or a stylesheet or photo it uses. Only for the admin who made it."""
    found = req.editor.preview(token, req.user.name)
    if found is None or path not in found.outputs:
        raise NotFound(path)
    data = found.outputs[path]
    kind = mimetypes.guess_type(path)[0] or "application/octet-stream"
    headers = {"Content-Security-Policy": PREVIEW_CSP, "X-Frame-Options": "SAMEORIGIN"}
    if isinstance(data, Path):
        return FileResponse(data, media_type=kind, headers=headers)
    return Response(data, media_type=kind, headers=headers)


def preview_url(token: str, site_path: str) -> str:
    return f"/pratinjau/{token}/{quote(site_path)}"
