#!/usr/bin/env bash
# Start-up benchmark: time from launch until the main window is mapped under Xvfb, and the resident
# memory at that moment. Usage: bench/startup.sh SLUICE [RUNS] [-- ARGS...]
# Prints the median of RUNS launches (default 7). Same method as the DB Browser for SQLite reference
# figures in the issue (window mapped, RSS read from /proc).
set -euo pipefail
bin=$1; runs=${2:-7}
shift 2 || shift $#
[ "${1:-}" = "--" ] && shift
display=:$(( 120 + RANDOM % 100 ))
config=$(mktemp -d)
Xvfb "$display" -screen 0 1400x900x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true; rm -rf "$config"' EXIT
for _ in $(seq 50); do xdpyinfo -display "$display" >/dev/null 2>&1 && break; sleep 0.1; done
export DISPLAY=$display XDG_CONFIG_HOME=$config QT_QPA_PLATFORM=xcb

times=(); rss=()
for _ in $(seq "$runs"); do
  start=$(date +%s%N)
  "$bin" "$@" >/dev/null 2>&1 &
  pid=$!
  # xdotool --sync blocks until a visible window of that process exists.
  xdotool search --sync --onlyvisible --pid "$pid" >/dev/null 2>&1
  end=$(date +%s%N)
  kb=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  times+=($(( (end - start) / 1000000 )))
  rss+=($(( kb / 1024 )))
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "startup_ms_median=$(median "${times[@]}") rss_mb_median=$(median "${rss[@]}") runs=$runs (all ms: ${times[*]}; MB: ${rss[*]})"
