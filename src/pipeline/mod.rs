//! Wires the layers together: format + crypto + pg + store + catalog.

pub mod copies;
pub mod lock;
pub mod loose;
pub mod maintain;
pub mod vault;
