#!/usr/bin/env bash
# Generates the benchmark database: bench/make-big-db.sh OUT.db [ROWS] (default 10,000,000 rows).
# A realistic wide-ish table: integer key, text, an indexed email, a real, a unix timestamp, a flag.
set -euo pipefail
out=$1; rows=${2:-10000000}
if [ -f "$out" ] && [ "$(sqlite3 "$out" 'SELECT count(*) FROM big' 2>/dev/null || echo 0)" = "$rows" ]; then
  echo "$out"; exit 0
fi
rm -f "$out"
sqlite3 "$out" <<SQL
PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-200000;
CREATE TABLE big (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  email TEXT,
  score REAL,
  created_at INTEGER,
  active INTEGER NOT NULL DEFAULT 1
);
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $rows)
INSERT INTO big (id, name, email, score, created_at, active)
SELECT i, 'user ' || i, 'user' || i || '@example.com', (i * 7919 % 10000) / 100.0,
       1600000000 + (i * 37 % 100000000), i % 3 <> 0
FROM n;
COMMIT;
CREATE INDEX big_email ON big(email);
ANALYZE;
SQL
echo "$out"
