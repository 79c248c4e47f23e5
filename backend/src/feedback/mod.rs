//! Feedback on contracting processes: reviews, complaints and questions. For now, the
//! categories and questionnaires they are filed under (issue 4 adds the items themselves).

pub mod categories;
