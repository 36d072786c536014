#!/bin/sh
# Vendors YASGUI for `kg serve`'s query page (`make yasgui` runs this).
#
# The page must work with no network when viewed, so the browser files are built once, here,
# and committed in kg/serve/static/yasgui/ (pip install ships them: pyproject's package-data).
# Run this only to change the pinned release: edit the version in package.json, run
# `npm install --ignore-scripts` once to update package-lock.json, then this script.
#
#   npm ci             installs exactly package-lock.json's packages (npm registry, nothing else)
#   copies             yasgui.min.js and yasgui.min.css as published (already built and minified)
#   writes LICENSE     YASGUI's MIT licence (the npm package ships none, only its package.json
#                      "license" field) and the licence of every package bundled in the files
#
# node_modules/ stays here and is ignored by git (.gitignore).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
target="$here/../../kg/serve/static/yasgui"
cd "$here"
npm ci --ignore-scripts --no-audit --no-fund
mkdir -p "$target"
cp node_modules/@zazuko/yasgui/build/yasgui.min.js "$target/yasgui.min.js"
cp node_modules/@zazuko/yasgui/build/yasgui.min.css "$target/yasgui.min.css"
node notices.js > "$target/LICENSE"
ls -l "$target"
