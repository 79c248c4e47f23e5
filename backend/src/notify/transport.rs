//! Where mail goes: an SMTP server (`VEEDOR_SMTP_URL`, e.g. `smtp://127.0.0.1:2525`,
//! `smtps://user:pass@mail.example.org`), or — the development default — `.eml` files under the
//! data directory, so the demo needs no mail server.

use std::path::PathBuf;
use std::time::Duration;

use lettre::message::{header::ContentType, Mailbox, MultiPart, SinglePart};
use lettre::transport::file::FileTransport;
use lettre::transport::smtp::SmtpTransport;
use lettre::{Message, Transport as _};

use super::outbox::Leased;

#[derive(Clone)]
pub enum Transport {
    Smtp(Box<SmtpTransport>),
    Files(FileTransport, PathBuf),
}

#[derive(Debug, thiserror::Error)]
pub enum TransportError {
    #[error("invalid SMTP URL (mail.smtp_url / VEEDOR_SMTP_URL): {0}")]
    Url(String),
    #[error("invalid address {0:?}")]
    Address(String),
    #[error("cannot build the message: {0}")]
    Build(String),
    #[error("sending failed: {0}")]
    Send(String),
    #[error("cannot create the mail directory {0}: {1}")]
    Directory(PathBuf, std::io::Error),
}

/// How long one SMTP exchange may take; the outbox lease is longer.
pub const SMTP_TIMEOUT: Duration = Duration::from_secs(600);

impl Transport {
    /// SMTP when a URL is configured, else files in `dir`.
    pub fn from_settings(smtp_url: &str, dir: PathBuf) -> Result<Transport, TransportError> {
        if smtp_url.trim().is_empty() {
            std::fs::create_dir_all(&dir).map_err(|e| TransportError::Directory(dir.clone(), e))?;
            return Ok(Transport::Files(FileTransport::new(&dir), dir));
        }
        let smtp = SmtpTransport::from_url(smtp_url)
            .map_err(|e| TransportError::Url(e.to_string()))?
            // A server may take minutes to accept a message (RFC 5321 4.5.3.2 allows ten for the
            // end of data). Giving up sooner would retry a message that was in fact delivered.
            .timeout(Some(SMTP_TIMEOUT))
            .build();
        Ok(Transport::Smtp(Box::new(smtp)))
    }

    /// Sends one leased message; its Message-ID stays the one fixed when it was queued.
    pub fn send(&self, from: &str, leased: &Leased) -> Result<(), TransportError> {
        let from: Mailbox = from
            .parse()
            .map_err(|_| TransportError::Address(from.to_owned()))?;
        let to: Mailbox = leased
            .recipient
            .parse()
            .map_err(|_| TransportError::Address(leased.recipient.clone()))?;
        let message = Message::builder()
            .from(from)
            .to(to)
            .subject(leased.subject.clone())
            .message_id(Some(leased.message_id.clone()))
            .multipart(
                MultiPart::alternative()
                    .singlepart(
                        SinglePart::builder()
                            .header(ContentType::TEXT_PLAIN)
                            .body(leased.body_text.clone()),
                    )
                    .singlepart(
                        SinglePart::builder()
                            .header(ContentType::TEXT_HTML)
                            .body(leased.body_html.clone()),
                    ),
            )
            .map_err(|e| TransportError::Build(e.to_string()))?;
        match self {
            Transport::Smtp(smtp) => smtp
                .send(&message)
                .map(|_| ())
                .map_err(|e| TransportError::Send(e.to_string())),
            Transport::Files(files, _) => files
                .send(&message)
                .map(|_| ())
                .map_err(|e| TransportError::Send(e.to_string())),
        }
    }
}
