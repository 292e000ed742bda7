#!/usr/bin/env bash
# The browser stage: builds the example site under a sub-path, serves it on 127.0.0.1 and checks
# every page in Debian's Chromium (driven by playwright-core, no browser download) at 375 and
# 1280 px, with axe-core, and every HTML file with the Nu HTML checker (vnu.jar on the JRE).
#
#   bash tests/browser/run.sh            # from the repository; installs what is missing first
#
# Environment: PARALLAX_BROWSER_PORT (default: a free port), PARALLAX_BROWSER_OUT (default:
# target/browser; the built site and the screenshots go there), CHROMIUM (default /usr/bin/chromium).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

# 1. System packages: Chromium and a Java runtime for vnu.jar (the CI machine runs as root).
missing=()
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || missing+=(chromium)
command -v java >/dev/null || missing+=(default-jre-headless)
if [ ${#missing[@]} -gt 0 ]; then
    echo "browser stage: installing ${missing[*]} with apt-get"
    sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    export DEBIAN_FRONTEND=noninteractive
    "${sudo[@]}" apt-get update -qq
    "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# 2. npm packages, exactly as package-lock.json pins them; no install scripts, no browser download.
(cd "$here" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)

# 3. The example site, built for the address it is served at.
out="${PARALLAX_BROWSER_OUT:-$root/target/browser}"
port="${PARALLAX_BROWSER_PORT:-$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')}"
rm -rf "$out/site" "$out/screenshots"
mkdir -p "$out"
cargo run --quiet -- build --root "$root" --output "$out/site" \
    --base-url "http://127.0.0.1:$port/parallax/" >/dev/null

# 4. The hostile site of tests/hostile.rs (script-injection vectors in every field a site takes),
#    for the canary: the test leaves a copy of the site it planted them in.
rm -rf "$out/hostile-src" "$out/hostile"
PARALLAX_HOSTILE_SITE="$out/hostile-src" cargo test --quiet --test hostile >/dev/null
cargo run --quiet -- build --root "$out/hostile-src" --output "$out/hostile" \
    --base-url "http://127.0.0.1:$port/hostile/" >/dev/null

# 5. The checks (they serve the sites themselves, under /parallax/ and /hostile/).
exec node "$here/check.mjs" --site "$out/site" --port "$port" --base /parallax/ \
    --shots "$out/screenshots" --hostile "$out/hostile"
