//! Any bytes as an evidence file: detected and cleaned, or refused, never a crash.
#![no_main]

use libfuzzer_sys::fuzz_target;
use veedor::feedback::clean::{clean, detect};

fuzz_target!(|data: &[u8]| {
    if let Ok(kind) = detect(data) {
        let _ = clean(kind, bytes::Bytes::copy_from_slice(data));
    }
});
