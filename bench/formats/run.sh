#!/usr/bin/env bash
# JSON export and SQL dump (app/formats) against the sqlite3 shell, on a 1M-row table:
#   bench/formats/run.sh BUILD_DIR        (ROWS=1000000 RUNS=5 by default)
# Builds formats_bench in BUILD_DIR, makes (once) BUILD_DIR/bench-data/formats-<ROWS>.db, then:
#   JSON: formats_bench json  vs  sqlite3 -json DB "SELECT * FROM t" > file
#   SQL:  formats_bench sql   vs  sqlite3 DB .dump > file
# Both sides write a file in the same folder; Sluice's export also fsyncs it (durable), the shell's
# redirect does not. hyperfine medians (wall) and mean CPU time, then peak RSS (/usr/bin/time -v) of each, then whether each
# JSON output parses (python3 json), and the restore times of both formats into a copy.
set -euo pipefail
build=$(cd "${1:?usage: bench/formats/run.sh BUILD_DIR}" && pwd)
rows=${ROWS:-1000000}; runs=${RUNS:-5}
for tool in sqlite3 hyperfine python3 /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "formats bench: $tool is missing" >&2; exit 1; }
done
log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

log "Building formats_bench in $build"
cmake --build "$build" --target formats_bench >&2
bench=$build/tests/backupformats/formats_bench

data=$build/bench-data
mkdir -p "$data"
db=$data/formats-$rows.db
if [ ! -s "$db" ]; then
  log "Making $db ($rows rows)"
  rm -f "$db.tmp"
  # Every storage class: integers up to 2^62, reals, text with quotes and unicode, 16-byte BLOBs, NULLs.
  sqlite3 "$db.tmp" >/dev/null <<SQL
PRAGMA journal_mode=WAL;
CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT, score REAL, big INTEGER,
               payload BLOB, note TEXT, created_at TEXT);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $rows)
INSERT INTO t SELECT i, 'user ' || i, CASE WHEN i % 10 THEN 'user' || i || '@example.com' END,
  i * 0.37 + 0.1, i * 4611686018427, randomblob(16),
  CASE i % 4 WHEN 0 THEN 'line one' || char(10) || 'it''s "quoted" ü 😀' WHEN 1 THEN NULL ELSE 'plain note' END,
  datetime(1700000000 + i, 'unixepoch') FROM n;
PRAGMA journal_mode=DELETE;
SQL
  mv "$db.tmp" "$db"
fi
cat "$db" >/dev/null # everyone starts from the page cache
out=$(mktemp -d "$data/formats-out.XXXXXX")
trap 'rm -rf "$out"' EXIT
size=$(stat -c %s "$db")
log "Database: $(( size / 1048576 )) MiB, $rows rows"

log "JSON export ($runs runs each)"
hyperfine -N --runs "$runs" --warmup 1 --export-json "$out/json.json" \
  --prepare "rm -f $out/s.json" -n "sluice JSON export" "$bench json $db $out/s.json" >&2
hyperfine --runs "$runs" --warmup 1 --export-json "$out/cli-json.json" \
  -n "sqlite3 -json" "sqlite3 -json $db 'SELECT * FROM t' > $out/c.json" >&2
log "SQL dump ($runs runs each)"
hyperfine -N --runs "$runs" --warmup 1 --export-json "$out/sql.json" \
  --prepare "rm -f $out/s.sql" -n "sluice SQL dump" "$bench sql $db $out/s.sql" >&2
hyperfine --runs "$runs" --warmup 1 --export-json "$out/cli-sql.json" \
  -n "sqlite3 .dump" "sqlite3 $db .dump > $out/c.sql" >&2

rss() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident/ {print $2}'; }
rm -f "$out/s.json" "$out/s.sql"
rss_json=$(rss "$bench" json "$db" "$out/s.json")
rss_cli_json=$(rss sh -c "sqlite3 -json $db 'SELECT * FROM t' > $out/c.json")
rss_sql=$(rss "$bench" sql "$db" "$out/s.sql")
rss_cli_sql=$(rss sh -c "sqlite3 $db .dump > $out/c.sql")

valid() { python3 -c 'import json,sys; json.load(open(sys.argv[1], encoding="utf-8")); print("valid")' "$1" 2>/dev/null || echo "INVALID"; }
json_ok=$(valid "$out/s.json"); cli_json_ok=$(valid "$out/c.json")

log "Restores into a copy (one run each)"
cp "$db" "$out/restore-json.db"; cp "$db" "$out/restore-sql.db"
t0=$(date +%s%N); rss_rj=$(rss "$bench" restore-json "$out/restore-json.db" "$out/s.json"); t1=$(date +%s%N)
rss_rs=$(rss "$bench" restore-sql "$out/restore-sql.db" "$out/s.sql"); t2=$(date +%s%N)
rm -f "$out/cli-load.db"; t3=$(date +%s%N); sqlite3 "$out/cli-load.db" < "$out/c.sql"; t4=$(date +%s%N)

python3 - "$out" "$rss_json" "$rss_cli_json" "$rss_sql" "$rss_cli_sql" "$json_ok" "$cli_json_ok" \
  "$(( (t1 - t0) / 1000000 ))" "$(( (t2 - t1) / 1000000 ))" "$(( (t4 - t3) / 1000000 ))" "$rss_rj" "$rss_rs" \
  "$(stat -c %s "$out/s.json")" "$(stat -c %s "$out/c.json")" "$(stat -c %s "$out/s.sql")" "$(stat -c %s "$out/c.sql")" <<'PY'
import json, sys
out = sys.argv[1]
def med(name):
    r = json.load(open(f"{out}/{name}.json"))["results"][0]
    return r["median"] * 1000
def cpu(name):  # mean user + system: on a loaded machine wall time is mostly waiting for a core
    r = json.load(open(f"{out}/{name}.json"))["results"][0]
    return (r["user"] + r["system"]) * 1000
a = sys.argv[2:]
j, cj, s, cs = med("json"), med("cli-json"), med("sql"), med("cli-sql")
mb = lambda kb: f"{int(kb) / 1024:.0f} MiB"
sz = lambda b: f"{int(b) / 1048576:.0f} MiB"
print("| | Sluice | sqlite3 shell | Sluice / shell |")
print("|---|---|---|---|")
print(f"| JSON export, median | {j:.0f} ms | {cj:.0f} ms | {j / cj:.2f} |")
print(f"| JSON export, CPU (user + sys) | {cpu('json'):.0f} ms | {cpu('cli-json'):.0f} ms | {cpu('json') / cpu('cli-json'):.2f} |")
print(f"| JSON export, peak RSS | {mb(a[0])} | {mb(a[1])} | |")
print(f"| JSON file size | {sz(a[11])} | {sz(a[12])} | |")
print(f"| JSON parses (python3 json) | {a[4]} | {a[5]} | |")
print(f"| SQL dump, median | {s:.0f} ms | {cs:.0f} ms | {s / cs:.2f} |")
print(f"| SQL dump, CPU (user + sys) | {cpu('sql'):.0f} ms | {cpu('cli-sql'):.0f} ms | {cpu('sql') / cpu('cli-sql'):.2f} |")
print(f"| SQL dump, peak RSS | {mb(a[2])} | {mb(a[3])} | |")
print(f"| SQL file size | {sz(a[13])} | {sz(a[14])} | |")
print(f"| JSON restore into the live copy (1 run) | {a[6]} ms, {mb(a[9])} peak | | |")
print(f"| SQL dump restore into the live copy (1 run) | {a[7]} ms, {mb(a[10])} peak | shell loads its dump into a new file: {a[8]} ms | |")
PY
