#!/usr/bin/env bash
# Renders icons/lifeboat.svg (the only source) into every size the platforms want:
#   icons/png/lifeboat-{16,24,32,48,64,128,256,512}.png   Linux (.deb icon, hicolor), window icons
#   icons/lifeboat.ico                                   Windows (jpackage --icon, 16..256 in one file)
#   icons/lifeboat.icns                                  macOS   (jpackage --icon)
# and copies the PNGs to src/main/resources/app/lifeboat/ui/icons/ for the JavaFX window (Stage icons).
#
# Needs (Debian/Ubuntu): librsvg2-bin (rsvg-convert), imagemagick (convert), icnsutils (png2icns).
#   sudo apt-get install -y librsvg2-bin imagemagick icnsutils
# Repeatable: same SVG and tools give the same files; run it after editing the SVG and commit the output.
set -euo pipefail
cd "$(dirname "$0")"

missing=()
command -v rsvg-convert >/dev/null || missing+=(librsvg2-bin)
# Call ImageMagick by its full path: some machines put a stand-in `convert` first on PATH.
CONVERT=/usr/bin/convert
[ -x "$CONVERT" ] || CONVERT=$(command -v magick || true)
[ -n "$CONVERT" ] && [ -x "$CONVERT" ] || missing+=(imagemagick)
command -v png2icns >/dev/null || missing+=(icnsutils)
if [ ${#missing[@]} -gt 0 ]; then
  echo "icons/build.sh: missing tools; install with: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi

SIZES=(16 24 32 48 64 128 256 512)
RES=../src/main/resources/app/lifeboat/ui/icons
mkdir -p png "$RES"

for s in "${SIZES[@]}"; do
  # Render straight from the vector at each size (sharper than downscaling the 512).
  rsvg-convert --width "$s" --height "$s" --format png lifeboat.svg --output "png/lifeboat-$s.png.tmp"
  # Strip timestamps/metadata so rebuilding gives byte-identical files.
  "$CONVERT" "png/lifeboat-$s.png.tmp" -strip -define png:exclude-chunks=date,time \
    "PNG32:png/lifeboat-$s.png"
  rm "png/lifeboat-$s.png.tmp"
  cp "png/lifeboat-$s.png" "$RES/lifeboat-$s.png"
done

# Windows: one .ico with the sizes Explorer and the task bar use.
"$CONVERT" png/lifeboat-16.png png/lifeboat-24.png png/lifeboat-32.png png/lifeboat-48.png \
  png/lifeboat-64.png png/lifeboat-128.png png/lifeboat-256.png lifeboat.ico

# macOS: png2icns takes the sizes it knows (16, 32, 48, 128, 256, 512).
png2icns lifeboat.icns png/lifeboat-16.png png/lifeboat-32.png png/lifeboat-48.png \
  png/lifeboat-128.png png/lifeboat-256.png png/lifeboat-512.png >/dev/null

echo "icons: png/lifeboat-*.png (${SIZES[*]}), lifeboat.ico, lifeboat.icns, copies in $RES/"
