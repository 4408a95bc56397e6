"""YAML mistakes told in the admin's words: the right line, the field, and the line as it should be written.

Where a message shows the line rewritten, the test writes that line into the file and builds again:
the advice must lead to a file that builds.
"""

from __future__ import annotations

import re

import pytest

from conftest import PROFIL, PROVINSI, messages, post, write_tree
from kimgen.build import build

KIM = "kim/kim-sumber-rejeki"
POST = f"{KIM}/berita/2024-12-11-rapat.md"
PAGE = "kim-sumber-rejeki/berita/rapat/index.html"
# words of PyYAML's and datetime's own messages; none may reach an admin
ENGLISH = re.compile(r"mapping|scalar|expected|found|could not|while (scanning|parsing)|must be in|out of range|"
                     r"constructor|token|stream|document|block end", re.IGNORECASE)


def front(*lines: str, body: str = "Isi tulisan.") -> str:
    return "---\n" + "\n".join(lines) + "\n---\n" + body + "\n"


def rewrite_line(text: str, number: int, new: str) -> str:
    lines = text.split("\n")
    indent = lines[number - 1][: len(lines[number - 1]) - len(lines[number - 1].lstrip(" "))]
    lines[number - 1] = indent + new
    return "\n".join(lines)


def suggested(message: str) -> str:
    return re.search(r"tulis baris ini sebagai `(.*)`\.$", message).group(1)


def test_unquoted_colon_in_a_title(site):
    text = front("judul: Rapat Desa: Evaluasi Program", "tanggal: 2024-12-11")
    root, result, out = site({POST: text})
    assert messages(result) == [
        f"{POST}:2: judul: nilai ini memuat titik dua (:), padahal titik dua memisahkan nama isian dari nilainya. "
        "Apit seluruh nilai dengan tanda kutip: tulis baris ini sebagai `judul: \"Rapat Desa: Evaluasi Program\"`."]
    (root / POST).write_text(rewrite_line(text, 2, suggested(result.problems[0].message)))
    again = build(root, out)
    assert messages(again) == []
    assert "<h1>Rapat Desa: Evaluasi Program</h1>" in (out / PAGE).read_text()


def test_a_colon_in_a_value_holding_double_quotes_gets_single_quotes(site):
    text = front("judul: Rapat", "tanggal: 2024-12-11", 'ringkasan: Kata "kunci": gotong royong')
    root, result, out = site({POST: text})
    assert messages(result) == [
        f"{POST}:4: ringkasan: nilai ini memuat titik dua (:), padahal titik dua memisahkan nama isian dari "
        "nilainya. Apit seluruh nilai dengan tanda kutip: tulis baris ini sebagai "
        "`ringkasan: 'Kata \"kunci\": gotong royong'`."]
    (root / POST).write_text(rewrite_line(text, 4, suggested(result.problems[0].message)))
    assert messages(build(root, out)) == []
    assert "Kata &#34;kunci&#34;: gotong royong" in (out / PAGE).read_text()


def test_a_colon_in_a_nested_profile_value_names_the_nested_field(site):
    _, result, _ = site({f"{KIM}/profil.yaml": PROFIL + "kontak:\n  alamat: Jl. Raya: No. 5\n"})
    assert messages(result) == [
        f"{KIM}/profil.yaml:7: kontak.alamat: nilai ini memuat titik dua (:), padahal titik dua memisahkan nama "
        "isian dari nilainya. Apit seluruh nilai dengan tanda kutip: tulis baris ini sebagai "
        "`alamat: \"Jl. Raya: No. 5\"`."]


@pytest.mark.parametrize("value,inner", [("“Rapat Desa: Evaluasi”", "Rapat Desa: Evaluasi"),
                                         ("‘Rapat Desa: Evaluasi’", "Rapat Desa: Evaluasi")])
def test_curly_quotes_from_a_phone_keyboard(site, value, inner):
    text = front(f"judul: {value}", "tanggal: 2024-12-11")
    root, result, out = site({POST: text})
    assert messages(result) == [
        f"{POST}:2: judul: nilai ini diapit tanda kutip miring (“ ” atau ‘ ’) dari papan ketik ponsel, yang tidak "
        f"dikenali sebagai tanda kutip. Pakai tanda kutip lurus (\"): tulis baris ini sebagai `judul: \"{inner}\"`."]
    (root / POST).write_text(rewrite_line(text, 2, suggested(result.problems[0].message)))
    assert messages(build(root, out)) == []
    assert f"<h1>{inner}</h1>" in (out / PAGE).read_text()


def test_curly_quotes_around_a_date_are_explained_on_the_fields_line(site):
    _, result, _ = site({POST: front("judul: Rapat", "tanggal: “2024-12-11”")})
    assert messages(result) == [
        f"{POST}:3: tanggal: nilai ini diapit tanda kutip miring (“ ” atau ‘ ’) dari papan ketik ponsel, yang ikut "
        "terbaca sebagai bagian dari nilai. Pakai tanda kutip lurus (\"): tulis baris ini sebagai "
        "`tanggal: \"2024-12-11\"`."]


# Files with tabs where phones and some editors put them. The advice is applied as the admin would
# (replace the tabs with the spaces it says, or delete them), and the file must then build.
TABS = {
    "list under its key": ("berita", front("judul: Rapat", "tanggal: 2024-12-11", "tag:", "\t- posyandu",
                                           "\t- stunting")),
    "key after a value": ("berita", front("judul: Rapat", "\ttanggal: 2024-12-11")),
    "two tabs deep": ("profil", PROFIL + "kontak:\n\talamat: Jl. Melati 3\n\ttelepon: \"0341-551234\"\n"),
    "group with four spaces": ("profil", PROFIL + "kontak:\n    alamat: Jl. Melati 3\n\ttelepon: \"0341-551234\"\n"),
    "tab then spaces": ("berita", front("judul: Rapat", "tanggal: 2024-12-11", "tag:", "\t  - posyandu")),
}


@pytest.mark.parametrize("case", sorted(TABS))
def test_tab_advice_when_followed_gives_a_file_that_builds(tmp_path, case):
    kind, text = TABS[case]
    rel = POST if kind == "berita" else f"{KIM}/profil.yaml"
    root = write_tree(tmp_path / "konten", {"provinsi.yaml": PROVINSI, f"{KIM}/profil.yaml": PROFIL, rel: text})
    for _ in range(5):
        problems = build(root, tmp_path / "sites").problems
        tabs = [p for p in problems if "diawali tab" in p.message]
        if not tabs:
            break
        problem = tabs[0]
        lines = (root / rel).read_text().split("\n")
        line = lines[problem.line - 1]
        rest = line.lstrip(" \t")
        count = re.search(r"ganti tab dengan (\w+) spasi\.$", problem.message)
        if count:
            spaces = {"dua": 2, "empat": 4, "enam": 6}.get(count.group(1)) or int(count.group(1))
            lines[problem.line - 1] = " " * spaces + rest
        else:
            assert "hapus tab di awal baris" in problem.message
            lines[problem.line - 1] = rest
        (root / rel).write_text("\n".join(lines))
    assert messages(build(root, tmp_path / "sites")) == []


def test_tab_messages_word_for_word(site):
    _, result, _ = site({POST: front("judul: Rapat", "\ttanggal: 2024-12-11")})
    assert messages(result) == [
        f"{POST}:3: tanggal: baris ini diawali tab, padahal baris ini tidak perlu menjorok: hapus tab di awal baris "
        "sehingga `tanggal:` berada di tepi kiri, sejajar dengan baris di atasnya."]
    _, result, _ = site({POST: post("Rapat"),
                         f"{KIM}/profil.yaml": PROFIL + "kontak:\n    alamat: Jl. Melati 3\n\ttelepon: \"1\"\n"})
    assert messages(result) == [
        f"{KIM}/profil.yaml:8: kontak.telepon: baris ini diawali tab, padahal jorokan hanya boleh memakai spasi: "
        "ganti tab dengan empat spasi."]


def test_an_impossible_date_is_reported_on_its_own_line_with_its_field(site):
    _, result, _ = site({POST: front("judul: Rapat", "tanggal: 2024-13-45")})
    assert messages(result) == [
        f"{POST}:3: tanggal: tanggal `2024-13-45` tidak ada di kalender: tidak ada bulan `13` (bulan ditulis 01 "
        "sampai 12). Tulis sebagai tahun-bulan-tanggal, misalnya `2024-12-11`."]


@pytest.mark.parametrize("value,why", [
    ("2024-02-30", "bulan 02 tahun 2024 hanya sampai tanggal 29"),
    ("2023-02-29", "bulan 02 tahun 2023 hanya sampai tanggal 28"),
    ("2024-13-05", "tidak ada bulan `13` (bulan ditulis 01 sampai 12); bila maksudnya tanggal 13 bulan 5, tulis "
                   "`2024-05-13`"),
    ("2024-12-11 25:00", "jam `25:00` tidak ada (jam ditulis 00:00 sampai 23:59)"),
])
def test_what_is_impossible_about_a_date(site, value, why):
    _, result, _ = site({f"{KIM}/agenda/2024-12-11-rapat.md": front(
        "judul: Rapat", "tanggal: 2024-12-11", f"tanggal_mulai: {value}")})
    assert messages(result) == [
        f"{KIM}/agenda/2024-12-11-rapat.md:4: tanggal_mulai: tanggal `{value}` tidak ada di kalender: {why}. Tulis "
        "sebagai tahun-bulan-tanggal, misalnya `2024-12-11`."]


def test_an_impossible_date_in_a_profile(site):
    _, result, _ = site({f"{KIM}/profil.yaml": PROFIL + "dibentuk: 2019-04-31\n"})
    assert messages(result) == [
        f"{KIM}/profil.yaml:6: dibentuk: tanggal `2019-04-31` tidak ada di kalender: bulan 04 tahun 2019 hanya "
        "sampai tanggal 30. Tulis sebagai tahun-bulan-tanggal, misalnya `2024-12-11`."]


def test_a_number_where_text_is_expected_is_kept_as_written(site):
    """YAML reads `1.000` as 1.0 and `0341551234` as an octal number; text fields get what the admin wrote."""
    profile = PROFIL + 'nomor_induk: 0351400001\nkontak:\n  telepon: 0341551234\n  whatsapp: 081234567890\n'
    _, result, out = site({f"{KIM}/profil.yaml": profile,
                           POST: front("judul: 1.000", "tanggal: 2024-12-11", "kategori: 17.08", "tag: [2024, 1.50]"),
                           f"{KIM}/potensi/2024-12-11-kopi.md": front("judul: Kopi", "tanggal: 2024-12-11",
                                                                        "harga: 25.000", "penulis: Yes")})
    assert messages(result) == []
    page = (out / PAGE).read_text()
    assert "<h1>1.000</h1>" in page and ">#1.50</a>" in page
    assert "<h1>Kategori: 17.08</h1>" in (out / "kim-sumber-rejeki/kategori/17-08/index.html").read_text()
    potensi = (out / "kim-sumber-rejeki/potensi/kopi/index.html").read_text()
    assert "25.000" in potensi and "Yes" in potensi
    profil = (out / "kim-sumber-rejeki/profil/index.html").read_text()
    assert "0351400001" in profil and "0341551234" in profil


def test_a_line_without_a_colon(site):
    _, result, _ = site({POST: front("judul: Rapat", "ini kalimat yang lupa dipindah", "tanggal: 2024-12-11")})
    assert messages(result) == [
        f"{POST}:3: baris ini tidak berbentuk `nama: isi`. Di bagian atas berkas (di antara dua baris ---) setiap "
        "isian ditulis pada barisnya sendiri: nama, titik dua, spasi, lalu isinya, misalnya `judul: Rapat Desa`. "
        "Bila baris ini bagian dari isi tulisan, pindahkan ke bawah baris --- kedua."]
    _, result, _ = site({POST: front("judul Rapat", "tanggal: 2024-12-11")})
    assert [(p.line, p.field) for p in result.problems] == [(2, "")]
    _, result, _ = site({POST: post("Rapat"), f"{KIM}/profil.yaml": PROFIL + "ketua Bu Sri\n"})
    assert messages(result) == [
        f"{KIM}/profil.yaml:6: baris ini tidak berbentuk `nama: isi`. Setiap isian ditulis pada barisnya sendiri: "
        "nama, titik dua, spasi, lalu isinya, misalnya `nama: KIM Sumber Rejeki`."]
    _, result, _ = site({POST: front("judul:Rapat Desa", "tanggal: 2024-12-11")})
    assert messages(result) == [
        f"{POST}:2: judul: setelah titik dua harus ada spasi: tulis baris ini sebagai `judul: Rapat Desa`."]


def test_a_line_indented_under_a_value(site):
    _, result, _ = site({POST: front("judul: Rapat", "  tanggal: 2024-12-11")})
    assert messages(result) == [
        f"{POST}:3: tanggal: baris ini menjorok (diawali spasi), padahal `judul` di atasnya sudah berisi nilai. "
        "Hapus spasi di awal baris sehingga `tanggal:` sejajar dengan `judul:`."]


def test_a_field_out_of_line_with_its_group(site):
    _, result, _ = site({f"{KIM}/profil.yaml": PROFIL + "kontak:\n    alamat: Jl. Melati 3\n  telepon: \"1\"\n"})
    assert messages(result) == [
        f"{KIM}/profil.yaml:8: kontak.telepon: `telepon:` menjorok 2 spasi, tidak sejajar dengan `alamat:` di atasnya "
        "(4 spasi). Isian dalam satu kelompok harus menjorok sama jauh: samakan jumlah spasinya."]
    _, result, _ = site({f"{KIM}/profil.yaml": " " + PROFIL})
    assert messages(result) == [
        f"{KIM}/profil.yaml:1: nama: baris ini diawali 1 spasi, padahal isian paling atas harus berada di tepi kiri. "
        "Hapus spasi di awal baris."]


@pytest.mark.parametrize("line,message", [
    ('judul: "Rapat Desa', "judul: tanda kutip \" dibuka di baris ini tetapi tidak ditutup. Tutup di akhir nilai: "
                           "`judul: \"Rapat Desa\"`."),
    ('judul: "Rapat" Desa', "judul: tanda kutip hanya mengapit sebagian nilai, padahal harus mengapit seluruhnya: "
                            "tulis baris ini sebagai `judul: '\"Rapat\" Desa'`."),
    ("judul: [PENTING] Rapat Desa", "judul: nilai ini diawali `[`, tanda yang punya arti khusus di awal nilai. "
                                    "Apit seluruh nilai dengan tanda kutip: tulis baris ini sebagai "
                                    "`judul: \"[PENTING] Rapat Desa\"`."),
    ("judul: @kimdesa rapat", "judul: nilai ini diawali `@`, tanda yang punya arti khusus di awal nilai. Apit "
                              "seluruh nilai dengan tanda kutip: tulis baris ini sebagai `judul: \"@kimdesa rapat\"`."),
    ('judul: "Arsip C:\\Dokumen"', "judul: garis miring terbalik (\\) di antara tanda kutip ganda dibaca sebagai "
                                  "kode khusus. Pakai tanda kutip tunggal: tulis baris ini sebagai "
                                  "`judul: 'Arsip C:\\Dokumen'`."),
])
def test_quotes_and_signs_at_the_start_of_a_value(site, line, message):
    text = front(line, "tanggal: 2024-12-11")
    root, result, out = site({POST: text})
    assert messages(result) == [f"{POST}:2: {message}"]
    fixed = re.search(r"`([^`]*)`\.$", message).group(1)
    (root / POST).write_text(rewrite_line(text, 2, fixed))
    assert messages(build(root, out)) == []


def test_a_list_left_open(site):
    _, result, _ = site({POST: front("judul: Rapat", "tanggal: 2024-12-11", "tag: [posyandu, stunting")})
    assert messages(result) == [
        f"{POST}:4: tag: daftar yang dibuka dengan `[` di baris ini tidak ditutup dengan `]`. Tulis misalnya "
        "`tag: [posyandu, stunting]`; bila `[` bagian dari teks, apit seluruh nilai dengan tanda kutip."]


BROKEN = [
    "judul: Rapat: Desa\ntanggal: 2024-12-11", "judul: a\n- b\ntanggal: 2024-12-11", "judul: *Penting* rapat",
    "judul: & Co", "judul: %Rapat", "judul: | Rapat", "judul: `Rapat`", "tag: [a,\tb]", "? [a]\n: b",
    "judul: {Rapat}: x", "judul: 'Rapat", "tag:\n  - a\n - b\njudul: x", "judul: !Penting rapat",
    "tanggal: 0000-01-01\njudul: x", "tanggal: 2024-00-10\njudul: x", "judul: x\n  - y",
]


@pytest.mark.parametrize("text", BROKEN)
def test_the_parsers_english_never_reaches_the_admin(site, text):
    _, result, _ = site({POST: "---\n" + text + "\n---\nIsi.\n"})
    assert result.errors, text
    for problem in result.errors:
        assert not ENGLISH.search(problem.message), problem.message
        assert problem.line >= 1, problem


def test_english_when_the_province_says_bahasa_en(site):
    _, result, _ = site({"provinsi.yaml": PROVINSI + "bahasa: en\n",
                         POST: front("judul: Rapat Desa: Evaluasi Program", "tanggal: 2024-12-11")})
    assert messages(result) == [
        f"{POST}:2: judul: this value holds a colon (:), but a colon separates a field's name from its value. Put "
        "the whole value in quotes: write the line as `judul: \"Rapat Desa: Evaluasi Program\"`."]
    _, result, _ = site({"provinsi.yaml": PROVINSI + "bahasa: en\n", POST: front("judul: Rapat", "tanggal: 2024-13-45")})
    assert messages(result) == [
        f"{POST}:3: tanggal: the date `2024-13-45` is not on the calendar: there is no month `13` (months are written "
        "01 to 12). Write it as year-month-day, e.g. `2024-12-11`."]


def test_the_good_post_beside_a_broken_one_is_published(site):
    _, result, out = site({POST: front("judul: Rapat Desa: Evaluasi Program", "tanggal: 2024-12-11"),
                           f"{KIM}/berita/2024-12-12-banjir.md": post("Waspada Banjir", "2024-12-12")})
    assert [p.path for p in result.errors] == [POST]
    assert (out / "kim-sumber-rejeki/berita/banjir/index.html").is_file()


def test_random_slips_in_a_real_front_matter_are_always_told_in_indonesian():
    """Stray quotes, colons, brackets, tabs and phone quotes typed anywhere: never the parser's English."""
    import random

    from kimgen.config.yamlfile import ContentError, load_yaml

    text = ("judul: Posyandu Balita Desa Sumberrejo\ntanggal: 2024-12-11 08:00\nringkasan: Kader menimbang 40 balita.\n"
            "kategori: kesehatan\ntag: [posyandu, stunting]\ngambar: media/posyandu.jpg\nkontak:\n  alamat: Balai Desa\n")
    chance = random.Random(15)
    told = 0
    for _ in range(400):
        slipped = list(text)
        for _ in range(chance.randint(1, 3)):
            slipped.insert(chance.randrange(len(slipped) + 1), chance.choice(":\"'[]{}#&*!|>\t-“”‘’%@`\\ \n"))
        try:
            load_yaml("".join(slipped), POST, first_line=2)
        except ContentError as exc:
            told += 1
            assert not ENGLISH.search(exc.problem.message), exc.problem
            assert exc.problem.line >= 2, exc.problem
    assert told > 50
