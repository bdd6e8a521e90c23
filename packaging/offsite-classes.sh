#!/usr/bin/env bash
# Regenerates src/main/resources/app/lifeboat/offsite-classes.txt: the classes a copy to S3 loads
# that the command-line training does not (the AWS SDK, its HTTP client), so that the
# class-data-sharing archive (app.lifeboat.Training) holds them too. Starts s3proxy on loopback
# (target/s3proxy/s3proxy.jar, which ./mvnw verify fetches), copies a small backup to it from a
# throw-away home with the archive `./mvnw package` made, and keeps every class it loaded from a
# jar or a JDK module (hidden and lambda classes cannot be named). Needs target/lifeboat.jar.
#   packaging/offsite-classes.sh
set -euo pipefail
cd "$(dirname "$0")/.."
jar=target/lifeboat.jar s3proxy=target/s3proxy/s3proxy.jar
[ -f "$jar" ] && [ -f "$s3proxy" ] || { echo "build first: ./mvnw verify (or package and test-compile)" >&2; exit 2; }
work=$(mktemp -d)
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$work/s3data/classes"
cat > "$work/s3proxy.properties" <<PROPS
s3proxy.endpoint=http://127.0.0.1:$port
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=train-id
s3proxy.credential=train-secret
s3proxy.ignore-unknown-headers=true
jclouds.provider=filesystem-nio2
jclouds.filesystem.basedir=$work/s3data
PROPS
java -Xmx128m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$s3proxy" --properties "$work/s3proxy.properties" >"$work/s3proxy.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
printf '[default]\naws_access_key_id = train-id\naws_secret_access_key = train-secret\n' >"$work/credentials"
chmod 600 "$work/credentials"
archive=()
[ -f target/lifeboat.jsa ] && archive=(-XX:SharedArchiveFile=target/lifeboat.jsa -Xlog:cds=off)
jvm=()
lb() { java "${archive[@]}" "${jvm[@]}" -jar "$jar" --home "$work/home" "$@"; }
python3 -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute("CREATE TABLE t(x)"); c.executemany("INSERT INTO t VALUES (?)", [(i,) for i in range(1000)]); c.commit()' "$work/train.db"
mkdir -p "$work/dest"
lb add "$work/train.db" --name train --dest "$work/dest" --storage full --no-schedule >/dev/null
lb backup train >/dev/null
lb destination add s3 "s3://classes/train" --endpoint "http://127.0.0.1:$port" --path-style --region us-east-1 \
    --credentials-file "$work/credentials" >/dev/null
jvm=(-Xlog:class+load:file="$work/classes.txt")
lb copy train --to s3 >/dev/null
out=src/main/resources/app/lifeboat/offsite-classes.txt
{
    echo "# Classes a copy to S3 loads beyond the command line's; made by packaging/offsite-classes.sh"
    grep -v 'shared objects file' "$work/classes.txt" | awk '{print $2}' | grep -v -e 'Lambda' -e '__JVM' -e '\$\$' -e 'Generated[A-Za-z]*Accessor' -e '\$Proxy' | sort -u
} >"$out"
echo "$(($(wc -l <"$out") - 1)) classes in $out"
