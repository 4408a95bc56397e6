"""Print how long the safety guards take: YAML bombs, hostile markdown, the spam/privacy lint.

Run: python bench/safety_bench.py   (figures only; no assertion on time)
"""

from __future__ import annotations

import time

from kimgen.content.lint import lint_text
from kimgen.content.markup import DocContext, KimMarkdown
from kimgen.problems import Problems
from kimgen.config.yamlfile import ContentError, load_yaml

BILLION_LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{b}: &{b} [{', '.join(['*' + a] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi"))
NEWS = ("Kegiatan posyandu balita di balai desa Sumberrejo berjalan lancar, dihadiri 45 ibu dan kader "
        "pada 2024-12-11. Hubungi KIM di 0812-1111-2222.\n\n")


def timed(label: str, action) -> None:
    started = time.perf_counter()
    action()
    print(f"{label:58} {1000 * (time.perf_counter() - started):9.1f} ms")


def yaml(text: str) -> None:
    try:
        load_yaml(text, "x.yaml")
    except ContentError:
        pass


def markdown(body: str) -> None:
    ctx = DocContext("kim-a", "berita/x.md", "kim/kim-a/berita/x.md", {}, set(), body, 5, Problems())
    KimMarkdown().convert(ctx)


def main() -> None:
    timed("YAML billion laughs (refused at the first alias)", lambda: yaml(BILLION_LAUGHS))
    timed("YAML 100,000 nested brackets (refused at depth 20)", lambda: yaml("a: " + "[" * 100000 + "]" * 100000))
    timed("markdown 2,000 nested list items (refused up front)",
          lambda: markdown("\n".join("  " * i + "- x" for i in range(2000))))
    timed("markdown 50,000 nested quotes (refused up front)", lambda: markdown(">" * 50000 + " x"))
    timed("markdown ordinary 10 KB post", lambda: markdown(NEWS * 60))
    timed("markdown 20,000 `[` in a paragraph (refused up front)", lambda: markdown("[" * 20000 + "x" + "]" * 20000))
    timed("markdown 1,000 `[` in a paragraph (largest accepted)", lambda: markdown("[" * 500 + "x" + "]" * 500))
    text = NEWS * 700
    lines = text.count("\n")
    started = time.perf_counter()
    lint_text(text, "x.md", Problems(), ["0812-1111-2222"])
    seconds = time.perf_counter() - started
    print(f"{'lint, clean news text':58} {1e6 * seconds / lines:9.1f} µs per line ({lines} lines)")
    spam = (NEWS + "Situs slot gacor maxwin, depo 10k, NIK 3514012508900001, Pak RT 0813-9876-5432\n") * 300
    timed("lint, 300 spam and privacy paragraphs", lambda: lint_text(spam, "x.md", Problems()))


if __name__ == "__main__":
    main()
