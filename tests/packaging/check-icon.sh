#!/usr/bin/env bash
# The app icon is well-formed XML and renders at the sizes desktops use.
# Usage: check-icon.sh ICON.svg OUT_DIR   (PNGs are left in OUT_DIR to look at)
set -euo pipefail
svg=$1 out=$2
mkdir -p "$out"
if command -v xmllint >/dev/null; then
  xmllint --noout "$svg"
fi
for size in 16 32 48 256; do
  rsvg-convert -w "$size" -h "$size" -o "$out/sluice-$size.png" "$svg"
  [ -s "$out/sluice-$size.png" ] || { echo "no PNG at ${size}px"; exit 1; }
done
echo "ok: rendered into $out"
