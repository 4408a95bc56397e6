"""`kimgen serve`: live preview that rebuilds on save and reloads the open browser page.

Follows MkDocs' livereload design: build into a temporary folder (never into
sites/), watch the content root and the theme, debounce a burst of editor events
into one rebuild, hold requests while a rebuild runs so a half-written page is
never served, and keep serving whatever happens to the content. Pages get a
small same-origin script (the theme's CSP allows only `script-src 'self'`) that
long-polls a build counter and reloads the page when it moves.
"""

from __future__ import annotations

import html
import ipaddress
import mimetypes
import posixpath
import shutil
import signal
import sys
import tempfile
import threading
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from kimgen.problems import ERROR, Problem
from kimgen.commands.watch import DEBOUNCE_SECONDS, Watcher

PREFIX = "/__kimgen__/"
POLL_SECONDS = 20.0
# A client that sends nothing for this long is disconnected, so silent connections cannot keep a
# thread each for ever; longer than the long poll, which waits without reading.
REQUEST_TIMEOUT = 30.0
BACKLOG = 64  # a browser opens several connections at once, and the first build may take a while
LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}
RELOAD_JS = """\
// kimgen serve only: reload this page when the preview is rebuilt (never part of `kimgen build` output).
(function () {
  var epoch = document.currentScript.getAttribute("data-epoch");
  function poll() {
    fetch("/__kimgen__/livereload?epoch=" + epoch, {cache: "no-store"})
      .then(function (response) { return response.text(); })
      .then(function (text) { if (text.trim() !== epoch) { location.reload(); } else { poll(); } })
      .catch(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
"""


class Preview:
    """The preview's state: output folder, last problems, build counter, and the lock that guards them.

    Each rebuild is `kimgen build` itself, into a folder of the preview's own with a cache of
    its own: what the preview shows is what the nightly build publishes, the portal included,
    and an unchanged KIM is skipped as it is there."""

    def __init__(self, root: Path, work_dir: Path, log=None):
        self.root = root
        self.out_dir = work_dir / "sites"
        self.cache_dir = work_dir / "cache"
        self.log = log or (lambda text: print(text, file=sys.stderr, flush=True))
        self.site_lock = threading.Lock()  # held for a whole rebuild; readers take it to read one file
        self.epoch_changed = threading.Condition()
        self.epoch = 0
        self.problems: set[Problem] = set()
        self.fatal = ""  # a build that could not start (BuildError): shown instead of the site

    # --- building -----------------------------------------------------------

    def rebuild(self) -> None:
        from kimgen.build import BuildError, build

        started = time.perf_counter()
        built = ""
        with self.site_lock:
            try:
                result = build(self.root, self.out_dir, cache_dir=self.cache_dir)
                self.fatal = ""
                self.problems = set(result.problems)
                built = ", ".join(result.built) or "-"
            except BuildError as exc:
                self.fatal = str(exc)
            except Exception as exc:  # noqa: BLE001 - the preview must outlive any content
                self.fatal = f"{type(exc).__name__}: {exc}"
        errors = sum(1 for p in self.problems if p.level == ERROR)
        self.log(f"dibangun ulang (KIM: {built}) dalam {time.perf_counter() - started:.2f} detik; "
                 f"{errors} kesalahan{'; ' + self.fatal if self.fatal else ''}")
        for problem in sorted(self.problems):
            if problem.level == ERROR:
                self.log("  " + problem.format())
        with self.epoch_changed:
            self.epoch += 1
            self.epoch_changed.notify_all()

    def wait_for_change(self, seen: int, timeout: float) -> int:
        with self.epoch_changed:
            self.epoch_changed.wait_for(lambda: self.epoch != seen, timeout=timeout)
            return self.epoch

    def errors(self, url_path: str = "") -> list[Problem]:
        """Errors that concern a page: its own KIM's and the province's (one broken KIM out of
        hundreds must not hide every other KIM's preview)."""
        segment = url_path.strip("/").split("/")[0]
        return sorted(p for p in self.problems if p.level == ERROR and _owner(p) in {"", segment})

    # --- reading ------------------------------------------------------------

    def response(self, url_path: str) -> tuple[int, str, bytes, str]:
        """(status, content type, body, redirect location) for a site path, read under the site lock."""
        with self.site_lock:
            epoch = self.epoch
            path = self._file(url_path)
            if path is None and not url_path.endswith("/") and self._file(url_path + "/") is not None:
                return HTTPStatus.MOVED_PERMANENTLY, "text/plain", b"", url_path + "/"
            is_page = path is None or path.suffix == ".html"
            if is_page and (self.fatal or self.errors(url_path)):
                page = self._error_page(epoch, self.errors(url_path))
                return HTTPStatus.INTERNAL_SERVER_ERROR, "text/html; charset=utf-8", page, ""
            try:
                body = path.read_bytes() if path is not None else None
            except OSError:  # gone or unreadable since it was found
                body = None
            if body is None:
                missing = self.out_dir / "404.html"
                body = missing.read_bytes() if missing.is_file() else b"<!doctype html><title>404</title><body></body>"
                return HTTPStatus.NOT_FOUND, "text/html; charset=utf-8", inject(body, epoch), ""
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if path.suffix == ".html":
            return HTTPStatus.OK, "text/html; charset=utf-8", inject(body, epoch), ""
        if kind.startswith("text/") or kind in {"application/xml", "application/json", "text/javascript"}:
            kind += "; charset=utf-8"
        return HTTPStatus.OK, kind, body, ""

    def _file(self, url_path: str) -> Path | None:
        relative = posixpath.normpath(unquote(url_path)).lstrip("/")
        if relative.startswith("..") or "\x00" in relative:
            return None
        path = self.out_dir / relative if relative not in {"", "."} else self.out_dir
        try:  # a name too long for the file system, or one it cannot encode, is simply not there
            if url_path.endswith("/") or path.is_dir():
                path = path / "index.html"
                if not url_path.endswith("/"):
                    return None
            path.resolve().relative_to(self.out_dir.resolve())
            return path if path.is_file() else None
        except (ValueError, OSError, RuntimeError):
            return None

    def _error_page(self, epoch: int, errors: list[Problem]) -> bytes:
        items = []
        if self.fatal:
            items.append(f"<li><strong>kimgen</strong>: {html.escape(self.fatal)}</li>")
        for problem in errors:
            where = f"{problem.path}:{problem.line}" if problem.line else problem.path
            field = f" <code>{html.escape(problem.field)}</code>:" if problem.field else ""
            items.append(f"<li><strong>{html.escape(where)}</strong><br>{field} {html.escape(problem.message)}</li>")
        page = ERROR_PAGE.format(count=len(items), items="\n".join(items))
        return inject(page.encode("utf-8"), epoch)


ERROR_PAGE = """<!doctype html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'; style-src 'unsafe-inline'">
<title>Ada yang perlu diperbaiki — kimgen</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5;
       color: #1b1b1b; }}
h1 {{ color: #a4161a; font-size: 1.5rem; }}
li {{ margin: 0 0 1rem; padding: .75rem; background: #fff4f4; border-left: 4px solid #a4161a; list-style: none;
      overflow-wrap: anywhere; }}
ul {{ padding: 0; }}
</style>
</head>
<body>
<main>
<h1>Ada yang perlu diperbaiki</h1>
<p>Pratinjau belum dapat ditampilkan karena {count} masalah di bawah ini. Setiap baris menyebut nama berkas dan
nomor barisnya, lalu apa yang perlu diubah. Perbaiki berkasnya lalu simpan: halaman ini akan memuat ulang sendiri.</p>
<ul>
{items}
</ul>
</main>
</body>
</html>
"""


def inject(page: bytes, epoch: int) -> bytes:
    tag = f'<script src="{PREFIX}reload.js" data-epoch="{epoch}"></script>'.encode()
    index = page.rfind(b"</body>")
    return page[:index] + tag + page[index:] if index >= 0 else page + tag


def _owner(problem: Problem) -> str:
    """The KIM a problem belongs to ('' for the province), so a one-KIM rebuild replaces only its own."""
    parts = problem.path.split("/")
    return parts[1] if len(parts) > 1 and parts[0] == "kim" else ""


def host_allowed(header: str | None, listen_host: str) -> bool:
    """Whether a request's Host header names this preview: a loopback name, the `--host` given, or
    an IP address. A web page can reach a local server through a name its owner points at 127.0.0.1
    (DNS rebinding), and then reads the preview as its own origin; a name is what such a request
    carries, never an IP address (one that a phone on the same network uses is fine)."""
    if not header:
        return False
    try:
        name = (urlsplit(f"//{header.strip()}").hostname or "").rstrip(".")
    except ValueError:
        return False
    if not name:
        return False
    if name in LOOPBACK_NAMES or name == listen_host.strip("[]").lower():
        return True
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def make_handler(preview: Preview, listen_host: str = "127.0.0.1"):
    class Handler(BaseHTTPRequestHandler):
        server_version = "kimgen-serve"
        protocol_version = "HTTP/1.1"
        timeout = REQUEST_TIMEOUT

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            self._respond(head=False)

        def do_HEAD(self) -> None:  # noqa: N802
            self._respond(head=True)

        def _respond(self, head: bool) -> None:
            host = self.headers.get("Host")
            if not host_allowed(host, listen_host):
                status = HTTPStatus.MISDIRECTED_REQUEST if host else HTTPStatus.BAD_REQUEST
                port = self.server.server_address[1]
                text = (f"Alamat `{host}` bukan alamat pratinjau ini; buka http://127.0.0.1:{port}/" if host
                        else "Permintaan tanpa header Host ditolak.")
                self.close_connection = True
                return self._send(status, "text/plain; charset=utf-8", text.encode("utf-8", "replace"), head)
            try:
                path = urlsplit(self.path).path
            except ValueError:
                return self._send(HTTPStatus.BAD_REQUEST, "text/plain; charset=utf-8", b"", head)
            if path == PREFIX + "reload.js":
                return self._send(HTTPStatus.OK, "text/javascript; charset=utf-8", RELOAD_JS.encode(), head)
            if path == PREFIX + "livereload":
                query = urlsplit(self.path).query
                seen = query.partition("epoch=")[2].split("&")[0]
                try:
                    epoch = preview.wait_for_change(int(seen), POLL_SECONDS)
                except ValueError:
                    epoch = preview.epoch
                return self._send(HTTPStatus.OK, "text/plain; charset=utf-8", str(epoch).encode(), head)
            status, kind, body, location = preview.response(path)
            self._send(status, kind, body, head, location)

        def _send(self, status, kind: str, body: bytes, head: bool, location: str = "") -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            if location:
                self.send_header("Location", location)
            self.end_headers()
            if not head:
                self.wfile.write(body)

        def log_message(self, format, *args) -> None:  # noqa: A002 - quiet: rebuilds are what matter
            pass

    return Handler


class PreviewServer(ThreadingHTTPServer):
    """A thread per request, a listen backlog a browser does not overflow, and no traceback for a
    request that fails (a client that hung up, a path the file system refuses)."""

    request_queue_size = BACKLOG
    daemon_threads = True

    def __init__(self, address, handler, log=None):
        super().__init__(address, handler)
        self.log = log or (lambda text: print(text, file=sys.stderr, flush=True))

    def handle_error(self, request, client_address) -> None:
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, TimeoutError)):
            return  # the browser went away: nothing to say
        self.log(f"permintaan dari {client_address[0]} gagal: {type(error).__name__}: {error}")


def make_server(preview: Preview, host: str = "127.0.0.1", port: int = 8000) -> PreviewServer:
    return PreviewServer((host, port), make_handler(preview, host), preview.log)


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def serve(root: Path, host: str = "127.0.0.1", port: int = 8000, log=None) -> None:
    """Build, then serve and rebuild until interrupted."""
    work_dir = Path(tempfile.mkdtemp(prefix="kimgen-serve-"))
    preview = Preview(root, work_dir, log)
    watcher = Watcher(root, lambda changes: preview.rebuild(), DEBOUNCE_SECONDS)
    server = None
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _interrupt)  # `kill` cleans up the temp folder like Ctrl+C does
    try:
        # bound before the first build: a browser opened early waits in the backlog instead of failing
        server = make_server(preview, host, port)
        watcher.start()  # also before the first build, so a save made while it runs is not missed
        preview.rebuild()
        preview.log(f"Pratinjau: http://{host}:{server.server_address[1]}/ (Ctrl+C untuk berhenti)")
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        watcher.stop()
        if server is not None:
            server.server_close()
        shutil.rmtree(work_dir, ignore_errors=True)
