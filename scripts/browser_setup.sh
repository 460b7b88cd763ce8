#!/usr/bin/env bash
# Headless Chromium for the browser tests (tests/browser/): Debian `chromium` + `chromium-driver`.
#
#   scripts/browser_setup.sh        install them with apt-get when /usr/bin/chromium is missing,
#                                   then check that `chromium --version` runs
#
# $POLEVENT_CHROMIUM names another Chromium binary (then nothing is installed, it is only checked).
# As root (CI) the packages are installed non-interactively; as another user the script stops with
# the command to run. Playwright drives this binary through `executable_path`: it never downloads
# browsers (`playwright install` is not used).
set -euo pipefail

CHROMIUM=${POLEVENT_CHROMIUM:-/usr/bin/chromium}

log() { printf 'browser_setup: %s\n' "$*" >&2; }

ensure_chromium() {
    if [ -x "$CHROMIUM" ]; then
        log "found $CHROMIUM"
        return
    fi
    if [ -n "${POLEVENT_CHROMIUM:-}" ]; then
        log "POLEVENT_CHROMIUM=$POLEVENT_CHROMIUM is not an executable file"
        exit 1
    fi
    if [ "$(id -u)" -ne 0 ]; then
        log "Chromium is not installed: run 'sudo apt-get install -y chromium chromium-driver'"
        exit 1
    fi
    log "installing Chromium (apt-get install chromium chromium-driver) ..."
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        chromium chromium-driver >&2
    [ -x "$CHROMIUM" ] || { log "$CHROMIUM still missing after installing chromium"; exit 1; }
}

ensure_chromium
version=$("$CHROMIUM" --headless --no-sandbox --version 2>/dev/null) \
    || { log "'$CHROMIUM --version' failed"; exit 1; }
log "$version"
