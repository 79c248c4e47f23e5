//! Storage: one diesel codebase over SQLite (embedded default) and PostgreSQL (production).
//!
//! The backend is picked at run time from the database URL. Domain code takes a
//! `&mut DbConnection`; only the service layer opens transactions, through [`write`] (which on
//! SQLite takes the write lock up front with `BEGIN IMMEDIATE`, so concurrent writers queue on
//! `busy_timeout` instead of failing with `database is locked` half-way) and [`read`].

pub mod schema;

mod sql_functions {
    diesel::define_sql_function! {
        /// The first of its arguments that is not null. A typed function rather than an SQL
        /// fragment, so statements that use it are prepared once and cached (diesel prepares a
        /// statement holding raw SQL again on every execution).
        fn coalesce<T: diesel::sql_types::SingleValue>(x: T, y: T) -> T;
    }
}
pub use sql_functions::coalesce;

use std::path::PathBuf;
use std::time::Duration;

use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::pg::PgConnection;
use diesel::r2d2::{self, ManageConnection, Pool, PooledConnection};
use diesel::sqlite::SqliteConnection;
use diesel::Connection;
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

pub const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/sqlite");
pub const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/postgres");

/// Page size of a new SQLite database (an existing one keeps its own: see docs/DEPLOYMENT.md
/// to convert one). 8 KB rather than SQLite's 4: an import writes, logs and copies half as many
/// pages (the 54 MB real stream 6 % quicker); every read measured at a million processes was
/// the same. 16 KB was 12 % quicker to import, but the reads that check rows against a range
/// read a page four times as large per row and outgrew a connection's cache (12 → 19 ms).
pub const SQLITE_PAGE_SIZE: u32 = 8192;

#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Postgresql(PgConnection),
    Sqlite(SqliteConnection),
}

/// Which database a URL names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A parsed `VEEDOR_DATABASE_URL`: `sqlite://PATH` (or `sqlite::memory:`) or `postgres://…`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatabaseUrl {
    pub backend: Backend,
    /// What the driver is given: a file path for SQLite, the URL itself for PostgreSQL.
    target: String,
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("database URL must start with sqlite:// or postgres:// (got {0:?})")]
    BadUrl(String),
    #[error("cannot create the directory for the SQLite database {path}: {source}")]
    CreateDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot connect to the database: {0}")]
    Connect(#[from] diesel::ConnectionError),
    #[error("database pool: {0}")]
    Pool(#[from] r2d2::PoolError),
    #[error("database migrations failed: {0}")]
    Migrate(String),
    #[error(transparent)]
    Query(#[from] diesel::result::Error),
}

impl DatabaseUrl {
    pub fn parse(url: &str) -> Result<DatabaseUrl, DbError> {
        if let Some(rest) = url.strip_prefix("sqlite://") {
            return Ok(DatabaseUrl {
                backend: Backend::Sqlite,
                target: rest.to_owned(),
            });
        }
        if url == "sqlite::memory:" {
            return Ok(DatabaseUrl {
                backend: Backend::Sqlite,
                target: ":memory:".to_owned(),
            });
        }
        if let Some(rest) = url.strip_prefix("sqlite:") {
            return Ok(DatabaseUrl {
                backend: Backend::Sqlite,
                target: rest.to_owned(),
            });
        }
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(DatabaseUrl {
                backend: Backend::Postgres,
                target: url.to_owned(),
            });
        }
        Err(DbError::BadUrl(url.to_owned()))
    }

    pub fn sqlite_path(&self) -> Option<PathBuf> {
        (self.backend == Backend::Sqlite && self.target != ":memory:")
            .then(|| PathBuf::from(&self.target))
    }

    /// Opens one connection, tuned for its backend.
    pub fn connect(&self) -> Result<DbConnection, DbError> {
        match self.backend {
            Backend::Sqlite => {
                if let Some(parent) = self.sqlite_path().as_deref().and_then(|p| p.parent()) {
                    if !parent.as_os_str().is_empty() {
                        std::fs::create_dir_all(parent).map_err(|source| DbError::CreateDir {
                            path: parent.to_owned(),
                            source,
                        })?;
                    }
                }
                let mut conn = SqliteConnection::establish(&self.target)?;
                // busy_timeout first: switching to WAL itself needs the lock. The page size
                // before WAL: it applies only to a database not yet written, and WAL mode
                // writes the first page.
                conn.batch_execute(&format!(
                    "PRAGMA busy_timeout = 15000; PRAGMA page_size = {SQLITE_PAGE_SIZE}; \
                     PRAGMA journal_mode = WAL; \
                     PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; \
                     PRAGMA cache_size = -32000; PRAGMA temp_store = MEMORY;"
                ))?;
                Ok(DbConnection::Sqlite(conn))
            }
            Backend::Postgres => Ok(DbConnection::Postgresql(PgConnection::establish(
                &self.target,
            )?)),
        }
    }
}

/// Runs the embedded migrations of the connection's backend.
pub fn migrate(conn: &mut DbConnection) -> Result<(), DbError> {
    let result = match conn {
        DbConnection::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS).map(|_| ()),
        DbConnection::Postgresql(c) => c.run_pending_migrations(POSTGRES_MIGRATIONS).map(|_| ()),
    };
    result.map_err(|e| DbError::Migrate(e.to_string()))?;
    // What SQL cannot do for a migration: the stems of the full-text index.
    crate::ocds::search::reindex(conn).map_err(|e| DbError::Migrate(e.to_string()))?;
    crate::agencies::fill_name_keys(conn).map_err(|e| DbError::Migrate(e.to_string()))?;
    Ok(())
}

pub fn backend(conn: &DbConnection) -> Backend {
    match conn {
        DbConnection::Sqlite(_) => Backend::Sqlite,
        DbConnection::Postgresql(_) => Backend::Postgres,
    }
}

/// Rolls back if the closure did not finish, including when it panicked.
struct SqliteTxGuard<'a> {
    conn: &'a mut DbConnection,
    done: bool,
}

impl Drop for SqliteTxGuard<'_> {
    fn drop(&mut self) {
        if !self.done {
            if let DbConnection::Sqlite(inner) = &mut *self.conn {
                let _ = AnsiTransactionManager::rollback_transaction(inner);
            }
        }
    }
}

/// Rows per multi-row insert on PostgreSQL (well under its limit of bound parameters).
pub const ROWS_PER_INSERT: usize = 500;

/// Inserts rows (`?` on diesel's error): one prepared statement per row on SQLite (cheap there,
/// and diesel would wrap a multi-row insert in a savepoint, which makes FTS5 flush), multi-row
/// statements on PostgreSQL (where each statement is a round trip).
macro_rules! insert_rows {
    ($conn:expr, $table:expr, $rows:expr) => {
        match $conn {
            $crate::db::DbConnection::Sqlite(c) => {
                for row in $rows {
                    diesel::insert_into($table).values(row).execute(c)?;
                }
            }
            $crate::db::DbConnection::Postgresql(c) => {
                for chunk in $rows.chunks($crate::db::ROWS_PER_INSERT) {
                    diesel::insert_into($table).values(chunk).execute(c)?;
                }
            }
        }
    };
}
pub(crate) use insert_rows;

/// Runs `f` in a write transaction; transactions opened inside become savepoints.
pub fn write<T, E>(
    conn: &mut DbConnection,
    f: impl FnOnce(&mut DbConnection) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<diesel::result::Error>,
{
    let DbConnection::Sqlite(inner) = conn else {
        return conn.transaction(f);
    };
    // Through diesel's transaction manager, so it knows a transaction is open.
    AnsiTransactionManager::begin_transaction_sql(inner, "BEGIN IMMEDIATE")?;
    let mut guard = SqliteTxGuard { conn, done: false };
    let value = f(guard.conn)?;
    if let DbConnection::Sqlite(inner) = &mut *guard.conn {
        AnsiTransactionManager::commit_transaction(inner)?;
    }
    guard.done = true;
    Ok(value)
}

/// Runs `f` in a read transaction, so that what it reads is one consistent snapshot.
pub fn read<T, E>(
    conn: &mut DbConnection,
    f: impl FnOnce(&mut DbConnection) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<diesel::result::Error>,
{
    conn.transaction(f)
}

/// r2d2 manager that connects through [`DatabaseUrl::connect`], so the real driver error (not
/// a generic one) reaches the operator.
#[derive(Debug, Clone)]
pub struct Manager {
    url: DatabaseUrl,
}

impl ManageConnection for Manager {
    type Connection = DbConnection;
    type Error = r2d2::Error;

    fn connect(&self) -> Result<DbConnection, r2d2::Error> {
        self.url.connect().map_err(|e| match e {
            DbError::Connect(c) => r2d2::Error::ConnectionError(c),
            other => r2d2::Error::ConnectionError(diesel::ConnectionError::BadConnection(
                other.to_string(),
            )),
        })
    }

    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), r2d2::Error> {
        conn.batch_execute("SELECT 1")
            .map_err(r2d2::Error::QueryError)
    }

    fn has_broken(&self, _conn: &mut DbConnection) -> bool {
        false
    }
}

pub type DbPool = Pool<Manager>;
pub type PooledDb = PooledConnection<Manager>;

/// Connects, migrates, and returns a pool. `size` is the most connections held at once.
pub fn open_pool(url: &DatabaseUrl, size: u32) -> Result<DbPool, DbError> {
    let mut first = url.connect()?;
    migrate(&mut first)?;
    drop(first);
    let size = if url.target == ":memory:" {
        1
    } else {
        size.max(1)
    };
    Ok(Pool::builder()
        .max_size(size)
        .connection_timeout(Duration::from_secs(30))
        .build(Manager { url: url.clone() })?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_sqlite_databases_take_the_page_size_and_old_ones_keep_theirs() {
        let dir = std::env::temp_dir().join(format!("veedor-pages-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let page_size = |conn: &mut DbConnection| -> i64 {
            #[derive(diesel::QueryableByName)]
            struct Size {
                #[diesel(sql_type = diesel::sql_types::BigInt)]
                page_size: i64,
            }
            let DbConnection::Sqlite(c) = conn else {
                panic!("an SQLite connection")
            };
            let sizes: Vec<Size> = diesel::RunQueryDsl::load(
                diesel::sql_query("SELECT page_size FROM pragma_page_size()"),
                c,
            )
            .expect("page size");
            sizes[0].page_size
        };
        let new = DatabaseUrl::parse(&format!("sqlite://{}/new.db", dir.display()))
            .and_then(|u| u.connect())
            .map(|mut c| {
                migrate(&mut c).expect("migrate");
                page_size(&mut c)
            });
        assert_eq!(new.ok(), Some(i64::from(SQLITE_PAGE_SIZE)));
        // A database written with SQLite's default keeps it when opened again.
        let old_path = dir.join("old.db");
        {
            let mut c = SqliteConnection::establish(&old_path.display().to_string()).expect("open");
            c.batch_execute("CREATE TABLE t (x INTEGER); PRAGMA journal_mode = WAL;")
                .expect("write");
        }
        let old = DatabaseUrl::parse(&format!("sqlite://{}", old_path.display()))
            .and_then(|u| u.connect())
            .map(|mut c| page_size(&mut c));
        assert_eq!(old.ok(), Some(4096));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn urls_pick_the_backend() {
        let sqlite = DatabaseUrl::parse("sqlite://var/veedor.db").ok();
        assert_eq!(sqlite.map(|u| u.backend), Some(Backend::Sqlite));
        let pg = DatabaseUrl::parse("postgres://u@localhost/db").ok();
        assert_eq!(pg.map(|u| u.backend), Some(Backend::Postgres));
        assert!(matches!(
            DatabaseUrl::parse("mysql://x"),
            Err(DbError::BadUrl(_))
        ));
    }
}
