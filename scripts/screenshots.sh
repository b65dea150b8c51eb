#!/usr/bin/env bash
# Takes the README's screenshots of real mdbstudio windows under Xvfb, on a fresh sample store, so
# that they stay current: docs/screenshot-browser.png, docs/screenshot-consumer-groups.png,
# docs/screenshot-partition-map.png, docs/screenshot-stress.png, docs/screenshot-find.png and
# docs/screenshot-trace.png.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${MDBSTUDIO_BUILD_DIR:-$root/build}"
"$root/scripts/setup.sh"
for p in xvfb xdotool imagemagick; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="${missing:-} $p"
done
if [ -n "${missing:-}" ]; then
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends $missing
fi
"$root/scripts/build.sh"

work="$(mktemp -d /tmp/mdbstudio-shots.XXXXXX)"
display=":$(( 90 + RANDOM % 100 ))"
cleanup() {
  kill "${app:-}" "${xvfb:-}" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
"$build/app/mdbctl" --store "$work/store" namespace create message_store >/dev/null
"$build/app/mdbctl" --store "$work/store" sample --messages 100000 --categories 10 --streams 5000 --seed 7 >/dev/null 2>&1
Xvfb "$display" -screen 0 1500x900x24 >/dev/null 2>&1 & xvfb=$!
sleep 1
export DISPLAY="$display" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data"
"$build/app/mdbstudio" "$work/store" >/dev/null 2>&1 & app=$!
sleep 4
xdotool mousemove 70 237 click 1   # the category "transfer" in the tree
sleep 1.5
xdotool mousemove 29 125 click 1   # unfold "account" to show its streams
sleep 1.5
xdotool mousemove 600 190 click 1  # a message, shown in the detail pane
sleep 1
import -window root -crop 1400x860+0+0 "$root/docs/screenshot-browser.png"
echo "wrote docs/screenshot-browser.png"

xdotool mousemove 29 125 click 1   # fold "account" again, so that "transfer" is back in its place
sleep 1
xdotool mousemove 70 237 click 1   # "transfer" again, then its consumer groups
sleep 1
xdotool key ctrl+shift+g
sleep 3
import -window root -crop 1100x720+0+0 "$root/docs/screenshot-consumer-groups.png"
xdotool mousemove 281 73 click 1   # the "Live map" tab, with writes arriving from mdbctl
for i in $(seq 1 40); do
  "$build/app/mdbctl" --store "$work/store" write "transfer-$((RANDOM % 600 + 1000))" Deposited '{"amount": 1}' >/dev/null
  sleep 0.05
done & writer=$!
sleep 2.5
import -window root -crop 1100x720+0+0 "$root/docs/screenshot-partition-map.png"
wait "$writer"
echo "wrote docs/screenshot-consumer-groups.png and docs/screenshot-partition-map.png"

kill "$app"; sleep 1
"$build/app/mdbstudio" "$work/store" >/dev/null 2>&1 & app=$!
sleep 4
xdotool mousemove 143 9 click 1    # Tools
sleep 0.7
xdotool mousemove 190 50 click 1   # Stress test…
sleep 1.5
xdotool mousemove 50 252 click 1   # Start: 4 writers, 10 s, then the verification
sleep 14
import -window root -crop 900x760+0+0 "$root/docs/screenshot-stress.png"
echo "wrote docs/screenshot-stress.png"

kill "$app"; sleep 1
"$build/app/mdbstudio" "$work/store" >/dev/null 2>&1 & app=$!
sleep 4
xdotool mousemove 70 237 click 1   # the category "transfer"
sleep 1.5
xdotool key ctrl+shift+f           # Find in messages: events that a command caused
sleep 1
xdotool type --delay 10 'metadata.causationMessageStreamName contains ":command-" and data.amount > 4000'
xdotool key Return
sleep 3
import -window root -crop 1400x860+0+0 "$root/docs/screenshot-find.png"
echo "wrote docs/screenshot-find.png"
xdotool mousemove 320 669 click --repeat 2 --delay 80 1   # open the first match, selected
sleep 2
xdotool key ctrl+shift+t           # and trace it
sleep 2.5
import -window "$(xdotool search --name 'Trace of' | head -n 1)" "$root/docs/screenshot-trace.png"
echo "wrote docs/screenshot-trace.png"
