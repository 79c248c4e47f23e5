//! The outbox table: queueing inside the caller's transaction, leasing, and the record of each
//! attempt (message id, last error, next try).

use chrono::{Duration, NaiveDateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text, Timestamp};

use super::templates::{self, TemplateError};
use crate::db::DbConnection;

/// A message to queue: who gets it, which template, in which language, with what in it.
#[derive(Debug, Clone)]
pub struct Mail {
    pub recipient: String,
    pub template: &'static str,
    pub language: String,
    pub context: minijinja::Value,
}

#[derive(Debug, thiserror::Error)]
pub enum OutboxError {
    #[error(transparent)]
    Template(#[from] TemplateError),
    #[error(transparent)]
    Database(#[from] diesel::result::Error),
}

/// Renders and queues a message. Call it inside the transaction of the change that causes it,
/// so the message exists exactly when the change does.
pub fn enqueue(conn: &mut DbConnection, mail: &Mail, domain: &str) -> Result<i64, OutboxError> {
    let rendered = templates::render(mail.template, &mail.language, mail.context.clone())?;
    let now = Utc::now().naive_utc();
    let message_id = format!("<{}@{domain}>", uuid::Uuid::new_v4());
    let sql = match conn {
        DbConnection::Sqlite(_) => {
            "INSERT INTO outbox (recipient, template, subject, body_text, body_html, message_id, status, attempts, next_attempt_at, created_at) \
             VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?) RETURNING id"
        }
        DbConnection::Postgresql(_) => {
            "INSERT INTO outbox (recipient, template, subject, body_text, body_html, message_id, status, attempts, next_attempt_at, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, 'pending', 0, $7, $8) RETURNING id"
        }
    };
    let row: IdRow = diesel::sql_query(sql)
        .bind::<Text, _>(&mail.recipient)
        .bind::<Text, _>(mail.template)
        .bind::<Text, _>(&rendered.subject)
        .bind::<Text, _>(&rendered.text)
        .bind::<Text, _>(&rendered.html)
        .bind::<Text, _>(&message_id)
        .bind::<Timestamp, _>(now)
        .bind::<Timestamp, _>(now)
        .get_result(conn)?;
    Ok(row.id)
}

#[derive(QueryableByName)]
struct IdRow {
    #[diesel(sql_type = BigInt)]
    id: i64,
}

/// A message a worker has leased and must now send.
#[derive(Debug, Clone, QueryableByName)]
pub struct Leased {
    #[diesel(sql_type = BigInt)]
    pub id: i64,
    #[diesel(sql_type = Text)]
    pub recipient: String,
    #[diesel(sql_type = Text)]
    pub subject: String,
    #[diesel(sql_type = Text)]
    pub body_text: String,
    #[diesel(sql_type = Text)]
    pub body_html: String,
    #[diesel(sql_type = Text)]
    pub message_id: String,
    #[diesel(sql_type = BigInt)]
    pub attempts: i64,
}

/// How long a lease lasts: longer than an SMTP exchange can take, so a live worker never loses
/// its lease; a crashed worker's lease runs out and another worker retries.
pub const LEASE: Duration = Duration::minutes(15);

/// Leases the oldest due message for `worker`. On PostgreSQL, `FOR UPDATE SKIP LOCKED` lets
/// concurrent workers take different messages; on SQLite the write transaction serializes them.
pub fn lease(
    conn: &mut DbConnection,
    worker: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<Leased>> {
    let sql = match conn {
        DbConnection::Sqlite(_) => {
            "UPDATE outbox SET leased_until = ?, leased_by = ?, attempts = attempts + 1 \
             WHERE id = (SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= ? \
                         AND (leased_until IS NULL OR leased_until < ?) ORDER BY id LIMIT 1) \
             RETURNING id, recipient, subject, body_text, body_html, message_id, CAST(attempts AS BIGINT) AS attempts"
        }
        DbConnection::Postgresql(_) => {
            "UPDATE outbox SET leased_until = $1, leased_by = $2, attempts = attempts + 1 \
             WHERE id = (SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= $3 \
                         AND (leased_until IS NULL OR leased_until < $4) ORDER BY id LIMIT 1 \
                         FOR UPDATE SKIP LOCKED) \
             RETURNING id, recipient, subject, body_text, body_html, message_id, CAST(attempts AS BIGINT) AS attempts"
        }
    };
    diesel::sql_query(sql)
        .bind::<Timestamp, _>(now + LEASE)
        .bind::<Text, _>(worker)
        .bind::<Timestamp, _>(now)
        .bind::<Timestamp, _>(now)
        .get_result(conn)
        .optional()
}

/// Records a successful send. Only the worker holding the lease can.
pub fn mark_sent(
    conn: &mut DbConnection,
    id: i64,
    worker: &str,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let sql = match conn {
        DbConnection::Sqlite(_) => {
            "UPDATE outbox SET status = 'sent', sent_at = ?, leased_until = NULL, last_error = NULL \
             WHERE id = ? AND leased_by = ? AND status = 'pending'"
        }
        DbConnection::Postgresql(_) => {
            "UPDATE outbox SET status = 'sent', sent_at = $1, leased_until = NULL, last_error = NULL \
             WHERE id = $2 AND leased_by = $3 AND status = 'pending'"
        }
    };
    let n = diesel::sql_query(sql)
        .bind::<Timestamp, _>(now)
        .bind::<BigInt, _>(id)
        .bind::<Text, _>(worker)
        .execute(conn)?;
    Ok(n == 1)
}

/// Backoff after `attempts` failed tries: 30 s, 1 min, 2 min … capped at one hour. Messages are
/// never given up: a mail server that is down delays mail, it does not lose it.
pub fn backoff(attempts: i64) -> Duration {
    let exponent = attempts.clamp(1, 8) - 1;
    Duration::seconds((30i64 << exponent).min(3600))
}

/// Records a failed attempt and when to try again.
pub fn mark_failed(
    conn: &mut DbConnection,
    leased: &Leased,
    worker: &str,
    error: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let sql = match conn {
        DbConnection::Sqlite(_) => {
            "UPDATE outbox SET last_error = ?, next_attempt_at = ?, leased_until = NULL \
             WHERE id = ? AND leased_by = ? AND status = 'pending'"
        }
        DbConnection::Postgresql(_) => {
            "UPDATE outbox SET last_error = $1, next_attempt_at = $2, leased_until = NULL \
             WHERE id = $3 AND leased_by = $4 AND status = 'pending'"
        }
    };
    diesel::sql_query(sql)
        .bind::<Nullable<Text>, _>(Some(error))
        .bind::<Timestamp, _>(now + backoff(leased.attempts))
        .bind::<BigInt, _>(leased.id)
        .bind::<Text, _>(worker)
        .execute(conn)?;
    Ok(())
}

/// Counts by status, for operators and tests.
pub fn counts(conn: &mut DbConnection) -> QueryResult<Vec<(String, i64)>> {
    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = Text)]
        status: String,
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    let rows: Vec<Row> = diesel::sql_query(
        "SELECT status, CAST(COUNT(*) AS BIGINT) AS n FROM outbox GROUP BY status ORDER BY status",
    )
    .load(conn)?;
    Ok(rows.into_iter().map(|r| (r.status, r.n)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_capped() {
        assert_eq!(backoff(1), Duration::seconds(30));
        assert_eq!(backoff(2), Duration::seconds(60));
        assert_eq!(backoff(4), Duration::seconds(240));
        assert_eq!(backoff(50), Duration::seconds(3600));
    }
}
