#!/usr/bin/env bash
# Offsite copies: Lifeboat's upload to and restore from S3 (s3proxy) and SFTP (OpenSSH sshd) on
# loopback, next to rclone moving the same file to the same servers, in the same run, interleaved.
# Prints a markdown table of medians, ratios and peak RSS. See bench/README.md.
set -euo pipefail

usage() {
    cat <<'EOF'
usage: bench/offsite.sh [options]
  --size SIZE     size of the backup file (default 1GiB; e.g. 200MiB)
  --rounds N      interleaved rounds (default 2)
  --data DIR      work folder (default REPO/bench-data/offsite, git-ignored)
  --no-build      reuse target/lifeboat.jar and target/s3proxy/s3proxy.jar as they are
  --upload-only   time the uploads only, not the restores
  --plain-java    run Lifeboat as `java -jar` without the installed launcher's JVM options and
                  class-data-sharing archive (bench/launcher-options.sh), as before 2026-11-29
  --also-plain    time the uploads both ways in the same run (an extra row each)
  -h, --help      this text
Needs JDK 17, sqlite3, rclone, OpenSSH's sshd and ssh-keygen (Debian: openssh-server), GNU time.
EOF
}

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
SIZE=1GiB
ROUNDS=2
DATA="$REPO/bench-data/offsite"
BUILD=1
RESTORES=1
PLAIN=0
ALSO_PLAIN=0
while [[ $# -gt 0 ]]; do
    case "$1" in
        --size) SIZE="$2"; shift 2 ;;
        --rounds) ROUNDS="$2"; shift 2 ;;
        --data) DATA="$2"; shift 2 ;;
        --no-build) BUILD=0; shift ;;
        --upload-only) RESTORES=0; shift ;;
        --plain-java) PLAIN=1; shift ;;
        --also-plain) ALSO_PLAIN=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "error: unknown option $1 — see bench/offsite.sh --help" >&2; exit 2 ;;
    esac
done

bytes_of() {
    local n="${1%[KMG]iB}" unit="${1#"${1%[KMG]iB}"}"
    case "$unit" in KiB) echo $((n * 1024)) ;; MiB) echo $((n * 1048576)) ;; GiB) echo $((n * 1073741824)) ;;
        *) echo "error: size $1 must end in KiB, MiB or GiB" >&2; exit 2 ;; esac
}
for tool in sqlite3 rclone /usr/sbin/sshd ssh-keygen /usr/bin/time java; do
    command -v "$tool" >/dev/null || { echo "error: $tool is missing — see bench/offsite.sh --help" >&2; exit 2; }
done

if [[ $BUILD == 1 ]]; then
    (cd "$REPO" && ./mvnw -q -B package -DskipTests)
fi
JAR="$REPO/target/lifeboat.jar"
S3PROXY="$REPO/target/s3proxy/s3proxy.jar"
[[ -f $JAR && -f $S3PROXY ]] || { echo "error: build first (./mvnw package -DskipTests)" >&2; exit 2; }

rm -rf "$DATA"
mkdir -p "$DATA"
DATA="$(cd "$DATA" && pwd)"
LOG="$DATA/run.log"
TSV="$DATA/samples.tsv"
: > "$TSV"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() {
    for _ in $(seq 1 200); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.05; done
    echo "error: nothing listens on port $1" >&2; exit 1
}

# --- the database: incompressible blobs, stored without compression, so the backup is SIZE ---
TOTAL=$(bytes_of "$SIZE")
ROWS=$((TOTAL / 1048576))
echo "building a $SIZE database ($ROWS rows of 1 MiB)" >&2
sqlite3 "$DATA/src.db" "PRAGMA page_size=65536; CREATE TABLE b(id INTEGER PRIMARY KEY, v BLOB);
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < $ROWS) INSERT INTO b(v) SELECT randomblob(1048000) FROM n;"

# --- the servers ---
S3PORT=$(free_port)
mkdir -p "$DATA/s3data/bench"
cat > "$DATA/s3proxy.properties" <<EOF
s3proxy.endpoint=http://127.0.0.1:$S3PORT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=bench-id
s3proxy.credential=bench-secret
s3proxy.ignore-unknown-headers=true
jclouds.provider=filesystem-nio2
jclouds.filesystem.basedir=$DATA/s3data
EOF
java -Xmx256m -XX:+UseSerialGC -jar "$S3PROXY" --properties "$DATA/s3proxy.properties" >> "$LOG" 2>&1 &
PIDS+=($!)
wait_port "$S3PORT"
printf '[default]\naws_access_key_id = bench-id\naws_secret_access_key = bench-secret\n' > "$DATA/s3.credentials"
chmod 600 "$DATA/s3.credentials"

SSHPORT=$(free_port)
ssh-keygen -q -t ed25519 -N '' -f "$DATA/host_key"
ssh-keygen -q -t ed25519 -N '' -f "$DATA/client_key"
cp "$DATA/client_key.pub" "$DATA/authorized_keys"
echo "[127.0.0.1]:$SSHPORT $(cat "$DATA/host_key.pub")" > "$DATA/known_hosts"
[[ $(id -u) == 0 ]] && mkdir -p /run/sshd
/usr/sbin/sshd -D -e -f /dev/null -h "$DATA/host_key" -p "$SSHPORT" -o ListenAddress=127.0.0.1 -o PidFile=none \
    -o AuthorizedKeysFile="$DATA/authorized_keys" -o StrictModes=no -o PasswordAuthentication=no \
    -o KbdInteractiveAuthentication=no -o UsePAM=no -o PermitRootLogin=prohibit-password \
    -o 'Subsystem=sftp internal-sftp' >> "$LOG" 2>&1 &
PIDS+=($!)
wait_port "$SSHPORT"
SFTPUSER=$(id -un)
mkdir -p "$DATA/sftp"

# rclone's own flags rather than a connection string: its parser needs quoting around URLs.
RCLONE=(rclone --s3-provider Other --s3-endpoint "http://127.0.0.1:$S3PORT" --s3-force-path-style
    --s3-access-key-id bench-id --s3-secret-access-key bench-secret
    --sftp-host 127.0.0.1 --sftp-port "$SSHPORT" --sftp-user "$SFTPUSER" --sftp-key-file "$DATA/client_key"
    --sftp-known-hosts-file "$DATA/known_hosts")
RCLONE_S3=":s3"
RCLONE_SFTP=":sftp"
unset AWS_CA_BUNDLE

# Lifeboat runs as installed: with the launcher's JVM options and the class-data-sharing archive
# the build made (the .deb and .rpm make theirs at install), as the other benchmarks do.
JOPTS=()
[[ $PLAIN == 1 ]] || read -r -a JOPTS <<<"$("$HERE/launcher-options.sh")"
echo "Lifeboat's JVM options: ${JOPTS[*]:-(none)}" >&2
LB=(java "${JOPTS[@]}" -jar "$JAR" --home "$DATA/home")
LB_PLAIN=(java -jar "$JAR" --home "$DATA/home")
"${LB[@]}" add "$DATA/src.db" --name app --compression none >> "$LOG"
"${LB[@]}" backup app >> "$LOG"
FILE=$("${LB[@]}" list app --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["path"])')
echo "backup file: $FILE ($(stat -c %s "$FILE") bytes)" >&2

# CPU seconds the server of LABEL (s3proxy, or sshd with its reaped per-connection children) has
# used so far: the server works for both sides, and how hard differs with what each sends.
server_cpu() {
    local pid
    case "$1" in *s3*) pid=${PIDS[0]} ;; *) pid=${PIDS[1]} ;; esac
    # A session's sshd processes count once reaped: wait (up to 5 s) until the last one is.
    for _ in $(seq 1 50); do pgrep -P "$pid" >/dev/null || break; sleep 0.1; done
    awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); print ($12 + $13 + $14 + $15) / hz }' "/proc/$pid/stat"
}

# time LABEL SIDE ROUND command...: appends "label side round seconds rss_kib cpu_seconds load server_cpu" to the TSV
# (load: the 1-minute load average when the command ended; the machine may be shared)
measure() {
    local label="$1" side="$2" round="$3"; shift 3
    local t0 t1 s0 s1
    s0=$(server_cpu "$label")
    t0=$(date +%s.%N)
    /usr/bin/time -f '%M %U %S' -o "$DATA/rss" "$@" >> "$LOG" 2>&1
    t1=$(date +%s.%N)
    s1=$(server_cpu "$label")
    local rss user sys
    read -r rss user sys < "$DATA/rss"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$side" "$round" "$(echo "$t1 - $t0" | bc)" "$rss" \
        "$(echo "$user + $sys" | bc)" "$(cut -d' ' -f1 /proc/loadavg)" "$(echo "$s1 - $s0" | bc)" >> "$TSV"
}

# Warm-up, not measured: the first requests a freshly started s3proxy serves run in its
# interpreter for seconds, and whoever went first paid for that. One multipart upload by rclone
# and one destination test by Lifeboat (small chunk-signed PUTs) to each server.
head -c $((12 * 1048576)) /dev/urandom > "$DATA/warm.bin"
"${RCLONE[@]}" --s3-upload-cutoff 5M --s3-chunk-size 5M copy "$DATA/warm.bin" "$RCLONE_S3:bench/warm" >> "$LOG" 2>&1
"${RCLONE[@]}" copy "$DATA/warm.bin" "$RCLONE_SFTP:$DATA/sftp/warm" >> "$LOG" 2>&1
"${LB[@]}" destination add warms3 "s3://bench/warm-lifeboat" --endpoint "http://127.0.0.1:$S3PORT" --path-style \
    --region us-east-1 --credentials-file "$DATA/s3.credentials" >> "$LOG"
mkdir -p "$DATA/sftp/warm-lifeboat"
"${LB[@]}" destination add warmsftp "sftp://$SFTPUSER@127.0.0.1:$SSHPORT$DATA/sftp/warm-lifeboat" \
    --identity-file "$DATA/client_key" --known-hosts "$DATA/known_hosts" >> "$LOG"
"${LB[@]}" destination test warms3 >> "$LOG" 2>&1 || true
"${LB[@]}" destination test warmsftp >> "$LOG" 2>&1 || true

# upload KIND ROUND WHO: one measured upload of the backup file
upload() {
    local kind="$1" r="$2" who="$3"
    case "$kind/$who" in
        s3/lifeboat) measure upload-s3 lifeboat "$r" "${LB[@]}" copy app --to "s3r$r" ;;
        s3/rclone) measure upload-s3 rclone "$r" "${RCLONE[@]}" copy "$FILE" "$RCLONE_S3:bench/rclone-r$r" ;;
        sftp/lifeboat) measure upload-sftp lifeboat "$r" "${LB[@]}" copy app --to "sftpr$r" ;;
        sftp/rclone) measure upload-sftp rclone "$r" "${RCLONE[@]}" copy "$FILE" "$RCLONE_SFTP:$DATA/sftp/rclone-r$r" ;;
    esac
}

for r in $(seq 1 "$ROUNDS"); do
    echo "round $r of $ROUNDS" >&2
    "${LB[@]}" destination add "s3r$r" "s3://bench/lifeboat-r$r" --endpoint "http://127.0.0.1:$S3PORT" --path-style \
        --region us-east-1 --credentials-file "$DATA/s3.credentials" >> "$LOG"
    mkdir -p "$DATA/sftp/r$r"
    "${LB[@]}" destination add "sftpr$r" "sftp://$SFTPUSER@127.0.0.1:$SSHPORT$DATA/sftp/r$r" \
        --identity-file "$DATA/client_key" --known-hosts "$DATA/known_hosts" >> "$LOG"
    # Who goes first alternates between rounds (odd: Lifeboat), so neither always meets the cache
    # and the servers as the other left them.
    if (( r % 2 == 1 )); then order=(lifeboat rclone); else order=(rclone lifeboat); fi
    upload s3 "$r" "${order[0]}"
    upload s3 "$r" "${order[1]}"
    if [[ $ALSO_PLAIN == 1 ]]; then
        "${LB[@]}" destination add "s3p$r" "s3://bench/plain-r$r" --endpoint "http://127.0.0.1:$S3PORT" --path-style \
            --region us-east-1 --credentials-file "$DATA/s3.credentials" >> "$LOG"
        measure upload-s3 lifeboat-plain "$r" "${LB_PLAIN[@]}" copy app --to "s3p$r"
    fi
    upload sftp "$r" "${order[0]}"
    upload sftp "$r" "${order[1]}"
    if [[ $ALSO_PLAIN == 1 ]]; then
        mkdir -p "$DATA/sftp/plain-r$r"
        "${LB[@]}" destination add "sftpp$r" "sftp://$SFTPUSER@127.0.0.1:$SSHPORT$DATA/sftp/plain-r$r" \
            --identity-file "$DATA/client_key" --known-hosts "$DATA/known_hosts" >> "$LOG"
        measure upload-sftp lifeboat-plain "$r" "${LB_PLAIN[@]}" copy app --to "sftpp$r"
    fi

    [[ $RESTORES == 1 ]] || continue
    for kind in s3 sftp; do
        rm -f "$DATA/restored.db" "$DATA/local-restored.db"
        rm -rf "$DATA/dl"
        measure "restore-$kind" lifeboat "$r" "${LB[@]}" restore app --from "${kind}r$r" --latest --to "$DATA/restored.db" --yes
        if [[ $kind == s3 ]]; then src="$RCLONE_S3:bench/rclone-r$r"; else src="$RCLONE_SFTP:$DATA/sftp/rclone-r$r"; fi
        # The peer: download with rclone, then restore that local copy with Lifeboat (verify + restore).
        measure "restore-$kind" rclone-download "$r" "${RCLONE[@]}" copy "$src" "$DATA/dl"
        measure "restore-$kind" local-restore "$r" "${LB[@]}" restore app --latest --to "$DATA/local-restored.db" --yes
    done
done

python3 - "$TSV" "$SIZE" "$([[ $PLAIN == 1 ]] && echo "plain java -jar" || echo "the launcher's JVM options")" <<'EOF'
import statistics, sys
from collections import defaultdict
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
t = defaultdict(list); rss = defaultdict(int); cpu = defaultdict(list)
srv = defaultdict(list)
for label, side, rnd, sec, kib, cpus, load, server in rows:
    srv[(label, side)].append(float(server))
    t[(label, side)].append(float(sec)); rss[(label, side)] = max(rss[(label, side)], int(kib))
    cpu[(label, side)].append(float(cpus))
med = {k: statistics.median(v) for k, v in t.items()}
mcpu = {k: statistics.median(v) for k, v in cpu.items()}
loads = [float(r[6]) for r in rows]
def mrsv_peer(label):
    return mrsv_get(label, "rclone-download")
def mrsv_get(label, side):
    return statistics.median(srv[(label, side)])
print(f"Offsite, {sys.argv[2]} backup, loopback, medians of {len(t[('upload-s3','lifeboat')])} rounds, "
      f"1-minute load average {min(loads):.1f}-{max(loads):.1f}, Lifeboat run with {sys.argv[3]}\n")
msrv = {k: statistics.median(v) for k, v in srv.items()}
print("| what | Lifeboat | peer | ratio | target | Lifeboat peak RSS | CPU s Lifeboat / peer | server CPU s for Lifeboat / peer |")
print("|---|---|---|---|---|---|---|---|")
for label, target in (("upload-s3", 1.0), ("upload-sftp", 1.0)):
    a, b = med[(label, "lifeboat")], med[(label, "rclone")]
    print(f"| {label} | {a:.1f} s | rclone copy {b:.1f} s | {a/b:.2f}x | ≤ {target}x | {rss[(label,'lifeboat')]//1024} MB "
          f"| {mcpu[(label,'lifeboat')]:.1f} / {mcpu[(label,'rclone')]:.1f} "
          f"| {msrv[(label,'lifeboat')]:.1f} / {msrv[(label,'rclone')]:.1f} |")
    if (label, "lifeboat-plain") in med:
        p = med[(label, "lifeboat-plain")]
        print(f"| {label}, plain java -jar | {p:.1f} s | rclone copy {b:.1f} s | {p/b:.2f}x | ≤ {target}x "
              f"| {rss[(label,'lifeboat-plain')]//1024} MB | {mcpu[(label,'lifeboat-plain')]:.1f} / {mcpu[(label,'rclone')]:.1f} "
              f"| {msrv[(label,'lifeboat-plain')]:.1f} / {msrv[(label,'rclone')]:.1f} |")
for label in ("restore-s3", "restore-sftp"):
    if (label, "lifeboat") not in med:
        continue
    a = med[(label, "lifeboat")]
    b = med[(label, "rclone-download")] + med[(label, "local-restore")]
    c = mcpu[(label, "rclone-download")] + mcpu[(label, "local-restore")]
    print(f"| {label} | {a:.1f} s | rclone download + local restore {b:.1f} s | {a/b:.2f}x | ≤ 1.2x "
          f"| {rss[(label,'lifeboat')]//1024} MB | {mcpu[(label,'lifeboat')]:.1f} / {c:.1f} "
          f"| {msrv[(label,'lifeboat')]:.1f} / {mrsv_peer(label):.1f} |")
print("\nAll samples (seconds, peak RSS MB, CPU s, load average after, server CPU s):")
for label, side, rnd, sec, kib, cpus, load, server in rows:
    print(f"- {label} {side} round {rnd}: {float(sec):.1f} s, {int(kib)//1024} MB, {float(cpus):.1f} CPU s, load {load}, "
          f"server {float(server):.1f} CPU s")
EOF
