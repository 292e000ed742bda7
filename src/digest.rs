//! Hashing sequences of texts for keys and fingerprints (page views, the template set, story
//! cards, key points): XXH3 fed with each text's length before its bytes, so that no two different
//! sequences feed the same bytes (`"ab", "c"` and `"a", "bc"` differ).

use xxhash_rust::xxh3::Xxh3;

/// Adds `bytes`, length first, to `hasher`.
pub fn feed(hasher: &mut Xxh3, bytes: &[u8]) {
    hasher.update(&(bytes.len() as u64).to_le_bytes());
    hasher.update(bytes);
}
