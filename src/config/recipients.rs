//! A recipient as `coffer.toml` names it: a bare `"age1..."` string (the
//! old form, still accepted), or a named key custodian
//! `{ key = "age1...", label = "ops-2026", custodian = "DBA on call" }`
//! (README "Keys and custodians").

use serde::{Deserialize, Deserializer};

/// One configured recipient of a class.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecipientEntry {
    key: String,
    /// A short name for the key (`ops-2026`), shown by `coffer keys list`.
    pub label: Option<String>,
    /// Who holds the matching identity (a person or a role).
    pub custodian: Option<String>,
}

impl RecipientEntry {
    /// A bare recipient, with neither label nor custodian.
    pub fn bare(key: &str) -> RecipientEntry {
        RecipientEntry {
            key: key.trim().to_owned(),
            label: None,
            custodian: None,
        }
    }

    /// The public key, trimmed (`age1...`).
    pub fn key(&self) -> &str {
        &self.key
    }

    /// Whether this build can encrypt to the key: the message says what
    /// is wrong with it otherwise (a post-quantum type this build lacks
    /// is named as such, not as a typo).
    pub fn check(&self) -> Result<(), String> {
        crate::crypto::parse_age_recipient(&self.key)
            .map(drop)
            .map_err(|e| match e {
                crate::crypto::Error::BadRecipient(_) => {
                    format!("{:?} is not an age recipient (age1...)", self.key)
                }
                other => other.to_string(),
            })?;
        for (what, v) in [("label", &self.label), ("custodian", &self.custodian)] {
            if let Some(v) = v
                && (v.trim().is_empty() || v.len() > 200 || v.chars().any(char::is_control))
            {
                return Err(format!(
                    "recipient {}: {what} must be 1 to 200 characters without control characters",
                    self.key
                ));
            }
        }
        Ok(())
    }
}

/// The keys of a list of entries, as strings.
pub fn keys(entries: &[RecipientEntry]) -> Vec<String> {
    entries.iter().map(|e| e.key.clone()).collect()
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Raw {
    Bare(String),
    Named(Named),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Named {
    key: String,
    label: Option<String>,
    custodian: Option<String>,
}

impl<'de> Deserialize<'de> for RecipientEntry {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match Raw::deserialize(d).map_err(|_| {
            serde::de::Error::custom(
                "a recipient is a string \"age1...\" or a table { key = \"age1...\", label = \"...\", custodian = \"...\" }",
            )
        })? {
            Raw::Bare(s) => Ok(RecipientEntry::bare(&s)),
            Raw::Named(n) => Ok(RecipientEntry {
                key: n.key.trim().to_owned(),
                label: n.label,
                custodian: n.custodian,
            }),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const R: &str = "age1auyvlvetpwqnen0f9uhnhhwfkwp4flharu6qfty3x32lvnfjepnqa4ny9r";

    #[derive(Deserialize)]
    struct T {
        r: Vec<RecipientEntry>,
    }

    #[test]
    fn strings_and_tables_both_parse() {
        let t: T = toml::from_str(&format!(
            "r = [{R:?}, {{ key = {R:?}, label = \"ops-2026\", custodian = \"DBA on call\" }}]"
        ))
        .unwrap();
        assert_eq!(t.r[0], RecipientEntry::bare(R));
        assert_eq!(t.r[1].key(), R);
        assert_eq!(t.r[1].label.as_deref(), Some("ops-2026"));
        assert_eq!(t.r[1].custodian.as_deref(), Some("DBA on call"));
        assert!(t.r[1].check().is_ok());
    }

    #[test]
    fn unknown_fields_and_bad_keys_are_refused() {
        let e = toml::from_str::<T>(&format!("r = [{{ key = {R:?}, owner = \"x\" }}]"))
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(e.contains("a recipient is a string"), "{e}");
        let bad = RecipientEntry::bare("age1nope");
        assert!(bad.check().unwrap_err().contains("not an age recipient"));
        let pq = RecipientEntry::bare("age1pq1qqqqqqqqqqqqqqqqqqqqqqqqqqqq");
        assert!(
            pq.check()
                .unwrap_err()
                .contains("not supported by this build"),
            "{:?}",
            pq.check()
        );
    }
}
