//! Open Contracting Data Standard: reading publishers' files, compiling records, indexing them.
//!
//! Flow: [`source`] finds inputs → [`reader`] streams releases out of them → [`import`] batches
//! them, detects duplicates and conflicts, compiles each touched process with [`merge`],
//! summarizes it with [`summary`] and stores it through [`store`]. [`records`] builds a
//! process's record (compiled and versioned releases) on request; [`search`] finds processes.

pub mod compile;
pub mod details;
pub mod generate;
pub mod import;
pub mod merge;
pub mod reader;
pub mod records;
pub mod search;
pub mod store;
pub mod summary;
pub mod tree;
pub mod words;
