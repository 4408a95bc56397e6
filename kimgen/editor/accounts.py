"""Editor accounts: who may edit which KIM. Passwords are kept only as Argon2 hashes."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from kimgen.config.slugs import is_slug
from kimgen.editor.store import Store

USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{1,39}")
MIN_PASSWORD = 10
MAX_PASSWORD = 1024  # Argon2 takes any length; a megabyte "password" is only a way to waste the server's time
EMAIL = re.compile(r"[^\s@<>\"]+@[^\s@<>\"]+\.[^\s@<>\"]+")
_HASHER = PasswordHasher()
# verified when the name is unknown, so a wrong name costs the same time as a wrong password
_DUMMY = _HASHER.hash("kimgen-editor-tidak-ada-pengguna-ini")


class AccountError(Exception):
    """Said to the operator as is (Indonesian)."""


@dataclass(frozen=True)
class User:
    name: str
    full_name: str
    email: str
    pembina: bool
    kims: tuple[str, ...]

    def can_edit(self, slug: str) -> bool:
        return slug in self.kims

    @property
    def author(self) -> str:
        """`Nama <email>` for git; an account without an address gets one that says where it came from."""
        return f"{self.full_name} <{self.email or self.name + '@editor.kimgen.invalid'}>"


def check_name(name: str) -> str:
    if not USERNAME.fullmatch(name or ""):
        raise AccountError(f"nama pengguna `{name}` tidak bisa dipakai: 2 sampai 40 huruf kecil, angka, titik, "
                           "garis bawah atau tanda hubung, diawali huruf atau angka (misalnya `siti.aminah`).")
    return name


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"kata sandi terlalu pendek: paling sedikit {MIN_PASSWORD} karakter. "
                           "Tiga atau empat kata yang mudah diingat, misalnya `kopi pagi di balai desa`, lebih kuat.")
    if len(password) > MAX_PASSWORD:
        raise AccountError(f"kata sandi terlalu panjang (paling banyak {MAX_PASSWORD} karakter).")
    return password


def _clean(text: str, what: str, limit: int = 120) -> str:
    text = (text or "").strip()
    if any(ord(c) < 32 or ord(c) == 127 for c in text) or len(text) > limit or any(c in text for c in "<>"):
        raise AccountError(f"{what} tidak boleh memuat tanda < >, baris baru atau lebih dari {limit} karakter.")
    return text


class Accounts:
    def __init__(self, store: Store):
        self.store = store

    def add(self, name: str, password: str, kims: list[str], full_name: str = "", email: str = "",
            pembina: bool = False) -> User:
        check_name(name)
        check_password(password)
        for slug in kims:
            if not is_slug(slug):
                raise AccountError(f"`{slug}` bukan nama folder KIM (huruf kecil, angka dan tanda hubung).")
        if not kims and not pembina:
            raise AccountError("sebutkan KIM yang boleh disunting dengan --kim SLUG (boleh diulang), "
                               "atau --pembina untuk pembina tanpa KIM sendiri.")
        full_name = _clean(full_name, "nama lengkap") or name
        email = _clean(email, "alamat surel")
        if email and not EMAIL.fullmatch(email):
            raise AccountError(f"`{email}` bukan alamat surel (contoh: siti@example.id).")
        with self.store.connect() as db:
            if db.execute("SELECT 1 FROM users WHERE name = ?", (name,)).fetchone():
                raise AccountError(f"pengguna `{name}` sudah ada; ganti kata sandinya dengan "
                                   f"`kimgen editor user password {name}`.")
            db.execute("INSERT INTO users VALUES (?, ?, ?, ?, ?, ?)",
                       (name, full_name, email, _HASHER.hash(password), int(pembina), time.time()))
            db.executemany("INSERT OR IGNORE INTO user_kims VALUES (?, ?)", [(name, k) for k in kims])
        return self.get(name)

    def get(self, name: str) -> User | None:
        with self.store.connect() as db:
            row = db.execute("SELECT name, full_name, email, pembina FROM users WHERE name = ?", (name,)).fetchone()
            if row is None:
                return None
            kims = tuple(k for (k,) in db.execute("SELECT kim FROM user_kims WHERE name = ? ORDER BY kim", (name,)))
        return User(row[0], row[1], row[2], bool(row[3]), kims)

    def all(self) -> list[User]:
        with self.store.connect() as db:
            names = [n for (n,) in db.execute("SELECT name FROM users ORDER BY name")]
        return [user for user in map(self.get, names) if user]

    def remove(self, name: str) -> None:
        with self.store.connect() as db:
            if not db.execute("DELETE FROM users WHERE name = ?", (name,)).rowcount:
                raise AccountError(f"pengguna `{name}` tidak ada.")

    def set_password(self, name: str, password: str) -> None:
        """A new password also ends every session of the account (a lost phone stays logged in otherwise)."""
        check_password(password)
        with self.store.connect() as db:
            if not db.execute("UPDATE users SET hash = ? WHERE name = ?", (_HASHER.hash(password), name)).rowcount:
                raise AccountError(f"pengguna `{name}` tidak ada.")
            db.execute("DELETE FROM sessions WHERE name = ?", (name,))

    def verify(self, name: str, password: str) -> User | None:
        """The user when the password is right; the same work is done when the name is unknown."""
        with self.store.connect() as db:
            row = db.execute("SELECT hash FROM users WHERE name = ?", (name,)).fetchone()
        stored = row[0] if row else _DUMMY
        try:
            _HASHER.verify(stored, password[:MAX_PASSWORD])
        except (VerificationError, InvalidHashError):
            return None
        if row is None:
            return None
        if _HASHER.check_needs_rehash(stored):  # parameters raised since: upgrade on the next good login
            with self.store.connect() as db:
                db.execute("UPDATE users SET hash = ? WHERE name = ?", (_HASHER.hash(password), name))
        return self.get(name)
