"""The command line: parses arguments, calls the library, maps results to exit codes.

Exit codes (DESIGN.md): 0 all good, 1 content errors, 2 usage or environment error.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

EXIT_CONTENT = 1
EXIT_USAGE = 2


def is_quiet() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"} or not sys.stderr.isatty()


def resolve_root(root: str | None) -> Path:
    if root:
        path = Path(root)
        if not (path / "provinsi.yaml").is_file():
            raise click.UsageError(f"{path} bukan folder konten kimgen (tidak ada provinsi.yaml di dalamnya).")
        return path
    if Path("provinsi.yaml").is_file():
        return Path(".")
    if Path("content/provinsi.yaml").is_file():
        return Path("content")
    raise click.UsageError("tidak ada provinsi.yaml di folder ini maupun di ./content; sebutkan folder kontennya, "
                           "misalnya `kimgen build konten/`.")


def print_problems(problems, stream=None) -> None:
    for problem in sorted(problems, key=lambda p: (p.path, p.line, p.level)):
        click.echo(problem.format(), err=True)


root_argument = click.argument("root", required=False, type=click.Path(file_okay=False))


class _Group(click.Group):
    """Turns any unexpected exception into a short Indonesian message and exit code 2.

    A nightly cron mail full of traceback helps nobody; KIMGEN_DEBUG=1 shows it for developers.
    """

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort, KeyboardInterrupt):
            raise
        except Exception as exc:  # noqa: BLE001
            if os.environ.get("KIMGEN_DEBUG"):
                raise
            from kimgen.messages import msg

            click.echo(f"kimgen: {msg('unexpected', error=f'{type(exc).__name__}: {exc}')}", err=True)
            ctx.exit(EXIT_USAGE)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kimgen")
def main() -> None:
    """kimgen: situs statis untuk setiap KIM dan portal provinsi."""


def parse_shard(ctx, param, value):
    if value is None:
        return None
    index, _, count = value.partition("/")
    if not (index.isdigit() and count.isdigit() and 1 <= int(index) <= int(count)):
        raise click.BadParameter("tulis I/N, misalnya 2/4 (bagian ke-2 dari 4).")
    return int(index), int(count)


@main.command()
@root_argument
@click.option("-o", "--output", "output", default="sites", show_default=True, type=click.Path(file_okay=False),
              help="Folder keluaran.")
@click.option("--base-url", help="Ganti base_url dari provinsi.yaml (untuk feed, sitemap, canonical).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="Jumlah proses paralel (bawaan: jumlah inti CPU).")
@click.option("--kim", "kims", multiple=True, metavar="SLUG", help="Bangun KIM ini saja (boleh diulang).")
@click.option("--strict", is_flag=True, help="Peringatan dianggap galat; tidak menulis apa pun bila ada masalah.")
@click.option("--clean", is_flag=True, help="Hapus folder keluaran dan cache, lalu bangun ulang semuanya.")
@click.option("--offline", is_flag=True, help="Tautan berakhiran index.html, agar bisa dibuka langsung dari disk.")
@click.option("--cache-dir", type=click.Path(file_okay=False),
              help="Folder cache build bertahap (bawaan: .kimgen-cache di folder konten).")
@click.option("--shard", callback=parse_shard, metavar="I/N",
              help="Bangun bagian ke-I dari N bagian KIM saja (matriks CI); portal dibangun dengan --portal-only.")
@click.option("--portal-only", is_flag=True, help="Bangun halaman portal provinsi saja, dari ringkasan KIM di cache.")
def build(root, output, base_url, jobs, kims, strict, clean, offline, cache_dir, shard, portal_only) -> None:
    """Bangun situs semua KIM dan portal provinsi."""
    from kimgen.build import BuildError, build as run_build

    path = resolve_root(root)
    if shard and (portal_only or kims):
        raise click.UsageError("--shard tidak dapat digabung dengan --portal-only atau --kim.")
    if portal_only and kims:
        raise click.UsageError("--portal-only tidak dapat digabung dengan --kim.")
    bar = None if is_quiet() else ProgressBar()
    try:
        result = run_build(path, Path(output), base_url=base_url, only=list(kims) or None, strict=strict,
                           clean=clean, offline=offline, progress=bar, jobs=jobs,
                           cache_dir=Path(cache_dir) if cache_dir else None, shard=shard, portal_only=portal_only)
    except BuildError as exc:
        if bar:
            bar.close()
        click.echo(f"kimgen: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    if bar:
        bar.close()
    print_problems(result.problems)
    errors, warnings = len(result.errors), len(result.warnings)
    if strict and (errors or warnings):
        click.echo(f"--strict: {errors} galat, {warnings} peringatan; tidak ada yang ditulis.", err=True)
        sys.exit(EXIT_CONTENT)
    s = result.stats
    click.echo(f"KIM: {len(result.built)} dibangun, {len(result.skipped)} dilewati (tidak berubah), "
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
        click.echo(f"\r[{bar}] {done}/{total} {slug[:30]:<30}", nl=False, err=True)
        self.drawn = True

    def close(self) -> None:
        if self.drawn:
            click.echo("", err=True)


@main.command()
@root_argument
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text", show_default=True,
              help="text: untuk dibaca; json: satu objek per baris; github: anotasi GitHub Actions.")
def check(root, fmt) -> None:
    """Periksa semua konten tanpa menulis apa pun."""
    from kimgen.build import BuildError
    from kimgen.check import check as run_check, format_problem

    path = resolve_root(root)
    try:
        result = run_check(path)
    except BuildError as exc:
        click.echo(f"kimgen: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    for problem in result:
        # text goes to stderr like build's; machine formats are the command's output, on stdout
        click.echo(format_problem(problem, fmt, path), err=fmt == "text")
    errors = sum(1 for p in result if p.level == "error")
    warnings = len(result) - errors
    click.echo(f"{errors} galat, {warnings} peringatan.", err=True)
    sys.exit(EXIT_CONTENT if errors else 0)


def is_interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


root_option = click.option("--root", "root", type=click.Path(file_okay=False),
                           help="Folder konten (bawaan: folder ini bila ada provinsi.yaml, atau ./content).")


@main.group()
def new() -> None:
    """Buat KIM atau tulisan baru dari templat (tidak pernah menimpa berkas)."""


@new.command("kim")
@click.argument("slug")
@root_option
def new_kim(slug, root) -> None:
    """Buat folder kim/SLUG berisi profil.yaml dan halaman tentang."""
    from kimgen.scaffolding import ScaffoldError, new_kim as make, required_profile_fields

    path = resolve_root(root)
    answers = {}
    if is_interactive():
        from kimgen.scaffolding import _province

        known = [k.nama for k in _province(path).kabupaten]
        for key, help_text in required_profile_fields():
            kind = click.Choice(known) if key == "kabupaten" and known else str
            answers[key] = click.prompt(f"{key} ({help_text})", type=kind)
    try:
        created = make(path, slug, answers)
    except ScaffoldError as exc:
        click.echo(f"kimgen: {exc}", err=True)
        sys.exit(exc.exit_code)
    _report_created(created.paths)


def _report_created(paths) -> None:
    for created in paths:
        click.echo(f"dibuat: {created}")
    click.echo("Buka berkasnya, isi bagian yang diberi catatan (#), lalu pratinjau dengan `kimgen serve`.", err=True)


def _new_post_command(kind: str) -> None:
    help_text = ("Buat halaman tetap baru (tentang, kontak, ...) dari JUDUL." if kind == "halaman"
                 else f"Buat tulisan {kind} baru bertanggal hari ini dari JUDUL.")

    @new.command(kind, help=help_text)
    @click.option("--kim", "kim", required=True, metavar="SLUG", help="Folder KIM di bawah kim/.")
    @click.argument("judul")
    @root_option
    def command(kim, judul, root) -> None:
        from kimgen.build import BuildError
        from kimgen.scaffolding import ScaffoldError, new_post

        try:
            created = new_post(resolve_root(root), kind, kim, judul)
        except ScaffoldError as exc:
            click.echo(f"kimgen: {exc}", err=True)
            sys.exit(exc.exit_code)
        except BuildError as exc:
            click.echo(f"kimgen: {exc}", err=True)
            sys.exit(EXIT_USAGE)
        _report_created(created.paths)


for _kind in ("berita", "agenda", "pengumuman", "cek-fakta", "potensi", "halaman"):
    _new_post_command(_kind)


@main.command()
@click.option("-o", "--output", "output", default="schemas", show_default=True, type=click.Path(file_okay=False),
              help="Folder tujuan berkas *.schema.json.")
def schema(output) -> None:
    """Tulis JSON Schema provinsi.yaml, profil.yaml dan front matter setiap jenis tulisan (untuk VS Code)."""
    from kimgen.schema import write_schemas

    for path in write_schemas(Path(output)):
        click.echo(f"ditulis: {path}")


@main.command()
@root_argument
@click.option("--port", "-p", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Alamat yang didengar; 0.0.0.0 agar bisa dibuka dari ponsel di jaringan yang sama.")
def serve(root, port, host) -> None:
    """Pratinjau langsung: bangun ulang saat berkas disimpan dan muat ulang peramban."""
    import gc

    from kimgen.serve import serve as run_serve

    gc.enable()  # hours of rebuilds (cli.run turned it off)
    try:
        run_serve(resolve_root(root), host=host, port=port)
    except OSError as exc:
        click.echo(f"kimgen: tidak dapat membuka {host}:{port} ({exc.strerror or exc}); coba --port lain.", err=True)
        sys.exit(EXIT_USAGE)


@main.command()
@root_argument
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
def report(root, fmt) -> None:
    """Laporan keaktifan setiap KIM untuk Diskominfo."""
    from kimgen.report import report as run_report

    text, problems = run_report(resolve_root(root), fmt)
    print_problems(problems)
    click.echo(text, nl=False)
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
