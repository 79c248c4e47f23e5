# English texts of the pages, in Fluent (https://projectfluent.org). Every message here must
# exist in every other catalogue (a test checks). Ids are the keys templates pass to t(),
# with dots written as dashes.

## site
site-skip = Skip to content
site-language = Language
site-form_expired = This form expired or did not come from this site, so nothing was done. Please start again.

## nav
nav-search = Search processes
nav-work = Your work
nav-menu = Menu
nav-open_data = Open data

## process
process-title = Contracting process
process-buyer = Buyer
process-procuring_entity = Procuring entity
process-value = Value
process-method = Procurement method
process-category = Category
process-status = Status
process-stage = Stage reached
process-public_works = This is a public works process.
process-tender_period = Tender period
process-award_date = Award
process-contract_date = Contract signed
process-last_release = Last update
process-record = Full OCDS record (JSON)
process-feedback = Feedback on this process
process-no_feedback = Nobody has given feedback on this process yet.
process-not_found = There is no contracting process with this identifier.
process-items = What is bought
process-awards = Awards and suppliers
process-no_supplier = No supplier named
process-contracts = Contracts
process-contract = Contract
process-documents = Published documents
process-your_say = Did you see something wrong?
process-your_say_text = Complain, ask a question or review what was delivered. The agency answers in public.

## feedback
feedback-by = By
feedback-outcome = Outcome
feedback-agency = Responsible agency
feedback-routed_by_moderator = A moderator chose the agency.
feedback-routed_by_rule = Routing rule
feedback-answer = The agency's answer
feedback-no_answer = No answer yet.
feedback-deadline = Deadline
feedback-deadline_met = Answered on time.
feedback-deadline_missed = The deadline was missed.
feedback-overdue = Overdue
feedback-history = History
feedback-rating = Rating
feedback-not_found = There is no feedback item with this identifier.
feedback-citizen = Citizen
feedback-evidence = Evidence
feedback-evidence_private = Only the complainant, the moderators, the agency and the oversight body handling this item see these files.
feedback-evidence_image = Photo { $n } attached as evidence
feedback-filed = Filed
feedback-finding = Finding of the oversight body
feedback-oversight = Oversight body
feedback-process = Contracting process
feedback-signin_to_act = Sign in to act on this item
feedback-violation_confirmed = A violation was confirmed.
feedback-violation_not_confirmed = No violation was found.
feedback-withheld = The moderators turned this away (for example, it was abusive or held personal details), so its text is not published.
feedback-withheld_short = turned away by the moderators; text not published

## kind
kind-review = Review
kind-complaint = Complaint
kind-question = Question

## state
state-submitted = Submitted
state-triage = In triage
state-awaiting_complainant = Waiting for more information from the complainant
state-routed = Sent to the responsible agency
state-acknowledged = Acknowledged by the agency
state-awaiting_clarification = The agency asked the complainant for clarification
state-answered = Answered by the agency
state-escalated = Escalated to the oversight body
state-closed = Closed

## outcome
outcome-resolved = Resolved
outcome-not_resolved = Not resolved
outcome-rejected = Rejected
outcome-duplicate = Duplicate
outcome-withdrawn = Withdrawn

## home
home-title = Follow public procurement, and get answers
home-search_label = Search contracting processes
home-search_button = Search
home-latest = Latest answers
home-no_answers = No answers yet.
home-lead = Find a tender, contract or public work, say what you saw, and follow the agency's answer. Every answer is published here, beside the process.
home-search_hint = Words from the title, a buyer or a supplier, or a process identifier (ocid)
home-figures = Answers in figures

## figures
figures-received = Feedback items received
figures-answered = Answered
figures-on_time = Answered on time
figures-median = Median days to answer
figures-overdue = Overdue now
figures-satisfaction = Complainants satisfied

## search
search-title = Contracting processes
search-q = Words
search-buyer = Buyer
search-method = Method
search-category = Category
search-status = Status
search-value_min = Value from
search-value_max = Value up to
search-date_from = Updated from
search-date_to = Updated until
search-next = Next page
search-previous = Previous page
search-any = Any
search-pages = Pages of results
search-q_hint = Words, or a process identifier (ocid)
search-buyer_hint = Part of the buyer’s name, or its identifier
search-feedback_count = { $n ->
    [one] { $n } feedback item
   *[other] { $n } feedback items
}
search-found = { $n ->
    [0] No processes found
    [one] { $n } process found
   *[other] { $n } processes found
}
search-found_more = More than { $n } processes found
search-none = Nothing matches. You could:
search-none_words = use fewer or shorter words
search-none_filters = remove some filters
search-none_ocid = paste the whole process identifier (ocid) to open its page
search-page = Page { $n }
search-public_works = Public works
search-stage = Stage
search-invalid-value_min = Give the lowest value as a number, such as 100000.
search-invalid-value_max = Give the highest value as a number, such as 500000.
search-invalid-date_from = Give the first date as a date, such as 2026-01-31.
search-invalid-date_to = Give the last date as a date, such as 2026-12-31.
search-invalid-stage = Choose one of the stages offered.
search-invalid-public_works = Choose yes or no.

## agency
agency-scorecard = Scorecard
agency-processes = Its processes
agency-feedback = Feedback it received
agency-not_found = There is no agency with this identifier.
agency-caption = Agency
agency-identifier = Identifier
agency-no_feedback = Nobody has given feedback on this agency's processes yet.
agency-all_processes = All its processes

## work
work-title = Your work
work-signed_in_as = Signed in as
work-mine = My feedback
work-triage = Triage queue
work-inbox = Agency inbox
work-escalations = Escalations
work-empty = Nothing here.
work-comment = Comment
work-violation = Violation confirmed?
work-yes = Yes
work-no = No
work-action_taken = Action taken
work-outcome = Outcome
work-error_title = This action could not be taken
work-audience_public = Published: anyone can read this comment beside the feedback.
work-audience_parties = Not published: only the complainant, the moderators, the agency and the oversight body handling this item read it.
work-audience_moderation = Not published: only the complainant and the moderators read it; the agency does not.
work-reveals_title = Identity reveals
work-reveals_intro = Every time a moderator saw who an anonymous complainant is: who, for which organization, on which item, and the reason they gave. Newest first.
work-reveals_when = When
work-reveals_who = Moderator
work-reveals_org = Organization
work-reveals_item = Item
work-reveals_reason = Reason
work-reveals_admins_only = Only administrators can read the log of identity reveals.

sources-title = Publishers followed
sources-intro = The publishers' feeds this site reads by itself, on a schedule, and how each one's last reading went. New tenders, awards and contracts reach the process pages from here.
sources-none = No publisher is followed yet. Add one to config/sources.toml (the README says how).
sources-admins_only = Only administrators can see the publishers followed.
sources-running = Reading now
sources-ok = Last reading worked
sources-failed = Last reading stopped
sources-never = Not read yet
sources-kind = Kind
sources-kind_next-link = An API whose pages link to the next one
sources-kind_date-window = An API read one window of dates at a time
sources-kind_bulk-file = A bulk file, read again when it changes
sources-kind_directory = A folder where new files arrive
sources-every = Read
sources-every_minutes = { $minutes ->
    [one] every minute
   *[other] every { $minutes } minutes
}
sources-every_hours = { $hours ->
    [one] every hour
   *[other] every { $hours } hours
}
sources-every_days = { $days ->
    [one] every day
   *[other] every { $days } days
}
sources-last_run = Last reading
sources-figures = { $pages ->
    [one] one page
   *[other] { $pages } pages
}, { $new ->
    [one] one new release
   *[other] { $new } new releases
}, { $unchanged } already known, { $conflicting } conflicting, { $errors ->
    [one] one problem
   *[other] { $errors } problems
}
sources-last_error = Why it stopped
sources-cursor = Where the next reading starts
sources-cursor_next = Next page
sources-cursor_from = From
sources-cursor_to = To
sources-cursor_etag = ETag
sources-cursor_last_modified = Last modified
sources-cursor_last_file = Last file read
sources-cursor_start = At the beginning (or the first date set)
sources-next_run = Next reading
sources-next_soon = Within a minute
sources-how = A reading that stopped starts again where it stopped: nothing is lost or stored twice. To read a publisher now, run “veedor sync --source ID --once” on the server.
work-due = Due
work-act = { $n ->
    [one] Act on it (one action)
   *[other] Act on it ({ $n } actions)
}
work-apply = Apply filters
work-count = { $n ->
    [0] nothing waiting
    [one] { $n } item
   *[other] { $n } items
}
work-evidence_count = { $n ->
    [one] { $n } file
   *[other] { $n } files
}
work-filter_list = List
work-all_lists = All my lists
work-filter_category = Category
work-filter_state = State
work-filter_overdue = Only overdue
work-more = Next items in this list
work-nothing = There is nothing for you to do. When feedback needs you, it appears here and you receive an email.
work-received = received
work-sort = Order
work-sort_natural = Usual order
work-sort_age = Oldest first
work-sort_deadline = Nearest deadline first
work-mine_hint = Feedback you filed, newest first. Open one to see where it stands or to reply.
work-triage_hint = New feedback waiting for a moderator: accept it and send it to an agency, ask for more, or turn it away.
work-inbox_hint = Feedback sent to this agency. Each item says by when it must be answered.
work-escalations_hint = Items escalated to this body: record a finding on each.

## action
action-accept = Accept and route
action-reject = Reject
action-mark_duplicate = Mark as duplicate
action-ask_complainant = Ask the complainant
action-provide_information = Provide the information
action-change_category = Change category
action-acknowledge = Acknowledge
action-answer = Answer publicly
action-ask_clarification = Ask for clarification
action-clarify = Clarify
action-not_responsible = Not our responsibility
action-satisfied = I am satisfied with the answer
action-unsatisfied = I am not satisfied: escalate
action-record_finding = Record the finding
action-withdraw = Withdraw

## give
give-title = Give feedback
give-link = Give feedback on this process
give-choose = What is it about? Choose a category.
give-other_category = choose another category
give-kind = Kind
give-stage = Stage of the process it is about
give-description = Describe it
give-rating = Rating (1 to 5)
give-attachments = Evidence (optional)
give-anonymity = Who sees your name
give-anonymous = Hide my name from the public and from the agency
give-anonymity_explained = If you hide your name, everyone (the agency too) sees a pseudonym that is the same on this process only. The moderators of the civil-society organization can see who you are if they need to, and every time they look it is recorded. Your email address is never shown.
give-submit = Send
give-error_title = Please correct this
give-characters_left = { $n } characters left
give-invalid-kind = Choose what kind of feedback this is.
give-invalid-category = Choose a category that fits this kind of feedback.
give-invalid-stage = Choose the stage of the process your feedback is about.
give-invalid-description = Describe what happened, in up to 5,000 characters.
give-invalid-rating = Choose a rating from 1 to 5 (only for a review).
give-invalid-answers = Answer this question as asked (required questions are marked *).
give-invalid-attachments = Evidence can be photos (JPEG, PNG, WebP), PDF or office documents: up to 5 files of 10 MB each.
give-attachments_hint = Photos (JPEG, PNG, WebP), PDF or office documents: up to 5 files of 10 MB each. Location data and author names are removed from files before they are stored.
give-attachments_again = Files you chose before were not kept: choose them again.
give-choose_one = Choose one
give-stage_hint = Which step of the contracting process is your feedback about?
give-description_hint = Say what happened, where and when. Do not include other people's personal details.
give-rating_hint = Only for a review: 1 is very poor, 5 is very good.
give-publication_at_once = What you send here is published beside the process at once, under your name or a pseudonym. Do not include other people’s personal details.
give-publication_after_acceptance = A moderator reads it first. Once they accept it, it is published beside the process under your name or a pseudonym. Do not include other people’s personal details.
give-publication_mixed = Complaints are published once a moderator accepts them; questions and reviews at once. Either way it appears under your name or a pseudonym. Do not include other people’s personal details.

## account
account-signup = Create an account
account-signin = Sign in
account-name = Your name
account-email = Email address
account-password = Password
account-have_account = I already have an account
account-forgot = I forgot my password
account-check_email = Check your email: if the address can be used, a message with a link is on its way.
account-verify = Confirm your email address
account-verify_button = Confirm my address
account-verified = Your address is confirmed. You can sign in now.
account-invitation = Invitation to answer for an agency
account-invitation_intro = Accepting makes you an officer of the agency named in the invitation mail: you will receive and answer the feedback routed to it, in public. You are signed in as
account-invitation_button = Accept the invitation
account-invitation_accepted = You are now an officer of the agency. Its feedback is in your work queue.
account-invitation_other_address = This invitation was sent to another address. Sign out, then sign in with the account of that address.
account-bad_link = This link is invalid, was already used, or has expired.
account-reset = Reset your password
account-new_password = New password
account-reset_button = Continue
account-password_changed = Your password was changed, and every session was signed out. Sign in with the new one.
account-title = Your account
account-signin_failed = You could not be signed in
account-bad_credentials = The email address or the password is not right.
account-not_verified = Confirm your email address first: follow the link in the message we sent you.
account-password_plain = Password
account-roles = Your roles
account-your_work = Your work: feedback and queues
account-settings = Settings
account-language = Language of pages and email
account-save = Save settings
account-saved = Your settings were saved.
account-not_saved = Your changes were not saved
account-change_password = Change password
account-current_password = Current password
account-signout = Sign out
account-invalid-name = Give a name of 1 to 200 characters.
account-invalid-email = Give an email address that can receive mail.
account-invalid-language = Choose one of the languages offered.
account-invalid-password = Choose a password of 10 to 256 characters.
account-invalid-current_password = This is not your current password.
account-name_hint = Shown with the feedback you do not make anonymous.
account-name_short = Name
account-email_hint = We send a link to confirm it. It is never shown to anyone.
account-password_hint = At least 10 characters. A few words you will remember make a good one.
account-no_account = No account yet?
account-reset_intro = Give the email address of your account. If it has one, we send a link to choose a new password.
account-signup_intro = With an account you can give feedback on contracting processes and follow the answers. You can still stay anonymous on each item.

## language
language-name = English

## stage
stage-planning = Planning
stage-tender = Tender
stage-award = Award
stage-contract = Contract
stage-implementation = Implementation

## method
method-open = Open
method-selective = Selective
method-limited = Limited
method-direct = Direct award

## procurement_category
procurement_category-goods = Goods
procurement_category-works = Works
procurement_category-services = Services

## status
status-planning = Planning
status-planned = Planned
status-active = Active
status-cancelled = Cancelled
status-unsuccessful = Unsuccessful
status-complete = Complete
status-withdrawn = Withdrawn

## agencies
agencies-title = Agencies
agencies-search = Find an agency by name
agencies-found = { $n ->
    [one] { $n } agency
   *[other] { $n } agencies
}
agencies-received = { $n ->
    [0] No feedback received yet
    [one] { $n } feedback item received
   *[other] { $n } feedback items received
}

## error
error-bad_request = That request could not be understood
error-bad_request_text = Something in the address or the form was not what this page expects. Go back and try again.
error-forbidden = You cannot do this
error-forbidden_text = Your account does not allow this action, or you are not signed in with the account that may take it.
error-not_found = This page is not here
error-not_found_text = The address may be mistyped, or what it pointed to no longer exists.
error-conflict = Someone else changed this first
error-conflict_text = The item changed while you were working on it. Reload it to see where it stands, then try again.
error-too_large = That was too much to send
error-too_large_text = Files may be up to 10 MB each, five at a time, 25 MB in all.
error-too_many = Too many attempts
error-too_many_text = To protect accounts and the service, this action is limited for a while.
error-wait = { $minutes ->
    [one] You can try again in { $minutes } minute.
   *[other] You can try again in { $minutes } minutes.
}
error-internal = Something went wrong on our side
error-internal_text = Nothing you did caused this. It has been logged; please try again in a moment.
error-home = Home
error-search = Search processes

## act
act-title = What do you want to do?
act-choose = Choose an action
act-agency = Agency (for accepting)
act-agency_hint = Type part of the agency's name or its identifier. Leave it empty to let the routing rules choose: { $rule }.
act-agency_which = Several agencies match: which one?
act-category = New category (for changing the category)
act-only_for = Only for “{ $action }”.
act-duplicate_of = Original item (for marking as duplicate)
act-duplicate_hint = Other feedback on the same process.
act-duplicate_paste = Paste the link to the original item, or its number.
act-comment_hint = Under each action it says who will read this comment.
act-documents = Documents (for the answer)
act-documents_hint = Only for “{ $action }”: up to 5 files of 10 MB each, published with the answer. Author names are removed.
act-comment_needed = It needs a comment.
act-continue = Continue
act-confirm_title = { $action }: are you sure?
act-confirm_button = Yes, { $action }
act-go_back = No, go back
act-filed = Your feedback was sent. This page shows where it stands; we email you at every step.
act-done = Done: { $action }.
act-invalid-transition = Choose what you want to do.
act-invalid-agency = No agency has that name or identifier. Check the spelling, or leave it empty to let the routing rules choose.
act-invalid-comment = Write a comment: this action needs one, in up to 5,000 characters.
act-invalid-duplicate_of = Name the original item: choose it in the list or paste its link.
act-invalid-category = Choose one of the categories offered.
act-invalid-violation_confirmed = Say whether a violation was confirmed.
act-invalid-outcome = Choose the outcome.
act-invalid-action_taken = Describe the action taken in up to 5,000 characters.
act-invalid-attachments = Documents can be PDF, office documents or pictures: up to 5 files of 10 MB each.
act-consequence_close = This closes the item. The person who filed it is told, with your comment.
act-consequence_unroute = The item goes back to the moderators, who will send it to another agency.
act-consequence_duplicate = This closes the item as a repeat of the original you chose. The person who filed it is told.

## footer
footer-title = About this site
footer-tagline = Veedor is open-source software for citizen monitoring of public procurement.
footer-about = About
footer-how = How it works
footer-privacy = Privacy
footer-api = API (OpenAPI)

## form
form-done = Done
form-error = Error
form-optional = (optional)
form-warning = Warning

## open_data
open_data-atom = Answers published (Atom feed)
open_data-title = Open data
open_data-lead = Everything published on this site is also open data, free to reuse: the feedback, the agencies’ answers and the oversight findings, with the contracting processes they are about.
open_data-downloads = Downloads, feeds and APIs
open_data-what = What
open_data-where = Where
open_data-feedback_json = Published feedback, a page at a time (JSON)
open_data-feedback_jsonl = All published feedback (JSON Lines)
open_data-feedback_csv = All published feedback (CSV, for spreadsheets)
open_data-processes = Contracting processes, searchable (JSON)
open_data-openapi = The API’s description (OpenAPI)
open_data-open311 = Open311 GeoReport v2, for civic apps
open_data-licence_title = Reuse
open_data-licence = Reuse is free; please name this site as the source. Anonymous complainants appear under their pseudonyms only.
open_data-keys_title = Filing feedback from another app
open_data-keys = Reading needs no key. Apps that file feedback through Open311 need an API key, which belongs to an account: ask the operators of this site, who issue keys.

## role
role-citizen = Citizen
role-moderator = Moderator
role-officer = Agency officer
role-oversight = Oversight body
role-admin = Administrator

## date
date-day = { $day } { $month } { $year }
date-month_1 = January
date-month_2 = February
date-month_3 = March
date-month_4 = April
date-month_5 = May
date-month_6 = June
date-month_7 = July
date-month_8 = August
date-month_9 = September
date-month_10 = October
date-month_11 = November
date-month_12 = December

## award_status
award_status-pending = Pending
award_status-active = Awarded
award_status-cancelled = Cancelled
award_status-unsuccessful = Unsuccessful

## contract_status
contract_status-pending = Pending
contract_status-active = In force
contract_status-cancelled = Cancelled
contract_status-terminated = Finished

## document_type
document_type-tenderNotice = Tender notice
document_type-awardNotice = Award notice
document_type-contractNotice = Contract notice
document_type-biddingDocuments = Bidding documents
document_type-technicalSpecifications = Technical specifications
document_type-evaluationReports = Evaluation report
document_type-contractSigned = Signed contract
document_type-contractText = Contract text
document_type-clarifications = Clarifications
document_type-bidders = Bidders
document_type-conflictOfInterest = Conflict of interest declaration
document_type-contractAnnexe = Contract annex
document_type-completionCertificate = Completion certificate
document_type-physicalProgressReport = Progress report (works)
document_type-financialProgressReport = Progress report (finances)

## next
next-open = A moderator checks it first, then sends it to the agency responsible. You receive an email at each step.
next-awaiting_complainant = Waiting for the person who filed it to add information. The clock is stopped until they reply.
next-with_agency = { $agency } must answer by { $date }. If it does not, the item goes to { $body }.
next-with_agency_paused = With { $agency }. Its clock is stopped while it waits for a clarification.
next-answered = { $agency } answered. The person who filed it can say whether the answer settles it; if not, it goes to { $body }.
next-escalated = { $body } is examining it and will publish its finding here.
next-closed = This item is closed.
next-closed_with = This item is closed: { $outcome }.

## about
about-title = About Veedor
about-lead = Veedor lets citizens, journalists and companies give feedback on public tenders, contracts and works, sends each complaint to the agency responsible, and publishes every answer beside the process it is about.
about-who = It runs next to the procurement data the government publishes (Open Contracting Data Standard). Civil-society moderators check what is filed; agencies answer within deadlines; oversight bodies take what is not resolved.
about-publication = What is published, and when
about-published_at_once = { $kind }: published as soon as it is filed.
about-published_after_acceptance = { $kind }: published once a moderator accepts it and sends it to an agency.
about-withheld = Items turned away ({ $outcomes }) stay listed, so everyone sees that something was filed, but their text is not published.
about-comments = Comments exchanged while handling an item are published only when the step they belong to is public (an agency’s answer, an oversight finding); questions to the complainant stay private.
about-findings = Oversight bodies’ findings are published with the body’s name: whether a violation was confirmed and what was done.
about-more = Read more:

## how
how-title = How it works
how-lead = From a complaint to a public answer, in five steps. At each step the people concerned get an email, and the item’s page says whose move it is and by when.
how-step_file = You file feedback on a process
how-step_file_text = Find the tender, contract or work, choose what your feedback is about, describe it and add evidence. You can hide your name.
how-step_triage = A moderator checks it
how-step_triage_text = Moderators of a civil-society organization read it, may ask you for more, and send it to the agency responsible, or turn it away if it is abusive or not about procurement.
how-step_agency = The agency answers, in public
how-step_agency_text = The agency has { $days } { $working ->
    [yes] working days
   *[no] days
} to answer. Its answer is published beside the process.
how-step_agency_text_nodeadline = The agency answers; its answer is published beside the process.
how-step_rating = You say whether the answer settles it
how-step_rating_text = If it does, the item is closed as resolved. If it does not, or if the agency lets its deadline pass, the item goes to an oversight body.
how-step_oversight = An oversight body decides
how-step_oversight_text = The oversight body has { $days } { $working ->
    [yes] working days
   *[no] days
} to examine it, and publishes its finding: whether a violation was confirmed and what was done.
how-step_oversight_text_nodeadline = The oversight body examines it and publishes its finding.
how-who_title = Who does what
how-role_citizen = Files feedback, answers questions about it, and rates the agency’s answer.
how-role_moderator = Checks new feedback, sends it to the right agency, and protects complainants’ identity.
how-role_officer = Answers, in public and on time, the feedback sent to their agency.
how-role_oversight = Examines items the agency did not resolve, and publishes a finding.
how-bodies = Oversight bodies on this site

## privacy
privacy-title = Privacy
privacy-lead = What Veedor keeps about you, who sees it, and what is published.
privacy-collected_title = What we keep
privacy-collected = Your name, email address, language and password (stored only as an argon2id hash); the feedback you file and the files you attach; and, to protect accounts, the failed sign-in attempts from each address for a short while.
privacy-anonymity_title = Staying anonymous
privacy-anonymity = When you hide your name, everyone, the agency included, sees a pseudonym that is the same only on that process. Your email address is never shown to anyone.
privacy-reveals_title = Who can see who you are
privacy-reveals = Moderators can look behind a pseudonym when they need to (for example, to protect you from threats). Each look is recorded with the reason given, and administrators can read that record.
privacy-files_title = Your files
privacy-files = Before a file is stored, Veedor removes what names its author or its place: camera, location and software data from photos, authors and comments from documents. Evidence is seen only by those handling the item.
privacy-public_title = What is public
privacy-public = The text of your feedback (once the publication rules say so), your name or pseudonym, the agency’s answer and the oversight finding. Open data downloads publish the same, never your email address.
privacy-cookies_title = Cookies
privacy-cookies = A session cookie while you are signed in, one that remembers your language, and, for a short while, one that protects forms from forgery. None is used to follow you.
privacy-rights_title = Your rights
privacy-rights = You can change your name, language and password on your account page. To have your account removed, write to the operators of this site.

news-by_publisher = Published by the contracting authority
news-planning = New planning information was published for this process (release of { $date }).
news-tender = The tender was published or changed (release of { $date }).
news-award = A new award was published for this process (release of { $date }).
news-contract = A contract was published or changed for this process (release of { $date }).
news-implementation = News on how the contract is carried out was published (release of { $date }).
news-other = New information was published for this process (release of { $date }).
