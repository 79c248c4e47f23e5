//! Veedor: citizen monitoring of public procurement.
//!
//! The modules follow the redress loop: `ocds` imports and compiles contracting data, `db` stores
//! it on SQLite or PostgreSQL, `api` serves it. See `docs/ARCHITECTURE.md` for the map.

pub mod db;
pub mod ocds;
