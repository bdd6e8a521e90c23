#!/usr/bin/env bash
# Smoke test of the Linux packages built by `./mvnw -Ppackage package` (packaging/linux/build.sh):
#  1. the app image's launcher bin/lifeboat prints its version, and its help (top and nested);
#  2. one real backup and verify through that launcher in a temporary home (plain zstd, then
#     age-encrypted to an X25519 key: checks sqlite-jdbc's and zstd-jni's natives and the jlinked
#     runtime's modules, e.g. jdk.crypto.ec, which jdeps does not report);
#  2b. the install scripts' class-data-sharing archives, one per launcher, and lib/launch.sh (what
#     /usr/bin/lifeboat runs) starting the command line with its archive;
#  3. the .deb's metadata and contents (dpkg-deb --info / --contents): launchers, desktop file, icon,
#     libgtk-3-0 dependency, the /usr/bin/lifeboat link to lib/launch.sh in postinst; the bash completion (which
#     completes 'lifeboat sch' to 'schedule') and gzipped man pages, and postinst linking them into
#     /usr/share/bash-completion/completions and /usr/share/man/man1;
#  4. lintian, if installed: reported, never fails the test.
# Usage: packaging/smoke-test.sh [app-image-dir] [dist-dir]
#        (defaults: target/jpackage/image/lifeboat target/jpackage/dist). Needs sqlite3 or python3.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
IMAGE=${1:-$ROOT/target/jpackage/image/lifeboat}
DIST=${2:-$ROOT/target/jpackage/dist}
L=$IMAGE/bin/lifeboat
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
fail() { echo "smoke: FAIL: $*" >&2; exit 1; }
step() { echo "smoke: $*"; }

[ -x "$L" ] || fail "no launcher at $L"

# 1. version (from the jar manifest, i.e. the pom)
version=$("$L" --version) || fail "'lifeboat --version' exited $?"
[[ $version =~ ^lifeboat\ [0-9] ]] || fail "unexpected version output: $version"
step "version: $version"
for cmd in "--help" "backup --help" "schedule install --help" "help schedule install"; do
  # shellcheck disable=SC2086 # word splitting wanted: each entry is a command line
  usage=$("$L" $cmd) || fail "'lifeboat $cmd' exited $?"
  [[ $usage == Usage:\ lifeboat* ]] || fail "'lifeboat $cmd' printed no usage: $usage"
done
step "help: ok"
# The window's tray icon uses AWT (java.awt.SystemTray): the jlinked runtime must hold java.desktop.
# jlink lists the runtime's modules in its release file.
if [ -f "$IMAGE/lib/runtime/release" ]; then
  grep -q '^MODULES=.*java\.desktop' "$IMAGE/lib/runtime/release" || fail "the runtime lacks java.desktop (tray icon)"
  step "runtime modules: java.desktop present"
fi

# 2. a real backup and verify in a temporary home, nothing from the user's home touched
db=$WORK/notes.db
sql="PRAGMA journal_mode=WAL; CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i<20000)
INSERT INTO notes(body) SELECT 'note ' || i || ' ' || hex(randomblob(40)) FROM n;"
if command -v sqlite3 >/dev/null; then
  sqlite3 "$db" "$sql" >/dev/null
else
  python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); c.commit()' "$db" "$sql"
fi
export LIFEBOAT_HOME=$WORK/home   # and --home below, to be explicit
lb() { "$L" --home "$WORK/home" "$@"; }
lb add "$db" --name notes >/dev/null || fail "add"
lb backup notes || fail "backup"
lb verify notes || fail "verify"
lb keygen "$WORK/identity.txt" > "$WORK/keygen.out" 2>&1 || fail "keygen"
recipient=$(grep -o 'age1[0-9a-z]*' "$WORK/keygen.out" | head -1)
[ -n "$recipient" ] || fail "keygen printed no age1 public key"
lb set notes --encrypt-to "$recipient" >/dev/null || fail "set --encrypt-to"
lb backup notes --force || fail "age-encrypted backup"
lb verify notes --all --identity "$WORK/identity.txt" || fail "verify of the age-encrypted backup"
step "backup and verify through the packaged launcher: ok"

# 2b. the install scripts' class-data-sharing archives, made in a copy of the image (it edits the
# launchers' configurations in place): each appears, its launcher names it, and still works.
CDS=$WORK/image-cds
cp -a "$IMAGE" "$CDS"
LIFEBOAT_APP_DIR="$CDS" sh "$CDS/lib/cds-archive.sh" install
for launcher in lifeboat lifeboat-window; do
  [ -s "$CDS/lib/$launcher.jsa" ] || fail "cds-archive.sh made no $launcher.jsa"
  grep -q "SharedArchiveFile=\\\$APPDIR/../$launcher.jsa" "$CDS/lib/app/$launcher.cfg" \
    || fail "$launcher.cfg does not name $launcher.jsa"
  "$CDS/bin/$launcher" --home "$WORK/home" status >/dev/null || fail "status through bin/$launcher with its archive"
done
# lib/launch.sh (what /usr/bin/lifeboat runs), through a symlink as installed, with an argument
# holding a space: the command runs, and its classes come from the command line's archive.
ln -s "$CDS/lib/launch.sh" "$WORK/lifeboat"
"$WORK/lifeboat" --home "$WORK/home" list notes | grep -q manual || fail "list through lib/launch.sh"
mkdir "$WORK/with space"
cp "$db" "$WORK/with space/my notes.db"
"$WORK/lifeboat" --home "$WORK/with space/home" add "$WORK/with space/my notes.db" --name spaced >/dev/null \
  && "$WORK/lifeboat" --home "$WORK/with space/home" databases | grep -q "spaced.*with space/my notes.db" \
  || fail "lib/launch.sh split an argument holding a space"
JAVA_TOOL_OPTIONS=-Xlog:class+load "$WORK/lifeboat" --home "$WORK/home" status 2>/dev/null \
  | grep -q 'app.lifeboat.cli.StatusCommand source: shared objects file' \
  || fail "status through lib/launch.sh did not use lifeboat.jsa"
t0=$(date +%s%N); "$CDS/bin/lifeboat" --home "$WORK/home" status >/dev/null
t1=$(date +%s%N); "$WORK/lifeboat" --home "$WORK/home" status >/dev/null; t2=$(date +%s%N)
sizes="$(du -h "$CDS/lib/lifeboat.jsa" | cut -f1) and $(du -h "$CDS/lib/lifeboat-window.jsa" | cut -f1)"
LIFEBOAT_APP_DIR="$CDS" sh "$CDS/lib/cds-archive.sh" remove
! grep -q SharedArchiveFile "$CDS/lib/app/lifeboat.cfg" "$CDS/lib/app/lifeboat-window.cfg" \
  || fail "cds-archive.sh remove left the option"
"$WORK/lifeboat" --home "$WORK/home" status >/dev/null || fail "status through lib/launch.sh without archives"
step "class-data-sharing archives ($sizes) made and used; status $(( (t1 - t0) / 1000000 )) ms through bin/lifeboat, $(( (t2 - t1) / 1000000 )) ms through lib/launch.sh: ok"

# 3. the .deb
deb=$(ls "$DIST"/lifeboat_*.deb 2>/dev/null | head -1 || true)
[ -n "$deb" ] || fail "no .deb in $DIST"
info=$(dpkg-deb --info "$deb")
contents=$(dpkg-deb --contents "$deb")
grep -q '^ *Package: lifeboat$' <<<"$info" || fail "Package is not lifeboat"
grep -q '^ *Depends:.*libgtk-3-0' <<<"$info" || fail "Depends lacks libgtk-3-0"
for f in ./opt/lifeboat/bin/lifeboat ./opt/lifeboat/bin/lifeboat-window ./opt/lifeboat/lib/launch.sh \
         ./opt/lifeboat/lib/lifeboat-lifeboat-window.desktop ./opt/lifeboat/lib/lifeboat-window.png \
         ./opt/lifeboat/lib/runtime/bin/java ./opt/lifeboat/lib/runtime/lib/modules; do
  grep -q " $f\$" <<<"$contents" || fail "$f not in the .deb"
done
LIB=./opt/lifeboat/lib
for f in $LIB/bash-completion/lifeboat $LIB/man/man1/lifeboat.1.gz \
         $LIB/man/man1/lifeboat-backup.1.gz $LIB/man/man1/lifeboat-schedule-install.1.gz; do
  grep -q " $f\$" <<<"$contents" || fail "$f not in the .deb"
done
dpkg-deb --ctrl-tarfile "$deb" | tar -xO ./postinst > "$WORK/postinst"
grep -q 'ln -sf /opt/lifeboat/lib/launch.sh /usr/bin/lifeboat' "$WORK/postinst" \
  || fail "postinst does not link /usr/bin/lifeboat"
grep -q '/usr/share/bash-completion/completions/lifeboat' "$WORK/postinst" \
  || fail "postinst does not link the bash completion"
grep -q 'ln -sf "$page" /usr/share/man/man1/' "$WORK/postinst" || fail "postinst does not link the man pages"
dpkg-deb --fsys-tarfile "$deb" | tar -xO $LIB/man/man1/lifeboat-backup.1.gz > "$WORK/lifeboat-backup.1.gz"
zcat "$WORK/lifeboat-backup.1.gz" | grep -q '^\.TH "LIFEBOAT\\-BACKUP" "1"' || fail "lifeboat-backup.1.gz is not a man page"
dpkg-deb --fsys-tarfile "$deb" | tar -xO $LIB/bash-completion/lifeboat > "$WORK/completion.bash"
completed=$(bash -c 'source "$1" 2>/dev/null || exit 1
  COMP_WORDS=(lifeboat sch); COMP_CWORD=1; COMP_LINE="lifeboat sch"; COMP_POINT=${#COMP_LINE}
  _complete_lifeboat lifeboat sch lifeboat 2>/dev/null; echo "${COMPREPLY[*]}"' _ "$WORK/completion.bash") \
  || fail "the bash completion does not load"
[ "$completed" = schedule ] || fail "the bash completion completes 'lifeboat sch' to '$completed', not 'schedule'"
grep -q 'cp /opt/lifeboat/lib/lifeboat-lifeboat-window.desktop /usr/share/applications/lifeboat.desktop' \
  "$WORK/postinst" || fail "postinst does not install the window's desktop entry"
dpkg-deb --fsys-tarfile "$deb" | tar -xO ./opt/lifeboat/lib/lifeboat-lifeboat-window.desktop > "$WORK/lifeboat.desktop"
grep -q '^Exec=/opt/lifeboat/lib/launch.sh$' "$WORK/lifeboat.desktop" || fail "desktop entry Exec"
grep -q '^Icon=/opt/lifeboat/lib/lifeboat-window.png' "$WORK/lifeboat.desktop" || fail "desktop entry Icon"
! grep -q '^MimeType=.' "$WORK/lifeboat.desktop" || fail "desktop entry declares file associations"
step "deb: $(basename "$deb") $(du -h "$deb" | cut -f1), $(grep -c . <<<"$contents") entries: ok"

# 4. lintian: report only
if command -v lintian >/dev/null; then
  step "lintian (report only):"
  rc=0; lintian "$deb" > "$WORK/lintian.out" 2> "$WORK/lintian.err" < /dev/null || rc=$?
  # one line per tag with its count, e.g. "23 W: jar-not-in-usr-share"
  awk '/^[EWIN]: /{print $1, $3}' "$WORK/lintian.out" | sort | uniq -c | sort -rn | sed 's/^/  /'
  if ! grep -q '^[EWIN]: ' "$WORK/lintian.out"; then
    echo "  lintian reported no tags (exit $rc); its stderr: $(tail -3 "$WORK/lintian.err")"
  fi

else
  step "lintian not installed: skipped"
fi
step "all checks passed"
