"""The editor as a web application (Starlette), and `serve()`, which runs it with uvicorn.

Every answer carries a strict Content-Security-Policy and the other headers below; a request
body over MAX_BODY is refused before it is read; every page but the login needs a session, and
every form a CSRF token. Handlers run in a worker thread: git, Pillow and the theme block.
"""

from __future__ import annotations

import sys
import traceback
from pathlib import Path
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.formparsers import MultiPartException
from starlette.requests import ClientDisconnect
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from kimgen.editor import uploads, views_account as account, views_posts as posts, views_profile
from kimgen.editor.checks import ProvinceBroken
from kimgen.editor.confine import NotFound as Outside
from kimgen.editor.web import SESSION_COOKIE, Editor, Expired, NotFound, Req, redirect

STATIC = Path(__file__).parent / "static"
MAX_BODY = 30 * 1024 * 1024  # one phone photo (25 MB at most) and the text of the form
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-src 'self'; "
       "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
# no camera=(): a phone's photos come through the file input, which must keep its camera
HEADERS = {"content-security-policy": CSP, "x-content-type-options": "nosniff", "referrer-policy": "no-referrer",
           "x-frame-options": "DENY", "cross-origin-opener-policy": "same-origin",
           "permissions-policy": "microphone=(), geolocation=(), payment=(), usb=()"}


class TooLarge(Exception):
    pass


class Guard:
    """ASGI middleware: the security headers on every answer, and the size limit on every request."""

    def __init__(self, app, editor: Editor, max_body: int = MAX_BODY):
        self.app, self.editor, self.max_body = app, editor, max_body

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        static = scope["path"].startswith("/statis/")

        async def headed(message):
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for key, value in HEADERS.items():
                    headers.setdefault(key, value)
                headers.setdefault("cache-control", "public, max-age=86400" if static else "no-store")
            await send(message)

        declared = dict(scope.get("headers") or []).get(b"content-length", b"0")
        if declared.isdigit() and int(declared) > self.max_body:
            html = self.editor.env.get_template("pesan.html").render(
                t=(t := self.editor.words()), lang=t.lang, user=None, csrf="", title=t("too_big_title"),
                text=t("too_big_text", mb=self.max_body // (1024 * 1024))).encode("utf-8")
            await headed({"type": "http.response.start", "status": 413,
                          "headers": [(b"content-type", b"text/html; charset=utf-8"),
                                      (b"content-length", str(len(html)).encode()), (b"connection", b"close")]})
            await send({"type": "http.response.body", "body": html})
            return
        seen = 0

        async def limited():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise TooLarge()
            return message

        await self.app(scope, limited, headed)


def dispatch(editor: Editor, request, form, view, login: bool, problem: tuple | None = None):
    t = editor.words()
    found = editor.sessions.find(request.cookies.get(SESSION_COOKIE))
    user, csrf = found if found else (None, "")
    req = Req(editor, request, form, user, csrf, t)
    if problem:
        return req.message(problem[0], t(problem[1], mb=MAX_BODY // (1024 * 1024)), problem[2])
    try:
        if login and user is None:
            if request.method == "GET":
                return redirect("/masuk?lanjut=" + quote(request.url.path))
            raise Expired()
        if login and request.method == "POST":
            req.check_csrf(csrf)
        return view(req, **request.path_params)
    except (NotFound, Outside):
        return req.message("not_found_title", t("not_found_text"), 404)
    except Expired:
        return req.message("expired_title", t("expired_text"), 403)
    except ProvinceBroken as exc:
        return req.message("fault_title", t("province_broken", problems=str(exc)), 503)
    except Exception as exc:  # noqa: BLE001 - a page that says so, and the trace for the operator's log
        traceback.print_exc(file=sys.stderr)
        return req.message("fault_title", t("fault_text", error=type(exc).__name__), 500)


def page(path: str, view, post: bool = False, login: bool = True) -> Route:
    async def endpoint(request):
        editor = request.app.state.editor
        form, problem = None, None
        if request.method == "POST":
            try:
                form = await request.form(max_files=2, max_fields=300, max_part_size=2 * 1024 * 1024)
            except TooLarge:
                problem = ("too_big_title", "too_big_text", 413)
            except (MultiPartException, ClientDisconnect, ValueError, KeyError):
                problem = ("bad_form_title", "bad_form_text", 400)
        return await run_in_threadpool(dispatch, editor, request, form, view, login, problem)

    return Route(path, endpoint, methods=["GET", "POST"] if post else ["GET"])


def make_app(editor: Editor) -> Starlette:
    routes = [
        page("/", account.home),
        page("/masuk", account.login, post=True, login=False),
        page("/keluar", account.logout, post=True),
        page("/sandi", account.password, post=True),
        page("/kim/{slug}/", posts.kim_page),
        page("/kim/{slug}/tulis/{kind}", posts.new_post, post=True),
        page("/kim/{slug}/ubah/{kind}/{name}", posts.edit_post, post=True),
        page("/kim/{slug}/hapus/{kind}/{name}", posts.delete_post, post=True),
        page("/kim/{slug}/profil", views_profile.profile, post=True),
        page("/kim/{slug}/gambar/{rel:path}", posts.thumbnail),
        page("/pratinjau/{token}/{path:path}", account.preview_file),
        Mount("/statis", app=StaticFiles(directory=STATIC), name="statis"),
    ]
    app = Starlette(routes=routes)
    app.state.editor = editor
    app.add_middleware(Guard, editor=editor, max_body=MAX_BODY)
    return app


class SetupError(Exception):
    """Said to the operator (Indonesian); exit code 2."""


def open_editor(root: Path, data: Path, push: bool = False) -> Editor:
    """The editor over `root`, its accounts in `data`; SetupError when that cannot be (nothing created then)."""
    from kimgen.editor.git import GitError, Repo

    data = Path(data).resolve()
    try:
        top = Repo(root, data / "git.lock").top
    except GitError as exc:
        raise SetupError(f"{exc} Editor menyimpan setiap perubahan sebagai komit; jalankan `git init` di folder "
                         "konten atau pakai klon repositori kontennya.") from None
    if data == top or top in data.parents:
        raise SetupError(f"--data {data} berada di dalam repositori konten; akun dan sesi tidak boleh ikut "
                         "dikomit. Pilih folder lain, misalnya /var/lib/kimgen-editor.")
    return Editor(root, data, push)


def serve(root: Path, data: Path, host: str = "127.0.0.1", port: int = 8080, push: bool = False) -> None:
    import uvicorn

    editor = open_editor(root, data, push)
    if editor.repo.branch() is None:
        print("kimgen editor: HEAD repositori konten tidak berada di cabang (detached); komit tidak akan "
              "masuk cabang mana pun. Jalankan `git switch main` dulu.", file=sys.stderr)
    for removed in uploads.sweep(editor.store, editor.repo, editor.root):
        print(f"kimgen editor: foto unggahan yang tidak dipakai dihapus: {removed}", file=sys.stderr)
    print(f"kimgen editor: http://{host}:{port}/ (konten: {editor.root}, data: {editor.data})", file=sys.stderr)
    uvicorn.run(make_app(editor), host=host, port=port, proxy_headers=True, forwarded_allow_ips="127.0.0.1",
                server_header=False, log_level="info")
