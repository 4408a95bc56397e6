"""A synthetic province for benchmarks: K KIMs x P posts of Indonesian markdown, seeded.

    python bench/corpus.py OUT --kims 200 --posts 50 [--seed 1] [--hugo HUGO_OUT]

The same seed gives the same bytes. --hugo also writes an equivalent Hugo site of the same
posts (same bodies, titles, dates, tags, categories, pagination of 10) for a fair comparison.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import struct
import zlib
from pathlib import Path

KABUPATEN = ["Kabupaten Pasuruan", "Kabupaten Malang", "Kota Malang", "Kabupaten Banyuwangi", "Kabupaten Jember",
             "Kabupaten Sidoarjo", "Kota Surabaya", "Kabupaten Kediri", "Kabupaten Lamongan", "Kabupaten Tuban"]
DESA = ["Sumberrejo", "Tegalsari", "Karangrejo", "Sidomulyo", "Mojosari", "Wonokerto", "Banjarsari", "Gedangan",
        "Kedungrejo", "Tambakrejo", "Sukorejo", "Purwodadi", "Ngadirejo", "Randuagung", "Jatisari", "Kalipare"]
TOPICS = [
    ("kesehatan", "Posyandu Balita", ["posyandu", "stunting", "balita"]),
    ("lingkungan", "Kerja Bakti Saluran Irigasi", ["kerja bakti", "irigasi", "gotong royong"]),
    ("umkm", "Pelatihan Pemasaran Daring", ["umkm", "pelatihan", "digital"]),
    ("pertanian", "Panen Raya Jagung", ["pertanian", "jagung", "panen"]),
    ("kebencanaan", "Simulasi Siaga Banjir", ["bencana", "banjir", "siaga"]),
    ("pendidikan", "Taman Baca Masyarakat", ["literasi", "anak", "perpustakaan"]),
    ("pemerintahan", "Musyawarah Rencana Pembangunan Desa", ["musrenbang", "anggaran", "desa"]),
    ("kesehatan", "Pemeriksaan Kesehatan Lansia", ["lansia", "posbindu", "kesehatan"]),
]
SENTENCES = [
    "Kegiatan dimulai pukul delapan pagi di balai desa dan dihadiri puluhan warga dari semua dusun.",
    "Kepala desa menyampaikan terima kasih kepada warga yang hadir dan berharap kegiatan ini berlanjut.",
    "Petugas dari puskesmas memberikan penjelasan singkat sebelum pemeriksaan dimulai.",
    "Ibu-ibu PKK menyiapkan konsumsi dan membantu pendataan peserta di meja pendaftaran.",
    "Karang taruna ikut membantu mengatur tempat duduk dan mendokumentasikan kegiatan.",
    "Warga yang belum sempat hadir dapat menghubungi pengurus KIM melalui WhatsApp.",
    "Menurut ketua panitia, jumlah peserta tahun ini meningkat dibandingkan tahun lalu.",
    "Sebagian dana kegiatan berasal dari swadaya warga dan dana desa tahun berjalan.",
    "Pengurus KIM mencatat usulan warga untuk disampaikan pada musyawarah desa berikutnya.",
    "Hujan sempat turun menjelang siang, tetapi kegiatan tetap berjalan sampai selesai.",
    "Para peserta diminta membawa kartu keluarga dan buku catatan kesehatan.",
    "Hasil kegiatan akan dilaporkan kepada pemerintah kecamatan pada akhir bulan.",
]
def _png() -> bytes:
    """A valid 1x1 PNG (Pillow resizes logos, so it must decode)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\x0b\x6e\x4f\xff")) \
        + chunk(b"IEND", b"")


PNG = _png()


def paragraph(rng: random.Random) -> str:
    return " ".join(rng.sample(SENTENCES, rng.randint(2, 4)))


def body(rng: random.Random, others: list[str]) -> str:
    parts = [paragraph(rng), paragraph(rng), "## Rangkaian kegiatan", paragraph(rng)]
    parts.append("\n".join(f"- {s.rstrip('.').lower()};" for s in rng.sample(SENTENCES, 3)))
    if others and rng.random() < 0.5:
        parts.append(f"Baca juga [kegiatan sebelumnya]({rng.choice(others)}).")
    if rng.random() < 0.3:
        parts.append("### Catatan\n\n" + paragraph(rng) + "\n\n> " + rng.choice(SENTENCES))
    if rng.random() < 0.2:
        parts.append("| Dusun | Peserta |\n|---|---|\n" + "\n".join(
            f"| {d} | {rng.randint(10, 80)} |" for d in rng.sample(DESA, 3)))
    return "\n\n".join(parts) + "\n"


def front(values: dict) -> str:
    lines = []
    for key, value in values.items():
        if isinstance(value, list):
            lines.append(f"{key}: [{', '.join(value)}]")
        else:
            lines.append(f"{key}: {value}")
    return "---\n" + "\n".join(lines) + "\n---\n"


def generate(out: Path, kims: int, posts: int, seed: int, end: dt.date, hugo: Path | None = None) -> list[Path]:
    """Write the province; return the post files (for one-post-changed benchmarks)."""
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    (out / "kim").mkdir(parents=True)
    regencies = KABUPATEN[: max(1, min(len(KABUPATEN), kims // 20 + 1))]
    (out / "provinsi.yaml").write_text(
        "nama: Jawa Timur\npengelola: Dinas Kominfo Provinsi Jawa Timur\nbase_url: https://kim.example.go.id/\n"
        "kabupaten:\n" + "".join(f"  - nama: {k}\n    pembina: Dinas Kominfo {k}\n" for k in regencies),
        encoding="utf-8")
    if hugo:
        _hugo_skeleton(hugo)
    files = []
    for k in range(kims):
        desa = f"{rng.choice(DESA)} {k + 1}"
        slug = f"kim-{desa.lower().replace(' ', '-')}"
        folder = out / "kim" / slug
        (folder / "berita").mkdir(parents=True)
        (folder / "media").mkdir()
        (folder / "media" / "logo.png").write_bytes(PNG)
        kabupaten = rng.choice(regencies)
        (folder / "profil.yaml").write_text(
            f"nama: KIM {desa}\ndesa: {desa}\nkecamatan: Kecamatan {rng.choice(DESA)}\nkabupaten: {kabupaten}\n"
            f"deskripsi: KIM {desa} menyebarkan informasi desa kepada warga.\nketua: Bapak {rng.choice(DESA)}\n"
            f"logo: media/logo.png\nbidang: [kesehatan, umkm]\n", encoding="utf-8")
        if hugo:
            (hugo / "content" / slug).mkdir(parents=True)
            (hugo / "content" / slug / "_index.md").write_text(f"---\ntitle: KIM {desa}\n---\n", encoding="utf-8")
            (hugo / "content" / slug / "berita").mkdir()
        names: list[str] = []
        day = end - dt.timedelta(days=rng.randint(0, 30))
        for p in range(posts):
            category, title, tags = rng.choice(TOPICS)
            day -= dt.timedelta(days=rng.randint(1, 9))
            name = f"{day.isoformat()}-{title.lower().replace(' ', '-')}-{p + 1}"
            text = body(rng, [f"{n}.md" for n in names[-5:]])
            values = {"judul": f"{title} di {desa}", "tanggal": day.isoformat(), "kategori": category,
                      "tag": tags, "penulis": f"Relawan {rng.choice(DESA)}",
                      "ringkasan": rng.choice(SENTENCES)}
            path = folder / "berita" / f"{name}.md"
            path.write_text(front(values) + text, encoding="utf-8")
            files.append(path)
            names.append(name)
            if hugo:
                hugo_text = text.replace(".md)", "/)").replace("](2", "](../2")
                (hugo / "content" / slug / "berita" / f"{name}.md").write_text(front({
                    "title": f'"{values["judul"]}"', "date": values["tanggal"], "categories": [category],
                    "tags": [f'"{t}"' for t in tags], "author": f'"{values["penulis"]}"',
                    "summary": f'"{values["ringkasan"]}"'}) + hugo_text, encoding="utf-8")
    return files


def _hugo_skeleton(site: Path) -> None:
    """A small Hugo theme doing comparable work: base template, lists paginated by 10, taxonomies."""
    if site.exists():
        shutil.rmtree(site)
    layouts = site / "layouts" / "_default"
    layouts.mkdir(parents=True)
    (site / "content").mkdir()
    (site / "hugo.toml").write_text(
        'baseURL = "https://kim.example.go.id/"\nlanguageCode = "id"\ntitle = "Portal KIM Jawa Timur"\n'
        'paginate = 10\ndisableKinds = []\n[taxonomies]\n  tag = "tags"\n  category = "categories"\n'
        '[markup.goldmark.renderer]\n  unsafe = false\n', encoding="utf-8")
    (layouts / "baseof.html").write_text(
        '<!doctype html><html lang="id"><head><meta charset="utf-8"><title>{{ .Title }}</title>'
        '<link rel="canonical" href="{{ .Permalink }}"><link rel="stylesheet" href="{{ "kimgen.css" | relURL }}">'
        '</head><body><header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a></header>'
        '<main>{{ block "main" . }}{{ end }}</main><footer>{{ .Site.Title }}</footer></body></html>\n',
        encoding="utf-8")
    (layouts / "single.html").write_text(
        '{{ define "main" }}<article><h1>{{ .Title }}</h1><time datetime="{{ .Date.Format "2006-01-02" }}">'
        '{{ .Date.Format "2 January 2006" }}</time>{{ .Content }}'
        '<ul>{{ range .Params.tags }}<li><a href="{{ (printf "tags/%s" (urlize .)) | relURL }}">{{ . }}</a></li>'
        '{{ end }}</ul>{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}'
        '{{ with .NextInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</article>{{ end }}\n',
        encoding="utf-8")
    (site / "layouts" / "index.html").write_text(  # like the portal: the 20 newest, not paginated
        '{{ define "main" }}<h1>{{ .Site.Title }}</h1><ul>{{ range first 20 .Site.RegularPages.ByDate.Reverse }}'
        '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Summary }}</li>{{ end }}</ul>'
        '<ul>{{ range .Site.Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n',
        encoding="utf-8")
    (layouts / "list.html").write_text(
        '{{ define "main" }}<h1>{{ .Title }}</h1>{{ $p := .Paginate .RegularPagesRecursive }}'
        '<ul>{{ range $p.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Summary }}</li>{{ end }}</ul>'
        '{{ if $p.HasPrev }}<a href="{{ $p.Prev.URL }}">baru</a>{{ end }}'
        '{{ if $p.HasNext }}<a href="{{ $p.Next.URL }}">lama</a>{{ end }}{{ end }}\n', encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--kims", type=int, default=200)
    parser.add_argument("--posts", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--end", default="2026-11-20", help="date of the newest posts")
    parser.add_argument("--hugo", type=Path, help="also write an equivalent Hugo site here")
    args = parser.parse_args()
    files = generate(args.out, args.kims, args.posts, args.seed, dt.date.fromisoformat(args.end), args.hugo)
    print(f"{args.kims} KIM, {len(files)} tulisan di {args.out}")


if __name__ == "__main__":
    main()
