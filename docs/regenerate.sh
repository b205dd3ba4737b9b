#!/usr/bin/env bash
# Regenerates the pictures the README shows, from the models and the committed traces,
# so they never go stale: `npm run docs`.
set -euo pipefail
cd "$(dirname "$0")/.."
soffio() { node bin/soffio.mjs "$@"; }
soffio diagram raft --role server --format svg --out docs/raft-server.svg
soffio diagram raft --role server --format mermaid --out docs/raft-server.mmd
soffio diagram traces/raft/commit-old-term.itf.json --format svg --out docs/raft-figure8.svg
soffio diagram traces/raft/commit-old-term.itf.json --format mermaid --out docs/raft-figure8.mmd
