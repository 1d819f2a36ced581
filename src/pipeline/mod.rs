//! Wires the layers together: format + crypto + pg + store + catalog.

pub mod loose;
pub mod vault;
