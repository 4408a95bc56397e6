"""Whether each KIM is aktif, kurang aktif or vakum, computed from post dates."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from dataclasses import dataclass

from kimgen.site.model import KimSummary

AKTIF, KURANG_AKTIF, VAKUM = "aktif", "kurang_aktif", "vakum"


def status(last_post: dt.date | None, today: dt.date, limit_days: int) -> str:
    if last_post is None:
        return VAKUM
    days = (today - last_post).days
    if days > limit_days:
        return VAKUM
    return AKTIF if days <= max(1, limit_days // 3) else KURANG_AKTIF


@dataclass
class Row:
    slug: str
    nama: str
    kabupaten: str
    kecamatan: str
    desa: str
    tulisan_total: int
    tulisan_30_hari: int
    tulisan_90_hari: int
    tulisan_terakhir: str  # ISO date or ""
    hari_sejak: int | None
    status: str
    profil_lengkap: int  # percent of SK, ketua, kontak, logo
    profil_kurang: str  # what is missing, comma separated
    dibangun: bool
    konten: str  # bersih | peringatan | ditahan | gagal (model.content_status)
    galat: int  # errors of its content at the last build
    peringatan: int
    tulisan_ditahan: int
    nomor_induk: str
    ketua: str
    telepon: str
    whatsapp: str


def completeness(summary: KimSummary) -> tuple[int, list[str]]:
    p = summary.profile
    checks = {"sk": bool(p.sk), "ketua": bool(p.ketua),
              "kontak": bool(p.kontak and (p.kontak.get("whatsapp") or p.kontak.get("telepon") or p.kontak.get("email"))),
              "logo": bool(p.logo)}
    missing = [k for k, ok in checks.items() if not ok]
    return round(100 * (len(checks) - len(missing)) / len(checks)), missing


def rows(kims: list[KimSummary], today: dt.date, limit_days: int) -> list[Row]:
    result = []
    for k in sorted(kims, key=lambda k: (k.profile.kabupaten, k.profile.nama)):
        percent, missing = completeness(k)
        days = (today - k.last_post).days if k.last_post else None
        result.append(Row(
            slug=k.slug, nama=k.profile.nama, kabupaten=k.profile.kabupaten, kecamatan=k.profile.kecamatan,
            desa=k.profile.desa, tulisan_total=len(k.dates),
            tulisan_30_hari=_since(k.dates, today, 30), tulisan_90_hari=_since(k.dates, today, 90),
            tulisan_terakhir=k.last_post.isoformat() if k.last_post else "", hari_sejak=days,
            status=status(k.last_post, today, limit_days), profil_lengkap=percent,
            profil_kurang=", ".join(missing), dibangun=k.built, konten=k.content,
            galat=sum(1 for p in k.problems if p.level == "error"),
            peringatan=sum(1 for p in k.problems if p.level != "error"), tulisan_ditahan=len(k.held),
            nomor_induk=k.profile.nomor_induk or "", ketua=k.profile.ketua or "",
            telepon=str(k.profile.kontak.get("telepon") or ""), whatsapp=str(k.profile.kontak.get("whatsapp") or "")))
    return result


def _since(dates: list[dt.date], today: dt.date, days: int) -> int:
    """Dates less than `days` days before today (or later); `dates` sorted, oldest first."""
    return len(dates) - bisect_left(dates, today - dt.timedelta(days=days - 1))


@dataclass
class RegencyTotal:
    kabupaten: str
    kim: int
    aktif: int
    kurang_aktif: int
    vakum: int
    tulisan_total: int
    tulisan_30_hari: int
    tulisan_90_hari: int


def regency_totals(table: list[Row]) -> list[RegencyTotal]:
    """Per kabupaten/kota sums, in the order of the rows (sorted by kabupaten)."""
    result: dict[str, RegencyTotal] = {}
    for row in table:
        total = result.setdefault(row.kabupaten, RegencyTotal(row.kabupaten, 0, 0, 0, 0, 0, 0, 0))
        total.kim += 1
        setattr(total, row.status, getattr(total, row.status) + 1)
        total.tulisan_total += row.tulisan_total
        total.tulisan_30_hari += row.tulisan_30_hari
        total.tulisan_90_hari += row.tulisan_90_hari
    return list(result.values())


def as_dicts(table: list[Row] | list[RegencyTotal]) -> list[dict]:
    # the rows hold only plain values: a copy of each __dict__ is what asdict() makes, at a
    # tenth of its cost (it deep-copies value by value)
    return [dict(vars(r)) for r in table]
