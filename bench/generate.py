#!/usr/bin/env python3
"""Generates the same news site for parallax, Hugo and Zola, for the benchmark (bench/run.sh).

    python3 bench/generate.py N OUT [--seed S]

writes OUT/parallax, OUT/hugo and OUT/zola: N stories with identical titles, dates (over two
years), topics (about 200; Hugo and Zola tags) and ~600-word Markdown bodies. parallax's stories
also list 3-12 articles each from a registry of 300 rated sources, which is the work parallax does
that the others do not. Home and tag pages are paginated at 20 in all three; Hugo and Zola make
RSS feeds and a sitemap, as parallax does. Seeded: the same arguments give the same files.
"""

import argparse
import datetime
import os
import random

WORDS = (
    "government minister council election vote parliament court ruling budget tax economy market "
    "inflation rate bank growth jobs workers union strike protest police city state region river "
    "flood storm fire heat drought climate energy power grid oil gas price trade tariff export "
    "import factory plant company chief executive report study health hospital doctors patients "
    "vaccine school students teachers university research science space mission rocket satellite "
    "data privacy law bill reform security defence army border talks agreement summit leaders "
    "president mayor opposition party campaign poll survey official statement week month year "
    "million billion percent record first second third new old local national international"
).split()
BIASES = ["far-left", "left", "lean-left", "center", "lean-right", "right", "far-right"]
FACTUALITY = ["very-high", "high", "mostly-factual", "mixed", "low", "very-low"]
OWNERSHIP = ["independent", "corporate", "private-equity", "billionaire", "government",
             "public-broadcaster", "nonprofit", "telecom", "other"]
COUNTRIES = ["US", "GB", "DE", "FR", "IN", "JP", "KR", "BR", "MX", "CA", "AU", "ZA", "NG"]


def sentence(rng, n):
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def body(rng):
    paragraphs = []
    for _ in range(6):
        paragraphs.append(" ".join(sentence(rng, rng.randint(12, 22)) for _ in range(6)))
    return "\n\n".join(paragraphs) + "\n"


def stories(n, rng):
    topics = [f"{rng.choice(WORDS)} {rng.choice(WORDS)} {i}".title() for i in range(200)]
    start = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)
    out = []
    for i in range(n):
        date = start + datetime.timedelta(seconds=rng.randrange(2 * 365 * 86400))
        title = sentence(rng, rng.randint(6, 11))[:-1]
        out.append({
            "slug": f"story-{i:06d}",
            "title": title,
            "date": date,
            "topics": rng.sample(topics, rng.randint(1, 3)),
            "body": body(rng),
            "articles": [
                {
                    "source": f"src-{rng.randrange(300):03d}",
                    "hours": rng.randint(0, 72),
                    "title": sentence(rng, rng.randint(6, 12))[:-1],
                    "excerpt": sentence(rng, rng.randint(18, 30)),
                }
                for _ in range(rng.randint(3, 12))
            ],
        })
    return out


def yaml_str(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def write_parallax(out, items, rng):
    # Share cards off: Hugo and Zola make no images, so the three do the same work (a card costs
    # about 7 ms of CPU on its first build; README "Share cards").
    write(f"{out}/parallax.yaml",
          "title: Bench News\nbase_url: https://bench.example/\npagination: 20\nshare_cards: false\n")
    lines = ["sources:"]
    for s in range(300):
        lines += [
            f"  - id: src-{s:03d}",
            f"    name: Source {s:03d}",
            f"    domains: [src{s:03d}.example]",
            f"    bias: {rng.choice(BIASES)}",
            f"    factuality: {rng.choice(FACTUALITY)}",
            f"    ownership: {{type: {rng.choice(OWNERSHIP)}}}",
            f"    country: {rng.choice(COUNTRIES)}",
        ]
    write(f"{out}/content/sources.yaml", "\n".join(lines) + "\n")
    for st in items:
        seen, articles = set(), []
        for k, a in enumerate(st["articles"]):
            if a["source"] in seen:
                continue
            seen.add(a["source"])
            published = st["date"] + datetime.timedelta(hours=a["hours"])
            articles += [
                f"  - source: {a['source']}",
                f"    url: https://{a['source'].replace('-', '')}.example/{st['slug']}/{k}",
                f"    title: {yaml_str(a['title'])}",
                f"    published: {published.isoformat()}",
                f"    excerpt: {yaml_str(a['excerpt'])}",
            ]
        front = [
            "---",
            f"title: {yaml_str(st['title'])}",
            f"date: {st['date'].isoformat()}",
            "topics: [" + ", ".join(yaml_str(t) for t in st["topics"]) + "]",
            "articles:",
            *articles,
            "---",
        ]
        write(f"{out}/content/stories/{st['slug']}.md", "\n".join(front) + "\n" + st["body"])


HUGO_LAYOUTS = {
    "_default/baseof.html": "<!doctype html><html lang=en><head><meta charset=utf-8><title>{{ .Title }}</title>"
    "<link rel=stylesheet href=\"{{ \"style.css\" | relURL }}\"></head><body>"
    "<header><a href=\"{{ \"/\" | relURL }}\">{{ .Site.Title }}</a></header>{{ block \"main\" . }}{{ end }}</body></html>\n",
    "_default/single.html": "{{ define \"main\" }}<article><h1>{{ .Title }}</h1><time>{{ .Date.Format \"2006-01-02\" }}</time>"
    "<p>{{ range .Params.tags }}<a href=\"{{ \"tags/\" | relURL }}{{ . | urlize }}/\">{{ . }}</a> {{ end }}</p>{{ .Content }}</article>{{ end }}\n",
    "_default/list.html": "{{ define \"main\" }}<h1>{{ .Title }}</h1>{{ $p := .Paginate .Pages }}<ul>{{ range $p.Pages }}"
    "<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a> {{ .Date.Format \"2006-01-02\" }} {{ .Summary | plainify | truncate 160 }}</li>{{ end }}</ul>"
    "{{ template \"_internal/pagination.html\" . }}{{ end }}\n",
    "_default/terms.html": "{{ define \"main\" }}<h1>{{ .Title }}</h1><ul>{{ range .Data.Terms.Alphabetical }}"
    "<li><a href=\"{{ .Page.RelPermalink }}\">{{ .Page.Title }}</a> {{ .Count }}</li>{{ end }}</ul>{{ end }}\n",
    "index.html": "{{ define \"main\" }}<h1>{{ .Site.Title }}</h1>{{ $p := .Paginate (where .Site.RegularPages \"Type\" \"posts\") }}<ul>{{ range $p.Pages }}"
    "<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a> {{ .Date.Format \"2006-01-02\" }}</li>{{ end }}</ul>"
    "{{ template \"_internal/pagination.html\" . }}{{ end }}\n",
}

ZOLA_TEMPLATES = {
    "base.html": "<!doctype html><html lang=en><head><meta charset=utf-8><title>{% block title %}{{ config.title }}{% endblock %}</title>"
    "<link rel=stylesheet href=\"{{ get_url(path='style.css') }}\"></head><body><header><a href=\"{{ config.base_url }}\">{{ config.title }}</a></header>"
    "{% block content %}{% endblock %}</body></html>\n",
    "index.html": "{% extends \"base.html\" %}{% block content %}<h1>{{ config.title }}</h1><ul>{% for page in paginator.pages %}"
    "<li><a href=\"{{ page.permalink }}\">{{ page.title }}</a> {{ page.date }}</li>{% endfor %}</ul>"
    "{% if paginator.previous %}<a href=\"{{ paginator.previous }}\">Previous</a>{% endif %}"
    "{% if paginator.next %}<a href=\"{{ paginator.next }}\">Next</a>{% endif %}{% endblock %}\n",
    "page.html": "{% extends \"base.html\" %}{% block title %}{{ page.title }}{% endblock %}{% block content %}<article><h1>{{ page.title }}</h1>"
    "<time>{{ page.date }}</time><p>{% for t in page.taxonomies.tags %}<a href=\"{{ get_taxonomy_url(kind='tags', name=t) }}\">{{ t }}</a> {% endfor %}</p>"
    "{{ page.content | safe }}</article>{% endblock %}\n",
    "section.html": "{% extends \"index.html\" %}\n",
    "taxonomy_list.html": "{% extends \"base.html\" %}{% block content %}<h1>Tags</h1><ul>{% for term in terms %}"
    "<li><a href=\"{{ term.permalink }}\">{{ term.name }}</a> {{ term.page_count }}</li>{% endfor %}</ul>{% endblock %}\n",
    "taxonomy_single.html": "{% extends \"base.html\" %}{% block content %}<h1>{{ term.name }}</h1><ul>{% for page in paginator.pages %}"
    "<li><a href=\"{{ page.permalink }}\">{{ page.title }}</a></li>{% endfor %}</ul>"
    "{% if paginator.next %}<a href=\"{{ paginator.next }}\">Next</a>{% endif %}{% endblock %}\n",
}

CSS = "body{font-family:sans-serif;max-width:48rem;margin:auto;padding:1rem}\n"


def front_hugo(st):
    tags = ", ".join(yaml_str(t) for t in st["topics"])
    return f"---\ntitle: {yaml_str(st['title'])}\ndate: {st['date'].isoformat()}\ntags: [{tags}]\n---\n"


def write_hugo(out, items):
    write(f"{out}/config.toml",
          'baseURL = "https://bench.example/"\ntitle = "Bench News"\npaginate = 20\n'
          'disableKinds = []\n[taxonomies]\ntag = "tags"\n')
    for name, text in HUGO_LAYOUTS.items():
        write(f"{out}/layouts/{name}", text)
    write(f"{out}/static/style.css", CSS)
    for st in items:
        write(f"{out}/content/posts/{st['slug']}.md", front_hugo(st) + st["body"])


def write_zola(out, items):
    write(f"{out}/config.toml",
          'base_url = "https://bench.example"\ntitle = "Bench News"\ngenerate_feeds = true\n'
          'compile_sass = false\nbuild_search_index = false\n'
          'taxonomies = [{name = "tags", paginate_by = 20, feed = true}]\n')
    for name, text in ZOLA_TEMPLATES.items():
        write(f"{out}/templates/{name}", text)
    write(f"{out}/static/style.css", CSS)
    write(f"{out}/content/_index.md", "+++\nsort_by = \"date\"\npaginate_by = 20\n+++\n")
    for st in items:
        tags = ", ".join(yaml_str(t) for t in st["topics"])
        front = (f"+++\ntitle = {yaml_str(st['title'])}\ndate = {st['date'].isoformat()}\n"
                 f"[taxonomies]\ntags = [{tags}]\n+++\n")
        write(f"{out}/content/{st['slug']}.md", front + st["body"])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    items = stories(args.n, rng)
    write_parallax(f"{args.out}/parallax", items, random.Random(args.seed + 1))
    write_hugo(f"{args.out}/hugo", items)
    write_zola(f"{args.out}/zola", items)
    print(f"wrote {args.n} stories for parallax, Hugo and Zola under {args.out}")


if __name__ == "__main__":
    main()
