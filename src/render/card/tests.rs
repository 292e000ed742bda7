use super::layout::{HEIGHT, WIDTH};
use super::*;

fn card(headline: &str) -> Card {
    Card {
        headline: headline.into(),
        percent: Some([18, 25, 57]),
        sentence: "57% of the sources lean Right".into(),
        sources: Some(11),
        blindspot: Some(Bucket::Left),
        site: "Parallax Ledger".into(),
    }
}

#[test]
fn a_card_is_a_small_valid_1200_by_630_png() {
    let bytes = png(
        &card("Central Ohio measles outbreak grows to 214 cases").svg(),
        "t",
    )
    .unwrap();
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"));
    let decoder = ::png::Decoder::new(std::io::Cursor::new(&bytes));
    let reader = decoder.read_info().unwrap();
    let info = reader.info();
    assert_eq!((info.width, info.height), (WIDTH, HEIGHT));
    assert!(bytes.len() < 40_000, "{} bytes", bytes.len());
    if let Ok(dir) = std::env::var("PARALLAX_CARD_SAMPLE") {
        std::fs::write(std::path::Path::new(&dir).join("card.png"), &bytes).unwrap();
    }
}

#[test]
fn the_same_card_renders_the_same_bytes() {
    let svg = card("Same").svg();
    assert_eq!(png(&svg, "a").unwrap(), png(&svg, "b").unwrap());
}

#[test]
fn headline_text_is_escaped_and_wrapped() {
    let svg = card(r#"Tariffs <rise> & "fall" at O'Hare's <script>alert(1)</script>"#).svg();
    assert!(
        !svg.contains("<script>") && !svg.contains("<rise>"),
        "{svg}"
    );
    assert!(svg.contains("&lt;rise&gt; &amp; &quot;fall&quot;"), "{svg}");
    let long = "word ".repeat(80);
    let svg = card(&long).svg();
    let lines = svg.matches("font-weight=\"700\" fill=\"#1d1d1f\"").count();
    assert!((1..=5).contains(&lines), "{lines} headline lines");
    assert!(svg.contains('…'));
    usvg_parses(&svg);
}

fn usvg_parses(svg: &str) {
    resvg::usvg::Tree::from_str(svg, &resvg::usvg::Options::default()).unwrap();
}
