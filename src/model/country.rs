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
}
