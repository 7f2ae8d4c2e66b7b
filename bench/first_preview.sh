#!/bin/bash
# A newcomer's first preview: clone the course into a temporary folder and run
# `make serve` there with an empty home (so nothing cached by pip, npm or an earlier
# build helps), then print the seconds until the first page and a card page answer,
# and the disk the clone then takes. The README and the trainer's guide quote it.
#
#     bench/first_preview.sh [repository] [port]
set -euo pipefail
repo=$(realpath "${1:-$(dirname "$0")/..}")
port=${2:-8123}
work=$(mktemp -d)
trap 'kill -- -$server 2>/dev/null || true; rm -rf "$work"' EXIT
git clone -q "$repo" "$work/course"
cd "$work/course"
mkdir "$work/home"
start=$(date +%s.%N)
HOME="$work/home" setsid env -u XDG_CACHE_HOME -u CONNECT_OR_NOT_CACHE \
	-u CONNECT_OR_NOT_LOCK_PYTHON make serve HOST=127.0.0.1:$port >"$work/serve.log" 2>&1 &
server=$!
seconds() { echo "$(date +%s.%N) - $start" | bc; }
until curl -sf -o /dev/null "http://127.0.0.1:$port/"; do
	kill -0 $server 2>/dev/null || { cat "$work/serve.log"; exit 1; }
	sleep 0.5
done
printf 'first page after %.1f s\n' "$(seconds)"
until curl -sf -o /dev/null "http://127.0.0.1:$port/quiz/claire-pitch/"; do sleep 0.5; done
printf 'a card page after %.1f s\n' "$(seconds)"
echo "the clone takes $(du -sh . | cut -f1)"
