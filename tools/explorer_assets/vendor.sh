#!/usr/bin/env bash
# Refreshes the third-party browser files shipped in api/explorer/static/vendor
# from the npm versions pinned in package.json / package-lock.json.
# Node.js and npm are needed only here: relgraph serves the copied files.
#
# Only the four packages' own tarballs are fetched (`npm pack`), each checked
# against the integrity recorded in package-lock.json: the files shipped are
# self-contained builds, so the packages' dependency trees are not needed.
# To move to newer versions: edit package.json, run `npm install
# --package-lock-only` here (it rewrites package-lock.json), then this script,
# and commit all three with the vendored files.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
vendor="$(cd "$here/../.." && pwd)/api/explorer/static/vendor"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

locked() {  # version and integrity of a top-level package in the lock file
    node -e '
        const lock = require(process.argv[1]);
        const entry = lock.packages["node_modules/" + process.argv[2]];
        if (!entry) { console.error(process.argv[2] + " is not in package-lock.json"); process.exit(1); }
        console.log(entry.version + " " + entry.integrity);
    ' "$here/package-lock.json" "$1"
}

copy() {  # package, files inside it (path[:name to ship it as])...; its licence always comes along
    local package="$1"; shift
    local version integrity
    read -r version integrity < <(locked "$package")
    local tarball
    tarball="$(cd "$work" && npm pack --silent "$package@$version")"
    local actual
    actual="sha512-$(openssl dgst -sha512 -binary "$work/$tarball" | base64 -w0)"
    if [[ "$actual" != "$integrity" ]]; then
        echo "$package@$version: integrity $actual does not match the lock's $integrity" >&2
        exit 1
    fi
    mkdir -p "$work/$package" && tar -xzf "$work/$tarball" -C "$work/$package"
    local target="$vendor/$package"
    rm -rf "$target" && mkdir -p "$target"
    # .mjs is shipped as .js: every server knows .js as JavaScript, and
    # browsers refuse a module script served under any other type.
    for file in "$@" LICENSE; do
        cp "$work/$package/package/${file%%:*}" "$target/$(basename "${file#*:}")"
    done
    echo "$package@$version" > "$target/VERSION"
}

copy cytoscape dist/cytoscape.esm.min.mjs:cytoscape.esm.min.js
copy react umd/react.production.min.js
copy react-dom umd/react-dom.production.min.js
copy graphiql graphiql.min.js graphiql.min.css
echo "vendored into $vendor:"
(cd "$vendor" && find . -type f | sort)
