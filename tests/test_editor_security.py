"""The editor as an attacker meets it: passwords, throttling, CSRF, sessions, cookies and headers,
and an admin of one KIM trying every URL, form field and file name to reach another KIM."""

from __future__ import annotations

import io
import os
import re

import pytest

from editor_support import (KIM_A, KIM_B, PASSWORD, client, commits, content_repo, csrf_of, git, jpeg, logged_in,
                            login, make_editor, messages, quick_hashes)

pytest.importorskip("starlette")

from editor_support import editor, quick, repo, siti  # noqa: E402,F401 - fixtures


def form_of(browser, url):
    page = browser.get(url)
    assert page.status_code == 200, page.text
    return dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', page.text))


B_POST = f"kim/{KIM_B}/berita/2024-12-05-rahasia-kim-b.md"


def untouched(repo, before):
    return commits(repo) == before and git(repo, "status", "--porcelain") == ""


# -- passwords and logging in ----------------------------------------------------------------

def test_passwords_are_stored_as_argon2id_hashes_only(tmp_path, monkeypatch):
    from editor_support import REAL
    from kimgen.editor import accounts
    from kimgen.editor.accounts import Accounts
    from kimgen.editor.store import Store

    monkeypatch.setattr(accounts, "_HASHER", REAL["hasher"])

    store = Store(tmp_path / "data")
    Accounts(store).add("rina", "sandi yang cukup panjang", [KIM_A])
    with store.connect() as db:
        (stored,) = db.execute("SELECT hash FROM users WHERE name = 'rina'").fetchone()
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$") and "panjang" not in stored
    assert oct(os.stat(store.path).st_mode & 0o777) == "0o600" and oct(os.stat(store.data).st_mode & 0o777) == "0o700"


def test_a_wrong_password_is_refused_and_repeated_failures_are_throttled(editor):
    browser = client(editor)
    wrong = login(browser, "siti", "bukan sandinya")
    assert wrong.status_code == 401 and "Nama pengguna atau kata sandi salah." in wrong.text
    assert SESSION not in browser.cookies
    for _ in range(4):
        login(browser, "siti", "tebakan lain lagi")
    throttled = login(browser, "siti", PASSWORD)  # even the right password waits now
    assert throttled.status_code == 401 and "Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam 15 menit." \
        in throttled.text
    assert SESSION not in browser.cookies
    assert login(client(editor), "budi").status_code == 200  # another account is not locked out


def test_an_unknown_name_is_refused_like_a_wrong_password(editor):
    answer = login(client(editor), "tidak-ada", PASSWORD)
    assert answer.status_code == 401 and "Nama pengguna atau kata sandi salah." in answer.text


def test_after_login_only_a_path_of_this_site_is_followed(editor):
    for target in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        browser = client(editor)
        page = browser.get("/masuk")
        answer = browser.post("/masuk", data={"csrf": csrf_of(page.text), "nama": "siti", "sandi": PASSWORD,
                                              "lanjut": target}, follow_redirects=False)
        assert answer.headers["location"] == "/", target


SESSION = "kimgen_sesi"


def test_session_cookie_is_httponly_samesite_and_secure_behind_https(editor):
    plain = client(editor)
    cookie = login_cookie(plain)
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" not in cookie
    assert "Secure" in login_cookie(client(editor, https=True))


def login_cookie(browser) -> str:
    page = browser.get("/masuk")
    answer = browser.post("/masuk", data={"csrf": csrf_of(page.text), "nama": "siti", "sandi": PASSWORD},
                          follow_redirects=False)
    return next(v for k, v in answer.headers.multi_items() if k == "set-cookie" and v.startswith(SESSION))


def test_a_new_password_or_a_removed_account_ends_its_sessions(editor):
    browser = logged_in(editor)
    editor.accounts.set_password("siti", "kata sandi yang baru sekali")
    assert browser.get(f"/kim/{KIM_A}/").url.path == "/masuk"
    browser = logged_in(editor, "budi")
    editor.accounts.remove("budi")
    assert browser.get(f"/kim/{KIM_B}/").url.path == "/masuk"


def test_logout_ends_the_session(siti):
    siti.post("/keluar", data={"csrf": csrf_of(siti.get(f"/kim/{KIM_A}/").text)})
    assert siti.get(f"/kim/{KIM_A}/").url.path == "/masuk"


def test_an_admin_changes_their_own_password(editor, siti):
    page = siti.get("/sandi").text
    answer = siti.post("/sandi", data={"csrf": csrf_of(page), "lama": PASSWORD, "baru": "sandi baru yang panjang",
                                       "ulang": "sandi baru yang panjang"})
    assert "Kata sandi sudah diganti." in answer.text
    assert editor.accounts.verify("siti", "sandi baru yang panjang") is not None


# -- CSRF ------------------------------------------------------------------------------------

@pytest.mark.parametrize("url, form", [
    (f"/kim/{KIM_A}/tulis/berita", {"judul": "Tanpa token", "tanggal": "2024-12-18", "isi": "x", "aksi": "terbitkan"}),
    (f"/kim/{KIM_A}/hapus/berita/2024-12-01-posyandu-balita.md", {}),
    (f"/kim/{KIM_A}/profil", {"nama": "Diganti", "aksi": "simpan"}),
    ("/sandi", {"lama": PASSWORD, "baru": "sandi penyerang panjang", "ulang": "sandi penyerang panjang"}),
    ("/keluar", {}),
])
def test_a_form_without_its_csrf_token_is_refused(repo, editor, siti, url, form):
    before = commits(repo)
    hidden = form_of(siti, url if url != "/keluar" else "/sandi")
    for token in (None, "", "palsu"):
        data = {**hidden, **form}
        data.pop("csrf", None)
        if token is not None:
            data["csrf"] = token
        answer = siti.post(url, data=data)
        assert answer.status_code == 403 and "Formulir kedaluwarsa" in answer.text
    assert untouched(repo, before)
    assert editor.accounts.verify("siti", PASSWORD) is not None


def test_the_login_form_needs_its_token_too(editor):
    answer = client(editor).post("/masuk", data={"nama": "siti", "sandi": PASSWORD})
    assert answer.status_code == 403


def test_another_sessions_token_is_refused(repo, editor, siti):
    budi = logged_in(editor, "budi")
    stolen = csrf_of(budi.get(f"/kim/{KIM_B}/").text)
    answer = siti.post(f"/kim/{KIM_A}/hapus/berita/2024-12-01-posyandu-balita.md", data={"csrf": stolen})
    assert answer.status_code == 403


# -- one KIM's admin, another KIM's files ----------------------------------------------------

@pytest.mark.parametrize("url", [
    f"/kim/{KIM_B}/", f"/kim/{KIM_B}/tulis/berita", f"/kim/{KIM_B}/ubah/berita/2024-12-05-rahasia-kim-b.md",
    f"/kim/{KIM_B}/hapus/berita/2024-12-05-rahasia-kim-b.md", f"/kim/{KIM_B}/profil",
    f"/kim/{KIM_B}/gambar/media/milik-b.jpg",
    f"/kim/{KIM_A}/ubah/berita/..%2F..%2F{KIM_B}%2Fberita%2F2024-12-05-rahasia-kim-b.md",
    f"/kim/{KIM_A}/ubah/..%2F{KIM_B}%2Fberita/2024-12-05-rahasia-kim-b.md",
    f"/kim/{KIM_A}/ubah/berita/%2E%2E",
    f"/kim/{KIM_A}/ubah/berita/.posyandu.md",
    f"/kim/{KIM_A}/ubah/profil.yaml/x.md",
    f"/kim/{KIM_A}/gambar/media/../../{KIM_B}/media/milik-b.jpg",
    f"/kim/{KIM_A}/gambar/media/..%2F..%2F{KIM_B}%2Fmedia%2Fmilik-b.jpg",
    f"/kim/{KIM_A}/gambar/media/%2E%2E/profil.yaml",
    "/kim/..%2Fkim-tunas-harapan/",
])
def test_an_admin_cannot_read_another_kim_by_url(siti, url):
    answer = siti.get(url)
    assert answer.status_code == 404, url
    assert "Rahasia KIM B" not in answer.text and "Isi milik KIM B" not in answer.text


@pytest.mark.parametrize("url", [
    f"/kim/{KIM_B}/tulis/berita", f"/kim/{KIM_B}/ubah/berita/2024-12-05-rahasia-kim-b.md",
    f"/kim/{KIM_B}/hapus/berita/2024-12-05-rahasia-kim-b.md", f"/kim/{KIM_B}/profil",
    f"/kim/{KIM_A}/ubah/berita/..%2F..%2F{KIM_B}%2Fberita%2F2024-12-05-rahasia-kim-b.md",
])
def test_an_admin_cannot_write_another_kim_by_url(repo, editor, siti, url):
    before = commits(repo)
    csrf = csrf_of(siti.get(f"/kim/{KIM_A}/").text)
    answer = siti.post(url, data={"csrf": csrf, "judul": "Diretas", "tanggal": "2024-12-18", "isi": "x",
                                  "nama": "Diretas", "aksi": "terbitkan"})
    assert answer.status_code == 404
    assert untouched(repo, before)


@pytest.mark.parametrize("field, value", [
    ("gambar", f"../{KIM_B}/media/milik-b.jpg"), ("gambar", f"../../{KIM_B}/media/milik-b.jpg"),
    ("gambar", "/etc/passwd"), ("gambar", "media/../../kim-tunas-harapan/media/milik-b.jpg"),
    ("isi", f"![x](../../{KIM_B}/media/milik-b.jpg)"), ("isi", f"[baca](../../../{KIM_B}/berita/x.md)"),
])
def test_form_fields_cannot_name_another_kims_files(repo, editor, siti, field, value):
    before = commits(repo)
    url = f"/kim/{KIM_A}/tulis/berita"
    form = {**form_of(siti, url), "judul": "Coba", "tanggal": "2024-12-18", "isi": "Isi.", "aksi": "terbitkan",
            field: value}
    answer = siti.post(url, data=form)
    assert answer.status_code == 400 and messages(answer.text)
    assert untouched(repo, before)


def test_hidden_fields_cannot_redirect_a_save(repo, editor, siti):
    """The file written comes from the URL and the title, never from a form field."""
    url = f"/kim/{KIM_A}/tulis/berita"
    form = {**form_of(siti, url), "judul": "Aman", "tanggal": "2024-12-18", "isi": "x", "aksi": "terbitkan",
            "nama": f"../../{KIM_B}/berita/x.md", "kim": KIM_B, "kind": "../kim", "slug": "../x"}
    assert siti.post(url, data=form).status_code == 200
    touched = git(repo, "show", "--name-only", "--format=", "HEAD").split()
    assert touched == [f"kim/{KIM_A}/berita/2024-12-18-aman.md"]


def test_a_title_cannot_lead_the_file_name_out(repo, editor, siti):
    url = f"/kim/{KIM_A}/tulis/halaman"
    form = {**form_of(siti, url), "judul": f"../../{KIM_B}/profil", "isi": "x", "aksi": "terbitkan"}
    siti.post(url, data=form)
    touched = git(repo, "show", "--name-only", "--format=", "HEAD").split()
    assert all(p.startswith(f"kim/{KIM_A}/") for p in touched) and (repo / "kim" / KIM_B / "profil.yaml").read_text(
        encoding="utf-8").startswith("nama: KIM Tunas Harapan")


def test_a_symlink_committed_into_a_kim_never_leads_a_write_out(repo, editor, siti):
    link = repo / "kim" / KIM_A / "agenda"
    link.symlink_to(repo / "kim" / KIM_B / "berita", target_is_directory=True)
    git(repo, "add", "-A")
    git(repo, "-c", "user.name=x", "-c", "user.email=x@x", "commit", "-q", "-m", "symlink")
    before = commits(repo)
    assert siti.get(f"/kim/{KIM_A}/ubah/agenda/2024-12-05-rahasia-kim-b.md").status_code == 404
    csrf = csrf_of(siti.get(f"/kim/{KIM_A}/").text)
    answer = siti.post(f"/kim/{KIM_A}/tulis/agenda", data={"csrf": csrf, "judul": "Lewat tautan", "tanggal": "2024-12-18",
                                                          "tanggal_mulai": "2024-12-20T08:00", "isi": "x",
                                                          "aksi": "terbitkan"})
    assert answer.status_code in {400, 404}
    assert untouched(repo, before) and sorted(p.name for p in (repo / "kim" / KIM_B / "berita").iterdir()) == [
        "2024-12-05-rahasia-kim-b.md"]
    assert "Rahasia KIM B" not in siti.get(f"/kim/{KIM_A}/").text


def test_a_preview_is_only_for_the_admin_who_made_it(editor, siti):
    url = f"/kim/{KIM_A}/tulis/berita"
    answer = siti.post(url, data={**form_of(siti, url), "judul": "Pratinjau pribadi", "tanggal": "2024-12-18",
                                  "isi": "x", "aksi": "pratinjau"})
    frame = re.search(r'<iframe src="([^"]+)"', answer.text).group(1)
    assert siti.get(frame).status_code == 200
    assert logged_in(editor, "budi").get(frame).status_code == 404
    assert client(editor).get(frame).url.path == "/masuk"
    assert siti.get(frame.rsplit("/", 1)[0] + "/../../../profil.yaml").status_code == 404


# -- what the pages show and send ------------------------------------------------------------

def test_every_page_sends_a_strict_policy_and_escapes_what_it_shows(repo, editor, siti):
    hostile = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
    path = repo / "kim" / KIM_A / "berita/2024-12-02-jahat.md"
    path.write_text(f"---\njudul: '{hostile}'\ntanggal: 2024-12-02\n---\nx\n", encoding="utf-8")
    for url in ("/masuk", f"/kim/{KIM_A}/", f"/kim/{KIM_A}/ubah/berita/2024-12-02-jahat.md", f"/kim/{KIM_A}/profil",
                "/sandi", "/tidak-ada"):
        answer = (client(editor) if url == "/masuk" else siti).get(url)
        policy = answer.headers["content-security-policy"]
        assert "default-src 'none'" in policy and "script-src 'self'" in policy and "unsafe" not in policy
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert answer.headers["x-frame-options"] == "DENY" and answer.headers["cache-control"] == "no-store"
        assert "<script>alert" not in answer.text and "<img src=x" not in answer.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in siti.get(f"/kim/{KIM_A}/").text


# -- uploads ---------------------------------------------------------------------------------

def upload(siti, name, data, kind="image/jpeg"):
    url = f"/kim/{KIM_A}/tulis/berita"
    return siti.post(url, data={**form_of(siti, url), "judul": "Foto", "tanggal": "2024-12-18", "isi": "x",
                                "aksi": "pratinjau"}, files={"foto": (name, data, kind)})


@pytest.mark.parametrize("name, data", [
    ("foto.jpg", b"<html><script>alert(1)</script></html>"),
    ("foto.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
    ("foto.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 64),  # a JPEG header and nothing after
    ("foto.jpg", b"%PDF-1.4\n" + b"x" * 100),
])
def test_an_upload_is_judged_by_its_bytes(repo, siti, name, data):
    answer = upload(siti, name, data)
    assert "Berkas ini bukan foto yang bisa dibaca" in answer.text
    assert sorted(p.name for p in (repo / "kim" / KIM_A / "media").iterdir()) == ["lama.jpg"]


def test_a_decompression_bomb_is_refused(repo, siti):
    from PIL import Image

    out = io.BytesIO()
    Image.new("1", (20000, 20000)).save(out, "PNG")  # 400 megapixels in a few kilobytes
    answer = upload(siti, "bom.png", out.getvalue(), "image/png")
    assert "bukan foto" in answer.text or "terlalu besar" in answer.text
    assert sorted(p.name for p in (repo / "kim" / KIM_A / "media").iterdir()) == ["lama.jpg"]


def test_a_request_over_the_size_limit_is_refused_before_it_is_read(editor, siti, monkeypatch):
    from kimgen.editor import app

    monkeypatch.setattr(app, "MAX_BODY", 1024 * 1024)
    browser = client(editor)
    browser.cookies = siti.cookies
    answer = upload(browser, "besar.jpg", b"\xff" * (2 * 1024 * 1024))
    assert answer.status_code == 413 and "Kiriman terlalu besar" in answer.text


def test_a_heic_photo_from_an_iphone_is_saved_as_jpeg(repo, siti):
    pillow_heif = pytest.importorskip("pillow_heif")
    from PIL import Image

    out = io.BytesIO()
    pillow_heif.from_pillow(Image.new("RGB", (640, 480), (20, 120, 60))).save(out, format="HEIF")
    answer = upload(siti, "IMG_0001.HEIC", out.getvalue(), "image/heic")
    assert "Foto tersimpan sebagai media/foto.jpg." in answer.text
    with Image.open(repo / "kim" / KIM_A / "media/foto.jpg") as saved:
        assert saved.format == "JPEG" and saved.size == (640, 480)


def test_a_photo_name_from_the_phone_never_reaches_the_file_name(repo, siti):
    answer = upload(siti, '../../<img src=x>".jpg', jpeg(50, 40))
    assert "Foto tersimpan sebagai media/foto.jpg." in answer.text
    assert (repo / "kim" / KIM_A / "media/foto.jpg").is_file()
