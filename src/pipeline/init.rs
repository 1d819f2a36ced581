//! `coffer init`: a new vault directory (config, store, catalog, keys).

use std::path::{Path, PathBuf};

use crate::catalog::Catalog;
use crate::crypto::sign::SigningKey;
use crate::error::{Error, Result};

use super::vault::{store_err, write_new};

/// Creates a vault in `dir`: config, store, catalog, signing key, identity.
pub struct InitReport {
    pub config: PathBuf,
    pub identity: PathBuf,
    pub recipient: String,
    pub signing_pub: PathBuf,
}

pub fn init(dir: &Path, database_url: Option<&str>) -> Result<InitReport> {
    use age::secrecy::ExposeSecret;
    use std::os::unix::fs::DirBuilderExt;
    let config_path = dir.join("coffer.toml");
    if config_path.exists() {
        return Err(Error::Input(format!(
            "{} already exists: this directory holds a vault",
            config_path.display()
        )));
    }
    let mkdir = |p: &Path| {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(p)
            .map_err(|e| store_err("cannot create", p, e))
    };
    mkdir(dir)?;
    mkdir(&dir.join("keys"))?;
    mkdir(&dir.join("archives"))?;
    let key = SigningKey::generate("coffer vault seal key")?;
    let signing = dir.join("keys/signing.key");
    let signing_pub = dir.join("keys/signing.key.pub");
    write_new(&signing, 0o600, key.to_openssh()?.as_bytes())?;
    write_new(
        &signing_pub,
        0o644,
        format!("{}\n", key.verifying_key().to_openssh()).as_bytes(),
    )?;
    let (identity_text, recipient) = crate::crypto::generate_age_identity();
    let identity = dir.join("keys/identity.txt");
    write_new(&identity, 0o600, identity_text.expose_secret().as_bytes())?;
    write_new(
        &config_path,
        0o600,
        crate::config::template(&recipient, database_url).as_bytes(),
    )?;
    // Opening creates the catalog and runs the migrations.
    let mut catalog = Catalog::open(dir.join("catalog.db"))?;
    catalog.set_clock(crate::now);
    // The audit log starts here: the vault's creation, then the config it
    // was created with, both in the vault's store at once.
    let config = crate::config::Config::load(&config_path)?;
    crate::audit::record(
        &catalog,
        &config,
        crate::audit::Action::Init,
        crate::audit::Object::Vault,
        crate::audit::Outcome::Ok,
        serde_json::json!({ "dir": dir.display().to_string(), "recipient": recipient,
            "signer": key.verifying_key().fingerprint() }),
    );
    crate::audit::observe_config(&catalog, &config)?;
    if let Err(e) = crate::audit::segments::publish(
        &catalog,
        &config,
        &crate::store::LocalDir::new(config.store_dir()),
    ) {
        crate::audit::warn(format!(
            "the audit log could not be written to the vault's store: {e}"
        ));
    }
    Ok(InitReport {
        config: config_path,
        identity,
        recipient,
        signing_pub,
    })
}
