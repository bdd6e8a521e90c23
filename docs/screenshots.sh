#!/usr/bin/env bash
# Builds demo homes with the CLI, starts the window on each under Xvfb and saves the screenshots
# committed in docs/. Needs: apt-get install -y xvfb imagemagick libgtk-3-0 xdotool (trayer for the tray one), and python3.
#   docs/screenshots.sh            (from the repository root; builds target/lifeboat.jar if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
jar=$repo/target/lifeboat.jar
shot=${SCREENSHOT:-$repo/../shared/bin/screenshot}
[ -x "$shot" ] || shot=/work/shared/bin/screenshot
[ -f "$jar" ] || ./mvnw -B -q package -DskipTests
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
lb() { java -jar "$jar" --home "$work/$1" "${@:2}" >/dev/null; }

# A small but realistic database: rows in a few tables, built with python's sqlite3.
make_db() {
  python3 - "$1" "$2" <<'PY'
import sqlite3, sys, random
db = sqlite3.connect(sys.argv[1]); rows = int(sys.argv[2]); random.seed(rows)
db.execute("PRAGMA journal_mode=WAL")
db.execute("CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT, email TEXT)")
db.execute("CREATE TABLE orders(id INTEGER PRIMARY KEY, customer_id INTEGER, total REAL, note TEXT)")
db.execute("CREATE TABLE products(id INTEGER PRIMARY KEY, title TEXT, price REAL)")
db.executemany("INSERT INTO customers(name, email) VALUES (?, ?)",
               [(f"customer {i}", f"c{i}@example.org") for i in range(rows // 10)])
db.executemany("INSERT INTO products(title, price) VALUES (?, ?)", [(f"product {i}", i * 1.5) for i in range(200)])
db.executemany("INSERT INTO orders(customer_id, total, note) VALUES (?, ?, ?)",
               [(random.randrange(rows // 10), random.random() * 100, "x" * random.randrange(40, 400)) for _ in range(rows)])
db.commit(); db.execute("PRAGMA wal_checkpoint(TRUNCATE)"); db.close()
PY
}
add_rows() {
  python3 -c "import sqlite3,sys; d=sqlite3.connect(sys.argv[1]); d.executemany('INSERT INTO orders(customer_id,total,note) VALUES (1,2.5,?)', [('y'*300,)]*int(sys.argv[2])); d.commit()" "$1" "$2"
}
# Window bounds (fill the virtual screen) and the selected database, as the window saves them.
prefs() {
  python3 - "$work/$1/settings.json" "$2" <<'PY'
import json, sys
p, sel = sys.argv[1], sys.argv[2]
try: s = json.load(open(p))
except FileNotFoundError: s = {"formatVersion": 1, "databases": []}
s.setdefault("preferences", {}).update({"ui.window": "0,0,1400,900,false", "ui.selectedDatabase": sel})
json.dump(s, open(p, "w"), indent=2)
PY
}
# The close button of a window manager: WM_DELETE_WINDOW sent to the window (Xvfb has no manager).
cat > "$work/wm-close.py" <<'PY'
import ctypes, sys
x = ctypes.cdll.LoadLibrary("libX11.so.6")
x.XOpenDisplay.argtypes = [ctypes.c_char_p]; x.XOpenDisplay.restype = ctypes.c_void_p
x.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]; x.XInternAtom.restype = ctypes.c_ulong
x.XSendEvent.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_long, ctypes.c_void_p]
x.XFlush.argtypes = [ctypes.c_void_p]
class Msg(ctypes.Structure):
    _fields_ = [("type", ctypes.c_int), ("serial", ctypes.c_ulong), ("send_event", ctypes.c_int),
                ("display", ctypes.c_void_p), ("window", ctypes.c_ulong), ("message_type", ctypes.c_ulong),
                ("format", ctypes.c_int), ("data", ctypes.c_long * 5)]
class Event(ctypes.Union):
    _fields_ = [("xclient", Msg), ("pad", ctypes.c_long * 24)]
d = x.XOpenDisplay(None); w = int(sys.argv[1]); e = Event()
e.xclient.type = 33; e.xclient.window = w; e.xclient.format = 32  # ClientMessage
e.xclient.message_type = x.XInternAtom(d, b"WM_PROTOCOLS", 0)
e.xclient.data[0] = x.XInternAtom(d, b"WM_DELETE_WINDOW", 0)
x.XSendEvent(d, w, 0, 0, ctypes.byref(e)); x.XFlush(d)
PY
snap() { # NAME HOME [KEYS to press once the window is up, as xdotool names them, or CLOSE for the close button]
  local name=$1 home=$2 keys=${3:-}
  "$shot" "$work/$name.png" --wait "${WAIT:-25}" --size 1400x900 -- bash -c '
    # TRAY=1: a tray in the top right corner (trayer), as a desktop with a notification area has.
    [ -n "${TRAY:-}" ] && { trayer --edge top --align right --widthtype pixel --width 60 --height 30 & sleep 1; }
    java -jar "$0" --home "$1" & app=$!
    trap "kill $app 2>/dev/null" EXIT TERM
    if [ -n "$2" ]; then
      # Driven from outside like a person would: wait for the window and its first load, then type.
      sleep "${KEYS_AFTER:-15}"
      if [ "$2" = CLOSE ]; then
        python3 "$3" "$(xdotool search --sync --name "^Lifeboat" | head -1)"
      else
        xdotool search --sync --name "^Lifeboat" windowfocus --sync key $2
      fi
    fi
    wait $app' "$jar" "$work/$home" "$keys" "$work/wm-close.py"
  # 256 colours keep the PNGs small; the UI has few colours anyway.
  /usr/bin/convert "$work/$name.png" -colors 256 "docs/$name.png"
  echo "wrote docs/$name.png ($(du -k "docs/$name.png" | cut -f1) KB)"
}

# 1. First run: an empty home.
mkdir -p "$work/empty"
prefs empty ""
snap screenshot-first-run empty

# 2. A healthy database with a few labelled, verified backups.
make_db "$work/shop.db" 20000
lb healthy add "$work/shop.db" --name shop --max-count 30
lb healthy backup shop --tag monthly --description "Before the spring sale"
add_rows "$work/shop.db" 3000
lb healthy backup shop
add_rows "$work/shop.db" 5000
lb healthy backup shop --tag before-upgrade --description "Before upgrading to v2"
lb healthy verify shop --all
first=$(java -jar "$jar" --home "$work/healthy" list shop | awk 'NR>1 && $1 ~ /^20/ {id=$1} END {print id}')
[ -n "$first" ] && lb healthy pin shop "$first" || true
make_db "$work/notes.db" 4000
lb healthy add "$work/notes.db" --name notes
lb healthy backup notes
prefs healthy shop
snap screenshot-healthy healthy

# 3. Warnings: notes has backups turned off and a backup that fails verification (bytes flipped).
cp -r "$work/healthy" "$work/warnings"
python3 - "$work/warnings" "$work/healthy" <<'PY'
import json, sys
p = sys.argv[1] + "/settings.json"; s = json.load(open(p))
for d in s["databases"]:
    d["destination"] = d["destination"].replace(sys.argv[2], sys.argv[1])
json.dump(s, open(p, "w"), indent=2)
PY
lb warnings disable notes
stored=$(ls "$work/warnings/backups/notes/"*.db* | head -1)
python3 -c "import sys; f=open(sys.argv[1],'r+b'); f.seek(8192); b=f.read(1); f.seek(8192); f.write(bytes([b[0]^255])); f.close()" "$stored"
java -jar "$jar" --home "$work/warnings" verify notes --all >/dev/null 2>&1 || true
prefs warnings notes
snap screenshot-warnings warnings

# 4. The restore confirmation: Ctrl+R restores the selected backup, which at start is the newest one.
command -v xdotool >/dev/null || { echo "xdotool is missing: apt-get install -y xdotool" >&2; exit 2; }
snap screenshot-restore-confirm healthy ctrl+r

# 5. Closing the window where the desktop has a tray: keep protecting in the background, or quit.
#    trayer stands in for the desktop's tray (apt-get install -y trayer); skipped without it.
if command -v trayer >/dev/null; then
  python3 - "$work/healthy/settings.json" <<'PY'
import json, sys
p = sys.argv[1]; s = json.load(open(p))
s["preferences"]["ui.window"] = "0,30,1400,870,false"  # below the tray, so its icon shows
json.dump(s, open(p, "w"), indent=2)
PY
  TRAY=1 LIFEBOAT_TRAY=on snap screenshot-close-to-tray healthy CLOSE
else
  echo "skipped screenshot-close-to-tray: trayer is missing (apt-get install -y trayer)"
fi
# 6. Destinations: two databases copying to a folder destination, two more destinations; the window
# opened with its shortcut and the first destination tested (Alt+T).
make_db "$work/shop2.db" 5000
make_db "$work/notes2.db" 2000
mkdir -p "$work/nas" "$work/usb"
lb dest add "$work/shop2.db" --name shop
lb dest add "$work/notes2.db" --name notes
lb dest destination add nas "$work/nas"
lb dest destination add usb-disk "$work/usb"
lb dest destination add offsite s3://lifeboat-backups/laptop --endpoint https://s3.eu-central-003.backblazeb2.com \
  --region eu-central-003 --credentials-file "$work/b2-credentials"
lb dest set shop --copy-to nas --copy-keep-monthly 12
lb dest set notes --copy-to nas
lb dest backup shop
lb dest backup notes
prefs dest shop
"$shot" "$work/screenshot-destinations.png" --wait "${WAIT:-28}" --size 1000x700 -- bash -c '
  java -jar "$0" --home "$1" & app=$!
  trap "kill $app 2>/dev/null" EXIT TERM
  sleep "${KEYS_AFTER:-12}"
  xdotool search --sync --name "^Lifeboat" windowfocus --sync key ctrl+shift+d
  sleep 6
  w=$(xdotool search --sync --name "^Destinations" | head -1)
  xdotool windowfocus --sync "$w" key --window "$w" alt+t
  wait $app' "$jar" "$work/dest"
/usr/bin/convert "$work/screenshot-destinations.png" -colors 256 docs/screenshot-destinations.png
echo "wrote docs/screenshot-destinations.png"

# 7. Looking inside a backup: the browser opened on the selected (newest) backup with Ctrl+O, and
#    Compare (Ctrl+Shift+C, Enter) of that backup with the database now, after a few more changes.
python3 -c "
import sqlite3, sys; d = sqlite3.connect(sys.argv[1])
d.execute('UPDATE products SET price = round(price * 0.9, 2) WHERE id % 5 = 0')
d.execute('DELETE FROM orders WHERE id BETWEEN 100 AND 111')
d.executemany('INSERT INTO orders(customer_id, total, note) VALUES (7, 19.5, ?)', [('spring sale',)] * 30)
d.execute('CREATE INDEX orders_customer ON orders(customer_id)'); d.commit()" "$work/shop.db"
for pair in "screenshot-browser ctrl+o ^Backup" "screenshot-compare ctrl+shift+c ^Compare"; do
  set -- $pair
  "$shot" "$work/$1.png" --wait "${WAIT:-45}" --size 1400x900 -- bash -c '
    java -jar "$0" --home "$1" & app=$!
    trap "kill $app 2>/dev/null" EXIT TERM
    sleep "${KEYS_AFTER:-20}"
    xdotool search --sync --name "^Lifeboat" windowfocus --sync key $2
    sleep 8
    w=$(xdotool search --name "$3" | head -1)
    xdotool windowmove "$w" 0 0 windowsize "$w" 1400 900
    [ "$3" = "^Compare" ] && xdotool windowfocus --sync "$w" key --window "$w" Return
    wait $app' "$jar" "$work/healthy" "$2" "$3"
  /usr/bin/convert "$work/$1.png" -colors 256 "docs/$1.png"
  echo "wrote docs/$1.png"
done
