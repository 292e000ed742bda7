//! Hostile input for the recovery layer: every corpus file (and a few inline documents, so the
//! test runs without the corpus) cut, flipped and salted with the characters the repairs look for
//! (`&`, `<`, `]]>`, `<![CDATA[`, stray end tags, NULs, invalid UTF-8), then compressed now and
//! then. `parse_recovering` must return for each, without a panic, a feed or a one-line reason.
//! Deterministic: a fixed-seed xorshift, so a failure names the file and mutant to replay.

use parallax::parse_recovering;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

const MUTANTS_PER_FILE: u64 = 24;

/// Larger documents are cut to this many bytes before mutating, to keep the test quick.
const MAX_BYTES: usize = 24 * 1024;

const INLINE: [&str; 6] = [
    "<?xml version=\"1.0\" encoding=\"iso-8859-1\"?><rss version=\"2.0\"><channel><title>T</title><item><title>A &amp; B</title><description><![CDATA[<p>x</p>]]></description></item></channel></rss>",
    "<feed xmlns=\"http://purl.org/atom/ns#\" version=\"0.3\"><entry><title mode=\"escaped\" type=\"text/html\">&lt;b&gt;</title><issued>2004-01-01T00:00:00Z</issued></entry></feed>",
    "{\"version\": \"https://jsonfeed.org/version/1\", \"title\": \"J\", \"items\": [{\"id\": \"1\", \"content_text\": \"x\"}]}",
    "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns=\"http://purl.org/rss/1.0/\"><channel><title>R</title></channel><item><title>I</title><link>http://x/</link></item></rdf:RDF>",
    "<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:dc=\"urn:dc\"><body><p>Feed:<br><feed xmlns=\"http://www.w3.org/2005/Atom\"><link href=\"http://x/\"><entry><title>E</title><dc:creator>C</dc:creator></entry></feed></body></html>",
    "<rdf xmlns:r=\"http://purl.org/rss/1.0\"><r:channel><itunes:category text=\"N\"><r:title>R</r:title></r:channel><r:item r:about=\"http://x/i\"><r:title>I</r:title></r:item></rdf",
];

const SALT: [&[u8]; 12] = [
    b"&",
    b"<",
    b"]]>",
    b"<![CDATA[",
    b"</p>",
    b"<br>",
    b"\0",
    b"\xFF\xFE",
    b"\xC3",
    b"&hellip;",
    b"<!DOCTYPE x [",
    b"\x1f\x8b\x08",
];

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % (n.max(1) as u64)).unwrap()
    }
}

fn mutate(original: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut bytes = original.to_vec();
    for _ in 0..=rng.below(4) {
        let at = rng.below(bytes.len() + 1);
        match rng.below(6) {
            0 => bytes.truncate(at),
            1 => {
                if let Some(b) = bytes.get_mut(at) {
                    *b ^= 1 << rng.below(8);
                }
            }
            2 | 3 => {
                let salt = SALT[rng.below(SALT.len())];
                bytes.splice(at..at, salt.iter().copied());
            }
            4 => {
                let end = (at + rng.below(64)).min(bytes.len());
                bytes.drain(at..end);
            }
            _ => {
                let end = (at + rng.below(256)).min(bytes.len());
                let copy = bytes[at..end].to_vec();
                let to = rng.below(bytes.len() + 1);
                bytes.splice(to..to, copy);
            }
        }
    }
    if rng.below(10) == 0 {
        use std::io::Write;
        let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gzip.write_all(&bytes).unwrap();
        bytes = gzip.finish().unwrap();
    }
    bytes
}

#[test]
fn mutated_documents_never_make_the_recovery_panic() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/feeds");
    let mut documents: Vec<(String, Vec<u8>)> = INLINE
        .iter()
        .enumerate()
        .map(|(i, doc)| (format!("inline-{i}"), doc.as_bytes().to_vec()))
        .collect();
    match std::fs::read_dir(&dir) {
        Ok(entries) => {
            let mut files: Vec<_> = entries.map(|e| e.unwrap().path()).collect();
            files.sort();
            for path in files.iter().filter(|p| p.to_string_lossy().contains("__")) {
                let mut bytes = std::fs::read(path).unwrap();
                bytes.truncate(MAX_BYTES);
                let name = path.file_name().unwrap().to_string_lossy().to_string();
                documents.push((name, bytes));
            }
        }
        Err(_) => println!("no feed corpus at {}: inline documents only", dir.display()),
    }
    let mut runs = 0;
    for (name, original) in &documents {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ original.len() as u64);
        for mutant in 0..MUTANTS_PER_FILE {
            let bytes = mutate(original, &mut rng);
            let outcome = catch_unwind(AssertUnwindSafe(|| {
                parse_recovering(&bytes, None, Some("https://feeds.example/feed.xml"))
            }));
            let result = outcome.unwrap_or_else(|_| panic!("{name} mutant {mutant}: panic"));
            if let Err(error) = result {
                let reason = error.to_string();
                assert!(!reason.contains('\n'), "{name} mutant {mutant}: {reason}");
                assert!(
                    !reason.contains("in the repair layer"),
                    "{name} mutant {mutant}: {reason}"
                );
            }
            runs += 1;
        }
    }
    println!("{runs} mutated documents, no panic");
}
