"""Reading admin-written text files and YAML safely, keeping line numbers.

YAML is composed into nodes first so that every key's line is known, then
constructed with the safe constructor. Aliases are refused outright: admins
never need them, and they are how "billion laughs" documents blow up.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from kimgen.problems import Problem

MAX_DEPTH = 20


class ContentError(Exception):
    """One problem that stops a single file from being used."""

    def __init__(self, problem: Problem):
        super().__init__(problem.format())
        self.problem = problem


def read_text(path: Path, rel: str, max_bytes: int | None = None) -> str:
    """Decode a content file as UTF-8, forgiving a BOM and CRLF endings."""
    data = path.read_bytes()
    if max_bytes is not None and len(data) > max_bytes:
        raise ContentError(Problem(rel, 0, "", (
            f"berkas terlalu besar ({len(data) // 1024} KB; batasnya {max_bytes // 1024} KB). "
            "Pecah tulisan menjadi beberapa berkas atau pindahkan lampiran ke media/.")))
    if b"\x00" in data:
        raise ContentError(Problem(rel, 0, "", (
            "ini bukan berkas teks (berisi data biner). Simpan tulisan sebagai teks biasa "
            "berakhiran .md, dan taruh foto atau dokumen di folder media/.")))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ContentError(Problem(rel, line, "", (
            "berkas tidak tersimpan sebagai UTF-8 (mungkin disalin dari Microsoft Word "
            "atau disimpan sebagai Windows-1252/ANSI). Simpan ulang dengan pengodean UTF-8, "
            "misalnya lewat editor web GitHub/GitLab atau 'Save As' > 'UTF-8'.")))
    return text.replace("\r\n", "\n").replace("\r", "\n")


def load_yaml(text: str, rel: str, first_line: int = 1) -> tuple[object, dict[str, int]]:
    """Parse YAML; return the data and the line of every key as 'a.b.c' -> line.

    `first_line` is the file line the text starts on (front matter starts after `---`).
    """
    offset = first_line - 1
    for number, line in enumerate(text.split("\n"), start=first_line):
        stripped = line.lstrip(" ")
        if stripped.startswith("\t"):
            raise ContentError(Problem(rel, number, "", (
                "baris ini diawali tab. YAML hanya menerima spasi untuk menjorok: "
                "ganti tab dengan dua spasi.")))
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}
        lines: dict[str, int] = {}
        _walk(node, "", 0, set(), lines, rel, offset)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + offset if mark else first_line
        raise ContentError(Problem(rel, line, "", (
            f"penulisan YAML tidak valid ({exc.problem or exc.context}). Periksa titik dua, "
            "tanda kutip dan jorokan pada baris ini atau baris sebelumnya."))) from None
    except yaml.YAMLError as exc:
        raise ContentError(Problem(rel, first_line, "", f"penulisan YAML tidak valid ({exc}).")) from None
    except (ValueError, TypeError, OverflowError) as exc:
        # the safe constructor raises these for values such as a 31 February
        raise ContentError(Problem(rel, first_line, "", f"nilai YAML tidak valid ({exc}).")) from None
    finally:
        loader.dispose()
    return data, lines


def _walk(node, prefix: str, depth: int, seen: set[int], lines: dict[str, int], rel: str, offset: int) -> None:
    if depth > MAX_DEPTH:
        raise ContentError(Problem(rel, node.start_mark.line + 1 + offset, "", (
            f"data bersarang terlalu dalam (lebih dari {MAX_DEPTH} tingkat).")))
    if isinstance(node, yaml.ScalarNode):
        return
    if id(node) in seen:
        raise ContentError(Problem(rel, node.start_mark.line + 1 + offset, "", (
            "anchor/alias YAML (& dan *) tidak didukung; tulis nilainya langsung.")))
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            name = str(key.value) if isinstance(key, yaml.ScalarNode) else "?"
            path = f"{prefix}.{name}" if prefix else name
            lines.setdefault(path, key.start_mark.line + 1 + offset)
            _walk(value, path, depth + 1, seen, lines, rel, offset)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            path = f"{prefix}.{index}"
            lines.setdefault(path, item.start_mark.line + 1 + offset)
            _walk(item, path, depth + 1, seen, lines, rel, offset)
