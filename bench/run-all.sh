#!/usr/bin/env bash
# All benchmarks in one run: bench/run-all.sh BUILD_DIR (what `./dev bench` runs).
# Builds grid_bench, map_wait and sluice in BUILD_DIR, makes (once) the 10-million-row database in
# BUILD_DIR/bench-data/, then prints: Sluice's grid on the real main window (grid_bench, under Xvfb),
# the sqlite3 CLI running the same point queries (hyperfine, process start included), start-up time
# and memory (startup.sh) for Sluice and, when installed, DB Browser for SQLite; then one table.
# Environment: RUNS (fresh windows for the grid medians, default 5), POSITIONS (random scroll
# positions, default 200), STARTUP_RUNS (default 7), ROWS (default 10000000).
# Benchmarks print figures; they are not tests and fail only when something could not be measured.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:?usage: bench/run-all.sh BUILD_DIR}" && pwd)
runs=${RUNS:-5}; positions=${POSITIONS:-200}; startup_runs=${STARTUP_RUNS:-7}; rows=${ROWS:-10000000}
log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
for tool in Xvfb xdpyinfo sqlite3 hyperfine python3; do
  command -v "$tool" >/dev/null || { echo "run-all: $tool is missing" >&2; exit 1; }
done

log "Building grid_bench, map_wait and sluice in $build"
cmake --build "$build" --target grid_bench map_wait sluice >&2

data=$build/bench-data
mkdir -p "$data"
db=$data/big.db
log "Benchmark database ($rows rows): $db (made once, reused)"
t0=$(date +%s)
"$here/make-big-db.sh" "$db" "$rows" >/dev/null
[ $(( $(date +%s) - t0 )) -gt 2 ] && log "generated in $(( $(date +%s) - t0 )) s"
# Same starting point for everyone: the file in the page cache (Sluice, the CLI and DB4S alike).
cat "$db" >/dev/null

out=$(mktemp -d)
trap 'kill ${xvfb:-} 2>/dev/null || true; rm -rf "$out"' EXIT

log "Grid: $runs fresh main windows, $positions random positions (under Xvfb)"
display=:$(( 120 + RANDOM % 100 ))
Xvfb "$display" -screen 0 1400x900x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
for _ in $(seq 50); do xdpyinfo -display "$display" >/dev/null 2>&1 && break; sleep 0.1; done
DISPLAY=$display QT_QPA_PLATFORM=xcb XDG_RUNTIME_DIR=$out \
  "$build/bench/grid_bench" "$db" --runs "$runs" --positions "$positions" >"$out/grid.txt" 2>"$out/grid.log" ||
  { cat "$out/grid.log" >&2; exit 1; }
grep -v XDG_RUNTIME_DIR "$out/grid.log" | sed 's/^/  /' >&2
kill $xvfb 2>/dev/null || true; wait $xvfb 2>/dev/null || true; xvfb=

log "sqlite3 CLI: the same reads, each a fresh process (hyperfine, median of 30)"
hyperfine -N --warmup 3 --runs 30 --style none --export-json "$out/cli.json" \
  -n first "sqlite3 '$db' 'SELECT * FROM big ORDER BY id LIMIT 128'" \
  -n last "sqlite3 '$db' 'SELECT * FROM big ORDER BY id DESC LIMIT 128'" \
  -n point "sqlite3 '$db' 'SELECT * FROM big WHERE id = $(( rows - 1 ))'" \
  -n start "sqlite3 ':memory:' 'SELECT 1'" >/dev/null

log "Start-up (median of $startup_runs, after a warm-up launch)"
startup() { # NAME PROGRAM [ARGS...]
  local name=$1; shift
  local line
  line=$(MAP_WAIT="$build/bench/map_wait" SETTLE_MS=2000 "$here/startup.sh" "$1" "$startup_runs" -- "${@:2}")
  echo "  $name: $line" >&2
  echo "$name $line" >>"$out/startup.txt"
}
: >"$out/startup.txt"
startup sluice "$build/sluice"
startup sluice_db "$build/sluice" "$db"
if command -v sqlitebrowser >/dev/null; then
  startup db4s sqlitebrowser
  startup db4s_db sqlitebrowser "$db"
else
  log "sqlitebrowser is not installed: DB4S columns show the issue's reference figures only"
fi

log "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo), $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n1)"
python3 "$here/report.py" "$out/grid.txt" "$out/cli.json" "$out/startup.txt"
[ "${SKIP_MIGRATIONS:-0}" = 1 ] || "$here/migrations/run.sh" "$build" # migrations (SKIP_MIGRATIONS=1 to skip)
