#!/bin/sh
# Builds the class-data-sharing archive of an installed Lifeboat and points its launcher at it.
# Run by the .deb's postinst and the .rpm's %post as: /opt/lifeboat/lib/cds-archive.sh install
# (and "remove" before removal). Never fails an install: without the archive Lifeboat only starts
# slower.
#
# Why at install time: JDK 17 takes an archive only if every jar is where it was when the archive
# was made (it cannot be built in the build tree and moved), and only through -XX:SharedArchiveFile,
# which must not name a missing file (that turns off class sharing entirely, even the JDK's own).
# So the archive is made here, in place, by one training run of the everyday commands on a
# throw-away home (app.lifeboat.Training); only when it exists is the option added to the
# launcher's configuration, which the next package upgrade replaces (and this runs again).
APP=${LIFEBOAT_APP_DIR:-/opt/lifeboat}
JSA=$APP/lib/lifeboat.jsa
CFG=$APP/lib/app/lifeboat.cfg
OPTION='java-options=-XX:SharedArchiveFile=$APPDIR/../lifeboat.jsa'

remove() {
    rm -f "$JSA"
    if [ -f "$CFG" ]; then
        sed -i -e '/SharedArchiveFile=\$APPDIR\/..\/lifeboat.jsa/d' -e '/^java-options=-Xlog:cds\*=off$/d' "$CFG"
    fi
}

install() {
    remove
    [ -x "$APP/bin/lifeboat" ] && [ -f "$CFG" ] || return 0
    work=$(mktemp -d) || return 0
    # JAVA_TOOL_OPTIONS reaches the JVM through the native launcher; -Xlog:cds*=off keeps the
    # notes about classes that cannot be archived (picocli's Java 5 classes) out of the install log.
    JAVA_TOOL_OPTIONS="-XX:ArchiveClassesAtExit=$JSA -Xlog:cds*=off -Dlifeboat.train=$work" \
        timeout 300 "$APP/bin/lifeboat" >/dev/null 2>&1 || true
    rm -rf "$work"
    if [ -s "$JSA" ]; then
        chmod 644 "$JSA"
        sed -i "/^\[JavaOptions\]/a $OPTION\njava-options=-Xlog:cds*=off" "$CFG"
    else
        rm -f "$JSA"
    fi
}

case "$1" in
    install) install ;;
    remove) remove ;;
    *) echo "usage: $0 install|remove" >&2; exit 2 ;;
esac
exit 0
