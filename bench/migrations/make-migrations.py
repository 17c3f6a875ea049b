#!/usr/bin/env python3
"""Generates a drizzle-kit style migrations folder: make-migrations.py OUT_DIR N [--seed S].

OUT_DIR/meta/_journal.json lists N entries with increasing `when`; each NNNN_adjective_noun.sql holds
statements separated by `--> statement-breakpoint`, written the way drizzle-kit writes them for SQLite:
CREATE TABLE with backtick identifiers, ALTER TABLE ... ADD, CREATE INDEX, now and then a table
rebuild (`__new_X`, PRAGMA foreign_keys=OFF/ON, INSERT ... SELECT, DROP, RENAME), and INSERTs of a
few rows so the tables are not empty. Same arguments, same bytes (seeded random generator).
The first migration creates a `users` table that later tables reference, so some foreign keys exist.
"""
import json
import os
import random
import sys

BP = "--> statement-breakpoint"
ADJECTIVES = ["brave", "calm", "dark", "eager", "fancy", "gentle", "happy", "icy", "jolly", "keen",
              "lucky", "mighty", "nimble", "odd", "proud", "quiet", "rapid", "silly", "tidy", "wise"]
NOUNS = ["hulk", "storm", "thor", "wolverine", "vision", "falcon", "gamora", "groot", "loki", "mystique",
         "nova", "phoenix", "rogue", "sabretooth", "titania", "ultron", "venom", "wasp", "xavier", "zeigeist"]
TYPES = [("text", "'x'"), ("integer", "0"), ("real", "0.5"), ("integer", "1")]


class Table:
    def __init__(self, name, references_users):
        self.name = name
        # (name, type, constraints) in order; `id` first.
        self.columns = [("id", "integer", "PRIMARY KEY AUTOINCREMENT NOT NULL"),
                        ("title", "text", "NOT NULL"),
                        ("created_at", "integer", "DEFAULT (unixepoch()) NOT NULL")]
        self.fk = references_users
        if references_users:
            self.columns.append(("user_id", "integer", "NOT NULL"))
        self.indexes = []  # (name, columns, unique)
        self.next_row = 1

    def column_sql(self, col):
        name, typ, cons = col
        return f"\t`{name}` {typ}" + (f" {cons}" if cons else "")

    def create_sql(self, name=None):
        lines = [self.column_sql(c) for c in self.columns]
        if self.fk:
            lines.append(f"\tFOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action "
                         f"ON DELETE cascade")
        return f"CREATE TABLE `{name or self.name}` (\n" + ",\n".join(lines) + "\n);\n"

    def index_sql(self, idx):
        name, cols, unique = idx
        cols_sql = ",".join(f"`{c}`" for c in cols)
        return f"CREATE {'UNIQUE ' if unique else ''}INDEX `{name}` ON `{self.name}` ({cols_sql});"

    def insert_sql(self, rng, n):
        cols = [c for c in self.columns if c[0] not in ("id", "created_at")]
        values = []
        for _ in range(n):
            row = []
            for name, typ, _cons in cols:
                if name == "user_id":
                    row.append(str(rng.randint(1, 20)))
                elif typ == "text":
                    row.append(f"'{name} {self.next_row}'")
                elif typ == "real":
                    row.append(f"{rng.randint(0, 9999) / 100}")
                else:
                    row.append(str(rng.randint(0, 1000)))
            self.next_row += 1
            values.append("(" + ", ".join(row) + ")")
        names = ", ".join(f"`{c[0]}`" for c in cols)
        return f"INSERT INTO `{self.name}` ({names}) VALUES " + ", ".join(values) + ";"


def users_migration():
    users = Table("users", False)
    users.columns = [("id", "integer", "PRIMARY KEY AUTOINCREMENT NOT NULL"),
                     ("name", "text", "NOT NULL"),
                     ("email", "text", "NOT NULL"),
                     ("created_at", "integer", "DEFAULT (unixepoch()) NOT NULL")]
    users.indexes.append(("users_email_unique", ["email"], True))
    rows = ", ".join(f"('user {i}', 'user{i}@example.com')" for i in range(1, 21))
    return users, [users.create_sql(), users.index_sql(users.indexes[0]),
                   f"INSERT INTO `users` (`name`, `email`) VALUES {rows};"]


def rebuild(table, rng):
    """drizzle-kit's recreate for a column type change: new table, copy, drop, rename, re-index."""
    candidates = [i for i, c in enumerate(table.columns) if c[0] not in ("id", "created_at", "user_id")]
    i = rng.choice(candidates)
    name, typ, cons = table.columns[i]
    table.columns[i] = (name, {"text": "integer", "integer": "real", "real": "text"}[typ], cons)
    cols = ", ".join(f'"{c[0]}"' for c in table.columns)
    stmts = ["PRAGMA foreign_keys=OFF;",
             table.create_sql("__new_" + table.name),
             f'INSERT INTO `__new_{table.name}`({cols}) SELECT {cols} FROM `{table.name}`;',
             f"DROP TABLE `{table.name}`;",
             f"ALTER TABLE `__new_{table.name}` RENAME TO `{table.name}`;",
             "PRAGMA foreign_keys=ON;"]
    stmts += [table.index_sql(idx) for idx in table.indexes]
    return stmts


def migration(k, tables, rng):
    stmts = []
    kind = rng.random()
    if kind < 0.30 or len(tables) < 3:
        t = Table(f"t{k:04d}_{rng.choice(NOUNS)}", rng.random() < 0.5)
        tables.append(t)
        stmts.append(t.create_sql())
        t.indexes.append((f"{t.name}_title_idx", ["title"], False))
        stmts.append(t.index_sql(t.indexes[-1]))
        stmts.append(t.insert_sql(rng, rng.randint(3, 12)))
    elif kind < 0.70:
        t = rng.choice(tables[1:])
        for _ in range(rng.randint(1, 3)):
            typ, default = rng.choice(TYPES)
            col = f"c{len(t.columns)}_{k}"
            nn = rng.random() < 0.3
            t.columns.append((col, typ, f"DEFAULT {default} NOT NULL" if nn else ""))
            stmts.append(f"ALTER TABLE `{t.name}` ADD `{col}` {typ}" +
                         (f" DEFAULT {default} NOT NULL" if nn else "") + ";")
        stmts.append(t.insert_sql(rng, rng.randint(1, 5)))
    elif kind < 0.90:
        t = rng.choice(tables[1:])
        cols = rng.sample([c[0] for c in t.columns if c[0] != "id"], 1)
        idx = (f"{t.name}_{cols[0]}_{k}_idx", cols, False)
        t.indexes.append(idx)
        stmts.append(t.index_sql(idx))
        stmts.append(f"UPDATE `{t.name}` SET `title` = `title` || '!' WHERE `id` % 3 = 0;")
    else:
        stmts += rebuild(rng.choice(tables[1:]), rng)
    return stmts


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--seed")]
    if len(args) != 2:
        sys.exit("usage: make-migrations.py OUT_DIR N [--seed=S]")
    out, n = args[0], int(args[1])
    seed = next((int(a.split("=", 1)[1]) for a in sys.argv[1:] if a.startswith("--seed=")), 1)
    rng = random.Random(seed)
    os.makedirs(os.path.join(out, "meta"), exist_ok=True)
    users, first = users_migration()
    tables = [users]
    entries = []
    when = 1700000000000
    for k in range(n):
        stmts = first if k == 0 else migration(k, tables, rng)
        tag = f"{k:04d}_{rng.choice(ADJECTIVES)}_{rng.choice(NOUNS)}"
        # drizzle-kit joins statements with "--> statement-breakpoint\n"; CREATE TABLE ends in ");\n",
        # the others in ";", hence "PRAGMA foreign_keys=OFF;--> statement-breakpoint".
        text = (BP + "\n").join(stmts)
        with open(os.path.join(out, tag + ".sql"), "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        when += 60000 + rng.randint(0, 86400000)
        entries.append({"idx": k, "version": "6", "when": when, "tag": tag, "breakpoints": True})
    with open(os.path.join(out, "meta", "_journal.json"), "w", encoding="utf-8", newline="\n") as f:
        json.dump({"version": "7", "dialect": "sqlite", "entries": entries}, f, indent=2)
        f.write("\n")
    print(out)


if __name__ == "__main__":
    main()
