"""The content repository: every change the editor makes is one commit, with the admin as author.

Writes hold one lock (a thread lock and a lock file in `--data`), so two admins saving at once,
or a push pulling in others' work, never interleave. `git` runs with the operator's environment
minus every GIT_* variable (GIT_DIR or GIT_WORK_TREE would point it at another repository).
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import os
import subprocess
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

COMMITTER = ("kimgen editor", "editor@kimgen.invalid")
TIMEOUT = 120


class GitError(Exception):
    pass


def blob_hash(data: bytes | None) -> str:
    """What `git hash-object` says of these bytes; "" for a file that does not exist."""
    if data is None:
        return ""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def file_hash(path: Path) -> str:
    try:
        return blob_hash(path.read_bytes())
    except FileNotFoundError:
        return ""


@dataclass
class Change:
    commit: str
    author: str
    date: dt.datetime
    message: str
    paths: list[str] = field(default_factory=list)


class Repo:
    def __init__(self, root: Path, lock_file: Path):
        self.root = Path(root).resolve()
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
        self.env.update(GIT_TERMINAL_PROMPT="0", GIT_PAGER="cat", LC_ALL="C", GIT_EDITOR="true")
        try:
            self.top = Path(self._git("rev-parse", "--show-toplevel").strip()).resolve()
        except (GitError, OSError) as exc:
            raise GitError(f"{self.root} tidak berada di dalam repositori git ({exc}).") from None
        self.lock_file = lock_file
        self._thread_lock = threading.Lock()

    def _git(self, *args: str, check: bool = True) -> str:
        done = subprocess.run(["git", "-c", "core.quotepath=off", *args], cwd=self.root, env=self.env,
                              capture_output=True, text=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL)
        if check and done.returncode != 0:
            raise GitError((done.stderr or done.stdout).strip() or f"git {args[0]} gagal ({done.returncode})")
        return done.stdout

    @contextmanager
    def locked(self):
        with self._thread_lock, open(self.lock_file, "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def rel(self, path: Path) -> str:
        return Path(path).resolve().relative_to(self.root).as_posix() if Path(path).is_absolute() else str(path)

    def branch(self) -> str | None:
        """The current branch, None when HEAD is detached."""
        found = self._git("symbolic-ref", "--short", "-q", "HEAD", check=False).strip()
        return found or None

    def commit(self, paths: list[Path], message: str, author: str) -> str:
        """Commit exactly `paths` (written, added or removed) and nothing else of the index; the new id.
        The caller holds the lock."""
        rels = [self.rel(p) for p in paths]
        self._git("add", "--all", "--", *rels)
        try:
            self._git("-c", f"user.name={COMMITTER[0]}", "-c", f"user.email={COMMITTER[1]}", "commit", "--quiet",
                      "--no-edit", f"--author={author}", "-m", message, "--only", "--", *rels)
        except GitError:
            self._git("restore", "--staged", "--", *rels, check=False)
            raise
        return self._git("rev-parse", "HEAD").strip()

    def tracked(self, path: Path) -> bool:
        return bool(self._git("ls-files", "--", self.rel(path), check=False).strip())

    def last_change(self, path: Path) -> Change | None:
        found = self.history([self.rel(path)], 1)
        return found[0] if found else None

    def history(self, pathspecs: list[str], limit: int = 30) -> list[Change]:
        """The newest commits touching `pathspecs`, each with the paths it changed (relative to the root)."""
        if not pathspecs:
            return []
        out = self._git("log", f"-n{int(limit)}", "--no-color", "--relative", "--name-only",
                        "--format=%x1e%H%x00%an%x00%aI%x00%s", "--", *pathspecs, check=False)
        changes = []
        for record in out.split("\x1e")[1:]:
            head, _, names = record.partition("\n")
            parts = head.split("\x00")
            if len(parts) != 4:
                continue
            changes.append(Change(parts[0], parts[1], dt.datetime.fromisoformat(parts[2]), parts[3],
                                  [n for n in names.split("\n") if n]))
        return changes

    def push(self) -> str:
        """Bring in what others pushed (rebase) and push; the caller holds the lock. Git's own words on failure."""
        upstream = self._git("rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{u}", check=False).strip()
        if upstream:
            self._git("pull", "--rebase", "--quiet")
        self._git("push", "--quiet")
        return upstream
