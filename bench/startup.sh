#!/usr/bin/env bash
# Start-up benchmark: time from launch until the program's main window is mapped under Xvfb, and its
# resident memory at that moment. Usage: bench/startup.sh PROGRAM [RUNS] [-- ARGS...]
# Prints the median of RUNS launches (default 7), after one discarded warm-up launch. Same method as
# the DB Browser for SQLite reference figures in the issue (window mapped, VmRSS from /proc).
#
# The timing is done by map_wait (bench/map_wait.cpp, built next to grid_bench), which waits for the
# X11 MapNotify itself: `xdotool search --sync` polls only every 0.5 s. Set MAP_WAIT to its path
# when PROGRAM is not in a build folder (e.g. sqlitebrowser). SETTLE_MS (default 0) also reports the
# resident memory that many milliseconds after mapping (work started at open, e.g. row counts).
set -euo pipefail
bin=$1; runs=${2:-7}
shift 2 || shift $#
[ "${1:-}" = "--" ] && shift
map_wait=${MAP_WAIT:-$(dirname "$(command -v "$bin")")/bench/map_wait}
[ -x "$map_wait" ] || { echo "startup: map_wait not found at $map_wait (cmake --build BUILD --target map_wait; or set MAP_WAIT)" >&2; exit 1; }
settle=${SETTLE_MS:-0}

display=:$(( 120 + RANDOM % 100 ))
config=$(mktemp -d)
Xvfb "$display" -screen 0 1400x900x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true; rm -rf "$config"' EXIT
for _ in $(seq 50); do xdpyinfo -display "$display" >/dev/null 2>&1 && break; sleep 0.1; done
export DISPLAY=$display XDG_CONFIG_HOME=$config XDG_RUNTIME_DIR=$config QT_QPA_PLATFORM=xcb

times=(); rss=(); settled=()
for i in $(seq 0 "$runs"); do
  line=$("$map_wait" --settle "$settle" -- "$bin" "$@" 2>/dev/null) || { echo "startup: $bin never mapped a window" >&2; exit 1; }
  [ "$i" -eq 0 ] && continue # warm-up: loads libraries into the page cache
  ms=$(sed -n 's/.*map_ms=\([0-9.]*\).*/\1/p' <<<"$line")
  kb=$(sed -n 's/.*rss_kb=\([0-9]*\).*/\1/p' <<<"$line")
  times+=("$ms"); rss+=($(( kb / 1024 )))
  if [ "$settle" -gt 0 ]; then
    skb=$(sed -n 's/.*settled_rss_kb=\([0-9]*\).*/\1/p' <<<"$line")
    settled+=($(( skb / 1024 )))
  fi
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
extra=""
[ "$settle" -gt 0 ] && extra=" settled_rss_mb_median=$(median "${settled[@]}") (after ${settle} ms; MB: ${settled[*]})"
echo "startup_ms_median=$(median "${times[@]}") rss_mb_median=$(median "${rss[@]}") runs=$runs (all ms: ${times[*]}; MB: ${rss[*]})$extra"
