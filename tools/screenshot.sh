#!/usr/bin/env bash
# Takes a screenshot of the real Sluice window under Xvfb: tools/screenshot.sh SLUICE DB OUT.png [TABLE]
# Used for the README image and to look at anything visual before calling it done.
set -euo pipefail
bin=$1; db=$2; out=$3; table=${4:-}
command -v Xvfb >/dev/null || { echo "screenshot: Xvfb is missing (apt-get install xvfb)" >&2; exit 1; }
command -v import >/dev/null || { echo "screenshot: ImageMagick's import is missing (apt-get install imagemagick)" >&2; exit 1; }

display=:$(( 90 + RANDOM % 100 ))
config=$(mktemp -d)
trap 'kill $app $xvfb 2>/dev/null || true; [ -s "$config/app.log" ] && sed "s/^/sluice: /" "$config/app.log" >&2; rm -rf "$config"' EXIT
Xvfb "$display" -screen 0 1400x860x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
for _ in $(seq 50); do xdpyinfo -display "$display" >/dev/null 2>&1 && break; sleep 0.1; done

export DISPLAY=$display XDG_CONFIG_HOME=$config QT_QPA_PLATFORM=xcb
args=("$db")
if [ -n "$table" ]; then
  # Sluice shows the object it showed last for this file: seed that setting.
  abs=$(readlink -f "$db")
  key=$(printf %s "$abs" | sha1sum | cut -c1-16)
  mkdir -p "$config/Sluice"
  printf '[lastObject]\n%s=%s\n' "$key" "$table" > "$config/Sluice/Sluice.conf"
fi
"$bin" "${args[@]}" >"$config/app.log" 2>&1 &
app=$!
# Wait until the window is mapped, then give the worker a moment to fill in counts and rows.
for _ in $(seq 100); do
  xdotool search --onlyvisible --name 'Sluice' >/dev/null 2>&1 && break
  sleep 0.1
done
win=$(xdotool search --onlyvisible --name 'Sluice' | head -n1)
xdotool windowsize "$win" 1400 860 windowmove "$win" 0 0 2>/dev/null || true
sleep "${SCREENSHOT_DELAY:-2}"
# Optional keys to press first, e.g. SCREENSHOT_KEYS="alt+2" for the Schema tab.
for k in ${SCREENSHOT_KEYS:-}; do xdotool windowfocus --sync "$win" 2>/dev/null || true; xdotool key "$k"; sleep 0.5; done
mkdir -p "$(dirname "$out")"
import -display "$display" -window root "$out"
echo "$out"
