//! `--jobs N`: how a class's tables are shared out among parallel pg_dump
//! processes (spec/format.md "Parallel dumps").

use std::collections::BTreeMap;

use crate::format::names;

/// The most dump processes one archive takes: its streams (the schema's
/// and one per share) stay within [`names::MAX_STREAMS`].
pub const MAX_JOBS: usize = names::MAX_STREAMS - 1;

/// Splits `tables` into at most `n` shares of about equal size: biggest
/// table first, each into the share that is smallest so far (longest
/// processing time first). A table without a known size counts as 0 bytes.
/// Empty shares are left out; each share's tables come sorted by name, and
/// the shares biggest first, so the result depends only on the input.
pub fn split_by_size(
    tables: &[String],
    sizes: &BTreeMap<String, i64>,
    n: usize,
) -> Vec<Vec<String>> {
    let n = n.clamp(1, MAX_JOBS);
    let mut by_size: Vec<(&String, i64)> = tables
        .iter()
        .map(|t| (t, sizes.get(t).copied().unwrap_or(0).max(0)))
        .collect();
    by_size.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    let mut shares: Vec<(i64, Vec<String>)> = vec![(0, Vec::new()); n];
    for (t, size) in by_size {
        // The first of the smallest shares: ties go to the lowest index.
        let Some(lightest) = shares
            .iter_mut()
            .min_by(|a, b| a.0.cmp(&b.0).then(a.1.len().cmp(&b.1.len())))
        else {
            break;
        };
        lightest.0 += size;
        lightest.1.push(t.clone());
    }
    let mut out: Vec<(i64, Vec<String>)> = shares
        .into_iter()
        .filter(|(_, ts)| !ts.is_empty())
        .map(|(size, mut ts)| {
            ts.sort();
            (size, ts)
        })
        .collect();
    out.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    out.into_iter().map(|(_, ts)| ts).collect()
}

/// The payload stream of share `i` (from 1) of a parallel dump.
pub fn data_stream_name(i: usize) -> String {
    format!("data.{i}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sizes(v: &[(&str, i64)]) -> (Vec<String>, BTreeMap<String, i64>) {
        let names = v.iter().map(|(n, _)| (*n).to_owned()).collect();
        let map = v.iter().map(|(n, s)| ((*n).to_owned(), *s)).collect();
        (names, map)
    }

    #[test]
    fn biggest_first_into_the_lightest_share() {
        let (t, s) = sizes(&[("a", 100), ("b", 60), ("c", 50), ("d", 10), ("e", 0)]);
        let shares = split_by_size(&t, &s, 2);
        // a=100 | b=60, then c=50 to b (110), d=10 to a (110), e to the
        // first of two equal shares; equal sizes are listed by name.
        assert_eq!(shares, vec![vec!["a", "d", "e"], vec!["b", "c"]]);
        let total: usize = shares.iter().map(Vec::len).sum();
        assert_eq!(total, 5);
    }

    #[test]
    fn no_empty_shares_and_one_share_is_everything() {
        let (t, s) = sizes(&[("x", 5), ("y", 5)]);
        assert_eq!(split_by_size(&t, &s, 8).len(), 2);
        assert_eq!(split_by_size(&t, &s, 1), vec![vec!["x", "y"]]);
        assert!(split_by_size(&[], &s, 3).is_empty());
    }

    #[test]
    fn more_jobs_than_streams_allow_are_capped() {
        let t: Vec<String> = (0..40).map(|i| format!("t{i:02}")).collect();
        let s = t.iter().map(|n| (n.clone(), 1)).collect();
        assert_eq!(split_by_size(&t, &s, 100).len(), MAX_JOBS);
    }
}
