//! Evidence files: accepted by what their bytes are (never by their name), images stripped of
//! metadata (EXIF carries GPS positions), stored under the data directory outside any web root,
//! and read back only for those allowed to see them.

use bytes::Bytes;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use super::files::{attachment_key, FileStore};
use super::{clean, FeedbackError};
use crate::db::schema::attachments;
use crate::db::DbConnection;

/// Per file; bigger uploads are refused (413) before anything is stored.
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;
/// Per submission or transition.
pub const MAX_FILES: usize = 5;

/// A file as received.
#[derive(Debug, Clone)]
pub struct Upload {
    pub file_name: String,
    pub bytes: Bytes,
}

/// A file checked and cleaned, ready to store.
#[derive(Debug, Clone)]
pub struct Checked {
    pub file_name: String,
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, Serialize)]
#[diesel(table_name = attachments)]
pub struct Attachment {
    pub id: String,
    #[serde(skip)]
    pub item_id: String,
    pub event_seq: i32,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub digest: String,
    pub public: bool,
    #[serde(skip)]
    pub uploaded_by: String,
    pub created_at: NaiveDateTime,
}

/// Keeps a name safe to show and to send back in a header: no path, no control characters.
fn clean_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control() && *c != '"')
        .take(120)
        .collect();
    if cleaned.trim().is_empty() {
        "attachment".into()
    } else {
        cleaned
    }
}

/// Checks an upload by what its bytes are, and rewrites it without metadata
/// ([`super::clean`]).
pub fn check(upload: Upload) -> Result<Checked, FeedbackError> {
    let name = clean_name(&upload.file_name);
    if upload.bytes.len() > MAX_FILE_BYTES {
        return Err(FeedbackError::TooLarge(format!(
            "{name} is larger than {} MB",
            MAX_FILE_BYTES / (1024 * 1024)
        )));
    }
    let refused = |reason: String| FeedbackError::Invalid {
        field: "attachments".into(),
        reason: format!("{name} {reason}"),
    };
    let kind = clean::detect(&upload.bytes).map_err(refused)?;
    let bytes = clean::clean(kind, upload.bytes).map_err(refused)?;
    Ok(Checked {
        file_name: name,
        content_type: kind.content_type(),
        bytes,
    })
}

/// Writes checked files and records them, inside the caller's transaction. On failure the
/// caller removes what was written with [`remove_files`].
#[allow(clippy::too_many_arguments)]
pub fn store(
    conn: &mut DbConnection,
    files_store: &dyn FileStore,
    item_id: &str,
    event_seq: i32,
    files: &[Checked],
    public: bool,
    uploaded_by: &str,
    now: NaiveDateTime,
    written: &mut Vec<String>,
) -> Result<Vec<Attachment>, FeedbackError> {
    let mut rows = Vec::new();
    for file in files {
        let id = uuid::Uuid::new_v4().to_string();
        let key = attachment_key(item_id, &id);
        files_store.put(&key, &file.bytes)?;
        written.push(key);
        let row = Attachment {
            id,
            item_id: item_id.to_owned(),
            event_seq,
            file_name: file.file_name.clone(),
            content_type: file.content_type.to_owned(),
            size: file.bytes.len() as i64,
            digest: blake3::hash(&file.bytes).to_hex().to_string(),
            public,
            uploaded_by: uploaded_by.to_owned(),
            created_at: now,
        };
        diesel::insert_into(attachments::table)
            .values(&row)
            .execute(conn)?;
        rows.push(row);
    }
    Ok(rows)
}

/// Best-effort cleanup of files whose transaction did not commit.
pub fn remove_files(files_store: &dyn FileStore, written: &[String]) {
    for key in written {
        let _ = files_store.delete(key);
    }
}

pub fn of_item(conn: &mut DbConnection, item_id: &str) -> QueryResult<Vec<Attachment>> {
    attachments::table
        .filter(attachments::item_id.eq(item_id))
        .order((attachments::event_seq, attachments::created_at))
        .select(Attachment::as_select())
        .load(conn)
}

/// How many files each of these items has (one grouped read, for a page of a queue).
pub fn count_by_item(
    conn: &mut DbConnection,
    items: &[String],
) -> QueryResult<std::collections::HashMap<String, i64>> {
    let counts: Vec<(String, i64)> = attachments::table
        .filter(attachments::item_id.eq_any(items))
        .group_by(attachments::item_id)
        .select((attachments::item_id, diesel::dsl::count_star()))
        .load(conn)?;
    Ok(counts.into_iter().collect())
}

pub fn find(
    conn: &mut DbConnection,
    item_id: &str,
    attachment_id: &str,
) -> QueryResult<Option<Attachment>> {
    attachments::table
        .filter(attachments::item_id.eq(item_id))
        .filter(attachments::id.eq(attachment_id))
        .select(Attachment::as_select())
        .first(conn)
        .optional()
}

/// Whether someone may have a file: public documents (an agency's answer) go to everyone, the
/// complainant's evidence only to those handling the item.
#[derive(Debug)]
pub enum Access {
    Granted(Attachment),
    NotFound,
    /// Evidence, and nobody signed in.
    SignInFirst,
    /// Evidence, and the reader does not handle the item.
    Refused,
}

/// The one rule for handing over a file of `item`, for the API and the pages alike.
pub fn access(
    conn: &mut DbConnection,
    item: &super::Item,
    attachment_id: &str,
    reader: Option<&crate::accounts::CurrentUser>,
) -> QueryResult<Access> {
    let Some(found) = find(conn, &item.id, attachment_id)? else {
        return Ok(Access::NotFound);
    };
    if found.public {
        return Ok(Access::Granted(found));
    }
    Ok(match reader {
        None => Access::SignInFirst,
        Some(user)
            if crate::workflow::engine::sees_everything(
                crate::workflow::engine::Actor::Person(user),
                item,
            ) =>
        {
            Access::Granted(found)
        }
        Some(_) => Access::Refused,
    })
}

/// Whether a stored file is a picture a page may show inline (types were checked on upload).
pub fn is_image(attachment: &Attachment) -> bool {
    matches!(
        attachment.content_type.as_str(),
        "image/jpeg" | "image/png" | "image/webp"
    )
}

/// The stored bytes of an attachment.
pub fn read(files_store: &dyn FileStore, attachment: &Attachment) -> std::io::Result<Vec<u8>> {
    files_store.get(&attachment_key(&attachment.item_id, &attachment.id))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal JPEG with an EXIF segment holding a fake GPS tag.
    fn jpeg_with_exif() -> Vec<u8> {
        let mut j = vec![0xFF, 0xD8];
        let exif = b"Exif\0\0GPSLatitude=-25.2637";
        j.extend_from_slice(&[0xFF, 0xE1]);
        j.extend_from_slice(&((exif.len() + 2) as u16).to_be_bytes());
        j.extend_from_slice(exif);
        // Start of scan with a tiny payload, then end of image.
        j.extend_from_slice(&[0xFF, 0xDA, 0x00, 0x02, 0x11, 0x22, 0xFF, 0xD9]);
        j
    }

    #[test]
    fn jpeg_exif_is_stripped() {
        let checked = check(Upload {
            file_name: "../../etc/photo.jpg".into(),
            bytes: Bytes::from(jpeg_with_exif()),
        });
        let Ok(checked) = checked else {
            panic!("{checked:?}")
        };
        assert_eq!(checked.content_type, "image/jpeg");
        assert_eq!(checked.file_name, "photo.jpg");
        let text = String::from_utf8_lossy(&checked.bytes);
        assert!(!text.contains("GPSLatitude"), "{text}");
        assert!(checked.bytes.starts_with(&[0xFF, 0xD8]));
    }

    #[test]
    fn type_comes_from_content_not_name() {
        let fake = check(Upload {
            file_name: "report.pdf".into(),
            bytes: Bytes::from_static(b"#!/bin/sh\nrm -rf /\n"),
        });
        assert!(
            matches!(&fake, Err(FeedbackError::Invalid { field, .. }) if field == "attachments")
        );
        let pdf = check(Upload {
            file_name: "evidence.exe".into(),
            bytes: Bytes::from(minimal_pdf()),
        });
        assert!(matches!(pdf, Ok(c) if c.content_type == "application/pdf"));
        // Starting like a PDF is not enough: it must read as one.
        let broken = check(Upload {
            file_name: "evidence.pdf".into(),
            bytes: Bytes::from_static(b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"),
        });
        assert!(matches!(broken, Err(FeedbackError::Invalid { .. })));
    }

    /// One empty page, as lopdf writes it.
    fn minimal_pdf() -> Vec<u8> {
        use lopdf::{dictionary, Document, Object};
        let mut doc = Document::with_version("1.5");
        let pages_id = doc.new_object_id();
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        });
        doc.objects.insert(
            pages_id,
            Object::Dictionary(dictionary! {
                "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1,
            }),
        );
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        doc.trailer.set("Root", catalog);
        let mut out = Vec::new();
        doc.save_to(&mut out).unwrap_or_default();
        out
    }
}
