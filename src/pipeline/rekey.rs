//! placeholder
pub fn recover(_v: &super::vault::Vault) -> crate::error::Result<Vec<String>> { Ok(Vec::new()) }
