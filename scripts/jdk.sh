# Finds a JDK of version 21 or newer and sets GOFER_JAVA_HOME to it.
# Sourced by ./gofer and .ci/run. Order: JAVA_HOME, `java` on PATH, the JDKs under /usr/lib/jvm
# (newest first; GOFER_JVM_DIR overrides that folder). Reads each JDK's `release` file, so no JVM is started to ask for a version.

gofer_jdk_major() { # $1 = a JDK home; prints its feature version, or nothing
  local release="$1/release" v
  [ -x "$1/bin/java" ] && [ -r "$release" ] || return 0
  v=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$release")
  v=${v#1.}            # 1.8.0 -> 8.0
  printf '%s\n' "${v%%[.+-]*}"
}

gofer_find_jdk() {
  local min=21 candidates=() home major java
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if java=$(command -v java 2>/dev/null); then
    java=$(readlink -f "$java")
    candidates+=("${java%/bin/java}")
  fi
  for home in $(ls -d "${GOFER_JVM_DIR:-/usr/lib/jvm}"/*/ 2>/dev/null | sort -rV); do
    candidates+=("${home%/}")
  done
  for home in "${candidates[@]}"; do
    major=$(gofer_jdk_major "$home")
    if [ -n "$major" ] && [ "$major" -ge "$min" ] 2>/dev/null; then
      GOFER_JAVA_HOME=$home
      GOFER_JAVA_MAJOR=$major
      return 0
    fi
  done
  return 1
}
