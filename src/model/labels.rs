//! The rating scales of BRIEF.md: bias (7 points), factuality (6 levels), ownership (9 types).
//!
//! Each label has one spelling in files (`lean-left`) and one for readers (`Lean Left`). Parsing is
//! strict: an unknown label is the caller's error to report, with the list of valid ones.

use serde::Serialize;

macro_rules! label_enum {
    ($(#[$doc:meta])* $name:ident { $($variant:ident => $key:literal, $display:literal;)+ }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[serde(rename_all = "kebab-case")]
        pub enum $name { $($variant),+ }

        impl $name {
            /// Every label, in scale order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The spelling used in files and CSS classes, e.g. `lean-left`.
            pub fn key(self) -> &'static str {
                match self { $($name::$variant => $key),+ }
            }

            /// The spelling shown to readers, e.g. `Lean Left`.
            pub fn display(self) -> &'static str {
                match self { $($name::$variant => $display),+ }
            }

            /// Parses a file spelling; case, spaces and underscores are forgiven.
            pub fn parse(text: &str) -> Option<$name> {
                let wanted = text.trim().to_ascii_lowercase().replace([' ', '_'], "-");
                Self::ALL.iter().copied().find(|label| label.key() == wanted)
            }

            /// `a, b, c`: the valid spellings, for error messages.
            pub fn choices() -> String {
                Self::ALL.iter().map(|label| label.key()).collect::<Vec<_>>().join(", ")
            }
        }
    };
}

label_enum! {
    /// Political lean on the 7-point scale, from -3 (far-left) to +3 (far-right).
    Bias {
        FarLeft => "far-left", "Far Left";
        Left => "left", "Left";
        LeanLeft => "lean-left", "Lean Left";
        Center => "center", "Center";
        LeanRight => "lean-right", "Lean Right";
        Right => "right", "Right";
        FarRight => "far-right", "Far Right";
    }
}

label_enum! {
    /// The three sides a reader compares: Left = far-left..lean-left, Right = lean-right..far-right.
    Bucket {
        Left => "left", "Left";
        Center => "center", "Center";
        Right => "right", "Right";
    }
}

label_enum! {
    /// How reliably a source reports facts.
    Factuality {
        VeryHigh => "very-high", "Very High";
        High => "high", "High";
        MostlyFactual => "mostly-factual", "Mostly Factual";
        Mixed => "mixed", "Mixed";
        Low => "low", "Low";
        VeryLow => "very-low", "Very Low";
    }
}

label_enum! {
    /// Who owns a source.
    OwnershipKind {
        Independent => "independent", "Independent";
        Corporate => "corporate", "Corporate";
        PrivateEquity => "private-equity", "Private Equity";
        Billionaire => "billionaire", "Billionaire";
        Government => "government", "Government";
        PublicBroadcaster => "public-broadcaster", "Public Broadcaster";
        Nonprofit => "nonprofit", "Nonprofit";
        Telecom => "telecom", "Telecom";
        Other => "other", "Other";
    }
}

impl Bias {
    /// Position on the -3..+3 scale.
    pub fn score(self) -> i8 {
        self as i8 - 3
    }

    /// The label at a position on the -3..+3 scale (clamped).
    pub fn from_score(score: i8) -> Bias {
        Bias::ALL[(score.clamp(-3, 3) + 3) as usize]
    }

    /// Averages several raters' labels on -3..+3 and rounds half away from zero
    /// (`left` and `lean-left` average to -1.5, which rounds to `left`).
    pub fn average(labels: &[Bias]) -> Option<Bias> {
        if labels.is_empty() {
            return None;
        }
        let sum: i32 = labels.iter().map(|b| i32::from(b.score())).sum();
        let mean = f64::from(sum) / labels.len() as f64;
        Some(Bias::from_score(mean.round() as i8))
    }

    pub fn bucket(self) -> Bucket {
        match self.score() {
            s if s < 0 => Bucket::Left,
            0 => Bucket::Center,
            _ => Bucket::Right,
        }
    }
}

impl Bucket {
    /// Position in Left, Center, Right order.
    pub fn index(self) -> usize {
        self as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bias_scores_run_from_minus_three_to_three() {
        assert_eq!(Bias::FarLeft.score(), -3);
        assert_eq!(Bias::Center.score(), 0);
        assert_eq!(Bias::FarRight.score(), 3);
        for b in Bias::ALL {
            assert_eq!(Bias::from_score(b.score()), *b);
        }
    }

    #[test]
    fn several_raters_are_averaged_and_rounded_half_away_from_zero() {
        assert_eq!(
            Bias::average(&[Bias::Left, Bias::LeanLeft]),
            Some(Bias::Left)
        );
        assert_eq!(
            Bias::average(&[Bias::LeanRight, Bias::Right]),
            Some(Bias::Right)
        );
        assert_eq!(
            Bias::average(&[Bias::Left, Bias::Center, Bias::Center]),
            Some(Bias::LeanLeft)
        );
        assert_eq!(
            Bias::average(&[Bias::FarLeft, Bias::FarRight]),
            Some(Bias::Center)
        );
        assert_eq!(
            Bias::average(&[Bias::LeanLeft, Bias::Center]),
            Some(Bias::LeanLeft)
        );
        assert_eq!(Bias::average(&[]), None);
    }

    #[test]
    fn buckets_follow_the_brief() {
        let buckets: Vec<_> = Bias::ALL.iter().map(|b| b.bucket()).collect();
        use Bucket::*;
        assert_eq!(buckets, [Left, Left, Left, Center, Right, Right, Right]);
    }

    #[test]
    fn parsing_forgives_case_and_separators_but_not_unknown_labels() {
        assert_eq!(Bias::parse("Lean Left"), Some(Bias::LeanLeft));
        assert_eq!(
            Factuality::parse("mostly_factual"),
            Some(Factuality::MostlyFactual)
        );
        assert_eq!(
            OwnershipKind::parse("public-broadcaster"),
            Some(OwnershipKind::PublicBroadcaster)
        );
        assert_eq!(Bias::parse("lefty"), None);
        assert!(Bias::choices().starts_with("far-left, left, lean-left"));
    }
}
