#!/usr/bin/env bash
# Generates the backup benchmark database: bench/backup/make-db.sh OUT.db [MB] (default 1536 MB).
# Rows of mixed width (text, a random BLOB, numbers) and an index, so the file is made of table and
# index b-tree pages like a real application's. Made once: an existing file of the right size is kept.
set -euo pipefail
out=$1; mb=${2:-1536}
rows=$(( mb * 1024 * 1024 / 330 ))
if [ -f "$out" ] && [ "$(sqlite3 "$out" 'SELECT count(*) FROM items' 2>/dev/null || echo 0)" = "$rows" ]; then
  echo "$out"; exit 0
fi
rm -f "$out" "$out-journal" "$out-wal"
sqlite3 "$out" <<SQL
PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-200000;
CREATE TABLE items (
  id INTEGER PRIMARY KEY,
  title TEXT NOT NULL,
  body BLOB,
  price REAL,
  created_at INTEGER
);
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $rows)
INSERT INTO items SELECT i, 'item ' || i || ' ' || hex(randomblob(20)), randomblob(150 + i % 100),
       (i * 7919 % 100000) / 100.0, 1600000000 + i FROM n;
COMMIT;
CREATE INDEX items_title ON items(title);
PRAGMA journal_mode=DELETE;
SQL
echo "$out"
