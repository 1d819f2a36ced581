//! The procedures document (stub).
use crate::error::Result;
use crate::pipeline::vault::Vault;

pub struct Doc;
pub fn build(_v: &Vault) -> Result<Doc> {
    Ok(Doc)
}
pub fn markdown(_d: &Doc) -> String {
    String::new()
}
pub fn html(_d: &Doc) -> Result<String> {
    Ok(String::new())
}
