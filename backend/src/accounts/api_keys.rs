//! Keys for client applications (Open311 `POST /requests`): a request filed with a key is filed
//! as the key's account. Only hashes are stored; keys are shown once, and revoked by name.

use chrono::Utc;
use diesel::prelude::*;

use super::CurrentUser;
use crate::db::schema::api_keys;
use crate::db::DbConnection;

/// Creates an API key for an account; only its hash is kept.
pub fn create(conn: &mut DbConnection, user_id: &str, name: &str) -> QueryResult<String> {
    let (key, hash) = super::tokens::opaque();
    diesel::insert_into(api_keys::table)
        .values((
            api_keys::key_hash.eq(hash),
            api_keys::user_id.eq(user_id),
            api_keys::name.eq(name),
            api_keys::created_at.eq(Utc::now().naive_utc()),
        ))
        .execute(conn)?;
    Ok(key)
}

/// Revokes an account's active keys named `name`; returns how many.
pub fn revoke(conn: &mut DbConnection, user_id: &str, name: &str) -> QueryResult<usize> {
    diesel::update(
        api_keys::table
            .filter(api_keys::user_id.eq(user_id))
            .filter(api_keys::name.eq(name))
            .filter(api_keys::revoked_at.is_null()),
    )
    .set(api_keys::revoked_at.eq(Utc::now().naive_utc()))
    .execute(conn)
}

/// The account behind an API key.
pub fn owner(conn: &mut DbConnection, key: &str) -> QueryResult<Option<CurrentUser>> {
    let owner: Option<String> = api_keys::table
        .filter(api_keys::key_hash.eq(super::tokens::hash_opaque(key)))
        .filter(api_keys::revoked_at.is_null())
        .select(api_keys::user_id)
        .first(conn)
        .optional()?;
    let Some(id) = owner else {
        return Ok(None);
    };
    let email: String = crate::db::schema::users::table
        .find(&id)
        .select(crate::db::schema::users::email)
        .first(conn)?;
    let memberships = super::memberships_of(conn, &id)?;
    Ok(Some(CurrentUser {
        id,
        email,
        memberships,
    }))
}
