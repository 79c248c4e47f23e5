#!/usr/bin/env bash
# The browser tests (frontend/e2e): Debian's Chromium driven by playwright-core against the
# server cargo built, on a fresh SQLite database, with a real SMTP server on loopback.
# Installs what is missing (Chromium from Debian, the tests' npm packages from the lock file).
# Screenshots of the key pages are kept in var/e2e/screenshots.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
    echo "installing Chromium" >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
cargo build --locked --bin veedor
(cd frontend/e2e && npm ci --no-audit --no-fund --loglevel=error)
rm -rf var/e2e
(cd frontend/e2e && npm test)
echo "screenshots: $(ls var/e2e/screenshots | wc -l) in var/e2e/screenshots" >&2
