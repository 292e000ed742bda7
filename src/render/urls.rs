//! The one helper that makes every internal link and asset URL, so a site works at a domain root
//! (`https://news.example/`) and under a GitHub Pages project path (`https://user.github.io/repo/`).

use url::Url;

/// Makes links from site paths (`stories/x/`, `assets/style.css`).
#[derive(Debug, Clone)]
pub struct Urls {
    base_url: String,
    base_path: String,
    /// The hashes of the story cards linked with these URLs (`views::Card`), made once per build.
    pub(super) cards: super::views::CardHashes,
}

impl Urls {
    pub fn new(base_url: &Url) -> Self {
        let base_url = base_url.as_str().to_string();
        let base_path = Url::parse(&base_url)
            .map(|u| u.path().to_string())
            .unwrap_or_else(|_| "/".into());
        Urls {
            base_url,
            base_path,
            cards: Default::default(),
        }
    }

    /// A root-relative link, `/repo/stories/x/`: works from any page depth, 404.html included.
    pub fn href(&self, path: &str) -> String {
        [self.base_path.as_str(), path.trim_start_matches('/')].concat()
    }

    /// An absolute URL, `https://user.github.io/repo/stories/x/`, for feeds, sitemaps and canonical links.
    pub fn absolute(&self, path: &str) -> String {
        [self.base_url.as_str(), path.trim_start_matches('/')].concat()
    }

    /// What leads from `page` to the site's root: `../../` from `stories/x/`, `` from the home
    /// page; relative, so that links made with it work opened from disk too. The 404 page is served
    /// at any depth, so it gets the base path instead.
    pub fn root_from(&self, page: &crate::site::Page) -> String {
        if matches!(page.kind, crate::site::PageKind::NotFound) {
            return self.base_path.clone();
        }
        "../".repeat(page.path.matches('/').count())
    }

    /// Urls whose every link is absolute (`href` as `absolute`): for emails, read away from the site.
    pub fn absolute_links(&self) -> Urls {
        Urls {
            base_url: self.base_url.clone(),
            base_path: self.base_url.clone(),
            cards: Default::default(),
        }
    }

    /// The base path, `/` or `/repo/`.
    pub fn base_path(&self) -> &str {
        &self.base_path
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_carry_the_project_path() {
        let urls = Urls::new(&Url::parse("https://example.github.io/repo/").unwrap());
        assert_eq!(urls.href("stories/x/"), "/repo/stories/x/");
        assert_eq!(urls.href(""), "/repo/");
        assert_eq!(urls.href("/assets/style.css"), "/repo/assets/style.css");
        assert_eq!(
            urls.absolute("sitemap.xml"),
            "https://example.github.io/repo/sitemap.xml"
        );
    }

    #[test]
    fn links_at_a_domain_root_start_with_a_slash() {
        let urls = Urls::new(&Url::parse("https://news.example/").unwrap());
        assert_eq!(urls.href("topics/"), "/topics/");
        assert_eq!(urls.base_path(), "/");
    }
}
