//! The integration tests, one module per part of the mission, in one binary: the server's code
//! is linked once instead of once per file (a test binary is about 90 MB, and CI builds on a
//! small disk). `file_store.rs` stays apart because CI runs it again with the `s3` feature.
//! Each test makes its own database (`common::TestDb`), so the modules share nothing else.
#![allow(clippy::expect_used, clippy::unwrap_used)]

#[path = "../common/mod.rs"]
mod common;

mod accounts;
mod api;
mod cli;
mod feedback;
mod import;
mod indicators;
mod merge_fixtures;
mod openapi;
mod renamed_workflow;
mod security;
mod sync;
mod web;
