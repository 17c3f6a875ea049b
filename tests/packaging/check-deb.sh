#!/usr/bin/env bash
# Builds the .deb from an existing build folder into a scratch folder and checks what it holds and
# that the packaged binary runs. Usage: check-deb.sh BUILD_DIR
set -euo pipefail
build=$1
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cpack --config "$build/CPackConfig.cmake" -G DEB -B "$scratch" >"$scratch/cpack.log" 2>&1 || { cat "$scratch/cpack.log"; exit 1; }
deb=$(ls "$scratch"/*.deb)
contents=$(dpkg-deb -c "$deb")
for f in ./usr/bin/sluice ./usr/share/applications/io.github.sluice.Sluice.desktop \
         ./usr/share/metainfo/io.github.sluice.Sluice.metainfo.xml \
         ./usr/share/icons/hicolor/scalable/apps/io.github.sluice.Sluice.svg; do
  grep -q " $f\$" <<<"$contents" || { echo "missing from the package: $f"; echo "$contents"; exit 1; }
done
depends=$(dpkg-deb -f "$deb" Depends)
for d in libqt6sql6-sqlite libsqlite3-0 libqscintilla2-qt6 libqt6widgets6; do
  grep -q "$d" <<<"$depends" || { echo "Depends lacks $d: $depends"; exit 1; }
done
dpkg-deb -x "$deb" "$scratch/root"
version=$("$scratch/root/usr/bin/sluice" --version)
[ "$version" = "sluice $(dpkg-deb -f "$deb" Version)" ] || { echo "unexpected --version: $version"; exit 1; }
echo "ok: $(basename "$deb"), Depends: $depends"
