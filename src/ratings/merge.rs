//! One source's ratings: what `sources.yaml` says, completed by the raters' rows (see the
//! precedence in the module above).

use super::config::Rater;
use super::{Owners, RowRating};
use crate::model::{Bias, Ownership, Rating, Source};

/// `source` as the registry gives it, with the rows of the raters (by index into `raters`, in
/// `raters:` order) merged under it.
pub fn source(
    mut source: Source,
    rows: &[(usize, RowRating)],
    raters: &[Rater],
    owners: &Owners,
) -> Source {
    source.ratings = ratings(&source.ratings, rows, raters);
    source.bias = Bias::average(&source.ratings.iter().map(|r| r.bias).collect::<Vec<_>>());
    let first = |get: &dyn Fn(&RowRating) -> bool| rows.iter().map(|(_, r)| r).find(|r| get(r));
    source.factuality = source
        .factuality
        .or_else(|| first(&|r| r.factuality.is_some()).and_then(|r| r.factuality));
    source.country = source
        .country
        .or_else(|| first(&|r| r.country.is_some()).and_then(|r| r.country));
    let given = source.ownership.take().unwrap_or(Ownership {
        kind: None,
        owner: None,
    });
    let kind = given
        .kind
        .or_else(|| first(&|r| r.ownership.is_some()).and_then(|r| r.ownership));
    let owner = given
        .owner
        .or_else(|| first(&|r| r.owner.is_some()).and_then(|r| r.owner.clone()));
    let kind = kind.or_else(|| owner.as_deref().and_then(|o| owners.kind_of(o)));
    source.ownership = (kind.is_some() || owner.is_some()).then_some(Ownership { kind, owner });
    source
}

/// The bias labels: the registry's unnamed labels alone; else each rater's row in `raters:`
/// order, a rater named in the registry replacing its row, then the registry's other raters.
fn ratings(given: &[Rating], rows: &[(usize, RowRating)], raters: &[Rater]) -> Vec<Rating> {
    if given.iter().any(|r| r.rater.is_empty()) {
        return given.to_vec();
    }
    let mut out: Vec<Rating> = rows
        .iter()
        .filter_map(|(r, row)| {
            row.bias.map(|bias| Rating {
                rater: raters[*r].name.clone(),
                bias,
            })
        })
        .collect();
    for rating in given {
        match out.iter_mut().find(|r| r.rater == rating.rater) {
            Some(slot) => *slot = rating.clone(),
            None => out.push(rating.clone()),
        }
    }
    out
}
