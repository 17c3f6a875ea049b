#!/usr/bin/env python3
"""Build the Sluice demo database from the Drizzle migrations folder.

    python3 make-demo-db.py OUT.db [--pending N]

Deletes OUT.db, applies every migration of drizzle/meta/_journal.json except
the last N (default 2, so that the demo shows pending migrations), records
each one in __drizzle_migrations exactly the way drizzle-orm's better-sqlite3
migrator does, loads seed.sql, checks the result and runs ANALYZE.

Standard library only.
"""

import argparse
import hashlib
import json
import os
import re
import sqlite3
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

BREAKPOINT = "--> statement-breakpoint"

# The statement drizzle-orm 0.45 (sqlite-core/dialect.js, SQLiteSyncDialect)
# runs, whitespace included: SQLite stores the text from CREATE to the closing
# parenthesis (minus IF NOT EXISTS) in sqlite_schema, so the tabs matter to
# anyone comparing schemas.
MIGRATIONS_TABLE_DDL = (
    "\n\t\t\tCREATE TABLE IF NOT EXISTS \"__drizzle_migrations\" (\n"
    "\t\t\t\tid SERIAL PRIMARY KEY,\n"
    "\t\t\t\thash text NOT NULL,\n"
    "\t\t\t\tcreated_at numeric\n"
    "\t\t\t)\n\t\t"
)
RECORD_MIGRATION = (
    'insert into "__drizzle_migrations" ("hash", "created_at") values(?, ?)'
)


class DemoError(Exception):
    pass


def read_journal(folder):
    path = os.path.join(folder, "meta", "_journal.json")
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except FileNotFoundError:
        raise DemoError(f"no journal: {path} does not exist "
                        "(run ./regenerate.sh, or pass --migrations DIR)")
    try:
        journal = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise DemoError(f"malformed journal {path}: not valid JSON ({e})")
    if not isinstance(journal, dict) or not isinstance(journal.get("entries"), list):
        raise DemoError(f"malformed journal {path}: expected an object with an 'entries' array")
    entries = journal["entries"]
    for pos, e in enumerate(entries):
        where = f"malformed journal {path}: entries[{pos}]"
        if not isinstance(e, dict):
            raise DemoError(f"{where} is not an object")
        tag = e.get("tag")
        when = e.get("when")
        if not isinstance(tag, str) or not tag:
            raise DemoError(f"{where} has no 'tag' string")
        if isinstance(when, bool) or not isinstance(when, int):
            raise DemoError(f"{where} ({tag}) has no integer 'when' (got {when!r})")
        if pos > 0 and when <= entries[pos - 1]["when"]:
            # drizzle-orm would skip such an entry on an existing database.
            print(f"make-demo-db: warning: {tag}: 'when' {when} does not increase "
                  f"(previous {entries[pos - 1]['when']})", file=sys.stderr)
    return path, entries


def node_utf8_text(data):
    """What Node's fs.readFileSync(file).toString() yields: UTF-8, with
    invalid sequences replaced by U+FFFD (and a BOM kept)."""
    return data.decode("utf-8", errors="replace")


_COMMENTS = re.compile(r"--[^\n]*|/\*.*?(\*/|$)", re.S)


def has_statement(chunk):
    return _COMMENTS.sub("", chunk).strip() != ""


def apply_migration(con, folder, entry):
    tag = entry["tag"]
    path = os.path.join(folder, tag + ".sql")
    try:
        with open(path, "rb") as f:
            data = f.read()
    except FileNotFoundError:
        raise DemoError(f"{tag}: the journal lists it but {path} does not exist")
    query = node_utf8_text(data)
    digest = hashlib.sha256(query.encode("utf-8")).hexdigest()
    chunks = query.split(BREAKPOINT)

    # A safe migrator: foreign keys off *before* the transaction (inside one
    # the pragma is ignored, so DROP TABLE of a parent would cascade), checked
    # before commit, and back on afterwards.
    con.execute("PRAGMA foreign_keys = OFF")
    con.execute("BEGIN")
    try:
        for number, chunk in enumerate(chunks, 1):
            if not has_statement(chunk):
                raise DemoError(f"{tag}: statement {number} of {len(chunks)} is empty or only a "
                                "comment (drizzle-orm's migrator fails on it)")
            try:
                con.execute(chunk)
            except sqlite3.Error as e:
                raise DemoError(f"{tag}: statement {number} of {len(chunks)} failed: {e}\n"
                                f"{chunk.strip()}")
        con.execute(RECORD_MIGRATION, (digest, entry["when"]))
        problems = con.execute("PRAGMA foreign_key_check").fetchall()
        if problems:
            raise DemoError(f"{tag}: foreign key violations after the migration: {problems[:5]}")
        con.execute("COMMIT")
    except BaseException:
        if con.in_transaction:
            con.execute("ROLLBACK")
        raise
    finally:
        con.execute("PRAGMA foreign_keys = ON")


def count_rows(con):
    tables = [r[0] for r in con.execute(
        "SELECT name FROM sqlite_schema WHERE type = 'table' "
        "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")]
    total = 0
    for t in tables:
        total += con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
    return tables, total


def build(out, folder, pending, seed):
    journal_path, entries = read_journal(folder)
    if pending < 0 or pending > len(entries):
        raise DemoError(f"--pending {pending}: the journal has {len(entries)} migrations")
    to_apply = entries[:len(entries) - pending]
    left = entries[len(entries) - pending:]

    # Read everything before touching OUT.db.
    for e in to_apply:
        p = os.path.join(folder, e["tag"] + ".sql")
        if not os.path.isfile(p):
            raise DemoError(f"{e['tag']}: the journal lists it but {p} does not exist")
    seed_sql = None
    if seed:
        try:
            with open(seed, encoding="utf-8") as f:
                seed_sql = f.read()
        except FileNotFoundError:
            raise DemoError(f"seed file {seed} does not exist")

    for suffix in ("", "-journal", "-wal", "-shm"):
        if os.path.exists(out + suffix):
            os.remove(out + suffix)
    parent = os.path.dirname(os.path.abspath(out))
    os.makedirs(parent, exist_ok=True)

    con = sqlite3.connect(out, isolation_level=None)
    try:
        con.execute(MIGRATIONS_TABLE_DDL)
        for e in to_apply:
            apply_migration(con, folder, e)

        if seed_sql is not None:
            con.execute("PRAGMA foreign_keys = ON")
            try:
                con.executescript(seed_sql)
            except sqlite3.Error as e:
                if con.in_transaction:
                    con.execute("ROLLBACK")
                raise DemoError(f"loading {seed} failed: {e}")

        integrity = [r[0] for r in con.execute("PRAGMA integrity_check")]
        if integrity != ["ok"]:
            raise DemoError("PRAGMA integrity_check: " + "; ".join(integrity[:10]))
        fk = con.execute("PRAGMA foreign_key_check").fetchall()
        if fk:
            raise DemoError(f"PRAGMA foreign_key_check: {len(fk)} violations, e.g. {fk[:5]}")
        con.execute("ANALYZE")

        tables, rows = count_rows(con)
    finally:
        con.close()

    pending_txt = ", ".join(e["tag"] for e in left) if left else "none"
    print(f"{out}: {len(tables)} tables, {rows} rows, {len(to_apply)} migrations applied, "
          f"{len(left)} pending ({pending_txt})")


def main(argv=None):
    ap = argparse.ArgumentParser(
        description="Build the Sluice demo SQLite database from the Drizzle migrations.")
    ap.add_argument("out", metavar="OUT.db", help="database file to create (replaced if present)")
    ap.add_argument("--pending", type=int, default=2, metavar="N",
                    help="leave the last N journal entries unapplied (default: 2)")
    ap.add_argument("--migrations", default=os.path.join(HERE, "drizzle"), metavar="DIR",
                    help="migrations folder (default: drizzle/ beside this script)")
    ap.add_argument("--seed", default=os.path.join(HERE, "seed.sql"), metavar="FILE",
                    help="SQL loaded after the migrations (default: seed.sql beside this script)")
    ap.add_argument("--no-seed", action="store_true", help="do not load any seed data")
    args = ap.parse_args(argv)
    try:
        build(args.out, args.migrations, args.pending, None if args.no_seed else args.seed)
    except DemoError as e:
        print(f"make-demo-db: error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
