"""Links and images an admin gets wrong: names that differ only in case or spaces, posts with no text,
and images from another host, which a reader's browser must never fetch."""

from __future__ import annotations

import io
import re

from PIL import Image

from conftest import messages, post

KIM = "kim/kim-sumber-rejeki"
B = f"{KIM}/berita"
POST = f"{B}/2024-12-11-posyandu.md"
PAGE = "kim-sumber-rejeki/berita/posyandu/index.html"
BAD_NAME = (f"{KIM}/media/img 2024.jpg: peringatan: nama berkas ini memakai tanda yang tidak boleh ada di alamat "
            "situs, jadi berkas ini tidak diterbitkan. Ganti namanya menjadi `img-2024.jpg` (huruf, angka, titik, "
            "garis bawah dan tanda hubung saja), lalu sesuaikan tulisan yang memakainya.")


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "teal").save(buffer, "JPEG")
    return buffer.getvalue()


def test_camera_name_differing_in_case_from_a_file_with_spaces(site):
    _, result, _ = site({POST: post("Posyandu", body="![Kader](../media/IMG 2024.JPG)"),
                         f"{KIM}/media/img 2024.jpg": jpeg()})
    assert messages(result) == [
        BAD_NAME,
        f"{POST}:5: gambar `../media/IMG 2024.JPG` tidak ditemukan. Di folder KIM ini ada `media/img 2024.jpg`, "
        "yang namanya hanya berbeda huruf besar/kecil atau spasi. Nama berkas tidak boleh memuat spasi atau tanda "
        "lain: ganti nama berkas itu menjadi `img-2024.jpg`, lalu tulis `../media/img-2024.jpg`."]


def test_cover_image_differing_in_case_names_the_file_on_disk(site):
    _, result, _ = site({POST: post("Posyandu", gambar="media/IMG 2024.JPG"), f"{KIM}/media/img 2024.jpg": jpeg()})
    assert messages(result) == [
        BAD_NAME,
        f"{POST}:4: gambar: gambar `media/IMG 2024.JPG` tidak ditemukan. Di folder KIM ini ada `media/img 2024.jpg`, "
        "yang namanya hanya berbeda huruf besar/kecil atau spasi. Nama berkas tidak boleh memuat spasi atau tanda "
        "lain: ganti nama berkas itu menjadi `img-2024.jpg`, lalu tulis `media/img-2024.jpg`."]


def test_the_exact_name_of_a_file_refused_for_its_spaces(site):
    _, result, _ = site({POST: post("Posyandu", body="![Kader](../media/img 2024.jpg)"),
                         f"{KIM}/media/img 2024.jpg": jpeg()})
    assert messages(result) == [
        BAD_NAME,
        f"{POST}:5: gambar `../media/img 2024.jpg` tidak diterbitkan karena nama berkasnya memuat spasi atau tanda "
        "lain. Ganti nama berkas itu menjadi `img-2024.jpg`, lalu tulis `../media/img-2024.jpg`."]


def test_name_differing_only_in_case_from_a_published_file(site):
    _, result, _ = site({POST: post("Posyandu", body="Foto:\n\n![Kader](../media/Posyandu-Balita.JPG)"),
                         f"{KIM}/media/posyandu-balita.jpg": jpeg()})
    assert messages(result) == [
        f"{POST}:7: gambar `../media/Posyandu-Balita.JPG` tidak ditemukan. Di folder KIM ini ada "
        "`media/posyandu-balita.jpg`, yang namanya hanya berbeda huruf besar/kecil atau spasi, dan nama harus "
        "ditulis sama persis: tulis `../media/posyandu-balita.jpg`."]


def test_name_with_spaces_for_a_file_renamed_with_hyphens(site):
    _, result, out = site({POST: post("Posyandu", gambar="media/Posyandu Balita.jpg"),
                           f"{KIM}/media/posyandu-balita.jpg": jpeg()})
    assert messages(result) == [
        f"{POST}:4: gambar: gambar `media/Posyandu Balita.jpg` tidak ditemukan. Di folder KIM ini ada "
        "`media/posyandu-balita.jpg`, yang namanya hanya berbeda huruf besar/kecil atau spasi, dan nama harus "
        "ditulis sama persis: tulis `media/posyandu-balita.jpg`."]


def test_link_to_a_post_whose_name_differs_only_in_case(site):
    _, result, _ = site({POST: post("Posyandu", body="Baca juga [bulan lalu](2024-11-12-Posyandu-Balita.md#hasil)."),
                         f"{B}/2024-11-12-posyandu-balita.md": post("Posyandu Balita", "2024-11-12")})
    assert messages(result) == [
        f"{POST}:5: tautan `2024-11-12-Posyandu-Balita.md#hasil` menunjuk ke tulisan yang tidak ada. Ada "
        "`berita/2024-11-12-posyandu-balita.md`, yang namanya hanya berbeda huruf besar/kecil, dan nama harus "
        "ditulis sama persis: tulis `2024-11-12-posyandu-balita.md#hasil`."]


def test_two_posts_whose_file_names_differ_only_in_case(site):
    twin = f"{B}/2024-12-11-Posyandu.md"
    _, result, out = site({POST: post("Posyandu Desember"), twin: post("Posyandu Ulang", "2024-12-12")})
    assert messages(result) == [
        f"{twin}: peringatan: nama berkas ini hanya berbeda huruf besar/kecil dengan {POST}. Di Windows dan macOS "
        "keduanya dianggap satu berkas, sehingga salah satunya bisa tertimpa. Ganti nama salah satu berkas (atau "
        "hapus bila isinya sama); sementara ini tulisan ini memakai alamat `posyandu-2024-12-12`."]
    assert "Posyandu Desember" in (out / PAGE).read_text()
    assert "Posyandu Ulang" in (out / "kim-sumber-rejeki/berita/posyandu-2024-12-12/index.html").read_text()


def test_an_empty_body_is_a_warning_and_the_post_is_published(site):
    _, result, out = site({POST: "---\njudul: Posyandu\ntanggal: 2024-12-11\n---\n\n  \n"})
    assert messages(result) == [
        f"{POST}:4: peringatan: tulisan ini belum punya isi: di bawah baris --- kedua belum ada teks, jadi "
        "halamannya hanya berisi judul. Tulis isinya di bawah baris itu, atau tambahkan `draf: true` bila belum "
        "siap terbit."]
    assert (out / PAGE).is_file()


def test_no_empty_body_warning_for_a_video_or_a_draft(site):
    _, result, _ = site({POST: "---\njudul: Vlog\ntanggal: 2024-12-11\nvideo: https://youtu.be/dQw4w9WgXcQ\n---\n",
                         f"{B}/2024-12-12-draf.md": "---\njudul: Nanti\ntanggal: 2024-12-12\ndraf: true\n---\n"})
    assert messages(result) == []


REMOTE = ("gambar `{url}` diambil dari situs lain, padahal situs KIM tidak memuat apa pun dari situs lain (agar "
          "hemat kuota dan pembaca tidak dilacak), jadi {outcome}. Unduh gambarnya, unggah ke folder media/ KIM ini, "
          "lalu tulis `{example}`.")


def test_an_image_from_another_host_becomes_a_link_and_the_admin_is_told(site):
    body = ("![Banjir di jalan desa](http://berita.example/foto/banjir.jpg)\n\n"
            "[![logo](//cdn.example/logo.png)](https://kim.example/)\n\n"
            '<img src="https://cdn.example/x.jpg" alt="x">')
    _, result, out = site({POST: post("Posyandu", body=body)})
    assert messages(result) == [
        f"{POST}:5: peringatan: " + REMOTE.format(url="http://berita.example/foto/banjir.jpg",
                                                   outcome="gambar ini hanya tampil sebagai tautan",
                                                   example="![keterangan foto](../media/banjir.jpg)"),
        f"{POST}:7: peringatan: " + REMOTE.format(url="//cdn.example/logo.png",
                                                   outcome="gambar ini hanya tampil sebagai tautan",
                                                   example="![keterangan foto](../media/logo.png)"),
        f"{POST}:9: peringatan: " + REMOTE.format(url="https://cdn.example/x.jpg", outcome="gambar ini tidak ditampilkan",
                                                   example="![keterangan foto](../media/x.jpg)")]
    page = (out / PAGE).read_text()
    assert '<a href="http://berita.example/foto/banjir.jpg" rel="noopener">Banjir di jalan desa</a>' in page
    assert '<a href="https://kim.example/" rel="noopener"><span>logo</span></a>' in page
    feed = (out / "kim-sumber-rejeki/feed.xml").read_text()
    for text in (page, feed):
        assert not re.search(r"<img[^>]*example", text) and not re.search(r"&lt;img[^&]*example", text)
        assert "cdn.example/x.jpg" not in text


def test_a_cover_image_from_another_host_is_left_out(site):
    _, result, out = site({POST: post("Posyandu", gambar="https://berita.example/foto/Banjir Desa.JPG")})
    assert messages(result) == [
        f"{POST}:4: peringatan: gambar: " + REMOTE.format(
            url="https://berita.example/foto/Banjir Desa.JPG", outcome="tulisan ini terbit tanpa gambar sampul",
            example="gambar: media/Banjir-Desa.JPG")]
    for path in (PAGE, "kim-sumber-rejeki/index.html", "kim-sumber-rejeki/feed.xml", "index.html"):
        assert "berita.example" not in (out / path).read_text(), path


def test_english_hint_when_the_province_says_bahasa_en(site):
    from conftest import PROVINSI

    _, result, _ = site({"provinsi.yaml": PROVINSI + "bahasa: en\n",
                         POST: post("Posyandu", body="![Kader](../media/Posyandu-Balita.JPG)"),
                         f"{KIM}/media/posyandu-balita.jpg": jpeg()})
    assert messages(result) == [
        f"{POST}:5: image `../media/Posyandu-Balita.JPG` was not found. This KIM's folder has "
        "`media/posyandu-balita.jpg`, whose name differs only in upper/lower case or spaces, and names must be "
        "written exactly: write `../media/posyandu-balita.jpg`."]
