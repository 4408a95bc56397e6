"""`kimgen editor`, driven as an admin's phone would drive it: log in, write, preview, publish, edit,
draft, delete, the profile; every save one commit by the admin touching only their KIM's folder,
and what it writes is what `kimgen build` publishes."""

from __future__ import annotations

import re
import time
from urllib.parse import urljoin

import pytest

from conftest import NOW
from editor_support import (KIM_A, KIM_B, commits, content_repo, csrf_of, git, jpeg, logged_in, make_editor,
                            messages, quick_hashes)
from kimgen.build import build

pytest.importorskip("starlette")

from editor_support import editor, quick, repo, siti  # noqa: E402,F401 - fixtures


def berita(**fields):
    form = {"judul": "Kerja Bakti Saluran Irigasi", "tanggal": "2024-12-18",
            "ringkasan": "Warga membersihkan saluran irigasi.", "isi": "Warga **bergotong royong** sejak pagi.",
            "penulis": "Siti Aminah", "aksi": "terbitkan"}
    form.update(fields)
    return form


def send(browser, url, form, files=None):
    """Open the form at `url` as a browser would, then send it with these values (its hidden fields kept)."""
    page = browser.get(url)
    assert page.status_code == 200, page.text
    hidden = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', page.text))
    return browser.post(url, data={**hidden, **form}, files=files)


def test_login_page_speaks_indonesian_and_leads_to_the_admins_kim(editor):
    from editor_support import client

    browser = client(editor)
    page = browser.get("/")
    assert page.url.path == "/masuk" and 'lang="id"' in page.text
    for label in ('<label for="nama">Nama pengguna</label>', '<label for="sandi">Kata sandi</label>', ">Masuk</button>"):
        assert label in page.text
    assert browser.post("/masuk", data={"csrf": csrf_of(page.text), "nama": "siti", "sandi": "kopi pagi di balai desa",
                                        "lanjut": "/"}).url.path == f"/kim/{KIM_A}/"


def test_the_kim_page_lists_posts_newest_first_with_drafts_marked(repo, editor, siti):
    write = {f"kim/{KIM_A}/berita/2024-12-10-rapat-rt.md": "---\njudul: Rapat RT\ntanggal: 2024-12-10\ndraf: true\n---\nx\n",
             f"kim/{KIM_A}/agenda/2024-12-15-senam.md": "---\njudul: Senam Pagi\ntanggal: 2024-12-15\n"
                                                        "tanggal_mulai: 2024-12-22 06:00\n---\nx\n"}
    for rel, text in write.items():
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo / rel).write_text(text, encoding="utf-8")
    page = siti.get(f"/kim/{KIM_A}/").text
    titles = re.findall(r'<li>\s*<a href="/kim/[^"]+">([^<]+)</a>', page)
    assert titles == ["Senam Pagi", "Rapat RT", "Posyandu Balita"]
    assert "Draf</span>" in page and "Rahasia KIM B" not in page
    assert 'href="https://kim.example.go.id/kim-sumber-rejeki/"' in page


def test_write_a_berita_with_a_photo_preview_it_and_publish_it(repo, editor, siti, tmp_path):
    before = commits(repo)
    url = f"/kim/{KIM_A}/tulis/berita"
    photo = jpeg(3000, 2000, gps=True)
    preview = send(siti, url, berita(aksi="pratinjau", foto_untuk="sampul"), {"foto": ("IMG_20241218.jpg", photo, "image/jpeg")})
    assert preview.status_code == 200
    assert "Foto tersimpan sebagai media/kerja-bakti-saluran-irigasi.jpg." in messages(preview.text, "berhasil")
    frame = re.search(r'<iframe src="([^"]+)"', preview.text).group(1)
    shown = siti.get(frame)
    assert shown.status_code == 200 and "<h1>Kerja Bakti Saluran Irigasi</h1>" in shown.text
    assert "<strong>bergotong royong</strong>" in shown.text
    variants = [v.split()[0] for found in re.findall(r'srcset="([^"]+)"', shown.text) for v in found.split(", ")]
    assert variants and all(siti.get(urljoin(frame, v)).headers["content-type"].startswith("image/") for v in variants)
    assert siti.get(urljoin(frame, "../../assets/kimgen.css")).status_code == 200
    assert commits(repo) == before  # a preview writes nothing to git

    published = send(siti, url, berita(gambar="media/kerja-bakti-saluran-irigasi.jpg"))
    assert published.url.path == f"/kim/{KIM_A}/"
    assert "Terbit: “Kerja Bakti Saluran Irigasi”." in published.text

    after = commits(repo)
    assert len(after) == len(before) + 1
    author = git(repo, "log", "-1", "--format=%an <%ae>|%cn|%s")
    assert author == "Siti Aminah <siti@example.id>|kimgen editor|Terbitkan berita: Kerja Bakti Saluran Irigasi\n"
    touched = git(repo, "show", "--name-only", "--format=", "HEAD").split()
    assert touched == [f"kim/{KIM_A}/berita/2024-12-18-kerja-bakti-saluran-irigasi.md",
                       f"kim/{KIM_A}/media/kerja-bakti-saluran-irigasi.jpg"]
    assert git(repo, "status", "--porcelain") == ""

    text = (repo / touched[0]).read_text(encoding="utf-8")
    assert text == ("---\njudul: Kerja Bakti Saluran Irigasi\ntanggal: 2024-12-18\n"
                    "ringkasan: Warga membersihkan saluran irigasi.\ngambar: media/kerja-bakti-saluran-irigasi.jpg\n"
                    "penulis: Siti Aminah\n---\nWarga **bergotong royong** sejak pagi.\n")

    from PIL import Image

    with Image.open(repo / touched[1]) as saved:
        assert max(saved.size) == 2560 and not saved.getexif()  # smaller, and no GPS left in git history

    out = tmp_path / "sites"
    result = build(repo, out)
    assert not result.errors, [p.format() for p in result.errors]
    page = (out / KIM_A / "berita/kerja-bakti-saluran-irigasi/index.html").read_text(encoding="utf-8")
    assert "Kerja Bakti Saluran Irigasi" in page and ".webp" in page
    assert not (out / KIM_A / "media/kerja-bakti-saluran-irigasi.jpg").exists()  # only the resized variants


def test_a_new_post_with_problems_is_not_published_and_says_so_beside_the_field(repo, editor, siti):
    before = commits(repo)
    answer = send(siti, f"/kim/{KIM_A}/tulis/berita", berita(tanggal="18/12/2024"))
    assert answer.status_code == 400
    assert "Belum disimpan: perbaiki dulu isian yang ditandai." in answer.text
    field = re.search(r'<div class="isian salah">\s*<div class="label"><label for="f-tanggal">.*?</ul>', answer.text,
                      re.S).group(0)
    assert "2024-12-18" in field and 'aria-invalid="true"' in field  # the check's own hint, in the admin's words
    assert commits(repo) == before and not list((repo / "kim" / KIM_A / "berita").glob("*kerja*"))


def test_missing_title_is_a_problem_at_the_title(siti):
    answer = send(siti, f"/kim/{KIM_A}/tulis/berita", berita(judul=""))
    assert answer.status_code == 400
    field = re.search(r'<label for="f-judul">.*?</ul>', answer.text, re.S).group(0)
    assert "<li>Wajib diisi.</li>" in field and "---" not in field


def test_draft_is_committed_but_not_published(repo, editor, siti, tmp_path):
    answer = send(siti, f"/kim/{KIM_A}/tulis/berita", berita(aksi="draf"))
    assert "Draf tersimpan" in answer.text and "Draf</span>" in answer.text
    path = repo / "kim" / KIM_A / "berita/2024-12-18-kerja-bakti-saluran-irigasi.md"
    assert "draf: true\n" in path.read_text(encoding="utf-8")
    assert git(repo, "log", "-1", "--format=%s") == "Simpan draf berita: Kerja Bakti Saluran Irigasi\n"
    build(repo, tmp_path / "sites")
    assert not (tmp_path / "sites" / KIM_A / "berita/kerja-bakti-saluran-irigasi").exists()
    published = send(siti, f"/kim/{KIM_A}/ubah/berita/{path.name}", berita())
    assert published.status_code == 200 and "draf" not in path.read_text(encoding="utf-8")


def test_editing_keeps_what_the_form_does_not_show(repo, editor, siti):
    url = f"/kim/{KIM_A}/ubah/berita/2024-12-01-posyandu-balita.md"
    form = siti.get(url).text
    assert 'value="Posyandu Balita"' in form and "Kader menimbang balita." in form
    send(siti, url, {"judul": "Posyandu Balita Desember", "tanggal": "2024-12-01", "isi": "Kader menimbang.",
                     "aksi": "terbitkan"})
    text = (repo / "kim" / KIM_A / "berita/2024-12-01-posyandu-balita.md").read_text(encoding="utf-8")
    assert text == "---\njudul: Posyandu Balita Desember\ntanggal: 2024-12-01\nslug: posyandu\n---\nKader menimbang.\n"
    assert git(repo, "log", "-1", "--format=%s") == "Perbarui berita: Posyandu Balita Desember\n"


def test_delete_is_a_commit_that_removes_the_file(repo, editor, siti):
    url = f"/kim/{KIM_A}/hapus/berita/2024-12-01-posyandu-balita.md"
    answer = send(siti, url, {})
    assert "Terhapus: “Posyandu Balita”." in answer.text
    assert not (repo / "kim" / KIM_A / "berita/2024-12-01-posyandu-balita.md").exists()
    assert git(repo, "show", "--name-status", "--format=%an|%s", "HEAD").split("\n")[:3] == [
        "Siti Aminah|Hapus berita: Posyandu Balita", "", f"D\tkim/{KIM_A}/berita/2024-12-01-posyandu-balita.md"]


def test_a_concurrent_edit_is_shown_and_never_overwritten_silently(repo, editor, siti):
    url = f"/kim/{KIM_A}/ubah/berita/2024-12-01-posyandu-balita.md"
    opened = siti.get(url).text
    path = repo / "kim" / KIM_A / "berita/2024-12-01-posyandu-balita.md"
    theirs = path.read_text(encoding="utf-8").replace("Kader menimbang balita.", "Versi dari admin lain.")
    path.write_text(theirs, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "-c", "user.name=Admin Lain", "-c", "user.email=lain@example.id", "commit", "-q", "-m", "Ubah")
    mine = {"csrf": csrf_of(opened), "asal": re.search(r'name="asal" value="([^"]*)"', opened).group(1),
            "judul": "Posyandu Balita", "tanggal": "2024-12-01", "isi": "Versi saya.", "aksi": "terbitkan"}
    answer = siti.post(url, data=mine)
    assert answer.status_code == 409
    assert "Tulisan ini sudah diubah orang lain" in answer.text and "Admin Lain" in answer.text
    assert "Versi dari admin lain." in answer.text and "Versi saya." in answer.text  # both shown
    assert path.read_text(encoding="utf-8") == theirs
    again = siti.post(url, data={**mine, "asal": re.search(r'name="asal" value="([^"]*)"', answer.text).group(1)})
    assert again.status_code == 200 and "Versi saya." in path.read_text(encoding="utf-8")


def test_a_new_post_never_replaces_an_existing_file(repo, editor, siti):
    first = send(siti, f"/kim/{KIM_A}/tulis/berita", berita())
    assert first.status_code == 200
    second = send(siti, f"/kim/{KIM_A}/tulis/berita", berita(isi="Tulisan kedua."))
    assert second.status_code == 409 and "Sudah ada tulisan dengan judul dan tanggal ini." in second.text
    text = (repo / "kim" / KIM_A / "berita/2024-12-18-kerja-bakti-saluran-irigasi.md").read_text(encoding="utf-8")
    assert "Tulisan kedua." not in text


@pytest.mark.parametrize("kind, fields, expected", [
    ("agenda", {"judul": "Senam Lansia", "tanggal": "2024-12-18", "tanggal_mulai": "2024-12-22T06:30",
                "lokasi": "Balai Desa"}, "tanggal_mulai: 2024-12-22 06:30\nlokasi: Balai Desa\n"),
    ("cek-fakta", {"judul": "Hoaks Bansos", "tanggal": "2024-12-18", "klaim": "Bansos lewat tautan WhatsApp",
                   "status": "hoaks", "sumber": "https://kominfo.go.id/a\nhttps://example.id/b"},
     "status: hoaks\nsumber: ['https://kominfo.go.id/a', 'https://example.id/b']\n"),
    ("potensi", {"judul": "Keripik Tempe", "tanggal": "2024-12-18", "harga": "25.000", "kontak": "0812-3456-7890"},
     "harga: '25.000'\nkontak: 0812-3456-7890\n"),
    ("pengumuman", {"judul": "Jadwal BLT", "tanggal": "2024-12-18", "penting": "on", "berlaku_sampai": "2024-12-31"},
     "penting: true\nberlaku_sampai: 2024-12-31\n"),
    ("halaman", {"judul": "Kontak Kami", "urutan": "5"}, "judul: Kontak Kami\nurutan: 5\n"),
])
def test_every_kind_of_post_has_its_form(repo, editor, siti, kind, fields, expected):
    answer = send(siti, f"/kim/{KIM_A}/tulis/{kind}", {**fields, "isi": "Isi.", "aksi": "terbitkan"})
    assert answer.status_code == 200, messages(answer.text)
    written = next(p for p in (repo / "kim" / KIM_A / kind).glob("*.md"))
    assert expected in written.read_text(encoding="utf-8")
    assert written.name == ("kontak-kami.md" if kind == "halaman" else f"2024-12-18-{written.stem[11:]}.md")


def test_a_choice_is_offered_as_a_list(siti):
    form = siti.get(f"/kim/{KIM_A}/tulis/cek-fakta").text
    status = re.search(r'<select id="f-status".*?</select>', form, re.S).group(0)
    assert re.findall(r'<option value="([^"]*)"', status) == ["", "hoaks", "disinformasi", "misinformasi", "benar"]
    assert 'type="date"' in form and 'accept="image/*"' in form


def test_the_toolbar_works_without_javascript(siti):
    answer = send(siti, f"/kim/{KIM_A}/tulis/berita", berita(alat="tebal", isi="Awal."))
    assert answer.status_code == 200
    assert ">Awal. **teks tebal**\n</textarea>" in answer.text
    listed = send(siti, f"/kim/{KIM_A}/tulis/berita", berita(alat="daftar", isi="Awal."))
    assert ">Awal.\n\n- butir 1\n- butir 2\n</textarea>" in listed.text


def test_the_profile_form_edits_its_key_fields_and_keeps_the_rest(repo, editor, siti):
    url = f"/kim/{KIM_A}/profil"
    form = siti.get(url).text
    assert 'value="KIM Sumber Rejeki"' in form
    kabupaten = re.search(r'<select id="f-kabupaten".*?</select>', form, re.S).group(0)
    assert "Kota Malang" in kabupaten
    values = dict(re.findall(r'<input id="f-([\w-]+)" name="([\w.]+)" type="[a-z-]+" value="([^"]*)"', form) and
                  [(name, value) for _id, name, value in
                   re.findall(r'<input id="f-([\w-]+)" name="([\w.]+)" type="[a-z-]+" value="([^"]*)"', form)])
    values.update({"kabupaten": "Kabupaten Pasuruan", "jenis_wilayah": "desa",
                   "deskripsi": "KIM yang rajin menulis.", "kontak.whatsapp": "0812-3456-7890", "aksi": "simpan"})
    answer = send(siti, url, values)
    assert answer.status_code == 200, messages(answer.text)
    text = (repo / "kim" / KIM_A / "profil.yaml").read_text(encoding="utf-8")
    assert "deskripsi: KIM yang rajin menulis.\n" in text and "kontak:\n  whatsapp: 0812-3456-7890\n" in text
    assert "pengurus:\n- nama: Budi\n  jabatan: Sekretaris\n" in text
    assert git(repo, "log", "-1", "--format=%an|%s") == "Siti Aminah|Perbarui profil KIM: KIM Sumber Rejeki\n"


def test_a_wrong_profile_value_is_shown_at_its_field(siti):
    url = f"/kim/{KIM_A}/profil"
    answer = send(siti, url, {"nama": "KIM Sumber Rejeki", "desa": "Sumberrejo", "kecamatan": "Purwosari",
                              "kabupaten": "Kabupaten Entah", "media_sosial.facebook": "bukan alamat",
                              "aksi": "simpan"})
    assert answer.status_code == 400
    assert re.search(r'<label for="f-kabupaten">.*?tidak ada dalam daftar kabupaten', answer.text, re.S)
    assert re.search(r'<label for="f-media_sosial-facebook">.*?class="masalah"', answer.text, re.S)


def test_a_pembina_sees_every_kims_changes_and_an_admin_only_their_own(repo, editor, siti):
    send(siti, f"/kim/{KIM_A}/tulis/berita", berita())
    budi = logged_in(editor, "budi")
    send(budi, f"/kim/{KIM_B}/tulis/berita", berita(judul="Lomba Kebersihan"))
    pembina = logged_in(editor, "pembina").get("/").text
    assert "Terbitkan berita: Kerja Bakti Saluran Irigasi" in pembina and "Terbitkan berita: Lomba Kebersihan" in pembina
    own = budi.get(f"/kim/{KIM_B}/").text
    assert "Lomba Kebersihan" in own and "Kerja Bakti Saluran Irigasi" not in own
    assert logged_in(editor, "pembina").get(f"/kim/{KIM_A}/").status_code == 404  # seeing is not editing


def test_a_refused_commit_changes_nothing(repo, editor, siti):
    hook = repo / ".git/hooks/pre-commit"
    hook.write_text("#!/bin/sh\necho 'kimgen check menemukan galat' >&2\nexit 1\n", encoding="utf-8")
    hook.chmod(0o755)
    before = commits(repo)
    answer = send(siti, f"/kim/{KIM_A}/ubah/berita/2024-12-01-posyandu-balita.md",
                  {"judul": "Posyandu", "tanggal": "2024-12-01", "isi": "Baru.", "aksi": "terbitkan"})
    assert answer.status_code == 503 and "Gagal menyimpan ke git (kimgen check menemukan galat)" in answer.text
    assert commits(repo) == before and git(repo, "status", "--porcelain") == ""


def test_push_sends_each_commit_to_the_remote(repo, tmp_path):
    remote = tmp_path / "pusat.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    git(repo, "remote", "add", "origin", str(remote))
    git(repo, "push", "-q", "-u", "origin", "main")
    editor = make_editor(repo, tmp_path / "data-push", push=True)
    send(logged_in(editor), f"/kim/{KIM_A}/tulis/berita", berita())
    for _ in range(100):
        if git(remote, "log", "-1", "--format=%s", "main").startswith("Terbitkan berita"):
            break
        time.sleep(0.1)
    assert git(remote, "log", "-1", "--format=%an|%s", "main") == "Siti Aminah|Terbitkan berita: Kerja Bakti Saluran Irigasi\n"


def test_english_pages_when_the_province_says_bahasa_en(tmp_path):
    from conftest import PROVINSI

    repo = content_repo(tmp_path, provinsi=PROVINSI + "bahasa: en\n")
    editor = make_editor(repo, tmp_path / "data")
    from editor_support import client

    page = client(editor).get("/masuk").text
    assert 'lang="en"' in page and ">Username</label>" in page and ">Log in</button>" in page
    form = logged_in(editor).get(f"/kim/{KIM_A}/tulis/berita").text
    assert ">Title</label>" in form and ">Publish</button>" in form
    assert git(repo, "log", "-1", "--format=%s") == "Konten awal\n"


def test_a_scheduled_post_is_checked_and_previewed_whole(siti):
    future = berita(tanggal="2025-01-20", isi="Lihat [foto](../media/tidak-ada.jpg).", aksi="pratinjau")
    answer = send(siti, f"/kim/{KIM_A}/tulis/berita", future)
    assert "tidak-ada.jpg" in " ".join(messages(answer.text))
    ok = send(siti, f"/kim/{KIM_A}/tulis/berita", berita(tanggal="2025-01-20", aksi="pratinjau"))
    assert re.search(r'<iframe src="([^"]+)"', ok.text)
    assert NOW < "2025-01-20"


def test_an_album_is_edited_as_text(repo, editor, siti):
    album = repo / "kim" / KIM_A / "galeri/2024-12-03-lomba.md"
    album.parent.mkdir()
    album.write_text("---\njudul: Lomba\ntanggal: 2024-12-03\ngaleri:\n  - gambar: media/lama.jpg\n---\nx\n",
                     encoding="utf-8")
    url = f"/kim/{KIM_A}/ubah/galeri/2024-12-03-lomba.md"
    form = siti.get(url).text
    assert '<textarea id="f-teks" name="teks"' in form and "galeri:" in form
    text = album.read_text(encoding="utf-8").replace("judul: Lomba", "judul: Lomba Agustusan")
    answer = send(siti, url, {"teks": text, "aksi": "terbitkan"})
    assert answer.status_code == 200 and album.read_text(encoding="utf-8") == text
    assert git(repo, "log", "-1", "--format=%s") == "Perbarui galeri: Lomba Agustusan\n"


def test_a_photo_no_post_used_is_removed_after_a_while(repo, editor, siti):
    from kimgen.editor import uploads

    send(siti, f"/kim/{KIM_A}/tulis/berita", berita(aksi="pratinjau"), {"foto": ("a.jpg", jpeg(60, 40), "image/jpeg")})
    unused = repo / "kim" / KIM_A / "media/kerja-bakti-saluran-irigasi.jpg"
    assert unused.is_file() and uploads.sweep(editor.store, editor.repo, repo) == []  # still fresh
    with editor.store.connect() as db:
        db.execute("UPDATE uploads SET at = ?", (time.time() - 3 * 86400,))
    assert uploads.sweep(editor.store, editor.repo, repo) == [f"kim/{KIM_A}/media/kerja-bakti-saluran-irigasi.jpg"]
    assert not unused.exists() and (repo / "kim" / KIM_A / "media/lama.jpg").is_file()
