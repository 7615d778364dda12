#!/bin/sh
# gofer shim for '@PROG@', written by 'gofer toolchain init' or 'rehash'; edits are lost.
#
# Runs @PROG@ of the Go toolchain chosen for the working directory (from its bin/, else from
# $GOFER_HOME/tools/go<V>/bin, where 'gofer toolchain tools install' puts gopls and dlv), in this order:
# GOFER_GO_VERSION; .go-version walking up; the toolchain line of the nearest go.work (else
# go.mod), or its go line as a minimum (decided by 'gofer toolchain which'); .tool-versions;
# $GOFER_HOME/version; the first @PROG@ on PATH that is not this shim.
#
# GOTOOLCHAIN: exported as 'local' unless already set, so the chosen toolchain is the one that
# runs and the go command never downloads another one behind gofer's back. Set GOTOOLCHAIN
# yourself to change that: 'path' lets go switch to the go1.X.Y links beside this shim,
# 'auto' lets it download.
#
# Only sh builtins run here; the JVM is asked only for what sh cannot decide.
prog='@PROG@'
home=${GOFER_HOME:-'@HOME@'}
gofer() {
  if [ -n "${GOFER_CMD:-}" ]; then $GOFER_CMD "$@"; else @GOFER@ "$@"; fi
}
die() { printf 'gofer: %s\n' "$1" >&2; exit "${2:-3}"; }

# The choice: mode=root (target a GOROOT), system (target a binary or empty: search PATH),
# or ask (the JVM decides: 'gofer toolchain which' prints the path or a one-line error).

# $1 a version as written, $2 where it came from: that toolchain, or say how to get it.
pin() {
  v=${1#go}
  src=$2
  case $v in
    system) mode=system; return ;;
    '' | [!0-9]* | *[!0-9a-z.]*) mode=ask; return ;;  # not a plain version: the JVM says why
  esac
  target=$home/toolchains/go$v
  exe=$target/bin/$prog
  [ -x "$exe" ] || exe=$home/tools/go$v/bin/$prog  # a tool built with that toolchain (gopls, dlv)
  if [ -x "$exe" ]; then mode=root; return; fi
  if [ "${GOFER_AUTO_INSTALL:-}" = 1 ]; then mode=ask; return; fi
  [ -x "$target/bin/go" ] && die "go$v has no $prog; run: gofer toolchain tools install $prog --toolchain $v"
  die "go$v is not installed (chosen by $src); run: gofer toolchain install $v"
}

# Sets v to the first word of $1 that is not a comment, '..' or a path (goenv's rules).
first_word() {
  v=
  while read -r w _ || [ -n "$w" ]; do
    case $w in '' | '#'* | .. | */*) continue ;; esac
    v=$w
    break
  done <"$1"
}

choose() {
  mode= target= src='system go on PATH'
  if [ -n "${GOFER_GO_VERSION:-}" ]; then pin "$GOFER_GO_VERSION" GOFER_GO_VERSION; return; fi

  dir=${PWD:-}
  case $dir in /*) ;; *) dir=$(pwd) ;; esac
  gw= gm= tv=
  while :; do
    if [ -f "$dir/.go-version" ]; then
      first_word "$dir/.go-version"
      pin "$v" "$dir/.go-version"
      return
    fi
    [ -z "$gw" ] && [ -f "$dir/go.work" ] && gw=$dir/go.work
    [ -z "$gm" ] && [ -f "$dir/go.mod" ] && gm=$dir/go.mod
    [ -z "$tv" ] && [ -f "$dir/.tool-versions" ] && tv=$dir/.tool-versions
    [ "$dir" = / ] && break
    dir=${dir%/*}
    [ -n "$dir" ] || dir=/
  done

  case ${GOWORK:-} in
    off) gw= ;;
    '') ;;
    *) if [ -f "$GOWORK" ]; then gw=$GOWORK; else gw=; fi ;;
  esac
  [ -n "$gw" ] && gm=$gw
  if [ -n "$gm" ]; then
    # gover.GoModLookup: the first line whose first word is the key, up to a // comment.
    tc= gl=
    while read -r k a _ || [ -n "$k" ]; do
      case $k in
        toolchain) [ -z "$tc" ] && tc=${a%%//*} ;;
        go) [ -z "$gl" ] && gl=${a%%//*} ;;
      esac
      [ -n "$tc" ] && break
    done <"$gm"
    case $tc in
      '' | default) if [ -n "$gl" ]; then mode=ask; return; fi ;;  # a minimum: the JVM compares
      go*) pin "${tc%%-*}" "$gm toolchain line"; return ;;
      *) mode=ask; return ;;
    esac
  fi

  if [ -n "$tv" ]; then
    while read -r k a _ || [ -n "$k" ]; do
      case $k in golang | go) if [ -n "$a" ]; then pin "$a" "$tv"; return; fi ;; esac
    done <"$tv"
  fi

  if [ -f "$home/version" ]; then
    first_word "$home/version"
    pin "$v" "$home/version (global)"
    return
  fi
  mode=system
}

choose
if [ "$mode" = ask ]; then
  GOFER_HOME=$home
  export GOFER_HOME
  target=$(gofer toolchain which "$prog") || exit $?
  case $target in
    "$home"/toolchains/go*/bin/*) mode=root exe=$target target=${target%/bin/*} ;;
    "$home"/tools/go*/bin/*) mode=root exe=$target v=${target#"$home"/tools/} target=$home/toolchains/${v%%/*} ;;
    *) mode=system ;;
  esac
fi

if [ "$mode" = root ]; then
  GOROOT=$target
  GOTOOLCHAIN=${GOTOOLCHAIN:-local}
  export GOROOT GOTOOLCHAIN
  exec "$exe" "$@"
fi

# The system binary: the first $prog on PATH that is not a shim.
if [ -z "$target" ]; then
  set -f
  old=$IFS
  IFS=:
  for d in $PATH; do
    case $d in '' | "$home/bin" | "$home/bin/") continue ;; esac
    if [ -f "$d/$prog" ] && [ -x "$d/$prog" ] && ! [ "$d/$prog" -ef "$home/bin/$prog" ]; then
      target=$d/$prog
      break
    fi
  done
  IFS=$old
  set +f
  [ -n "$target" ] || die "no Go toolchain chosen ($src) and no $prog on PATH besides the gofer shims; run: gofer toolchain install VERSION && gofer toolchain use VERSION"
fi
# Guard: a $prog on PATH that leads back here under another name (a copy of this shim, a link
# to it) would exec itself forever.
depth=${GOFER_SHIM_DEPTH:-0}
[ "$depth" -lt 8 ] || die "the $prog shim runs itself in a loop ($target leads back to $home/bin); remove that from PATH"
GOFER_SHIM_DEPTH=$((depth + 1))
export GOFER_SHIM_DEPTH
case ${GOROOT:-} in "$home"/toolchains/*) unset GOROOT ;; esac
exec "$target" "$@"
