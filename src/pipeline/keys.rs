//! `coffer keys list`: per class, every recipient the config names now or
//! named before (from the catalog's history, migration 0006), with its
//! label, custodian, when it was added (and removed), and how many good
//! archives it can open, counted from their seals' recipient lists.

use std::collections::BTreeMap;

use serde::Serialize;

use super::vault::Vault;
use crate::error::Result;
use crate::format::names;

/// One recipient of one class.
#[derive(Debug, Clone, Serialize)]
pub struct KeyEntry {
    pub class: String,
    /// As the seals name it: `age:` + 32 hex digits, or `scrypt` for a
    /// passphrase.
    pub fingerprint: String,
    /// The public key (`age1...`), when the vault knows it.
    pub recipient: Option<String>,
    pub label: Option<String>,
    pub custodian: Option<String>,
    /// Whether coffer.toml names it now (new backups are encrypted to it).
    pub configured: bool,
    /// When coffer first saw it in the config (RFC 3339), if it did.
    pub added: Option<String>,
    /// When the config stopped naming it.
    pub removed: Option<String>,
    /// Good archives of the class whose seal lists it: what its identity opens.
    pub archives: u64,
}

fn text(t: jiff::Timestamp) -> String {
    t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Every recipient of every class: configured ones first, then former
/// ones, then fingerprints only archives name.
pub fn list(vault: &Vault) -> Result<Vec<KeyEntry>> {
    let cfg = &vault.config;
    let history = vault.catalog.recipients()?;
    let mut counts = vault.catalog.archives_by_recipient()?;
    let mut out = Vec::new();
    let mut classes: Vec<String> = vec![names::GENERAL.to_owned()];
    classes.extend(cfg.classes.keys().cloned());
    for (class, _) in counts.keys() {
        if !classes.contains(class) {
            classes.push(class.clone());
        }
    }
    for class in &classes {
        let configured = if cfg.classes.contains_key(class) || class == names::GENERAL {
            crate::audit::configured_recipients(cfg)?
                .into_iter()
                .filter(|c| &c.class == class)
                .collect()
        } else {
            Vec::new()
        };
        let mut seen = BTreeMap::new();
        for c in configured {
            let h = history
                .iter()
                .find(|h| &h.class == class && h.fingerprint == c.fingerprint);
            let archives = counts
                .remove(&(class.clone(), c.fingerprint.clone()))
                .unwrap_or(0);
            seen.insert(c.fingerprint.clone(), ());
            out.push(KeyEntry {
                class: class.clone(),
                fingerprint: c.fingerprint,
                recipient: Some(c.recipient),
                label: c.label,
                custodian: c.custodian,
                configured: true,
                added: h.map(|h| text(h.added_at)),
                removed: None,
                archives,
            });
        }
        let former: Vec<&crate::catalog::RecipientRow> = history
            .iter()
            .filter(|h| &h.class == class && !seen.contains_key(&h.fingerprint))
            .collect();
        for h in former {
            out.push(KeyEntry {
                class: class.clone(),
                fingerprint: h.fingerprint.clone(),
                recipient: Some(h.recipient.clone()),
                label: h.label.clone(),
                custodian: h.custodian.clone(),
                configured: false,
                added: Some(text(h.added_at)),
                removed: h.removed_at.map(text),
                archives: counts
                    .remove(&(class.clone(), h.fingerprint.clone()))
                    .unwrap_or(0),
            });
        }
        let rest: Vec<(String, u64)> = counts
            .iter()
            .filter(|((c, _), _)| c == class)
            .map(|((_, fp), n)| (fp.clone(), *n))
            .collect();
        for (fp, n) in rest {
            counts.remove(&(class.clone(), fp.clone()));
            out.push(KeyEntry {
                class: class.clone(),
                fingerprint: fp,
                recipient: None,
                label: None,
                custodian: None,
                configured: false,
                added: None,
                removed: None,
                archives: n,
            });
        }
    }
    Ok(out)
}
