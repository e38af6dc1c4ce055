"""Keys already seen in the file, with the row each was first seen on, in bounded memory.

An import must say "this citizen ID is already on row N" and "this household appeared
above" however far apart the two rows are, so every key of the file has to be kept
until the end. Kept in Python (a dict or set) that grows with the file: about 10 MB
more for 100,000 rows. Here the keys of the current chunk are held in a dict, and at
each chunk's end they are moved into a private temporary SQLite database (stdlib
``sqlite3``, ``sqlite3.connect("")``: an unnamed file SQLite creates and deletes
itself). Its page cache is capped (``CACHE_KIB``), so what it holds in memory is bounded
too; beyond that it lives on disk. A lookup is one primary-key read, a few microseconds.

Why not a temporary table in the project's database: a check (preview) runs outside a
transaction, so on PostgreSQL the table would outlive the run on a pooled connection
unless dropped, and a drop after an error inside the import's transaction fails; every
lookup would also be a network round trip (or the checks would have to be rearranged per
chunk). This store is the same on SQLite and PostgreSQL, needs no model or migration,
and keeps the checks exactly where and in the order they were.
"""

import sqlite3

CACHE_KIB = 1024


class FirstRows:
    """key -> first row number, for several kinds of key (each its own table)."""

    def __init__(self, *kinds: str):
        self.db = sqlite3.connect("", isolation_level=None, check_same_thread=False)
        for pragma in (f"cache_size=-{CACHE_KIB}", "journal_mode=OFF", "synchronous=OFF", "temp_store=FILE"):
            self.db.execute(f"PRAGMA {pragma}")
        self.pending: dict[str, dict[str, int]] = {}
        for kind in kinds:
            self.db.execute(f"CREATE TABLE {kind} (key TEXT PRIMARY KEY, row INTEGER NOT NULL) WITHOUT ROWID")
            self.pending[kind] = {}

    def get(self, kind: str, key: str) -> int | None:
        row = self.pending[kind].get(key)
        if row is None:
            found = self.db.execute(f"SELECT row FROM {kind} WHERE key = ?", (key,)).fetchone()
            row = found[0] if found else None
        return row

    def add(self, kind: str, key: str, row: int) -> None:
        """Record a key not seen before (get() returned None)."""
        self.pending[kind][key] = row

    def spill(self) -> None:
        """Move the keys held in memory to disk: call at the end of each chunk."""
        if not any(self.pending.values()):
            return
        self.db.execute("BEGIN")
        for kind, keys in self.pending.items():
            self.db.executemany(f"INSERT INTO {kind} (key, row) VALUES (?, ?)", keys.items())
            keys.clear()
        self.db.execute("COMMIT")

    def close(self) -> None:
        self.db.close()
