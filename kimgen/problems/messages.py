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
    "not_a_file": {
        "id": "ini bukan berkas biasa (misalnya pipa atau perangkat); hapus dari folder konten.",
        "en": "this is not a regular file (e.g. a pipe or a device); remove it from the content folder."},
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
        "id": "baris ini diawali tab, padahal jorokan hanya boleh memakai spasi: ganti tab dengan {count} spasi.",
        "en": "this line starts with a tab, but indentation may only use spaces: replace the tab with {count} "
              "spaces."},
    "tab_indent_remove": {
        "id": "baris ini diawali tab, padahal baris ini tidak perlu menjorok: hapus tab di awal baris sehingga "
              "`{start}` berada di tepi kiri, sejajar dengan baris di atasnya.",
        "en": "this line starts with a tab, but it should not be indented: delete the tab at the start of the "
              "line so that `{start}` is at the left edge, in line with the line above."},
    "yaml_tab_inside": {
        "id": "ada tab di baris ini. Ganti tab dengan spasi: tulis baris ini sebagai `{fixed}`.",
        "en": "this line holds a tab. Replace the tab with a space: write the line as `{fixed}`."},
    "yaml_colon": {
        "id": "nilai ini memuat titik dua (:), padahal titik dua memisahkan nama isian dari nilainya. Apit seluruh "
              "nilai dengan tanda kutip: tulis baris ini sebagai `{fixed}`.",
        "en": "this value holds a colon (:), but a colon separates a field's name from its value. Put the whole "
              "value in quotes: write the line as `{fixed}`."},
    "yaml_curly": {
        "id": "nilai ini diapit tanda kutip miring (“ ” atau ‘ ’) dari papan ketik ponsel, yang tidak dikenali "
              "sebagai tanda kutip. Pakai tanda kutip lurus (\"): tulis baris ini sebagai `{fixed}`.",
        "en": "this value is wrapped in curly quotes (“ ” or ‘ ’) from a phone keyboard, which are not read as "
              "quotes. Use straight quotes (\"): write the line as `{fixed}`."},
    "yaml_quote_part": {
        "id": "tanda kutip hanya mengapit sebagian nilai, padahal harus mengapit seluruhnya: tulis baris ini "
              "sebagai `{fixed}`.",
        "en": "the quotes wrap only part of the value, but they must wrap all of it: write the line as "
              "`{fixed}`."},
    "yaml_needs_quotes": {
        "id": "nilai ini diawali `{char}`, tanda yang punya arti khusus di awal nilai. Apit seluruh nilai dengan "
              "tanda kutip: tulis baris ini sebagai `{fixed}`.",
        "en": "this value starts with `{char}`, a sign with a special meaning at the start of a value. Put the "
              "whole value in quotes: write the line as `{fixed}`."},
    "yaml_backslash": {
        "id": "garis miring terbalik (\\) di antara tanda kutip ganda dibaca sebagai kode khusus. Pakai tanda "
              "kutip tunggal: tulis baris ini sebagai `{fixed}`.",
        "en": "a backslash (\\) inside double quotes is read as a special code. Use single quotes: write the "
              "line as `{fixed}`."},
    "yaml_quote_open": {
        "id": "tanda kutip {quote} dibuka di baris ini tetapi tidak ditutup. Tutup di akhir nilai: `{fixed}`.",
        "en": "the quote {quote} opened on this line is never closed. Close it at the end of the value: "
              "`{fixed}`."},
    "yaml_flow_open": {
        "id": "daftar yang dibuka dengan `{open}` di baris ini tidak ditutup dengan `{close}`. Tulis misalnya "
              "`{fixed}`; bila `{open}` bagian dari teks, apit seluruh nilai dengan tanda kutip.",
        "en": "the list opened with `{open}` on this line is not closed with `{close}`. Write e.g. `{fixed}`; if "
              "`{open}` is part of the text, put the whole value in quotes."},
    "yaml_no_colon": {
        "id": "baris ini tidak berbentuk `nama: isi`. Setiap isian ditulis pada barisnya sendiri: nama, titik dua, "
              "spasi, lalu isinya, misalnya `nama: KIM Sumber Rejeki`.",
        "en": "this line is not of the form `name: value`. Each field is written on its own line: the name, a colon, "
              "a space, then the value, e.g. `nama: KIM Sumber Rejeki`."},
    "yaml_no_colon_front": {
        "id": "baris ini tidak berbentuk `nama: isi`. Di bagian atas berkas (di antara dua baris ---) setiap isian "
              "ditulis pada barisnya sendiri: nama, titik dua, spasi, lalu isinya, misalnya `judul: Rapat Desa`. "
              "Bila baris ini bagian dari isi tulisan, pindahkan ke bawah baris --- kedua.",
        "en": "this line is not of the form `name: value`. At the top of the file (between the two --- lines) each "
              "field is written on its own line: the name, a colon, a space, then the value, e.g. "
              "`judul: Rapat Desa`. If this line belongs to the text, move it below the second --- line."},
    "yaml_space_after_colon": {
        "id": "setelah titik dua harus ada spasi: tulis baris ini sebagai `{fixed}`.",
        "en": "a colon must be followed by a space: write the line as `{fixed}`."},
    "yaml_indent": {
        "id": "baris ini menjorok (diawali spasi), padahal `{above}` di atasnya sudah berisi nilai. Hapus spasi di "
              "awal baris sehingga `{key}:` sejajar dengan `{above}:`.",
        "en": "this line is indented (starts with spaces), but `{above}` above it already has a value. Delete the "
              "spaces at the start of the line so that `{key}:` is in line with `{above}:`."},
    "yaml_misaligned": {
        "id": "`{key}:` menjorok {count} spasi, tidak sejajar dengan `{above}:` di atasnya ({above_count} spasi). "
              "Isian dalam satu kelompok harus menjorok sama jauh: samakan jumlah spasinya.",
        "en": "`{key}:` is indented {count} spaces, out of line with `{above}:` above it ({above_count} spaces). "
              "Fields of one group must be indented alike: use the same number of spaces."},
    "yaml_indent_first": {
        "id": "baris ini diawali {count} spasi, padahal isian paling atas harus berada di tepi kiri. Hapus spasi di "
              "awal baris.",
        "en": "this line starts with {count} spaces, but the top fields must be at the left edge. Delete the spaces "
              "at the start of the line."},
    "yaml_list_item": {
        "id": "butir daftar (diawali `- `) ini tidak berada di bawah nama isiannya. Tulis nama isian di baris "
              "sendiri, lalu setiap butir di bawahnya dengan dua spasi di depan, misalnya `tag:` lalu `  - posyandu`.",
        "en": "this list item (starting with `- `) is not under its field's name. Write the field's name on its own "
              "line, then each item below it after two spaces, e.g. `tag:` then `  - posyandu`."},
    "yaml_second_document": {
        "id": "baris `---` ini memulai bagian kedua, padahal berkas ini hanya boleh berisi satu bagian. Hapus baris "
              "`---` ini.",
        "en": "this `---` line starts a second part, but the file may hold only one. Delete this `---` line."},
    "yaml_unreadable": {
        "id": "baris ini tidak dapat dibaca. Tulis setiap isian sebagai `nama: isi` pada barisnya sendiri, dengan "
              "spasi setelah titik dua; bila nilainya memuat tanda seperti : # [ ] {{ }} atau tanda kutip, apit "
              "seluruh nilai dengan tanda kutip ganda, misalnya `judul: \"Rapat: Evaluasi\"`.",
        "en": "this line cannot be read. Write each field as `name: value` on its own line, with a space after the "
              "colon; if the value holds signs such as : # [ ] {{ }} or quotes, put the whole value in double "
              "quotes, e.g. `judul: \"Rapat: Evaluasi\"`."},
    "too_deep": {
        "id": "data bersarang terlalu dalam (lebih dari {depth} tingkat). Sederhanakan isiannya.",
        "en": "data is nested too deeply (more than {depth} levels). Simplify it."},
    "yaml_surrogate": {
        "id": "teks ini berisi kode `{code}` yang bukan huruf (separuh pasangan UTF-16, biasanya dari salinan "
              "JSON); hapus kode itu atau tulis hurufnya langsung.",
        "en": "this text holds the code `{code}`, which is not a character (half of a UTF-16 pair, usually copied "
              "from JSON); remove it or type the character itself."},
    "yaml_alias": {
        "id": "tanda & atau * di awal nilai punya arti khusus yang tidak dipakai kimgen; tulis nilainya langsung, "
              "atau apit seluruh nilai dengan tanda kutip.",
        "en": "& or * at the start of a value has a special meaning that kimgen does not use; write the value "
              "itself, or put the whole value in quotes."},
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
    "integer_too_big": {
        "id": "angka ini terlalu besar ({digits} digit, paling banyak {limit}).",
        "en": "this number is too large ({digits} digits, at most {limit})."},
    "number_bad": {
        "id": "harus berupa angka antara {low} dan {high}, misalnya `{example}`, bukan `{value}`.",
        "en": "must be a number between {low} and {high}, for example `{example}`, not `{value}`."},
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
    "date_out_of_range": {
        "id": "tahun {year} di luar jangkauan ({low} sampai {high}); periksa lagi tanggalnya.",
        "en": "the year {year} is out of range ({low} to {high}); check the date again."},
    "date_impossible": {
        "id": "tanggal `{value}` tidak ada di kalender: {why}. Tulis sebagai tahun-bulan-tanggal, misalnya "
              "`2024-12-11`.",
        "en": "the date `{value}` is not on the calendar: {why}. Write it as year-month-day, e.g. `2024-12-11`."},
    "date_no_month": {"id": "tidak ada bulan `{month}` (bulan ditulis 01 sampai 12)",
                      "en": "there is no month `{month}` (months are written 01 to 12)"},
    "date_swapped": {"id": "; bila maksudnya tanggal {day} bulan {month}, tulis `{swapped}`",
                     "en": "; if you mean day {day} of month {month}, write `{swapped}`"},
    "date_no_day": {"id": "bulan {month} tahun {year} hanya sampai tanggal {last}",
                    "en": "month {month} of {year} only goes up to day {last}"},
    "date_no_time": {"id": "jam `{time}` tidak ada (jam ditulis 00:00 sampai 23:59)",
                     "en": "there is no time `{time}` (times are written 00:00 to 23:59)"},
    "curly_value": {
        "id": "nilai ini diapit tanda kutip miring (“ ” atau ‘ ’) dari papan ketik ponsel, yang ikut terbaca "
              "sebagai bagian dari nilai. Pakai tanda kutip lurus (\"): tulis baris ini sebagai `{fixed}`.",
        "en": "this value is wrapped in curly quotes (“ ” or ‘ ’) from a phone keyboard, which are read as part "
              "of the value. Use straight quotes (\"): write the line as `{fixed}`."},
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
        "id": "bagian atas berkas dibuka dengan baris `---` di baris 1 tetapi tidak pernah ditutup. "
              "Tambahkan baris `---` setelah isian terakhir, sebelum isi tulisan.",
        "en": "the top of the file opens with a `---` line on line 1 but is never closed. Add a `---` line after the "
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
    "placeholder_value": {
        "id": "masih berisi teks contoh dari templat kimgen (`{text}`), yang tidak boleh terbit. Ganti teks itu di "
              "baris {line} dengan isian yang sebenarnya.",
        "en": "still holds an example text from kimgen's template (`{text}`), which must not be published. "
              "Replace it on line {line} with the real value."},
    "placeholder_body": {
        "id": "baris {line} masih berisi kalimat contoh dari templat kimgen (`{text}`), yang tidak boleh terbit. "
              "Ganti baris itu dengan tulisan Anda sendiri.",
        "en": "line {line} still holds an example sentence from kimgen's template (`{text}`), which must not be "
              "published. Replace that line with your own text."},
    "empty_body": {
        "id": "tulisan ini belum punya isi: di bawah baris --- kedua belum ada teks, jadi halamannya hanya berisi "
              "judul. Tulis isinya di bawah baris itu, atau tambahkan `draf: true` bila belum siap terbit.",
        "en": "this post has no text yet: there is nothing below the second --- line, so its page only shows the "
              "title. Write the text below that line, or add `draf: true` if it is not ready."},
    "name_case_twin": {
        "id": "nama berkas ini hanya berbeda huruf besar/kecil dengan {other}. Di Windows dan macOS keduanya "
              "dianggap satu berkas, sehingga salah satunya bisa tertimpa. Ganti nama salah satu berkas (atau "
              "hapus bila isinya sama); sementara ini tulisan ini memakai alamat `{slug}`.",
        "en": "this file's name differs from {other} only in upper/lower case. Windows and macOS take them for one "
              "file, so one may overwrite the other. Rename one of them (or delete it if they are the same); "
              "meanwhile this post uses the address `{slug}`."},
    "slug_impossible": {
        "id": "tidak dapat membuat alamat dari nama berkas ini; pakai huruf a-z dan angka pada nama berkas "
              "atau isi `slug:`.",
        "en": "cannot make an address from this file name; use letters a-z and digits in the file name "
              "or set `slug:`."},
    "slug_taken": {"id": "alamat `{slug}` sudah dipakai oleh {other}; tulis alamat lain di `slug:`.",
                   "en": "the address `{slug}` is already used by {other}; write another address in `slug:`."},
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
    "post_case": {
        "id": "{what} `{target}` menunjuk ke tulisan yang tidak ada. Ada `{found}`, yang namanya hanya berbeda "
              "huruf besar/kecil, dan nama harus ditulis sama persis: tulis `{suggest}`.",
        "en": "{what} `{target}` points to a post that does not exist. There is `{found}`, whose name differs "
              "only in upper/lower case, and names must be written exactly: write `{suggest}`."},
    "media_case": {
        "id": "{what} `{target}` tidak ditemukan. Di folder KIM ini ada `{found}`, yang namanya hanya berbeda "
              "huruf besar/kecil atau spasi, dan nama harus ditulis sama persis: tulis `{suggest}`.",
        "en": "{what} `{target}` was not found. This KIM's folder has `{found}`, whose name differs only in "
              "upper/lower case or spaces, and names must be written exactly: write `{suggest}`."},
    "media_case_bad_name": {
        "id": "{what} `{target}` tidak ditemukan. Di folder KIM ini ada `{found}`, yang namanya hanya berbeda "
              "huruf besar/kecil atau spasi. Nama berkas tidak boleh memuat spasi atau tanda lain: ganti nama "
              "berkas itu menjadi `{safe}`, lalu tulis `{suggest}`.",
        "en": "{what} `{target}` was not found. This KIM's folder has `{found}`, whose name differs only in "
              "upper/lower case or spaces. File names may not hold spaces or other signs: rename that file to "
              "`{safe}`, then write `{suggest}`."},
    "media_bad_name_used": {
        "id": "{what} `{target}` tidak diterbitkan karena nama berkasnya memuat spasi atau tanda lain. Ganti nama "
              "berkas itu menjadi `{safe}`, lalu tulis `{suggest}`.",
        "en": "{what} `{target}` is not published because its file name holds spaces or other signs. Rename the "
              "file to `{safe}`, then write `{suggest}`."},
    "remote_image": {
        "id": "gambar `{target}` diambil dari situs lain, padahal situs KIM tidak memuat apa pun dari situs lain "
              "(agar hemat kuota dan pembaca tidak dilacak), jadi {outcome}. Unduh gambarnya, unggah ke folder "
              "media/ KIM ini, lalu tulis `{example}`.",
        "en": "the image `{target}` comes from another site, but a KIM site loads nothing from other sites (to "
              "save readers' data and keep them from being tracked), so {outcome}. Download the image, upload it "
              "to this KIM's media/ folder, then write `{example}`."},
    "remote_as_link": {"id": "gambar ini hanya tampil sebagai tautan", "en": "it only shows as a link"},
    "remote_left_out": {"id": "gambar ini tidak ditampilkan", "en": "it is not shown"},
    "remote_no_cover": {"id": "tulisan ini terbit tanpa gambar sampul",
                        "en": "this post is published without a cover image"},
    "media_too_big": {
        "id": "berkas media terlalu besar ({size} KB; batasnya {limit} KB). Perkecil berkasnya (misalnya simpan "
              "ulang PDF dengan ukuran lebih kecil) atau bagi menjadi beberapa berkas.",
        "en": "media file is too large ({size} KB; the limit is {limit} KB). Make it smaller (e.g. save the PDF "
              "again at a smaller size) or split it into several files."},
    "photo_too_big": {
        "id": "foto terlalu besar ({size} KB; batasnya {limit} KB). Perkecil fotonya (misalnya lebar 1600 piksel) "
              "lalu unggah ulang.",
        "en": "photo is too large ({size} KB; the limit is {limit} KB). Shrink it (e.g. to 1600 pixels wide) and "
              "upload it again."},
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
    "post_held": {
        "id": "{what} `{target}` menuju tulisan yang belum dapat diterbitkan karena ada kesalahan di dalamnya; "
              "tautan ini tampil sebagai teks biasa sampai tulisan itu diperbaiki.",
        "en": "{what} `{target}` leads to a post that cannot be published yet because it has errors; the link "
              "shows as plain text until that post is fixed."},
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
              "Yang boleh: foto (.jpg, .png, .webp, .heic, .gif), dokumen (.pdf, .docx, .xlsx, ...), audio dan "
              "video.",
        "en": "files of type `{suffix}` may not be uploaded to media/ (they could hold script or are unknown). "
              "Allowed: photos (.jpg, .png, .webp, .heic, .gif), documents (.pdf, .docx, .xlsx, ...), audio and "
              "video."},
    "media_bytes_mismatch": {
        "id": "berkas ini bernama {suffix} tetapi isinya bukan {kind}, jadi tidak diterbitkan; simpan ulang dari "
              "aplikasinya sebagai {kind} (tanpa makro) lalu unggah lagi.",
        "en": "this file is named {suffix} but does not hold {kind}, so it is not published; save it again from "
              "its application as {kind} (without macros) and upload it again."},
    "media_text_binary": {
        "id": "berkas {suffix} ini berisi data biner, bukan teks, jadi tidak diterbitkan; simpan sebagai teks biasa "
              "(UTF-8) atau unggah dokumennya sebagai .pdf.",
        "en": "this {suffix} file holds binary data, not text, so it is not published; save it as plain text "
              "(UTF-8) or upload the document as .pdf."},
    "media_text_not_utf8": {
        "id": "berkas {suffix} ini bukan teks UTF-8 (baris {line}), jadi tidak diterbitkan; simpan ulang dengan "
              "pengodean UTF-8 (di Excel: \"CSV UTF-8\").",
        "en": "this {suffix} file is not UTF-8 text (line {line}), so it is not published; save it again with "
              "UTF-8 encoding (in Excel: \"CSV UTF-8\")."},
    "media_text_markup": {
        "id": "berkas {suffix} ini berisi kode halaman web (`{markup}`) yang bisa dijalankan peramban dari alamat "
              "portal, jadi tidak diterbitkan; hapus kode itu atau unggah isinya sebagai .pdf.",
        "en": "this {suffix} file holds web page code (`{markup}`) that a browser could run from the portal's "
              "address, so it is not published; remove that code or upload the content as .pdf."},
    "media_not_image": {
        "id": "berkas ini bernama {suffix} tetapi isinya bukan gambar {kind}; unggah ulang foto aslinya dari "
              "ponsel atau kamera.",
        "en": "this file is named {suffix} but does not hold a {kind} image; upload the original photo from "
              "the phone or camera again."},
    # photos (content/photos.py, render/images.py): judged before a pixel is decoded
    "photo_size": {"id": "{width} x {height} piksel ({megapixels} megapiksel)",
                   "en": "{width} x {height} pixels ({megapixels} megapixels)"},
    "photo_size_unknown": {"id": "{megapixels} megapiksel", "en": "{megapixels} megapixels"},
    "photo_too_many_pixels": {
        "id": "foto ini berukuran {size}, melebihi batas {budget} megapiksel (foto ponsel biasanya 12 sampai 50 "
              "megapiksel). Berkas seperti ini bisa melumpuhkan server saat dibuka, jadi tidak diolah. Perkecil "
              "fotonya (misalnya lebar 1600 piksel) lalu unggah ulang.",
        "en": "this photo is {size}, over the limit of {budget} megapixels (phone photos are usually 12 to 50 "
              "megapixels). A file like this can bring the server down when opened, so it is not processed. "
              "Shrink it (e.g. to 1600 pixels wide) and upload it again."},
    "photo_truncated": {
        "id": "foto ini terpotong: isinya berhenti di tengah (biasanya karena unggahan terputus), jadi tidak bisa "
              "dibuka. Unggah ulang foto aslinya dari ponsel atau kamera.",
        "en": "this photo is cut short: its data stops halfway (usually an interrupted upload), so it cannot be "
              "opened. Upload the original photo from the phone or camera again."},
    "photo_broken": {
        "id": "foto ini rusak atau terpotong (misalnya unggahan yang terputus) dan tidak bisa dibuka. Unggah ulang "
              "foto aslinya dari ponsel atau kamera.",
        "en": "this photo is damaged or cut short (e.g. an interrupted upload) and cannot be opened. Upload the "
              "original photo from the phone or camera again."},
    "media_unpublished": {"id": "Berkas ini tidak diterbitkan.", "en": "This file is not published."},
    "media_withheld": {
        "id": "{what} `{target}` tidak bisa dipakai karena berkasnya tidak diterbitkan: {why}",
        "en": "{what} `{target}` cannot be used because its file is not published: {why}"},
    "image_not_media": {
        "id": "`{target}` bukan berkas gambar di folder KIM ini; unggah fotonya ke media/ lalu tulis misalnya "
              "`gambar: media/foto.jpg`.",
        "en": "`{target}` is not an image file in this KIM's folder; upload the photo to media/ and write e.g. "
              "`gambar: media/foto.jpg`."},
    "address_bad": {
        "id": "{what} `{target}` bukan alamat yang dapat dibaca (misalnya tanda `[` atau `]` di nama situsnya); "
              "salin ulang alamatnya dari peramban.",
        "en": "{what} `{target}` is not an address that can be read (e.g. a `[` or `]` in its host name); copy "
              "the address again from the browser."},
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
              "bagian atas berkas (di antara dua baris ---).",
        "en": "HTML {what} is not allowed because it could run script or embed another page; for a YouTube "
              "video, remove this embed code and write `video: https://www.youtube.com/watch?v=...` at the top "
              "of the file (between the two --- lines)."},
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
    "markdown_kim_budget": {
        "id": "waktu untuk mengolah tulisan KIM ini ({seconds} detik untuk semua tulisan yang rumit) habis di "
              "tulisan ini, jadi tulisan ini belum diterbitkan; sederhanakan tulisan yang rumit (misalnya ribuan "
              "`[` atau `<` berturut-turut) atau pecah menjadi beberapa tulisan.",
        "en": "the time for processing this KIM's posts ({seconds} seconds for all complex posts) ran out at this "
              "post, so it is not published yet; simplify the complex posts (e.g. thousands of `[` or `<` in a "
              "row) or split them into several posts."},
    "markdown_build_budget": {
        "id": "waktu untuk mengolah tulisan yang rumit di seluruh provinsi ({seconds} detik) habis di tulisan ini, "
              "jadi tulisan ini belum diterbitkan; sederhanakan tulisannya (misalnya ribuan `[` atau `<` "
              "berturut-turut) atau pecah menjadi beberapa tulisan.",
        "en": "the time for processing complex posts across the province ({seconds} seconds) ran out at this "
              "post, so it is not published yet; simplify it (e.g. thousands of `[` or `<` in a row) or split it "
              "into several posts."},
    "bad_colour": {
        "id": "`{value}` bukan kode warna; tulis seperti `#0b6e4f` (tanda # lalu 6 angka/huruf a-f).",
        "en": "`{value}` is not a colour code; write it like `#0b6e4f` (# and then 6 digits/letters a-f)."},
    "bad_video": {
        "id": "`{value}` bukan alamat video YouTube, Facebook, Instagram atau TikTok; salin alamat videonya dari "
              "tombol Bagikan, misalnya `https://youtu.be/dQw4w9WgXcQ` atau "
              "`https://www.tiktok.com/@kimdesa/video/7301234567890123456`.",
        "en": "`{value}` is not a YouTube, Facebook, Instagram or TikTok video address; copy the video's address "
              "from its Share button, e.g. `https://youtu.be/dQw4w9WgXcQ` or "
              "`https://www.tiktok.com/@kimdesa/video/7301234567890123456`."},
    "audio_not_media": {
        "id": "`{target}` bukan berkas audio di folder KIM ini; unggah rekamannya (.mp3, .m4a atau .ogg) ke media/ "
              "lalu tulis misalnya `audio: media/siaran.mp3`.",
        "en": "`{target}` is not an audio file in this KIM's folder; upload the recording (.mp3, .m4a or .ogg) to "
              "media/ and write e.g. `audio: media/siaran.mp3`."},
    "photo_not_media": {
        "id": "foto `{target}` tidak ditemukan di media/ KIM ini (atau bukan .jpg, .png, .webp, .heic); unggah "
              "fotonya lalu tulis misalnya `- gambar: media/album/foto-1.jpg`.",
        "en": "photo `{target}` was not found in this KIM's media/ (or is not a .jpg, .png, .webp, .heic); upload "
              "it and write e.g. `- gambar: media/album/foto-1.jpg`."},
    "gallery_empty": {
        "id": "album ini belum berisi foto; isi `galeri:` dengan daftar foto, misalnya\n"
              "galeri:\n  - gambar: media/album/foto-1.jpg\n    keterangan: Warga kerja bakti",
        "en": "this album has no photos yet; list them under `galeri:`, e.g.\n"
              "galeri:\n  - gambar: media/album/foto-1.jpg\n    keterangan: Residents at work"},
    "sampul_missing": {
        "id": "foto sampul `{path}` tidak ditemukan di media/ KIM ini (atau bukan .jpg, .png, .webp, .heic); "
              "unggah ke media/ atau perbaiki namanya.",
        "en": "cover photo `{path}` was not found in this KIM's media/ (or is not a .jpg, .png, .webp, .heic); "
              "upload it to media/ or fix its name."},
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
        "id": "kesalahan tak terduga ({error}). Jalankan ulang dengan KIMGEN_DEBUG=1 untuk rincian teknis dan "
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
    try:  # the head is enough, whatever the size of the file (checked when it is read)
        with open(root / "provinsi.yaml", "rb") as handle:
            text = handle.read(64 * 1024).decode("utf-8", errors="replace")
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
