"""Strings a reader sees (id, en), and dates and numbers formatted for the locale by Babel."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from babel import Locale
from babel.dates import format_date, format_datetime, format_time
from babel.numbers import format_decimal

STRINGS: dict[str, dict[str, str]] = {
    "id": {
        # galleries, video, audio, achievements, the phone menu (issue 16)
        "gallery": "Galeri", "video": "Video", "audio": "Audio", "more": "Lainnya", "photos_n": "{n} foto",
        "photo_n_of": "Foto {n} dari {total}", "back_to_album": "Kembali ke album", "all_albums": "Semua album",
        "photo_alt": "Foto {n}: {title}", "play_video": "Putar video", "watch_on": "Tonton di {platform}",
        "video_note": "Video baru dimuat dari {platform} setelah tombol putar ditekan.",
        "all_videos": "Semua video", "listen": "Dengarkan", "download_audio": "Unduh rekaman",
        "audio_title": "Audio dan Siaran", "podcast_feed": "Langganan podcast (RSS)", "podcast": "Podcast",
        "achievements": "Prestasi", "level_desa": "Tingkat desa", "level_kecamatan": "Tingkat kecamatan",
        "level_kabupaten": "Tingkat kabupaten", "level_provinsi": "Tingkat provinsi",
        "level_nasional": "Tingkat nasional", "organizer": "Penyelenggara", "year": "Tahun",
        "activity_12m": "Kegiatan 12 Bulan Terakhir",
        "activity_12m_intro": "Jumlah berita kegiatan menurut jenis kegiatan ADINDA, {start} sampai {end}.",
        "site_content": "Isi Situs", "count": "Jumlah", "latest_gallery": "Galeri Kegiatan",
        "cover_of": "Foto sampul {name}", "founded_year": "Berdiri sejak {year}",
        "platform_youtube": "YouTube", "platform_facebook": "Facebook", "platform_instagram": "Instagram",
        "platform_tiktok": "TikTok",
        "photos": "Foto",
        "problems_title": "Yang perlu diperbaiki: {name}", "last_published": "Terakhir diterbitkan",
        "open_site": "Buka situsnya", "held_posts": "Tulisan yang ditahan",
        "held_posts_help": "Tulisan ini tidak diterbitkan ulang sampai kesalahannya diperbaiki. Bila pernah terbit, "
                           "versi terakhirnya yang benar tetap tampil; bila belum, tulisan itu belum tampil.",
        "problem_errors": "Kesalahan", "problem_warnings": "Peringatan",
        "no_problems": "Tidak ada yang perlu diperbaiki. Terima kasih!", "content": "Isi",
        "content_bersih": "Bersih", "content_peringatan": "Ada peringatan", "content_ditahan": "Ada yang ditahan",
        "content_gagal": "Gagal dibangun",
        "content_help_bersih": "Semua tulisan terbit tanpa masalah.",
        "content_help_peringatan": "Semua tulisan terbit, tetapi ada hal kecil yang sebaiknya diperbaiki.",
        "content_help_ditahan": "Sebagian isi ditahan karena ada kesalahan; isi lainnya tetap terbit.",
        "content_help_gagal": "Situs KIM ini tidak dapat dibangun (misalnya profil.yaml tidak terbaca); versi "
                              "terakhirnya tetap tampil sampai diperbaiki.",
        "home": "Beranda", "profile": "Profil", "news": "Berita", "agenda": "Agenda",
        "announcements": "Pengumuman", "factcheck": "Cek Fakta", "potential": "Potensi Desa",
        "portal": "Portal KIM", "latest_news": "Berita Terbaru", "upcoming_agenda": "Agenda Mendatang",
        "past_agenda": "Agenda yang Lalu", "all_news": "Semua berita", "read_more": "Baca selengkapnya",
        "category": "Kategori", "tags": "Tag", "by": "Oleh", "previous": "Sebelumnya", "next": "Berikutnya",
        "newer": "Lebih baru", "older": "Lebih lama", "page_n": "Halaman {n} dari {total}",
        "share": "Bagikan", "share_whatsapp": "Bagikan ke WhatsApp", "share_facebook": "Bagikan ke Facebook",
        "not_found_title": "Halaman tidak ditemukan",
        "not_found_text": "Maaf, halaman yang Anda cari tidak ada atau sudah dipindahkan.",
        "back_home": "Kembali ke beranda", "skip_to_content": "Langsung ke isi",
        "village": "Desa", "kelurahan": "Kelurahan", "district": "Kecamatan", "regency": "Kabupaten/Kota",
        "members": "Jumlah anggota", "founded": "Dibentuk", "chair": "Ketua", "board": "Pengurus",
        "decree": "Surat Keputusan", "decree_by": "oleh", "contact": "Kontak", "address": "Alamat",
        "phone": "Telepon", "email": "Surel", "social_media": "Media sosial", "fields": "Bidang kegiatan",
        "vision": "Visi", "mission": "Misi", "registration": "Nomor induk", "role": "Jabatan", "name": "Nama",
        "kims": "KIM", "kim_count": "{n} KIM", "post_count": "{n} tulisan", "last_post": "Tulisan terakhir",
        "no_posts": "Belum ada tulisan.", "posts": "Tulisan", "latest_province": "Kabar Terbaru dari KIM",
        "by_regency": "KIM per Kabupaten/Kota", "supervisor": "Pembina", "managed_by": "Dikelola oleh",
        "monitoring": "Pemantauan", "stats": "Angka", "valid_until": "Berlaku sampai",
        "location": "Lokasi", "time": "Waktu", "claim": "Klaim", "verdict": "Status", "sources": "Sumber",
        "price": "Harga", "order_whatsapp": "Pesan lewat WhatsApp", "pages": "Halaman",
        "status_hoaks": "HOAKS", "status_disinformasi": "DISINFORMASI", "status_misinformasi": "MISINFORMASI",
        "status_benar": "BENAR", "important": "Penting", "province_wide": "Pengumuman Provinsi",
        "powered_by": "Dibuat dengan kimgen", "feed": "RSS", "all_kims": "Semua KIM",
        "kim_not_built": "Situs KIM ini sedang diperbaiki.", "tag_title": "Tag: {name}",
        "category_title": "Kategori: {name}", "until": "s.d.", "main_nav": "Menu utama",
        "pagination": "Navigasi halaman", "breadcrumb": "Lokasi halaman", "activity": "Jenis kegiatan",
        "status_aktif": "Aktif", "status_kurang_aktif": "Kurang aktif", "status_vakum": "Vakum",
        "days_since": "Hari sejak tulisan terakhir", "never": "belum pernah", "total": "Jumlah",
        "back_to_note": "Kembali ke catatan %d",
        "archive": "Arsip", "archive_title": "Arsip Pengumuman", "archive_link": "Arsip pengumuman ({n})",
        "expired": "Sudah tidak berlaku", "add_to_calendar": "Simpan ke kalender (.ics)",
        "subscribe_calendar": "Langganan kalender agenda (.ics)", "all_day": "sepanjang hari",
        "factcheck_province": "Cek Fakta dari Seluruh KIM", "activity_title": "Kegiatan: {name}",
        "filter_activity": "Jenis kegiatan", "all": "Semua",
        "adinda_akses": "Akses", "adinda_diskusi": "Diskusi", "adinda_implementasi": "Implementasi",
        "adinda_networking": "Jejaring", "adinda_diseminasi": "Diseminasi", "adinda_aspirasi": "Aspirasi",
        "aspirations": "Aspirasi Warga",
        "aspirations_intro": "Punya usulan, keluhan atau gagasan untuk desa? Kirimkan kepada KIM. "
                             "Kami teruskan kepada yang berwenang dan kabarkan tindak lanjutnya di halaman ini.",
        "send_whatsapp": "Kirim lewat WhatsApp", "send_email": "Kirim lewat surel", "send_sms": "Kirim lewat SMS",
        "aspirations_template": "Nama: \nDusun/RT: \nIsi aspirasi: ",
        "aspirations_subject": "Aspirasi warga untuk {kim}", "aspirations_followup": "Tindak lanjut aspirasi",
        "aspirations_no_contact": "KIM ini belum mencantumkan kontak. Sampaikan aspirasi Anda langsung kepada pengurus KIM.",
        "per_regency": "Rekap per Kabupaten/Kota", "posts_30": "30 hari", "posts_90": "90 hari",
        "completeness": "Kelengkapan profil", "missing": "Belum ada", "posts_per_month": "Tulisan per Bulan",
        "chart_title": "Tulisan per bulan, {name}", "order_text": "Halo, saya ingin memesan {title} ({url})",
        "share_text": "{title} — {url}", "vakum_list": "KIM Vakum",
        "vakum_intro": "Tidak ada tulisan selama lebih dari {n} hari, atau belum pernah menulis.",
        "search": "Cari", "search_title": "Cari tulisan",
        "search_nojs": "Pencarian berjalan di peramban Anda dan membutuhkan JavaScript, yang sedang mati. "
                       "Silakan telusuri kategori dan tulisan terbaru di bawah ini.",
        "search_browse": "Telusuri", "categories": "Kategori",
        "search_label": "Kata yang dicari", "search_results": "{n} tulisan cocok",
        "search_none": "Tidak ada tulisan yang cocok. Coba kata lain atau telusuri daftar di bawah.",
        "search_more": "Tampilkan lebih banyak",
        "search_failed": "Indeks pencarian tidak dapat dimuat. Periksa sambungan, lalu coba lagi.",
        "search_scope_kim": "Mencari di seluruh isi tulisan situs ini.",
        "search_file": "Salinan situs yang dibuka langsung dari berkas (tanpa server web) tidak dapat mencari. "
                       "Silakan telusuri kategori dan tulisan terbaru di bawah ini.",
        "search_scope_province": "Mencari di seluruh isi tulisan semua KIM dan pengumuman provinsi, serta nama "
                                 "KIM, desa dan kecamatan.",
        "search_partial": "Tidak ada tulisan yang memuat semua kata itu. {n} tulisan memuat semua kata kecuali satu:",
    },
    "en": {
        "gallery": "Gallery", "video": "Videos", "audio": "Audio", "more": "More", "photos_n": "{n} photos",
        "photo_n_of": "Photo {n} of {total}", "back_to_album": "Back to the album", "all_albums": "All albums",
        "photo_alt": "Photo {n}: {title}", "play_video": "Play video", "watch_on": "Watch on {platform}",
        "video_note": "The video loads from {platform} only once you press play.",
        "all_videos": "All videos", "listen": "Listen", "download_audio": "Download the recording",
        "audio_title": "Audio and Broadcasts", "podcast_feed": "Subscribe to the podcast (RSS)", "podcast": "Podcast",
        "achievements": "Achievements", "level_desa": "Village level", "level_kecamatan": "District level",
        "level_kabupaten": "Regency level", "level_provinsi": "Province level",
        "level_nasional": "National level", "organizer": "Organiser", "year": "Year",
        "activity_12m": "Activities in the Last 12 Months",
        "activity_12m_intro": "News of activities by ADINDA activity type, {start} to {end}.",
        "site_content": "Site Content", "count": "Count", "latest_gallery": "Activity Gallery",
        "cover_of": "Cover photo of {name}", "founded_year": "Founded in {year}",
        "platform_youtube": "YouTube", "platform_facebook": "Facebook", "platform_instagram": "Instagram",
        "platform_tiktok": "TikTok",
        "photos": "Photos",
        "problems_title": "What to fix: {name}", "last_published": "Last published",
        "open_site": "Open the site", "held_posts": "Posts held back",
        "held_posts_help": "These posts are not published again until their errors are fixed. If one was published "
                           "before, its last good version stays; if not, it does not appear yet.",
        "problem_errors": "Errors", "problem_warnings": "Warnings",
        "no_problems": "Nothing to fix. Thank you!", "content": "Content",
        "content_bersih": "Clean", "content_peringatan": "Has warnings", "content_ditahan": "Something held back",
        "content_gagal": "Could not be built",
        "content_help_bersih": "Every post is published without problems.",
        "content_help_peringatan": "Every post is published, but there are small things worth fixing.",
        "content_help_ditahan": "Part of the content is held back for its errors; the rest is still published.",
        "content_help_gagal": "This KIM's site cannot be built (for example profil.yaml cannot be read); its last "
                              "version stays until it is fixed.",
        "home": "Home", "profile": "Profile", "news": "News", "agenda": "Events",
        "announcements": "Announcements", "factcheck": "Fact Check", "potential": "Village Potential",
        "portal": "KIM Portal", "latest_news": "Latest News", "upcoming_agenda": "Upcoming Events",
        "past_agenda": "Past Events", "all_news": "All news", "read_more": "Read more",
        "category": "Category", "tags": "Tags", "by": "By", "previous": "Previous", "next": "Next",
        "newer": "Newer", "older": "Older", "page_n": "Page {n} of {total}",
        "share": "Share", "share_whatsapp": "Share on WhatsApp", "share_facebook": "Share on Facebook",
        "not_found_title": "Page not found",
        "not_found_text": "Sorry, the page you are looking for does not exist or has moved.",
        "back_home": "Back to home", "skip_to_content": "Skip to content",
        "village": "Village", "kelurahan": "Urban village", "district": "District", "regency": "Regency/City",
        "members": "Members", "founded": "Founded", "chair": "Chair", "board": "Board",
        "decree": "Decree", "decree_by": "by", "contact": "Contact", "address": "Address",
        "phone": "Phone", "email": "Email", "social_media": "Social media", "fields": "Fields of work",
        "vision": "Vision", "mission": "Mission", "registration": "Registration number", "role": "Role", "name": "Name",
        "kims": "KIMs", "kim_count": "{n} KIMs", "post_count": "{n} posts", "last_post": "Last post",
        "no_posts": "No posts yet.", "posts": "Posts", "latest_province": "Latest from the KIMs",
        "by_regency": "KIMs by Regency/City", "supervisor": "Supervisor", "managed_by": "Run by",
        "monitoring": "Monitoring", "stats": "Figures", "valid_until": "Valid until",
        "location": "Location", "time": "Time", "claim": "Claim", "verdict": "Verdict", "sources": "Sources",
        "price": "Price", "order_whatsapp": "Order via WhatsApp", "pages": "Pages",
        "status_hoaks": "HOAX", "status_disinformasi": "DISINFORMATION", "status_misinformasi": "MISINFORMATION",
        "status_benar": "TRUE", "important": "Important", "province_wide": "Province announcement",
        "powered_by": "Built with kimgen", "feed": "RSS", "all_kims": "All KIMs",
        "kim_not_built": "This KIM's site is being repaired.", "tag_title": "Tag: {name}",
        "category_title": "Category: {name}", "until": "to", "main_nav": "Main menu",
        "pagination": "Pagination", "breadcrumb": "Breadcrumb", "activity": "Activity type",
        "status_aktif": "Active", "status_kurang_aktif": "Less active", "status_vakum": "Inactive",
        "days_since": "Days since last post", "never": "never", "total": "Total",
        "back_to_note": "Back to note %d",
        "archive": "Archive", "archive_title": "Announcement Archive", "archive_link": "Announcement archive ({n})",
        "expired": "No longer valid", "add_to_calendar": "Add to calendar (.ics)",
        "subscribe_calendar": "Subscribe to the events calendar (.ics)", "all_day": "all day",
        "factcheck_province": "Fact Checks from All KIMs", "activity_title": "Activity: {name}",
        "filter_activity": "Activity type", "all": "All",
        "adinda_akses": "Access", "adinda_diskusi": "Discussion", "adinda_implementasi": "Implementation",
        "adinda_networking": "Networking", "adinda_diseminasi": "Dissemination", "adinda_aspirasi": "Aspirations",
        "aspirations": "Residents' Aspirations",
        "aspirations_intro": "Have a proposal, complaint or idea for the village? Send it to the KIM. "
                             "We pass it on to those responsible and report the follow-up on this page.",
        "send_whatsapp": "Send via WhatsApp", "send_email": "Send by email", "send_sms": "Send by SMS",
        "aspirations_template": "Name: \nHamlet/RT: \nAspiration: ",
        "aspirations_subject": "Residents' aspiration for {kim}", "aspirations_followup": "Follow-up on aspirations",
        "aspirations_no_contact": "This KIM has not listed a contact yet. Please tell the KIM board directly.",
        "per_regency": "Totals by Regency/City", "posts_30": "30 days", "posts_90": "90 days",
        "completeness": "Profile completeness", "missing": "Missing", "posts_per_month": "Posts per Month",
        "chart_title": "Posts per month, {name}", "order_text": "Hello, I would like to order {title} ({url})",
        "share_text": "{title} — {url}", "vakum_list": "Inactive KIMs",
        "vakum_intro": "No post for more than {n} days, or never posted.",
        "search": "Search", "search_title": "Search posts",
        "search_nojs": "Search runs in your browser and needs JavaScript, which is turned off. "
                       "Browse the categories and latest posts below instead.",
        "search_browse": "Browse", "categories": "Categories",
        "search_label": "Search for", "search_results": "{n} matching posts",
        "search_none": "No post matches. Try another word or browse the lists below.",
        "search_more": "Show more",
        "search_failed": "The search index could not be loaded. Check the connection and try again.",
        "search_scope_kim": "Searches the full text of every post on this site.",
        "search_file": "A copy of the site opened straight from its files (without a web server) cannot search. "
                       "Browse the categories and latest posts below instead.",
        "search_scope_province": "Searches the full text of every KIM's posts and of the province's announcements, "
                                 "and the names of KIMs, villages and districts.",
        "search_partial": "No post has all of those words. {n} posts have all but one:",
    },
}


class Translator:
    """Bound to one language; handed to templates as `t`, `long_date`, `number`, `rupiah`."""

    def __init__(self, lang: str):
        self.lang = lang if lang in STRINGS else "id"
        self.strings = STRINGS[self.lang]
        self.locale = Locale.parse(self.lang)

    def t(self, key: str, **values) -> str:
        text = self.strings.get(key) or STRINGS["id"][key]
        return text.format(**values) if values else text

    def long_date(self, value: dt.date | dt.datetime) -> str:
        """Rabu, 11 Desember 2024."""
        return _date(self.lang, _day(value), "EEEE, d MMMM y")

    def short_date(self, value: dt.date | dt.datetime) -> str:
        """11 Des 2024."""
        return _date(self.lang, _day(value), "d MMM y")

    def date_time(self, value: dt.datetime, zone_name: str) -> str:
        """Rabu, 11 Desember 2024 08.00 WIB."""
        return f"{format_datetime(value, 'EEEE, d MMMM y', locale=self.locale)} {self.time(value, zone_name)}"

    def time(self, value: dt.datetime, zone_name: str) -> str:
        return f"{format_time(value, 'HH.mm' if self.lang == 'id' else 'HH:mm', locale=self.locale)} {zone_name}"

    def month(self, value: dt.date, year: bool = False) -> str:
        """Des (chart axes) or Des 2024 (chart descriptions)."""
        return _date(self.lang, _day(value), "MMM y" if year else "MMM")

    def number(self, value: int | float) -> str:
        return _number(self.lang, value)

    def rupiah(self, value: int) -> str:
        """Rp25.000, the way Indonesian shops write it."""
        # the rupiah sign is "Rp" in every language of the site, not the ISO code "IDR"
        return "Rp" + format_decimal(value, format="#,##0", locale=self.locale)


def _day(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


# A site repeats its dates and counts on every page; Babel's formatting is slow enough to remember.
@lru_cache(maxsize=8192)
def _date(lang: str, day: dt.date, pattern: str) -> str:
    return format_date(day, pattern, locale=lang)


@lru_cache(maxsize=8192)
def _number(lang: str, value: int | float) -> str:
    return format_decimal(value, locale=lang)


@lru_cache(maxsize=None)
def translator(lang: str) -> Translator:
    return Translator(lang)
