-- Keys for client applications (Open311 POST /requests): stored only as hashes; a request filed
-- with a key is filed as the key's account.
CREATE TABLE api_keys (
    key_hash TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP
);
