//! Configuration as data: `config/default.toml`, then `config/$VEEDOR_ENV.toml`, then
//! environment variables. A bad value stops start-up with a message naming the key.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use figment::providers::{Env, Format, Toml};
use figment::Figment;
use serde::Deserialize;

use crate::db::DatabaseUrl;

/// The defaults ship inside the binary, so it runs from any directory.
const DEFAULTS: &str = include_str!("../../config/default.toml");

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    pub database: DatabaseSettings,
    pub server: ServerSettings,
    pub data: DataSettings,
    pub import: ImportSettings,
    pub api: ApiSettings,
    pub auth: AuthSettings,
    pub mail: MailSettings,
    pub throttle: ThrottleSettings,
    pub files: FilesSettings,
    /// Where the configuration files are (workflow, routing, categories, oversight bodies,
    /// holidays): read once, at start-up, with the rest of the configuration.
    #[serde(skip)]
    pub config_dir: PathBuf,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthSettings {
    pub jwt_secret: String,
    /// Keys the pseudonyms of anonymous complainants (empty: kept in the data directory).
    pub pseudonym_secret: String,
    pub access_token_minutes: i64,
    pub refresh_token_days: i64,
    pub verify_link_hours: i64,
    pub reset_link_hours: i64,
    pub invitation_link_hours: i64,
    pub web_session_hours: i64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MailSettings {
    pub smtp_url: String,
    pub from: String,
    pub worker_in_server: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThrottleSettings {
    pub window_minutes: i64,
    pub signin_per_ip: i32,
    pub signin_per_account: i32,
    pub signup_per_ip: i32,
    pub signup_per_account: i32,
    pub reset_per_ip: i32,
    pub reset_per_account: i32,
    /// Feedback items one account may file per window.
    pub feedback_per_account: i32,
    /// Workflow transitions one account may take per window.
    pub transitions_per_account: i32,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatabaseSettings {
    pub url: String,
    pub pool_size: u32,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerSettings {
    pub bind: String,
    pub base_url: String,
    pub workers: usize,
    /// Memory for rendered public pages, in MiB.
    pub page_cache_mb: u64,
    /// Reverse proxies (addresses or networks) whose `X-Forwarded-For` names the client; any
    /// other peer is the client itself.
    pub trusted_proxies: Vec<String>,
}

impl ServerSettings {
    /// The trusted proxies, parsed (checked at start-up by `validate`).
    pub fn proxy_networks(&self) -> Vec<ipnet::IpNet> {
        self.trusted_proxies
            .iter()
            .filter_map(|p| parse_network(p).ok())
            .collect()
    }
}

/// An address (`10.0.0.1`) or a network (`10.0.0.0/8`).
fn parse_network(text: &str) -> Result<ipnet::IpNet, String> {
    let text = text.trim();
    text.parse::<ipnet::IpNet>()
        .or_else(|_| text.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
        .map_err(|_| format!("{text:?} is neither an address nor a network such as 10.0.0.0/8"))
}

/// Where evidence files are kept.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FilesSettings {
    /// "local" (under `data.dir`) or "s3".
    pub store: String,
    pub s3_bucket: String,
    /// Empty for AWS itself; the address of another S3-compatible service.
    pub s3_endpoint: String,
    pub s3_region: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataSettings {
    pub dir: PathBuf,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportSettings {
    pub batch_releases: usize,
    /// Megabytes of release text per batch (what bounds the import's memory).
    pub batch_mb: usize,
    pub max_pages: usize,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiSettings {
    pub default_page_size: i64,
    pub max_page_size: i64,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("configuration: {0}")]
    Load(#[from] Box<figment::Error>),
    #[error("configuration key `{key}`: {reason}")]
    Invalid { key: &'static str, reason: String },
    /// A configuration file of `config/` (its message names the file and line).
    #[error("configuration: {0}")]
    File(String),
}

/// Short environment names for the settings every deployment sets.
const ESSENTIALS: &[(&str, &str)] = &[
    ("database_url", "database.url"),
    ("bind", "server.bind"),
    ("data_dir", "data.dir"),
    ("base_url", "server.base_url"),
    ("smtp_url", "mail.smtp_url"),
];

impl Settings {
    /// Loads from `config_dir` (default `config/`, or `VEEDOR_CONFIG_DIR`) and the environment.
    pub fn load() -> Result<Settings, ConfigError> {
        let dir = std::env::var_os("VEEDOR_CONFIG_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("config"));
        Self::load_from(&dir, std::env::var("VEEDOR_ENV").ok().as_deref())
    }

    pub fn load_from(dir: &Path, env: Option<&str>) -> Result<Settings, ConfigError> {
        let mut figment = Figment::from(Toml::string(DEFAULTS));
        let default_file = dir.join("default.toml");
        if default_file.exists() {
            figment = figment.merge(Toml::file(default_file));
        }
        if let Some(env) = env {
            let file = dir.join(format!("{env}.toml"));
            if !file.exists() {
                return Err(ConfigError::Invalid {
                    key: "VEEDOR_ENV",
                    reason: format!("no configuration file {}", file.display()),
                });
            }
            figment = figment.merge(Toml::file(file));
        }
        // VEEDOR_SECTION__KEY for any setting; other VEEDOR_ variables are not settings.
        figment = figment.merge(
            Env::prefixed("VEEDOR_")
                .filter(|key| key.as_str().contains("__"))
                .split("__"),
        );
        figment = figment.merge(
            Env::prefixed("VEEDOR_")
                .filter(|key| ESSENTIALS.iter().any(|(short, _)| key == *short))
                .map(|key| {
                    ESSENTIALS
                        .iter()
                        .find(|(short, _)| key == *short)
                        .map(|(_, long)| (*long).into())
                        .unwrap_or_else(|| key.into())
                }),
        );
        let mut settings: Settings = figment.extract().map_err(Box::new)?;
        settings.config_dir = dir.to_path_buf();
        settings.validate()?;
        Ok(settings)
    }

    /// The publishers' feeds of `sources.toml` (checked at start-up by `validate`).
    pub fn sources(&self) -> Result<Vec<crate::sync::sources::Source>, ConfigError> {
        crate::sync::sources::load(&self.config_dir).map_err(ConfigError::File)
    }

    /// How imports and syncs batch their writes.
    pub fn import_options(&self, progress: bool) -> crate::ocds::import::ImportOptions {
        crate::ocds::import::ImportOptions {
            batch_releases: self.import.batch_releases,
            batch_bytes: self.import.batch_mb * 1024 * 1024,
            max_pages: self.import.max_pages,
            progress,
            // Checked at start-up (`validate`): the defaults only stand in for tests' settings.
            indicators: std::sync::Arc::new(self.indicators().unwrap_or_default()),
            ..Default::default()
        }
    }

    /// The risk indicators' methodology (`config/indicators.toml`).
    pub fn indicators(&self) -> Result<crate::risk::Methodology, ConfigError> {
        crate::risk::Methodology::load(&self.config_dir).map_err(ConfigError::File)
    }

    fn validate(&self) -> Result<(), ConfigError> {
        self.sources()?;
        self.indicators()?;
        DatabaseUrl::parse(&self.database.url).map_err(|e| ConfigError::Invalid {
            key: "database.url (VEEDOR_DATABASE_URL)",
            reason: e.to_string(),
        })?;
        self.bind_addr()?;
        url::Url::parse(&self.server.base_url).map_err(|e| ConfigError::Invalid {
            key: "server.base_url (VEEDOR_BASE_URL)",
            reason: e.to_string(),
        })?;
        match self.files.store.as_str() {
            "local" => {}
            "s3" if !self.files.s3_bucket.trim().is_empty() => {}
            "s3" => {
                return Err(ConfigError::Invalid {
                    key: "files.s3_bucket",
                    reason: "is required when files.store = \"s3\"".into(),
                })
            }
            other => {
                return Err(ConfigError::Invalid {
                    key: "files.store",
                    reason: format!("must be \"local\" or \"s3\", not {other:?}"),
                })
            }
        }
        for proxy in &self.server.trusted_proxies {
            parse_network(proxy).map_err(|reason| ConfigError::Invalid {
                key: "server.trusted_proxies",
                reason,
            })?;
        }
        if self.database.pool_size == 0 {
            return Err(ConfigError::Invalid {
                key: "database.pool_size",
                reason: "must be at least 1".into(),
            });
        }
        if self.api.default_page_size < 1 || self.api.max_page_size < self.api.default_page_size {
            return Err(ConfigError::Invalid {
                key: "api.default_page_size",
                reason: "must be at least 1 and at most api.max_page_size".into(),
            });
        }
        if !self.auth.pseudonym_secret.is_empty() && self.auth.pseudonym_secret.len() < 32 {
            return Err(ConfigError::Invalid {
                key: "auth.pseudonym_secret (VEEDOR_AUTH__PSEUDONYM_SECRET)",
                reason: "must be at least 32 bytes".into(),
            });
        }
        if !self.auth.jwt_secret.is_empty() && self.auth.jwt_secret.len() < 32 {
            return Err(ConfigError::Invalid {
                key: "auth.jwt_secret (VEEDOR_AUTH__JWT_SECRET)",
                reason: "must be at least 32 bytes".into(),
            });
        }
        if self.auth.access_token_minutes < 1 || self.auth.access_token_minutes > 60 {
            return Err(ConfigError::Invalid {
                key: "auth.access_token_minutes",
                reason: "must be between 1 and 60: access tokens are short-lived".into(),
            });
        }
        if self.mail.from.parse::<lettre::message::Mailbox>().is_err() {
            return Err(ConfigError::Invalid {
                key: "mail.from",
                reason: format!("{:?} is not a mail address", self.mail.from),
            });
        }
        if !self.mail.smtp_url.is_empty() && url::Url::parse(&self.mail.smtp_url).is_err() {
            return Err(ConfigError::Invalid {
                key: "mail.smtp_url (VEEDOR_SMTP_URL)",
                reason: "is not a URL".into(),
            });
        }
        if self.import.batch_releases == 0 {
            return Err(ConfigError::Invalid {
                key: "import.batch_releases",
                reason: "must be at least 1".into(),
            });
        }
        if self.import.batch_mb == 0 {
            return Err(ConfigError::Invalid {
                key: "import.batch_mb",
                reason: "must be at least 1".into(),
            });
        }
        Ok(())
    }

    pub fn bind_addr(&self) -> Result<SocketAddr, ConfigError> {
        self.server.bind.parse().map_err(|e| ConfigError::Invalid {
            key: "server.bind (VEEDOR_BIND)",
            reason: format!("{:?} is not HOST:PORT: {e}", self.server.bind),
        })
    }

    /// The token-signing secret: configured, or made once and kept in the data directory.
    pub fn jwt_secret(&self) -> Result<Vec<u8>, ConfigError> {
        if !self.auth.jwt_secret.is_empty() {
            return Ok(self.auth.jwt_secret.as_bytes().to_vec());
        }
        self.kept_secret("jwt-secret", None)
    }

    /// The secret of published pseudonyms, apart from the sign-in keys so that rotating those
    /// never renames anonymous complainants: configured, or kept in the data directory. A
    /// deployment whose token secret was kept there before this one existed keeps its
    /// pseudonyms: the kept pseudonym secret starts as a copy of it (a configured token secret
    /// is never written to disk; a random one is made instead).
    pub fn pseudonym_secret(&self) -> Result<Vec<u8>, ConfigError> {
        if !self.auth.pseudonym_secret.is_empty() {
            return Ok(self.auth.pseudonym_secret.as_bytes().to_vec());
        }
        let inherited = if self.auth.jwt_secret.is_empty() {
            std::fs::read_to_string(self.data.dir.join("jwt-secret"))
                .ok()
                .map(|s| s.trim().to_owned())
                .filter(|s| s.len() >= 32)
        } else {
            None
        };
        self.kept_secret("pseudonym-secret", inherited)
    }

    /// A secret kept in `data.dir/name` (owner-only), made on first use: `first` when given,
    /// else at random.
    fn kept_secret(&self, name: &str, first: Option<String>) -> Result<Vec<u8>, ConfigError> {
        let path = self.data.dir.join(name);
        if let Ok(existing) = std::fs::read_to_string(&path) {
            if existing.trim().len() >= 32 {
                return Ok(existing.trim().as_bytes().to_vec());
            }
        }
        let secret = first.unwrap_or_else(|| {
            format!(
                "{}{}",
                uuid::Uuid::new_v4().simple(),
                uuid::Uuid::new_v4().simple()
            )
        });
        crate::private_files::create_dir(&self.data.dir)
            .and_then(|()| crate::private_files::write(&path, secret.as_bytes()))
            .map_err(|e| ConfigError::Invalid {
                key: "data.dir (VEEDOR_DATA_DIR)",
                reason: format!("cannot keep a secret in {}: {e}", path.display()),
            })?;
        Ok(secret.into_bytes())
    }

    /// What account operations need.
    pub fn account_settings(&self) -> Result<crate::accounts::AccountSettings, ConfigError> {
        Ok(crate::accounts::AccountSettings {
            signer: crate::accounts::tokens::Signer::new(
                &self.jwt_secret()?,
                self.auth.access_token_minutes * 60,
            ),
            base_url: self.server.base_url.clone(),
            refresh_days: self.auth.refresh_token_days,
            verify_hours: self.auth.verify_link_hours,
            reset_hours: self.auth.reset_link_hours,
            invite_hours: self.auth.invitation_link_hours,
        })
    }

    pub fn mail_transport(&self) -> Result<crate::notify::transport::Transport, ConfigError> {
        crate::notify::transport::Transport::from_settings(
            &self.mail.smtp_url,
            self.data.dir.join("mail"),
        )
        .map_err(|e| ConfigError::Invalid {
            key: "mail.smtp_url (VEEDOR_SMTP_URL)",
            reason: e.to_string(),
        })
    }

    pub fn database_url(&self) -> Result<DatabaseUrl, ConfigError> {
        DatabaseUrl::parse(&self.database.url).map_err(|e| ConfigError::Invalid {
            key: "database.url (VEEDOR_DATABASE_URL)",
            reason: e.to_string(),
        })
    }
}

#[cfg(test)]
#[allow(clippy::result_large_err)] // figment's Jail closures return its own large error
mod tests {
    use super::*;
    use figment::Jail;

    fn load(jail: &Jail) -> Result<Settings, String> {
        Settings::load_from(jail.directory(), None).map_err(|e| e.to_string())
    }

    #[test]
    fn defaults_then_files_then_environment() {
        Jail::expect_with(|jail| {
            let s = load(jail)?;
            assert_eq!(s.database.url, "sqlite://var/veedor.db");
            jail.create_file("default.toml", "[server]\nworkers = 2\n")?;
            jail.create_file(
                "production.toml",
                "[server]\nbase_url = \"https://veedor.example.org\"\n",
            )?;
            jail.set_env("VEEDOR_DATABASE_URL", "postgres://veedor@db/veedor");
            jail.set_env("VEEDOR_BIND", "0.0.0.0:9000");
            jail.set_env("VEEDOR_DATA_DIR", "/srv/veedor");
            jail.set_env("VEEDOR_API__MAX_PAGE_SIZE", "500");
            jail.set_env("VEEDOR_SHARED_DATA", "not a setting, ignored");
            let s = Settings::load_from(jail.directory(), Some("production"))
                .map_err(|e| e.to_string())?;
            assert_eq!(s.server.workers, 2);
            assert_eq!(s.server.base_url, "https://veedor.example.org");
            assert_eq!(s.database.url, "postgres://veedor@db/veedor");
            assert_eq!(s.server.bind, "0.0.0.0:9000");
            assert_eq!(s.data.dir, PathBuf::from("/srv/veedor"));
            assert_eq!(s.api.max_page_size, 500);
            Ok(())
        });
    }

    #[test]
    fn bad_values_name_their_key() {
        for (var, value, key) in [
            ("VEEDOR_BIND", "localhost", "server.bind"),
            ("VEEDOR_DATABASE_URL", "mysql://x", "database.url"),
            ("VEEDOR_SERVER__WORKERS", "many", "workers"),
            ("VEEDOR_BASE_URL", "not a url", "server.base_url"),
            ("VEEDOR_IMPORT__BATCH_MB", "0", "import.batch_mb"),
        ] {
            Jail::expect_with(|jail| {
                jail.set_env(var, value);
                let err = load(jail).err().unwrap_or_default();
                assert!(err.to_lowercase().contains(key), "{var}={value}: {err}");
                Ok(())
            });
        }
        Jail::expect_with(|jail| {
            jail.create_file("default.toml", "[server]\nwrokers = 2\n")?;
            let err = load(jail).err().unwrap_or_default();
            assert!(err.contains("wrokers"), "{err}");
            Ok(())
        });
        // A feed declared wrongly stops the start, naming the file and the line.
        Jail::expect_with(|jail| {
            jail.create_file(
                "sources.toml",
                "[[source]]\nid = \"feed\"\nkind = \"rss\"\nurl = \"https://x.org\"\nevery = \"1h\"\n",
            )?;
            let err = load(jail).err().unwrap_or_default();
            assert!(
                err.contains("sources.toml:3") && err.contains("unknown kind"),
                "{err}"
            );
            Ok(())
        });
    }
}
