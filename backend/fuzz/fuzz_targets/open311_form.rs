//! Any bytes as an Open311 `POST /requests` form: a submission or an error, never a crash.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;

static ENGINE: LazyLock<veedor::workflow::Engine> = LazyLock::new(|| {
    veedor::workflow::Engine::load(
        std::path::Path::new("/nonexistent"),
        b"fuzzing secret of at least thirty-two bytes",
        std::env::temp_dir(),
        "http://veedor.test".into(),
    )
    .expect("the shipped configuration")
});

fuzz_target!(|data: &[u8]| {
    let _ = veedor::api::open311::parse_request(data, &ENGINE.categories);
});
