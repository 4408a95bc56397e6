"""A KIM's own colour (`warna` in profil.yaml), made safe and readable.

The colour goes into a <style> on every page of the KIM and is used for links
and for white text on buttons, so it must be a plain hex colour (nothing else
reaches the CSS) with at least 4.5:1 contrast (WCAG AA) on the light header
background; a too-light colour is darkened just enough, keeping its hue.
"""

from __future__ import annotations

import re

HEX = re.compile(r"#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
HEADER_BG = (0xF6, 0xF8, 0xFA)  # --card in kimgen.css: the lightest background a link sits on but white
MIN_CONTRAST = 4.5


def _luminance(rgb: tuple[int, int, int]) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def parse(value: str | None) -> tuple[int, int, int] | None:
    match = HEX.fullmatch((value or "").strip())
    if not match:
        return None
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return tuple(int(digits[i:i + 2], 16) for i in (0, 2, 4))


def accent(value: str | None) -> str | None:
    """`#rrggbb` readable on white and on the header, or None when `value` is not a hex colour."""
    rgb = parse(value)
    if rgb is None:
        return None
    factor = 1.0
    while contrast(rgb, HEADER_BG) < MIN_CONTRAST and factor > 0:
        factor = round(factor - 0.05, 2)
        rgb = tuple(round(c * factor) for c in parse(value))
    return "#" + "".join(f"{c:02x}" for c in rgb)


DARK_BG = (0x1B, 0x1F, 0x24)  # --card of the dark scheme: the lightest dark background a link sits on


def accent_on_dark(value: str | None) -> str | None:
    """The KIM's colour for links in the dark scheme: lightened toward white just enough for 4.5:1."""
    rgb = parse(value)
    if rgb is None:
        return None
    base, step = rgb, 0.0
    while contrast(rgb, DARK_BG) < MIN_CONTRAST and step < 1:
        step = round(step + 0.05, 2)
        rgb = tuple(round(c + (255 - c) * step) for c in base)
    return "#" + "".join(f"{c:02x}" for c in rgb)
