#!/usr/bin/env bash
# Builds demo homes with the CLI, starts the window on each under Xvfb and saves the screenshots
# committed in docs/. Needs: apt-get install -y xvfb imagemagick libgtk-3-0, and python3.
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
snap() { # NAME HOME [java options...]
  local name=$1 home=$2; shift 2
  "$shot" "$work/$name.png" --wait "${WAIT:-25}" --size 1400x900 -- java "$@" -jar "$jar" --home "$work/$home"
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

# 4. The one-click restore confirmation (the window opens it at start for this script only).
snap screenshot-restore-confirm healthy -Dlifeboat.ui.open=restore-confirm
