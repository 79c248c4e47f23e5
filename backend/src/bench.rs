//! `veedor bench feedback`: throughput of the redress loop on a fresh database, and the
//! deadline sweep over a large item table; `veedor bench pages` (in `pages`): public pages
//! under concurrent load. Numbers, not assertions: tests check behaviour.

pub mod indicators;
pub mod pages;
pub mod scale;
pub mod sync;

use std::path::Path;
use std::time::Instant;

use chrono::{Duration, Utc};
use diesel::prelude::*;

use crate::accounts::{self, CurrentUser, Role};
use crate::db::schema::feedback_items;
use crate::db::{self, DatabaseUrl, DbConnection};
use crate::feedback::{Item, Submission};
use crate::ocds::import::{Importer, Input};
use crate::workflow::engine::{Actor, Engine, Request};

pub(crate) const PASSWORD: &str = "bench password 2026";

fn person(
    conn: &mut DbConnection,
    email: &str,
    role: Role,
    org: &str,
) -> Result<CurrentUser, String> {
    let id = accounts::create_verified(conn, email, PASSWORD, email, role, org)
        .map_err(|e| e.to_string())?;
    Ok(CurrentUser {
        id: id.clone(),
        email: email.to_owned(),
        memberships: accounts::memberships_of(conn, &id).map_err(|e| e.to_string())?,
    })
}

/// Takes `transition` on `item` as `who`, with an optional comment.
pub(crate) fn take(
    engine: &Engine,
    conn: &mut DbConnection,
    item: &str,
    who: &CurrentUser,
    transition: &str,
    comment: Option<&str>,
    now: chrono::NaiveDateTime,
) -> Result<(), String> {
    let request = Request {
        transition: transition.into(),
        comment: comment.map(str::to_owned),
        ..Request::default()
    };
    engine
        .transition(conn, item, Actor::Person(who), &request, &[], now)
        .map(drop)
        .map_err(|e| format!("{transition}: {e}"))
}

/// Files a complaint on the staged process and takes it along `path` (each move by whoever
/// makes it in the loop); returns the item's id.
pub(crate) fn file_and_walk(stage: &mut Stage, path: &[&str]) -> Result<String, String> {
    let now = Utc::now().naive_utc();
    let submission =
        complaint("El precio unitario triplica el de mercado; adjunto las cotizaciones.");
    let item = stage
        .engine
        .submit(
            &mut stage.conn,
            &stage.citizen,
            &stage.ocid,
            &submission,
            &[],
            now,
        )
        .map_err(|e| e.to_string())?;
    for &transition in path {
        let who = match transition {
            "acknowledge" | "answer" => &stage.officer,
            "satisfied" => &stage.citizen,
            _ => &stage.moderator,
        };
        let comment = matches!(transition, "answer" | "reject")
            .then_some("Se revisó el precio y se corrigió el pliego.");
        take(
            &stage.engine,
            &mut stage.conn,
            &item.id,
            who,
            transition,
            comment,
            now,
        )?;
    }
    Ok(item.id)
}

/// An anonymous complaint about a price, as the benchmarks file them.
pub(crate) fn complaint(description: &str) -> Submission {
    Submission {
        kind: "complaint".into(),
        category: "inflated_price".into(),
        stage: Some("tender".into()),
        description: description.into(),
        anonymous: true,
        ..Submission::default()
    }
}

/// A fresh database with generated processes, the people of the loop and the engine.
pub(crate) struct Stage {
    pub conn: DbConnection,
    /// A process with a buyer, which feedback is filed on.
    pub ocid: String,
    /// Its buyer: the officer's agency.
    pub buyer: String,
    pub citizen: CurrentUser,
    pub moderator: CurrentUser,
    pub officer: CurrentUser,
    pub engine: Engine,
}

/// `processes` generated processes as JSON Lines in `dir`, written once and kept for the next
/// run (the same seed, so runs compare).
pub(crate) fn generated_stream(dir: &Path, processes: usize) -> Result<std::path::PathBuf, String> {
    let stream = dir.join(format!("stream-{processes}.jsonl"));
    if !stream.exists() {
        eprintln!("generating {processes} processes into {}", stream.display());
        let mut out =
            std::io::BufWriter::new(std::fs::File::create(&stream).map_err(|e| e.to_string())?);
        crate::ocds::generate::generate(&mut out, processes, 11).map_err(|e| e.to_string())?;
    }
    Ok(stream)
}

/// A migrated, empty database at `url` (a PostgreSQL one has its schema emptied first; a
/// SQLite file is removed first).
pub(crate) fn fresh(url: &str) -> Result<DbConnection, String> {
    let parsed = DatabaseUrl::parse(url).map_err(|e| e.to_string())?;
    if let Some(path) = url.strip_prefix("sqlite://") {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{path}{suffix}"));
        }
    }
    let mut conn = parsed.connect().map_err(|e| e.to_string())?;
    if let DbConnection::Postgresql(_) = conn {
        use diesel::connection::SimpleConnection;
        conn.batch_execute("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;")
            .map_err(|e| e.to_string())?;
    }
    db::migrate(&mut conn).map_err(|e| e.to_string())?;
    Ok(conn)
}

/// Prepares `url` (emptied first when it is PostgreSQL) with `processes` generated processes.
pub(crate) fn stage(url: &str, dir: &Path, processes: usize) -> Result<Stage, String> {
    let mut conn = fresh(url)?;
    // Generated processes give real agencies and routing facts.
    let stream = dir.join("bench-processes.jsonl");
    let mut file = std::fs::File::create(&stream).map_err(|e| e.to_string())?;
    crate::ocds::generate::generate(&mut file, processes, 7).map_err(|e| e.to_string())?;
    let options = crate::ocds::import::ImportOptions {
        progress: false,
        ..Default::default()
    };
    Importer::new(&mut conn, options)
        .run(&[Input::Path(stream)])
        .map_err(|e| e.to_string())?;
    let (ocid, buyer): (String, Option<String>) = crate::db::schema::processes::table
        .filter(crate::db::schema::processes::buyer_id.is_not_null())
        .select((
            crate::db::schema::processes::ocid,
            crate::db::schema::processes::buyer_id,
        ))
        .first(&mut conn)
        .map_err(|e| e.to_string())?;
    let buyer = buyer.unwrap_or_default();
    crate::agencies::create_cso(&mut conn, "bench-cso", "Bench CSO")?;
    let citizen = person(&mut conn, "citizen@bench.example.org", Role::Citizen, "")?;
    let moderator = person(
        &mut conn,
        "moderator@bench.example.org",
        Role::Moderator,
        "bench-cso",
    )?;
    let officer = person(
        &mut conn,
        "officer@bench.example.org",
        Role::Officer,
        &buyer,
    )?;
    let engine = Engine::load(
        Path::new("config"),
        b"bench secret, not for production use!!",
        dir.join("files"),
        "http://veedor.bench".into(),
    )?;
    Ok(Stage {
        conn,
        ocid,
        buyer,
        citizen,
        moderator,
        officer,
        engine,
    })
}

/// Runs the benchmark against `url` (emptied first when it is PostgreSQL).
pub fn feedback(url: &str, items: usize, submissions: usize, dir: &Path) -> Result<(), String> {
    let Stage {
        mut conn,
        ocid,
        buyer,
        citizen,
        moderator,
        officer,
        engine,
    } = stage(url, dir, 50)?;
    let submission = complaint("Precio unitario muy por encima del mercado.");

    let started = Instant::now();
    let mut ids = Vec::with_capacity(submissions);
    for _ in 0..submissions {
        let item = engine
            .submit(
                &mut conn,
                &citizen,
                &ocid,
                &submission,
                &[],
                Utc::now().naive_utc(),
            )
            .map_err(|e| e.to_string())?;
        ids.push(item.id);
    }
    let took = started.elapsed().as_secs_f64();
    println!(
        "submissions: {submissions} in {took:.2}s = {:.0}/s (each: item, 2 events, mail to moderators)",
        submissions as f64 / took
    );

    let started = Instant::now();
    let steps = [
        ("accept", &moderator, None),
        ("acknowledge", &officer, None),
        (
            "answer",
            &officer,
            Some("Respuesta publicada con el informe técnico."),
        ),
    ];
    for id in &ids {
        for (name, who, comment) in &steps {
            take(
                &engine,
                &mut conn,
                id,
                who,
                name,
                *comment,
                Utc::now().naive_utc(),
            )?;
        }
    }
    let count = ids.len() * steps.len();
    let took = started.elapsed().as_secs_f64();
    println!(
        "transitions: {count} in {took:.2}s = {:.0}/s (each: checks, event, projection, mail)",
        count as f64 / took
    );

    // The same work from one, then two writers at once (two instances on one database): each
    // files an item and takes it through accept, acknowledge and answer, each writer on its
    // own process of the officer's agency (as complaints about different tenders would be).
    let engine = std::sync::Arc::new(engine);
    let mut own: Vec<String> = crate::db::schema::processes::table
        .filter(crate::db::schema::processes::buyer_id.eq(&buyer))
        .select(crate::db::schema::processes::ocid)
        .order(crate::db::schema::processes::ocid)
        .limit(2)
        .load(&mut conn)
        .map_err(|e| e.to_string())?;
    while own.len() < 2 {
        own.push(ocid.clone());
    }
    for writers in [1, 2] {
        let per_writer = (submissions / 2).max(1);
        let started = Instant::now();
        let handles: Vec<_> = (0..writers)
            .map(|writer| {
                let (engine, url, ocid) = (engine.clone(), url.to_owned(), own[writer].clone());
                let people = (citizen.clone(), moderator.clone(), officer.clone());
                std::thread::spawn(move || -> Result<(), String> {
                    let mut conn = DatabaseUrl::parse(&url)
                        .and_then(|u| u.connect())
                        .map_err(|e| e.to_string())?;
                    let (citizen, moderator, officer) = people;
                    let submission = complaint("Precio unitario muy por encima del mercado.");
                    for _ in 0..per_writer {
                        let now = Utc::now().naive_utc();
                        let item = engine
                            .submit(&mut conn, &citizen, &ocid, &submission, &[], now)
                            .map_err(|e| e.to_string())?;
                        for (name, who) in [
                            ("accept", &moderator),
                            ("acknowledge", &officer),
                            ("answer", &officer),
                        ] {
                            take(
                                &engine,
                                &mut conn,
                                &item.id,
                                who,
                                name,
                                Some("Respuesta publicada."),
                                now,
                            )?;
                        }
                    }
                    Ok(())
                })
            })
            .collect();
        for handle in handles {
            handle
                .join()
                .map_err(|_| "a writer panicked".to_owned())??;
        }
        let took = started.elapsed().as_secs_f64();
        let filed = (per_writer * writers) as f64;
        println!(
            "{writers} writer(s) at once: {:.0} submissions/s and {:.0} transitions/s together",
            filed / took,
            3.0 * filed / took
        );
    }
    let engine =
        std::sync::Arc::try_unwrap(engine).map_err(|_| "engine still shared".to_owned())?;

    // The sweep over a big table: `items` routed items, 1% of them past their deadline.
    let now = Utc::now().naive_utc();
    let started = Instant::now();
    let overdue = (items / 100).max(1);
    let mut batch = Vec::with_capacity(500);
    for n in 0..items {
        let due = if n < overdue {
            now - Duration::days(1)
        } else {
            now + Duration::days(1 + (n % 30) as i64)
        };
        batch.push(Item {
            id: format!("bench-{n:08}"),
            ocid: ocid.clone(),
            kind: "complaint".into(),
            category: "inflated_price".into(),
            stage: Some("tender".into()),
            subject_id: None,
            description: "bench".into(),
            rating: None,
            answers: "{}".into(),
            anonymous: false,
            author_id: citizen.id.clone(),
            pseudonym: "Citizen BENCH0".into(),
            state: "routed".into(),
            resume_state: None,
            outcome: None,
            agency_id: Some(buyer.clone()),
            oversight_id: None,
            routing_rule: Some("bench".into()),
            duplicate_of: None,
            due_at: Some(due),
            overdue_since: None,
            version: 2,
            created_at: now,
            updated_at: now,
            cso_id: None,
            routed_at: None,
            answer: None,
            answered_at: None,
            deadline_missed: false,
            satisfied: None,
        });
        if batch.len() == 500 || n + 1 == items {
            db::write(&mut conn, |c| match c {
                DbConnection::Sqlite(c) => diesel::insert_into(feedback_items::table)
                    .values(&batch)
                    .execute(c),
                DbConnection::Postgresql(c) => diesel::insert_into(feedback_items::table)
                    .values(&batch)
                    .execute(c),
            })
            .map_err(|e| e.to_string())?;
            batch.clear();
        }
    }
    println!(
        "loaded {items} items for the sweep in {:.1}s",
        started.elapsed().as_secs_f64()
    );
    let started = Instant::now();
    let dry = engine
        .sweep(&mut conn, now, true)
        .map_err(|e| e.to_string())?;
    let dry_took = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let report = engine
        .sweep(&mut conn, now, false)
        .map_err(|e| e.to_string())?;
    let took = started.elapsed().as_secs_f64();
    println!(
        "sweep over {items} items: finding {} due took {dry_took:.2}s (dry run); escalating {} took {took:.2}s = {:.0} escalations/s",
        dry.due,
        report.moved.len(),
        report.moved.len() as f64 / took
    );
    let started = Instant::now();
    let idle = engine
        .sweep(&mut conn, now, false)
        .map_err(|e| e.to_string())?;
    println!(
        "a sweep with nothing due ({} found) over {items} items: {:.3}s",
        idle.due,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
