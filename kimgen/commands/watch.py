"""Watching files for `kimgen serve`: debounce editor events into one rebuild.

An editor's save is several events (write a temp file, rename, touch the folder);
like Hugo's batcher and MkDocs' build_delay, events are collected until the files
have been quiet for a moment and then handled as one change set.
"""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

from watchdog.events import FileSystemEventHandler
from watchdog.observers import Observer

from kimgen.render.theme import THEMES_DIR

DEBOUNCE_SECONDS = 0.25
_CHANGES = {"created", "modified", "deleted", "moved"}
_EDITOR_JUNK = ("~", ".swp", ".swx", ".tmp", ".part", ".crdownload")


def is_relevant(path: str) -> bool:
    name = Path(path).name
    if name.endswith(_EDITOR_JUNK) or name.startswith(".#"):
        return False
    return not any(part.startswith(".") for part in Path(path).parts)


class _Collector(FileSystemEventHandler):
    def __init__(self, watcher: "Watcher"):
        self.watcher = watcher

    def on_any_event(self, event) -> None:
        if event.event_type not in _CHANGES:
            return  # opened/closed events fire when the build itself reads the files
        if event.is_directory and event.event_type == "modified":
            return  # a folder "changes" whenever a file in it does; the file's own event says which
        for raw in (event.src_path, getattr(event, "dest_path", "")):
            path = raw.decode() if isinstance(raw, bytes) else raw
            if path and is_relevant(path):
                self.watcher.add(Path(path))


class Watcher:
    """Watches the content root and the packaged themes; calls `on_change(paths)` once per quiet burst."""

    def __init__(self, root: Path, on_change, debounce: float = DEBOUNCE_SECONDS):
        self.root = root
        self.on_change = on_change
        self.debounce = debounce
        self.pending: set[Path] = set()
        self.last_event = 0.0
        self.lock = threading.Lock()
        self.wake = threading.Event()
        self.stopping = False
        self.observer = Observer()
        self.thread = threading.Thread(target=self._run, name="kimgen-rebuild", daemon=True)

    def add(self, path: Path) -> None:
        with self.lock:
            self.pending.add(path)
            self.last_event = time.monotonic()
        self.wake.set()

    def start(self) -> None:
        collector = _Collector(self)
        self.observer.schedule(collector, str(self.root), recursive=True)
        if THEMES_DIR.is_dir():
            self.observer.schedule(collector, str(THEMES_DIR), recursive=True)
        self.observer.daemon = True
        self.observer.start()
        self.thread.start()

    def stop(self) -> None:
        self.stopping = True
        self.wake.set()
        self.observer.stop()

    def _run(self) -> None:
        while not self.stopping:
            self.wake.wait()
            if self.stopping:
                return
            while True:  # wait until the files have been quiet for `debounce` seconds
                with self.lock:
                    quiet = time.monotonic() - self.last_event
                if quiet >= self.debounce:
                    break
                time.sleep(self.debounce - quiet)
            with self.lock:
                changes, self.pending = self.pending, set()
                self.wake.clear()
            if changes:
                try:
                    self.on_change(changes)
                except Exception as exc:  # noqa: BLE001 - the watcher must keep running for the next save
                    print(f"kimgen serve: {type(exc).__name__}: {exc}", file=sys.stderr, flush=True)
