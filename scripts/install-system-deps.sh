#!/usr/bin/env bash
# Install the Debian system packages the report site needs, only if missing:
#   chromium        headless browser for playwright-core (screenshots / PDFs); no browser download
#   fonts-noto-cjk  Chinese glyphs in headless Chromium
#   poppler-utils   pdftotext, to put page numbers in the 总结报告's contents and to test PDFs
# Idempotent: does nothing when both are present. Must run as root (or via sudo) when installing.
set -euo pipefail

log() { printf '[install-system-deps] %s\n' "$*"; }

missing=()
if command -v chromium >/dev/null 2>&1; then
  log "chromium present: $(command -v chromium)"
else
  missing+=(chromium)
fi
if ! command -v fc-list >/dev/null 2>&1; then
  missing+=(fontconfig fonts-noto-cjk)
elif fc-list | grep -qi "Noto Sans CJK"; then
  log "fonts-noto-cjk present (Noto Sans CJK found by fc-list)"
else
  missing+=(fonts-noto-cjk)
fi

if command -v pdftotext >/dev/null 2>&1; then
  log "poppler-utils present: $(command -v pdftotext)"
else
  missing+=(poppler-utils)
fi

if [ ${#missing[@]} -eq 0 ]; then
  log "nothing to do"
  exit 0
fi

as_root=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
  else
    log "缺少系统软件包：${missing[*]}；请以 root 运行 sudo $0 / missing: ${missing[*]}; re-run as root" >&2
    exit 1
  fi
fi

log "apt-get update"
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
log "apt-get install -y --no-install-recommends ${missing[*]}"
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"

# verify
command -v chromium >/dev/null 2>&1 || { log "chromium still missing after install" >&2; exit 1; }
fc-cache -f >/dev/null 2>&1 || true
fc-list | grep -qi "Noto Sans CJK" || { log "Noto Sans CJK still not found by fc-list" >&2; exit 1; }
command -v pdftotext >/dev/null 2>&1 || { log "pdftotext still missing after install" >&2; exit 1; }
log "installed: ${missing[*]} ($(chromium --version 2>/dev/null || echo chromium))"
