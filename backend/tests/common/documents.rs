//! Evidence files laid out the way common tools write them, each carrying the author's name
//! (`AUTHOR`) where those tools put it, to check that none leaves Veedor.

use std::io::{Cursor, Write};

pub const AUTHOR: &str = "Ana Benítez Rojas";
pub const COMPANY: &str = "Estudio Benítez";

/// A DOCX as Word writes it: content types, relationships, the document, a comment and a
/// tracked change by the author, core properties (creator, last modified by) and application
/// properties (company, application). `content_types_first` lays `[Content_Types].xml` first
/// (Word does; other tools do not).
pub fn docx(content_types_first: bool) -> Vec<u8> {
    let content_types = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>"#;
    let rels = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>El precio del hormigón triplica el de mercado.</w:t></w:r><w:ins w:id="1" w:author="{AUTHOR}" w:date="2026-11-20T10:00:00Z"><w:r><w:t>Ver factura adjunta.</w:t></w:r></w:ins></w:p></w:body></w:document>"#
    );
    let comments = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:comment w:id="0" w:author="{AUTHOR}" w:date="2026-11-20T10:00:00Z" w:initials="ABR"><w:p><w:r><w:t>Revisar</w:t></w:r></w:p></w:comment></w:comments>"#
    );
    let core = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>Denuncia</dc:title><dc:creator>{AUTHOR}</dc:creator><cp:lastModifiedBy>{AUTHOR}</cp:lastModifiedBy><cp:revision>3</cp:revision><dcterms:created xsi:type="dcterms:W3CDTF">2026-11-20T09:00:00Z</dcterms:created></cp:coreProperties>"#
    );
    let app = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Template>Normal.dotm</Template><Application>Microsoft Office Word</Application><Company>{COMPANY}</Company></Properties>"#
    );
    let mut parts: Vec<(&str, String)> = vec![
        ("_rels/.rels", rels.into()),
        ("word/document.xml", document),
        ("word/comments.xml", comments),
        ("docProps/core.xml", core),
        ("docProps/app.xml", app),
    ];
    if content_types_first {
        parts.insert(0, ("[Content_Types].xml", content_types.into()));
    } else {
        parts.push(("[Content_Types].xml", content_types.into()));
    }
    zip_of(&parts)
}

/// A zip that merely has a `word/` entry: not a document.
pub fn fake_docx() -> Vec<u8> {
    zip_of(&[("word/evil.exe", "MZ".into())])
}

pub fn zip_of(parts: &[(&str, String)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, text) in parts {
        zip.start_file(*name, zip::write::SimpleFileOptions::default())
            .expect("zip entry");
        zip.write_all(text.as_bytes()).expect("zip write");
    }
    zip.finish().expect("zip").into_inner()
}

/// A PDF as "Save as PDF" leaves it: an information dictionary (author, creator, producer)
/// and an XMP metadata stream naming the author, then an incremental update that keeps the
/// first revision's bytes in the file.
pub fn pdf() -> Vec<u8> {
    use lopdf::{dictionary, Document, Object, Stream, StringFormat};
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let content = doc.add_object(Stream::new(
        dictionary! {},
        b"BT /F1 12 Tf 72 720 Td (Factura 001-001-0001234) Tj ET".to_vec(),
    ));
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1,
        }),
    );
    let xmp = format!(
        r#"<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/"><dc:creator><rdf:Seq><rdf:li>{AUTHOR}</rdf:li></rdf:Seq></dc:creator><xmp:CreatorTool>Microsoft® Word for Microsoft 365</xmp:CreatorTool></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>"#
    );
    let metadata = doc.add_object(Stream::new(
        dictionary! { "Type" => "Metadata", "Subtype" => "XML" },
        xmp.into_bytes(),
    ));
    let catalog = doc.add_object(dictionary! {
        "Type" => "Catalog", "Pages" => pages_id, "Metadata" => metadata,
    });
    let text = |s: &str| Object::String(s.as_bytes().to_vec(), StringFormat::Literal);
    let info = doc.add_object(dictionary! {
        "Author" => text(AUTHOR),
        "Creator" => text("Microsoft Word for Microsoft 365"),
        "Producer" => text("Microsoft Word for Microsoft 365"),
        "Title" => text("Denuncia"),
    });
    doc.trailer.set("Root", catalog);
    doc.trailer.set("Info", info);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("pdf");
    out
}

fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut out = (data.len() as u32).to_be_bytes().to_vec();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let mut crc = flate2::Crc::new();
    crc.update(kind);
    crc.update(data);
    out.extend_from_slice(&crc.sum().to_be_bytes());
    out
}

/// A 1×1 PNG with an author in a text chunk, a software name, and an ICC profile that names
/// the device.
pub fn png() -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&1u32.to_be_bytes());
    ihdr.extend_from_slice(&1u32.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    out.extend(png_chunk(b"IHDR", &ihdr));
    out.extend(png_chunk(
        b"iCCP",
        b"Galaxy S24 Ultra de Ana\0\0\x78\x9c\x03\x00\x00\x00\x00\x01",
    ));
    out.extend(png_chunk(b"tEXt", format!("Author\0{AUTHOR}").as_bytes()));
    out.extend(png_chunk(b"tEXt", b"Software\0Adobe Photoshop 25.0"));
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    z.write_all(&[0, 255, 0, 0]).expect("zlib");
    out.extend(png_chunk(b"IDAT", &z.finish().expect("zlib")));
    out.extend(png_chunk(b"IEND", b""));
    out
}

fn riff_chunk(id: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut out = id.to_vec();
    out.extend_from_slice(&(data.len() as u32).to_le_bytes());
    out.extend_from_slice(data);
    if data.len() % 2 == 1 {
        out.push(0);
    }
    out
}

/// An extended WebP (VP8X) with an ICC profile, EXIF and XMP naming the author and device.
pub fn webp() -> Vec<u8> {
    // Flags: ICC (0x20), EXIF (0x08), XMP (0x04); canvas 1×1 (stored minus one).
    let vp8x = [0x2C, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    // A lossless 1×1 bitstream.
    let vp8l = [
        0x2F, 0x00, 0x00, 0x00, 0x10, 0x07, 0x10, 0x11, 0x11, 0x88, 0x88, 0xFE, 0x07, 0x00,
    ];
    let mut body = b"WEBP".to_vec();
    body.extend(riff_chunk(b"VP8X", &vp8x));
    body.extend(riff_chunk(b"ICCP", b"Pixel 9 Pro de Ana"));
    body.extend(riff_chunk(b"VP8L", &vp8l));
    body.extend(riff_chunk(
        b"EXIF",
        format!("Exif\0\0Artist={AUTHOR};GPS=-25.28,-57.63").as_bytes(),
    ));
    body.extend(riff_chunk(
        b"XMP ",
        format!("<x:xmpmeta><dc:creator>{AUTHOR}</dc:creator></x:xmpmeta>").as_bytes(),
    ));
    let mut out = b"RIFF".to_vec();
    out.extend_from_slice(&(body.len() as u32).to_le_bytes());
    out.extend(body);
    out
}

/// Whether `bytes` still say who made them, in any of the places the fixtures put it.
pub fn names_anyone(bytes: &[u8]) -> Option<&'static str> {
    let text = String::from_utf8_lossy(bytes);
    [
        AUTHOR,
        "Ana Ben",
        COMPANY,
        "Microsoft",
        "Photoshop",
        "Galaxy",
        "Pixel 9",
        "GPS",
        "ABR",
    ]
    .into_iter()
    .find(|needle| text.contains(needle))
}

/// Everything a reader of the file could see: the bytes, every zip entry unpacked, and every
/// PDF stream decompressed.
pub fn readable(bytes: &[u8]) -> Vec<u8> {
    use std::io::Read;
    let mut out = bytes.to_vec();
    if let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) {
        for i in 0..zip.len() {
            if let Ok(mut entry) = zip.by_index(i) {
                let _ = entry.read_to_end(&mut out);
            }
        }
    }
    if let Ok(doc) = lopdf::Document::load_mem(bytes) {
        for object in doc.objects.values() {
            if let lopdf::Object::Stream(s) = object {
                out.extend(
                    s.decompressed_content()
                        .unwrap_or_else(|_| s.content.clone()),
                );
            }
            out.extend(format!("{object:?}").into_bytes());
        }
        out.extend(format!("{:?}", doc.trailer).into_bytes());
    }
    out
}
