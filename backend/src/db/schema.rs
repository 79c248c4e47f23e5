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

diesel::allow_tables_to_appear_in_same_query!(processes, organizations, process_parties);
