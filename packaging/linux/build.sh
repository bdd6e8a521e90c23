#!/usr/bin/env bash
# Builds the Linux app image (target/jpackage/image/lifeboat, launcher bin/lifeboat), the .deb and,
# when rpmbuild is installed, the .rpm (both in target/jpackage/dist) with jpackage from the JDK.
#
# Normally run by `./mvnw -Ppackage package` (exec-maven-plugin), after maven-dependency-plugin has
# put the app's runtime jars in target/jpackage/input and the linux JavaFX jars in
# target/jpackage/javafx, and the build has written the shell completion
# (target/lifeboat-completion.bash) and the man pages (target/man/*.1).
# Standalone, after such a build:  packaging/linux/build.sh [target] [version]
#
# Needs: JDK 17 with jmods/ (jpackage, jlink), binutils (objcopy, for jlink --strip-debug),
# fakeroot and dpkg-deb (dpkg-dev) for the .deb, rpmbuild (rpm) for the optional .rpm, zip.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
TARGET=${1:-$ROOT/target}
VERSION=${2:-$(sed -n 's/^version=//p' "$TARGET/maven-archiver/pom.properties" 2>/dev/null || true)}
JP=$TARGET/jpackage

# jpackage wants a numeric version (1 to 3 numbers): 0.1.0-SNAPSHOT -> 0.1.0.
APP_VERSION=${VERSION%%-*}
if ! [[ $APP_VERSION =~ ^[0-9]+(\.[0-9]+){0,2}$ ]]; then
  echo "packaging: cannot derive a numeric app version from pom version '$VERSION'" >&2
  exit 1
fi
for d in "$JP/input" "$JP/javafx" "$TARGET/lifeboat-completion.bash" "$TARGET/man/lifeboat.1"; do
  [ -e "$d" ] || { echo "packaging: $d is missing; run ./mvnw -Ppackage package" >&2; exit 1; }
done
cp "$TARGET/lifeboat.jar" "$JP/input/lifeboat.jar"

# sqlite-jdbc and zstd-jni carry native libraries for ~30 platforms (about 18 MB); the package is
# for one architecture, so keep only that one's. Loaders look up exactly these folders.
case "$(uname -m)" in
  x86_64) SQLITE_ARCH=x86_64; ZSTD_ARCH=amd64 ;;
  aarch64) SQLITE_ARCH=aarch64; ZSTD_ARCH=aarch64 ;;
  *) SQLITE_ARCH=""; ZSTD_ARCH="" ;;
esac
trim_natives() { # jar, prefix of the natives folder to keep, regex of all native entries
  local jar=$1 keep=$2 natives=$3
  [ -f "$jar" ] && [ -n "$keep" ] && command -v zip >/dev/null || return 0
  unzip -Z1 "$jar" | grep -E "$natives" | grep -v "^$keep" | grep -v '/$' | zip -q -d "$jar" -@ >/dev/null || true
}
for jar in "$JP"/input/sqlite-jdbc-*.jar; do
  trim_natives "$jar" "org/sqlite/native/Linux/$SQLITE_ARCH/" '^org/sqlite/native/.+\.(so|dll|dylib|jnilib)$'
done
for jar in "$JP"/input/zstd-jni-*.jar; do
  trim_natives "$jar" "linux/$ZSTD_ARCH/" '^[a-z]+/[a-z0-9_]+/libzstd-jni.*\.(so|dll|dylib)$'
done

# jpackage refuses an existing destination.
rm -rf "$JP/image" "$JP/dist"
cd "$ROOT"
echo "packaging: app image lifeboat $APP_VERSION"
jpackage @packaging/jpackage-common.txt --type app-image --dest "$JP/image" \
  --name lifeboat --app-version "$APP_VERSION" \
  --input "$JP/input" --module-path "$JP/javafx" \
  --icon icons/png/lifeboat-256.png \
  --add-launcher lifeboat-window=packaging/linux/window-launcher.properties

# Shell completion and man pages (gzipped, as Debian policy wants) go into the app image's lib/
# (jpackage packages only bin/ and lib/ of an app image); the packages' postinst links them into
# /usr/share, as it links /usr/bin/lifeboat.
LIB=$JP/image/lifeboat/lib
mkdir -p "$LIB/bash-completion" "$LIB/man/man1"
cp "$TARGET/lifeboat-completion.bash" "$LIB/bash-completion/lifeboat"
for page in "$TARGET"/man/*.1; do
  gzip -9 -n -c "$page" > "$LIB/man/man1/$(basename "$page").gz"
done
# The install scripts make the class-data-sharing archives in place with this (see its comment).
cp "$HERE/cds-archive.sh" "$LIB/cds-archive.sh"
# What /usr/bin/lifeboat and the menu entry run: the bundled java, without the native launcher's
# package-manager queries (see its comment).
cp "$HERE/launch.sh" "$LIB/launch.sh"
chmod 755 "$LIB/cds-archive.sh" "$LIB/launch.sh"

LINUX_PACKAGE=(--app-image "$JP/image/lifeboat" --dest "$JP/dist"
  --name lifeboat --app-version "$APP_VERSION" --description "Backup manager for SQLite databases"
  --vendor Lifeboat --icon icons/png/lifeboat-256.png --resource-dir packaging/linux/resources
  --linux-app-category utils
  --linux-deb-maintainer "${LIFEBOAT_DEB_MAINTAINER:-Lifeboat maintainers <lifeboat@example.invalid>}")

echo "packaging: .deb"
# GTK is what JavaFX's glass toolkit loads; jpackage's computed dependencies miss it.
jpackage --type deb "${LINUX_PACKAGE[@]}" --linux-package-deps libgtk-3-0
# LIFEBOAT_RPM=no skips the .rpm even where rpmbuild exists (CI time).
if [ "${LIFEBOAT_RPM:-auto}" != no ] && command -v rpmbuild >/dev/null; then
  echo "packaging: .rpm"
  jpackage --type rpm "${LINUX_PACKAGE[@]}" --linux-package-deps gtk3
else
  echo "packaging: no .rpm (LIFEBOAT_RPM=no, or rpmbuild not installed: apt-get install rpm)"
fi
ls -l "$JP/dist"
