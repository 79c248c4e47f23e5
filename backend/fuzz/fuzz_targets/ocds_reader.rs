//! Any bytes as an OCDS input (package, record package, JSON Lines, gzip…): issues, never a
//! crash.
#![no_main]

use libfuzzer_sys::fuzz_target;
use veedor::ocds::reader::{read_input, Incoming, Issue, Sink, SinkStop};

struct Discard;

impl Sink for Discard {
    fn release(&mut self, _: Incoming) -> Result<(), SinkStop> {
        Ok(())
    }
    fn issue(&mut self, _: Issue) {}
}

fuzz_target!(|data: &[u8]| {
    read_input(
        "fuzz",
        std::io::Cursor::new(data.to_vec()),
        &mut Discard,
        Default::default(),
    );
});
