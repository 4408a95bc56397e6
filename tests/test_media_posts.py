"""Video (YouTube, Facebook, Instagram, TikTok: click to play) and audio posts with their podcast feed."""

from __future__ import annotations

import re
from xml.etree import ElementTree as ET

import pytest

from conftest import messages, post
from kimgen.config import fields as f
from kimgen.config.videos import video_link

KIM = "kim/kim-sumber-rejeki"
S = "kim-sumber-rejeki"
MP3 = b"ID3\x03\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x00" * 500
ITUNES = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"


@pytest.mark.parametrize("url, platform, canonical", [
    ("https://youtu.be/dQw4w9WgXcQ?si=x", "youtube", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
    ("https://www.facebook.com/kimdesa/videos/1234567890123/?mibextid=x", "facebook",
     "https://www.facebook.com/watch/?v=1234567890123"),
    ("https://m.facebook.com/watch/?v=1234567890123", "facebook", "https://www.facebook.com/watch/?v=1234567890123"),
    ("https://web.facebook.com/kimdesa/videos/lomba-desa/1234567890123/", "facebook",
     "https://www.facebook.com/watch/?v=1234567890123"),
    ("https://fb.watch/aBc12_XyZ/", "facebook", "https://fb.watch/aBc12_XyZ/"),
    ("https://www.facebook.com/reel/987654321012345", "facebook", "https://www.facebook.com/watch/?v=987654321012345"),
    ("https://www.instagram.com/reel/C9xYz_AbCdE/?igsh=abc", "instagram", "https://www.instagram.com/reel/C9xYz_AbCdE/"),
    ("instagram.com/p/C9xYz_AbCdE", "instagram", "https://www.instagram.com/p/C9xYz_AbCdE/"),
    ("https://www.tiktok.com/@kim.desa/video/7301234567890123456?lang=id", "tiktok",
     "https://www.tiktok.com/@kim.desa/video/7301234567890123456"),
    ("https://vt.tiktok.com/ZSabc123/", "tiktok", "https://vt.tiktok.com/ZSabc123/"),
])
def test_the_four_platforms_keep_only_a_clean_link(url, platform, canonical):
    found = video_link(url)
    assert found["platform"] == platform and found["url"] == canonical


@pytest.mark.parametrize("url", [
    "https://www.facebook.com/kimdesa", "https://www.instagram.com/kimdesa/", "https://www.tiktok.com/@kimdesa",
    "https://facebook.com.evil.example/watch/?v=1234567890", "https://evil.example/reel/C9xYz_AbCdE/",
    "https://user:pw@www.facebook.com/watch/?v=1234567890", "javascript:alert(1)//www.tiktok.com/@a/video/12345",
    'https://www.instagram.com/reel/C9x"onmouseover=x/', "https://vt.tiktok.com/", "ftp://fb.watch/abcdef/",
])
def test_anything_else_is_refused(url):
    with pytest.raises(f.Invalid):
        video_link(url)


def test_a_youtube_video_shows_a_local_poster_and_nothing_from_youtube(site):
    _, result, out = site({
        f"{KIM}/media/foto.jpg": _jpeg(),
        f"{KIM}/berita/2024-12-11-vlog.md": post("Vlog Posyandu", gambar="media/foto.jpg",
                                                video="https://www.youtube.com/shorts/dQw4w9WgXcQ"),
    })
    assert messages(result) == []
    html = (out / f"{S}/berita/vlog/index.html").read_text()
    poster = re.search(r'<a class="poster".*?</a>', html, re.S).group(0)
    assert 'href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"' in poster and 'data-youtube="dQw4w9WgXcQ"' in poster
    assert "media/_/foto-480." in poster  # the post's own photo is the poster
    assert "Putar video" in poster and 'class="cover"' not in html  # the photo is shown once, as the poster
    # nothing on the page is loaded from another host: every src/srcset is relative
    assert not re.search(r'(src|srcset)="(https?:)?//', html)
    assert '<script src="../../assets/video.js" defer></script>' in html
    assert (out / f"{S}/assets/video.js").is_file()
    csp = re.search(r'Content-Security-Policy" content="([^"]+)"', html).group(1)
    assert "frame-src https://www.youtube-nocookie.com;" in csp + ";" and "script-src 'self';" in csp
    listing = (out / f"{S}/video/index.html").read_text()
    assert "<h1>Video</h1>" in listing and 'data-youtube="dQw4w9WgXcQ"' in listing
    assert 'href="video/">Video</a>' in (out / f"{S}/index.html").read_text().split("</nav>")[0]


def test_other_platforms_link_out_on_tap_without_script(site):
    _, result, out = site({f"{KIM}/berita/2024-12-11-reel.md": post(
        "Reel Festival", video="https://www.instagram.com/reel/C9xYz_AbCdE/")})
    assert messages(result) == []
    html = (out / f"{S}/berita/reel/index.html").read_text()
    assert '<a class="poster" href="https://www.instagram.com/reel/C9xYz_AbCdE/" rel="noopener">' in html
    assert "Tonton di Instagram" in html and "data-youtube" not in html and "<script" not in html
    assert '<span class="blank"></span>' in html  # no photo: a drawn poster, still nothing from Instagram


def test_an_audio_post_gets_a_native_player_and_a_podcast_feed(site):
    _, result, out = site({
        f"{KIM}/media/siaran.mp3": MP3,
        f"{KIM}/media/lagu.ogg": b"OggS" + b"\0" * 300,
        f"{KIM}/berita/2024-12-11-siaran.md": post("Siaran <Radio> Desa", audio="media/siaran.mp3",
                                                  ringkasan="Siaran pekan ini."),
        f"{KIM}/berita/2024-12-12-lagu.md": post("Lagu Daerah", "2024-12-12",
                                                body="Dengarkan [rekamannya](../media/lagu.ogg)."),
        f"{KIM}/berita/2024-12-13-biasa.md": post("Tanpa Audio", "2024-12-13"),
    })
    assert messages(result) == []
    html = (out / f"{S}/berita/siaran/index.html").read_text()
    assert '<audio controls preload="none" src="../../media/siaran.mp3"></audio>' in html
    assert '<a href="../../media/siaran.mp3" download>Unduh rekaman</a> (MP3, 2 KB)' in html
    # the first recording the body links to gets the player too
    assert '<audio controls preload="none" src="../../media/lagu.ogg">' in (out / f"{S}/berita/lagu/index.html").read_text()
    assert "<audio" not in (out / f"{S}/berita/biasa/index.html").read_text()
    assert '<link rel="alternate" type="application/rss+xml" title="Podcast KIM Sumber Rejeki" ' \
           'href="../../podcast.xml">' in html
    audio_page = (out / f"{S}/audio/index.html").read_text()
    assert audio_page.count("<audio ") == 2 and 'href="../podcast.xml"' in audio_page

    root = ET.parse(out / f"{S}/podcast.xml").getroot()
    channel = root.find("channel")
    assert root.tag == "rss" and root.get("version") == "2.0"
    assert channel.findtext("title") == "Podcast KIM Sumber Rejeki"
    assert channel.findtext(f"{ITUNES}explicit") == "false" and channel.findtext(f"{ITUNES}author")
    items = channel.findall("item")
    assert [i.findtext("title") for i in items] == ["Lagu Daerah", "Siaran &lt;Radio&gt; Desa"]
    enclosures = [i.find("enclosure").attrib for i in items]
    assert enclosures == [
        {"url": "https://kim.example.go.id/kim-sumber-rejeki/media/lagu.ogg", "length": "304", "type": "audio/ogg"},
        {"url": "https://kim.example.go.id/kim-sumber-rejeki/media/siaran.mp3", "length": str(len(MP3)),
         "type": "audio/mpeg"}]
    assert items[1].findtext("guid") == "https://kim.example.go.id/kim-sumber-rejeki/berita/siaran/"
    assert items[1].findtext("pubDate").startswith("Wed, 11 Dec 2024")


def test_no_podcast_without_recordings(site):
    _, _, out = site({f"{KIM}/berita/2024-12-11-x.md": post("X")})
    assert not (out / f"{S}/podcast.xml").exists() and not (out / f"{S}/audio").exists()
    assert "podcast.xml" not in (out / f"{S}/index.html").read_text()


def test_audio_must_be_a_recording_of_this_kim(site):
    _, result, _ = site({
        f"{KIM}/media/foto.jpg": _jpeg(),
        f"{KIM}/berita/2024-12-11-a.md": post("A", audio="media/foto.jpg"),
        f"{KIM}/berita/2024-12-11-b.md": post("B", audio="https://evil.example/x.mp3"),
    })
    assert sorted(p.format() for p in result.errors) == [
        f"{KIM}/berita/2024-12-11-a.md:4: audio: `media/foto.jpg` bukan berkas audio di folder KIM ini; unggah "
        "rekamannya (.mp3, .m4a atau .ogg) ke media/ lalu tulis misalnya `audio: media/siaran.mp3`.",
        f"{KIM}/berita/2024-12-11-b.md:4: audio: `https://evil.example/x.mp3` bukan berkas audio di folder KIM "
        "ini; unggah rekamannya (.mp3, .m4a atau .ogg) ke media/ lalu tulis misalnya `audio: media/siaran.mp3`."]


def _jpeg() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (1000, 600), "teal").save(buffer, "JPEG")
    return buffer.getvalue()
