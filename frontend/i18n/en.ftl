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
process-bids = Bids
process-no_tenderer = Tenderer not named
bid_status-invited = Invited
bid_status-pending = Pending
bid_status-valid = Valid
bid_status-disqualified = Disqualified
bid_status-withdrawn = Withdrawn
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

## risk indicators
risk-title = Risk indicators
risk-caveat = A flag is a reason to look, not proof of wrongdoing.
risk-none = No risk indicator flags this process.
risk-how = How the indicators work
risk-flags_process = { $n ->
    [one] One indicator flags this process.
   *[other] { $n } indicators flag this process.
}
risk-organizations = About the organizations in this process
risk-organization_flag = { $name }: { $indicator }
risk-in_processes = { $n ->
    [one] in one process
   *[other] in { $n } processes
}
risk-as_buyer = as buyer
risk-as_procuring_entity = as procuring entity
risk-as_tenderer = as tenderer or supplier
risk-intro = Risk indicators point to processes, agencies and companies that moderators, journalists and oversight bodies may want to look at first. Eleven come from the Open Contracting Partnership's red-flag methodology, computed as its tool Cardinal computes them; four are Veedor's own, from what people reported and how agencies answered.
risk-family_procurement = From the procurement data
risk-family_redress = From the redress loop
risk-flagged = Flagged
risk-count-OCID = { $n ->
    [0] no processes
    [one] 1 process
   *[other] { $n } processes
}
risk-count-Buyer = { $n ->
    [0] no buyers
    [one] 1 buyer
   *[other] { $n } buyers
}
risk-count-ProcuringEntity = { $n ->
    [0] no procuring entities
    [one] 1 procuring entity
   *[other] { $n } procuring entities
}
risk-count-Tenderer = { $n ->
    [0] no companies
    [one] 1 company
   *[other] { $n } companies
}
risk-setting_fence = computed from the data (the quartile fence)
risk-setting_all = all
risk-setting_none = none
risk-setting_own_currency = each process's own
risk-see_earlier = See the earlier process
risk-key-threshold = Threshold
risk-key-procurement_methods = Procurement methods checked
risk-key-procurement_method_details = Threshold for the method
risk-key-percentile = Most active bidders, from this percentile
risk-key-minimum_submitted_bids = Fewest bids counted
risk-key-minimum_contracting_processes = Fewest processes counted
risk-key-digits = Classification digits compared
risk-key-period_days = Days after the finding
risk-key-minimum_items = Fewest items received
risk-key-minimum_people = Fewest people
risk-key-currency = Main currency
risk-key-no_price_comparison_procurement_methods = Method details whose prices are not compared
risk-key-price_comparison_procurement_methods = Only these method details compared
risk-key-exclusions = Method details left out
risk-key-codelists = Publisher’s code read as
risk-off = Not computed on this site (config/indicators.toml leaves it out).
risk-reads = What it reads
risk-method = How it is computed
risk-settings = Settings on this site
risk-see_flagged = See the processes it flags
risk-last_run = Indicators that compare processes were last recomputed on { $date }.
risk-not_run = Indicators that compare processes have not been computed yet.
risk-not_found = There is no risk indicator with this code.
risk-methodology_source = The methodology: Open Contracting Partnership, “Red flags for integrity”, and the documentation of Cardinal.
risk-agency_own = This agency is flagged
risk-agency_processes = Its processes flagged, by indicator
risk-agency_none = No indicator flags this agency or its processes.
risk-filter = Risk indicator
risk-filter_any = Any indicator
work-sort_risk = Highest risk first

indicator-R003-name = Short submission period
indicator-R003-meaning = Companies had fewer days to prepare a bid than usual, which favours those who knew in advance.
indicator-R003-reads = The tender period's start and end dates, the procurement method and its details.
indicator-R003-method = The whole days between the start and the end of the tender period are counted; fewer than the threshold raise the flag (value 1). A threshold can be set per procurement method detail, and only some methods may be checked.
indicator-R003-values = The tender was open for { $days ->
    [one] one day
   *[other] { $days } days
}; the threshold is { $threshold } days.
indicator-R018-name = Single bid received
indicator-R018-meaning = Only one company bid in a procedure meant to be competitive.
indicator-R018-reads = The procurement method and the number of tenderers.
indicator-R018-method = A process whose method is competitive (open or selective by default) and whose number of tenderers is exactly 1 is flagged (value 1).
indicator-R018-values = One tenderer only, in a { $method } procedure.
indicator-R024-name = Price close to the winning bid
indicator-R024-meaning = The second-lowest bid was unusually close to the winning one, which can be a sign of a rigged, arranged competition.
indicator-R024-reads = Valid bids with their value, currency and tenderer; the awards, their status and supplier.
indicator-R024-method = For each process awarded on price to one supplier, the gap between the winning bid and the next lowest valid bid is taken as a share of the winning bid. Gaps at or below the lower fence of all processes (first quartile minus 1.5 times the interquartile range), or below a fixed threshold, are flagged; the winner and the runner-up are noted too. Processes with undecided awards are left out.
indicator-R024-values = The winning bid was { $winning } { $currency }, the next lowest { $second } { $currency }: { $percent } % apart. Gaps of { $fence } % or less are unusual here.
indicator-R025-name = Excessive unsuccessful bids
indicator-R025-meaning = A company that bids very often rarely wins, which can be a sign of cover bids that make a competition look real.
indicator-R025-reads = Valid bids and their tenderer; the awards, their status and supplier.
indicator-R025-method = For each company, the processes where it made a valid bid and those it won are counted. Companies among the most active bidders (at the configured percentile) whose share of wins is at or below the lower fence of all companies are flagged, with that share.
indicator-R025-values = Won { $won } of the { $bid } processes it bid in.
indicator-R028-name = Identical bid prices
indicator-R028-meaning = Different companies offered exactly the same price, which rarely happens by chance.
indicator-R028-reads = Submitted bids with their value, currency and tenderers.
indicator-R028-method = Submitted bids are grouped by exact price and currency; a price offered by two different sets of tenderers flags the process and those tenderers (value 1). Prices fixed by the buyer are not compared.
indicator-R028-values = Different tenderers bid exactly { $prices }.
indicator-R030-name = Late bid won
indicator-R030-meaning = The winning bid arrived after the deadline.
indicator-R030-reads = The end of the tender period, the valid bids' dates and tenderers, the active awards' suppliers.
indicator-R030-method = A valid bid dated after the end of the tender period, from a company that was awarded, flags the process and the company (value 1). Dates are compared as moments in time.
indicator-R030-values = A winning bid is dated { $dates }, after the deadline of { $deadline }.
indicator-R035-name = All except the winning bid disqualified
indicator-R035-meaning = Every company but the winner was disqualified, which can mean the rules were applied to favour one.
indicator-R035-reads = The bids' status and tenderers; the awards' status and suppliers.
indicator-R035-method = When exactly one company has valid bids, it is the one awarded, and at least the threshold of other companies had bids disqualified, the process is flagged with the number of companies disqualified.
indicator-R035-values = { $n ->
    [one] The only other tenderer was disqualified.
   *[other] All { $n } other tenderers were disqualified.
}
indicator-R036-name = Lowest bid disqualified
indicator-R036-meaning = The cheapest bid was disqualified while a more expensive one was valid.
indicator-R036-reads = Submitted bids with their status, value and currency; whether an award is active.
indicator-R036-method = Among the bids submitted in one currency, when the lowest was disqualified and a valid bid exists, the process is flagged (value 1). Prices fixed by the buyer are not compared.
indicator-R036-values = The lowest bid, { $lowest } { $currency }, was disqualified; the lowest valid bid was { $valid } { $currency }.
indicator-R038-name = Excessive disqualified bids
indicator-R038-meaning = An unusually high share of the bids this buyer, procuring entity or company received or made were disqualified.
indicator-R038-reads = Submitted bids with their status and tenderers; the buyer and the procuring entity.
indicator-R038-method = Disqualified bids are divided by submitted bids, per buyer, procuring entity and tenderer (with a minimum number of bids). Shares at or above the upper fence of their group (third quartile plus 1.5 times the interquartile range), or above a fixed threshold, are flagged with the share.
indicator-R038-values = { $disqualified } of { $submitted } bids disqualified ({ $percent } %). Shares of { $fence } % or more are unusual here.
indicator-R048-name = Heterogeneous supplier
indicator-R048-meaning = A company was awarded things of unusually many different kinds, which can point to a front company.
indicator-R048-reads = The active awards' single supplier and the items' classification.
indicator-R048-method = For each supplier awarded in at least the minimum number of processes, the distinct first levels of its items' classification are counted. Counts at or above the upper fence of all such suppliers, or a fixed threshold, are flagged with the count.
indicator-R048-values = Awarded items in { $n } different categories; { $fence } or more is unusual here.
indicator-R058-name = Heavily discounted bid
indicator-R058-meaning = The winning bid was far below every other bid, which can be a bid made to win and recovered later.
indicator-R058-reads = Valid bids with their value, currency and tenderer; the awards, their status and supplier.
indicator-R058-method = As for the price close to the winning bid, the gap between the winning bid and the next lowest valid bid is taken as a share of the winning bid; gaps at or above the upper fence of all processes, or a fixed threshold, are flagged.
indicator-R058-values = The winning bid was { $winning } { $currency }, the next lowest { $second } { $currency }: { $percent } % higher. Gaps of { $fence } % or more are unusual here.
indicator-V001-name = Contract signed during a complaint
indicator-V001-meaning = A contract was signed while a complaint about the process was still with the agency, before it answered.
indicator-V001-reads = The contracts' signature dates; the complaints about the process and the history of their states.
indicator-V001-method = For each contract signed, the state each complaint about the process was in at that moment is read from its history; a complaint then waiting for the agency's answer flags the process (value 1).
indicator-V001-values = { $n ->
    [one] One complaint was
   *[other] { $n } complaints were
} with the agency when the contract was signed, on { $date }.
indicator-V002-name = Awarded again after a confirmed violation
indicator-V002-meaning = The same buyer awarded the same supplier again soon after an oversight body confirmed a violation on their earlier process.
indicator-V002-reads = The oversight bodies' findings on complaints; the buyer and the active awards' suppliers and dates.
indicator-V002-method = When an oversight body records a finding that confirms a violation on a process, any award of the same buyer to a supplier of that process, dated within the configured period after the finding, flags the new process (value 1).
indicator-V002-values = Awarded on { $awarded } to a supplier of process { $earlier }, on which a violation was confirmed on { $finding }.
indicator-V003-name = Agency often late
indicator-V003-meaning = This agency answers complaints and questions late, or leaves them overdue, far more often than other agencies.
indicator-V003-reads = Each agency's items received (complaints and questions sent to it), answered, answered on time and overdue now.
indicator-V003-method = For agencies that received at least the minimum number of items, late and overdue answers are divided by items received. Shares at or above the upper fence of all agencies, and above zero, are flagged with the share.
indicator-V003-values = { $late } answered late and { $overdue } overdue out of { $received } items received ({ $percent } %). Shares of { $fence } % or more are unusual here.
indicator-V004-name = Complaints from several people
indicator-V004-meaning = Several different people complained about this process, independently of one another.
indicator-V004-reads = The complaints about the process and who filed them (never shown).
indicator-V004-method = Different people whose complaints about the process moderators accepted (sent to an agency) are counted; at least the minimum flags the process, with the count. Complaints still in triage do not count, so nobody can raise the flag with made-up accounts.
indicator-V004-values = { $people } different people complained about this process.
