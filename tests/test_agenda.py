"""Agenda: upcoming and past in the province's zone, .ics files and Event JSON-LD."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar

from conftest import PROVINSI, json_ld, post
from linkcheck import broken_links

KIM = "kim/kim-sumber-rejeki"
S = "kim-sumber-rejeki"
WITA = PROVINSI.replace("base_url:", "zona_waktu: WITA\nbase_url:")
EVIL = "Rapat </script><script>alert(1)</script> & Musyawarah"

FILES = {
    "provinsi.yaml": WITA,
    # KIMGEN_NOW=2024-12-20 is noon WITA
    f"{KIM}/agenda/2024-12-10-posyandu.md": post(
        "Posyandu Balita", "2024-12-10", tanggal_mulai="2024-12-20 08:00", tanggal_selesai="2024-12-20 11:00",
        lokasi="Balai Desa Sumberrejo", ringkasan="Penimbangan dan imunisasi."),
    f"{KIM}/agenda/2024-12-11-rapat.md": post(
        "Rapat Pleno", "2024-12-11", tanggal_mulai="2024-12-20 13:00", lokasi="Kantor Desa"),
    f"{KIM}/agenda/2024-12-12-pameran.md": post(
        "Pameran UMKM", "2024-12-12", tanggal_mulai="2024-12-28", tanggal_selesai="2024-12-29", lokasi="Lapangan"),
    f"{KIM}/agenda/2024-12-01-lalu.md": post("Kerja Bakti", "2024-12-01", tanggal_mulai="2024-12-05 07:00"),
    f"{KIM}/agenda/2024-12-13-jahil.md": "---\njudul: \"" + EVIL + "\"\ntanggal: 2024-12-13\n"
                                          "tanggal_mulai: 2025-01-05 19:30\n---\nIsi.\n",
}



def test_upcoming_and_past_are_judged_in_the_province_zone(site):
    _, result, out = site(FILES)
    assert result.errors == []
    html = (out / f"{S}/agenda/index.html").read_text()
    upcoming, past = html.split("<h2>Agenda Mendatang</h2>")[1].split("<h2>Agenda yang Lalu</h2>")
    # soonest first; the posyandu ended at 11:00 WITA, an hour before the build
    assert [t for t in ("Rapat Pleno", "Pameran UMKM", "Rapat &lt;/script&gt;") if t in upcoming] == \
           ["Rapat Pleno", "Pameran UMKM", "Rapat &lt;/script&gt;"]
    assert upcoming.index("Rapat Pleno") < upcoming.index("Pameran UMKM") < upcoming.index("Rapat &lt;/script")
    assert "Posyandu Balita" in past and "Kerja Bakti" in past and "Posyandu" not in upcoming
    assert past.index("Posyandu Balita") < past.index("Kerja Bakti")  # latest first
    assert "Jumat, 20 Desember 2024 13.00 WITA" in upcoming
    assert "Sabtu, 28 Desember 2024</time> s.d. <time" in upcoming and "(sepanjang hari)" in upcoming
    assert '<a href="kalender.ics">Langganan kalender agenda (.ics)</a>' in html
    home = (out / f"{S}/index.html").read_text()
    assert "Rapat Pleno" in home and "Posyandu Balita" not in home


def test_event_page_times_and_ics_file(site):
    _, _, out = site(FILES)
    html = (out / f"{S}/agenda/posyandu/index.html").read_text()
    assert ('<time datetime="2024-12-20T08:00:00+08:00">Jumat, 20 Desember 2024 08.00 WITA</time> s.d. '
            '<time datetime="2024-12-20T11:00:00+08:00">11.00 WITA</time>') in html
    assert '<a class="button" href="acara.ics" download>Simpan ke kalender (.ics)</a>' in html
    cal = icalendar.Calendar.from_ical((out / f"{S}/agenda/posyandu/acara.ics").read_bytes())
    events = cal.walk("VEVENT")
    assert len(events) == 1
    event = events[0]
    zone = ZoneInfo("Asia/Makassar")
    assert event.decoded("dtstart") == dt.datetime(2024, 12, 20, 8, 0, tzinfo=zone)
    assert event.decoded("dtend") == dt.datetime(2024, 12, 20, 11, 0, tzinfo=zone)
    assert str(event["summary"]) == "Posyandu Balita"
    assert str(event["location"]) == "Balai Desa Sumberrejo"
    assert str(event["url"]) == "https://kim.example.go.id/kim-sumber-rejeki/agenda/posyandu/"
    assert str(event["uid"]) == "kim-sumber-rejeki/posyandu@kim.example.go.id"
    assert [str(tz["tzid"]) for tz in cal.walk("VTIMEZONE")] == ["Asia/Makassar"]


def test_all_day_event_is_a_date_range_in_the_calendar(site):
    _, _, out = site(FILES)
    event = icalendar.Calendar.from_ical((out / f"{S}/agenda/pameran/acara.ics").read_bytes()).walk("VEVENT")[0]
    assert event.decoded("dtstart") == dt.date(2024, 12, 28)
    assert event.decoded("dtend") == dt.date(2024, 12, 30)  # exclusive end: both days
    data = json_ld((out / f"{S}/agenda/pameran/index.html").read_text())[0]
    assert (data["startDate"], data["endDate"]) == ("2024-12-28", "2024-12-29")


def test_subscribable_calendar_holds_every_event_of_the_kim(site):
    _, _, out = site(FILES)
    cal = icalendar.Calendar.from_ical((out / f"{S}/agenda/kalender.ics").read_bytes())
    assert str(cal["x-wr-calname"]) == "KIM Sumber Rejeki"
    summaries = [str(e["summary"]) for e in cal.walk("VEVENT")]
    assert summaries == ["Kerja Bakti", "Posyandu Balita", "Rapat Pleno", "Pameran UMKM", EVIL]
    assert len({str(e["uid"]) for e in cal.walk("VEVENT")}) == 5


def test_event_json_ld_is_valid_and_cannot_break_out_of_its_script(site):
    _, _, out = site(FILES)
    data = json_ld((out / f"{S}/agenda/posyandu/index.html").read_text())
    assert data == [{
        "@context": "https://schema.org", "@type": "Event", "name": "Posyandu Balita",
        "url": "https://kim.example.go.id/kim-sumber-rejeki/agenda/posyandu/",
        "startDate": "2024-12-20T08:00:00+08:00", "endDate": "2024-12-20T11:00:00+08:00",
        "description": "Penimbangan dan imunisasi.",
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": {"@type": "Place", "name": "Balai Desa Sumberrejo", "address": "Balai Desa Sumberrejo"},
        "organizer": {"@type": "Organization", "name": "KIM Sumber Rejeki",
                      "url": "https://kim.example.go.id/kim-sumber-rejeki/"}}]
    html = (out / f"{S}/agenda/jahil/index.html").read_text()
    assert "<script>alert" not in html
    assert html.count("</script>") == 1
    assert json_ld(html)[0]["name"] == EVIL
    assert broken_links(out) == []


def test_same_input_gives_the_same_calendar_bytes(site, tmp_path):
    root, _, out = site(FILES)
    first = (out / f"{S}/agenda/kalender.ics").read_bytes()
    from kimgen.build import build
    build(root, tmp_path / "again")
    assert (tmp_path / "again" / f"{S}/agenda/kalender.ics").read_bytes() == first


def test_an_explicit_offset_is_kept_and_shown_in_the_province_zone(site):
    files = {"provinsi.yaml": WITA, f"{KIM}/agenda/2024-12-01-zoom.md": post(
        "Rapat Daring", "2024-12-01", tanggal_mulai="2024-12-28T09:00:00+07:00")}
    _, result, out = site(files)
    assert result.errors == []
    html = (out / f"{S}/agenda/zoom/index.html").read_text()
    assert '<time datetime="2024-12-28T09:00:00+07:00">Sabtu, 28 Desember 2024 10.00 WITA</time>' in html
    event = icalendar.Calendar.from_ical((out / f"{S}/agenda/zoom/acara.ics").read_bytes()).walk("VEVENT")[0]
    assert event.decoded("dtstart") == dt.datetime(2024, 12, 28, 10, 0, tzinfo=ZoneInfo("Asia/Makassar"))
