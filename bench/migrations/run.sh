#!/usr/bin/env bash
# Migration benchmarks: bench/migrations/run.sh BUILD_DIR
#  1. Apply N generated migrations (make-migrations.py) to a fresh database: `sluice migrate --no-backup`
#     against drizzle-orm's own migrator (tests/interop/run-migrator.mjs) with better-sqlite3 and with
#     libsql, same folder, same run. hyperfine, median of MIG_RUNS; a fresh database before every run.
#     Every figure is a whole process (exec, open, read the folder, migrate, exit), node's start included.
#     `sluice migrate` without --no-backup is measured too: on a fresh database it takes no backup
#     (a first deploy has nothing to back up), so both Sluice lines do the same work — the
#     like-for-like figure is --no-backup either way. Median, min and max show the noise.
#  2. Dry run of a table rebuild on a ~1 GB database (BUILD_DIR/bench-data/migrate-big/, made once and
#     reused): `sluice migrate DB --dry-run` against `sqlite3 DB ".backup OUT"`, median of DRY_RUNS,
#     then the dry run's own phase timings (copy, counts, Sluice's run, drizzle-orm replays).
# Environment: MIGRATIONS (500), MIG_RUNS (10), BIG_ROWS (10000000 parent rows, ~1 GB), CHILD_ROWS
# (500000), DRY_RUNS (3), SKIP_DRY_RUN=1 (part 1 only), SLUICE (the binary; default BUILD_DIR/sluice,
# built here), SLUICE_INTEROP_MODULES (folder whose node_modules has drizzle-orm, better-sqlite3 and
# @libsql/client; default .cache/interop-npm, installed by `./dev test`).
# Benchmarks print figures; they are not tests and fail only when something could not be measured.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$(cd "${1:?usage: bench/migrations/run.sh BUILD_DIR}" && pwd)
migrations=${MIGRATIONS:-500}; mig_runs=${MIG_RUNS:-10}
big_rows=${BIG_ROWS:-10000000}; child_rows=${CHILD_ROWS:-500000}; dry_runs=${DRY_RUNS:-3}
export SLUICE_INTEROP_MODULES=${SLUICE_INTEROP_MODULES:-$root/.cache/interop-npm}
log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
for tool in sqlite3 hyperfine python3 node; do
  command -v "$tool" >/dev/null || { echo "migrations bench: $tool is missing" >&2; exit 1; }
done
[ -d "$SLUICE_INTEROP_MODULES/node_modules/drizzle-orm" ] ||
  { echo "migrations bench: no drizzle-orm in $SLUICE_INTEROP_MODULES/node_modules (./dev test installs it)" >&2; exit 1; }
if [ -z "${SLUICE:-}" ]; then
  log "Building sluice in $build"
  cmake --build "$build" --target sluice >&2
  SLUICE=$build/sluice
fi
migrator=$root/tests/interop/run-migrator.mjs
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
median() { # hyperfine JSON, command name -> median in ms
  python3 -c 'import json,sys; r={x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}; print("%.1f" % (r[sys.argv[2]]["median"]*1000))' "$@"
}
spread() { # hyperfine JSON, command name -> "min … max ms, n runs"
  python3 -c 'import json,sys; r={x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}[sys.argv[2]]; print("%.0f … %.0f ms, %d runs" % (r["min"]*1000, r["max"]*1000, len(r["times"])))' "$@"
}

# ---- 1. N migrations on a fresh database -------------------------------------------------------------
data=$build/bench-data
mkdir -p "$data"
folder=$data/migrations-$migrations
if [ ! -f "$folder/meta/_journal.json" ]; then
  log "Generating $migrations migrations in $folder"
  python3 "$here/make-migrations.py" "$folder" "$migrations" >/dev/null
fi
log "Sanity: every tool applies all $migrations migrations"
rm -f "$out/check.db"; "$SLUICE" migrate "$out/check.db" --migrations "$folder" --no-backup >/dev/null 2>&1
[ "$(sqlite3 "$out/check.db" 'SELECT count(*) FROM __drizzle_migrations')" = "$migrations" ] ||
  { echo "migrations bench: sluice did not apply all migrations" >&2; exit 1; }
for driver in better-sqlite3 libsql; do
  rm -f "$out/check.db"
  node "$migrator" "$out/check.db" "$folder" --driver "$driver" | grep -q '"ok":true' ||
    { echo "migrations bench: drizzle-orm ($driver) failed" >&2; exit 1; }
done

log "Apply $migrations migrations to a fresh database (hyperfine, median of $mig_runs, process start included)"
db=$out/fresh.db
hyperfine -N --warmup 1 --runs "$mig_runs" --style none --export-json "$out/mig.json" \
  --prepare "rm -f $db $db-journal" \
  -n sluice "$SLUICE migrate $db --migrations $folder --no-backup" \
  -n sluice-default "$SLUICE migrate $db --migrations $folder" \
  -n better-sqlite3 "node $migrator $db $folder --driver better-sqlite3" \
  -n libsql "node $migrator $db $folder --driver libsql" >/dev/null
hyperfine -N --warmup 2 --runs 10 --style none --export-json "$out/start.json" \
  -n sluice-start "$SLUICE --version" \
  -n node-start "node -e 0" >/dev/null
s=$(median "$out/mig.json" sluice); b=$(median "$out/mig.json" better-sqlite3); l=$(median "$out/mig.json" libsql)
sd=$(median "$out/mig.json" sluice-default)
ss=$(median "$out/start.json" sluice-start); ns=$(median "$out/start.json" node-start)
ratio() { python3 -c "import sys; print('%.2f' % (float(sys.argv[1]) / float(sys.argv[2])))" "$1" "$2"; }
echo
echo "Apply $migrations migrations to a fresh database (whole process, median of $mig_runs; load $(cut -d' ' -f1-3 /proc/loadavg))"
printf '  %-38s %9s ms   (%s)\n' "sluice migrate --no-backup" "$s" "$(spread "$out/mig.json" sluice)" \
  "sluice migrate (first deploy: no backup)" "$sd" "$(spread "$out/mig.json" sluice-default)" \
  "drizzle-orm migrator, better-sqlite3" "$b" "$(spread "$out/mig.json" better-sqlite3)" \
  "drizzle-orm migrator, libsql" "$l" "$(spread "$out/mig.json" libsql)"
printf '  %-38s %9s ms\n' "process start: sluice --version" "$ss" "process start: node -e 0" "$ns"
echo "  ratio Sluice / drizzle (better-sqlite3): $(ratio "$s" "$b")   (target <= 1.0)"
echo "  ratio Sluice / drizzle (libsql):         $(ratio "$s" "$l")"
# CPU time (user + system, mean; all threads) tells the work apart from waiting for a shared core.
python3 -c 'import json,sys
for x in json.load(open(sys.argv[1]))["results"]:
    print("  CPU user+sys, %-22s %7.0f ms" % (x["command"], (x["user"] + x["system"]) * 1000))' "$out/mig.json"
cp "$out/mig.json" "$data/migrations-last.json"

[ "${SKIP_DRY_RUN:-0}" = 1 ] && exit 0

# ---- 2. Dry run of a rebuild on a ~1 GB database ------------------------------------------------------
big=$data/migrate-big
bigdb=$big/big.db
mdir=$big/migrations
journal() { # ENTRIES -> the journal listing the first ENTRIES migrations
  python3 - "$mdir" "$1" <<'PY'
import json, os, sys
tags = ["0000_init_accounts", "0001_rebuild_accounts"][: int(sys.argv[2])]
entries = [{"idx": i, "version": "6", "when": 1700000000000 + i * 60000, "tag": t, "breakpoints": True}
           for i, t in enumerate(tags)]
os.makedirs(os.path.join(sys.argv[1], "meta"), exist_ok=True)
with open(os.path.join(sys.argv[1], "meta", "_journal.json"), "w") as f:
    json.dump({"version": "7", "dialect": "sqlite", "entries": entries}, f, indent=2)
PY
}
ready=$big/ready-$big_rows-$child_rows
if [ ! -f "$ready" ]; then
  log "Making the ~1 GB database once ($big_rows accounts, $child_rows sessions): $bigdb"
  t0=$(date +%s)
  rm -rf "$big"; mkdir -p "$mdir"
  cat >"$mdir/0000_init_accounts.sql" <<'SQL'
CREATE TABLE `accounts` (
	`id` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`email` text NOT NULL,
	`score` real,
	`created_at` integer NOT NULL,
	`active` integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `accounts_email_unique` ON `accounts` (`email`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` integer PRIMARY KEY NOT NULL,
	`account_id` integer NOT NULL,
	`token` text NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sessions_account_idx` ON `sessions` (`account_id`);
SQL
  # What drizzle-kit writes when `score` changes from real to integer: a rebuild of the parent.
  cat >"$mdir/0001_rebuild_accounts.sql" <<'SQL'
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_accounts` (
	`id` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`email` text NOT NULL,
	`score` integer,
	`created_at` integer NOT NULL,
	`active` integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
INSERT INTO `__new_accounts`("id", "name", "email", "score", "created_at", "active") SELECT "id", "name", "email", "score", "created_at", "active" FROM `accounts`;--> statement-breakpoint
DROP TABLE `accounts`;--> statement-breakpoint
ALTER TABLE `__new_accounts` RENAME TO `accounts`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `accounts_email_unique` ON `accounts` (`email`);
SQL
  journal 1
  "$SLUICE" migrate "$bigdb" --migrations "$mdir" --no-backup >/dev/null
  sqlite3 "$bigdb" >/dev/null <<SQL
PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-200000;
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $big_rows)
INSERT INTO accounts (id, name, email, score, created_at, active)
SELECT i, 'user ' || i, 'user' || i || '@example.com', (i * 7919 % 10000) / 100.0,
       1600000000 + (i * 37 % 100000000), i % 3 <> 0
FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $child_rows)
INSERT INTO sessions (id, account_id, token)
SELECT i, 1 + (i * 7919) % $big_rows, hex(randomblob(16)) FROM n;
COMMIT;
ANALYZE;
SQL
  journal 2
  touch "$ready"
  log "made in $(( $(date +%s) - t0 )) s"
fi
size_mb=$(( $(stat -c %s "$bigdb") / 1048576 ))
cat "$bigdb" >/dev/null # everyone starts from the page cache
log "Dry run of the rebuild on $size_mb MB (median of $dry_runs) against sqlite3 .backup"
# Copies go to $out (the same disk for both commands); hyperfine removes the backup between runs.
hyperfine -N --runs "$dry_runs" --style none --export-json "$out/dry.json" \
  --prepare "rm -f $out/backup.db" \
  -n backup "sqlite3 $bigdb \".backup $out/backup.db\"" \
  -n dry-run "env TMPDIR=$out $SLUICE migrate $bigdb --migrations $mdir --dry-run" >/dev/null
rm -f "$out/backup.db"
# The report of one more dry run, for its own phase timings.
TMPDIR=$out "$SLUICE" migrate "$bigdb" --migrations "$mdir" --dry-run >"$out/dry.txt" 2>&1 || true
d=$(median "$out/dry.json" dry-run); k=$(median "$out/dry.json" backup)
echo
echo "Dry run of a rebuild of \`accounts\` ($big_rows rows, $size_mb MB file, $child_rows cascade children; load $(cut -d' ' -f1-3 /proc/loadavg))"
printf '  %-38s %9s ms   (%s)\n' "sluice migrate --dry-run" "$d" "$(spread "$out/dry.json" dry-run)" \
  "sqlite3 DB \".backup OUT\"" "$k" "$(spread "$out/dry.json" backup)"
echo "  ratio dry run / backup: $(ratio "$d" "$k")"
echo "  (one copy; Sluice's plan and drizzle-orm's better-sqlite3 path each run the rebuild on it and roll"
echo "   back; the libsql path runs Sluice's very statements with foreign keys off, so it is not run again."
echo "   See docs/benchmarks.md, section Migrations)"
grep '^Time:' "$out/dry.txt" | sed 's/^Time: /  phases of one dry run: /'
sed 's/^/  | /' "$out/dry.txt" | head -n 40
