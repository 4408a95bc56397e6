"""What the editor's pages say, in Indonesian and English (provinsi.yaml's `bahasa`).

The site's reader-facing strings live in render/i18n.py; these are for admins at work, so they
are kept here beside the pages that use them. Dates are formatted by Babel through i18n.
"""

from __future__ import annotations

import datetime as dt

from kimgen.render.i18n import translator

ID = {
    "app": "Editor KIM", "skip": "Langsung ke isi", "logout": "Keluar", "login": "Masuk",
    "username": "Nama pengguna", "password": "Kata sandi", "login_title": "Masuk ke Editor KIM",
    "login_intro": "Masuk dengan nama pengguna dan kata sandi yang Anda terima dari Diskominfo.",
    "login_wrong": "Nama pengguna atau kata sandi salah.",
    "login_throttled": "Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam {minutes} menit.",
    "home": "Beranda", "hello": "Halo, {name}.", "your_kims": "KIM Anda",
    "no_kims": "Akun Anda belum diberi KIM untuk disunting. Hubungi Diskominfo.",
    "changes": "Perubahan terbaru", "changes_all": "Perubahan terbaru di semua KIM",
    "no_changes": "Belum ada perubahan.",
    "change_by": "{author}, {date}", "posts": "Tulisan", "write": "Tulis baru", "profile": "Profil KIM",
    "edit_profile": "Ubah profil KIM", "see_site": "Lihat situs", "edit": "Ubah", "delete": "Hapus",
    "badge_draft": "Draf", "badge_scheduled": "Terjadwal", "badge_fix": "Perlu diperbaiki",
    "no_posts": "Belum ada tulisan. Mulai dengan menulis berita kegiatan KIM.", "undated": "tanpa tanggal",
    "fix_count": "{n} berkas KIM ini perlu diperbaiki; tulisan yang bermasalah tidak tampil di situs.",
    "kind_berita": "Berita", "kind_agenda": "Agenda", "kind_pengumuman": "Pengumuman", "kind_cek-fakta": "Cek fakta",
    "kind_potensi": "Potensi desa", "kind_halaman": "Halaman", "kind_galeri": "Galeri",
    "new_berita": "Tulis berita", "new_agenda": "Tulis agenda", "new_pengumuman": "Tulis pengumuman",
    "new_cek-fakta": "Tulis cek fakta", "new_potensi": "Tulis potensi desa", "new_halaman": "Buat halaman",
    "edit_title": "Ubah {kind}", "gallery_by_git": "Album galeri disunting sebagai teks.",
    "field_judul": "Judul", "field_tanggal": "Tanggal", "field_ringkasan": "Ringkasan", "field_isi": "Isi",
    "field_foto": "Foto", "field_gambar": "Foto sampul", "field_kategori": "Kategori",
    "field_adinda": "Jenis kegiatan (ADINDA)", "field_tag": "Tag", "field_video": "Video (YouTube, Facebook, "
    "Instagram, TikTok)", "field_penulis": "Penulis", "field_tanggal_mulai": "Mulai",
    "field_tanggal_selesai": "Selesai",
    "field_lokasi": "Tempat", "field_klaim": "Kabar yang diperiksa", "field_status": "Hasil pemeriksaan",
    "field_sumber": "Sumber", "field_penting": "Penting: tampilkan sebagai spanduk di semua halaman",
    "field_berlaku_sampai": "Spanduk tampil sampai", "field_harga": "Harga (rupiah)",
    "field_kontak": "WhatsApp penjual",
    "field_urutan": "Urutan di menu", "field_teks": "Isi berkas",
    "field_nama": "Nama KIM", "field_desa": "Desa atau kelurahan", "field_jenis_wilayah": "Jenis wilayah",
    "field_kecamatan": "Kecamatan", "field_kabupaten": "Kabupaten/kota", "field_deskripsi": "Deskripsi",
    "field_visi": "Visi", "field_misi": "Misi", "field_ketua": "Ketua", "field_jumlah_anggota": "Jumlah anggota",
    "field_dibentuk": "Tanggal dibentuk", "field_kontak.alamat": "Alamat", "field_kontak.telepon": "Telepon",
    "field_kontak.whatsapp": "WhatsApp", "field_kontak.email": "Surel", "field_media_sosial.facebook": "Facebook",
    "field_media_sosial.instagram": "Instagram", "field_media_sosial.youtube": "YouTube",
    "field_media_sosial.tiktok": "TikTok", "field_bidang": "Bidang kegiatan", "field_logo": "Logo",
    "field_sampul": "Foto sampul beranda", "field_warna": "Warna utama (misalnya #0b6e4f)",
    "hint_list": "Pisahkan dengan koma.", "hint_lines": "Satu per baris.", "required": "wajib",
    "required_empty": "Wajib diisi.", "note": "Catatan:",
    "choose_none": "(tidak diisi)", "no_photo": "(tanpa foto)", "photo_use": "Pakai foto baru sebagai",
    "photo_as_cover": "Foto sampul", "photo_as_body": "Foto di dalam isi", "photo_as_logo": "Logo",
    "photo_hint": "Dari kamera atau galeri ponsel (JPEG, HEIC, PNG), paling besar 25 MB. Foto diperkecil dan "
                  "data lokasinya (GPS) dibuang.",
    "photo_saved": "Foto tersimpan sebagai {name}.", "photo_too_big": "Foto terlalu besar: paling besar 25 MB.",
    "photo_not_image": "Berkas ini bukan foto yang bisa dibaca (JPEG, PNG, HEIC, WebP atau GIF).",
    "photo_too_many_pixels": "Foto ini terlalu besar ukurannya (lebih dari 80 megapiksel).",
    "tools": "Alat tulis", "tool_bold": "Tebal", "tool_italic": "Miring", "tool_heading": "Subjudul",
    "tool_list": "Daftar", "tool_link": "Tautan", "tool_quote": "Kutipan",
    "snippet_bold": "teks tebal", "snippet_italic": "teks miring", "snippet_heading": "Subjudul",
    "snippet_item": "butir", "snippet_link": "teks tautan", "snippet_quote": "kutipan",
    "body_hint": "Paragraf dipisah satu baris kosong. **tebal**, _miring_, ## subjudul, - daftar, "
                 "[teks](https://alamat).",
    "preview": "Pratinjau", "save_draft": "Simpan draf", "publish": "Terbitkan", "save": "Simpan",
    "cancel": "Batal", "back": "Kembali", "confirm_delete": "Ya, hapus",
    "preview_title": "Pratinjau", "preview_note": "Beginilah tulisan ini tampil di situs KIM.",
    "preview_open": "Buka pratinjau di halaman penuh", "preview_frame": "Pratinjau tulisan",
    "preview_failed": "Pratinjau belum bisa dibuat: perbaiki dulu isian yang ditandai.",
    "problems_title": "Ada {n} hal yang perlu diperbaiki", "warnings_title": "Catatan",
    "cannot_publish": "Belum disimpan: perbaiki dulu isian yang ditandai.", "problem_general": "Berkas ini",
    "conflict_title": "Tulisan ini sudah diubah orang lain",
    "conflict_text": "{who} mengubahnya ({when}) setelah Anda membukanya, jadi isian Anda belum disimpan. "
                     "Bandingkan kedua versi. Bila versi Anda yang benar, simpan sekali lagi; bila tidak, batalkan.",
    "conflict_deleted": "Tulisan ini sudah dihapus orang lain setelah Anda membukanya. Simpan sekali lagi bila "
                        "ingin menerbitkannya kembali.",
    "their_version": "Versi yang tersimpan sekarang", "someone": "Seseorang",
    "exists": "Sudah ada tulisan dengan judul dan tanggal ini. Ubah judulnya, atau sunting tulisan itu.",
    "exists_link": "Buka tulisan yang sudah ada",
    "done_publish": "Terbit: \u201c{title}\u201d. Situs KIM diperbarui pada build berikutnya.",
    "done_draft": "Draf tersimpan: \u201c{title}\u201d. Draf tidak tampil di situs.",
    "done_delete": "Terhapus: \u201c{title}\u201d.", "done_profile": "Profil KIM tersimpan.",
    "git_failed": "Gagal menyimpan ke git ({error}). Tidak ada yang berubah; coba lagi atau hubungi Diskominfo.",
    "delete_title": "Hapus tulisan?",
    "delete_text": "\u201c{title}\u201d akan hilang dari situs pada build berikutnya. Riwayatnya tetap ada di git, "
                   "jadi Diskominfo masih bisa mengembalikannya.",
    "raw_note": "Berkas ini disunting sebagai teks: bagian di antara kedua baris --- adalah isian, "
                "di bawahnya isi tulisan.",
    "password_title": "Ganti kata sandi", "password_old": "Kata sandi sekarang", "password_new": "Kata sandi baru",
    "password_again": "Ulangi kata sandi baru", "password_mismatch": "Kedua kata sandi baru tidak sama.",
    "password_short": "Kata sandi baru paling sedikit {n} karakter. Tiga atau empat kata yang mudah diingat "
                      "lebih kuat.",
    "password_changed": "Kata sandi sudah diganti. Silakan masuk lagi dengan kata sandi baru.",
    "not_found_title": "Tidak ditemukan", "not_found_text": "Halaman ini tidak ada, atau bukan milik KIM Anda.",
    "expired_title": "Formulir kedaluwarsa",
    "expired_text": "Formulir ini sudah tidak berlaku, mungkin karena terlalu lama dibuka. Kembali, muat ulang "
                    "halaman, lalu kirim lagi.",
    "too_big_title": "Kiriman terlalu besar", "too_big_text": "Kiriman paling besar {mb} MB. Kirim foto satu per satu.",
    "bad_form_title": "Formulir tidak terbaca", "bad_form_text": "Formulir ini tidak dapat dibaca. Muat ulang halaman "
                                                                "lalu coba lagi.",
    "fault_title": "Terjadi gangguan", "fault_text": "Editor sedang bermasalah ({error}). Tidak ada yang berubah. "
                                                     "Hubungi Diskominfo bila terus terjadi.",
    "province_broken": "provinsi.yaml sedang bermasalah, jadi tulisan belum bisa diperiksa: {problems}",
}

EN = {
    "app": "KIM Editor", "skip": "Skip to content", "logout": "Log out", "login": "Log in",
    "username": "Username", "password": "Password", "login_title": "Log in to the KIM Editor",
    "login_intro": "Log in with the username and password you received from the Diskominfo.",
    "login_wrong": "Wrong username or password.",
    "login_throttled": "Too many failed attempts. Try again in {minutes} minutes.",
    "home": "Home", "hello": "Hello, {name}.", "your_kims": "Your KIMs",
    "no_kims": "Your account has no KIM to edit yet. Contact the Diskominfo.",
    "changes": "Recent changes", "changes_all": "Recent changes in every KIM", "no_changes": "No changes yet.",
    "change_by": "{author}, {date}", "posts": "Posts", "write": "Write new", "profile": "KIM profile",
    "edit_profile": "Edit the KIM profile", "see_site": "View site", "edit": "Edit", "delete": "Delete",
    "badge_draft": "Draft", "badge_scheduled": "Scheduled", "badge_fix": "Needs fixing",
    "no_posts": "No posts yet. Start with a news report of the KIM's activities.", "undated": "undated",
    "fix_count": "{n} files of this KIM need fixing; posts with problems are not shown on the site.",
    "kind_berita": "News", "kind_agenda": "Agenda", "kind_pengumuman": "Announcement", "kind_cek-fakta": "Fact check",
    "kind_potensi": "Village potential", "kind_halaman": "Page", "kind_galeri": "Gallery",
    "new_berita": "Write news", "new_agenda": "Write an agenda item", "new_pengumuman": "Write an announcement",
    "new_cek-fakta": "Write a fact check", "new_potensi": "Write a village potential", "new_halaman": "Create a page",
    "edit_title": "Edit {kind}", "gallery_by_git": "Gallery albums are edited as text.",
    "field_judul": "Title", "field_tanggal": "Date", "field_ringkasan": "Summary", "field_isi": "Body",
    "field_foto": "Photo", "field_gambar": "Cover photo", "field_kategori": "Category",
    "field_adinda": "Activity type (ADINDA)", "field_tag": "Tags", "field_video": "Video (YouTube, Facebook, "
    "Instagram, TikTok)", "field_penulis": "Author", "field_tanggal_mulai": "Starts", "field_tanggal_selesai": "Ends",
    "field_lokasi": "Place", "field_klaim": "Claim checked", "field_status": "Verdict", "field_sumber": "Sources",
    "field_penting": "Important: show as a banner on every page", "field_berlaku_sampai": "Banner shown until",
    "field_harga": "Price (rupiah)", "field_kontak": "Seller's WhatsApp", "field_urutan": "Order in the menu",
    "field_teks": "File text",
    "field_nama": "KIM name", "field_desa": "Village", "field_jenis_wilayah": "Kind of village",
    "field_kecamatan": "District", "field_kabupaten": "Regency/city", "field_deskripsi": "Description",
    "field_visi": "Vision", "field_misi": "Mission", "field_ketua": "Chair", "field_jumlah_anggota": "Members",
    "field_dibentuk": "Founded on", "field_kontak.alamat": "Address", "field_kontak.telepon": "Phone",
    "field_kontak.whatsapp": "WhatsApp", "field_kontak.email": "Email", "field_media_sosial.facebook": "Facebook",
    "field_media_sosial.instagram": "Instagram", "field_media_sosial.youtube": "YouTube",
    "field_media_sosial.tiktok": "TikTok", "field_bidang": "Fields of activity", "field_logo": "Logo",
    "field_sampul": "Home cover photo", "field_warna": "Main colour (e.g. #0b6e4f)",
    "hint_list": "Separate with commas.", "hint_lines": "One per line.", "required": "required",
    "required_empty": "Required.", "note": "Note:",
    "choose_none": "(none)", "no_photo": "(no photo)", "photo_use": "Use the new photo as",
    "photo_as_cover": "Cover photo", "photo_as_body": "Photo in the body", "photo_as_logo": "Logo",
    "photo_hint": "From the phone's camera or gallery (JPEG, HEIC, PNG), up to 25 MB. Photos are made smaller and "
                  "their location data (GPS) is removed.",
    "photo_saved": "Photo saved as {name}.", "photo_too_big": "Photo too large: 25 MB at most.",
    "photo_not_image": "This file is not a readable photo (JPEG, PNG, HEIC, WebP or GIF).",
    "photo_too_many_pixels": "This photo is too large (more than 80 megapixels).",
    "tools": "Writing tools", "tool_bold": "Bold", "tool_italic": "Italic", "tool_heading": "Subheading",
    "tool_list": "List", "tool_link": "Link", "tool_quote": "Quote",
    "snippet_bold": "bold text", "snippet_italic": "italic text", "snippet_heading": "Subheading",
    "snippet_item": "item", "snippet_link": "link text", "snippet_quote": "quote",
    "body_hint": "Separate paragraphs with an empty line. **bold**, _italic_, ## subheading, - list, "
                 "[text](https://address).",
    "preview": "Preview", "save_draft": "Save draft", "publish": "Publish", "save": "Save",
    "cancel": "Cancel", "back": "Back", "confirm_delete": "Yes, delete",
    "preview_title": "Preview", "preview_note": "This is how the post looks on the KIM's site.",
    "preview_open": "Open the preview full page", "preview_frame": "Post preview",
    "preview_failed": "No preview yet: fix the marked fields first.",
    "problems_title": "{n} things need fixing", "warnings_title": "Notes",
    "cannot_publish": "Not saved: fix the marked fields first.", "problem_general": "This file",
    "conflict_title": "Someone else changed this post",
    "conflict_text": "{who} changed it ({when}) after you opened it, so your version was not saved. Compare both. "
                     "If yours is right, save once more; if not, cancel.",
    "conflict_deleted": "Someone else deleted this post after you opened it. Save once more to publish it again.",
    "their_version": "The version saved now", "someone": "Someone",
    "exists": "A post with this title and date exists already. Change the title, or edit that post.",
    "exists_link": "Open the existing post",
    "done_publish": "Published: \u201c{title}\u201d. The KIM's site is updated by the next build.",
    "done_draft": "Draft saved: \u201c{title}\u201d. Drafts are not shown on the site.",
    "done_delete": "Deleted: \u201c{title}\u201d.", "done_profile": "KIM profile saved.",
    "git_failed": "Could not save to git ({error}). Nothing changed; try again or contact the Diskominfo.",
    "delete_title": "Delete this post?",
    "delete_text": "\u201c{title}\u201d disappears from the site with the next build. Its history stays in git, so the "
                   "Diskominfo can bring it back.",
    "raw_note": "This file is edited as text: the part between the two --- lines holds the fields, the body "
                "follows below.",
    "password_title": "Change password", "password_old": "Current password", "password_new": "New password",
    "password_again": "New password again", "password_mismatch": "The two new passwords differ.",
    "password_short": "The new password needs at least {n} characters. Three or four words you remember are stronger.",
    "password_changed": "Password changed. Please log in again with the new password.",
    "not_found_title": "Not found", "not_found_text": "This page does not exist, or it is not your KIM's.",
    "expired_title": "Form expired",
    "expired_text": "This form is no longer valid, perhaps because it was open too long. Go back, reload the page "
                    "and send it again.",
    "too_big_title": "Too large", "too_big_text": "A form may send {mb} MB at most. Send photos one at a time.",
    "bad_form_title": "Unreadable form", "bad_form_text": "This form could not be read. Reload the page and try again.",
    "fault_title": "Something went wrong", "fault_text": "The editor has a problem ({error}). Nothing changed. "
                                                        "Contact the Diskominfo if it persists.",
    "province_broken": "provinsi.yaml has a problem, so posts cannot be checked yet: {problems}",
}

TABLES = {"id": ID, "en": EN}


class Words:
    def __init__(self, lang: str):
        self.lang = lang if lang in TABLES else "id"
        self.table = TABLES[self.lang]
        self.dates = translator(self.lang)

    def __call__(self, key: str, **values) -> str:
        text = self.table.get(key) or ID[key]
        return text.format(**values) if values else text

    def date(self, value: dt.date | dt.datetime | None) -> str:
        return self.dates.short_date(value) if value else self("undated")
