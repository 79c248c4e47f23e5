//! Any body as a multipart form, read as the API's filing (JSON part and files) and as the
//! filing page's (CSRF first, known fields): an answer, never a crash or an unbounded read.
#![no_main]

use actix_web::FromRequest;
use libfuzzer_sys::fuzz_target;
use veedor::http::body::{read_multipart, FormSpec};

fuzz_target!(|data: &[u8]| {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    for spec in [
        FormSpec {
            fields: &["feedback"],
            field_prefixes: &[],
            files: Some("attachments"),
            csrf: None,
        },
        FormSpec {
            fields: &["category", "kind", "description", "anonymous"],
            field_prefixes: &["answers."],
            files: Some("attachments"),
            csrf: Some("token"),
        },
    ] {
        let (req, mut payload) = actix_web::test::TestRequest::post()
            .insert_header(("content-type", "multipart/form-data; boundary=b"))
            .set_payload(bytes::Bytes::copy_from_slice(data))
            .to_http_parts();
        runtime.block_on(async {
            let payload = actix_web::web::Payload::from_request(&req, &mut payload)
                .await
                .expect("payload");
            let _ = read_multipart(&req, payload, &spec).await;
        });
    }
});
