"""Bytes saved by responsive photos on the demo province, and what the cache saves in time.

    python bench/images.py

Prints, for the demo and for one synthetic 4000x3000 phone photo: original bytes,
bytes a phone (390 px wide, 2x screen: the 960 px WebP) downloads for a cover, and
bytes of every variant written; then a cold build (empty cache) against a warm one.
"""

from __future__ import annotations

import io
import os
import random
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from PIL import Image  # noqa: E402

from kimgen.build import build  # noqa: E402
from kimgen.render.images import ImageProcessor, is_raster  # noqa: E402


def kb(n: int) -> str:
    return f"{n / 1024:,.0f} KB"


def served(images) -> int:
    """What a phone downloads for a full-width photo: the 960 px WebP (or the largest under it)."""
    fitting = [v for v in images.webp if v.width <= 960]
    return (fitting[-1] if fitting else images.webp[0]).file.stat().st_size


def demo(tmp: Path) -> None:
    originals = sorted(p for p in (REPO / "content" / "kim").glob("*/media/**/*") if is_raster(p.name))
    processor = ImageProcessor(tmp / "cache-measure")
    total_original = total_served = total_written = 0
    for path in originals:
        found = processor.process(path, f"{path.parts[-3]}/media/{path.name}")
        total_original += path.stat().st_size
        total_served += served(found)
        total_written += sum(v.file.stat().st_size for v in found.webp + found.fallback)
    print(f"demo: {len(originals)} photos and logos; originals {kb(total_original)}, "
          f"served to a phone (WebP <=960 px) {kb(total_served)} "
          f"({100 - 100 * total_served / total_original:.0f}% less); all variants on disk {kb(total_written)}")

    os.environ["KIMGEN_NOW"] = "2026-11-22"
    for label in ("cold build (empty image cache)", "warm build (cache filled)"):
        started = time.perf_counter()
        build(REPO / "content", tmp / f"sites-{label[:4]}", cache_dir=tmp / "cache")
        print(f"{label}: {time.perf_counter() - started:.2f} s")


def phone_photo(tmp: Path) -> None:
    random.seed(1)
    image = Image.linear_gradient("L").resize((4000, 3000)).convert("RGB")
    noise = Image.effect_noise((4000, 3000), 40).convert("RGB")
    image = Image.blend(image, noise, 0.35)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=92)
    path = tmp / "phone.jpg"
    path.write_bytes(buffer.getvalue())
    started = time.perf_counter()
    found = ImageProcessor(tmp / "cache-phone").process(path, "kim-x/media/phone.jpg")
    seconds = time.perf_counter() - started
    print(f"phone photo 4000x3000: original {kb(path.stat().st_size)}, served to a phone {kb(served(found))}, "
          "variants " + ", ".join(f"{v.width}w {v.fmt} {kb(v.file.stat().st_size)}" for v in found.webp + found.fallback)
          + f"; resized in {seconds:.2f} s")


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as folder:
        demo(Path(folder))
        phone_photo(Path(folder))
