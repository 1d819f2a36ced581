//! Wires the layers together: format + crypto + (later) pg, store and catalog.

pub mod loose;
