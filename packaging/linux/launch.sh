#!/bin/sh
# Starts an installed Lifeboat: /usr/bin/lifeboat and the menu entry run this, not bin/lifeboat.
#
# Why not jpackage's native launcher: on Linux, JDK 17's launcher asks the package manager which
# package owns it on every start (`rpm -qf`, then `dpkg -S`, then `dpkg -L`, and it does so twice),
# which took 0.6 s here, most of a small command's time (status: 1.48 s through bin/lifeboat, 0.86 s
# through this script). This starts the bundled runtime's java directly with what the launcher's
# configuration (lib/app/<launcher>.cfg) says: class path, main class, JVM options and the
# class-data-sharing archive that cds-archive.sh added. A command line reads lifeboat.cfg; the
# window (no command, only --home/--debug) reads lifeboat-window.cfg, whose archive also holds the
# window's classes. Without a bundled java it falls back to the native launcher.
self=$(readlink -f -- "$0") || self=$0
lib=$(dirname -- "$self")
root=$(dirname -- "$lib")

launcher=lifeboat-window
skip=
for arg in "$@"; do
    if [ -n "$skip" ]; then
        skip=
        continue
    fi
    case $arg in
        --home) skip=yes ;;
        --home=* | --debug) ;;
        *) launcher=lifeboat; break ;;
    esac
done
cfg=$lib/app/$launcher.cfg
[ -f "$cfg" ] || { launcher=lifeboat; cfg=$lib/app/lifeboat.cfg; }
java=$lib/runtime/bin/java
if [ ! -x "$java" ] || [ ! -f "$cfg" ]; then
    exec "$root/bin/$launcher" "$@"
fi

# Sets $value to $1 with the configuration's $APPDIR, $BINDIR and $ROOTDIR expanded, as the
# native launcher does (no command substitution: a subshell per line cost 0.1 s).
expand() {
    value=$1
    for pair in "APPDIR=$lib/app" "BINDIR=$root/bin" "ROOTDIR=$root"; do
        name=\$${pair%%=*}
        while :; do
            case $value in
                *"$name"*) value=${value%%"$name"*}${pair#*=}${value#*"$name"} ;;
                *) break ;;
            esac
        done
    done
}

# The JVM options go after the user's arguments, which are then rotated to the end.
count=$#
classpath=
main=app.lifeboat.Main
while IFS= read -r line || [ -n "$line" ]; do
    case $line in
        app.classpath=*) expand "${line#app.classpath=}"; classpath=${classpath:+$classpath:}$value ;;
        app.mainclass=*) main=${line#app.mainclass=} ;;
        java-options=*) expand "${line#java-options=}"; set -- "$@" "$value" ;;
    esac
done < "$cfg"
set -- "$@" "-Djpackage.app-path=$self" -cp "$classpath" "$main"
while [ "$count" -gt 0 ]; do
    set -- "$@" "$1"
    shift
    count=$((count - 1))
done
exec "$java" "$@"
