#!/usr/bin/env bash
# Backup benchmark: bench/backup/run.sh BUILD_DIR [DB]
# On a ~1.5 GB database (made once by make-db.sh, outside the repository: $BENCH_DATA, default
# /tmp/sluice-bench-backup), side by side, each RUNS times (default 5), medians and ratios:
#   cp+sync   `cp DB OUT && sync OUT` — the physical floor for a durable copy
#   sqlite3   `sqlite3 DB ".backup OUT"` (not flushed to disk: it is faster than it would be durable)
#   sluice    `sluice backup DB --to OUT` — consistent, verified (quick_check), fsync'd, SHA-256 sidecar
# then the same Sluice backup while a writer commits into the database: the writer reports its
# longest wait for one commit (in rollback-journal mode it waits for the copy: that is the figure;
# WAL=1 runs everything on a WAL copy of the database, where the writer does not wait), and then
# `openssl dgst -sha256 DB` alone: reading and hashing the file, the least a backup with a SHA-256 must
# spend (the same libcrypto as Sluice). The page cache is dropped before
# every run when we are root (echo 3 > /proc/sys/vm/drop_caches), so every tool starts cold; set
# WARM=1 to keep the file cached instead. Prints figures only; it is not a test.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:?usage: bench/backup/run.sh BUILD_DIR [DB]}" && pwd)
runs=${RUNS:-5}
data=${BENCH_DATA:-/tmp/sluice-bench-backup}
mkdir -p "$data"
db=${2:-$data/big.db}
for tool in sqlite3 python3; do command -v "$tool" >/dev/null || { echo "backup bench: $tool is missing" >&2; exit 1; }; done
log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
cmake --build "$build" --target sluice >&2
[ -n "${2:-}" ] || { log "Benchmark database: $db (made once)"; "$here/make-db.sh" "$db" >/dev/null; }
out=$data/out
rm -rf "$out"; mkdir -p "$out"
size=$(stat -c %s "$db")
if [ "${WAL:-0}" = 1 ]; then
  wal=$data/big-wal.db
  # Made again only when the database changed since (the rollback-journal runs' writer changes its size, so
  # comparing sizes made a fresh copy, and 1.6 GB of writes just before the first round, every time).
  [ -f "$wal" ] && [ "$wal" -nt "$db" ] || { cp "$db" "$wal"; sqlite3 "$wal" 'PRAGMA journal_mode=WAL' >/dev/null; sync; }
  db=$wal
fi
log "Database: $db, $(( size / 1048576 )) MiB, journal_mode=$(sqlite3 "$db" 'PRAGMA journal_mode')"
log "Load average before: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) CPUs"

cold() {
  sync
  if [ "${WARM:-0}" = 1 ]; then cat "$db" >/dev/null
  elif [ -w /proc/sys/vm/drop_caches ]; then echo 3 >/proc/sys/vm/drop_caches
  else cat "$db" >/dev/null; fi
}
# The virtual disks this runs on keep writing for a while after sync returns (the host's cache): each
# run starts after a pause, so that none pays for the previous one's writes (`.backup` leaves 1.6 GB
# unflushed).
clean() { rm -rf "$out"; mkdir -p "$out"; sync; sleep "${SETTLE:-2}"; }
timeit() { # prints wall seconds of "$@"
  local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null; t1=$(date +%s.%N)
  python3 -c "print(f'{$t1 - $t0:.3f}')"
}
declare -A times
for tool in cp sqlite3 sluice; do times[$tool]=""; done
# The tool that ran just before matters on these virtual disks: `cp` + `sync` right after `.backup` (whose
# 1.6 GB of buffered writes were flushed and deleted by the clean-up) took a median 1.49 s, right after
# `sluice backup` 1.77 s (5 of each, alternated, 2026-11-22); a fixed order gave `cp` that advantage in
# every round. So the rounds alternate between two cycles, cp → sluice → sqlite3 and cp → sqlite3 → sluice:
# over two rounds each tool follows each of the others once.
for i in $(seq "$runs"); do
  if (( i % 2 )); then order="cp sluice sqlite3"; else order="cp sqlite3 sluice"; fi
  for tool in $order; do
    clean; cold
    case $tool in
      cp) t=$(timeit sh -c "cp '$db' '$out/cp.db' && sync '$out/cp.db'") ;;
      sluice) t=$(timeit "$build/sluice" backup "$db" --to "$out") ;;
      sqlite3) t=$(timeit sqlite3 "$db" ".backup '$out/sqlite3.db'") ;;
    esac
    times[$tool]+="$t "
  done
  log "run $i of $runs done ($order)"
done

# Under a concurrent writer: small transactions as fast as they go, during each Sluice backup.
writer=$out/../writer.py
cat >"$writer" <<'PY'
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], timeout=120, isolation_level=None)
db.execute('CREATE TABLE IF NOT EXISTS bench_writes (id INTEGER PRIMARY KEY, at REAL)')
n = 0
longest = 0.0
end = time.time() + float(sys.argv[2])
while time.time() < end:
    t0 = time.time()
    db.execute('BEGIN IMMEDIATE'); db.execute('INSERT INTO bench_writes (at) VALUES (?)', (time.time(),)); db.execute('COMMIT')
    longest = max(longest, time.time() - t0)
    n += 1
    sys.stdout.write(f"{n} {longest:.3f}\n"); sys.stdout.flush()  # killed at any time: last line counts
PY
times[writer]=""
waits=""
for i in $(seq "$runs"); do
  clean; cold
  python3 "$writer" "$db" 120 >"$data/writes.txt" & wpid=$!
  sleep 1
  t=$(timeit "$build/sluice" backup "$db" --to "$out"); times[writer]+="$t "
  sleep 1 # the writer's next report includes any wait that ended with the backup
  kill $wpid 2>/dev/null || true; wait $wpid 2>/dev/null || true
  waits+="$(tail -1 "$data/writes.txt" | cut -d' ' -f2) "
  ok=$(sqlite3 "$out"/*.sqlite3 'PRAGMA quick_check')
  [ "$ok" = ok ] || { echo "backup under a writer is not ok: $ok" >&2; exit 1; }
done
sqlite3 "$db" 'DROP TABLE IF EXISTS bench_writes'

# The checksum alone: `openssl dgst -sha256` of the database, cold, the same libcrypto and SHA extensions as
# Sluice. Reading and hashing the file is the least that any backup with a SHA-256 of its copy must spend; when
# the disk is fast it takes about as long as `cp` + `sync`, and Sluice cannot be faster than it. Its own loop,
# after the rounds above, so that it changes no tool's predecessor in them.
times[hash]=""
if command -v openssl >/dev/null; then
  for i in $(seq "$runs"); do
    clean; cold
    times[hash]+="$(timeit openssl dgst -sha256 "$db") "
  done
fi

# Memory, in one more (untimed) run: peak RSS and the anonymous part of it (see peak-memory.py).
clean; cold
memory=$(python3 "$here/peak-memory.py" "$build/sluice" backup "$db" --to "$out")

log "Load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$size" "${times[cp]}" "${times[sqlite3]}" "${times[sluice]}" "${times[writer]}" "$waits" "$memory" \
  "${times[hash]}" <<'PY'
import statistics, sys
size = int(sys.argv[1]) / 1048576
rows = [("cp + sync (durable floor)", sys.argv[2]), ("sqlite3 .backup (not flushed)", sys.argv[3]),
        ("sluice backup (verified, fsync'd, sha256)", sys.argv[4]), ("sluice backup, writer running", sys.argv[5])]
if sys.argv[8].strip():
    rows.append(("openssl dgst -sha256 (read + hash, no copy)", sys.argv[8]))
med = {name: statistics.median(float(x) for x in v.split()) for name, v in rows}
floor = med[rows[0][0]]
print(f"\nBackup of a {size:.0f} MiB database, median of {len(sys.argv[2].split())} runs")
print(f"{'':45} {'median s':>9} {'MiB/s':>7} {'× cp+sync':>10}")
for name, _ in rows:
    print(f"{name:45} {med[name]:9.2f} {size / med[name]:7.0f} {med[name] / floor:10.2f}")
print(f"sqlite3 .backup / sluice: {med[rows[1][0]] / med[rows[2][0]]:.2f}×")
# The same ratio round by round (each Sluice run against the cp + sync of its own round), less exposed to
# the disk's drift over the whole run than the ratio of the medians.
pairs = [float(b) / float(a) for a, b in zip(sys.argv[2].split(), sys.argv[4].split())]
print(f"sluice / cp+sync round by round: median {statistics.median(pairs):.2f}× "
      f"(each round: {', '.join(f'{p:.2f}' for p in pairs)})")
waits = [float(x) for x in sys.argv[6].split()]
print(f"writer's longest wait for one commit during a backup: median {statistics.median(waits):.2f} s "
      f"(each run: {', '.join(f'{w:.2f}' for w in waits)})")
for name, v in rows:
    print(f"{name}, each run (s): {v.strip()}")
rss, anon = sys.argv[7].split()
print(f"sluice backup memory: peak RSS {rss} MiB (the mapped database pages are page cache), of which anonymous {anon} MiB")
PY
