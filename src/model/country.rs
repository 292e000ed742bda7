//! ISO 3166-1 alpha-2 country codes with readers' names ("South Korea", not "Korea (Republic of)").

use keshvar::Alpha2;
use std::fmt;

/// A validated ISO 3166-1 alpha-2 code, stored upper-case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Country([u8; 2]);

impl Country {
    /// Parses a code such as `kr` or `KR`; `None` when it is not an assigned ISO 3166-1 code.
    pub fn parse(code: &str) -> Option<Country> {
        let upper = code.trim().to_ascii_uppercase();
        Alpha2::try_from(upper.as_str()).ok()?;
        let bytes = upper.as_bytes();
        Some(Country([bytes[0], bytes[1]]))
    }

    /// The code, `KR`.
    pub fn code(&self) -> &str {
        std::str::from_utf8(&self.0).expect("ASCII by construction")
    }

    /// Lower-case code, for URLs: `kr`.
    pub fn slug(&self) -> String {
        self.code().to_ascii_lowercase()
    }

    /// The country a name refers to: ISO names and common names in several languages, any case
    /// (`Japan`, `South Korea`, `Korea (Republic of)`, `USA`).
    pub fn from_name(name: &str) -> Option<Country> {
        use std::collections::HashMap;
        use std::sync::OnceLock;
        static NAMES: OnceLock<HashMap<String, Country>> = OnceLock::new();
        let names = NAMES.get_or_init(|| {
            let mut map = HashMap::new();
            for country in keshvar::CountryIterator::new() {
                let Some(code) = Country::parse(&country.alpha2().to_string()) else {
                    continue;
                };
                let all = [country.iso_short_name(), country.iso_long_name()];
                for n in all.iter().chain(country.unofficial_name_list()) {
                    map.entry(n.to_lowercase()).or_insert(code);
                }
            }
            map
        });
        names.get(&name.trim().to_lowercase()).copied()
    }

    /// The name readers use: the common English name where ISO's short name is formal.
    pub fn name(&self) -> &'static str {
        let country = Alpha2::try_from(self.code())
            .expect("validated on parse")
            .to_country();
        country
            .unofficial_name_list()
            .first()
            .copied()
            .unwrap_or_else(|| country.iso_short_name())
    }
}

impl fmt::Display for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_validated_and_named_as_readers_know_them() {
        assert_eq!(Country::parse("kr").unwrap().name(), "South Korea");
        assert_eq!(Country::parse("IN").unwrap().name(), "India");
        assert_eq!(Country::parse("US").unwrap().code(), "US");
        assert!(Country::parse("XX").is_none());
        assert!(Country::parse("USA").is_none());
        assert!(Country::parse("").is_none());
    }

    #[test]
    fn countries_are_found_by_their_names() {
        assert_eq!(Country::from_name("Japan").unwrap().code(), "JP");
        assert_eq!(Country::from_name(" south korea ").unwrap().code(), "KR");
        assert_eq!(Country::from_name("United Kingdom").unwrap().code(), "GB");
        assert_eq!(Country::from_name("USA").unwrap().code(), "US");
        assert!(Country::from_name("Atlantis").is_none());
    }
}
