#!/usr/bin/env bash
# Builds the Debian package from an already built build directory, checks it (desktop file,
# AppStream metadata, lintian), installs it with apt, runs the installed mdbctl and mdbstudio on
# throwaway stores, purges it again and checks that nothing of it is left. Exits non-zero on any
# failure. Needs root or sudo, because it installs the package. See docs/packaging.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${MDBSTUDIO_BUILD_DIR:-$root/build}"
app_id="org.mdbstudio.mdbstudio"

say() { echo "package-test: $*"; }
die() { echo "package-test: FAILED: $*" >&2; exit 1; }

[ -f "$build/CPackConfig.cmake" ] || die "$build is not a configured build directory (run scripts/build.sh)"
version="$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")"
[ -n "$version" ] || die "no project version in $build/CMakeCache.txt"

sudo_cmd=""
[ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
if dpkg-query -W -f='${Status}' mdbstudio 2>/dev/null | grep -q "ok installed"; then
  die "a package mdbstudio is installed already; this test installs and purges its own, so remove it first (apt-get purge mdbstudio)"
fi

work="$(mktemp -d /tmp/mdbstudio-package.XXXXXX)"
installed=0
cleanup() {
  if [ "$installed" -eq 1 ]; then
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get purge -y -qq mdbstudio >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
# apt reads the package as its unprivileged _apt user, and lintian runs as nobody under root.
chmod 755 "$work"

# --- Build the package ---------------------------------------------------------------------------
say "building the package (cpack, version $version)"
if ! (cd "$build" && cpack -G DEB -B "$work/out") >"$work/cpack.log" 2>&1; then
  cat "$work/cpack.log" >&2
  die "cpack"
fi
deb="$work/out/mdbstudio_${version}_$(dpkg --print-architecture).deb"
[ -f "$deb" ] || die "cpack made no $deb"
chmod 644 "$deb"
[ "$(dpkg-deb -f "$deb" Package)" = mdbstudio ] || die "package name is not mdbstudio"
[ "$(dpkg-deb -f "$deb" Version)" = "$version" ] || die "package version $(dpkg-deb -f "$deb" Version) is not $version"
depends="$(dpkg-deb -f "$deb" Depends)"
for plugin in libqt6sql6-sqlite libqt6sql6-psql libqt6svg6 libqt6gui6; do
  [[ ", $depends," == *", $plugin"[,\ ]* ]] || die "Depends lacks $plugin: $depends"
done
say "$(basename "$deb"): $(stat -c %s "$deb") bytes; Depends: $depends"

# --- Check what it holds -------------------------------------------------------------------------
dpkg-deb -x "$deb" "$work/tree"
desktop="$work/tree/usr/share/applications/$app_id.desktop"
metainfo="$work/tree/usr/share/metainfo/$app_id.metainfo.xml"
for f in "$desktop" "$metainfo" \
  "$work/tree/usr/share/icons/hicolor/scalable/apps/$app_id.svg" \
  "$work/tree/usr/share/man/man1/mdbstudio.1.gz" "$work/tree/usr/share/man/man1/mdbctl.1.gz" \
  "$work/tree/usr/share/bash-completion/completions/mdbctl" "$work/tree/usr/share/doc/mdbstudio/copyright"; do
  [ -f "$f" ] || die "the package lacks ${f#"$work/tree"}"
done
for size in 16 32 48 64 128 256; do
  png="$work/tree/usr/share/icons/hicolor/${size}x${size}/apps/$app_id.png"
  file "$png" | grep -q "PNG image data, $size x $size" || die "no ${size}x${size} PNG icon"
done
grep -q "release version=\"$version\"" "$metainfo" || die "the metainfo has no release $version"

say "desktop-file-validate"
desktop-file-validate "$desktop" || die "desktop-file-validate"
say "appstreamcli validate --no-net"
appstreamcli validate --no-net "$metainfo" || die "appstreamcli validate"
appstreamcli validate-tree --no-net "$work/tree" || die "appstreamcli validate-tree"

if command -v lintian >/dev/null 2>&1; then
  say "lintian"
  lintian_cmd=(lintian --fail-on "error,warning" --display-info "$deb")
  [ "$(id -u)" -eq 0 ] && lintian_cmd=(runuser -u nobody -- env HOME="$work" TMPDIR="$work" "${lintian_cmd[@]}")
  "${lintian_cmd[@]}" || die "lintian"
else
  say "lintian is not installed; skipped"
fi

# --- Install and run it --------------------------------------------------------------------------
# No recommends: the test proves that the hard dependencies suffice.
say "apt-get install $(basename "$deb")"
installed=1
if ! DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "$deb" \
  >"$work/apt.log" 2>&1; then
  cat "$work/apt.log" >&2
  die "apt-get install"
fi
[ "$(dpkg-query -W -f='${Version}' mdbstudio)" = "$version" ] || die "installed version is not $version"
dpkg -L mdbstudio >"$work/files.txt"
: >"$work/dirs.txt"
: >"$work/plain.txt"
while read -r path; do
  if [ -d "$path" ] && [ ! -L "$path" ]; then echo "$path" >>"$work/dirs.txt"; else echo "$path" >>"$work/plain.txt"; fi
done <"$work/files.txt"

out="$(/usr/bin/mdbctl --version)"
[ "$out" = "mdbctl $version" ] || die "mdbctl --version printed \"$out\""
# --version answers without a display.
out="$(env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM /usr/bin/mdbstudio --version)"
[ "$out" = "mdbstudio $version" ] || die "mdbstudio --version printed \"$out\""
say "installed --version: $version"

store="sqlite:$work/store"
/usr/bin/mdbctl --store "$store" namespace create message_store >/dev/null || die "mdbctl namespace create"
position="$(/usr/bin/mdbctl --store "$store" write account-1 Deposited '{"amount": 10}' --expected-version -1)" \
  || die "mdbctl write"
[ "$position" = 0 ] || die "mdbctl write printed \"$position\", not 0"
read_back="$(/usr/bin/mdbctl --store "$store" --json stream account-1)" || die "mdbctl stream"
[[ "$read_back" == *'"stream_name":"account-1"'*'"type":"Deposited"'*'"amount": 10'* ]] \
  || die "mdbctl stream read back: $read_back"
say "installed mdbctl wrote and read back a message on $store"

# The smoke tests run in a private home, so that the embedded default store lands there.
home="$work/home"
mkdir -p "$home"
smoke() {
  env -u MDBSTUDIO_STORE -u DISPLAY -u WAYLAND_DISPLAY HOME="$home" XDG_DATA_HOME="$home/.local/share" \
    XDG_CONFIG_HOME="$home/.config" XDG_CACHE_HOME="$home/.cache" XDG_RUNTIME_DIR="$home/runtime" \
    QT_QPA_PLATFORM=offscreen timeout 60 /usr/bin/mdbstudio --smoke-test "$@"
}
mkdir -m 700 "$home/runtime"
smoke >"$work/smoke.log" 2>&1 || { cat "$work/smoke.log" >&2; die "mdbstudio --smoke-test (embedded store)"; }
[ -f "$home/.local/share/mdbstudio/store/message_store.db" ] || die "the embedded store was not made in $home"
smoke "$store" >"$work/smoke.log" 2>&1 || { cat "$work/smoke.log" >&2; die "mdbstudio --smoke-test $store"; }
# A desktop launcher (Exec=mdbstudio %u) may pass a local store as a file: URL.
smoke "file://$work/store" >"$work/smoke.log" 2>&1 || { cat "$work/smoke.log" >&2; die "mdbstudio --smoke-test file://$work/store"; }
if smoke "sqlite:$work/bad?synchronous=wrong" >"$work/smoke.log" 2>&1; then
  die "mdbstudio --smoke-test succeeded on a store that cannot open"
fi
say "installed mdbstudio --smoke-test: passed on the embedded store, on $store and on its file: URL, failed on a bad store"

if command -v man >/dev/null 2>&1; then
  for page in mdbstudio mdbctl; do
    warnings="$(MANWIDTH=80 man --warnings -l "/usr/share/man/man1/$page.1.gz" 2>&1 >/dev/null)"
    [ -z "$warnings" ] || die "man $page: $warnings"
  done
fi
bash -c 'source /usr/share/bash-completion/completions/mdbctl && complete -p mdbctl' >/dev/null \
  || die "the bash completion does not load"
# The completion and the manual pages keep up with the programs' own usage texts: every command
# and option those name.
completion="/usr/share/bash-completion/completions/mdbctl"
mdbctl_usage="$(/usr/bin/mdbctl --help)"
mdbstudio_usage="$(env -u DISPLAY -u WAYLAND_DISPLAY /usr/bin/mdbstudio --help)"
commands="$(sed -n '/^Commands:/,/^Options:/s/^  \([a-z][a-z-]*\).*/\1/p' <<<"$mdbctl_usage" | sort -u)"
options="$(grep -o -- '--[a-z][a-z-]*' <<<"$mdbctl_usage" | sort -u)"
studio_options="$(grep -o -- '--[a-z][a-z-]*' <<<"$mdbstudio_usage" | sort -u)"
if [ -z "$commands" ] || [ -z "$options" ] || [ -z "$studio_options" ]; then
  die "found no commands or options in the usage texts"
fi
for command in $commands; do
  grep -q "local commands=.*\b$command\b" "$completion" || die "the bash completion lacks the command $command"
done
for option in $options; do
  grep -q -- "$option\b" "$completion" || die "the bash completion lacks $option"
done
if command -v man >/dev/null 2>&1; then
  manual="$(MANWIDTH=1000 man -l /usr/share/man/man1/mdbctl.1.gz 2>/dev/null)"
  for command in $commands; do
    grep -qE "^ +$command( |\$)" <<<"$manual" || die "the mdbctl manual page lacks the command $command"
  done
  for option in $options; do
    grep -q -- "$option\b" <<<"$manual" || die "the mdbctl manual page lacks $option"
  done
  manual="$(MANWIDTH=1000 man -l /usr/share/man/man1/mdbstudio.1.gz 2>/dev/null)"
  for option in $studio_options; do
    grep -q -- "$option\b" <<<"$manual" || die "the mdbstudio manual page lacks $option"
  done
fi

# --- Purge it ------------------------------------------------------------------------------------
say "apt-get purge mdbstudio"
DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get purge -y -qq mdbstudio >"$work/apt.log" 2>&1 \
  || { cat "$work/apt.log" >&2; die "apt-get purge"; }
installed=0
if dpkg -s mdbstudio >/dev/null 2>&1; then die "dpkg -s mdbstudio still succeeds after the purge"; fi
left=()
while read -r path; do
  if [ -e "$path" ] || [ -L "$path" ]; then left+=("$path"); fi
done <"$work/plain.txt"
# A directory may stay only while another package owns it too.
while read -r dir; do
  if [ -d "$dir" ] && ! dpkg-query -S "$dir" >/dev/null 2>&1; then left+=("$dir/"); fi
done <"$work/dirs.txt"
[ ${#left[@]} -eq 0 ] || die "left behind after the purge: ${left[*]}"
say "purged; none of its $(wc -l <"$work/plain.txt") files remain"
say "passed"
