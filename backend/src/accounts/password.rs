//! Passwords: argon2id with a per-password salt, verified in constant time. Unknown accounts
//! are "verified" against a fixed hash too, so timing does not tell who has an account.

use std::sync::LazyLock;

use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::Argon2;

pub const MIN_LENGTH: usize = 10;
pub const MAX_LENGTH: usize = 256;

pub fn hash(password: &str) -> Result<String, String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

pub fn verify(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

static DUMMY: LazyLock<String> =
    LazyLock::new(|| hash("not a password of anyone").unwrap_or_default());

/// Spends the time a real check would, for an account that does not exist.
pub fn verify_dummy(password: &str) {
    let _ = verify(password, &DUMMY);
}

/// Why a new password is refused, if it is.
pub fn check_strength(password: &str) -> Result<(), &'static str> {
    let length = password.chars().count();
    if length < MIN_LENGTH {
        return Err("must be at least 10 characters");
    }
    if length > MAX_LENGTH {
        return Err("must be at most 256 characters");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn argon2id_round_trip() {
        let h = hash("correct horse battery").unwrap_or_default();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("correct horse battery", &h));
        assert!(!verify("wrong horse battery", &h));
        assert!(!verify("x", "not a hash"));
        assert!(check_strength("short").is_err());
        assert!(check_strength("long enough!").is_ok());
    }
}
