"""What every page of the editor shares: the running editor, one request, pages and answers.

Request handlers are plain functions run in a worker thread (git, Pillow and the theme block);
they get a `Req` and return a Response. Every page is a Jinja2 template with autoescape on.
"""

from __future__ import annotations

import secrets
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from kimgen.editor.accounts import Accounts, User
from kimgen.editor.git import Repo
from kimgen.editor.sessions import Sessions, same
from kimgen.editor.store import Store
from kimgen.editor.words import Words
from kimgen.problems.messages import use_language_of

TEMPLATES = Path(__file__).parent / "templates"
SESSION_COOKIE = "kimgen_sesi"
LOGIN_COOKIE = "kimgen_masuk"  # the login form's own CSRF token, before there is a session
PREVIEWS_KEPT = 40
PREVIEW_LIFETIME = 3600


class NotFound(Exception):
    """Answered 404 whatever the reason (no such page, or not this admin's)."""


class Expired(Exception):
    """A form without its CSRF token: answered 403."""


@dataclass
class Preview:
    user: str
    outputs: dict
    made: float = field(default_factory=time.time)


class Editor:
    """The running editor: the content root, its repository, the accounts, previews kept for a while."""

    def __init__(self, root: Path, data: Path, push: bool = False):
        self.root = Path(root).resolve()
        self.data = Path(data).resolve()
        self.store = Store(self.data)
        self.accounts = Accounts(self.store)
        self.sessions = Sessions(self.store, self.accounts)
        self.repo = Repo(self.root, self.data / "git.lock")
        self.cache = self.data / "cache"
        self.push = push
        self.env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                                      undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
        self._previews: dict[str, Preview] = {}
        self._preview_lock = threading.Lock()
        self._pushing = threading.Lock()
        self._flashes: dict[str, str] = {}

    def flash(self, user: str, text: str) -> None:
        """A line to show on the next page this user sees (after a redirect)."""
        self._flashes[user] = text

    def pop_flash(self, user: str) -> str:
        return self._flashes.pop(user, "")

    def words(self) -> Words:
        return Words(use_language_of(self.root))

    def keep_preview(self, user: str, outputs: dict) -> str:
        token = secrets.token_urlsafe(16)
        with self._preview_lock:
            now = time.time()
            for old in [k for k, p in self._previews.items() if now - p.made > PREVIEW_LIFETIME]:
                del self._previews[old]
            while len(self._previews) >= PREVIEWS_KEPT:
                del self._previews[next(iter(self._previews))]
            self._previews[token] = Preview(user, outputs)
        return token

    def preview(self, token: str, user: str) -> Preview | None:
        with self._preview_lock:
            found = self._previews.get(token)
        return found if found and found.user == user and time.time() - found.made <= PREVIEW_LIFETIME else None

    def pushed_later(self) -> None:
        """--push: push in the background, one push at a time; a failure is logged for the operator."""
        if not self.push:
            return

        def run():
            with self._pushing, self.repo.locked():
                try:
                    self.repo.push()
                except Exception as exc:  # noqa: BLE001 - the commit is safe; the next push carries it
                    print(f"kimgen editor: push gagal, komit tetap tersimpan dan ikut push berikutnya: {exc}",
                          file=sys.stderr, flush=True)

        threading.Thread(target=run, daemon=True).start()


@dataclass
class Req:
    editor: Editor
    request: Request
    form: FormData | None
    user: User | None
    csrf: str
    t: Words

    @property
    def root(self) -> Path:
        return self.editor.root

    def value(self, name: str, default: str = "") -> str:
        found = self.form.get(name) if self.form is not None else None
        return found if isinstance(found, str) else default

    def upload(self, name: str) -> UploadFile | None:
        found = self.form.get(name) if self.form is not None else None
        return found if isinstance(found, UploadFile) and found.filename else None

    def address(self) -> str:
        return self.request.client.host if self.request.client else "?"

    @property
    def https(self) -> bool:
        return self.request.url.scheme == "https"

    def page(self, template: str, status: int = 200, **context) -> HTMLResponse:
        html = self.editor.env.get_template(template).render(
            t=self.t, lang=self.t.lang, user=self.user, csrf=self.csrf, **context)
        return HTMLResponse(html, status_code=status)

    def message(self, title_key: str, text: str, status: int) -> HTMLResponse:
        return self.page("pesan.html", status=status, title=self.t(title_key), text=text)

    def check_csrf(self, expected: str) -> None:
        if not same(self.value("csrf"), expected):
            raise Expired()


def redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def login_token() -> str:
    return secrets.token_urlsafe(24)


def set_cookie(response: Response, name: str, value: str, https: bool, max_age: int | None = None) -> None:
    response.set_cookie(name, value, max_age=max_age, path="/", httponly=True, samesite="lax", secure=https)
