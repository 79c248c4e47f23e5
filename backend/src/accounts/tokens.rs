//! Tokens: short-lived JWT access tokens for API clients, and opaque random tokens (refresh,
//! email verification, password reset, invitations) that are stored only as hashes.

use chrono::Utc;
use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

/// Who access tokens are for: the Veedor API, nobody else.
pub const AUDIENCE: &str = "veedor-api";
pub const ISSUER: &str = "veedor";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Claims {
    pub sub: String,
    pub aud: String,
    pub iss: String,
    pub iat: i64,
    pub exp: i64,
    /// The user's session epoch when issued; "sign out everywhere" raises it.
    pub epoch: i32,
}

#[derive(Clone)]
pub struct Signer {
    encoding: EncodingKey,
    decoding: DecodingKey,
    pub access_seconds: i64,
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum TokenError {
    #[error("invalid token")]
    Invalid,
    #[error("token expired")]
    Expired,
}

impl Signer {
    pub fn new(secret: &[u8], access_seconds: i64) -> Signer {
        Signer {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            access_seconds,
        }
    }

    pub fn issue(&self, user_id: &str, epoch: i32) -> Result<String, TokenError> {
        let now = Utc::now().timestamp();
        let claims = Claims {
            sub: user_id.to_owned(),
            aud: AUDIENCE.to_owned(),
            iss: ISSUER.to_owned(),
            iat: now,
            exp: now + self.access_seconds,
            epoch,
        };
        encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(|_| TokenError::Invalid)
    }

    /// Checks signature, algorithm, audience, issuer and expiry (no leeway).
    pub fn verify(&self, token: &str) -> Result<Claims, TokenError> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_audience(&[AUDIENCE]);
        validation.set_issuer(&[ISSUER]);
        validation.leeway = 0;
        validation.set_required_spec_claims(&["exp", "aud", "iss", "sub"]);
        decode::<Claims>(token, &self.decoding, &validation)
            .map(|data| data.claims)
            .map_err(|e| match e.kind() {
                jsonwebtoken::errors::ErrorKind::ExpiredSignature => TokenError::Expired,
                _ => TokenError::Invalid,
            })
    }
}

/// A new opaque token (256 random bits, URL-safe) and the hash that is stored.
pub fn opaque() -> (String, String) {
    let token = format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    );
    let hash = hash_opaque(&token);
    (token, hash)
}

pub fn hash_opaque(token: &str) -> String {
    blake3::hash(token.as_bytes()).to_hex().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_verify_and_forgeries_do_not() {
        let signer = Signer::new(b"0123456789abcdef0123456789abcdef", 900);
        let token = signer.issue("u1", 3).unwrap_or_default();
        let claims = signer.verify(&token);
        assert_eq!(claims.map(|c| (c.sub, c.epoch)), Ok(("u1".into(), 3)));
        let other = Signer::new(b"another secret, 32 bytes long!!!", 900);
        assert_eq!(other.verify(&token), Err(TokenError::Invalid));
        let expired = Signer::new(b"0123456789abcdef0123456789abcdef", -10);
        let old = expired.issue("u1", 0).unwrap_or_default();
        assert_eq!(signer.verify(&old), Err(TokenError::Expired));
        assert_eq!(signer.verify("not.a.token"), Err(TokenError::Invalid));
        let (a, ha) = opaque();
        let (b, _) = opaque();
        assert_ne!(a, b);
        assert_eq!(hash_opaque(&a), ha);
        assert_eq!(a.len(), 64);
    }
}
