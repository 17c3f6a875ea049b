#!/usr/bin/env bash
# Schema-planner benchmarks (issue: generate migration SQL), medians of RUNS (default 7):
#  1. diff of two 500-table schemas: `sluice diff A B` vs `sqldiff --schema A B` (target: no
#     slower), and which of B's changes each one reports;
#  2. rebuild of a 1-million-row table with a UNIQUE index (a column's type changes): Sluice's plan
#     applied with `sluice diff … --apply` vs the same 12-step rebuild written by hand for the sqlite3
#     shell (target: ≤ 1.1×). Both runs start from the same file in the page cache and commit with
#     the same journal mode and synchronous setting.
# Each figure is the median wall-clock time with the median CPU time (user + system) beside it, and
# each section prints the load average before and after: on a shared machine the wall-clock ratio
# mostly measures who got a core, the CPU ratio the work done.
# Usage: bench/schemaplan/run.sh BUILD_DIR      (needs python3, sqlite3, sqldiff: apt sqlite3-tools)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:?usage: bench/schemaplan/run.sh BUILD_DIR}" && pwd)
sluice=$build/sluice
runs=${RUNS:-7}; rows=${ROWS:-1000000}
for tool in python3 sqlite3 sqldiff; do
  command -v "$tool" >/dev/null || { echo "schemaplan bench: $tool is missing (sqldiff: apt install sqlite3-tools)" >&2; exit 1; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
# One run of a command: prints its wall-clock ms and appends its CPU ms (user + system) to $cpu_log.
# The CPU time shows whether a difference is work done or time spent waiting for a core: the
# machine is shared, so the load average is printed next to every section.
ms() {
  local t TIMEFORMAT='%3R %3U %3S'
  t=$( { time "$@" >/dev/null 2>&1 || true; } 2>&1 )
  awk -v t="$t" 'BEGIN { split(t, a, " "); printf "%d\n", a[1] * 1000 }'
  awk -v t="$t" 'BEGIN { split(t, a, " "); printf "%d\n", (a[2] + a[3]) * 1000 }' >> "$cpu_log"
}
load() { cut -d' ' -f1-3 /proc/loadavg; }
cpu_median() { median < "$1"; }

echo "== 1. diff of two 500-table schemas (load average before: $(load))"
python3 "$here/make-schemas.py" "$work/a.db" "$work/b.db" 500
sl=(); sd=(); : > "$work/sl.cpu"; : > "$work/sd.cpu"
for _ in $(seq "$runs"); do
  sl+=("$(cpu_log=$work/sl.cpu ms "$sluice" diff "$work/a.db" "$work/b.db")")
  sd+=("$(cpu_log=$work/sd.cpu ms sqldiff --schema "$work/a.db" "$work/b.db")")
done
sl_med=$(printf '%s\n' "${sl[@]}" | median); sd_med=$(printf '%s\n' "${sd[@]}" | median)
sl_cpu=$(cpu_median "$work/sl.cpu"); sd_cpu=$(cpu_median "$work/sd.cpu")
echo "sluice diff      median ${sl_med} ms, CPU ${sl_cpu} ms   (runs: ${sl[*]})"
echo "sqldiff --schema median ${sd_med} ms, CPU ${sd_cpu} ms   (runs: ${sd[*]})"
awk -v a="$sl_med" -v b="$sd_med" -v c="$sl_cpu" -v d="$sd_cpu" \
  'BEGIN { if (b > 0 && d > 0) printf "ratio sluice/sqldiff: %.2f (CPU %.2f)\n", a / b, c / d }'
echo "load average after: $(load)"
"$sluice" diff "$work/a.db" "$work/b.db" > "$work/sluice.sql" 2>/dev/null || true
sqldiff --schema "$work/a.db" "$work/b.db" > "$work/sqldiff.sql" 2>/dev/null || true
# Ten tables of each kind changed; count how many each tool's output addresses.
report() { # kind, sluice pattern, sqldiff pattern
  printf '  %-28s sluice %3s   sqldiff %3s\n' "$1" "$(grep -cE "$2" "$work/sluice.sql" || true)" "$(grep -cE "$3" "$work/sqldiff.sql" || true)"
}
echo "changes reported (10 of each in B):"
report "added column" 'ADD COLUMN "?extra' 'ADD COLUMN extra'
report "column type changed" '"n" REAL|n REAL' 'n REAL'
report "CHECK changed" 'CHECK \(n >= 1\)' 'n >= 1'
report "DEFAULT changed" 'DEFAULT 1' 'DEFAULT 1'
report "index dropped" 'DROP INDEX "t[0-9]+_name"' 'DROP INDEX'
report "partial index added" 'CREATE INDEX t[0-9]+_n ' 't[0-9]+_n'
report "view changed" 'CREATE VIEW v[0-9]+ AS SELECT id, name FROM t[0-9]+ WHERE n > 1' 'n > 1'
report "trigger added" 'CREATE TRIGGER' 'CREATE TRIGGER'
report "table dropped" 'DROP TABLE "t[0-9]+"' 'DROP TABLE'
report "table added" 'CREATE TABLE added' 'CREATE TABLE added'

echo
echo "== 2. rebuild of a ${rows}-row table with a UNIQUE index (n: INTEGER → TEXT) (load average before: $(load))"
cat > "$work/a.sql" <<SQL
CREATE TABLE t (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE, n INTEGER, note TEXT);
CREATE INDEX t_n ON t(n);
SQL
sed 's/n INTEGER, note/n TEXT, note/' "$work/a.sql" > "$work/b.sql"
sqlite3 "$work/base.db" < "$work/a.sql"
sqlite3 "$work/base.db" "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM c WHERE i < $rows)
  INSERT INTO t SELECT i, 'user' || i || '@example.com', i % 1000, printf('%.40c', 'x') FROM c;"
cat > "$work/hand.sql" <<'SQL'
PRAGMA foreign_keys=OFF;
BEGIN;
CREATE TABLE new_t (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE, n TEXT, note TEXT);
INSERT INTO new_t (id, email, n, note) SELECT id, email, n, note FROM t;
DROP TABLE t;
ALTER TABLE new_t RENAME TO t;
CREATE INDEX t_n ON t(n);
PRAGMA foreign_key_check;
COMMIT;
PRAGMA foreign_keys=ON;
SQL
hs=(); ss=(); : > "$work/h.cpu"; : > "$work/s.cpu"
for _ in $(seq "$runs"); do
  cp "$work/base.db" "$work/h.db"; cat "$work/h.db" >/dev/null
  hs+=("$(cpu_log=$work/h.cpu ms sqlite3 "$work/h.db" < "$work/hand.sql")")
  cp "$work/base.db" "$work/s.db"; cat "$work/s.db" >/dev/null
  ss+=("$(cpu_log=$work/s.cpu ms "$sluice" diff "$work/s.db" "$work/b.sql" --apply "$work/s.db" --no-backup)")
done
[ "$(sqlite3 "$work/s.db" "SELECT count(*) FROM t")" = "$rows" ] || { echo "sluice's rebuild lost rows" >&2; exit 1; }
[ "$(sqlite3 "$work/s.db" "SELECT typeof(n) FROM t LIMIT 1")" = "text" ] || { echo "sluice's rebuild did not change n's type" >&2; exit 1; }
h_med=$(printf '%s\n' "${hs[@]}" | median); s_med=$(printf '%s\n' "${ss[@]}" | median)
h_cpu=$(cpu_median "$work/h.cpu"); s_cpu=$(cpu_median "$work/s.cpu")
echo "hand-written sqlite3 rebuild median ${h_med} ms, CPU ${h_cpu} ms   (runs: ${hs[*]})"
echo "sluice diff --apply          median ${s_med} ms, CPU ${s_cpu} ms   (runs: ${ss[*]})"
awk -v a="$s_med" -v b="$h_med" -v c="$s_cpu" -v d="$h_cpu" \
  'BEGIN { if (b > 0 && d > 0) printf "ratio sluice/hand-written: %.2f (CPU %.2f)\n", a / b, c / d }'
echo "load average after: $(load)"
