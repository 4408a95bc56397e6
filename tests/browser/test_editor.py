"""`kimgen editor` in Chromium at 390 x 844, as a KIM admin's phone: log in, write a berita with a
photo, preview it, publish it; the repository then has one new commit by that admin touching only
their KIM's folder, and `kimgen build` publishes the post with the resized photo. Every page the
admin passes has no serious or critical axe violation and fits the phone's width."""

from __future__ import annotations

import socket
import threading
import time

import pytest

from editor_support import KIM_A, PASSWORD, commits, content_repo, git, jpeg, make_editor

from . import harness

pytest.importorskip("starlette")
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The editor on 127.0.0.1 (uvicorn in a thread), over a fresh content repository."""
    import uvicorn
    from argon2 import PasswordHasher

    from kimgen.editor import accounts
    from kimgen.editor.app import make_app

    real, accounts._HASHER = accounts._HASHER, PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    base = tmp_path_factory.mktemp("editor")
    repo = content_repo(base)
    editor = make_editor(repo, base / "data")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(make_app(editor), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}", repo, base
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        accounts._HASHER = real


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, service_workers="block")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.errors = errors
    yield page
    context.close()


def checked(page, name: str) -> None:
    """No serious or critical axe violation, nothing wider than the phone, no console error; a screenshot."""
    from axe_playwright_python.sync_playwright import Axe

    violations = [v for v in Axe().run(page).response["violations"] if v.get("impact") in ("serious", "critical")]
    assert violations == [], harness.describe(violations)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], name
    assert page.errors == [], page.errors
    harness.ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(harness.ARTIFACTS / f"editor-{name}.png"), full_page=True)


def log_in(page, url: str) -> None:
    page.goto(url + "/")
    page.get_by_label("Nama pengguna").fill("siti")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"**/kim/{KIM_A}/")


def test_an_admin_writes_previews_and_publishes_a_berita_with_a_photo(served, phone, tmp_path):
    url, repo, _base = served
    before = commits(repo)
    phone.goto(url + "/")
    checked(phone, "masuk")
    log_in(phone, url)
    checked(phone, "kim")

    phone.get_by_role("link", name="Tulis berita").click()
    phone.wait_for_url("**/tulis/berita")
    checked(phone, "tulis")
    photo = tmp_path / "IMG_20241218_081500.jpg"
    photo.write_bytes(jpeg(3200, 2400, gps=True))
    phone.get_by_label("Judul", exact=True).fill("Kerja Bakti Saluran Irigasi")
    phone.get_by_label("Tanggal", exact=True).fill("2024-12-18")
    phone.get_by_label("Ringkasan").fill("Warga Sumberrejo membersihkan saluran irigasi bersama.")
    phone.get_by_label("Isi", exact=True).fill("Sejak pukul tujuh pagi warga **bergotong royong**.")
    phone.get_by_label("Foto", exact=True).set_input_files(str(photo))
    phone.get_by_role("button", name="Pratinjau").last.click()
    frame = phone.frame_locator("iframe[title='Pratinjau tulisan']")
    frame.locator("h1").wait_for()
    assert frame.locator("h1").inner_text() == "Kerja Bakti Saluran Irigasi"
    assert frame.locator("picture img").count() >= 1 and frame.locator("strong").inner_text() == "bergotong royong"
    assert phone.get_by_role("combobox", name="Foto sampul").input_value() == "media/kerja-bakti-saluran-irigasi.jpg"
    checked(phone, "pratinjau")
    assert commits(repo) == before

    phone.get_by_role("button", name="Terbitkan").click()
    phone.wait_for_url(f"**/kim/{KIM_A}/")
    assert "Terbit: “Kerja Bakti Saluran Irigasi”." in phone.locator("main").inner_text()
    assert phone.get_by_role("link", name="Kerja Bakti Saluran Irigasi").count() == 1

    after = commits(repo)
    assert len(after) == len(before) + 1
    assert git(repo, "log", "-1", "--format=%an <%ae>") == "Siti Aminah <siti@example.id>\n"
    touched = git(repo, "show", "--name-only", "--format=", "HEAD").split()
    assert touched and all(path.startswith(f"kim/{KIM_A}/") for path in touched), touched
    assert f"kim/{KIM_A}/media/kerja-bakti-saluran-irigasi.jpg" in touched

    out = tmp_path / "sites"
    result = harness.build_demo(out, tmp_path / "cache", root=repo)
    assert not result.errors, [p.format() for p in result.errors]
    page = (out / KIM_A / "berita/kerja-bakti-saluran-irigasi/index.html").read_text(encoding="utf-8")
    assert 'type="image/webp"' in page and "kerja-bakti-saluran-irigasi" in page
    variants = list((out / KIM_A / "media").rglob("kerja-bakti-saluran-irigasi-*.webp"))
    assert variants and not (out / KIM_A / "media/kerja-bakti-saluran-irigasi.jpg").exists()


def test_the_toolbar_wraps_the_selected_words(served, phone):
    url, _repo, _base = served
    log_in(phone, url)
    phone.goto(url + f"/kim/{KIM_A}/tulis/berita")
    body = phone.get_by_label("Isi", exact=True)
    body.fill("Warga hadir semua.")
    body.evaluate("area => area.setSelectionRange(6, 11)")
    phone.get_by_role("button", name="Tebal").click()
    assert body.input_value() == "Warga **hadir** semua."
    assert phone.url.endswith("/tulis/berita")  # with JavaScript nothing was sent


def test_the_other_pages_pass_axe_at_phone_width(served, phone):
    url, _repo, _base = served
    log_in(phone, url)
    for name, path in (("profil", f"/kim/{KIM_A}/profil"), ("agenda", f"/kim/{KIM_A}/tulis/agenda"),
                       ("cek-fakta", f"/kim/{KIM_A}/tulis/cek-fakta"),
                       ("ubah", f"/kim/{KIM_A}/ubah/berita/2024-12-01-posyandu-balita.md"),
                       ("hapus", f"/kim/{KIM_A}/hapus/berita/2024-12-01-posyandu-balita.md"), ("sandi", "/sandi"),
                       ("tidak-ada", "/kim/kim-lain/")):
        answer = phone.goto(url + path)
        if name == "tidak-ada":  # not this admin's: a 404 page, which the browser logs as an error
            assert answer.status == 404 and "Tidak ditemukan" in phone.locator("h1").inner_text()
            phone.errors.clear()
        checked(phone, name)
    phone.goto(url + f"/kim/{KIM_A}/tulis/berita")
    phone.get_by_label("Tanggal", exact=True).fill("2024-12-18")
    with phone.expect_response(lambda r: r.request.method == "POST") as sent:
        phone.get_by_role("button", name="Terbitkan").click()  # no title: the problem is shown at the field
    assert sent.value.status == 400
    phone.wait_for_load_state("load")
    assert "Wajib diisi." in phone.locator(".isian.salah").first.inner_text()
    phone.errors.clear()  # the 400 of the form itself, logged by the browser
    checked(phone, "masalah")
