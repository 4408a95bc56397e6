"""`kimgen serve` without a browser: the same build as `kimgen build`, the reload script, error pages, HTTP."""

from __future__ import annotations

from pathlib import Path

from conftest import PROFIL, PROVINSI, post, write_tree
from serve_helpers import fetch, running_serve
from kimgen.build import build
from kimgen.commands.serve import Preview, inject
from kimgen.commands.watch import is_relevant

KIM = "kim/kim-sumber-rejeki"
POST = f"{KIM}/berita/2024-12-11-posyandu.md"


def make_root(tmp_path: Path) -> Path:
    return write_tree(tmp_path / "konten", {
        "provinsi.yaml": PROVINSI, f"{KIM}/profil.yaml": PROFIL,
        "kim/kim-dua/profil.yaml": "nama: KIM Dua\ndesa: Dua\nkecamatan: K\nkabupaten: Kota Malang\n",
        POST: post("Posyandu Balita", body="Isi pertama."),
    })


def test_a_profile_change_gives_what_a_full_build_gives_the_portal_included(tmp_path):
    root = make_root(tmp_path)
    preview = Preview(root, tmp_path / "preview", log=lambda text: None)
    preview.rebuild()
    (root / KIM / "profil.yaml").write_text(PROFIL.replace("KIM Sumber Rejeki", "KIM Sumber Rejeki Baru")
                                            .replace("Kabupaten Pasuruan", "Kota Malang"))
    preview.rebuild()
    full = tmp_path / "full"
    build(root, full, cache_dir=tmp_path / "full-cache")
    shown = preview.out_dir
    assert sorted(p.relative_to(shown) for p in shown.rglob("*")) == \
        sorted(p.relative_to(full) for p in full.rglob("*"))
    for page in full.rglob("*"):
        if page.is_file():
            assert (shown / page.relative_to(full)).read_bytes() == page.read_bytes(), page
    assert "KIM Sumber Rejeki Baru" in (shown / "kabupaten/kota-malang/index.html").read_text()
    assert not (root / ".kimgen-cache").exists()  # the preview's cache is its own, in its folder


def test_a_new_berita_shows_on_the_portal_while_serve_runs(tmp_path):
    root = make_root(tmp_path)
    with running_serve(root) as base:
        assert "Rapat Warga Baru" not in fetch(base)[1]
        write_tree(root, {f"{KIM}/berita/2024-12-19-rapat.md": post("Rapat Warga Baru", "2024-12-19")})
        assert fetch(base + "__kimgen__/livereload?epoch=1") == (200, "2")
        status, portal = fetch(base)
        assert status == 200 and "Rapat Warga Baru" in portal  # the portal's latest news
        assert "Rapat Warga Baru" in fetch(base + "kim-sumber-rejeki/")[1]


def test_serve_leaves_nothing_behind(tmp_path):
    import tempfile

    root = make_root(tmp_path)
    before = set(Path(tempfile.gettempdir()).glob("kimgen-serve-*"))
    with running_serve(root) as base:
        assert fetch(base)[0] == 200
        assert len(set(Path(tempfile.gettempdir()).glob("kimgen-serve-*")) - before) == 1
    assert set(Path(tempfile.gettempdir()).glob("kimgen-serve-*")) - before == set()
    assert not (root / ".kimgen-cache").exists()


def test_editor_temp_files_are_ignored():
    assert is_relevant("/k/kim/a/berita/x.md")
    assert not is_relevant("/k/kim/a/berita/.x.md.swp")
    assert not is_relevant("/k/kim/a/berita/x.md~")
    assert not is_relevant("/k/.git/index")


def test_reload_script_is_injected_in_serve_only(tmp_path):
    root = make_root(tmp_path)
    result = build(root, tmp_path / "sites")
    assert result.errors == []
    built = [p.read_text() for p in (tmp_path / "sites").rglob("*.html")]
    assert built and not any("__kimgen__" in page for page in built)
    assert inject(b"<p>x</p></body></html>", 7) == (
        b'<p>x</p><script src="/__kimgen__/reload.js" data-epoch="7"></script></body></html>')


def test_content_error_gives_an_indonesian_error_page_and_a_good_save_brings_the_site_back(tmp_path):
    root = make_root(tmp_path)
    preview = Preview(root, tmp_path / "preview", log=lambda text: None)
    preview.rebuild()
    status, _, body, _ = preview.response("/kim-sumber-rejeki/berita/posyandu/")
    assert status == 200 and b"Posyandu Balita" in body
    (root / POST).write_text("---\njudul: Posyandu Balita\ntanggal: 11/12/2024\n---\nIsi.\n")
    preview.rebuild()
    status, _, body, _ = preview.response("/kim-sumber-rejeki/berita/posyandu/")
    page = body.decode()
    assert status == 500 and "<h1>Ada yang perlu diperbaiki</h1>" in page
    assert (f"<li><strong>{POST}:3</strong><br> <code>tanggal</code>: tanggal `11/12/2024` tidak dapat dibaca; "
            "tulis sebagai tahun-bulan-tanggal: `2024-12-11` (bukan tanggal/bulan/tahun seperti kebiasaan kita)."
            "</li>") in page
    assert '<script src="/__kimgen__/reload.js" data-epoch="2"></script>' in page
    status, _, body, _ = preview.response("/kim-dua/")  # another KIM's preview is not held hostage
    assert status == 200 and b"KIM Dua" in body and b"Ada yang perlu diperbaiki" not in body
    (root / POST).write_text(post("Posyandu Balita", body="Isi kedua."))
    preview.rebuild()
    status, _, body, _ = preview.response("/kim-sumber-rejeki/berita/posyandu/")
    assert status == 200 and b"Isi kedua." in body


def test_serve_over_http_rebuilds_on_save_and_wakes_the_long_poll(tmp_path):
    root = make_root(tmp_path)
    with running_serve(root) as base:
        status, page = fetch(base + "kim-sumber-rejeki/berita/posyandu/")
        assert status == 200 and "Isi pertama." in page and 'data-epoch="1"' in page
        status, script = fetch(base + "__kimgen__/reload.js")
        assert status == 200 and "location.reload()" in script
        assert fetch(base + "kim-sumber-rejeki/berita/posyandu")[0] == 200  # redirected to the folder
        (root / POST).write_text(post("Posyandu Balita", body="Isi kedua."))
        assert fetch(base + "__kimgen__/livereload?epoch=1") == (200, "2")
        assert "Isi kedua." in fetch(base + "kim-sumber-rejeki/berita/posyandu/")[1]
        assert fetch(base + "tidak-ada/")[0] == 404
        assert fetch(base + "../../etc/passwd")[0] == 404


# --- hostile requests: raw sockets to 127.0.0.1 --------------------------------------------------

import socket  # noqa: E402
import threading  # noqa: E402
from contextlib import contextmanager  # noqa: E402

import pytest  # noqa: E402


@contextmanager
def serving(folder: Path, listen_host: str = "127.0.0.1", start: bool = True):
    """An in-process preview server on a free port of 127.0.0.1, as `kimgen serve --host listen_host`
    would answer; yields (server, port)."""
    from kimgen.commands.serve import PreviewServer, make_handler

    preview = Preview(make_root(folder), folder / "preview", log=lambda text: None)
    preview.rebuild()
    server = PreviewServer(("127.0.0.1", 0), make_handler(preview, listen_host), preview.log)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    if start:
        thread.start()
    try:
        yield server, server.server_address[1]
    finally:
        if start:
            server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def port(tmp_path_factory):
    with serving(tmp_path_factory.mktemp("serve")) as (_, port):
        yield port


def raw(port: int, request: bytes, timeout: float = 10) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(request)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    return data


def get(port: int, path: bytes, host: bytes | None = b"127.0.0.1") -> bytes:
    headers = (b"Host: " + host + b"\r\n" if host is not None else b"") + b"Connection: close\r\n"
    return raw(port, b"GET " + path + b" HTTP/1.1\r\n" + headers + b"\r\n")


HOSTILE_PATHS = [b"/" + b"a" * 300, b"/" + b"a" * 300 + b"/", b"/kim-sumber-rejeki/" + b"b" * 5000,
                 b"/" + b"a/" * 300, b"/%00", b"/a%00b/", b"/a%ZZ", b"/%", b"/%ff%fe/", b"/%ed%a0%80", b"/a\x00b",
                 b"/\xff\xfe", b"//[x/", b"http://[evil/", b"/../../../../etc/passwd", b"/%2e%2e/%2e%2e/etc/passwd",
                 b"/__kimgen__/livereload?epoch=" + b"9" * 5000, b"/__kimgen__/livereload?epoch=-1x"]


@pytest.mark.parametrize("path", HOSTILE_PATHS, ids=lambda p: repr(p[:24]))
def test_no_request_gets_a_traceback(port, capfd, path):
    answer = get(port, path)
    assert answer.startswith((b"HTTP/1.1 404 ", b"HTTP/1.1 400 ", b"HTTP/1.1 200 ")), answer[:80]
    assert get(port, b"/kim-sumber-rejeki/").startswith(b"HTTP/1.1 200 ")  # and it still serves
    captured = capfd.readouterr()
    assert "Traceback" not in captured.err + captured.out


@pytest.mark.parametrize("host,status", [
    (b"127.0.0.1", 200), (b"127.0.0.1:8000", 200), (b"localhost", 200), (b"LOCALHOST:8000", 200),
    (b"[::1]:8000", 200), (b"192.168.1.7:8000", 200),  # a phone on the same network, by address
    (b"evil.example", 421), (b"evil.example:8000", 421), (b"localhost.evil.example", 421),
    (b"127.0.0.1.nip.io", 421), (b"[::1", 421), (b"", 400), (None, 400),
])
def test_only_requests_for_this_preview_are_answered(port, host, status):
    """DNS rebinding: a page of evil.example whose name now points at 127.0.0.1 reads nothing."""
    answer = get(port, b"/kim-sumber-rejeki/", host)
    assert answer.startswith(b"HTTP/1.1 %d " % status), answer[:80]
    assert (b"KIM Sumber Rejeki" in answer) == (status == 200)
    assert b"x-content-type-options: nosniff" in answer.lower()


def test_the_name_given_with_host_is_answered(tmp_path):
    with serving(tmp_path, listen_host="pratinjau.lan") as (_, port):
        assert get(port, b"/kim-sumber-rejeki/", b"pratinjau.lan:8000").startswith(b"HTTP/1.1 200 ")
        assert get(port, b"/kim-sumber-rejeki/", b"localhost").startswith(b"HTTP/1.1 200 ")
        assert get(port, b"/kim-sumber-rejeki/", b"pratinjau.lan.evil.example").startswith(b"HTTP/1.1 421 ")


def test_a_silent_client_is_disconnected(tmp_path, monkeypatch):
    import kimgen.commands.serve as serve

    monkeypatch.setattr(serve, "REQUEST_TIMEOUT", 0.5)
    with serving(tmp_path) as (_, port):
        with socket.create_connection(("127.0.0.1", port), timeout=20) as sock:
            assert sock.recv(1024) == b""  # closed by the server, not by this test's own timeout
        # a client that stops half-way through its headers too
        with socket.create_connection(("127.0.0.1", port), timeout=20) as sock:
            sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            assert sock.recv(1024) == b""


def test_the_listen_backlog_holds_a_browsers_burst(tmp_path):
    # not accepting yet (as while the first build runs): connections wait in the backlog
    with serving(tmp_path, start=False) as (_, port):
        connected = []
        try:
            for _ in range(40):
                sock = socket.socket()
                sock.settimeout(0.5)
                sock.connect(("127.0.0.1", port))
                connected.append(sock)
        except OSError:
            pass
        finally:
            for sock in connected:
                sock.close()
        assert len(connected) == 40
