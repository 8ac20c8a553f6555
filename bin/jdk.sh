# Sourced by bin/sentinel, bin/test and .ci/run: exports JAVA_HOME for a JDK 21 to 25 (the build targets release 21;
# the build's ProGuard 7.8.2, which shrinks the Lambda artifact's AWS SDK, reads class files up to Java 25).
# Order: $JAVA_HOME if it is in that range, then the newest such JDK under /usr/lib/jvm, /usr/local/lib/jvm or /opt.
_sentinel_java_major() {
    "$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}' \
        | cut -d. -f1
}
_sentinel_pick_jdk() {
    local best="" best_major=0 candidate major
    if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
        major=$(_sentinel_java_major "$JAVA_HOME")
        if [ "${major:-0}" -ge 21 ] && [ "$major" -le 25 ]; then
            echo "$JAVA_HOME"
            return 0
        fi
    fi
    for candidate in /usr/lib/jvm/* /usr/local/lib/jvm/* /opt/*jdk* /opt/java/*; do
        [ -x "$candidate/bin/javac" ] || continue
        major=$(_sentinel_java_major "$candidate")
        if [ "${major:-0}" -ge 21 ] && [ "$major" -le 25 ] && [ "$major" -gt "$best_major" ]; then
            best="$candidate"
            best_major="$major"
        fi
    done
    [ -n "$best" ] || return 1
    echo "$best"
}
if ! SENTINEL_JDK=$(_sentinel_pick_jdk); then
    echo "error: no JDK 21 to 25 found (checked \$JAVA_HOME and /usr/lib/jvm); install one, e.g. Temurin 21 or 25" >&2
    exit 2
fi
export JAVA_HOME="$SENTINEL_JDK"
export PATH="$JAVA_HOME/bin:$PATH"
# Maven's bundled Guava calls sun.misc.Unsafe, which JDK 24+ warns about on every run: allow it quietly there.
if [ "$(_sentinel_java_major "$JAVA_HOME")" -ge 24 ]; then
    case " ${MAVEN_OPTS:-} " in
        *sun-misc-unsafe-memory-access*) ;;
        *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;;
    esac
fi
