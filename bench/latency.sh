#!/usr/bin/env bash
# Small-command latency: how long a person waits for `lifeboat status`, `list`, `backup`, `verify`
# on a home with one small database (JVM start-up included). Prints a markdown table of medians.
# With --variant (repeatable) several builds or JVM options are measured interleaved, round by
# round, so load from other users of the machine hits them alike.
# See bench/README.md ("Small-command latency").
set -euo pipefail

usage() {
    cat <<'EOF'
usage: bench/latency.sh [options]
  --rounds N        runs per command (default 5); the table shows the median
  --rows N          rows in the generated database (default 1000: about 120 KiB)
  --jar PATH        lifeboat.jar to run (default REPO/target/lifeboat.jar, not rebuilt)
  --java-opts OPTS  JVM options for every run, e.g. "-XX:SharedArchiveFile=target/lifeboat.jsa"
  --variant N|JAR|OPTS  measure this build too (name, jar, JVM options; repeatable); without any,
                    the one variant is "lifeboat|--jar|--java-opts"; JAR may also be an installed
                    launcher (e.g. /usr/bin/lifeboat), run as it is"
  --work DIR        scratch folder (default: a new temp folder, deleted at the end)
  --only LIST       comma-separated subset of version,status,list,databases,backup,verify,restore
  -h, --help        this text
Wall time is start to exit; cpu is user+sys of the whole process (less sensitive to a busy machine).
EOF
}

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
ROUNDS=5
ROWS=1000
JAR="$REPO/target/lifeboat.jar"
JAVA_OPTS=""
WORK=""
VARIANTS=()
ONLY="version,status,list,databases,backup,verify,restore"

while [[ $# -gt 0 ]]; do
    case "$1" in
        --rounds) ROUNDS="$2"; shift 2 ;;
        --rows) ROWS="$2"; shift 2 ;;
        --jar) JAR="$2"; shift 2 ;;
        --java-opts) JAVA_OPTS="$2"; shift 2 ;;
        --work) WORK="$2"; shift 2 ;;
        --variant) VARIANTS+=("$2"); shift 2 ;;
        --only) ONLY="$2"; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "error: unknown option $1 — see bench/latency.sh --help" >&2; exit 2 ;;
    esac
done

[[ ${#VARIANTS[@]} -gt 0 ]] || VARIANTS=("lifeboat|$JAR|$JAVA_OPTS")
for v in "${VARIANTS[@]}"; do
    IFS='|' read -r _ vjar _ <<<"$v"
    [[ -f "$vjar" ]] || { echo "error: $vjar not found; build it with ./mvnw -q package -DskipTests" >&2; exit 2; }
done
command -v python3 >/dev/null || { echo "error: python3 is needed to build the test database" >&2; exit 2; }
CLEAN=0
if [[ -z "$WORK" ]]; then
    WORK="$(mktemp -d)"
    CLEAN=1
fi
cleanup() { if [[ $CLEAN == 1 ]]; then rm -rf "$WORK"; fi; }
trap cleanup EXIT

HOME_DIR="$WORK/home"
DB="$WORK/small.db"
mkdir -p "$WORK"
rm -rf "$HOME_DIR" "$DB" "$WORK/restored.db"
python3 - "$DB" "$ROWS" <<'EOF'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute('create table t(id integer primary key, v text)')
c.executemany('insert into t(v) values(?)', [('x' * 100,) for _ in range(int(sys.argv[2]))])
c.commit()
EOF

# Sets START to the command that starts jar or installed launcher $1 with JVM options $2 (a jar only).
starter() {
    if [[ $1 == *.jar ]]; then
        # shellcheck disable=SC2206  # the options are a list of words on purpose
        START=(java $2 -jar "$1")
    else
        START=("$1")
    fi
}
IFS='|' read -r _ FIRST_JAR FIRST_OPTS <<<"${VARIANTS[0]}"
starter "$FIRST_JAR" "$FIRST_OPTS"
FIRST_START=("${START[@]}")
lb() { "${FIRST_START[@]}" --home "$HOME_DIR" "$@"; }
lb add "$DB" --name small >/dev/null
lb backup small >/dev/null

# One timed run of jar $1 with JVM options $2: prints "wall_seconds cpu_seconds"; output of the
# command goes to $WORK/last.out.
timed() {
    local t0 t1
    starter "$1" "$2"
    shift 2
    t0=$(date +%s%N)
    /usr/bin/time -f '%U %S' -o "$WORK/time.out" "${START[@]}" --home "$HOME_DIR" "$@" \
        >"$WORK/last.out" 2>&1 || { cat "$WORK/last.out" >&2; echo "error: lifeboat $* failed" >&2; exit 1; }
    t1=$(date +%s%N)
    awk -v w=$(( (t1 - t0) / 1000000 )) '{ printf "%.3f %.3f\n", w / 1000, $1 + $2 }' "$WORK/time.out"
}

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

command_for() {
    case "$1" in
        version) echo "--version" ;;
        status) echo "status" ;;
        list) echo "list small" ;;
        databases) echo "databases" ;;
        backup) echo "backup small --force" ;;
        verify) echo "verify small" ;;
        restore) echo "restore small --to $WORK/restored.db --yes" ;;
    esac
}

[[ -x /usr/bin/time ]] || { echo "error: GNU time (/usr/bin/time) is needed: apt-get install time" >&2; exit 2; }
header="| command |"
rule="|---|"
for v in "${VARIANTS[@]}"; do
    header+=" ${v%%|*} wall (s) | ${v%%|*} cpu (s) |"
    rule+="---|---|"
done
echo "$header runs |"
echo "$rule---|"
IFS=',' read -r -a WHAT <<<"$ONLY"
for w in "${WHAT[@]}"; do
    read -r -a CMD <<<"$(command_for "$w")"
    for ((k = 0; k < ${#VARIANTS[@]}; k++)); do : >"$WORK/samples-$k"; done
    for ((i = 0; i < ROUNDS; i++)); do
        for ((k = 0; k < ${#VARIANTS[@]}; k++)); do
            IFS='|' read -r _ vjar vopts <<<"${VARIANTS[$k]}"
            rm -f "$WORK/restored.db"
            timed "$vjar" "$vopts" "${CMD[@]}" >>"$WORK/samples-$k"
        done
    done
    row="| \`${CMD[*]}\` |"
    for ((k = 0; k < ${#VARIANTS[@]}; k++)); do
        row+=" $(cut -d' ' -f1 "$WORK/samples-$k" | median) | $(cut -d' ' -f2 "$WORK/samples-$k" | median) |"
    done
    echo "$row $ROUNDS |"
done
