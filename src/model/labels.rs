//! The rating scales of BRIEF.md: bias (7 points), factuality (6 levels), ownership (9 types);
//! and the kinds of article (news, opinion, analysis).
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

label_enum! {
    /// What an article is, as its outlet marks it: news, or an opinion or analysis piece.
    ArticleKind {
        News => "news", "News";
        Opinion => "opinion", "Opinion";
        Analysis => "analysis", "Analysis";
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

    /// Averages several raters' labels on -3..+3 and rounds half toward Center (0): raters who
    /// disagree between Center and a lean leave the outlet at Center (`center` and `lean-left`
    /// average to -0.5, which is `center`), and `left` and `lean-left` (-1.5) make `lean-left`.
    /// Any other mean goes to the nearest label. Exact: computed on the integer sum.
    pub fn average(labels: &[Bias]) -> Option<Bias> {
        if labels.is_empty() {
            return None;
        }
        let sum: i32 = labels.iter().map(|b| i32::from(b.score())).sum();
        let n = labels.len() as i32;
        let (whole, rest) = (sum.abs() / n, sum.abs() % n);
        // Up only past the half; exactly half stays at `whole`, the side nearer Center.
        let magnitude = if 2 * rest > n { whole + 1 } else { whole };
        Some(Bias::from_score((sum.signum() * magnitude) as i8))
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
    fn several_raters_are_averaged_and_rounded_half_toward_center() {
        use Bias::*;
        let cases: &[(&[Bias], Bias)] = &[
            // A disagreement between Center and a lean stays Center, on either side.
            (&[Center, LeanLeft], Center),
            (&[LeanRight, Center], Center),
            // Other halves also round toward Center.
            (&[Left, LeanLeft], LeanLeft),
            (&[LeanRight, Right], LeanRight),
            (&[FarLeft, Left], Left),
            (&[Right, FarRight], Right),
            (&[FarLeft, LeanLeft], Left),
            (&[Center, Left], LeanLeft),
            (&[FarLeft, FarRight], Center),
            (&[LeanLeft, LeanRight], Center),
            // Not a half: the nearest label.
            (&[Left, Center, Center], LeanLeft),
            (&[LeanRight, Center, Center], Center),
            (&[Right, Right, Center], LeanRight),
            (&[FarRight, LeanRight, LeanRight, Center], LeanRight),
            (&[Left, LeanLeft, LeanLeft, Center], LeanLeft),
            (&[Left, Left, LeanLeft, LeanLeft, Center, Center], LeanLeft),
            (&[Right], Right),
        ];
        for (labels, expected) in cases {
            assert_eq!(Bias::average(labels), Some(*expected), "{labels:?}");
        }
        assert_eq!(Bias::average(&[]), None);
    }

    #[test]
    fn every_pair_of_raters_averages_to_its_mean_rounded_toward_center() {
        for a in Bias::ALL {
            for b in Bias::ALL {
                let sum = i32::from(a.score()) + i32::from(b.score());
                // The exact mean, or for an odd sum the one of its two neighbours nearer 0.
                let expected = if sum % 2 == 0 {
                    sum / 2
                } else {
                    (sum - sum.signum()) / 2
                };
                let got = Bias::average(&[*a, *b]).unwrap();
                assert_eq!(i32::from(got.score()), expected, "{a:?} + {b:?}");
                assert_eq!(Bias::average(&[*b, *a]), Some(got), "order does not matter");
                // Between the two labels, and never further from Center than the mean.
                let (low, high) = (a.score().min(b.score()), a.score().max(b.score()));
                assert!((low..=high).contains(&got.score()), "{a:?} + {b:?}");
                assert!(
                    2 * i32::from(got.score()).abs() <= sum.abs(),
                    "{a:?} + {b:?}"
                );
                if a.bucket() == b.bucket() {
                    assert_eq!(got.bucket(), a.bucket(), "{a:?} + {b:?} keep their side");
                }
            }
        }
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
