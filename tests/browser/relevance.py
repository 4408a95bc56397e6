"""Indonesian queries a village resident would type, judged against the demo province.

Each query is run twice: on the search page of its KIM (judged on that KIM's posts) and on the
provincial search (judged on every post and the province's announcements). `relevant` posts are
the ones the searcher wants (recall counts them); `related` ones mention the subject in passing
and may be shown; any other post in the top three is unrelated. An empty `relevant` means the
word is absent from the demo and the right answer is no result.

The judgments were written from reading the posts in content/kim/*/ and content/pengumuman/,
not from what any search returns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

AC, BJ, GO = "kim-arjosari-cerdas/", "kim-bengawan-jero/", "kim-gandrung-olehsari/"
KT, PM, SR, TB = "kim-kabut-tengger/", "kim-pesisir-muncar/", "kim-sumber-rejeki/", "kim-tlogomas-berdaya/"

POS9, POS10, POSDES = SR + "berita/posyandu-balita/", SR + "berita/posyandu-balita-2026-10-10/", \
    SR + "agenda/posyandu-balita-desember/"
MUSRENBANG, IRIGASI, SR_TENTANG = SR + "berita/musrenbang-desa-2027/", SR + "berita/kerja-bakti-saluran-irigasi/", \
    SR + "tentang/"
BLT, DM, DM_AGENDA = SR + "pengumuman/jadwal-penyaluran-blt-dana-desa/", \
    SR + "berita/pelatihan-digital-marketing-umkm/", SR + "agenda/pelatihan-digital-marketing/"
PBB_DENDA, PBB_KELILING = AC + "cek-fakta/denda-pbb-terlambat/", BJ + "berita/pbb-keliling/"
DRAINASE, KAMPUNG_BERSIH = AC + "berita/forum-warga-aspirasi-drainase/", TB + "berita/penilaian-kampung-bersih/"
ASURANSI, RAPAT_BANJIR, APEL_BANJIR = BJ + "berita/sosialisasi-asuransi-usaha-tani/", \
    BJ + "berita/rapat-siaga-banjir/", BJ + "agenda/apel-siaga-bencana/"
BANDANG, CUACA = GO + "cek-fakta/video-banjir-bandang-lama/", "pengumuman/peringatan-dini-cuaca-ekstrem/"
PELAJAR, WORKSHOP, LANSIA_DIGITAL = GO + "berita/literasi-digital-pelajar/", \
    AC + "berita/workshop-cek-fakta-ibu-rumah-tangga/", AC + "berita/kelas-literasi-digital-lansia/"
OLAHAN_IKAN, PETIS, PANTAI = PM + "berita/pelatihan-olahan-ikan/", PM + "potensi/petis-ikan-muncar/", \
    PM + "berita/kerja-bakti-bersih-pantai/"
OLAHAN_BANDENG, BANDENG_PRESTO = BJ + "berita/pelatihan-olahan-bandeng/", BJ + "potensi/bandeng-presto-sri-mulyo/"
DBD_3M, PEMILAHAN, TERTIB_KOS = GO + "berita/sosialisasi-dbd-3m-plus/", TB + "berita/sosialisasi-pemilahan-sampah/", \
    TB + "berita/sosialisasi-tertib-kos/"
IMUNISASI, PSN, PSN_AGENDA, KELAPA = AC + "berita/imunisasi-bias-sd/", AC + "berita/gerakan-psn-serentak/", \
    AC + "agenda/psn-serentak/", AC + "cek-fakta/air-kelapa-sembuhkan-dbd/"
GELOMBANG, JAMINAN, JARING = PM + "berita/siaga-gelombang-tinggi-dan-rob/", \
    PM + "berita/sosialisasi-jaminan-sosial-nelayan/", PM + "berita/bantuan-jaring-nelayan/"
PADI, BENIH = BJ + "berita/panen-raya-padi-kemarau/", BJ + "pengumuman/pembagian-benih-padi/"
BRANTAS, KENTANG, KENTANG_JUAL = TB + "berita/kerja-bakti-bantaran-brantas/", KT + "berita/panen-raya-kentang/", \
    KT + "potensi/kentang-granola-ngadiwono/"
CEK_LANSIA, PUPUK, BROMO = KT + "berita/cek-kesehatan-gratis-lansia/", KT + "berita/sosialisasi-pupuk-bersubsidi/", \
    KT + "cek-fakta/hoaks-bromo-meletus-besar/"
FOTO_PRODUK, BANSOS, BANSOS_BATAS = TB + "berita/pelatihan-foto-produk-umkm/", \
    GO + "berita/pemutakhiran-data-bansos/", GO + "pengumuman/batas-pemutakhiran-data-bansos/"
BATIK_PEMUDA, BATIK = GO + "berita/pelatihan-batik-pemuda/", GO + "potensi/batik-gajah-oling/"
LAYANAN_LIBUR, KELAS_MENULIS = AC + "pengumuman/layanan-kelurahan-akhir-tahun/", \
    GO + "agenda/kelas-menulis-berita-warga/"
ALBUM_POSYANDU, ALBUM_KENTANG, RADIO = SR + "galeri/posyandu-melati-oktober/", KT + "galeri/panen-raya-kentang/", \
    SR + "berita/siaran-radio-kim-november/"


@dataclass(frozen=True)
class Query:
    text: str
    kim: str  # the KIM whose own search is tried (judged on its posts only)
    relevant: frozenset[str]
    related: frozenset[str] = field(default_factory=frozenset)
    form: str = ""  # what it tests


def q(text: str, kim: str, relevant=(), related=(), form: str = "") -> Query:
    return Query(text, kim, frozenset(relevant), frozenset(related), form)


QUERIES = [
    # affixed forms whose root the posts use in another form (the misses)
    q("membangun", SR, [MUSRENBANG], [IRIGASI, DRAINASE, KAMPUNG_BERSIH], "me-: the posts say pembangunan, dibangun"),
    q("bangun", SR, [MUSRENBANG], [IRIGASI, DRAINASE, KAMPUNG_BERSIH, PBB_DENDA, PBB_KELILING], "root of pembangunan"),
    q("jadwalnya", SR, [BLT, LAYANAN_LIBUR], [POS9, SR_TENTANG, DRAINASE, PADI, KT + "berita/pelatihan-pemandu-wisata/",
                                            KAMPUNG_BERSIH, TERTIB_KOS, RADIO], "-nya"),
    q("timbangan", SR, [POS9, POS10, POSDES, ALBUM_POSYANDU], [], "-an: the posts say ditimbang, penimbangan"),
    q("lindungi", BJ, [ASURANSI, JAMINAN], [IMUNISASI], "-i: melindungi, terlindungi, perlindungan"),
    q("kebanjiran", BJ, [ASURANSI, RAPAT_BANJIR, APEL_BANJIR, CUACA], [BJ + "kontak/", BANDANG], "ke-an"),
    q("tertipu", GO, [PELAJAR, WORKSHOP, LANSIA_DIGITAL], [], "ter-: the posts say penipuan"),
    q("pengolahan", PM, [OLAHAN_IKAN, OLAHAN_BANDENG, BANDENG_PRESTO], [PETIS, PANTAI], "pe-an: olahan, diolah"),
    q("sosialisasi", BJ, [ASURANSI, DBD_3M, PEMILAHAN, TERTIB_KOS], [], "the post says menyosialisasikan"),
    # typos
    q("posyandi", SR, [POS9, POS10, POSDES, ALBUM_POSYANDU], [MUSRENBANG, SR_TENTANG, KELAS_MENULIS, RADIO], "typo"),
    q("stuntting", SR, [POS9, POS10], [MUSRENBANG], "typo"),
    q("imunsasi", AC, [IMUNISASI], [], "typo: a letter left out"),
    q("kentnag", KT, [KENTANG, KENTANG_JUAL, ALBUM_KENTANG], [], "typo: two letters swapped"),
    # roots and plain words
    q("posyandu", SR, [POS9, POS10, POSDES, ALBUM_POSYANDU], [MUSRENBANG, SR_TENTANG, KELAS_MENULIS, RADIO], "root"),
    q("nelayan", PM, [PANTAI, GELOMBANG, OLAHAN_IKAN, JAMINAN, JARING], [CUACA], "root"),
    q("pupuk", KT, [PUPUK], [KT + "tentang/"], "root"),
    q("bantuan", GO, [BANSOS, BANSOS_BATAS, BENIH, JARING, BLT], [BJ + "kontak/"], "-an"),
    q("kesehatan", KT, [CEK_LANSIA, IMUNISASI, PSN, KELAPA, DBD_3M, POS9, POS10, POSDES],
      [WORKSHOP, AC + "tentang/", GO + "tentang/", PSN_AGENDA, ALBUM_POSYANDU], "ke-an"),
    # prefixes
    q("dibersihkan", SR, [IRIGASI, PANTAI, BRANTAS, KAMPUNG_BERSIH, DRAINASE],
      [PSN_AGENDA, CUACA, OLAHAN_IKAN, KT + "potensi/bukit-kabut-ngadiwono/"], "di-kan"),
    q("sepekan", AC, [IMUNISASI, KAMPUNG_BERSIH, ALBUM_KENTANG], [], "se-: must not match every post with pekan"),
    q("berjualan", TB, [FOTO_PRODUK, DM, DM_AGENDA],
      [OLAHAN_BANDENG, OLAHAN_IKAN, GO + "berita/festival-kopi-dan-kuliner-desa/", PEMILAHAN, PBB_KELILING,
       KENTANG, PUPUK, BENIH], "ber-"),
    q("terdaftar", KT, [PUPUK, BANSOS, JAMINAN],
      [ASURANSI, LANSIA_DIGITAL, GO + "agenda/festival-kopi-kuliner/", KELAS_MENULIS, CEK_LANSIA, PEMILAHAN, BENIH,
       DM_AGENDA], "ter-"),
    q("penyuluhan", SR, [POS9], [PUPUK, ASURANSI, OLAHAN_IKAN, JARING, KENTANG], "pe-an: penyuluh, penyuluhan"),
    q("didaftarkan", PM, [JAMINAN, ASURANSI],
      [PUPUK, BANSOS, LANSIA_DIGITAL, GO + "agenda/festival-kopi-kuliner/", KELAS_MENULIS, CEK_LANSIA, PEMILAHAN,
       BENIH, DM_AGENDA], "di-kan"),
    q("menanam padi", BJ, [PADI, BENIH, ASURANSI], [], "me- and a root, two words"),
    # two words
    q("posyandu balita", SR, [POS9, POS10, POSDES, ALBUM_POSYANDU], [MUSRENBANG, SR_TENTANG, RADIO], "two words"),
    q("imunisasi anak", AC, [IMUNISASI], [], "two words"),
    q("banjir bandang", GO, [BANDANG, CUACA], [], "two words"),
    q("harga kentang", KT, [KENTANG, KENTANG_JUAL], [], "two words"),
    q("demam berdarah", AC, [KELAPA, DBD_3M], [PSN, PSN_AGENDA], "two words"),
    q("bank sampah", TB, [PEMILAHAN, KAMPUNG_BERSIH], [IRIGASI], "two words"),
    q("hoaks", GO, [PELAJAR, BANDANG, WORKSHOP, BROMO, KELAPA], [], "root; fact checks of false claims are hoaxes"),
    # names
    q("Mustofa", SR, [MUSRENBANG], [], "a name only the body has"),
    q("Bromo", KT, [BROMO], [ALBUM_KENTANG], "a name"),
    q("Sumiati", GO, [BATIK_PEMUDA, BATIK], [], "a name"),
    # absent words
    q("gempa bumi", SR, [], [], "absent (bumi alone is in the PBB posts)"),
    q("tsunami", PM, [], [], "absent"),
    q("narkoba", TB, [], [], "absent"),
]


@dataclass
class Outcome:
    query: Query
    scope: str  # "kim" or "province"
    found: list[str]  # result paths, best first, relative to the province's root
    wanted: frozenset[str]
    allowed: frozenset[str]

    @property
    def hits(self) -> int:
        return len(self.wanted & set(self.found))

    @property
    def unrelated_top3(self) -> list[str]:
        return [p for p in self.found[:3] if p not in self.wanted | self.allowed]


def judged(query: Query, scope: str, found: list[str]) -> Outcome:
    keep = (lambda p: p.startswith(query.kim)) if scope == "kim" else (lambda p: True)
    return Outcome(query, scope, found, frozenset(filter(keep, query.relevant)), frozenset(filter(keep, query.related)))


def summary(outcomes: list[Outcome]) -> dict:
    wanted = sum(len(o.wanted) for o in outcomes)
    clean = sum(not o.unrelated_top3 for o in outcomes)
    return {"recall": sum(o.hits for o in outcomes) / wanted if wanted else 1.0, "clean_top3": clean / len(outcomes),
            "misses": [(o.query.text, sorted(o.wanted - set(o.found))) for o in outcomes if o.hits < len(o.wanted)],
            "unrelated": [(o.query.text, o.unrelated_top3) for o in outcomes if o.unrelated_top3]}


def site_path(href: str, base_url: str) -> str:
    """A result link as a path under the province's root (served at base_url)."""
    path = urlsplit(href).path
    base = urlsplit(base_url).path
    path = path[len(base):] if path.startswith(base) else path
    return path[:-len("index.html")] if path.endswith("index.html") else path
