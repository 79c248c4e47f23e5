//! Table definitions, written by hand to match `migrations/` (both backends share them).

diesel::table! {
    processes (ocid) {
        ocid -> Text,
        release_index -> Text,
        release_data -> Binary,
        title -> Nullable<Text>,
        description -> Nullable<Text>,
        buyer_id -> Nullable<Text>,
        buyer_name -> Nullable<Text>,
        procuring_entity_id -> Nullable<Text>,
        procuring_entity_name -> Nullable<Text>,
        procurement_method -> Nullable<Text>,
        main_procurement_category -> Nullable<Text>,
        is_public_works -> Bool,
        status -> Nullable<Text>,
        stage -> Text,
        value_amount -> Nullable<Double>,
        currency -> Nullable<Text>,
        tender_start -> Nullable<Timestamp>,
        tender_end -> Nullable<Timestamp>,
        award_date -> Nullable<Timestamp>,
        contract_date -> Nullable<Timestamp>,
        last_release_date -> Nullable<Timestamp>,
        release_count -> Integer,
        ocds_version -> Text,
        party_names -> Text,
        classifications -> Text,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    organizations (id) {
        id -> Text,
        scheme -> Nullable<Text>,
        identifier -> Nullable<Text>,
        name -> Text,
        email -> Nullable<Text>,
        address -> Nullable<Text>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    process_parties (ocid, organization_id, role) {
        ocid -> Text,
        organization_id -> Text,
        role -> Text,
    }
}

diesel::table! {
    users (id) {
        id -> Text,
        email -> Text,
        name -> Text,
        password_hash -> Text,
        language -> Text,
        email_verified_at -> Nullable<Timestamp>,
        session_epoch -> Integer,
        created_at -> Timestamp,
    }
}

diesel::table! {
    agencies (id) {
        id -> Text,
        name -> Text,
        data_email -> Nullable<Text>,
        contact_email -> Nullable<Text>,
        address -> Nullable<Text>,
        merged_into -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    civil_society_orgs (id) {
        id -> Text,
        name -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    memberships (user_id, role, organization_id) {
        user_id -> Text,
        role -> Text,
        organization_id -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    refresh_tokens (token_hash) {
        token_hash -> Text,
        user_id -> Text,
        expires_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    one_time_tokens (token_hash) {
        token_hash -> Text,
        purpose -> Text,
        user_id -> Nullable<Text>,
        email -> Nullable<Text>,
        organization_id -> Nullable<Text>,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    rate_limits (key) {
        key -> Text,
        window_start -> Timestamp,
        hits -> Integer,
    }
}

diesel::table! {
    web_sessions (token_hash) {
        token_hash -> Text,
        user_id -> Text,
        csrf_token -> Text,
        expires_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

// SQLite only: the contentless FTS5 index of processes, keyed by the process row's rowid
// (PostgreSQL keeps a tsvector column instead).
diesel::table! {
    process_search (rowid) {
        rowid -> BigInt,
        body -> Text,
    }
}

diesel::allow_tables_to_appear_in_same_query!(
    web_sessions,
    processes,
    organizations,
    process_parties,
    users,
    agencies,
    civil_society_orgs,
    memberships,
    refresh_tokens,
    one_time_tokens,
    rate_limits
);
