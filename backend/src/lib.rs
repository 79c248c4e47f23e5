//! Veedor: citizen monitoring of public procurement.
//!
//! The modules follow the redress loop: `ocds` imports and compiles contracting data, `db` stores
//! it on SQLite or PostgreSQL, `api` serves it. See `docs/ARCHITECTURE.md` for the map.

pub mod accounts;
pub mod agencies;
pub mod api;
pub mod bench;
pub mod cli;
pub mod config;
pub mod db;
pub mod demo;
pub mod feedback;
pub mod http;
pub mod i18n;
pub mod notify;
pub mod ocds;
pub mod private_files;
pub mod publication;
pub mod publish;
pub mod risk;
pub mod routing;
pub mod server;
pub mod site;
pub mod sync;
pub mod throttle;
pub mod workflow;
