"""The command line: parses arguments, calls the library, maps results to exit codes.

Exit codes (DESIGN.md): 0 all good, 1 content errors, 2 usage or environment error.

The parser is the standard library's argparse: a nightly rebuild with nothing to do takes
about 100 ms, and importing click took 10 of them.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

EXIT_CONTENT = 1
EXIT_USAGE = 2


class UsageError(Exception):
    """The command line or the environment is wrong: exit code 2."""


def echo(text: str = "", err: bool = False, nl: bool = True) -> None:
    stream = sys.stderr if err else sys.stdout
    stream.write(text + ("\n" if nl else ""))
    stream.flush()  # a cron mail or a CI log shows each line as it comes


def is_quiet() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"} or not sys.stderr.isatty()


def resolve_root(root: str | None) -> Path:
    if root:
        path = Path(root)
        if not (path / "provinsi.yaml").is_file():
            raise UsageError(f"{path} bukan folder konten kimgen (tidak ada provinsi.yaml di dalamnya).")
        return path
    if Path("provinsi.yaml").is_file():
        return Path(".")
    if Path("content/provinsi.yaml").is_file():
        return Path("content")
    raise UsageError("tidak ada provinsi.yaml di folder ini maupun di ./content; sebutkan folder kontennya, "
                     "misalnya `kimgen build konten/`.")


def print_problems(problems) -> None:
    for problem in sorted(problems, key=lambda p: (p.path, p.line, p.level)):
        echo(problem.format(), err=True)


# -- argument types: each says in Indonesian what is wrong ----------------------------------

def _folder(value: str) -> str:
    if os.path.isfile(value):
        raise argparse.ArgumentTypeError(f"`{value}` adalah berkas, bukan folder.")
    return value


def _whole(low: int, high: int | None = None):
    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            number = None
        if number is None or number < low or (high is not None and number > high):
            span = f"{low} sampai {high}" if high is not None else f"{low} atau lebih"
            raise argparse.ArgumentTypeError(f"`{value}` bukan bilangan bulat {span}.")
        return number
    return parse


def parse_shard(value: str) -> tuple[int, int]:
    index, _, count = value.partition("/")
    if not (index.isdigit() and count.isdigit() and 1 <= int(index) <= int(count)):
        raise argparse.ArgumentTypeError("tulis I/N, misalnya 2/4 (bagian ke-2 dari 4).")
    return int(index), int(count)


class _Version(argparse.Action):
    """--version, read from the installed package only when asked (importlib.metadata is slow to import)."""

    def __init__(self, option_strings, dest, **kwargs):
        super().__init__(option_strings, dest, nargs=0, help="Tampilkan versi kimgen.")

    def __call__(self, parser, namespace, values, option_string=None):
        from importlib.metadata import version

        echo(f"kimgen, versi {version('kimgen')}")
        parser.exit(0)


# argparse's own messages, said in Indonesian (the rest of every message already is)
_MESSAGES = [
    (r"the following arguments are required: (.*)", r"argumen wajib belum diisi: \1"),
    (r"unrecognized arguments: (.*)", r"argumen tidak dikenal: \1"),
    (r"argument (\S+): invalid choice: (.*) \(choose from (.*)\)", r"argumen \1: pilihan \2 tidak ada (pilih \3)"),
    (r"argument (\S+): expected one argument", r"argumen \1 perlu satu nilai"),
    (r"argument (\S+): (.*)", r"argumen \1: \2"),
]


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, allow_abbrev=False, add_help=False, **kwargs)  # --cache is not --cache-dir
        self.add_argument("-h", "--help", action="help", help="Tampilkan bantuan ini.")

    def error(self, message: str):
        import re

        for pattern, said in _MESSAGES:
            if re.fullmatch(pattern, message):
                message = re.sub(pattern, said, message)
                break
        self.print_usage(sys.stderr)
        echo(f"kimgen: {message}", err=True)
        sys.exit(EXIT_USAGE)


def _parser() -> argparse.ArgumentParser:
    from kimgen.discovery import POST_KINDS

    parser = _Parser(prog="kimgen", description="kimgen: situs statis untuk setiap KIM dan portal provinsi.")
    parser.add_argument("--version", action=_Version)
    commands = parser.add_subparsers(dest="command", metavar="PERINTAH", parser_class=_Parser)

    def command(name: str, text: str, run, group=commands, root: bool = True) -> argparse.ArgumentParser:
        parser = group.add_parser(name, help=text, description=text)
        if root:
            parser.add_argument("root", nargs="?", type=_folder, metavar="ROOT",
                                help="Folder konten (bawaan: folder ini bila ada provinsi.yaml, atau ./content).")
        parser.set_defaults(run=run)
        return parser

    build = command("build", "Bangun situs semua KIM dan portal provinsi.", _build)
    build.add_argument("-o", "--output", default="sites", type=_folder, help="Folder keluaran (bawaan: sites).")
    build.add_argument("--base-url", help="Ganti base_url dari provinsi.yaml (untuk feed, sitemap, canonical).")
    build.add_argument("--jobs", "-j", type=_whole(1), help="Jumlah proses paralel (bawaan: jumlah inti CPU).")
    build.add_argument("--kim", dest="kims", action="append", default=[], metavar="SLUG",
                       help="Bangun KIM ini saja (boleh diulang).")
    build.add_argument("--strict", action="store_true",
                       help="Peringatan dianggap galat; tidak menulis apa pun bila ada masalah.")
    build.add_argument("--clean", action="store_true", help="Hapus folder keluaran dan cache, lalu bangun ulang semuanya.")
    build.add_argument("--offline", action="store_true",
                       help="Tautan berakhiran index.html, agar bisa dibuka langsung dari disk.")
    build.add_argument("--cache-dir", type=_folder,
                       help="Folder cache build bertahap (bawaan: .kimgen-cache di folder konten).")
    build.add_argument("--shard", type=parse_shard, metavar="I/N",
                       help="Bangun bagian ke-I dari N bagian KIM saja (matriks CI); portal dibangun dengan --portal-only.")
    build.add_argument("--portal-only", action="store_true",
                       help="Bangun halaman portal provinsi saja, dari ringkasan KIM di cache.")

    check = command("check", "Periksa semua konten tanpa menulis apa pun.", _check)
    check.add_argument("--format", dest="fmt", choices=["text", "json", "github"], default="text",
                       help="text: untuk dibaca; json: satu objek per baris; github: anotasi GitHub Actions.")

    new = commands.add_parser("new", help="Buat KIM atau tulisan baru dari templat (tidak pernah menimpa berkas).",
                              description="Buat KIM atau tulisan baru dari templat (tidak pernah menimpa berkas).")
    kinds = new.add_subparsers(dest="kind", metavar="JENIS", parser_class=_Parser, required=True)
    content_root = dict(dest="root", type=_folder,
                        help="Folder konten (bawaan: folder ini bila ada provinsi.yaml, atau ./content).")
    kim = command("kim", "Buat folder kim/SLUG berisi profil.yaml dan halaman tentang.", _new_kim, kinds, root=False)
    kim.add_argument("slug", metavar="SLUG")
    kim.add_argument("--root", **content_root)
    for kind in POST_KINDS:
        post = command(kind, "Buat halaman tetap baru (tentang, kontak, ...) dari JUDUL." if kind == "halaman"
                       else f"Buat tulisan {kind} baru bertanggal hari ini dari JUDUL.", _new_post, kinds, root=False)
        post.add_argument("--kim", required=True, metavar="SLUG", help="Folder KIM di bawah kim/.")
        post.add_argument("judul", metavar="JUDUL")
        post.add_argument("--root", **content_root)

    schema = command("schema", "Tulis JSON Schema provinsi.yaml, profil.yaml dan front matter setiap jenis tulisan "
                               "(untuk VS Code).", _schema, root=False)
    schema.add_argument("-o", "--output", default="schemas", type=_folder,
                        help="Folder tujuan berkas *.schema.json (bawaan: schemas).")

    serve = command("serve", "Pratinjau langsung: bangun ulang saat berkas disimpan dan muat ulang peramban.", _serve)
    serve.add_argument("--port", "-p", type=_whole(0, 65535), default=8000, help="Nomor port (bawaan: 8000).")
    serve.add_argument("--host", default="127.0.0.1",
                       help="Alamat yang didengar; 0.0.0.0 agar bisa dibuka dari ponsel di jaringan yang sama.")

    report = command("report", "Laporan keaktifan setiap KIM untuk Diskominfo.", _report)
    report.add_argument("--format", dest="fmt", choices=["table", "csv", "json"], default="table",
                        help="table: untuk dibaca; csv dan json: untuk lembar kerja dan pemantauan.")
    return parser


def main(args: list[str] | None = None) -> None:
    """Run the command in `args` (else sys.argv): ends with SystemExit and the exit code.

    Any unexpected exception becomes a short Indonesian message and exit code 2: a nightly
    cron mail full of traceback helps nobody; KIMGEN_DEBUG=1 shows it for developers."""
    parser = _parser()
    options = parser.parse_args(args)
    if getattr(options, "run", None) is None:
        parser.print_help()
        sys.exit(0)
    try:
        options.run(options)
    except UsageError as exc:
        echo(f"kimgen: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    except KeyboardInterrupt:
        echo("\nkimgen: dibatalkan.", err=True)
        sys.exit(EXIT_CONTENT)
    except Exception as exc:  # noqa: BLE001
        if os.environ.get("KIMGEN_DEBUG"):
            raise
        from kimgen.messages import msg

        echo(f"kimgen: {msg('unexpected', error=f'{type(exc).__name__}: {exc}')}", err=True)
        sys.exit(EXIT_USAGE)
    sys.exit(0)


# -- the commands ----------------------------------------------------------------------------

def _build(o: argparse.Namespace) -> None:
    from kimgen.build import BuildError, build as run_build

    path = resolve_root(o.root)
    if o.shard and (o.portal_only or o.kims):
        raise UsageError("--shard tidak dapat digabung dengan --portal-only atau --kim.")
    if o.portal_only and o.kims:
        raise UsageError("--portal-only tidak dapat digabung dengan --kim.")
    bar = None if is_quiet() else ProgressBar()
    try:
        result = run_build(path, Path(o.output), base_url=o.base_url, only=o.kims or None, strict=o.strict,
                           clean=o.clean, offline=o.offline, progress=bar, jobs=o.jobs,
                           cache_dir=Path(o.cache_dir) if o.cache_dir else None, shard=o.shard,
                           portal_only=o.portal_only)
    except BuildError as exc:
        raise UsageError(str(exc)) from None
    finally:
        if bar:
            bar.close()
    print_problems(result.problems)
    errors, warnings = len(result.errors), len(result.warnings)
    if o.strict and (errors or warnings):
        echo(f"--strict: {errors} galat, {warnings} peringatan; tidak ada yang ditulis.", err=True)
        sys.exit(EXIT_CONTENT)
    s = result.stats
    echo(f"KIM: {len(result.built)} dibangun, {len(result.skipped)} dilewati (tidak berubah), "
         f"{len(result.failed)} gagal; berkas: {s.written} ditulis, {s.unchanged} tidak berubah, "
         f"{s.removed} dihapus; {errors} galat, {warnings} peringatan; {result.seconds:.2f} detik.", err=True)
    sys.exit(EXIT_CONTENT if errors else 0)


class ProgressBar:
    """A one-line bar on stderr, redrawn at most ten times a second."""

    def __init__(self, width: int = 30):
        self.width = width
        self.last = 0.0
        self.drawn = False

    def __call__(self, done: int, total: int, slug: str) -> None:
        import time

        now = time.monotonic()
        if done < total and now - self.last < 0.1:
            return
        self.last = now
        filled = self.width * done // max(total, 1)
        bar = "#" * filled + "-" * (self.width - filled)
        echo(f"\r[{bar}] {done}/{total} {slug[:30]:<30}", nl=False, err=True)
        self.drawn = True

    def close(self) -> None:
        if self.drawn:
            echo("", err=True)


def _check(o: argparse.Namespace) -> None:
    from kimgen.build import BuildError
    from kimgen.check import check as run_check, format_problem

    path = resolve_root(o.root)
    try:
        result = run_check(path)
    except BuildError as exc:
        raise UsageError(str(exc)) from None
    for problem in result:
        # text goes to stderr like build's; machine formats are the command's output, on stdout
        echo(format_problem(problem, o.fmt, path), err=o.fmt == "text")
    errors = sum(1 for p in result if p.level == "error")
    warnings = len(result) - errors
    echo(f"{errors} galat, {warnings} peringatan.", err=True)
    sys.exit(EXIT_CONTENT if errors else 0)


def is_interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def _ask(label: str, choices: list[str] | None = None) -> str:
    """One answer typed at the terminal; with `choices`, one of them."""
    while True:
        try:
            answer = input(f"{label} ({', '.join(choices)}): " if choices else f"{label}: ").strip()
        except EOFError:
            raise KeyboardInterrupt from None
        if answer and (not choices or answer in choices):
            return answer
        if choices:
            echo(f"Pilih salah satu: {', '.join(choices)}.", err=True)


def _new_kim(o: argparse.Namespace) -> None:
    from kimgen.scaffolding import ScaffoldError, new_kim as make, required_profile_fields

    path = resolve_root(o.root)
    answers = {}
    if is_interactive():
        from kimgen.scaffolding import _province

        known = [k.nama for k in _province(path).kabupaten]
        for key, help_text in required_profile_fields():
            answers[key] = _ask(f"{key} ({help_text})", known if key == "kabupaten" and known else None)
    try:
        created = make(path, o.slug, answers)
    except ScaffoldError as exc:
        echo(f"kimgen: {exc}", err=True)
        sys.exit(exc.exit_code)
    _report_created(created.paths)


def _new_post(o: argparse.Namespace) -> None:
    from kimgen.build import BuildError
    from kimgen.scaffolding import ScaffoldError, new_post

    try:
        created = new_post(resolve_root(o.root), o.kind, o.kim, o.judul)
    except ScaffoldError as exc:
        echo(f"kimgen: {exc}", err=True)
        sys.exit(exc.exit_code)
    except BuildError as exc:
        raise UsageError(str(exc)) from None
    _report_created(created.paths)


def _report_created(paths) -> None:
    for created in paths:
        echo(f"dibuat: {created}")
    echo("Buka berkasnya, isi bagian yang diberi catatan (#), lalu pratinjau dengan `kimgen serve`.", err=True)


def _schema(o: argparse.Namespace) -> None:
    from kimgen.schema import write_schemas

    for path in write_schemas(Path(o.output)):
        echo(f"ditulis: {path}")


def _serve(o: argparse.Namespace) -> None:
    import gc

    from kimgen.serve import serve as run_serve

    gc.enable()  # hours of rebuilds (run() turned it off)
    try:
        run_serve(resolve_root(o.root), host=o.host, port=o.port)
    except OSError as exc:
        raise UsageError(f"tidak dapat membuka {o.host}:{o.port} ({exc.strerror or exc}); coba --port lain.") from None


def _report(o: argparse.Namespace) -> None:
    from kimgen.report import report as run_report

    text, problems = run_report(resolve_root(o.root), o.fmt)
    print_problems(problems)
    echo(text, nl=False)
    sys.exit(EXIT_CONTENT if any(p.level == "error" for p in problems) else 0)


def run() -> None:
    """The `kimgen` command: main(), then an exit that skips the interpreter's teardown.

    Everything is written and closed by then (files with `with`, worker pools shut, waited-for
    deletions joined), so what the teardown would do is free the objects of a whole build one
    by one: 30 to 60 ms of a one-post rebuild.

    The cycle collector is off for the same reason: it kept scanning the objects imports and
    the cache make, which all live to the end (20 ms of a one-post rebuild). A build of many
    KIMs (parallel.run) and `kimgen serve`, which run long, turn it back on."""
    import gc

    gc.disable()
    try:
        main()
        code = 0
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            code = exc.code or 0
        else:
            print(exc.code, file=sys.stderr)
            code = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (kimgen build | head): nothing more to say
            pass
    os._exit(code)
