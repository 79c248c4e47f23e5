//! Announcing a process's news (see [`crate::feedback::news`]): each open item on the process
//! tells its complainant and the agency handling it, once, whatever the number of instances.
//! The news is marked announced in the transaction that queues the mail.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use minijinja::context;

use super::engine::{members, Engine};
use crate::accounts::Role;
use crate::db::schema::{feedback_items, users};
use crate::db::{self, DbConnection};
use crate::feedback::news::{self, News};
use crate::feedback::{FeedbackError, Item};
use crate::notify::{self, Mail};

impl Engine {
    /// Announces news not announced yet; returns how many messages were queued.
    pub fn announce_news(
        &self,
        conn: &mut DbConnection,
        now: NaiveDateTime,
    ) -> Result<usize, FeedbackError> {
        let pending = news::unannounced(conn, 500)?;
        let mut by_process: BTreeMap<String, Vec<News>> = BTreeMap::new();
        for n in pending {
            by_process.entry(n.ocid.clone()).or_default().push(n);
        }
        let mut queued = 0;
        for (ocid, list) in by_process {
            let ids: Vec<i64> = list.iter().map(|n| n.id).collect();
            let result = db::write(conn, |c| {
                if !news::claim(c, &ids, now)? {
                    return Err(FeedbackError::Conflict(
                        "announced by another instance".into(),
                    ));
                }
                self.announce_process(c, &ocid, &list)
            });
            match result {
                Ok(n) => queued += n,
                Err(FeedbackError::Conflict(_)) => {}
                // One process's trouble does not hold back the others' news; it is tried
                // again on the next turn.
                Err(e) => tracing::error!(%ocid, error = %e, "process news not announced"),
            }
        }
        Ok(queued)
    }

    fn announce_process(
        &self,
        conn: &mut DbConnection,
        ocid: &str,
        list: &[News],
    ) -> Result<usize, FeedbackError> {
        let items: Vec<Item> = feedback_items::table
            .filter(feedback_items::ocid.eq(ocid))
            .select(Item::as_select())
            .load(conn)?;
        let open = items.into_iter().filter(|item| {
            self.workflow
                .states
                .get(&item.state)
                .is_some_and(|s| !s.is_final)
        });
        let process_title = crate::ocds::store::find_process(conn, ocid)?.and_then(|p| p.title);
        // What was published, oldest first, in the reader's words.
        let published = |language: &str| -> Vec<String> {
            list.iter()
                .map(|n| {
                    let mut args = fluent_bundle::FluentArgs::new();
                    args.set("date", crate::i18n::format::day(&n.day(), language));
                    crate::i18n::text_with(language, &format!("news.{}", n.kind()), Some(&args))
                })
                .collect()
        };
        let domain = self.mail_domain();
        let mut queued = 0;
        for item in open {
            let mut recipients: Vec<(String, String, String)> = Vec::new();
            let author: Option<(String, String, String)> = users::table
                .find(&item.author_id)
                .select((users::email, users::language, users::name))
                .first(conn)
                .optional()?;
            recipients.extend(author);
            if let Some(agency) = item.agency_id.as_deref() {
                let role = if self.is_oversight_body(agency) {
                    Role::Oversight
                } else {
                    Role::Officer
                };
                let found = members(conn, role, Some(agency), None)?;
                if found.is_empty() {
                    if let Some(email) = self.organization_email(conn, agency)? {
                        recipients.push((email, "en".into(), String::new()));
                    }
                }
                recipients.extend(found);
            }
            recipients.sort();
            recipients.dedup_by(|a, b| a.0 == b.0);
            let link = format!(
                "{}/feedback/{}#history",
                self.base_url.trim_end_matches('/'),
                item.id
            );
            for (email, language, name) in recipients {
                let mail = Mail {
                    context: context! {
                        name,
                        ocid,
                        process_title => process_title.clone(),
                        kind => item.kind.clone(),
                        published => published(&language),
                        link => link.clone(),
                    },
                    recipient: email,
                    template: "process-news",
                    language,
                };
                notify::enqueue(conn, &mail, &domain)?;
                queued += 1;
            }
        }
        Ok(queued)
    }
}
