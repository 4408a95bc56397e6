"""The command line: parses arguments, calls the library, maps results to exit codes.

Exit codes (DESIGN.md): 0 all good, 1 content errors, 2 usage or environment error.

The parser is click. Its own words (Penggunaan:, Galat: ..., Opsi) come from the Indonesian
catalog in kimgen/locale (tools/compile_messages.py), through the gettext module click uses.
"""

from __future__ import annotations

import gettext
import inspect
import os
import sys
from pathlib import Path

import click

from kimgen.content.discovery import POST_KINDS

EXIT_CONTENT = 1
EXIT_USAGE = 2
LOCALE_DIR = Path(__file__).parent / "locale"
ROOT_HELP = "ROOT: folder konten (bawaan: folder ini bila ada provinsi.yaml, atau ./content)."


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

class Folder(click.ParamType):
    name = "folder"

    def convert(self, value, param, ctx):
        if os.path.isfile(value):
            self.fail(f"`{value}` adalah berkas, bukan folder.", param, ctx)
        return value


class Whole(click.ParamType):
    """A whole number from `low` (to `high`); click.IntRange would say its range as `x>=1`."""

    name = "whole"

    def __init__(self, low: int, high: int | None = None):
        self.low, self.high = low, high

    def convert(self, value, param, ctx):
        try:
            number = int(value)
        except ValueError:
            number = None
        if number is None or number < self.low or (self.high is not None and number > self.high):
            span = f"{self.low} sampai {self.high}" if self.high is not None else f"{self.low} atau lebih"
            self.fail(f"`{value}` bukan bilangan bulat {span}.", param, ctx)
        return number


class Shard(click.ParamType):
    name = "shard"

    def convert(self, value, param, ctx):
        index, _, count = str(value).partition("/")
        if not (index.isdigit() and count.isdigit() and 1 <= int(index) <= int(count)):
            self.fail("tulis I/N, misalnya 2/4 (bagian ke-2 dari 4).", param, ctx)
        return int(index), int(count)


# -- the command tree ------------------------------------------------------------------------

class _Command(click.Command):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[OPSI]")
        super().__init__(*args, **kwargs)

    def parse_args(self, ctx, args):
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as exc:
            exc.ctx = exc.ctx or ctx  # click raises `-o` without a value with no context, so with no usage line
            raise

    def get_short_help_str(self, limit: int = 45) -> str:
        return self.short_help or inspect.cleandoc(self.help or "").split("\n\n")[0]  # whole, as argparse listed it


class _Group(_Command, click.Group):
    command_class = _Command
    group_class = type  # a group's groups are _Group too

    def list_commands(self, ctx):
        return list(self.commands)  # in the order of this file, not alphabetical


def content_root(command):
    """The optional ROOT argument; the command's help says what it is (click < 8.5 arguments have no help)."""
    command.__doc__ = f"{command.__doc__}\n\n{ROOT_HELP}"
    return click.argument("root", required=False, type=Folder())(command)


root_option = click.option("--root", type=Folder(), metavar="ROOT",
                           help="Folder konten (bawaan: folder ini bila ada provinsi.yaml, atau ./content).")


@click.group(cls=_Group, invoke_without_command=True, subcommand_metavar="PERINTAH [ARGUMEN]...",
             context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kimgen", prog_name="kimgen", message="%(prog)s, versi %(version)s",
                      help="Tampilkan versi kimgen.")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """kimgen: situs statis untuk setiap KIM dan portal provinsi."""
    if ctx.invoked_subcommand is None:
        echo(ctx.get_help())


def main(args: list[str] | None = None) -> None:
    """Run the command in `args` (else sys.argv): ends with SystemExit and the exit code.

    Any unexpected exception becomes a short Indonesian message and exit code 2: a nightly
    cron mail full of traceback helps nobody; KIMGEN_DEBUG=1 shows it for developers."""
    # Python's gettext takes the language from LANGUAGE before LC_ALL, LC_MESSAGES and LANG:
    # an operator's English locale must not turn click's words English, every word is Indonesian.
    os.environ["LANGUAGE"] = "id"
    gettext.bindtextdomain("kimgen", str(LOCALE_DIR))
    gettext.textdomain("kimgen")
    try:
        code = cli.main(args, prog_name="kimgen", standalone_mode=False)  # the exceptions below are ours to say
    except click.ClickException as exc:  # click's usage errors, exit code 2
        exc.show()
        code = exc.exit_code
    except UsageError as exc:
        echo(f"kimgen: {exc}", err=True)
        code = EXIT_USAGE
    except (click.Abort, KeyboardInterrupt):  # click has ended the ^C line
        echo("kimgen: dibatalkan.", err=True)
        code = EXIT_CONTENT
    except Exception as exc:  # noqa: BLE001
        if os.environ.get("KIMGEN_DEBUG"):
            raise
        from kimgen.problems.messages import msg

        echo(f"kimgen: {msg('unexpected', error=f'{type(exc).__name__}: {exc}')}", err=True)
        code = EXIT_USAGE
    sys.exit(code or 0)


def run() -> None:
    """The `kimgen` console script."""
    main()


# -- the commands: each returns its exit code ------------------------------------------------

@cli.command("build")
@content_root
@click.option("-o", "--output", default="sites", type=Folder(), metavar="FOLDER",
              help="Folder keluaran (bawaan: sites).")
@click.option("--base-url", metavar="URL", help="Ganti base_url dari provinsi.yaml (untuk feed, sitemap, canonical).")
@click.option("--jobs", "-j", type=Whole(1), metavar="JUMLAH", help="Jumlah proses paralel (bawaan: jumlah inti CPU).")
@click.option("--kim", "kims", multiple=True, metavar="SLUG", help="Bangun KIM ini saja (boleh diulang).")
@click.option("--strict", is_flag=True, help="Peringatan dianggap kesalahan; tidak menulis apa pun bila ada masalah.")
@click.option("--clean", is_flag=True, help="Bangun ulang semuanya tanpa cache; yang tidak dibuat build ini dihapus dari "
              "folder keluaran, kecuali versi terakhir yang benar dari KIM dan tulisan yang bermasalah.")
@click.option("--offline", is_flag=True, help="Tautan berakhiran index.html, agar bisa dibuka langsung dari disk.")
@click.option("--cache-dir", type=Folder(), metavar="FOLDER",
              help="Folder cache build bertahap (bawaan: di ~/.cache/kimgen, di luar folder konten).")
@click.option("--shard", type=Shard(), metavar="I/N",
              help="Bangun bagian ke-I dari N bagian KIM saja (matriks CI); portal dibangun dengan --portal-only.")
@click.option("--portal-only", is_flag=True, help="Bangun halaman portal provinsi saja, dari ringkasan KIM di cache.")
def _build(root, output, base_url, jobs, kims, strict, clean, offline, cache_dir, shard, portal_only) -> int:
    """Bangun situs semua KIM dan portal provinsi."""
    from kimgen.build import BuildError, build as run_build

    path = resolve_root(root)
    if shard and (portal_only or kims):
        raise UsageError("--shard tidak dapat digabung dengan --portal-only atau --kim.")
    if portal_only and kims:
        raise UsageError("--portal-only tidak dapat digabung dengan --kim.")
    bar = None if is_quiet() else ProgressBar()
    try:
        result = run_build(path, Path(output), base_url=base_url, only=list(kims) or None, strict=strict,
                           clean=clean, offline=offline, progress=bar, jobs=jobs,
                           cache_dir=Path(cache_dir) if cache_dir else None, shard=shard, portal_only=portal_only)
    except BuildError as exc:
        raise UsageError(str(exc)) from None
    finally:
        if bar:
            bar.close()
    print_problems(result.problems)
    for fault in result.faults:
        echo(f"kimgen: gangguan mesin, bukan kesalahan konten: {fault}. Build berikutnya menerbitkannya lagi.",
             err=True)
    errors, warnings = len(result.errors), len(result.warnings)
    if strict and (errors or warnings):
        echo(f"--strict: {errors} kesalahan, {warnings} peringatan; tidak ada yang ditulis.", err=True)
        return EXIT_CONTENT
    s = result.stats
    echo(f"KIM: {len(result.built)} dibangun, {len(result.skipped)} dilewati (tidak berubah), "
         f"{len(result.failed)} gagal; berkas: {s.written} ditulis, {s.unchanged} tidak berubah, "
         f"{s.removed} dihapus; {errors} kesalahan, {warnings} peringatan; {result.seconds:.2f} detik.", err=True)
    return EXIT_USAGE if result.faults else EXIT_CONTENT if errors else 0


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


@cli.command("check")
@content_root
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text",
              help="text: untuk dibaca; json: satu objek per baris; github: anotasi GitHub Actions.")
def _check(root, fmt) -> int:
    """Periksa semua konten tanpa menulis apa pun."""
    from kimgen.build import BuildError
    from kimgen.commands.check import check as run_check, format_problem

    path = resolve_root(root)
    try:
        result = run_check(path)
    except BuildError as exc:
        raise UsageError(str(exc)) from None
    for problem in result:
        # text goes to stderr like build's; machine formats are the command's output, on stdout
        echo(format_problem(problem, fmt, path), err=fmt == "text")
    errors = sum(1 for p in result if p.level == "error")
    warnings = len(result) - errors
    echo(f"{errors} kesalahan, {warnings} peringatan.", err=True)
    return EXIT_CONTENT if errors else 0


@cli.group("new", subcommand_metavar="JENIS [ARGUMEN]...", no_args_is_help=False)
def _new() -> None:
    """Buat KIM atau tulisan baru dari templat (tidak pernah menimpa berkas)."""


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


@_new.command("kim")
@click.argument("slug", metavar="SLUG")
@root_option
def _new_kim(slug, root) -> int:
    """Buat folder kim/SLUG berisi profil.yaml dan halaman tentang."""
    from kimgen.commands.scaffolding import ScaffoldError, new_kim as make, required_profile_fields

    path = resolve_root(root)
    answers = {}
    if is_interactive():
        from kimgen.commands.scaffolding import _province

        known = [k.nama for k in _province(path).kabupaten]
        for key, help_text in required_profile_fields():
            answers[key] = _ask(f"{key} ({help_text})", known if key == "kabupaten" and known else None)
    try:
        created = make(path, slug, answers)
    except ScaffoldError as exc:
        echo(f"kimgen: {exc}", err=True)
        return exc.exit_code
    return _report_created(created.paths)


for _kind in POST_KINDS:
    @_new.command(_kind, help="Buat halaman tetap baru (tentang, kontak, ...) dari JUDUL." if _kind == "halaman"
                  else f"Buat tulisan {_kind} baru bertanggal hari ini dari JUDUL.")
    @click.option("--kim", required=True, metavar="SLUG", help="Folder KIM di bawah kim/.")
    @click.argument("judul", metavar="JUDUL")
    @root_option
    @click.pass_context
    def _new_post(ctx: click.Context, kim, judul, root) -> int:
        from kimgen.build import BuildError
        from kimgen.commands.scaffolding import ScaffoldError, new_post

        try:
            created = new_post(resolve_root(root), ctx.info_name, kim, judul)
        except ScaffoldError as exc:
            echo(f"kimgen: {exc}", err=True)
            return exc.exit_code
        except BuildError as exc:
            raise UsageError(str(exc)) from None
        return _report_created(created.paths)


def _report_created(paths) -> int:
    for created in paths:
        echo(f"dibuat: {created}")
    echo("Buka berkasnya, isi bagian yang diberi catatan (#), lalu pratinjau dengan `kimgen serve`.", err=True)
    return 0


@cli.command("schema")
@click.option("-o", "--output", default="schemas", type=Folder(), metavar="FOLDER",
              help="Folder tujuan berkas *.schema.json (bawaan: schemas).")
def _schema(output) -> int:
    """Tulis JSON Schema provinsi.yaml, profil.yaml dan front matter setiap jenis tulisan (untuk VS Code)."""
    from kimgen.commands.schema import write_schemas

    for path in write_schemas(Path(output)):
        echo(f"ditulis: {path}")
    return 0


@cli.command("serve")
@content_root
@click.option("--port", "-p", type=Whole(0, 65535), default=8000, metavar="PORT", help="Nomor port (bawaan: 8000).")
@click.option("--host", default="127.0.0.1", metavar="ALAMAT",
              help="Alamat yang didengar; 0.0.0.0 agar bisa dibuka dari ponsel di jaringan yang sama.")
def _serve(root, port, host) -> int:
    """Pratinjau langsung: bangun ulang saat berkas disimpan dan muat ulang peramban."""
    from kimgen.commands.serve import serve as run_serve

    try:
        run_serve(resolve_root(root), host=host, port=port)
    except OSError as exc:
        raise UsageError(f"tidak dapat membuka {host}:{port} ({exc.strerror or exc}); coba --port lain.") from None
    return 0


@cli.command("report")
@content_root
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              help="table: untuk dibaca; csv dan json: untuk lembar kerja dan pemantauan.")
def _report(root, fmt) -> int:
    """Laporan keaktifan setiap KIM untuk Diskominfo."""
    from kimgen.commands.report import report as run_report

    text, problems = run_report(resolve_root(root), fmt)
    print_problems(problems)
    echo(text, nl=False)
    return EXIT_CONTENT if any(p.level == "error" for p in problems) else 0


@cli.command("verify")
@click.argument("webroot", type=Folder(), metavar="WEBROOT")
@click.option("-o", "--output", default="sites", type=Folder(), metavar="FOLDER",
              help="Folder keluaran build yang diterbitkan ke WEBROOT (bawaan: sites).")
def _verify(webroot, output) -> int:
    """Bandingkan salinan di server web (WEBROOT) dengan yang diterbitkan build terakhir: berkas tambahan,
    berubah atau hilang (misalnya sisipan judi daring). Keluar 1 bila ada beda."""
    from kimgen.commands.verify import NoManifest, verify

    if not Path(webroot).is_dir():
        raise UsageError(f"{webroot} bukan folder.")
    try:
        found = verify(Path(webroot), Path(output))
    except NoManifest as exc:
        raise UsageError(str(exc)) from None
    for label, paths in (("tambahan", found.added), ("berubah", found.changed), ("hilang", found.missing)):
        for rel in paths:
            echo(f"{label}: {rel}")
    echo(f"{len(found.added)} tambahan, {len(found.changed)} berubah, {len(found.missing)} hilang.", err=True)
    return EXIT_CONTENT if found else 0


# -- kimgen editor (extra: kimgen[editor]) --------------------------------------------------

class _EditorGroup(_Group):
    """`kimgen editor [ROOT]` serves, `kimgen editor user ...` manages accounts: a first word that
    names no command is ROOT."""

    def parse_args(self, ctx, args):
        rest = super().parse_args(ctx, list(args))
        first = ctx._protected_args[0] if ctx._protected_args else None
        if first is None or first in self.commands:
            return rest
        at = len(args) - len(ctx.args) - 1
        ctx._protected_args, ctx.args = [], []
        click.Command.parse_args(self, ctx, list(args[:at]) + list(args[at + 1:]))
        if ctx.args:
            ctx.fail(f"Argumen berlebih yang tidak dikenal ({' '.join(ctx.args)})")
        ctx.params["root"] = Folder().convert(first, None, ctx)
        return []


def _editor_module(name: str):
    import importlib

    try:
        return importlib.import_module(f"kimgen.editor.{name}")
    except ImportError as exc:
        raise UsageError(f"kimgen editor butuh paket tambahan ({exc.name}); pasang dengan "
                         "`pip install 'kimgen[editor]'`.") from None


data_option = click.option("--data", type=Folder(), metavar="FOLDER",
                           help="Folder akun dan sesi editor, di luar repositori konten "
                                "(bawaan: ~/.local/share/kimgen-editor).")


def _data_dir(data) -> Path:
    return Path(data) if data else _editor_module("store").default_data_dir()


@cli.group("editor", cls=_EditorGroup, invoke_without_command=True, subcommand_metavar="[ROOT] | user ...")
@click.option("--port", "-p", type=Whole(0, 65535), default=8080, metavar="PORT", help="Nomor port (bawaan: 8080).")
@click.option("--host", default="127.0.0.1", metavar="ALAMAT",
              help="Alamat yang didengar (bawaan: 127.0.0.1; di server, pasang di belakang nginx dengan HTTPS).")
@data_option
@click.option("--push", is_flag=True, help="Kirim (git push) setiap komit ke remote cabang ini.")
@click.pass_context
def _editor(ctx: click.Context, port, host, data, push, root=None) -> int:
    """Editor web untuk admin KIM: menulis dari ponsel, setiap simpanan menjadi komit git.

    ROOT: folder konten di dalam repositori git (bawaan: folder ini bila ada provinsi.yaml, atau ./content)."""
    if ctx.invoked_subcommand:
        return 0
    app = _editor_module("app")
    try:
        app.serve(resolve_root(root), _data_dir(data), host=host, port=port, push=push)
    except app.SetupError as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:
        raise UsageError(f"tidak dapat membuka {host}:{port} ({exc.strerror or exc}); coba --port lain.") from None
    return 0


@_editor.group("user", subcommand_metavar="PERINTAH [ARGUMEN]...")
def _editor_user() -> None:
    """Akun editor: tambah, daftar, hapus, ganti kata sandi."""


def _accounts(data):
    store = _editor_module("store")
    return _editor_module("accounts").Accounts(store.Store(_data_dir(data)))


def _read_password() -> str:
    """From standard input when it is not a terminal (scripts), else typed twice without echo."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    import getpass

    first = getpass.getpass("Kata sandi: ")
    if getpass.getpass("Ulangi kata sandi: ") != first:
        raise UsageError("kedua kata sandi tidak sama; tidak ada yang diubah.")
    return first


@_editor_user.command("add")
@click.argument("name", metavar="NAMA")
@click.option("--kim", "kims", multiple=True, metavar="SLUG", help="KIM yang boleh disunting (boleh diulang).")
@click.option("--nama", "full_name", default="", metavar="TEKS", help="Nama lengkap (penulis komit).")
@click.option("--email", default="", metavar="SUREL", help="Alamat surel (penulis komit).")
@click.option("--pembina", is_flag=True, help="Pembina kabupaten/provinsi: melihat perubahan terbaru semua KIM.")
@data_option
@click.argument("root", required=False, type=Folder())
def _editor_user_add(name, kims, full_name, email, pembina, data, root) -> int:
    """Tambah akun NAMA; kata sandi dibaca dari masukan standar (atau ditanya dua kali di terminal).

    ROOT: folder konten, untuk memeriksa bahwa setiap --kim ada (bawaan: folder ini atau ./content)."""
    accounts = _accounts(data)
    path = resolve_root(root) if root or Path("provinsi.yaml").is_file() or Path("content/provinsi.yaml").is_file() \
        else None
    missing = [slug for slug in kims if path is not None and not (path / "kim" / slug / "profil.yaml").is_file()]
    if missing:
        raise UsageError(f"KIM tidak ditemukan di {path / 'kim'}: {', '.join(missing)}.")
    errors = _editor_module("accounts").AccountError
    try:
        user = accounts.add(name, _read_password(), list(kims), full_name, email, pembina)
    except errors as exc:
        raise UsageError(str(exc)) from None
    echo(f"akun dibuat: {user.name} ({user.full_name}); KIM: {', '.join(user.kims) or '-'}"
         + ("; pembina" if user.pembina else ""))
    return 0


@_editor_user.command("list")
@data_option
def _editor_user_list(data) -> int:
    """Daftar akun editor."""
    for user in _accounts(data).all():
        role = "pembina" if user.pembina else "admin"
        echo(f"{user.name}\t{user.full_name}\t{user.email or '-'}\t{role}\t{','.join(user.kims) or '-'}")
    return 0


@_editor_user.command("remove")
@click.argument("name", metavar="NAMA")
@data_option
def _editor_user_remove(name, data) -> int:
    """Hapus akun NAMA (sesinya ikut berakhir)."""
    try:
        _accounts(data).remove(name)
    except _editor_module("accounts").AccountError as exc:
        raise UsageError(str(exc)) from None
    echo(f"akun dihapus: {name}")
    return 0


@_editor_user.command("password")
@click.argument("name", metavar="NAMA")
@data_option
def _editor_user_password(name, data) -> int:
    """Ganti kata sandi NAMA (dibaca seperti pada `user add`); semua sesinya berakhir."""
    accounts = _accounts(data)
    errors = _editor_module("accounts").AccountError
    if accounts.get(name) is None:
        raise UsageError(f"pengguna `{name}` tidak ada.")
    try:
        accounts.set_password(name, _read_password())
    except errors as exc:
        raise UsageError(str(exc)) from None
    echo(f"kata sandi diganti: {name}")
    return 0
