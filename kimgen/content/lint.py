"""Spam and privacy lint: warnings (errors with --strict) about what must not be published.

Two things reach KIM sites that no sanitizer catches: online-gambling spam (judi
online, posted by whoever took over an admin account, or pasted from a "kerja sama"
offer) and personal data of villagers (NIK/KK numbers, private phone numbers).

Choices:
- Spam phrases come in two strengths. STRONG phrases appear only in promotion
  ("slot gacor", "rtp live", "link alternatif") and always warn. WEAK terms ("judi
  online", "togel") are also the subject of KIMs' own anti-gambling campaigns, so
  they warn only with a promotional cue on the same line, or when the file has a
  STRONG phrase anyway.
- Text is NFKC-normalised (fancy Unicode letters become plain), lowercased and
  read with common digit-for-letter swaps (s1ot, g4cor); letters of a phrase may
  be split by up to two symbols or spaces (s.l.o.t).
- Phone numbers: only Indonesian mobile numbers (08.., +628..) are treated as
  personal; landlines are mostly offices. The KIM's own kontak.telepon and
  kontak.whatsapp (profil.yaml) and a potensi post's `kontak` are allowed.
- Digits inside web addresses are not read as NIK or phone numbers (post ids in
  Facebook links), except WhatsApp links (wa.me/62...), which are phone numbers.
- Messages never repeat a whole NIK or phone number: build logs are kept.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Iterable

from kimgen.problems.messages import msg
from kimgen.problems import Problems

STRONG = (
    "slot gacor", "situs gacor", "pola gacor", "jam gacor", "gacor hari ini", "situs slot", "agen slot",
    "daftar slot", "bandar slot", "slot online", "slot88", "slot777", "slot thailand", "slot server",
    "akun pro", "demo slot", "slot demo", "maxwin", "max win", "rtp live", "rtp slot", "bocoran rtp",
    "bocoran slot", "link alternatif", "scatter hitam", "mahjong ways", "gates of olympus", "sweet bonanza",
    "starlight princess", "pragmatic play", "bonus new member", "depo 10k", "depo 5k", "depo 25k",
    "deposit pulsa", "bandar togel", "situs togel", "togel online", "prediksi togel", "prediksi sgp",
    "prediksi hk", "keluaran sgp", "keluaran hk", "toto macau", "sbobet", "agen judi", "situs judi",
    "bandar judi", "judi slot", "casino online", "kasino online", "poker online", "taruhan bola",
)
WEAK = ("judi online", "judol", "togel", "judi bola", "kasino", "casino")
CUES = ("deposit", "depo", "daftar sekarang", "bonus", "jackpot", "withdraw", "terpercaya", "gacor", "login",
        "klik link", "link daftar", "wd ")

_LEET = str.maketrans({"0": "o", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"})
_URL = re.compile(r"(?:https?://|www\.|wa\.me/)\S+", re.IGNORECASE)
_SQUASH = re.compile(r"[\W_]+")
_DIGITS = re.compile(r"\d[\d .-]{7}")
_WHATSAPP = re.compile(r"(?:wa\.me/|whatsapp\.com/send/?\?phone=)\+?(\d{9,15})", re.IGNORECASE)
_NIK = re.compile(r"(?<![\w.,/-])\d(?:[ .-]?\d){15}(?![\w/-]|[.,]\d)")
_PHONE = re.compile(r"(?<![\w+])(?:\+62|62|0)[ .-]?8\d(?:[ .-]?\d){7,10}(?![\w]|[.,-]\d)")


def _readings(line: str) -> list[str]:
    """The line as a reader would see it, with digit-for-letter swaps read both ways for 1."""
    base = unicodedata.normalize("NFKC", line).lower().translate(_LEET)
    return [base.replace("1", "l"), base.replace("1", "i")]


def _phrase_body(words: str) -> str:
    parts = [r"[\W_]*" if char == " " else re.escape(char) for char in words]
    return r"[\W_]{0,2}?".join(p for p in parts)


def _compile(phrases: tuple[str, ...]) -> list[tuple[str, set[str], re.Pattern]]:
    """Per phrase: squashed spellings (a cheap substring test on every line) and the exact pattern."""
    each = []
    for phrase in phrases:
        readings = _readings(phrase)
        bodies = sorted({_phrase_body(r) for r in readings})
        squashed = {_SQUASH.sub("", r) for r in readings}
        each.append((phrase, squashed, re.compile(rf"(?<![a-z])(?:{'|'.join(bodies)})(?![a-z])")))
    return each


@lru_cache(maxsize=None)
def _phrases(strong: bool) -> list[tuple[str, set[str], re.Pattern]]:
    """Compiled on first use: ~100 patterns cost a process ~15 ms, and most builds meet no spam."""
    return _compile(STRONG if strong else WEAK)


# Most files hold no spam at all: one scan of the whole squashed file decides whether to look line by line.
_ANY = re.compile("|".join(sorted({re.escape(_SQUASH.sub("", r)) for phrase in STRONG + WEAK
                                   for r in _readings(phrase)})))


def _first(phrases: list[tuple[str, set[str], re.Pattern]], variants: list[str]) -> str | None:
    squashed = [_SQUASH.sub("", v) for v in variants]
    for phrase, keys, pattern in phrases:
        if any(k in s for k in keys for s in squashed) and any(pattern.search(v) for v in variants):
            return phrase
    return None


def phone_digits(value: str) -> str:
    """A number in the 62... form wa.me uses, so 0812-..., +62 812 ... and 62812... compare equal."""
    digits = re.sub(r"\D", "", value)
    if digits.startswith("0"):
        return "62" + digits[1:]
    if digits.startswith("8"):
        return "62" + digits
    return digits


def _mask(digits: str, keep_end: int = 3) -> str:
    return digits[:4] + "x" * max(0, len(digits) - 4 - keep_end) + (digits[-keep_end:] if keep_end else "")


def _plausible_nik(digits: str) -> bool:
    """Province 11-94, regency and district not 00, birth day 01-31 (+40 for women), month 01-12."""
    province, day, month = int(digits[:2]), int(digits[6:8]), int(digits[8:10])
    return (11 <= province <= 94 and digits[2:4] != "00" and digits[4:6] != "00"
            and (1 <= day <= 31 or 41 <= day <= 71) and 1 <= month <= 12)


def lint_text(text: str, rel: str, problems: Problems, allowed_phones: Iterable[str] = (),
              first_line: int = 1, yaml: bool = False) -> None:
    """Warn about spam and personal data in `text`, which starts at file line `first_line`.

    With `yaml`, whole-line `#` comments are skipped: they are notes that are never published
    (the scaffolds' examples), not markdown headings.
    """
    allowed = {phone_digits(p) for p in allowed_phones if p}
    lines = text.split("\n")
    if yaml:
        lines = ["" if line.lstrip().startswith("#") else line for line in lines]
        text = "\n".join(lines)
    found: dict[int, str] = {}
    if any(_ANY.search(_SQUASH.sub("", r)) for r in _readings(text)):
        _spam(lines, first_line, found)
    for number, phrase in sorted(found.items()):
        problems.warning(rel, number, "", msg("lint_spam", phrase=phrase))
    for number, line in enumerate(lines, start=first_line):
        if _DIGITS.search(line):
            _personal_data(line, number, rel, problems, allowed)


def _spam(lines: list[str], first_line: int, found: dict[int, str]) -> None:
    readings = [_readings(line) for line in lines]
    for number, variants in enumerate(readings, start=first_line):
        phrase = _first(_phrases(True), variants)
        if phrase:
            found[number] = phrase
    strong_in_file = bool(found)
    for number, variants in enumerate(readings, start=first_line):
        if number in found:
            continue
        phrase = _first(_phrases(False), variants)
        if phrase and (strong_in_file or any(cue in v for cue in CUES for v in variants)):
            found[number] = phrase


def _personal_data(line: str, number: int, rel: str, problems: Problems, allowed: set[str]) -> None:
    numbers = [m.group(1) for m in _WHATSAPP.finditer(line)]
    rest = _URL.sub(" ", line)
    for match in _NIK.finditer(rest):
        digits = re.sub(r"\D", "", match.group())
        if _plausible_nik(digits):
            problems.warning(rel, number, "", msg("lint_nik", masked=_mask(digits, 0)))
    numbers += [m.group() for m in _PHONE.finditer(rest)]
    reported = set()
    for raw in numbers:
        digits = phone_digits(raw)
        if not digits.startswith("628") or digits in allowed or digits in reported:
            continue
        reported.add(digits)
        local = "0" + digits[2:]
        problems.warning(rel, number, "", msg("lint_phone", masked=_mask(local, 4)))
