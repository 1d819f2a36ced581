//! The report as one self-contained HTML file (stub).
use super::Report;
use crate::error::Result;

pub fn render(r: &Report) -> Result<String> {
    Ok(super::md::render(r))
}
