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
        risk_facts -> Nullable<Text>,
        /// PostgreSQL only: the filters' lexemes of its search vector (`ocds::words::FilterValues`).
        facets -> Text,
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
        name_key -> Text,
    }
}

diesel::table! {
    scorecards (agency_id) {
        agency_id -> Text,
        received -> BigInt,
        answered -> BigInt,
        answered_on_time -> BigInt,
        median_seconds_to_answer -> Nullable<BigInt>,
        overdue_now -> BigInt,
        satisfied -> BigInt,
        unsatisfied -> BigInt,
        computed_at -> Timestamp,
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
        rotated -> Bool,
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

diesel::table! {
    feedback_items (id) {
        id -> Text,
        ocid -> Text,
        kind -> Text,
        category -> Text,
        stage -> Nullable<Text>,
        subject_id -> Nullable<Text>,
        description -> Text,
        rating -> Nullable<Integer>,
        answers -> Text,
        anonymous -> Bool,
        author_id -> Text,
        pseudonym -> Text,
        state -> Text,
        resume_state -> Nullable<Text>,
        outcome -> Nullable<Text>,
        agency_id -> Nullable<Text>,
        oversight_id -> Nullable<Text>,
        routing_rule -> Nullable<Text>,
        duplicate_of -> Nullable<Text>,
        due_at -> Nullable<Timestamp>,
        overdue_since -> Nullable<Timestamp>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        cso_id -> Nullable<Text>,
        routed_at -> Nullable<Timestamp>,
        answer -> Nullable<Text>,
        answered_at -> Nullable<Timestamp>,
        deadline_missed -> Bool,
        satisfied -> Nullable<Bool>,
    }
}

diesel::table! {
    feedback_events (id) {
        id -> BigInt,
        item_id -> Text,
        seq -> Integer,
        transition -> Text,
        from_state -> Nullable<Text>,
        to_state -> Text,
        actor_id -> Nullable<Text>,
        role -> Text,
        organization_id -> Nullable<Text>,
        comment -> Nullable<Text>,
        details -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    attachments (id) {
        id -> Text,
        item_id -> Text,
        event_seq -> Integer,
        file_name -> Text,
        content_type -> Text,
        size -> BigInt,
        digest -> Text,
        public -> Bool,
        uploaded_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    identity_reveals (id) {
        id -> BigInt,
        item_id -> Text,
        revealed_to -> Text,
        reason -> Text,
        created_at -> Timestamp,
        organization_id -> Nullable<Text>,
    }
}

diesel::table! {
    api_keys (key_hash) {
        key_hash -> Text,
        user_id -> Text,
        name -> Text,
        created_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
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

diesel::table! {
    page_versions (topic, shard) {
        topic -> Text,
        shard -> Text,
        version -> BigInt,
    }
}

diesel::table! {
    process_news (id) {
        id -> BigInt,
        ocid -> Text,
        release_id -> Text,
        release_date -> Text,
        tags -> Text,
        created_at -> Timestamp,
        announced_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    sync_sources (id) {
        id -> Text,
        cursor -> Nullable<Text>,
        lease_holder -> Nullable<Text>,
        lease_until -> Nullable<Timestamp>,
        last_started_at -> Nullable<Timestamp>,
        last_finished_at -> Nullable<Timestamp>,
        last_outcome -> Nullable<Text>,
        last_pages -> BigInt,
        last_new -> BigInt,
        last_unchanged -> BigInt,
        last_conflicting -> BigInt,
        last_errors -> BigInt,
        last_error -> Nullable<Text>,
        next_run_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    sync_files (source_id, name) {
        source_id -> Text,
        name -> Text,
        size -> BigInt,
        modified -> Text,
        imported_at -> Timestamp,
    }
}

diesel::table! {
    risk_flags (scope, subject, code) {
        scope -> Text,
        subject -> Text,
        code -> Text,
        value -> Double,
        details -> Text,
        computed_by -> Text,
        computed_at -> Timestamp,
    }
}

diesel::table! {
    risk_flags_next (scope, subject, code) {
        scope -> Text,
        subject -> Text,
        code -> Text,
        value -> Double,
        details -> Text,
    }
}

diesel::table! {
    risk_runs (id) {
        id -> Integer,
        lease_holder -> Nullable<Text>,
        lease_until -> Nullable<Timestamp>,
        last_started_at -> Nullable<Timestamp>,
        last_finished_at -> Nullable<Timestamp>,
        last_milliseconds -> Nullable<BigInt>,
        last_flags -> Nullable<BigInt>,
        data_changed_at -> Nullable<Timestamp>,
        last_counts -> Nullable<Text>,
    }
}

diesel::allow_tables_to_appear_in_same_query!(
    risk_flags,
    risk_flags_next,
    risk_runs,
    process_news,
    sync_sources,
    sync_files,
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
    rate_limits,
    feedback_items,
    feedback_events,
    attachments,
    identity_reveals,
    api_keys
);
