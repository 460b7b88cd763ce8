#!/usr/bin/env bash
# Reproduce the dashboard's vendored JavaScript and map outlines from npm (provenance record).
#
#   scripts/vendor_js.sh            fetch the pinned packages with `npm pack`, copy the
#                                   files into src/polevent/serve/static/vendor/, check sha512s
#
# Not run by make: the files are committed, so the dashboard works with no internet. Run it only to
# check or to move a pin (then update the versions here, the sha512 sums and vendor/LICENSES.md).
# Needs npm (for `npm pack`, which downloads the registry tarball without installing anything),
# tar and sha512sum.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DEST="$ROOT/src/polevent/serve/static/vendor"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# package@version  file in the tarball  name in vendor/
FILES=(
    "d3@7.9.0 package/dist/d3.min.js d3.min.js"
    "d3@7.9.0 package/LICENSE LICENSE.d3.txt"
    "topojson-client@3.1.0 package/dist/topojson-client.min.js topojson-client.min.js"
    "topojson-client@3.1.0 package/LICENSE LICENSE.topojson-client.txt"
    "world-atlas@2.0.2 package/countries-110m.json countries-110m.json"
    "world-atlas@2.0.2 package/LICENSE LICENSE.world-atlas.txt"
)

unpack() {
    local spec=$1 dir="$WORK/${1//@/-}"
    if [ ! -d "$dir" ]; then
        mkdir -p "$dir"
        (cd "$WORK" && npm pack --silent "$spec" >"$dir.name")
        tar xzf "$WORK/$(cat "$dir.name")" -C "$dir"
    fi
    printf '%s\n' "$dir"
}

mkdir -p "$DEST"
for line in "${FILES[@]}"; do
    read -r spec inner name <<<"$line"
    dir=$(unpack "$spec")
    cp "$dir/$inner" "$DEST/$name"
    printf 'vendor_js: %-22s %-40s -> vendor/%s\n' "$spec" "$inner" "$name" >&2
done
# The sums of the committed files: a changed upstream tarball (or a moved pin) fails here.
(cd "$DEST" && sha512sum --check --quiet) <<'SUMS'
bdce7caafbc176b0d1e1eb5bc4c7654ede06050935aa3bf23914769ebb0fb053f2aecfbfbb9737fb50adeaea4e81d668225edeaba9376b550f0d2340422ff7d8  d3.min.js
17a2d16f2c3565d104d8b7f0f095cf7aab0f925e2097765d8f17d0f9303d0b026e65307e3790c035bd2a42d10d922f97dc83005499d1b1cdcd4e0047df3728ac  topojson-client.min.js
5be3fc8c6a4e758c9cf6ff0d55a9aeffa558024e4ae9452aa5ca2c74e8d802309813b99b46ff8ccfcec4f9c2910fc9c9106a057e3e5dea5701c69a31af0e199d  countries-110m.json
SUMS
printf 'vendor_js: sha512 sums match\n' >&2
