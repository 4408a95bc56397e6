"""The editor's parts on their own: forms from kimgen's schemas and back to YAML, photos from a
phone, and the confinement of every path to one KIM's folder."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import yaml

from editor_support import KIM_A, KIM_B, content_repo, jpeg

pytest.importorskip("starlette")

from kimgen.editor import forms, photos  # noqa: E402
from kimgen.editor.confine import NotFound, inside, kim_folder, media_file, post_file  # noqa: E402


def test_the_berita_form_follows_the_schema():
    inputs = {inp.key: inp for inp in forms.post_inputs("berita")}
    assert list(inputs)[:3] == ["judul", "tanggal", "ringkasan"]
    assert inputs["judul"].required and inputs["tanggal"].widget == "date"
    assert inputs["adinda"].widget == "select" and "aspirasi" in inputs["adinda"].choices
    assert inputs["tag"].widget == "list" and inputs["gambar"].widget == "media"
    assert not {"slug", "draf", "galeri", "audio"} & set(inputs)  # kept as the file has them
    agenda = {inp.key: inp.widget for inp in forms.post_inputs("agenda")}
    assert agenda["tanggal_mulai"] == "datetime" and agenda["lokasi"] == "text"
    assert {inp.key: inp.widget for inp in forms.post_inputs("pengumuman")}["penting"] == "checkbox"


def test_form_values_become_the_yaml_an_admin_would_write():
    inputs = forms.post_inputs("agenda")
    data = forms.merged(inputs, {"judul": "Rapat: RT 03", "tanggal": "2024-12-11", "tanggal_mulai": "2024-12-20T08:00",
                                 "tag": "rapat,  warga ,", "lokasi": "  Balai\nDesa  ", "ringkasan": ""}, None)
    text = forms.post_text(data, "Isi\r\nbaris dua\r\n")
    assert text == ("---\njudul: 'Rapat: RT 03'\ntanggal: 2024-12-11\ntanggal_mulai: 2024-12-20 08:00\n"
                    "lokasi: Balai Desa\ntag: [rapat, warga]\n---\nIsi\nbaris dua\n")
    assert yaml.safe_load(text.split("---")[1])["judul"] == "Rapat: RT 03"


@pytest.mark.parametrize("typed, kept", [("11/12/2024", "11/12/2024"), ("2024-13-01", "2024-13-01"),
                                         ("2024-12-11", dt.date(2024, 12, 11))])
def test_a_date_is_written_as_typed_when_it_is_not_one(typed, kept):
    date = next(inp for inp in forms.post_inputs("berita") if inp.key == "tanggal")
    assert forms.stored(date, typed) == kept


def test_the_hour_a_file_had_survives_a_form_that_shows_the_day():
    date = next(inp for inp in forms.post_inputs("berita") if inp.key == "tanggal")
    old = dt.datetime(2024, 12, 11, 8, 30)
    assert forms.shown(date, old) == "2024-12-11" and forms.stored(date, "2024-12-11", old) is old
    assert forms.stored(date, "2024-12-12", old) == dt.date(2024, 12, 12)


def test_hostile_text_stays_text_in_yaml():
    inputs = forms.post_inputs("berita")
    hostile = "x\n---\ndraf: false\njudul: !!python/object:os.system ['id']"
    text = forms.post_text(forms.merged(inputs, {"judul": hostile, "ringkasan": "yes", "kategori": "123"}, None), "b")
    front = yaml.safe_load(text.split("---\n")[1])
    assert front == {"judul": hostile.replace("\n", " ").replace("  ", " "), "ringkasan": "yes", "kategori": "123"}


def test_profile_groups_are_merged_key_by_key():
    inputs = forms.profile_inputs(["Kabupaten Pasuruan"])
    original = {"nama": "KIM A", "kontak": {"alamat": "Jl. Mawar", "fax": "kept"}, "pengurus": [{"nama": "Budi"}]}
    data = forms.merged(inputs, {"nama": "KIM A", "kontak.alamat": "", "kontak.email": "kim@example.id"}, original)
    assert data["kontak"] == {"fax": "kept", "email": "kim@example.id"} and data["pengurus"] == [{"nama": "Budi"}]
    kabupaten = next(inp for inp in inputs if inp.key == "kabupaten")
    assert kabupaten.widget == "select" and kabupaten.choices == ("Kabupaten Pasuruan",)


def test_file_names_follow_kimgen_new():
    assert forms.file_name("berita", "Sosialisasi Posyandu Balita!", dt.date(2024, 12, 11)) == \
        "2024-12-11-sosialisasi-posyandu-balita.md"
    assert forms.file_name("halaman", "Tentang Kami", dt.date(2024, 12, 11)) == "tentang-kami.md"
    assert forms.file_name("berita", "../../kim-b/profil", dt.date(2024, 1, 1)) == "2024-01-01-kim-b-profil.md"
    assert forms.file_name("berita", "😀", dt.date(2024, 1, 1)) == "2024-01-01-tulisan.md"


def test_photos_are_turned_upright_made_smaller_and_stripped():
    from PIL import Image

    data, suffix = photos.normalise(jpeg(4000, 3000, gps=True, orientation=6))
    with Image.open(io.BytesIO(data)) as image:
        assert suffix == ".jpg" and image.size == (1920, 2560)  # rotated as the phone held it, long side 2560
        assert not image.getexif() and "exif" not in image.info


def test_a_transparent_or_drawn_image_stays_png():
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGBA", (64, 64), (0, 0, 0, 0)).save(out, "PNG")
    assert photos.normalise(out.getvalue())[1] == ".png"


def test_photo_names_are_safe_and_free(tmp_path):
    (tmp_path / "kerja-bakti.jpg").write_bytes(b"x")
    assert photos.media_name(tmp_path, "Kerja Bakti", ".jpg") == "kerja-bakti-2.jpg"
    assert photos.media_name(tmp_path, '"><script>.heic', ".jpg") == "script.jpg"
    assert photos.media_name(tmp_path, "", ".png") == "foto.png"


def test_paths_are_confined_to_the_kim(tmp_path):
    root = content_repo(tmp_path)
    assert post_file(root, KIM_A, "berita", "x.md") == root / "kim" / KIM_A / "berita" / "x.md"
    for kind, name in (("berita", "../x.md"), ("..", "x.md"), ("berita", ".x.md"), ("berita", "x.txt"),
                       ("media", "x.md"), ("berita", "a/b.md"), ("berita", "x.md\0")):
        with pytest.raises(NotFound):
            post_file(root, KIM_A, kind, name)
    for slug in ("..", "KIM-A", "kim", "assets", ""):
        with pytest.raises(NotFound):
            kim_folder(root, slug)
    with pytest.raises(NotFound):
        media_file(root, KIM_A, f"media/../../{KIM_B}/media/milik-b.jpg")
    (root / "kim" / KIM_A / "halaman").symlink_to(root / "kim" / KIM_B / "berita")
    with pytest.raises(NotFound):
        post_file(root, KIM_A, "halaman", "2024-12-05-rahasia-kim-b.md")
    (root / "kim" / "kim-tautan").symlink_to(root / "kim" / KIM_B)
    with pytest.raises(NotFound):
        kim_folder(root, "kim-tautan")
    with pytest.raises(NotFound):
        inside(root / "kim" / KIM_A, "media", "..", "profil.yaml")


def test_a_hard_link_is_never_edited(tmp_path):
    root = content_repo(tmp_path)
    secret = tmp_path / "rahasia.md"
    secret.write_text("rahasia", encoding="utf-8")
    (root / "kim" / KIM_A / "berita" / "tautan.md").hardlink_to(secret)
    with pytest.raises(NotFound):
        post_file(root, KIM_A, "berita", "tautan.md")


def test_every_word_of_the_pages_is_said_in_both_languages():
    import re
    from pathlib import Path

    from kimgen.editor import words

    assert set(words.ID) == set(words.EN)
    folder = Path(words.__file__).parent
    said = {key for path in [*folder.glob("templates/*.html"), *folder.glob("*.py")]
            for key in re.findall(r"""\bt\(['"]([\w.-]+)['"]\s*[,)]""", path.read_text(encoding="utf-8"))}
    assert said and said <= set(words.ID), said - set(words.ID)
    fields = {f"field_{inp.key}" for kind in ("berita", "agenda", "pengumuman", "cek-fakta", "potensi", "halaman")
              for inp in forms.post_inputs(kind)} | {f"field_{inp.key}" for inp in forms.profile_inputs([])}
    assert fields <= set(words.ID), fields - set(words.ID)
    from kimgen.editor.confine import EDITABLE_KINDS
    from kimgen.editor.views_posts import NEW_KINDS

    assert {f"kind_{k}" for k in EDITABLE_KINDS} | {f"new_{k}" for k in NEW_KINDS} <= set(words.ID)
