//! A deterministic generator of realistic feed articles for the clustering benchmark.

use std::collections::HashMap;

pub struct Article {
    pub event: usize,
    pub source: String,
    pub title: String,
    pub summary: String,
    /// Seconds since the start of the stream.
    pub seconds: i64,
}

/// splitmix64: small, fast, the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const EN: &[&str] = &[
    "government",
    "minister",
    "officials",
    "report",
    "plan",
    "deal",
    "talks",
    "police",
    "court",
    "market",
    "company",
    "city",
    "state",
    "election",
    "vote",
    "crisis",
    "workers",
    "strike",
    "shares",
    "prices",
    "budget",
    "health",
    "hospital",
    "school",
    "border",
    "security",
    "trade",
    "energy",
    "climate",
    "storm",
    "fire",
    "investigation",
    "leaders",
    "agreement",
    "protest",
    "record",
    "growth",
    "losses",
    "support",
    "warning",
    "meeting",
    "law",
    "rules",
    "people",
];
const EN_VERBS: &[&str] = &[
    "says",
    "announces",
    "rejects",
    "approves",
    "faces",
    "warns",
    "plans",
    "wins",
    "loses",
    "calls for",
    "pushes",
    "backs",
    "blocks",
    "reveals",
    "confirms",
    "denies",
    "launches",
];
const DE: &[&str] = &[
    "regierung",
    "minister",
    "bericht",
    "plan",
    "gespräche",
    "polizei",
    "gericht",
    "markt",
    "unternehmen",
    "stadt",
    "wahl",
    "krise",
    "streik",
    "preise",
    "haushalt",
    "gesundheit",
    "schule",
    "grenze",
    "handel",
    "energie",
    "klima",
    "sturm",
    "ermittlungen",
    "protest",
];
const ES: &[&str] = &[
    "gobierno",
    "ministro",
    "informe",
    "plan",
    "acuerdo",
    "policía",
    "tribunal",
    "mercado",
    "empresa",
    "ciudad",
    "elecciones",
    "crisis",
    "huelga",
    "precios",
    "presupuesto",
    "salud",
    "escuela",
    "frontera",
    "comercio",
    "energía",
    "clima",
    "tormenta",
    "protesta",
    "ley",
];
const FR: &[&str] = &[
    "gouvernement",
    "ministre",
    "rapport",
    "plan",
    "accord",
    "police",
    "tribunal",
    "marché",
    "entreprise",
    "ville",
    "élections",
    "crise",
    "grève",
    "prix",
    "budget",
    "santé",
    "école",
    "frontière",
    "commerce",
    "énergie",
    "climat",
    "tempête",
    "manifestation",
    "loi",
];
const GLUE: [&[&str]; 4] = [
    &[
        "the", "of", "and", "in", "for", "after", "with", "on", "as", "to",
    ],
    &[
        "der", "die", "und", "in", "für", "nach", "mit", "auf", "von", "das",
    ],
    &[
        "el", "la", "de", "y", "en", "para", "tras", "con", "por", "los",
    ],
    &[
        "le", "la", "de", "et", "en", "pour", "après", "avec", "sur", "les",
    ],
];
const SYLLABLES: &[&str] = &[
    "ka", "lo", "mi", "ra", "ven", "tor", "sa", "del", "ri", "no", "ba", "zu", "ek", "an", "mar",
    "os", "qui", "len", "dor", "ha", "ti", "vo", "ne", "gra", "pe", "sho", "lin", "ber", "gu",
    "fa", "wen", "do", "ky", "ul", "mez", "ar", "tes", "bri", "cho", "im",
];

/// A made-up word of 2-4 syllables; names are capitalised.
fn word(rng: &mut Rng, capital: bool) -> String {
    let s: String = (0..2 + rng.below(3))
        .map(|_| *rng.pick(SYLLABLES))
        .collect();
    match s.get(..1) {
        Some(first) if capital => first.to_uppercase() + &s[1..],
        _ => s,
    }
}

/// An event: its language, names, numbers and topic words.
struct Event {
    lang: usize,
    names: Vec<String>,
    number: String,
    /// Shared topic words and two words of its own.
    topic: Vec<String>,
    start: i64,
    days: f64,
    size: usize,
}

fn event(rng: &mut Rng, start: i64) -> Event {
    let lang = [0, 0, 0, 0, 0, 0, 0, 1, 2, 3][rng.below(10)];
    let words = [EN, DE, ES, FR][lang];
    let size = (2.0 / (0.01 + rng.unit()).powf(1.2)) as usize;
    let mut topic: Vec<String> = (0..4).map(|_| rng.pick(words).to_string()).collect();
    topic.push(word(rng, false));
    topic.push(word(rng, false));
    Event {
        lang,
        names: (0..2 + rng.below(3)).map(|_| word(rng, true)).collect(),
        number: format!("{}", 2 + rng.below(900)),
        topic,
        start,
        days: if rng.below(20) == 0 {
            4.0 + rng.unit() * 8.0
        } else {
            0.3 + rng.unit() * 2.0
        },
        size: size.clamp(1, 400),
    }
}

fn headline(rng: &mut Rng, e: &Event) -> String {
    let glue = GLUE[e.lang];
    let mut words: Vec<String> = vec![e.names[rng.below(e.names.len())].clone()];
    if e.lang == 0 {
        words.push(rng.pick(EN_VERBS).to_string());
    }
    for _ in 0..2 + rng.below(3) {
        if rng.below(3) == 0 {
            words.push(rng.pick(glue).to_string());
        }
        words.push(rng.pick(&e.topic).to_string());
    }
    if rng.below(3) == 0 {
        words.push(e.number.clone());
    }
    if rng.below(2) == 0 {
        words.push(e.names[rng.below(e.names.len())].clone());
    }
    let mut title = words.join(" ");
    if let Some(first) = title.get(..1) {
        title = first.to_uppercase() + &title[1..];
    }
    title
}

fn summary(rng: &mut Rng, e: &Event) -> String {
    let (glue, common) = (GLUE[e.lang], [EN, DE, ES, FR][e.lang]);
    let mut words = Vec::new();
    for k in 0..20 + rng.below(40) {
        let w = match rng.below(10) {
            0..=3 => rng.pick(glue).to_string(),
            4..=5 => rng.pick(common).to_string(),
            6..=7 => rng.pick(&e.topic).to_string(),
            8 if k % 3 == 0 => e.number.clone(),
            _ => e.names[rng.below(e.names.len())].clone(),
        };
        words.push(w);
    }
    words.join(" ") + "."
}

/// `n` articles in time order, `per_day` a day.
pub fn articles(n: usize, per_day: usize, seed: u64) -> Vec<Article> {
    let mut rng = Rng(seed);
    let span = (n as f64 / per_day as f64 * 86_400.0) as i64;
    let mut out: Vec<Article> = Vec::with_capacity(n + 400);
    let mut by_event: HashMap<usize, Vec<usize>> = HashMap::new();
    let mut id = 0;
    while out.len() < n {
        let start = rng.below(span.max(1) as usize) as i64;
        let e = event(&mut rng, start);
        for _ in 0..e.size {
            let seconds = e.start + (rng.unit().powi(2) * e.days * 86_400.0) as i64;
            let source = format!("outlet-{}", rng.below(600));
            let copies = by_event.entry(id).or_default();
            let article = if !copies.is_empty() && rng.below(8) == 0 {
                let original: &Article = &out[copies[rng.below(copies.len())]];
                Article {
                    event: id,
                    source,
                    title: original.title.clone(),
                    summary: original.summary.clone(),
                    seconds: original.seconds + 600,
                }
            } else {
                Article {
                    event: id,
                    source,
                    title: headline(&mut rng, &e),
                    summary: summary(&mut rng, &e),
                    seconds,
                }
            };
            copies.push(out.len());
            out.push(article);
        }
        id += 1;
    }
    out.truncate(n);
    out.sort_by_key(|a| a.seconds);
    out
}

pub fn events_in(articles: &[Article]) -> usize {
    let mut events: Vec<usize> = articles.iter().map(|a| a.event).collect();
    events.sort_unstable();
    events.dedup();
    events.len()
}

/// B-cubed precision and recall of `groups` against the generator's events.
pub fn purity(articles: &[Article], groups: &[Vec<usize>]) -> (f64, f64) {
    let mut event_size: HashMap<usize, f64> = HashMap::new();
    for a in articles {
        *event_size.entry(a.event).or_default() += 1.0;
    }
    let (mut p, mut r) = (0.0, 0.0);
    for g in groups {
        let mut overlap: HashMap<usize, f64> = HashMap::new();
        for &i in g {
            *overlap.entry(articles[i].event).or_default() += 1.0;
        }
        for (event, k) in overlap {
            p += k * k / g.len() as f64;
            r += k * k / event_size[&event];
        }
    }
    let n = articles.len().max(1) as f64;
    (p / n, r / n)
}
