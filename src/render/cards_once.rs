//! Story cards rendered once per build. A story is listed on many pages (its topics, its country,
//! every source that covered it) with the same card each time: the default theme's topic, local
//! and source lists call `card(story=s)` (or `card(story=s, row=true)`), which renders the theme's
//! `story_card` (or `story_row`) macro the first time a story is asked for with those arguments and
//! hands out the same HTML after that. A theme that overrides the macros gets its own cards; lists
//! where a story appears once (home, blindspot, editions) call the macros directly.
//!
//! The HTML is keyed by the card's URL and the arguments: a story has one card per build (its
//! values do not depend on the page listing it), and links made absolute (emails) have another
//! URL. A `Renderer` lives for one build (or one `serve` rebuild), and so does its memo, which
//! keeps at most `BUDGET` bytes (at 100k stories all the cards would add a few hundred MB to the
//! peak memory).

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use tera::{Context, Tera, Value};

/// The optional arguments of `story_card`, passed on only when given, so that the macro's own
/// defaults apply to the others.
const ARGUMENTS: [&str; 3] = ["h", "summary", "sentence"];

/// The templates that render one card with the theme's macros, by name: one per set of given
/// arguments (bit `i` set: `ARGUMENTS[i]` given), and `row` for `story_row`.
pub fn templates() -> Vec<(String, String)> {
    let import = r#"{% import "macros.html" as m %}"#;
    let mut all = vec![(
        template_name(None),
        format!("{import}{{{{ m::story_row(story=story) }}}}"),
    )];
    for mask in 0..1u8 << ARGUMENTS.len() {
        let given: String = ARGUMENTS
            .iter()
            .enumerate()
            .filter(|(i, _)| mask & (1 << i) != 0)
            .map(|(_, a)| format!(", {a}={a}"))
            .collect();
        all.push((
            template_name(Some(mask)),
            format!("{import}{{{{ m::story_card(story=story{given}) }}}}"),
        ));
    }
    all
}

/// The name of the template for `story_card` with the arguments of `mask`, or for `story_row`.
fn template_name(mask: Option<u8>) -> String {
    match mask {
        Some(mask) => format!("__parallax/card-{mask}.html"),
        None => "__parallax/row.html".to_string(),
    }
}

/// Locks the memo is split over, so that the render threads rarely wait for each other.
const SHARDS: usize = 32;

/// Bytes of HTML kept at most: at 100k stories every card would take a few hundred MB, so past
/// this the cards already kept are still handed out and the others are rendered each time.
const BUDGET: usize = 128 << 20;

/// The 128-bit hash of the card's URL, whether it is a row, and the given arguments.
type Key = u128;

/// Cards by key (already a hash).
type Cards = HashMap<Key, Arc<str>, rustc_hash::FxBuildHasher>;

/// The cards rendered so far.
#[derive(Default)]
pub struct Memo {
    shards: [Mutex<Cards>; SHARDS],
    kept: AtomicUsize,
}

impl Memo {
    fn shard(&self, key: Key) -> &Mutex<Cards> {
        &self.shards[key as usize % SHARDS]
    }

    /// Keeps `html` under `key` while the budget allows.
    fn keep(&self, key: Key, html: &str) {
        if self.kept.fetch_add(html.len(), Ordering::Relaxed) + html.len() <= BUDGET {
            lock(self.shard(key)).insert(key, Arc::from(html));
        }
    }
}

/// The key of a card: its URL, whether it is a row, and its given arguments, hashed with their
/// lengths so that no two of them feed the same bytes.
fn key(url: &str, row: bool, given: &str) -> Key {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    for part in [url, if row { "r" } else { "c" }, given] {
        crate::digest::feed(&mut hasher, part.as_bytes());
    }
    hasher.digest128()
}

/// The `card` function: `tera` is the renderer's templates (a copy made before the function
/// was added to them), `memo` the build's cards.
pub fn function(tera: Tera, memo: Arc<Memo>) -> impl tera::Function {
    move |args: &HashMap<String, Value>| -> tera::Result<Value> {
        let story = args
            .get("story")
            .ok_or("card() needs a `story` argument, e.g. card(story=s, h=3)")?;
        let url = story
            .get("url")
            .and_then(Value::as_str)
            .ok_or("card(story=...): `story` is not a story card (it has no `url`)")?;
        let row = args.get("row").and_then(Value::as_bool).unwrap_or(false);
        // The arguments given (a row takes none), by their bit in the template's mask.
        let given: Vec<(usize, &str, &Value)> = ARGUMENTS
            .iter()
            .enumerate()
            .filter(|_| !row)
            .filter_map(|(i, name)| Some((i, *name, args.get(*name)?)))
            .collect();
        let written: String = given
            .iter()
            .map(|(_, name, value)| format!("{name}={value};"))
            .collect();
        let key = key(url, row, &written);
        if let Some(html) = lock(memo.shard(key)).get(&key) {
            return Ok(Value::String(html.to_string()));
        }
        let mut context = Context::new();
        let mut mask = 0u8;
        for (i, name, value) in &given {
            mask |= 1 << i;
            context.insert(*name, value);
        }
        context.insert("story", story);
        let html = tera.render(&template_name((!row).then_some(mask)), &context)?;
        // Two threads may render the same card at once: both get the same bytes.
        memo.keep(key, &html);
        Ok(Value::String(html))
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Templates with `macros.html` (a card whose heading level defaults to 4, and a row), the
    /// card templates, and `page` rendered with `text`.
    fn tera_with(text: &str) -> Tera {
        let macros = r#"{% macro story_card(story, h=4, summary=false) -%}
<h{{ h }}>{{ story.title }}</h{{ h }}>{% if summary %}<p>{{ story.summary }}</p>{% endif %}
{%- endmacro story_card %}
{% macro story_row(story) -%}<li>{{ story.title }}</li>{%- endmacro story_row %}"#;
        let mut tera = Tera::default();
        let mut all = templates();
        all.push(("macros.html".into(), macros.into()));
        all.push(("page.html".into(), text.into()));
        tera.add_raw_templates(all).unwrap();
        let copy = tera.clone();
        tera.register_function("card", function(copy, Arc::new(Memo::default())));
        tera
    }

    fn render(tera: &Tera, stories: &[(&str, &str)]) -> tera::Result<String> {
        let list: Vec<Value> = stories
            .iter()
            .map(|(url, title)| serde_json::json!({"url": url, "title": title, "summary": "S"}))
            .collect();
        let mut context = Context::new();
        context.insert("stories", &list);
        tera.render("page.html", &context)
    }

    #[test]
    fn a_card_is_what_the_macro_renders_with_the_macros_own_defaults() {
        let cards = "{% for s in stories %}{{ card(story=s) | safe }}|{{ card(story=s, h=2, summary=true) | safe }}|{{ card(story=s, row=true) | safe }};{% endfor %}";
        let macros = r#"{% import "macros.html" as m %}{% for s in stories %}{{ m::story_card(story=s) }}|{{ m::story_card(story=s, h=2, summary=true) }}|{{ m::story_row(story=s) }};{% endfor %}"#;
        let stories = [("/a/", "A <b>"), ("/b/", "B"), ("/a/", "A <b>")];
        let by_card = render(&tera_with(cards), &stories).unwrap();
        let by_macro = render(&tera_with(macros), &stories).unwrap();
        assert_eq!(by_card, by_macro);
        assert!(by_card.starts_with(
            "<h4>A &lt;b&gt;</h4>|<h2>A &lt;b&gt;</h2><p>S</p>|<li>A &lt;b&gt;</li>;"
        ));
    }

    #[test]
    fn the_same_story_with_other_arguments_is_rendered_again() {
        let tera =
            tera_with("{% for s in stories %}{{ card(story=s, h=loop.index) | safe }}{% endfor %}");
        let html = render(&tera, &[("/a/", "A"), ("/a/", "A"), ("/a/", "A")]).unwrap();
        assert_eq!(html, "<h1>A</h1><h2>A</h2><h3>A</h3>");
    }

    #[test]
    fn a_card_without_a_story_card_is_an_error_that_says_what_it_needs() {
        let tera = tera_with("{{ card(story=stories) }}");
        let error = render(&tera, &[]).unwrap_err();
        let chain = format!("{error:?}");
        assert!(chain.contains("not a story card"), "{chain}");
    }
}
