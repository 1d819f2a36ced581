//! Timestamps in the catalog: RFC 3339 text in UTC with exactly nine fractional
//! digits. The fixed width is what makes SQLite's text order equal time order,
//! so `ORDER BY created` and the `(class, created)` index are correct.

use jiff::Timestamp;

use super::error::{Error, Result};

/// Formats a timestamp for storage, e.g. `2026-11-23T02:00:00.000000000Z`.
pub(crate) fn to_sql(ts: Timestamp) -> String {
    format!("{ts:.9}")
}

/// Parses a stored timestamp; any RFC 3339 text is accepted.
pub(crate) fn from_sql(text: &str, what: &str) -> Result<Timestamp> {
    text.parse::<Timestamp>()
        .map_err(|e| Error::Corrupt(format!("{what}: unparsable timestamp '{text}': {e}")))
}

/// serde helpers: a `Timestamp` as RFC 3339 text (jiff's own serde support is a
/// cargo feature this crate does not rely on).
pub(crate) mod rfc3339 {
    use jiff::Timestamp;
    use serde::{Deserialize, Deserializer, Serializer, de::Error as _};

    pub fn serialize<S: Serializer>(ts: &Timestamp, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(ts)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Timestamp, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(D::Error::custom)
    }
}

/// serde helpers for `Option<Timestamp>`.
pub(crate) mod rfc3339_opt {
    use jiff::Timestamp;
    use serde::{Deserialize, Deserializer, Serializer, de::Error as _};

    pub fn serialize<S: Serializer>(ts: &Option<Timestamp>, s: S) -> Result<S::Ok, S::Error> {
        match ts {
            Some(ts) => s.collect_str(ts),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Timestamp>, D::Error> {
        match Option::<String>::deserialize(d)? {
            Some(text) => text.parse().map(Some).map_err(D::Error::custom),
            None => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_width_text_sorts_as_time() -> Result<()> {
        let a: Timestamp = "2026-01-01T00:00:00Z"
            .parse()
            .map_err(|_| Error::Corrupt("a".into()))?;
        let b: Timestamp = "2026-01-01T00:00:00.5Z"
            .parse()
            .map_err(|_| Error::Corrupt("b".into()))?;
        assert!(to_sql(a) < to_sql(b));
        assert_eq!(from_sql(&to_sql(b), "b")?, b);
        assert!(from_sql("yesterday", "x").is_err());
        Ok(())
    }
}
