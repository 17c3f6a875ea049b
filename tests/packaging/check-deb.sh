#!/usr/bin/env bash
# Builds the .deb from an existing build folder into a temp folder (nothing is written to the source
# tree), checks what it holds and what it depends on, then unpacks it and runs the packaged binary (the
# command line, and the window it hands over to).
# Usage: check-deb.sh BUILD_DIR
set -euo pipefail
build=$1
id=io.github.sluice.Sluice
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

[ -x "$build/sluice" ] || fail "build sluice first ($build/sluice is missing)"
command -v dpkg-shlibdeps >/dev/null || fail "dpkg-shlibdeps not found (install dpkg-dev): Depends would lack the libraries"

cpack --config "$build/CPackConfig.cmake" -G DEB -B "$scratch/out" >"$scratch/cpack.log" 2>&1 \
  || { cat "$scratch/cpack.log"; fail "cpack failed"; }
debs=("$scratch"/out/*.deb)
[ ${#debs[@]} -eq 1 ] && [ -f "${debs[0]}" ] || fail "expected one .deb, got: ${debs[*]}"
deb=${debs[0]}

contents=$(dpkg-deb -c "$deb")
for f in ./usr/bin/sluice ./usr/libexec/sluice/sluice-gui ./usr/share/applications/$id.desktop ./usr/share/metainfo/$id.metainfo.xml \
         ./usr/share/icons/hicolor/scalable/apps/$id.svg ./usr/share/doc/sluice/copyright; do
  grep -q " $f\$" <<<"$contents" || { echo "$contents"; fail "missing from the package: $f"; }
done

[ "$(dpkg-deb -f "$deb" Package)" = sluice ] || fail "package name is not sluice"
depends=$(dpkg-deb -f "$deb" Depends)
# libqt6sql6-sqlite is the explicit run-time plugin dependency; the others come from dpkg-shlibdeps.
# QScintilla's package carries its soname (libqscintilla2-qt6-15 on Debian 12).
for d in libqt6sql6-sqlite libqt6widgets6 libqt6sql6 libsqlite3-0 'libqscintilla2-qt6-[0-9]+' libc6; do
  grep -Eq "(^|, )$d( |,|$)" <<<"$depends" || fail "Depends lacks $d: $depends"
done

root=$scratch/root
dpkg-deb -x "$deb" "$root"
version=$("$root/usr/bin/sluice" --version)
[ "$version" = "sluice $(dpkg-deb -f "$deb" Version)" ] || fail "unexpected --version: $version"
# `sluice` without a verb becomes the window program installed in libexec (same process, execv).
gui=$root/usr/libexec/sluice/sluice-gui
QT_QPA_PLATFORM=offscreen XDG_CONFIG_HOME=$scratch/config "$root/usr/bin/sluice" & pid=$!
exe=
for _ in $(seq 200); do
  exe=$(readlink "/proc/$pid/exe" || true)
  [ "$exe" = "$gui" ] && break
  sleep 0.1
done
kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
[ "$exe" = "$gui" ] || fail "sluice without a verb did not start $gui (running: ${exe:-nothing})"
if readelf -d "$root/usr/bin/sluice" | grep -Eiq 'libQt6(Gui|Widgets)|qscintilla'; then
  fail "usr/bin/sluice links the widgets: $(readelf -d "$root/usr/bin/sluice" | grep NEEDED)"
fi
# The installed layout as software centres see it: metainfo, desktop file and icon agree.
if command -v appstreamcli >/dev/null; then
  report=$(appstreamcli validate-tree --no-net "$root" 2>&1) || { echo "$report"; fail "appstreamcli validate-tree"; }
  if grep -Eq '^\s*[EW]: ' <<<"$report"; then echo "$report"; fail "appstreamcli validate-tree warnings"; fi
fi
echo "ok: $(basename "$deb") ($(du -k "$deb" | cut -f1) KiB)"
echo "Depends: $depends"
echo "Recommends: $(dpkg-deb -f "$deb" Recommends)"
