"""The editor's own data: one SQLite file in the `--data` folder, never in the content repository.

Each call opens its own connection: the server answers requests from a thread pool, and a
connection per operation is cheap for a file this small.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing, contextmanager
from pathlib import Path

DB_NAME = "editor.sqlite3"

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    name TEXT PRIMARY KEY, full_name TEXT NOT NULL, email TEXT NOT NULL, hash TEXT NOT NULL,
    pembina INTEGER NOT NULL, created REAL NOT NULL);
CREATE TABLE IF NOT EXISTS user_kims (
    name TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE, kim TEXT NOT NULL, PRIMARY KEY (name, kim));
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY, name TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE, csrf TEXT NOT NULL,
    created REAL NOT NULL, seen REAL NOT NULL);
CREATE TABLE IF NOT EXISTS failures (key TEXT NOT NULL, at REAL NOT NULL);
CREATE INDEX IF NOT EXISTS failures_key ON failures (key, at);
CREATE TABLE IF NOT EXISTS uploads (
    kim TEXT NOT NULL, path TEXT NOT NULL, name TEXT NOT NULL, at REAL NOT NULL, PRIMARY KEY (kim, path));
"""


def default_data_dir() -> Path:
    """$XDG_DATA_HOME/kimgen-editor, else ~/.local/share/kimgen-editor: outside any content repository."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "kimgen-editor"


class Store:
    def __init__(self, data: Path):
        self.data = Path(data)
        self.data.mkdir(parents=True, exist_ok=True)
        os.chmod(self.data, 0o700)  # password hashes and session ids: the operator's eyes only
        self.path = self.data / DB_NAME
        with self.connect() as db:
            db.executescript(SCHEMA)
        os.chmod(self.path, 0o600)

    @contextmanager
    def connect(self):
        """A connection in one transaction: committed when the block ends, rolled back on an exception."""
        with closing(sqlite3.connect(self.path, timeout=15)) as db:
            db.execute("PRAGMA foreign_keys = ON")
            with db:
                yield db
