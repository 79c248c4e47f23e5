//! The pages house: every page people use in a browser (public, account, work, filing), with
//! its rendering, languages, page cache and cookie sessions. Pages work without JavaScript and
//! answer errors as pages in the reader's language. Stands on `crate::http` alone, never on the
//! JSON house.

pub mod account;
pub mod assets;
pub mod errors;
pub mod i18n;
pub mod indicators;
pub mod item;
pub mod page_cache;
pub mod pager;
pub mod person;
pub mod public;
pub mod render;
pub mod session;
pub mod work;

use actix_web::web;

/// The page routes. The filing form's route comes before the process page's greedy
/// `{ocid:.+}`, so it is registered first.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.configure(session::routes)
        .configure(work::routes)
        .configure(item::routes)
        .configure(public::routes)
        .configure(indicators::routes)
        .route("/static/{file}", web::get().to(assets::file));
}
