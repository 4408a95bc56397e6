"""Time kimgen (cold, no change, one post changed, retitled or added, check) against Hugo on the same corpus.

    python bench/run.py --kims 200 --posts 50 [--repeat 3] [--jobs 2] [--work /tmp/kimgen-bench]

Every figure is the median of --repeat runs of a fresh process (Python start-up included).
Memory is measured in runs of its own (--memory-runs per figure, after the timed ones): a
sampler reads /proc every 10 ms and sums over the process and all its descendants both RSS
(shared pages of forked workers counted once per process, so it overstates) and PSS (shared
pages split between the processes sharing them: the real total). Short runs may peak
between two samples; the figures are lower bounds then. The sampler is kept out of the
timed runs: reading smaps_rollup of every process each 10 ms takes CPU from a build that
uses both cores (40 ms of a one-post rebuild on the 2-core machine of bench/README.md).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402

# The `kimgen` command beside this Python, as operators run it (`python -m kimgen` adds runpy's
# start-up); the module where no script was installed.
_SCRIPT = Path(sys.executable).with_name("kimgen")
KIMGEN = [str(_SCRIPT)] if _SCRIPT.is_file() else [sys.executable, "-m", "kimgen"]


def _children(pid: int) -> list[int]:
    found = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children") as handle:
                found += [int(c) for c in handle.read().split()]
    except OSError:
        pass
    return found


def _memory(pid: int) -> tuple[int, int]:
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1])
    except OSError:
        pass
    return rss, pss


class Sampler(threading.Thread):
    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.rss, self.pss, self.running = pid, 0, 0, True

    def run(self) -> None:
        while self.running:
            pids, queue = [], [self.pid]
            while queue:
                pid = queue.pop()
                pids.append(pid)
                queue += _children(pid)
            totals = [_memory(pid) for pid in pids]
            self.rss = max(self.rss, sum(t[0] for t in totals))
            self.pss = max(self.pss, sum(t[1] for t in totals))
            time.sleep(0.01)


def timed(command: list[str], env: dict, cwd: Path, sample: bool = False) -> tuple[float, int, int, int]:
    """(seconds, peak RSS KB, peak PSS KB, exit code) of one run; memory 0 unless `sample`."""
    # the previous run's files still being written back to disk (26,000 after a cold build) would
    # slow this one's reads; nightly builds are a day apart
    os.sync()
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    sampler = Sampler(process.pid)
    if sample:
        sampler.start()
    _, err = process.communicate()
    seconds = time.perf_counter() - started
    if sample:
        sampler.running = False
        sampler.join()
    if process.returncode != 0:  # the corpus has no errors: an edit that made one is the benchmark's bug
        sys.stderr.write(err.decode(errors="replace")[-2000:])
    return seconds, sampler.rss, sampler.pss, process.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kims", type=int, default=200)
    parser.add_argument("--posts", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--work", type=Path, default=Path("/tmp/kimgen-bench"))
    parser.add_argument("--memory-runs", type=int, default=2, help="runs with the memory sampler, per figure")
    parser.add_argument("--without-search", action="store_true",
                        help="ignored: the search index is now a cheap part of every build (kept for old scripts)")
    args = parser.parse_args()

    work = args.work
    root, hugo_src, out, cache = work / "konten", work / "hugo-site", work / "sites", work / "cache"
    hugo = shutil.which("hugo")
    files = corpus.generate(root, args.kims, args.posts, args.seed, dt.date(2026, 11, 20), hugo_src if hugo else None)
    env = {**os.environ, "KIMGEN_NOW": "2026-11-22", "CI": "true"}
    build = KIMGEN + ["build", str(root), "-o", str(out), "--cache-dir", str(cache), "--jobs", str(args.jobs)]
    results: dict[str, list[tuple[float, int, int, int]]] = {}
    memory: dict[str, tuple[int, int, list[int]]] = {}  # peak RSS and PSS KB of the sampled runs, failed exits
    # Run from the work folder: `python -m kimgen` started inside a checkout would import the
    # checkout's kimgen (uncompiled where PYTHONDONTWRITEBYTECODE is set), not the installed one.
    found = subprocess.run([sys.executable, "-c", "import kimgen; print(kimgen.__file__)"], cwd=work,
                           capture_output=True, text=True).stdout.strip()

    def record(name: str, command: list[str], before=None) -> None:
        runs, sampled = [], []
        for n in range(args.repeat + args.memory_runs):
            if before:
                before(n)
            (runs if n < args.repeat else sampled).append(timed(command, env, work, sample=n >= args.repeat))
        results[name] = runs
        memory[name] = (max([r[1] for r in sampled] + [0]), max([r[2] for r in sampled] + [0]),
                        sorted({r[3] for r in runs + sampled} - {0}))

    def empty(_n: int) -> None:  # as for Hugo below: deleting the last output is not part of a build
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)

    record("kimgen cold", build, empty)
    record("kimgen no change", build)

    def touch(n: int) -> None:
        path = files[(n * 7919) % len(files)]
        path.write_text(path.read_text(encoding="utf-8") + f"\nTambahan kabar nomor {n}.\n", encoding="utf-8")

    record("kimgen one post changed", build, touch)

    def retitle(n: int) -> None:  # the post's own page, its neighbours and the lists that show it
        path = files[(n * 6007 + 11) % len(files)]
        path.write_text(path.read_text(encoding="utf-8").replace("judul: ", f"judul: Kabar {n} - ", 1), encoding="utf-8")

    record("kimgen one title changed", build, retitle)

    def add(n: int) -> None:  # the usual night: a new berita, the newest of its KIM (and of the portal)
        source = files[(n * 4001 + 3) % len(files)]
        text = re.sub(r"^tanggal: .*$", "tanggal: 2026-11-21", source.read_text(encoding="utf-8"), count=1, flags=re.M)
        source.with_name(f"2026-11-21-kabar-baru-{n}.md").write_text(text, encoding="utf-8")

    record("kimgen one new post", build, add)
    record("kimgen check", KIMGEN + ["check", str(root)])
    if hugo:
        hugo_out = work / "hugo-public"

        def fresh(_n: int) -> None:
            shutil.rmtree(hugo_out, ignore_errors=True)
            shutil.rmtree(hugo_src / "resources", ignore_errors=True)

        record("hugo cold", [hugo, "--source", str(hugo_src), "--destination", str(hugo_out), "--quiet"], fresh)

    pages = sum(1 for _ in out.rglob("*.html"))
    hugo_pages = sum(1 for _ in (work / "hugo-public").rglob("*.html")) if hugo else 0
    print(f"corpus: {args.kims} KIM x {args.posts} tulisan = {len(files)} tulisan; kimgen {pages} halaman HTML"
          + (f", Hugo {hugo_pages} halaman HTML" if hugo else "") + f"; jobs={args.jobs}; repeat={args.repeat}")
    print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; kimgen from {found}")
    base = statistics.median(r[0] for r in results["hugo cold"]) if hugo else None
    print(f"{'run':<26}{'median s':>10}{'min s':>8}{'vs hugo':>9}{'peak RSS MB':>13}{'peak PSS MB':>13}")
    for name, runs in results.items():
        seconds = statistics.median(r[0] for r in runs)
        ratio = f"{seconds / base:.2f}x" if base else "-"
        codes = memory[name][2]
        print(f"{name:<26}{seconds:>10.3f}{min(r[0] for r in runs):>8.3f}{ratio:>9}"
              f"{memory[name][0] / 1024:>13.1f}{memory[name][1] / 1024:>13.1f}"
              + (f"  exit {codes}: not a valid figure" if codes else ""))


if __name__ == "__main__":
    main()
