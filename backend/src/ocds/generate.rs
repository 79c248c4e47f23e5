//! Synthetic OCDS data for demos and load tests: a JSON Lines stream of releases that walks
//! each process through its stages, with many buyers and suppliers and non-ASCII text.
//! Deterministic for a given seed.

use std::io::{self, Write};

use chrono::{Duration, NaiveDate, NaiveDateTime};
use serde_json::{json, Value};

const PREFIX: &str = "ocds-vdr0r1";

/// The words a publisher writes in its own language.
struct Words {
    unit: &'static str,
    /// "Lugar" before the region in a tender's description.
    location: &'static str,
    /// The planning rationale, before the buyer's name.
    need: &'static str,
    tender_notice: &'static str,
    award_notice: &'static str,
    contract_signed: &'static str,
    /// The name of a buyer's procurement office.
    office: &'static str,
}

struct Place {
    words: Words,
    country: &'static str,
    currency: &'static str,
    scheme: &'static str,
    language: &'static str,
    regions: &'static [&'static str],
    buyers: &'static [&'static str],
    goods: &'static [&'static str],
    works: &'static [&'static str],
    services: &'static [&'static str],
    companies: &'static [&'static str],
}

const PLACES: &[Place] = &[
    Place {
        country: "Paraguay",
        currency: "PYG",
        scheme: "PY-RUC",
        language: "es",
        words: Words {
            unit: "unidad",
            location: "Lugar",
            need: "Necesidad identificada por",
            tender_notice: "Aviso de licitación",
            award_notice: "Resolución de adjudicación",
            contract_signed: "Contrato firmado",
            office: "Unidad de Contrataciones",
        },
        regions: &[
            "Asunción",
            "Central",
            "Itapúa",
            "Alto Paraná",
            "Caaguazú",
            "Ñeembucú",
        ],
        buyers: &[
            "Ministerio de Salud Pública y Bienestar Social",
            "Municipalidad de Ñemby",
            "Ministerio de Obras Públicas y Comunicaciones",
            "Gobernación de Itapúa",
            "Universidad Nacional de Asunción",
            "Instituto de Previsión Social",
        ],
        goods: &[
            "Adquisición de medicamentos oncológicos",
            "Compra de útiles escolares",
            "Adquisición de ambulancias",
            "Provisión de insumos de laboratorio",
            "Adquisición de computadoras portátiles",
        ],
        works: &[
            "Construcción de puente peatonal sobre el arroyo Ñemby",
            "Pavimentación asfáltica de la avenida Mcal. López",
            "Ampliación del hospital regional",
            "Reparación de escuelas rurales",
            "Construcción de planta de tratamiento de agua",
        ],
        services: &[
            "Servicio de limpieza de edificios públicos",
            "Mantenimiento de equipos de rayos X",
            "Consultoría para auditoría de sistemas",
            "Servicio de vigilancia y seguridad",
        ],
        companies: &[
            "Constructora Guaraní S.A.",
            "Farmacéutica del Sur S.R.L.",
            "Tecnología Avanzada Paraguay",
            "Servicios Integrales Ñandutí",
            "Ingeniería y Obras Yacyretá",
            "Distribuidora Médica Tajy",
        ],
    },
    Place {
        country: "Україна",
        currency: "UAH",
        scheme: "UA-EDR",
        language: "uk",
        words: Words {
            unit: "штука",
            location: "Місце",
            need: "Потребу визначив замовник",
            tender_notice: "Оголошення про закупівлю",
            award_notice: "Повідомлення про намір укласти договір",
            contract_signed: "Підписаний договір",
            office: "Тендерний комітет",
        },
        regions: &[
            "Київ",
            "Львівська область",
            "Харківська область",
            "Одеська область",
            "Дніпропетровська область",
        ],
        buyers: &[
            "Київська міська рада",
            "Міністерство охорони здоров'я України",
            "Львівська обласна державна адміністрація",
            "Укравтодор",
            "Харківський національний університет",
        ],
        goods: &[
            "Закупівля медичного обладнання",
            "Постачання шкільних автобусів",
            "Закупівля комп'ютерної техніки",
            "Постачання ліків",
        ],
        works: &[
            "Капітальний ремонт дороги М-06",
            "Будівництво дитячого садка",
            "Реконструкція мосту через Дніпро",
            "Ремонт покрівлі лікарні",
        ],
        services: &[
            "Послуги з прибирання приміщень",
            "Технічне обслуговування ліфтів",
            "Послуги охорони",
        ],
        companies: &[
            "ТОВ «Будівельна компанія Дніпро»",
            "ПП «Медтехніка»",
            "ТОВ «Авто-Сервіс Плюс»",
            "ТОВ «Шляхбуд»",
            "ПАТ «Київенерго»",
        ],
    },
    Place {
        country: "Brasil",
        currency: "BRL",
        scheme: "BR-CNPJ",
        language: "pt",
        words: Words {
            unit: "unidade",
            location: "Local",
            need: "Necessidade identificada por",
            tender_notice: "Edital de licitação",
            award_notice: "Resultado da licitação",
            contract_signed: "Contrato assinado",
            office: "Comissão de Licitação",
        },
        regions: &["São Paulo", "Minas Gerais", "Pernambuco", "Pará", "Paraná"],
        buyers: &[
            "Prefeitura de São João del-Rei",
            "Secretaria de Saúde de Pernambuco",
            "Departamento de Estradas de Rodagem",
            "Universidade Federal do Pará",
        ],
        goods: &[
            "Aquisição de vacinas",
            "Compra de merenda escolar",
            "Aquisição de equipamentos hospitalares",
        ],
        works: &[
            "Construção de creche municipal",
            "Recuperação de estradas vicinais",
            "Reforma da praça central",
            "Obras de saneamento básico",
        ],
        services: &[
            "Serviços de coleta de lixo",
            "Manutenção de iluminação pública",
            "Transporte escolar",
        ],
        companies: &[
            "Construtora Ipê Ltda.",
            "Saúde & Cia Distribuidora",
            "Engenharia São Jorge S.A.",
            "Limpeza Urbana Açaí",
        ],
    },
    Place {
        country: "United Kingdom",
        currency: "GBP",
        scheme: "GB-COH",
        language: "en",
        words: Words {
            unit: "unit",
            location: "Location",
            need: "Need identified by",
            tender_notice: "Tender notice",
            award_notice: "Award notice",
            contract_signed: "Signed contract",
            office: "Procurement office",
        },
        regions: &["London", "Greater Manchester", "West Yorkshire", "Kent"],
        buyers: &[
            "London Borough of Barnet",
            "NHS Supply Chain",
            "Kent County Council",
            "Department for Education",
        ],
        goods: &[
            "Supply of school furniture",
            "Purchase of electric buses",
            "Provision of PPE",
        ],
        works: &[
            "Cycle lane construction on the A41",
            "Refurbishment of council housing",
            "Flood defence works",
        ],
        services: &[
            "Grounds maintenance services",
            "IT support and helpdesk",
            "Social care transport",
        ],
        companies: &[
            "Acme Civil Engineering Ltd",
            "Northern Supplies plc",
            "Greenways Contracting Ltd",
            "Brightcare Services Ltd",
        ],
    },
];

const METHODS: &[&str] = &["open", "open", "open", "selective", "limited", "direct"];

/// Writes `processes` processes as JSON Lines releases; returns the number of releases.
pub fn generate(out: &mut dyn Write, processes: usize, seed: u64) -> io::Result<u64> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut written = 0u64;
    let start = NaiveDate::from_ymd_opt(2024, 1, 8)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .unwrap_or_default();
    // Many buyers: each place's names, numbered into distinct agencies.
    let buyers_per_place = (processes / 25).clamp(4, 2000);
    let suppliers_per_place = (processes / 8).clamp(6, 20_000);
    for n in 0..processes {
        let place = &PLACES[rng.usize(..PLACES.len())];
        let buyer_n = rng.usize(..buyers_per_place);
        let buyer = organization(place, place.buyers, buyer_n, 1000, &mut rng, true);
        let category = ["goods", "works", "services"][rng.usize(..3)];
        let titles = match category {
            "goods" => place.goods,
            "works" => place.works,
            _ => place.services,
        };
        let title = format!(
            "{} ({})",
            titles[rng.usize(..titles.len())],
            place.regions[rng.usize(..place.regions.len())]
        );
        let method = METHODS[rng.usize(..METHODS.len())];
        let amount = (rng.u64(10..5000) * 1000) as f64;
        let ocid = format!("{PREFIX}-{:08}", n + 1);
        let opened = start + Duration::minutes(rng.i64(0..60 * 24 * 700));
        // How far this process got: most reach a contract, some stop earlier.
        let last_stage = match rng.u8(..10) {
            0 => 1,
            1 => 2,
            2..=3 => 3,
            4..=6 => 4,
            _ => 5,
        };
        let n_suppliers = if method == "direct" {
            1
        } else {
            rng.usize(1..=4)
        };
        let mut bidders: Vec<Value> = Vec::new();
        for _ in 0..n_suppliers + rng.usize(0..3) {
            let org = organization(
                place,
                place.companies,
                rng.usize(..suppliers_per_place),
                50_000,
                &mut rng,
                false,
            );
            if bidders.iter().all(|b| b["id"] != org["id"]) {
                bidders.push(org);
            }
        }
        // What the risk indicators read (bids, their statuses, awards with items) comes from
        // a generator of its own, so the processes above stay those of earlier versions; a
        // small share of processes is given each pattern an indicator looks for.
        let mut odd = fastrand::Rng::with_seed(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ n as u64);
        let pattern = Pattern::pick(&mut odd);
        // Ten companies per place win often; the first in every kind of work, the others
        // each in a few divisions of the classification (R048 compares them).
        let frequent_n = odd.usize(..10);
        if pattern == Pattern::FrequentWinner {
            let frequent =
                organization(place, place.companies, frequent_n, 50_000, &mut odd, false);
            bidders.retain(|b| b["id"] != frequent["id"]);
            bidders.insert(0, frequent);
        }
        let winner = bidders[0].clone();
        let mut parties = vec![with_roles(&buyer, &["buyer", "procuringEntity"])];
        let tender_id = format!("{ocid}-tender");
        let mut cpv = 30_000_000 + rng.u32(..15_000_000);
        if pattern == Pattern::FrequentWinner && frequent_n > 0 {
            let division = 30 + frequent_n as u32 + odd.u32(..=frequent_n as u32 / 2);
            cpv = division * 1_000_000 + cpv % 1_000_000;
        }
        let items = json!([{
            "id": "1",
            "description": title,
            "classification": {"scheme": "CPV", "id": format!("{cpv}"), "description": title},
            "quantity": rng.u32(1..500),
            "unit": {"name": place.words.unit, "value": {"amount": (amount / 10.0).round(), "currency": place.currency}}
        }]);
        let base = |id: &str, date: NaiveDateTime, tag: &str, parties: &Vec<Value>| {
            json!({
                "ocid": ocid, "id": format!("{ocid}-{id}"), "date": iso(date), "tag": [tag],
                "initiationType": "tender", "language": place.language,
                "parties": parties,
                "buyer": {"id": buyer["id"], "name": buyer["name"]},
            })
        };
        let mut releases = Vec::new();
        let mut planning = base("planning", opened, "planning", &parties);
        planning["planning"] = json!({
            "rationale": format!("{} {}", place.words.need, buyer["name"].as_str().unwrap_or_default()),
            "budget": {"amount": {"amount": amount * 1.1, "currency": place.currency}, "project": title}
        });
        releases.push(planning);
        let tender_date = opened + Duration::days(rng.i64(5..30));
        // At least the 15 days most laws ask for, unless the pattern says otherwise (R003).
        let mut tender_end = tender_date + Duration::days(rng.i64(10..40) + 5);
        if pattern == Pattern::ShortPeriod {
            tender_end = tender_date + Duration::days(odd.i64(3..12));
        }
        let tender = json!({
            "id": tender_id, "title": title,
            "description": format!("{title}. {}: {}, {}.", place.words.location, place.regions[rng.usize(..place.regions.len())], place.country),
            "status": "active", "procurementMethod": method, "mainProcurementCategory": category,
            "procuringEntity": {"id": buyer["id"], "name": buyer["name"]},
            "value": {"amount": amount, "currency": place.currency},
            "tenderPeriod": {"startDate": iso(tender_date), "endDate": iso(tender_end)},
            "items": items,
            "documents": [document(&ocid, "tenderNotice", place.words.tender_notice, "aviso.pdf", tender_date)],
        });
        if last_stage >= 2 {
            let mut r = base("tender", tender_date, "tender", &parties);
            r["tender"] = tender.clone();
            releases.push(r);
        }
        let award_date = tender_end + Duration::days(rng.i64(3..20));
        let award_value = (amount * (0.7 + rng.f64() * 0.35)).round();
        if last_stage >= 3 {
            let mut listed = std::collections::HashSet::new();
            for b in &bidders {
                if !listed.insert(b["id"].to_string()) {
                    continue;
                }
                let roles: &[&str] = if b["id"] == winner["id"] {
                    &["tenderer", "supplier"]
                } else {
                    &["tenderer"]
                };
                parties.push(with_roles(b, roles));
            }
            let mut r = base("award", award_date, "award", &parties);
            let mut t = tender.clone();
            t["status"] = json!("complete");
            t["tenderers"] = Value::Array(
                bidders
                    .iter()
                    .map(|b| json!({"id": b["id"], "name": b["name"]}))
                    .collect(),
            );
            t["numberOfTenderers"] = json!(bidders.len());
            r["tender"] = t;
            r["bids"] = json!({"details": bids(&bidders, award_value, tender_date, tender_end, place.currency, pattern, &mut odd)});
            r["awards"] = json!([{
                "id": format!("{ocid}-award-1"), "title": title, "status": "active", "date": iso(award_date),
                "value": {"amount": award_value, "currency": place.currency},
                "suppliers": [{"id": winner["id"], "name": winner["name"]}],
                "items": items,
                "documents": [document(&ocid, "awardNotice", place.words.award_notice, "adjudicacion.pdf", award_date)],
            }]);
            releases.push(r);
        }
        let signed = award_date + Duration::days(rng.i64(5..25));
        if last_stage >= 4 {
            let mut r = base("contract", signed, "contract", &parties);
            r["contracts"] = json!([{
                "id": format!("{ocid}-contract-1"), "awardID": format!("{ocid}-award-1"),
                "title": title, "status": "active", "dateSigned": iso(signed),
                "value": {"amount": award_value, "currency": place.currency},
                "period": {"startDate": iso(signed), "endDate": iso(signed + Duration::days(180))},
                "documents": [document(&ocid, "contractSigned", place.words.contract_signed, "contrato.pdf", signed)],
            }]);
            releases.push(r);
        }
        if last_stage >= 5 {
            let paid = signed + Duration::days(rng.i64(30..150));
            let mut r = base("implementation", paid, "implementation", &parties);
            r["contracts"] = json!([{
                "id": format!("{ocid}-contract-1"),
                "implementation": {"transactions": [{
                    "id": format!("{ocid}-tx-1"), "date": iso(paid),
                    "value": {"amount": (award_value * 0.5).round(), "currency": place.currency},
                    "payer": {"id": buyer["id"], "name": buyer["name"]},
                    "payee": {"id": winner["id"], "name": winner["name"]},
                }]},
            }]);
            releases.push(r);
        }
        for release in releases {
            serde_json::to_writer(&mut *out, &release)?;
            out.write_all(b"\n")?;
            written += 1;
        }
    }
    out.flush()?;
    Ok(written)
}

/// What a process shows the risk indicators (docs/INDICATORS.md): most nothing, a few percent
/// each pattern one looks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pattern {
    Ordinary,
    /// R003: a few days to bid.
    ShortPeriod,
    /// R028: a disqualified bid at exactly the winner's price.
    IdenticalPrice,
    /// R030: the winning bid came after the deadline.
    LateWinner,
    /// R035: every other bid disqualified.
    OthersDisqualified,
    /// R036: the lowest bid disqualified.
    LowestDisqualified,
    /// R024: the second bid a hair above the winner's.
    CloseBid,
    /// R058: the winner far below everybody else.
    DiscountedBid,
    /// R048: one company per place wins many processes, of every kind.
    FrequentWinner,
}

impl Pattern {
    fn pick(rng: &mut fastrand::Rng) -> Pattern {
        match rng.u8(..100) {
            0..=2 => Pattern::ShortPeriod,
            3..=4 => Pattern::IdenticalPrice,
            5..=6 => Pattern::LateWinner,
            7..=8 => Pattern::OthersDisqualified,
            9..=10 => Pattern::LowestDisqualified,
            11..=12 => Pattern::CloseBid,
            13..=14 => Pattern::DiscountedBid,
            15..=26 => Pattern::FrequentWinner,
            _ => Pattern::Ordinary,
        }
    }
}

/// `bids.details` of a process: the winner's bid at the award's value, the others above it
/// (the second-lowest 10–25 % above, as in a market with real competition), shaped by `pattern`.
fn bids(
    bidders: &[Value],
    winning: f64,
    opened: NaiveDateTime,
    deadline: NaiveDateTime,
    currency: &str,
    pattern: Pattern,
    rng: &mut fastrand::Rng,
) -> Vec<Value> {
    let span = (deadline - opened).num_hours().max(2);
    let mut out = Vec::with_capacity(bidders.len() + 1);
    let mut second = winning * (1.10 + rng.f64() * 0.15);
    match pattern {
        Pattern::CloseBid => second = winning * (1.0 + rng.f64() * 0.01),
        Pattern::DiscountedBid => second = winning * (1.8 + rng.f64()),
        _ => {}
    }
    for (i, bidder) in bidders.iter().enumerate() {
        let mut date = opened + Duration::hours(rng.i64(1..span));
        let (status, amount) = match i {
            0 => {
                if pattern == Pattern::LateWinner {
                    date = deadline + Duration::hours(rng.i64(2..72));
                }
                ("valid", winning)
            }
            1 => (
                if pattern == Pattern::IdenticalPrice {
                    "disqualified"
                } else {
                    "valid"
                },
                if pattern == Pattern::IdenticalPrice {
                    winning
                } else {
                    second.round()
                },
            ),
            _ => ("valid", (second * (1.0 + rng.f64() * 0.3)).round()),
        };
        // Some bids are disqualified in ordinary processes too (R038 compares buyers' shares).
        let status = if (pattern == Pattern::OthersDisqualified && i > 0)
            || (i >= 2 && i == bidders.len() - 1 && rng.u8(..100) < 30)
        {
            "disqualified"
        } else {
            status
        };
        out.push(json!({
            "id": format!("bid-{}", i + 1), "date": iso(date), "status": status,
            "tenderers": [{"id": bidder["id"], "name": bidder["name"]}],
            "value": {"amount": amount, "currency": currency},
        }));
    }
    if pattern == Pattern::LowestDisqualified {
        if let Some(last) = bidders.last().filter(|_| bidders.len() > 1) {
            out.push(json!({
                "id": format!("bid-{}", bidders.len() + 1), "date": iso(opened + Duration::hours(1)),
                "status": "disqualified",
                "tenderers": [{"id": last["id"], "name": last["name"]}],
                "value": {"amount": (winning * 0.9).round(), "currency": currency},
            }));
        }
    }
    out
}

/// A published document: where the publisher keeps it, not the document itself.
fn document(ocid: &str, kind: &str, title: &str, file: &str, date: NaiveDateTime) -> Value {
    json!({
        "id": format!("{ocid}-{kind}"), "documentType": kind, "title": title,
        "url": format!("https://documentos.example.org/{ocid}/{file}"),
        "format": "application/pdf", "datePublished": iso(date),
    })
}

fn iso(dt: NaiveDateTime) -> String {
    dt.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn organization(
    place: &Place,
    names: &[&str],
    n: usize,
    base: u64,
    rng: &mut fastrand::Rng,
    buyer: bool,
) -> Value {
    let name = if n < names.len() {
        names[n].to_owned()
    } else {
        format!("{} {}", names[n % names.len()], n / names.len() + 1)
    };
    let number = base + n as u64 * 7 + u64::from(place.scheme.len() as u8);
    let id = format!("{}-{number}", place.scheme);
    let slug: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .take(12)
        .collect::<String>()
        .to_lowercase();
    let mut org = json!({
        "id": id, "name": name,
        "identifier": {"scheme": place.scheme, "id": number.to_string(), "legalName": name},
        "address": {"region": place.regions[n % place.regions.len()], "countryName": place.country},
    });
    if buyer || rng.bool() {
        org["contactPoint"] = json!({"name": place.words.office, "email": format!("compras.{}{number}@example.org", if slug.is_empty() { "org" } else { &slug })});
    }
    org
}

fn with_roles(org: &Value, roles: &[&str]) -> Value {
    let mut org = org.clone();
    org["roles"] = json!(roles);
    org
}

/// Writes the releases found under `from` (files and packages of any shape the importer
/// reads; compiled releases and OCP's legacy records are left out) `copies` times as JSON
/// Lines of one-release packages, each copy under new ocids (`{ocid}-copy{k}`): real
/// publishers' releases, with their documents and sizes, at any volume. Returns the number of
/// releases written.
pub fn copy_real(
    from: &std::path::Path,
    copies: usize,
    out: &std::path::Path,
) -> Result<u64, String> {
    use crate::ocds::reader::{read_input, Incoming, Issue, Sink, SinkStop, VersionPolicy};
    struct Collect(Vec<Value>);
    impl Sink for Collect {
        fn release(&mut self, release: Incoming) -> Result<(), SinkStop> {
            // The text the reader checked: valid JSON.
            if let Ok(value) = serde_json::from_str(&release.raw) {
                self.0.push(value);
            }
            Ok(())
        }
        fn issue(&mut self, _issue: Issue) {}
    }
    fn files(dir: &std::path::Path, found: &mut Vec<std::path::PathBuf>) -> io::Result<()> {
        let mut entries: Vec<_> = std::fs::read_dir(dir)?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .collect();
        entries.sort();
        for path in entries {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if path.is_dir() {
                if name != "compiled-releases" && name != "records-legacy" {
                    files(&path, found)?;
                }
            } else if name.ends_with(".json") || name.ends_with(".jsonl") {
                found.push(path);
            }
        }
        Ok(())
    }
    let mut paths = Vec::new();
    files(from, &mut paths).map_err(|e| format!("{}: {e}", from.display()))?;
    let mut sink = Collect(Vec::new());
    for path in &paths {
        let file = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
        read_input(
            &path.display().to_string(),
            io::BufReader::new(file),
            &mut sink,
            VersionPolicy::default(),
        );
    }
    let file = std::fs::File::create(out).map_err(|e| format!("{}: {e}", out.display()))?;
    let mut writer = io::BufWriter::new(file);
    let mut written = 0u64;
    for copy in 0..copies {
        for release in &sink.0 {
            let mut release = release.clone();
            // A release-level `version` is not OCDS (OCP's upgrade script added it to some
            // samples); left in, it gives one stream two versions, which compilers refuse.
            if let Some(fields) = release.as_object_mut() {
                fields.remove("version");
            }
            if let Some(ocid) = release.get("ocid").and_then(Value::as_str) {
                release["ocid"] = Value::String(format!("{ocid}-copy{copy}"));
            }
            // One release per package, which states its version: Veedor reads a bare release
            // as 1.1 anyway, but `ocdskit compile` guesses 1.0 for some and refuses the mix, so
            // a reference compiler could not read the same stream otherwise.
            let package = serde_json::json!({ "version": "1.1", "releases": [release] });
            serde_json::to_writer(&mut writer, &package).map_err(|e| e.to_string())?;
            writer.write_all(b"\n").map_err(|e| e.to_string())?;
            written += 1;
        }
    }
    writer.flush().map_err(|e| e.to_string())?;
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_well_formed() {
        let mut a = Vec::new();
        let mut b = Vec::new();
        let n = generate(&mut a, 50, 7).unwrap_or(0);
        generate(&mut b, 50, 7).unwrap_or(0);
        assert_eq!(a, b);
        assert!(n >= 50, "{n}");
        let text = String::from_utf8(a).unwrap_or_default();
        let mut ocids = std::collections::HashSet::new();
        for line in text.lines() {
            let v: Value = serde_json::from_str(line).unwrap_or(Value::Null);
            assert!(v["date"].is_string() && v["id"].is_string());
            ocids.insert(v["ocid"].as_str().unwrap_or_default().to_owned());
        }
        assert_eq!(ocids.len(), 50);
        assert!(!text.is_ascii());
    }
}
