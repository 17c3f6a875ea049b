#!/usr/bin/env python3
"""Two related 500-table schemas for the diff benchmark: make-schemas.py A.db B.db [TABLES].

B differs from A in every way a real migration does, ten tables of each kind: an added column, a
changed column type, a changed CHECK, a changed DEFAULT, a dropped index, an added index, a changed
view, an added trigger, a dropped table and an added table. The kinds `sqldiff --schema` is known to
miss are counted by the bench script from its output."""
import sqlite3
import sys

a_path, b_path = sys.argv[1], sys.argv[2]
tables = int(sys.argv[3]) if len(sys.argv) > 3 else 500


def schema(variant):
    out = []
    for i in range(tables):
        kind = i % 50  # ten of each change among the first 10 kinds, the rest unchanged
        if variant == "b" and kind == 8:
            continue  # dropped table
        cols = ["id INTEGER PRIMARY KEY", "name TEXT NOT NULL", "n INTEGER DEFAULT 0", "ref INTEGER"]
        checks = ["CHECK (n >= 0)"]
        if variant == "b":
            if kind == 0:
                cols.append("extra TEXT")
            elif kind == 1:
                cols[2] = "n REAL DEFAULT 0"
            elif kind == 2:
                checks = ["CHECK (n >= 1)"]
            elif kind == 3:
                cols[2] = "n INTEGER DEFAULT 1"
        parent = f", FOREIGN KEY (ref) REFERENCES t{i - 1}(id) ON DELETE CASCADE" if i > 0 and i % 50 != 9 else ""
        out.append(f"CREATE TABLE t{i} ({', '.join(cols + checks)}{parent});")
        if not (variant == "b" and kind == 4):
            out.append(f"CREATE INDEX t{i}_name ON t{i}(name);")
        if variant == "b" and kind == 5:
            out.append(f"CREATE INDEX t{i}_n ON t{i}(n) WHERE n > 0;")
        where = "n > 1" if variant == "b" and kind == 6 else "n > 0"
        out.append(f"CREATE VIEW v{i} AS SELECT id, name FROM t{i} WHERE {where};")
        if variant == "b" and kind == 7:
            out.append(f"CREATE TRIGGER t{i}_touch AFTER UPDATE ON t{i} BEGIN SELECT 1; END;")
    if variant == "b":
        for i in range(tables // 50):
            out.append(f"CREATE TABLE added{i} (id INTEGER PRIMARY KEY, v TEXT);")
    return "\n".join(out)


for path, variant in ((a_path, "a"), (b_path, "b")):
    db = sqlite3.connect(path)
    db.executescript(schema(variant))
    db.commit()
    db.close()
