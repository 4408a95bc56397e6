"""The messages a KIM admin reads when content is wrong, in Indonesian and English.

Every problem message is looked up here by id, so one table holds the wording
(and its translation) and each message can say what is wrong *and* how to fix it.
The language follows `bahasa:` in provinsi.yaml; it is a process-wide setting
because a build reads one province at a time.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from pathlib import Path

LANGUAGES = ("id", "en")

CATALOGUE: dict[str, dict[str, str]] = {
    # reading files (yamlfile.py)
    "file_too_big": {
        "id": "berkas terlalu besar ({size} KB; batasnya {limit} KB). Pecah tulisan menjadi beberapa berkas "
              "atau pindahkan lampiran ke media/.",
        "en": "file is too large ({size} KB; the limit is {limit} KB). Split the text into several files "
              "or move attachments to media/."},
    "binary_file": {
        "id": "ini bukan berkas teks (berisi data biner). Simpan tulisan sebagai teks biasa berakhiran .md, "
              "dan taruh foto atau dokumen di folder media/.",
        "en": "this is not a text file (it holds binary data). Save posts as plain text ending in .md, "
              "and put photos or documents in the media/ folder."},
    "not_utf8": {
        "id": "berkas tidak tersimpan sebagai UTF-8 (mungkin disalin dari Microsoft Word atau disimpan sebagai "
              "Windows-1252/ANSI). Simpan ulang dengan pengodean UTF-8, misalnya lewat editor web GitHub/GitLab "
              "atau 'Save As' > 'UTF-8'.",
        "en": "file is not saved as UTF-8 (perhaps pasted from Microsoft Word or saved as Windows-1252/ANSI). "
              "Save it again with UTF-8 encoding, e.g. in the GitHub/GitLab web editor or 'Save As' > 'UTF-8'."},
    "tab_indent": {
        "id": "baris ini diawali tab. YAML hanya menerima spasi untuk menjorok: ganti tab dengan dua spasi.",
        "en": "this line starts with a tab. YAML only accepts spaces for indentation: replace the tab with "
              "two spaces."},
    "yaml_invalid": {
        "id": "penulisan YAML tidak valid ({detail}). Periksa titik dua, tanda kutip dan jorokan pada baris ini "
              "atau baris sebelumnya.",
        "en": "invalid YAML ({detail}). Check the colons, quotes and indentation on this line or the one "
              "before it."},
    "yaml_value_invalid": {
        "id": "nilai YAML tidak valid ({detail}). Periksa tanggal dan angka di bagian isian.",
        "en": "invalid YAML value ({detail}). Check the dates and numbers in the front matter."},
    "too_deep": {
        "id": "data bersarang terlalu dalam (lebih dari {depth} tingkat). Sederhanakan isiannya.",
        "en": "data is nested too deeply (more than {depth} levels). Simplify it."},
    "yaml_alias": {
        "id": "anchor/alias YAML (& dan *) tidak didukung; tulis nilainya langsung.",
        "en": "YAML anchors/aliases (& and *) are not supported; write the value itself."},
    "not_mapping": {
        "id": "isi berkas harus berupa pasangan `kunci: nilai`, misalnya `nama: ...`.",
        "en": "the file must hold `key: value` pairs, e.g. `nama: ...`."},
    # fields (fields.py, config.py)
    "unknown_key": {
        "id": "kunci `{key}` tidak dikenal dan akan diabaikan{hint}. Perbaiki ejaannya atau hapus baris ini.",
        "en": "unknown key `{key}` will be ignored{hint}. Fix its spelling or delete this line."},
    "did_you_mean": {"id": " (maksud Anda `{word}`?)", "en": " (did you mean `{word}`?)"},
    "required_missing": {
        "id": "wajib diisi tetapi tidak ada. Tambahkan baris `{key}: {example}`{where}.",
        "en": "is required but missing. Add a line `{key}: {example}`{where}."},
    "required_where_front": {"id": " di antara kedua baris `---`", "en": " between the two `---` lines"},
    "text_not_list": {
        "id": "harus berupa teks satu baris, bukan daftar atau kelompok isian.",
        "en": "must be one line of text, not a list or a group."},
    "empty": {"id": "tidak boleh kosong. Isi nilainya atau hapus baris ini.",
              "en": "must not be empty. Fill in a value or delete this line."},
    "integer_bool": {"id": "harus berupa angka bulat, misalnya 15.", "en": "must be a whole number, e.g. 15."},
    "negative": {"id": "tidak boleh negatif.", "en": "must not be negative."},
    "integer_bad": {
        "id": "harus berupa angka bulat (tanpa titik atau huruf), bukan `{value}`.",
        "en": "must be a whole number (no dots or letters), not `{value}`."},
    "boolean_bad": {"id": "isi dengan `true` atau `false`.", "en": "write `true` or `false`."},
    "list_of_text": {
        "id": "daftar ini hanya boleh berisi teks, misalnya `[posyandu, stunting]`.",
        "en": "this list may only hold text, e.g. `[posyandu, stunting]`."},
    "list_expected": {
        "id": "harus berupa daftar (setiap butir diawali `- `).",
        "en": "must be a list (each item starts with `- `)."},
    "choice_bad": {
        "id": "`{value}` tidak dikenal; pilih salah satu: {options}{hint}.",
        "en": "`{value}` is not known; choose one of: {options}{hint}."},
    "url_bad": {
        "id": "`{value}` bukan alamat web yang valid; harus diawali https:// atau http://.",
        "en": "`{value}` is not a valid web address; it must start with https:// or http://."},
    "date_bad": {"id": "tanggal `{value}` tidak dapat dibaca; {hint}",
                 "en": "date `{value}` cannot be read; {hint}"},
    "date_hint": {
        "id": "tulis sebagai tahun-bulan-tanggal, misalnya `2024-12-11` atau `2024-12-11 08:00`.",
        "en": "write it as year-month-day, e.g. `2024-12-11` or `2024-12-11 08:00`."},
    "date_hint_dmy": {
        "id": "tulis sebagai tahun-bulan-tanggal: `{example}` (bukan tanggal/bulan/tahun seperti kebiasaan kita).",
        "en": "write it as year-month-day: `{example}` (not day/month/year)."},
    "mapping_bad": {
        "id": "harus berupa kelompok isian, misalnya `{{nomor: ..., tanggal: ...}}`.",
        "en": "must be a group of fields, e.g. `{{nomor: ..., tanggal: ...}}`."},
    "sub_unknown": {"id": "`{key}` tidak dikenal{hint}", "en": "`{key}` is not known{hint}"},
    "sub_required": {"id": "{key}: wajib diisi", "en": "{key}: is required"},
    "whatsapp_bad": {
        "id": "nomor WhatsApp `{value}` tidak valid; tulis seperti `0812-3456-7890` atau `+62 812 3456 7890`.",
        "en": "WhatsApp number `{value}` is not valid; write it like `0812-3456-7890` or `+62 812 3456 7890`."},
    # posts (parsing.py)
    "fm_missing_open": {
        "id": "berkas harus diawali baris `---`, lalu isian seperti `judul:` dan `tanggal:`, lalu baris `---` "
              "lagi sebelum isi tulisan.",
        "en": "the file must start with a `---` line, then fields such as `judul:` and `tanggal:`, then "
              "another `---` line before the text."},
    "fm_not_closed": {
        "id": "bagian isian (front matter) dibuka dengan `---` di baris 1 tetapi tidak pernah ditutup. "
              "Tambahkan baris `---` setelah isian terakhir, sebelum isi tulisan.",
        "en": "the front matter opens with `---` on line 1 but is never closed. Add a `---` line after the "
              "last field, before the text."},
    "empty_file": {
        "id": "berkas kosong. Isi dengan `---`, judul, tanggal, `---` dan tulisannya, atau hapus berkasnya.",
        "en": "the file is empty. Fill it with `---`, judul, tanggal, `---` and the text, or delete it."},
    "fm_not_mapping": {
        "id": "isian di antara `---` harus berupa pasangan `kunci: nilai`, misalnya `judul: ...`.",
        "en": "the fields between `---` lines must be `key: value` pairs, e.g. `judul: ...`."},
    "penting_needs_until": {
        "id": "pengumuman `penting: true` wajib punya `berlaku_sampai` (tanggal terakhir spanduk tampil), "
              "misalnya `berlaku_sampai: 2024-12-31`.",
        "en": "an announcement with `penting: true` needs `berlaku_sampai` (the last day the banner shows), "
              "e.g. `berlaku_sampai: 2024-12-31`."},
    "end_before_start": {
        "id": "lebih awal dari `tanggal_mulai`; periksa kembali tanggal dan jamnya.",
        "en": "is earlier than `tanggal_mulai`; check the dates and times."},
    "slug_impossible": {
        "id": "tidak dapat membuat alamat dari nama berkas ini; pakai huruf a-z dan angka pada nama berkas "
              "atau isi `slug:`.",
        "en": "cannot make an address from this file name; use letters a-z and digits in the file name "
              "or set `slug:`."},
    "slug_taken": {"id": "`{slug}` sudah dipakai oleh {other}; pilih slug lain.",
                   "en": "`{slug}` is already used by {other}; choose another slug."},
    "slug_renamed": {
        "id": "judul/nama berkas sama dengan {other}; tulisan ini memakai alamat `{slug}`.",
        "en": "same title/file name as {other}; this post uses the address `{slug}`."},
    # links and images (markup.py, assemble.py)
    "what_link": {"id": "tautan", "en": "link"},
    "what_image": {"id": "gambar", "en": "image"},
    "path_absolute": {
        "id": "{what} `{target}` memakai alamat mutlak; tulis alamat relatif, misalnya `../media/foto.jpg`.",
        "en": "{what} `{target}` uses an absolute path; write a relative one, e.g. `../media/foto.jpg`."},
    "path_outside": {
        "id": "{what} `{target}` menunjuk ke luar folder KIM ini; hanya berkas di folder KIM sendiri yang boleh "
              "dipakai.",
        "en": "{what} `{target}` points outside this KIM's folder; only files in the KIM's own folder "
              "may be used."},
    "post_missing": {
        "id": "{what} `{target}` menunjuk ke tulisan yang tidak ada. Periksa nama berkasnya (huruf besar/kecil "
              "berpengaruh){hint}.",
        "en": "{what} `{target}` points to a post that does not exist. Check the file name (upper/lower case "
              "matters){hint}."},
    "file_missing": {
        "id": "{what} `{target}` tidak ditemukan. Unggah berkasnya ke folder media/ KIM ini atau perbaiki "
              "namanya{hint}.",
        "en": "{what} `{target}` was not found. Upload the file to this KIM's media/ folder or fix its "
              "name{hint}."},
    "media_too_big": {
        "id": "berkas media terlalu besar ({size} KB; batasnya {limit} KB). Perkecil foto (misalnya lebar "
              "1600 piksel) sebelum diunggah.",
        "en": "media file is too large ({size} KB; the limit is {limit} KB). Shrink the photo (e.g. to 1600 "
              "pixels wide) before uploading."},
    "logo_missing": {
        "id": "berkas logo `{logo}` tidak ditemukan di folder KIM ini; unggah ke media/ atau perbaiki namanya.",
        "en": "logo file `{logo}` was not found in this KIM's folder; upload it to media/ or fix its name."},
    # safety: paths, media, raw HTML, limits, isolation (discovery, markup, assemble, build, cli)
    "symlink_out": {
        "id": "tautan simbolik (symlink) ini menunjuk ke luar folder KIM dan diabaikan.",
        "en": "this symbolic link points outside the KIM folder and is ignored."},
    "symlink_folder_out": {
        "id": "folder ini adalah tautan simbolik (symlink) ke luar folder KIM dan diabaikan; simpan berkasnya "
              "langsung di folder ini.",
        "en": "this folder is a symbolic link out of the KIM folder and is ignored; keep the files in the "
              "folder itself."},
    "profile_symlink_out": {
        "id": "profil.yaml tidak boleh berupa tautan simbolik (symlink) ke luar folder KIM.",
        "en": "profil.yaml may not be a symbolic link out of the KIM folder."},
    "control_chars_in_name": {
        "id": "nama berkas ini berisi karakter kendali (tak terlihat) dan diabaikan; ganti namanya dengan huruf, "
              "angka dan tanda hubung.",
        "en": "this file name holds control (invisible) characters and is ignored; rename it with letters, "
              "digits and hyphens."},
    "kim_folder_unreadable": {
        "id": "folder KIM tidak dapat dibaca ({error}).",
        "en": "the KIM folder cannot be read ({error})."},
    "invisible_chars_in_name": {
        "id": "nama berkas ini berisi karakter tak terlihat (penanda arah tulisan atau spasi lebar nol) dan "
              "diabaikan; ketik ulang namanya dengan huruf, angka dan tanda hubung.",
        "en": "this file name holds invisible characters (direction marks or zero-width spaces) and is ignored; "
              "type the name again with letters, digits and hyphens."},
    "media_name": {
        "id": "nama berkas ini memakai tanda yang tidak boleh ada di alamat situs, jadi berkas ini tidak "
              "diterbitkan. Ganti namanya menjadi `{name}` (huruf, angka, titik, garis bawah dan tanda hubung "
              "saja), lalu sesuaikan tulisan yang memakainya.",
        "en": "this file name uses characters that may not appear in a web address, so the file is not "
              "published. Rename it to `{name}` (letters, digits, dot, underscore and hyphen only) and update "
              "the posts that use it."},
    "cache_in_content": {
        "id": "cache build kimgen tidak boleh ada di repositori konten (kimgen tidak membacanya). Hapus dari "
              "git: `git rm -r --cached .kimgen-cache`.",
        "en": "kimgen's build cache does not belong in the content repository (kimgen does not read it). "
              "Remove it from git: `git rm -r --cached .kimgen-cache`."},
    "unknown_entry": {
        "id": "kimgen tidak mengenal berkas atau folder ini di sini, jadi isinya tidak diterbitkan. Pindahkan ke "
              "folder yang sesuai (berita/, agenda/, media/, ...) atau hapus.",
        "en": "kimgen does not know this file or folder here, so nothing in it is published. Move it to the "
              "right folder (berita/, agenda/, media/, ...) or delete it."},
    "hard_link": {
        "id": "berkas ini adalah tautan keras (hard link) ke berkas lain dan diabaikan; unggah salinan berkasnya.",
        "en": "this file is a hard link to another file and is ignored; upload a copy of the file instead."},
    "media_type": {
        "id": "jenis berkas `{suffix}` tidak boleh diunggah ke media/ (bisa berisi skrip atau tidak dikenal). "
              "Yang boleh: foto (.jpg, .png, .webp, .gif), dokumen (.pdf, .docx, .xlsx, ...), audio dan video.",
        "en": "files of type `{suffix}` may not be uploaded to media/ (they could hold script or are unknown). "
              "Allowed: photos (.jpg, .png, .webp, .gif), documents (.pdf, .docx, .xlsx, ...), audio and video."},
    "media_not_image": {
        "id": "berkas ini bernama {suffix} tetapi isinya bukan gambar {kind}; unggah ulang foto aslinya dari "
              "ponsel atau kamera.",
        "en": "this file is named {suffix} but does not hold a {kind} image; upload the original photo from "
              "the phone or camera again."},
    "image_not_media": {
        "id": "`{target}` bukan berkas gambar di folder KIM ini; unggah fotonya ke media/ lalu tulis misalnya "
              "`gambar: media/foto.jpg`.",
        "en": "`{target}` is not an image file in this KIM's folder; upload the photo to media/ and write e.g. "
              "`gambar: media/foto.jpg`."},
    "unsafe_scheme": {
        "id": "{what} `{target}` memakai skema `{scheme}:` yang tidak diizinkan; pakai alamat https://... atau "
              "berkas di folder KIM ini.",
        "en": "{what} `{target}` uses the scheme `{scheme}:`, which is not allowed; use an https://... address "
              "or a file in this KIM's folder."},
    "forbidden_html": {
        "id": "HTML {what} tidak diizinkan karena bisa menjalankan skrip atau menyisipkan halaman lain; hapus "
              "bagian itu; tulisan KIM hanya boleh berisi teks, tautan, gambar dan tabel.",
        "en": "HTML {what} is not allowed because it could run script or embed another page; remove it; KIM "
              "posts may hold only text, links, images and tables."},
    "forbidden_html_video": {
        "id": "HTML {what} tidak diizinkan karena bisa menjalankan skrip atau menyisipkan halaman lain; untuk "
              "video YouTube, hapus kode sematan ini dan tulis `video: https://www.youtube.com/watch?v=...` di "
              "bagian isian (front matter).",
        "en": "HTML {what} is not allowed because it could run script or embed another page; for a YouTube "
              "video, remove this embed code and write `video: https://www.youtube.com/watch?v=...` in the "
              "front matter."},
    "what_attribute": {"id": "atribut {name}=", "en": "attribute {name}="},
    "what_address": {"id": "alamat {scheme}", "en": "address {scheme}"},
    "markdown_too_deep": {
        "id": "tulisan ini bersarang terlalu dalam (lebih dari {quotes} tingkat kutipan `>` atau daftar yang "
              "menjorok lebih dari {indent} spasi) sehingga tidak dapat diolah; sederhanakan susunannya.",
        "en": "this post is nested too deeply (more than {quotes} levels of `>` quotes or a list indented more "
              "than {indent} spaces) to be processed; simplify its structure."},
    "markdown_too_slow": {
        "id": "tulisan ini terlalu rumit untuk diolah dalam {seconds} detik (misalnya ribuan `[` atau `<` "
              "berturut-turut); sederhanakan atau pecah menjadi beberapa tulisan.",
        "en": "this post is too complex to process within {seconds} seconds (e.g. thousands of `[` or `<` in a "
              "row); simplify it or split it into several posts."},
    "bad_colour": {
        "id": "`{value}` bukan kode warna; tulis seperti `#0b6e4f` (tanda # lalu 6 angka/huruf a-f).",
        "en": "`{value}` is not a colour code; write it like `#0b6e4f` (# and then 6 digits/letters a-f)."},
    "bad_video": {
        "id": "`{value}` bukan alamat video YouTube; salin alamatnya dari tombol Bagikan di YouTube, misalnya "
              "`https://www.youtube.com/watch?v=dQw4w9WgXcQ` atau `https://youtu.be/dQw4w9WgXcQ`.",
        "en": "`{value}` is not a YouTube video address; copy it from YouTube's Share button, e.g. "
              "`https://www.youtube.com/watch?v=dQw4w9WgXcQ` or `https://youtu.be/dQw4w9WgXcQ`."},
    "province_unreadable": {
        "id": "berkas tidak dapat dibaca ({error}).",
        "en": "the file cannot be read ({error})."},
    "announcements_unreadable": {
        "id": "pengumuman provinsi tidak dapat dibaca ({error}); situs dibangun tanpa pengumuman.",
        "en": "the province-wide announcements cannot be read ({error}); the sites are built without them."},
    "kim_unreadable": {
        "id": "KIM ini tidak dapat dibaca ({error}).",
        "en": "this KIM cannot be read ({error})."},
    "kim_render_failed": {
        "id": "situs KIM ini gagal dibuat ({error}); keluaran lamanya dipertahankan. Laporkan ke pengelola "
              "portal bila pesan ini tidak jelas.",
        "en": "this KIM's site could not be built ({error}); its previous output is kept. Tell the portal's "
              "operators if this message is unclear."},
    "portal_failed": {
        "id": "halaman portal provinsi gagal dibuat ({error}); situs KIM tetap dibangun. Laporkan ke pengelola "
              "portal.",
        "en": "the provincial portal pages could not be built ({error}); the KIM sites are still built. Tell "
              "the portal's operators."},
    "unexpected": {
        "id": "galat tak terduga ({error}). Jalankan ulang dengan KIMGEN_DEBUG=1 untuk rincian teknis dan "
              "laporkan ke pengembang kimgen.",
        "en": "unexpected error ({error}). Run again with KIMGEN_DEBUG=1 for technical details and report it "
              "to the kimgen developers."},
    # spam and privacy lint (lint.py): warnings
    "lint_spam": {
        "id": "`{phrase}` adalah pola promosi judi online (spam) dan tidak boleh terbit di situs KIM. Hapus teks "
              "itu; bila Anda tidak pernah menulisnya, segera ganti kata sandi akun admin KIM dan laporkan ke "
              "Diskominfo.",
        "en": "`{phrase}` is an online-gambling promotion pattern (spam) and must not be published on a KIM "
              "site. Remove that text; if you never wrote it, change the KIM admin account's password at once "
              "and tell the Diskominfo."},
    "lint_nik": {
        "id": "angka 16 digit `{masked}` tampak seperti NIK atau nomor KK, data pribadi yang tidak boleh "
              "diterbitkan. Hapus angka itu atau samarkan, misalnya `3514xxxxxxxxxxxx`.",
        "en": "the 16-digit number `{masked}` looks like a NIK or family-card (KK) number, personal data that "
              "must not be published. Remove it or mask it, e.g. `3514xxxxxxxxxxxx`."},
    "lint_phone": {
        "id": "nomor ponsel `{masked}` bukan kontak KIM; nomor pribadi warga tidak boleh diterbitkan tanpa "
              "izin. Hapus nomornya, atau bila ini nomor resmi KIM, tulis di `kontak.telepon` atau "
              "`kontak.whatsapp` di profil.yaml.",
        "en": "the mobile number `{masked}` is not the KIM's contact; villagers' private numbers must not be "
              "published without consent. Remove it, or if it is the KIM's official number, put it in "
              "`kontak.telepon` or `kontak.whatsapp` in profil.yaml."},
    # labels used by Problem.format
    "label_warning": {"id": "peringatan: ", "en": "warning: "},
}

_state = {"language": "id"}
_BAHASA = re.compile(r"^bahasa\s*:\s*[\"']?(\w+)", re.MULTILINE)


def set_language(language: str) -> None:
    _state["language"] = language if language in LANGUAGES else "id"


def language() -> str:
    return _state["language"]


def use_language_of(root: Path) -> str:
    """Pick the language from provinsi.yaml before it is validated, so its own problems are translated too."""
    try:
        text = (root / "provinsi.yaml").read_text(encoding="utf-8", errors="replace")
    except OSError:
        text = ""
    match = _BAHASA.search(text)
    set_language(match.group(1).lower() if match else "id")
    return language()


@contextmanager
def speaking(root: Path):
    """Messages in the language of this content root while the block runs, then as before."""
    previous = language()
    use_language_of(root)
    try:
        yield
    finally:
        set_language(previous)


def msg(message_id: str, /, **values) -> str:
    return msg_in(language(), message_id, **values)


def msg_in(lang: str, message_id: str, /, **values) -> str:
    entry = CATALOGUE[message_id]
    return entry.get(lang, entry["id"]).format(**values)


def did_you_mean(word: str, choices) -> str:
    """A short hint naming the closest known key, or ''."""
    import difflib

    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return msg("did_you_mean", word=close[0]) if close else ""
