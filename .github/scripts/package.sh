#!/usr/bin/env bash
# Builds the parallax release binary for one target and packs it with its SHA-256 checksum into dist/:
#   dist/parallax-v<version>-<target>.tar.gz (.zip on Windows) and the same name + .sha256.
# The release workflow runs it on each platform; run it yourself for a dry run of a release:
#   bash .github/scripts/package.sh x86_64-unknown-linux-musl
# On a tag build (GITHUB_REF_TYPE=tag) the tag must be v<the version in Cargo.toml>.
set -euo pipefail
cd "$(dirname "$0")/../.."

target=${1:?usage: package.sh TARGET (e.g. x86_64-unknown-linux-musl)}
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
if [ "${GITHUB_REF_TYPE:-}" = tag ] && [ "${GITHUB_REF_NAME:-}" != "v$version" ]; then
    echo "the tag ${GITHUB_REF_NAME:-} does not match the version v$version in Cargo.toml" >&2
    exit 1
fi

case "$target" in
    *-linux-musl)
        # Static binaries, built on a runner of the same architecture: rustls needs no OpenSSL, and
        # ring's C code is built by musl-gcc (Debian's and Ubuntu's musl-tools).
        export "CC_${target//-/_}=musl-gcc"
        export RUSTFLAGS="${RUSTFLAGS:-} -C target-feature=+crt-static"
        ;;
esac
# Release archives carry a stripped binary (a third of the size).
CARGO_PROFILE_RELEASE_STRIP=symbols cargo build --release --locked --target "$target"

name="parallax-v$version-$target"
exe=parallax
case "$target" in *-windows-*) exe=parallax.exe ;; esac
rm -rf "dist/$name"
mkdir -p "dist/$name"
cp "${CARGO_TARGET_DIR:-target}/$target/release/$exe" README.md LICENSE-MIT LICENSE-APACHE "dist/$name/"

cd dist
case "$target" in
    *-windows-*) archive="$name.zip"; 7z a -tzip -bd "$archive" "$name" >/dev/null ;;
    *) archive="$name.tar.gz"; tar -czf "$archive" "$name" ;;
esac
rm -rf "$name"
if command -v sha256sum >/dev/null; then
    sha256sum "$archive" >"$archive.sha256"
else
    shasum -a 256 "$archive" >"$archive.sha256"
fi
cat "$archive.sha256"
