#!/usr/bin/env bash
# Build the Evidence report site (reports/ via the pages -> reports symlink) fully offline.
# Lives in scripts/, not reports/: everything under pages/ is copied into the SvelteKit routes.
#   1. stage the map boundaries: <geo>/{villages,towns,counties}.geojson -> static/geo/ (ignored by
#      git; Evidence copies static/ into the site)
#   2. evidence sources --strict : runs sources/*/*.sql against the warehouse and writes parquet to
#      .evidence/template/static/data (everything selected is PUBLISHED)
#   3. evidence build:strict     : vite/SvelteKit static build into build/; this script fails if
#      any page query logs "Error in Query!" (Evidence itself still exits 0)
#   4. scripts/check-privacy.ts  : fails if any personal value from the warehouse's raw tables
#      (ID number, phone, 户编号, household-head/helper/responsible/payee name) is found in build/
# Needs the patched @evidence-dev/universal-sql (patches/, applied by `npm install` postinstall).
#
# Usage: bash scripts/build-site.sh [--warehouse FILE] [--geo DIR]
#   --warehouse  DuckDB warehouse to publish (default: $CAMPAIGN_WAREHOUSE or warehouse/campaign.duckdb)
#   --geo        folder with villages/towns/counties.geojson (default: data/demo/geo)
#   env SITE_TIMEOUT=seconds per step (default 7200: a county site takes ~15 min (913 s measured); the limit only
#   guards against a hang, e.g. DuckDB-WASM trying to download an extension offline)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

T=${SITE_TIMEOUT:-7200}
EVIDENCE=node_modules/.bin/evidence
WAREHOUSE=${CAMPAIGN_WAREHOUSE:-warehouse/campaign.duckdb}
GEO=data/demo/geo
log() { printf '[build-site] %s\n' "$*"; }
die() { log "$*" >&2; exit 1; }

while [ $# -gt 0 ]; do
  case "$1" in
    --warehouse) WAREHOUSE=${2:?--warehouse needs a file}; shift 2 ;;
    --geo) GEO=${2:?--geo needs a folder}; shift 2 ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
done

[ -x "$EVIDENCE" ] || die "node_modules missing: run npm install"
grep -q "campaign-analytics patch" node_modules/@evidence-dev/universal-sql/src/client-duckdb/node.js \
  || die "universal-sql patch not applied: run npx patch-package"
[ -f "$WAREHOUSE" ] || die "$WAREHOUSE not found: build the warehouse first (npm run demo)"
[ -e pages ] || die "pages symlink missing (should be pages -> reports)"

# @evidence-dev/duckdb joins `filename` onto the source folder (absolute paths break), so point the
# source at the chosen warehouse with a path relative to sources/warehouse/.
WAREHOUSE_ABS=$(realpath "$WAREHOUSE")
export EVIDENCE_SOURCE__warehouse__filename
EVIDENCE_SOURCE__warehouse__filename=$(realpath --relative-to="$ROOT/sources/warehouse" "$WAREHOUSE_ABS")
log "warehouse: $WAREHOUSE_ABS"

mkdir -p static/geo
rm -f static/geo/*.geojson
if [ -d "$GEO" ]; then
  for layer in villages towns counties; do
    if [ -f "$GEO/$layer.geojson" ]; then
      cp "$GEO/$layer.geojson" "static/geo/$layer.geojson"
    else
      log "warning: $GEO/$layer.geojson missing; that map layer will show a notice" >&2
    fi
  done
  log "map boundaries: $GEO ($(du -ch static/geo/*.geojson 2>/dev/null | tail -1 | cut -f1))"
else
  log "warning: boundary folder $GEO not found; maps will show a notice" >&2
fi

# A failed `evidence sources` run leaves an empty query-cache manifest, and every later run then
# dies with "Unexpected end of JSON input". Drop it if empty.
H=.evidence/meta/query-cache/hashes.json
if [ -f "$H" ] && [ ! -s "$H" ]; then log "removing empty $H"; rm -f "$H"; fi

start=$(date +%s)
log "evidence sources --strict"
timed_out() { die "$1 超过 ${T} 秒未完成，已停止（可用 SITE_TIMEOUT=秒数 放宽） / $1 timed out after ${T}s"; }
rc=0; timeout "$T" "$EVIDENCE" sources --strict || rc=$?
[ "$rc" -eq 124 ] && timed_out "evidence sources"
[ "$rc" -eq 0 ] || die "evidence sources 失败（退出码 $rc）"
node_modules/.bin/tsx scripts/site-empty-sources.ts .evidence/template/static/data
manifest=.evidence/template/static/data/manifest.json
[ -f "$manifest" ] || die "$manifest missing after evidence sources"
sources_done=$(date +%s)

# evidence build copies over ./build without deleting stale files; start clean.
rm -rf build
log "evidence build:strict"
# build:strict in Evidence 40.1.8 still exits 0 when a page query fails (it only logs
# "Error in Query!"), so scan the log and fail ourselves.
build_log=$(mktemp)
trap 'rm -f "$build_log"' EXIT
rc=0; timeout "$T" "$EVIDENCE" build:strict 2>&1 | tee "$build_log" || rc=${PIPESTATUS[0]}
[ "$rc" -eq 124 ] && timed_out "evidence build"
[ "$rc" -eq 0 ] || die "evidence build 失败（退出码 $rc）"
if grep -q "Error in Query" "$build_log"; then
  log "page query errors during build:" >&2
  grep "Error in Query" "$build_log" | sort -u >&2
  exit 1
fi
[ -f build/index.html ] || die "build/index.html missing"
node_modules/.bin/tsx scripts/compress-site.ts build
built=$(date +%s)

log "privacy check"
node_modules/.bin/tsx scripts/check-privacy.ts --warehouse "$WAREHOUSE_ABS" build

pages=$(find build -name index.html | wc -l)
log "done in $(( $(date +%s) - start ))s (sources $(( sources_done - start ))s, build $(( built - sources_done ))s, privacy $(( $(date +%s) - built ))s); ${pages} pages; build/ = $(du -sh build | cut -f1)"
