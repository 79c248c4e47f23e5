//! Mail that is never lost: every message is rendered and written to the `outbox` table in the
//! same transaction as the change that causes it, and a worker sends it later.
//!
//! - [`templates`]: subject, text and HTML per message and language, from `frontend/mail/`.
//! - [`outbox`]: queueing, leasing (several workers never send one message twice) and retries.
//! - [`transport`]: SMTP through lettre, or `.eml` files for development.
//! - [`worker`]: the sending loop run by `veedor serve` and `veedor worker`.

pub mod outbox;
pub mod templates;
pub mod transport;
pub mod worker;

pub use outbox::{enqueue, Mail};
