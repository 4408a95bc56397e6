"""Errors that teach: each names file, line and field, says what is wrong and how to fix it."""

from __future__ import annotations

import io

from PIL import Image

from conftest import PROVINSI, messages, post
from kimgen.problems.messages import msg

KIM = "kim/kim-sumber-rejeki"
B = f"{KIM}/berita"


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "teal").save(buffer, "JPEG")
    return buffer.getvalue()


def test_tab_in_yaml_indentation(site):
    text = "---\njudul: Posyandu\ntanggal: 2024-12-11\ntag:\n\t- posyandu\n---\nIsi.\n"
    _, result, _ = site({f"{B}/2024-12-11-posyandu.md": text})
    assert messages(result) == [
        f"{B}/2024-12-11-posyandu.md:5: tag: baris ini diawali tab, padahal jorokan hanya boleh memakai spasi: "
        "ganti tab dengan dua spasi."]


def test_front_matter_never_closed(site):
    _, result, _ = site({f"{B}/2024-12-11-posyandu.md": "---\njudul: Posyandu\ntanggal: 2024-12-11\nIsi.\n"})
    assert messages(result) == [
        f"{B}/2024-12-11-posyandu.md:1: bagian atas berkas dibuka dengan baris `---` di baris 1 tetapi tidak "
        "pernah ditutup. Tambahkan baris `---` setelah isian terakhir, sebelum isi tulisan."]


def test_missing_required_field_points_at_the_front_matter(site):
    _, result, _ = site({f"{B}/2024-12-11-posyandu.md": "---\njudul: Posyandu\nkategori: kesehatan\n---\nIsi.\n"})
    assert messages(result) == [
        f"{B}/2024-12-11-posyandu.md:1: tanggal: wajib diisi tetapi tidak ada. Tambahkan baris "
        "`tanggal: 2024-12-11` di antara kedua baris `---`."]


def test_missing_required_profile_field_points_at_line_one(site):
    profile = "nama: KIM Dua\ndesa: Dua\nkabupaten: Kota Malang\n"
    _, result, _ = site({"kim/kim-dua/profil.yaml": profile})
    assert messages(result) == [
        "kim/kim-dua/profil.yaml:1: kecamatan: wajib diisi tetapi tidak ada. Tambahkan baris "
        "`kecamatan: Purwosari`."]


def test_unknown_key_with_a_close_match(site):
    text = "---\njudul: Posyandu\ntanggal: 2024-12-11\ntangal: 2024-12-12\n---\nIsi.\n"
    _, result, _ = site({f"{B}/2024-12-11-posyandu.md": text})
    assert messages(result) == [
        f"{B}/2024-12-11-posyandu.md:4: peringatan: tangal: kunci `tangal` tidak dikenal dan akan diabaikan "
        "(maksud Anda `tanggal`?). Perbaiki ejaannya atau hapus baris ini."]


def test_date_written_the_indonesian_way(site):
    text = "---\njudul: Posyandu\nkategori: kesehatan\ntanggal: 11/12/2024\n---\nIsi.\n"
    _, result, _ = site({f"{B}/2024-12-11-posyandu.md": text})
    assert messages(result) == [
        f"{B}/2024-12-11-posyandu.md:4: tanggal: tanggal `11/12/2024` tidak dapat dibaca; tulis sebagai "
        "tahun-bulan-tanggal: `2024-12-11` (bukan tanggal/bulan/tahun seperti kebiasaan kita)."]


def test_file_saved_from_word_as_windows_1252(site):
    text = "---\njudul: Kopi “Lereng” Arjuno\ntanggal: 2024-12-11\n---\nIsi.\n"
    _, result, _ = site({f"{B}/2024-12-11-kopi.md": text.encode("cp1252")})
    assert messages(result) == [
        f"{B}/2024-12-11-kopi.md:2: berkas tidak tersimpan sebagai UTF-8 (mungkin disalin dari Microsoft Word "
        "atau disimpan sebagai Windows-1252/ANSI). Simpan ulang dengan pengodean UTF-8, misalnya lewat editor "
        "web GitHub/GitLab atau 'Save As' > 'UTF-8'."]


def test_image_in_body_that_does_not_exist(site):
    body = "Paragraf pertama.\n\n![Kader](../media/posyandu-balita.JPG)\n"
    _, result, _ = site({f"{B}/2024-12-11-posyandu.md": post("Posyandu", body=body),
                         f"{KIM}/media/posyandu-balita-2.jpg": jpeg()})
    assert messages(result) == [
        f"{B}/2024-12-11-posyandu.md:7: gambar `../media/posyandu-balita.JPG` tidak ditemukan. Unggah berkasnya "
        "ke folder media/ KIM ini atau perbaiki namanya (maksud Anda `posyandu-balita-2.jpg`?)."]


def test_cover_image_that_does_not_exist_points_at_its_line(site):
    text = "---\njudul: Posyandu\ntanggal: 2024-12-11\ngambar: media/tidak-ada.jpg\n---\nIsi.\n"
    _, result, _ = site({f"{B}/2024-12-11-posyandu.md": text})
    assert messages(result) == [
        f"{B}/2024-12-11-posyandu.md:4: gambar: gambar `media/tidak-ada.jpg` tidak ditemukan. Unggah berkasnya "
        "ke folder media/ KIM ini atau perbaiki namanya."]


def test_image_too_large(site):
    provinsi = PROVINSI + "batas_foto_kb: 1\n"
    _, result, _ = site({"provinsi.yaml": provinsi, f"{KIM}/media/besar.jpg": b"\xff" * 3000})
    assert messages(result) == [
        f"{KIM}/media/besar.jpg: peringatan: foto terlalu besar (2 KB; batasnya 1 KB). Perkecil fotonya "
        "(misalnya lebar 1600 piksel) lalu unggah ulang. Berkas ini tidak diterbitkan."]


def test_link_to_a_post_that_does_not_exist(site):
    body = "Baca juga [posyandu lalu](2024-11-12-posyandu.md) ya."
    _, result, _ = site({f"{B}/2024-12-11-posyandu.md": post("Posyandu", body=body),
                         f"{B}/2024-11-12-posyandu-balita.md": post("Posyandu Balita", "2024-11-12")})
    assert messages(result) == [
        f"{B}/2024-12-11-posyandu.md:5: tautan `2024-11-12-posyandu.md` menunjuk ke tulisan yang tidak ada. "
        "Periksa nama berkasnya (huruf besar/kecil berpengaruh) (maksud Anda `2024-11-12-posyandu-balita.md`?)."]


def test_wrong_value_points_at_its_own_line(site):
    text = "---\njudul: Cek\ntanggal: 2024-12-11\nklaim: Kabar bohong\nstatus: hoax\n---\nIsi.\n"
    _, result, _ = site({f"{KIM}/cek-fakta/2024-12-11-cek.md": text})
    assert messages(result) == [
        f"{KIM}/cek-fakta/2024-12-11-cek.md:5: status: `hoax` tidak dikenal; pilih salah satu: hoaks, "
        "disinformasi, misinformasi, benar (maksud Anda `hoaks`?)."]


def test_english_messages_when_the_province_says_bahasa_en(site):
    """English comes from provinsi.yaml and stays with that build: markup used later speaks Indonesian."""
    text = "---\njudul: Posyandu\ntanggal: 11/12/2024\ntangal: x\n---\nIsi.\n"
    _, result, _ = site({"provinsi.yaml": PROVINSI + "bahasa: en\n", f"{B}/2024-12-11-posyandu.md": text})
    assert messages(result) == [
        f"{B}/2024-12-11-posyandu.md:3: tanggal: date `11/12/2024` cannot be read; write it as year-month-day: "
        "`2024-12-11` (not day/month/year).",
        f"{B}/2024-12-11-posyandu.md:4: warning: tangal: unknown key `tangal` will be ignored "
        "(did you mean `tanggal`?). Fix its spelling or delete this line."]
    assert msg("what_link") == "tautan"
