"""Sessions, CSRF tokens and login throttling.

A session id is a random token in an HttpOnly cookie; only its SHA-256 is stored, so a copy of
the database does not log anyone in. Each session has its own CSRF token, put in every form.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time

from kimgen.editor.accounts import Accounts, User
from kimgen.editor.store import Store

IDLE = 3 * 24 * 3600  # an admin who writes twice a week need not log in each time
LIFETIME = 14 * 24 * 3600
SEEN_EVERY = 60
# login throttling: this many failures within WINDOW blocks the key until the oldest ages out
WINDOW = 15 * 60
LIMIT_PER_NAME = 5
LIMIT_PER_ADDRESS = 20  # a village office shares one address among its admins


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def same(a: str, b: str) -> bool:
    return bool(a) and bool(b) and hmac.compare_digest(a.encode("utf-8", "replace"), b.encode("utf-8", "replace"))


class Sessions:
    def __init__(self, store: Store, accounts: Accounts):
        self.store = store
        self.accounts = accounts

    def start(self, name: str) -> str:
        token = secrets.token_urlsafe(32)
        now = time.time()
        with self.store.connect() as db:
            db.execute("DELETE FROM sessions WHERE seen < ? OR created < ?", (now - IDLE, now - LIFETIME))
            db.execute("INSERT INTO sessions VALUES (?, ?, ?, ?, ?)",
                       (_digest(token), name, secrets.token_urlsafe(32), now, now))
        return token

    def find(self, token: str | None) -> tuple[User, str] | None:
        """(user, CSRF token) of a live session."""
        if not token or len(token) > 100:
            return None
        now = time.time()
        key = _digest(token)
        with self.store.connect() as db:
            row = db.execute("SELECT name, csrf, created, seen FROM sessions WHERE id = ?", (key,)).fetchone()
            if row is None:
                return None
            name, csrf, created, seen = row
            if seen < now - IDLE or created < now - LIFETIME:
                db.execute("DELETE FROM sessions WHERE id = ?", (key,))
                return None
            if now - seen > SEEN_EVERY:
                db.execute("UPDATE sessions SET seen = ? WHERE id = ?", (now, key))
        user = self.accounts.get(name)
        return (user, csrf) if user else None

    def end(self, token: str | None) -> None:
        if token:
            with self.store.connect() as db:
                db.execute("DELETE FROM sessions WHERE id = ?", (_digest(token),))

    # -- throttling -------------------------------------------------------------------------

    def wait(self, name: str, address: str) -> int:
        """Seconds until this name and address may try again (0: now)."""
        now = time.time()
        longest = 0.0
        with self.store.connect() as db:
            db.execute("DELETE FROM failures WHERE at < ?", (now - WINDOW,))
            for key, limit in ((f"name:{name}", LIMIT_PER_NAME), (f"addr:{address}", LIMIT_PER_ADDRESS)):
                times = [at for (at,) in db.execute("SELECT at FROM failures WHERE key = ? ORDER BY at DESC", (key,))]
                if len(times) >= limit:
                    longest = max(longest, times[limit - 1] + WINDOW - now)
        return int(longest + 0.999) if longest > 0 else 0

    def failed(self, name: str, address: str) -> None:
        now = time.time()
        with self.store.connect() as db:
            db.executemany("INSERT INTO failures VALUES (?, ?)", [(f"name:{name}", now), (f"addr:{address}", now)])

    def succeeded(self, name: str) -> None:
        with self.store.connect() as db:
            db.execute("DELETE FROM failures WHERE key = ?", (f"name:{name}",))
