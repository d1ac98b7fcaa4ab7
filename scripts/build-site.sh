#!/usr/bin/env bash
# Build the Evidence report site (reports/ via the pages -> reports symlink) fully offline.
# Lives in scripts/, not reports/: everything under pages/ is copied into the SvelteKit routes.
#   1. evidence sources --strict : runs sources/*/*.sql against warehouse/campaign.duckdb and
#      writes parquet to .evidence/template/static/data (everything selected is PUBLISHED).
#   2. evidence build:strict     : vite/SvelteKit static build into build/; this script fails if
#      any page query logs "Error in Query!" (Evidence itself still exits 0).
# Needs the patched @evidence-dev/universal-sql (patches/, applied by `npm install` postinstall).
# Usage: bash scripts/build-site.sh        (env SITE_TIMEOUT=seconds per step, default 600)
set -euo pipefail
cd "$(dirname "$0")/.."

T=${SITE_TIMEOUT:-600}
EVIDENCE=node_modules/.bin/evidence
log() { printf '[build-site] %s\n' "$*"; }

[ -x "$EVIDENCE" ] || { log "node_modules missing: run npm install" >&2; exit 1; }
grep -q "campaign-analytics patch" node_modules/@evidence-dev/universal-sql/src/client-duckdb/node.js \
  || { log "universal-sql patch not applied: run npx patch-package" >&2; exit 1; }
[ -f warehouse/campaign.duckdb ] || { log "warehouse/campaign.duckdb not found: build the warehouse first" >&2; exit 1; }
[ -e pages ] || { log "pages symlink missing (should be pages -> reports)" >&2; exit 1; }

# A failed `evidence sources` run leaves an empty query-cache manifest, and every later run then
# dies with "Unexpected end of JSON input". Drop it if empty.
H=.evidence/meta/query-cache/hashes.json
if [ -f "$H" ] && [ ! -s "$H" ]; then log "removing empty $H"; rm -f "$H"; fi

start=$(date +%s)
log "evidence sources --strict"
timeout "$T" "$EVIDENCE" sources --strict

# evidence build copies over ./build without deleting stale files; start clean.
rm -rf build
log "evidence build:strict"
# build:strict in Evidence 40.1.8 still exits 0 when a page query fails (it only logs
# "Error in Query!"), so scan the log and fail ourselves.
build_log=$(mktemp)
trap 'rm -f "$build_log"' EXIT
timeout "$T" "$EVIDENCE" build:strict 2>&1 | tee "$build_log"
if grep -q "Error in Query" "$build_log"; then
  log "page query errors during build:" >&2
  grep "Error in Query" "$build_log" | sort -u >&2
  exit 1
fi

[ -f build/index.html ] || { log "build/index.html missing" >&2; exit 1; }
log "done in $(( $(date +%s) - start ))s; build/ = $(du -sh build | cut -f1)"
