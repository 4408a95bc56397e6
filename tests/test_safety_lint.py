"""Spam and privacy lint: warnings that name file, line and what to do; --strict makes them stop the build."""

from __future__ import annotations

import pytest

from conftest import PROFIL, PROVINSI, invoke, messages, post, write_tree
from kimgen.content.lint import lint_text
from kimgen.problems import Problems

KIM = "kim/kim-sumber-rejeki"
SPAM = ("`{}` adalah pola promosi judi online (spam) dan tidak boleh terbit di situs KIM. Hapus teks itu; bila Anda "
        "tidak pernah menulisnya, segera ganti kata sandi akun admin KIM dan laporkan ke Diskominfo.")
NIK = ("angka 16 digit `3514xxxxxxxxxxxx` tampak seperti NIK atau nomor KK, data pribadi yang tidak boleh "
       "diterbitkan. Hapus angka itu atau samarkan, misalnya `3514xxxxxxxxxxxx`.")
PHONE = ("nomor ponsel `{}` bukan kontak KIM; nomor pribadi warga tidak boleh diterbitkan tanpa izin. Hapus "
         "nomornya, atau bila ini nomor resmi KIM, tulis di `kontak.telepon` atau `kontak.whatsapp` di profil.yaml.")
PROFIL_KONTAK = PROFIL + 'kontak: {telepon: "0343-612345", whatsapp: "0812-1111-2222"}\n'


def lint(text: str, allowed=()) -> list[tuple[int, str]]:
    problems = Problems()
    lint_text(text, "x.md", problems, allowed)
    assert all(p.level == "warning" for p in problems.items)
    return [(p.line, p.message) for p in problems.items]


@pytest.mark.parametrize("text,phrase", [
    ("Situs SLOT GACOR hari ini", "slot gacor"),
    ("s1ot g4cor maxwin", "slot gacor"),
    ("S.L.O.T-G.A.C.O.R", "slot gacor"),
    ("𝐒𝐋𝐎𝐓 𝐆𝐀𝐂𝐎𝐑", "slot gacor"),
    ("Ｓｌｏｔ　ｇａｃｏｒ", "slot gacor"),
    ("bocoran RTP live malam ini", "rtp live"),
    ("Link alternatif resmi", "link alternatif"),
    ("pasti MAXWIN", "maxwin"),
    ("daftar togel online sekarang", "togel online"),
    ("depo 10k bonus new member", "bonus new member"),
    ("Situs judi bola, deposit pulsa", "deposit pulsa"),
    ("bandar togel terpercaya", "bandar togel"),
])
def test_gambling_spam_is_found(text, phrase):
    assert lint(text) == [(1, SPAM.format(phrase))]


@pytest.mark.parametrize("text", [
    "Sosialisasi bahaya judi online di balai desa bersama Babinsa.",
    "Warga diimbau menjauhi togel dan judol.",
    "Lomba burung kicau: murai batu paling gacor juara 1.",
    "Slot waktu pendaftaran posyandu masih tersedia.",
    "Harga gabah Rp 6.500 per kg, hasil panen 12 ton.",
    "Rapat pukul 08.00 di kantor desa, telepon kantor (0343) 612345.",
    "Tanggal 2024-12-11, nomor SK 141/12/2020, NPWP 01.234.567.8-901.000.",
    "Foto IMG_20241211_083015.jpg dari https://www.facebook.com/permalink.php?story_fbid=3514012508900001",
])
def test_ordinary_village_news_is_not_flagged(text):
    assert lint(text) == []


def test_weak_terms_warn_with_a_promotional_cue_or_beside_spam():
    assert lint("Main togel terpercaya, deposit kecil") == [(1, SPAM.format("togel"))]
    assert lint("judi online\nslot gacor") == [(1, SPAM.format("judi online")), (2, SPAM.format("slot gacor"))]


@pytest.mark.parametrize("text", ["NIK 3514012508900001", "NIK: 3514 0125 0890 0001", "no KK 3514.0125.0890.0001",
                                  "NIK 3514016508900001 (perempuan)"])
def test_nik_and_kk_numbers_are_found_and_never_repeated_whole(text):
    assert lint(text) == [(1, NIK)]


@pytest.mark.parametrize("text", ["nomor 1234567890123456", "3500012508900001", "35140125089000012",
                                  "kode 3514019908900001"])
def test_sixteen_digits_that_cannot_be_a_nik_are_left_alone(text):
    assert lint(text) == []


def test_private_mobile_numbers_are_found_but_the_kims_own_are_allowed():
    text = ("Hubungi Pak RT di 0813-9876-5432 atau +62 857 1234 5678.\n"
            "Info: KIM 0812 1111 2222, wa.me/6281211112222, wa.me/6281399998888\n")
    assert lint(text, allowed=["+62 812-1111-2222"]) == [
        (1, PHONE.format("0813xxxx5432")), (1, PHONE.format("0857xxxx5678")), (2, PHONE.format("0813xxxx8888"))]


def test_warnings_in_a_build_name_file_and_line_and_the_kims_contact_is_fine(site):
    _, result, out = site({
        f"{KIM}/profil.yaml": PROFIL_KONTAK + "deskripsi: Info slot gacor di sini\n",
        f"{KIM}/berita/2024-12-11-x.md": post("Bantuan", body="Penerima: Ibu Sri, NIK 3514012508900001.\n\n"
                                                              "Hubungi KIM: 0812-1111-2222 atau Bu Sri 0813-9876-5432."),
        f"{KIM}/potensi/keripik.md": post("Keripik Tempe", kontak="0856-7777-8888",
                                          body="Pesan lewat WhatsApp 0856-7777-8888."),
        f"{KIM}/berita/2024-12-10-draf.md": post("Draf", "2024-12-10", draf="true", body="slot gacor"),
    })
    assert messages(result) == [
        f"{KIM}/profil.yaml:7: peringatan: " + SPAM.format("slot gacor"),
        f"{KIM}/berita/2024-12-11-x.md:5: peringatan: " + NIK,
        f"{KIM}/berita/2024-12-11-x.md:7: peringatan: " + PHONE.format("0813xxxx5432"),
    ]
    assert result.errors == [] and (out / "kim-sumber-rejeki/index.html").is_file()


def test_strict_turns_lint_warnings_into_a_failed_build(tmp_path):
    root = write_tree(tmp_path / "konten", {"provinsi.yaml": PROVINSI, f"{KIM}/profil.yaml": PROFIL,
                                            f"{KIM}/berita/2024-12-11-x.md": post("X", body="RTP live slot88")})
    out = tmp_path / "sites"
    result = invoke(["build", str(root), "-o", str(out), "--strict"],
                                env={"CI": "1", "KIMGEN_NOW": "2024-12-20"})
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"{KIM}/berita/2024-12-11-x.md:5: peringatan: " + SPAM.format("slot88"),
                                          "--strict: 0 kesalahan, 1 peringatan; tidak ada yang ditulis."]
    assert not out.exists()


def test_yaml_comments_are_notes_not_published_text(site):
    profile = PROFIL + "# contoh nomor: 0812-3456-7890, NIK 3514012508900001\n"
    _, result, _ = site({f"{KIM}/profil.yaml": profile,
                         f"{KIM}/berita/2024-12-11-x.md": "---\n# nomor contoh 0813-9876-5432\njudul: X\n"
                                                           "tanggal: 2024-12-11\n---\n# Judul bagian 0813-9876-5432\n"})
    assert messages(result) == [f"{KIM}/berita/2024-12-11-x.md:6: peringatan: " + PHONE.format("0813xxxx5432")]


def test_lint_speaks_english_for_an_english_province(site):
    _, result, _ = site({"provinsi.yaml": PROVINSI + "bahasa: en\n",
                         f"{KIM}/berita/2024-12-11-x.md": post("X", body="slot gacor")})
    assert messages(result) == [
        f"{KIM}/berita/2024-12-11-x.md:5: warning: `slot gacor` is an online-gambling promotion pattern (spam) and "
        "must not be published on a KIM site. Remove that text; if you never wrote it, change the KIM admin "
        "account's password at once and tell the Diskominfo."]
