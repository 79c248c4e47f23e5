//! A world to test features in: two processes bought by two agencies (A and B), and the
//! personas who use Veedor (a citizen, a moderator of each of two civil-society organizations,
//! an officer of each agency, an auditor of the oversight bodies, an admin), all with
//! [`super::PASSWORD`]. Tests run it through the production app (`veedor::server::app`).

use serde_json::json;
use veedor::accounts::{self, Role};

use super::{import, path_input, TestDb, PASSWORD};

/// The process bought by agency A, and the one bought by agency B.
pub const OCID: &str = "ocds-world-1";
pub const OTHER_OCID: &str = "ocds-world-2";
pub const AGENCY_A: &str = "PY-RUC-80000001";
pub const AGENCY_B: &str = "PY-RUC-80000002";
/// The oversight body the auditor belongs to, and the regulator Paraguayan agencies escalate to.
pub const AUDIT_OFFICE: &str = "audit-office";
pub const REGULATOR: &str = "procurement-regulator-py";

pub struct World {
    pub db: TestDb,
    /// Where the world's evidence files are kept.
    pub files: std::path::PathBuf,
    _tmp: tempfile::TempDir,
    /// Account ids of the personas.
    pub citizen: String,
    pub moderator: String,
    pub other_moderator: String,
    pub officer: String,
    pub other_officer: String,
    pub auditor: String,
    pub admin: String,
}

/// A footbridge tender by the municipality `town` (agency `PY-RUC-{ruc}`).
pub fn release(ocid: &str, ruc: &str, town: &str) -> String {
    let buyer = format!("Municipalidad de {town}");
    json!({
        "ocid": ocid, "id": "r1", "date": "2026-01-05T10:00:00Z", "tag": ["tender"],
        "buyer": {"id": "b", "name": buyer},
        "parties": [{"id": "b", "name": buyer, "roles": ["buyer"],
            "identifier": {"scheme": "PY-RUC", "id": ruc},
            "contactPoint": {"email": format!("compras@{}.example.org", town.to_lowercase())}}],
        "tender": {"id": "t1", "title": "Puente peatonal", "procurementMethod": "open",
            "mainProcurementCategory": "works", "value": {"amount": 250000, "currency": "PYG"}}
    })
    .to_string()
}

impl World {
    pub fn new() -> World {
        let tmp = tempfile::tempdir().expect("tempdir");
        let data = tmp.path().join("data.jsonl");
        std::fs::write(
            &data,
            format!(
                "{}\n{}\n",
                release(OCID, "80000001", "Ñemby"),
                release(OTHER_OCID, "80000002", "Luque")
            ),
        )
        .expect("write");
        let db = TestDb::new();
        let report = import(&db, &[path_input(data)]);
        assert_eq!(report.error_count, 0, "{}", report.render());
        let mut conn = db.conn();
        veedor::agencies::create_cso(&mut conn, "cso-1", "Observatorio Ciudadano").expect("cso");
        veedor::agencies::create_cso(&mut conn, "cso-2", "Otra Red").expect("cso");
        let mut person = |email: &str, role: Role, org: &str| {
            accounts::create_verified(&mut conn, email, PASSWORD, email, role, org)
                .expect("persona")
        };
        let citizen = person("ana@example.org", Role::Citizen, "");
        let moderator = person("mod@example.org", Role::Moderator, "cso-1");
        let other_moderator = person("mod@otra.example.org", Role::Moderator, "cso-2");
        let officer = person("officer@nemby.example.org", Role::Officer, AGENCY_A);
        let other_officer = person("officer@other.example.org", Role::Officer, AGENCY_B);
        let auditor = person("auditor@audit.example.org", Role::Oversight, AUDIT_OFFICE);
        let admin = person("admin@example.org", Role::Admin, "");
        accounts::add_membership(&mut conn, &auditor, Role::Oversight, REGULATOR)
            .expect("membership");
        World {
            db,
            files: super::files_dir(),
            _tmp: tmp,
            citizen,
            moderator,
            other_moderator,
            officer,
            other_officer,
            auditor,
            admin,
        }
    }

    /// The shipped workflow's engine, keeping files in the world's directory.
    pub fn engine(&self) -> veedor::workflow::Engine {
        super::engine(&self.files)
    }

    /// A browser session: the session cookie and its CSRF token.
    pub fn browser(&self, email: &str) -> (actix_web::cookie::Cookie<'static>, String) {
        let mut conn = self.db.conn();
        let session = accounts::web_signin(&mut conn, email, PASSWORD, 8).expect("sign in");
        let (_, csrf) = accounts::web_session(&mut conn, &session.token).expect("session");
        (
            actix_web::cookie::Cookie::new("veedor_session", session.token),
            csrf,
        )
    }
}
