#!/bin/sh
# Builds the class-data-sharing archives of an installed Lifeboat and points its launchers at them.
# Run by the .deb's postinst and the .rpm's %post as: /opt/lifeboat/lib/cds-archive.sh install
# (and "remove" before removal). Never fails an install: without an archive Lifeboat only starts
# slower.
#
# Why at install time: JDK 17 takes an archive only if every jar is where it was when the archive
# was made (it cannot be built in the build tree and moved), and only through -XX:SharedArchiveFile,
# which must not name a missing file (that turns off class sharing entirely, even the JDK's own).
# So each archive is made here, in place: one training run of the everyday commands on a
# throw-away home (app.lifeboat.Training) lists the classes they load, and a second JVM dumps a
# static archive of them (static, because only that takes picocli's Java 5 classes). Only when the
# archive exists is the option added to its launcher's configuration, which the next package
# upgrade replaces (and this runs again).
#
# Two archives, because JDK 17 relocates all of an archive at every start: bin/lifeboat (the
# command line) maps only the commands' classes (about 27 MB with the JDK's); bin/lifeboat-window (the
# menu entry) also the window's and an S3 copy's (about 58 MB, which would cost each command ~0.15 s).
APP=${LIFEBOAT_APP_DIR:-/opt/lifeboat}

remove_one() { # launcher
    rm -f "$APP/lib/$1.jsa"
    if [ -f "$APP/lib/app/$1.cfg" ]; then
        sed -i -e "/SharedArchiveFile=\\\$APPDIR\\/..\\/$1.jsa/d" -e '/^java-options=-Xlog:cds\*=off$/d' "$APP/lib/app/$1.cfg"
    fi
}

install_one() { # launcher, class lists the training run also loads (app.lifeboat.Training)
    launcher=$1 lists=$2
    jsa=$APP/lib/$launcher.jsa cfg=$APP/lib/app/$launcher.cfg
    remove_one "$launcher"
    [ -x "$APP/bin/$launcher" ] && [ -f "$cfg" ] || return 0
    work=$(mktemp -d) || return 0
    # JAVA_TOOL_OPTIONS reaches the JVM through the native launcher, with the launcher's class path.
    JAVA_TOOL_OPTIONS="-XX:DumpLoadedClassList=$work/classes -Dlifeboat.train=$work -Dlifeboat.train.lists=$lists" \
        timeout 300 "$APP/bin/$launcher" >/dev/null 2>&1 || true
    if [ -s "$work/classes" ]; then
        JAVA_TOOL_OPTIONS="-Xshare:dump -XX:SharedClassListFile=$work/classes -XX:SharedArchiveFile=$jsa -Xlog:cds*=off" \
            timeout 300 "$APP/bin/$launcher" >/dev/null 2>&1 || true
    fi
    rm -rf "$work"
    if [ -s "$jsa" ]; then
        chmod 644 "$jsa"
        sed -i "/^\[JavaOptions\]/a java-options=-XX:SharedArchiveFile=\$APPDIR/../$launcher.jsa\njava-options=-Xlog:cds*=off" "$cfg"
    else
        rm -f "$jsa"
    fi
}

case "$1" in
    install) install_one lifeboat none; install_one lifeboat-window window,offsite ;;
    remove) remove_one lifeboat; remove_one lifeboat-window ;;
    *) echo "usage: $0 install|remove" >&2; exit 2 ;;
esac
exit 0
