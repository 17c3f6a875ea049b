#!/usr/bin/env bash
# Integrity-check benchmark: bench/health/run.sh BUILD_DIR
# `sluice check DB` (PRAGMA integrity_check with the progress handler installed, then the foreign key
# check) against `sqlite3 -readonly DB "PRAGMA integrity_check"`, same database, same run; hyperfine
# medians of RUNS runs after one warm-up each (so both read the file from the page cache).
# The database (~1 GB, 10,000,000 rows + one index) is generated outside the repository by
# bench/make-big-db.sh into BUILD_DIR/bench-data/big.db unless HEALTH_DB names an existing one.
# Environment: RUNS (3), HEALTH_DB, SLUICE (the binary; default BUILD_DIR/sluice, built here).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$(cd "${1:?usage: bench/health/run.sh BUILD_DIR}" && pwd)
runs=${RUNS:-3}
for tool in sqlite3 hyperfine python3; do
  command -v "$tool" >/dev/null || { echo "health bench: $tool is missing" >&2; exit 1; }
done
if [ -z "${SLUICE:-}" ]; then
  cmake --build "$build" --target sluice >&2
  SLUICE=$build/sluice
fi
db=${HEALTH_DB:-}
if [ -z "$db" ]; then
  mkdir -p "$build/bench-data"
  db=$("$root/bench/make-big-db.sh" "$build/bench-data/big.db")
fi
size=$(stat -c %s "$db")
echo "database: $db ($((size / 1000000)) MB)" >&2
# Both must agree that the database is clean before their times mean anything.
"$SLUICE" check "$db" >/dev/null || { echo "health bench: sluice check did not exit 0" >&2; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
hyperfine --warmup 1 --runs "$runs" --export-json "$out/h.json" \
  -n sluice "'$SLUICE' check '$db'" \
  -n sqlite3 "sqlite3 -readonly '$db' 'PRAGMA integrity_check'" >&2
cp "$out/h.json" "$build/health-bench.json"
python3 - "$out/h.json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
s, q = r["sluice"]["median"], r["sqlite3"]["median"]
print("integrity check, wall median of %d: sluice %.1f s, sqlite3 %.1f s, ratio %.3f (target <= 1.05)"
      % (len(r["sluice"]["times"]), s, q, s / q))
cpu = {k: r[k]["user"] + r[k]["system"] for k in r}
print("CPU (user + system, mean): sluice %.2f s, sqlite3 %.2f s, ratio %.3f"
      % (cpu["sluice"], cpu["sqlite3"], cpu["sluice"] / cpu["sqlite3"]))
PY
