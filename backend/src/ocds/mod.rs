//! Open Contracting Data Standard: reading publishers' files, compiling records, indexing them.

pub mod merge;
