# Тексти сторінок українською, у форматі Fluent. Множина за правилами CLDR (one, few, many).


## site
site-skip = Перейти до змісту
site-language = Мова
site-form_expired = Термін дії форми минув або вона надійшла не з цього сайту, тож нічого не зроблено. Почніть, будь ласка, ще раз.

## nav
nav-search = Пошук закупівель
nav-work = Ваша робота
nav-menu = Меню
nav-open_data = Відкриті дані

## process
process-title = Закупівля
process-buyer = Замовник
process-procuring_entity = Організатор закупівлі
process-value = Очікувана вартість
process-method = Процедура закупівлі
process-category = Категорія
process-status = Статус
process-stage = Досягнутий етап
process-public_works = Це закупівля публічних робіт.
process-tender_period = Період подання пропозицій
process-award_date = Рішення про переможця
process-contract_date = Договір підписано
process-last_release = Останнє оновлення
process-record = Повний запис OCDS (JSON)
process-feedback = Відгуки про цю закупівлю
process-no_feedback = Про цю закупівлю ще ніхто не залишив відгуку.
process-not_found = Закупівлі з таким ідентифікатором немає.
process-items = Що закуповується
process-awards = Переможці та постачальники
process-no_supplier = Постачальника не вказано
process-contracts = Договори
process-contract = Договір
process-documents = Оприлюднені документи
process-your_say = Помітили щось не те?
process-your_say_text = Подайте скаргу, поставте запитання чи оцініть поставлене. Замовник відповідає публічно.

## feedback
feedback-by = Автор
feedback-outcome = Результат
feedback-agency = Відповідальний замовник
feedback-routed_by_moderator = Замовника обрав модератор.
feedback-routed_by_rule = Правило спрямування
feedback-answer = Відповідь замовника
feedback-no_answer = Відповіді ще немає.
feedback-deadline = Строк
feedback-deadline_met = Відповідь надано вчасно.
feedback-deadline_missed = Строк відповіді порушено.
feedback-overdue = Прострочено
feedback-history = Історія
feedback-rating = Оцінка
feedback-not_found = Відгуку з таким ідентифікатором немає.
feedback-citizen = Громадянин
feedback-evidence = Докази
feedback-evidence_private = Ці файли бачать лише автор звернення, модератори, замовник і контролюючий орган, що його розглядають.
feedback-evidence_image = Фото { $n }, додане як доказ
feedback-filed = Подано
feedback-finding = Висновок контролюючого органу
feedback-oversight = Контролюючий орган
feedback-process = Закупівля
feedback-signin_to_act = Увійдіть, щоб діяти щодо цього звернення
feedback-violation_confirmed = Порушення підтверджено.
feedback-violation_not_confirmed = Порушень не виявлено.
feedback-withheld = Модератори відхилили це звернення (наприклад, через образи чи персональні дані), тому його текст не оприлюднено.
feedback-withheld_short = відхилено модераторами; текст не оприлюднено

## kind
kind-review = Відгук
kind-complaint = Скарга
kind-question = Запитання

## state
state-submitted = Подано
state-triage = На розгляді модератора
state-awaiting_complainant = Очікує додаткової інформації від автора
state-routed = Надіслано відповідальному замовнику
state-acknowledged = Замовник прийняв до розгляду
state-awaiting_clarification = Замовник попросив автора уточнити
state-answered = Замовник відповів
state-escalated = Передано контролюючому органу
state-closed = Закрито

## outcome
outcome-resolved = Вирішено
outcome-not_resolved = Не вирішено
outcome-rejected = Відхилено
outcome-duplicate = Повтор
outcome-withdrawn = Відкликано

## home
home-title = Стежте за публічними закупівлями й отримуйте відповіді
home-search_label = Пошук закупівель
home-search_button = Шукати
home-latest = Останні відповіді
home-no_answers = Відповідей поки немає.
home-lead = Знайдіть тендер, договір чи публічні роботи, розкажіть, що ви побачили, і стежте за відповіддю замовника. Кожну відповідь оприлюднено тут, поруч із закупівлею.
home-search_hint = Слова з назви, замовник чи постачальник або ідентифікатор закупівлі (ocid)
home-figures = Відповіді в цифрах

## figures
figures-received = Отримано звернень
figures-answered = З відповіддю
figures-on_time = Відповідь вчасно
figures-median = Медіана днів до відповіді
figures-overdue = Прострочено зараз
figures-satisfaction = Задоволені автори

## search
search-title = Закупівлі
search-q = Слова
search-buyer = Замовник
search-method = Процедура
search-category = Категорія
search-status = Статус
search-value_min = Вартість від
search-value_max = Вартість до
search-date_from = Оновлено з
search-date_to = Оновлено до
search-next = Наступна сторінка
search-previous = Попередня сторінка
search-any = Будь-яка
search-pages = Сторінки результатів
search-q_hint = Слова або ідентифікатор закупівлі (ocid)
search-buyer_hint = Частина назви замовника або його ідентифікатор
search-feedback_count = { $n ->
    [one] { $n } звернення
    [few] { $n } звернення
    [many] { $n } звернень
   *[other] { $n } звернення
}
search-found = { $n ->
    [0] Закупівель не знайдено
    [one] Знайдено { $n } закупівлю
    [few] Знайдено { $n } закупівлі
    [many] Знайдено { $n } закупівель
   *[other] Знайдено { $n } закупівлі
}
search-found_more = Знайдено понад { $n } закупівель
search-none = Нічого не знайдено. Можна:
search-none_words = вжити менше або коротші слова
search-none_filters = прибрати деякі фільтри
search-none_ocid = вставити повний ідентифікатор закупівлі (ocid), щоб відкрити її сторінку
search-page = Сторінка { $n }
search-public_works = Публічні роботи
search-stage = Етап
search-invalid-value_min = Вкажіть найменшу вартість числом, наприклад 100000.
search-invalid-value_max = Вкажіть найбільшу вартість числом, наприклад 500000.
search-invalid-date_from = Вкажіть першу дату як дату, наприклад 2026-01-31.
search-invalid-date_to = Вкажіть останню дату як дату, наприклад 2026-12-31.
search-invalid-stage = Оберіть один із запропонованих етапів.
search-invalid-public_works = Оберіть «так» або «ні».

## agency
agency-scorecard = Показники
agency-processes = Його закупівлі
agency-feedback = Отримані звернення
agency-not_found = Замовника з таким ідентифікатором немає.
agency-caption = Замовник
agency-identifier = Ідентифікатор
agency-no_feedback = Про закупівлі цього замовника ще ніхто не залишив відгуку.
agency-all_processes = Усі його закупівлі

## work
work-title = Ваша робота
work-signed_in_as = Ви увійшли як
work-mine = Мої звернення
work-triage = Черга модерації
work-inbox = Вхідні замовника
work-escalations = Передані справи
work-empty = Тут нічого немає.
work-comment = Коментар
work-violation = Порушення підтверджено?
work-yes = Так
work-no = Ні
work-action_taken = Вжиті заходи
work-outcome = Результат
work-error_title = Цю дію не вдалося виконати
work-audience_public = Оприлюднюється: будь-хто може прочитати цей коментар поруч зі зверненням.
work-audience_parties = Не оприлюднюється: його читають лише автор, модератори, замовник і контролюючий орган, що розглядають звернення.
work-audience_moderation = Не оприлюднюється: його читають лише автор і модератори; замовник — ні.
work-reveals_title = Розкриття особи
work-reveals_intro = Кожен випадок, коли модератор дізнався, хто анонімний автор: хто, від якої організації, щодо якого звернення і з якої причини. Спершу найновіші.
work-reveals_when = Коли
work-reveals_who = Модератор
work-reveals_org = Організація
work-reveals_item = Звернення
work-reveals_reason = Причина
work-reveals_admins_only = Журнал розкриття особи можуть читати лише адміністратори.

sources-title = Джерела даних
sources-intro = Стрічки публікаторів, які цей сайт читає сам за розкладом, і як минуло останнє читання кожної. Саме звідси нові закупівлі, рішення про переможців і договори потрапляють на сторінки процедур.
sources-none = Поки що жодне джерело не підключено. Додайте його в config/sources.toml (як — сказано в README).
sources-admins_only = Джерела даних можуть бачити лише адміністратори.
sources-running = Читається зараз
sources-ok = Останнє читання вдалося
sources-failed = Останнє читання зупинилося
sources-never = Ще не читалося
sources-kind = Вид
sources-kind_next-link = API, сторінки якого посилаються на наступну
sources-kind_date-window = API, яке читається проміжками дат
sources-kind_bulk-file = Повний файл, який читається знову, коли змінюється
sources-kind_directory = Тека, куди надходять нові файли
sources-every = Читається
sources-every_minutes = { $minutes ->
    [one] щохвилини
    [few] кожні { $minutes } хвилини
   *[other] кожні { $minutes } хвилин
}
sources-every_hours = { $hours ->
    [one] щогодини
    [few] кожні { $hours } години
   *[other] кожні { $hours } годин
}
sources-every_days = { $days ->
    [one] щодня
    [few] кожні { $days } дні
   *[other] кожні { $days } днів
}
sources-last_run = Останнє читання
sources-figures = { $pages ->
    [one] { $pages } сторінка
    [few] { $pages } сторінки
   *[other] { $pages } сторінок
}, нових публікацій: { $new }, уже відомих: { $unchanged }, суперечливих: { $conflicting }, проблем: { $errors }
sources-last_error = Чому зупинилося
sources-cursor = Звідки почнеться наступне читання
sources-cursor_next = Наступна сторінка
sources-cursor_from = Від
sources-cursor_to = До
sources-cursor_etag = ETag
sources-cursor_last_modified = Остання зміна
sources-cursor_last_file = Останній прочитаний файл
sources-cursor_start = З початку (або з першої заданої дати)
sources-next_run = Наступне читання
sources-next_soon = Протягом хвилини
sources-how = Читання, що зупинилося, продовжується з того самого місця: нічого не губиться і не зберігається двічі. Щоб прочитати джерело зараз, виконайте на сервері «veedor sync --source ID --once».
work-due = Строк
work-act = { $n ->
    [one] Діяти ({ $n } дія)
    [few] Діяти ({ $n } дії)
   *[other] Діяти ({ $n } дій)
}
work-apply = Застосувати фільтри
work-count = { $n ->
    [0] нічого не чекає
    [one] { $n } звернення
    [few] { $n } звернення
    [many] { $n } звернень
   *[other] { $n } звернення
}
work-evidence_count = { $n ->
    [one] { $n } файл
    [few] { $n } файли
   *[other] { $n } файлів
}
work-filter_list = Список
work-all_lists = Усі мої списки
work-filter_category = Категорія
work-filter_state = Стан
work-filter_overdue = Лише прострочені
work-more = Наступні в цьому списку
work-nothing = Для вас поки немає справ. Коли звернення знадобиться вам, воно з’явиться тут, і ви отримаєте лист.
work-received = отримано
work-sort = Порядок
work-sort_natural = Звичайний порядок
work-sort_age = Спершу найстаріші
work-sort_deadline = Спершу найближчий строк
work-mine_hint = Звернення, які ви подали, спершу найновіші. Відкрийте будь-яке, щоб побачити його стан або відповісти.
work-triage_hint = Нові звернення чекають на модератора: прийміть і надішліть замовнику, попросіть більше інформації або відхиліть.
work-inbox_hint = Звернення, надіслані цьому замовнику. При кожному вказано, до якого строку треба відповісти.
work-escalations_hint = Справи, передані цьому органу: зафіксуйте висновок щодо кожної.

## action
action-accept = Прийняти й спрямувати
action-reject = Відхилити
action-mark_duplicate = Позначити як повтор
action-ask_complainant = Запитати автора
action-provide_information = Надати інформацію
action-change_category = Змінити категорію
action-acknowledge = Прийняти до розгляду
action-answer = Відповісти публічно
action-ask_clarification = Попросити уточнення
action-clarify = Уточнити
action-not_responsible = Не в нашій компетенції
action-satisfied = Відповідь мене задовольняє
action-unsatisfied = Відповідь мене не задовольняє: передати далі
action-record_finding = Зафіксувати висновок
action-withdraw = Відкликати

## give
give-title = Залишити відгук
give-link = Залишити відгук про цю закупівлю
give-choose = Чого це стосується? Оберіть категорію.
give-other_category = обрати іншу категорію
give-kind = Вид
give-stage = Етап закупівлі, якого це стосується
give-description = Опишіть
give-rating = Оцінка (від 1 до 5)
give-attachments = Докази (необов’язково)
give-anonymity = Хто бачить ваше ім’я
give-anonymous = Приховати моє ім’я від публіки та від замовника
give-anonymity_explained = Якщо ви приховаєте ім’я, усі (і замовник теж) бачитимуть псевдонім, однаковий лише в межах цієї закупівлі. Модератори громадської організації за потреби можуть дізнатися, хто ви, і кожен такий перегляд записується. Вашу електронну адресу не показують нікому.
give-submit = Надіслати
give-error_title = Виправте, будь ласка
give-characters_left = { $n ->
    [one] Залишився { $n } символ
    [few] Залишилося { $n } символи
   *[other] Залишилося { $n } символів
}
give-invalid-kind = Оберіть вид звернення.
give-invalid-category = Оберіть категорію, що відповідає цьому виду звернення.
give-invalid-stage = Оберіть етап закупівлі, якого стосується звернення.
give-invalid-description = Опишіть, що сталося, до 5 000 символів.
give-invalid-rating = Оберіть оцінку від 1 до 5 (лише для відгуку).
give-invalid-answers = Дайте відповідь на це запитання, як просять (обов’язкові позначено *).
give-invalid-attachments = Доказами можуть бути фото (JPEG, PNG, WebP), PDF чи офісні документи: до 5 файлів по 10 МБ.
give-attachments_hint = Фото (JPEG, PNG, WebP), PDF чи офісні документи: до 5 файлів по 10 МБ. Перед збереженням з файлів вилучаються геодані та імена авторів.
give-attachments_again = Файли, які ви обрали раніше, не збереглися: оберіть їх ще раз.
give-choose_one = Оберіть
give-stage_hint = Якого кроку закупівлі стосується ваше звернення?
give-description_hint = Розкажіть, що сталося, де й коли. Не вказуйте персональних даних інших людей.
give-rating_hint = Лише для відгуку: 1 — дуже погано, 5 — дуже добре.
give-publication_at_once = Те, що ви надішлете, одразу оприлюднюється поруч із закупівлею під вашим ім’ям або псевдонімом. Не вказуйте персональних даних інших людей.
give-publication_after_acceptance = Спершу звернення читає модератор. Щойно він його прийме, його буде оприлюднено поруч із закупівлею під вашим ім’ям або псевдонімом. Не вказуйте персональних даних інших людей.
give-publication_mixed = Скарги оприлюднюються після того, як їх прийме модератор; запитання й відгуки — одразу. В обох випадках — під вашим ім’ям або псевдонімом. Не вказуйте персональних даних інших людей.

## account
account-signup = Створити обліковий запис
account-signin = Увійти
account-name = Ваше ім’я
account-email = Електронна адреса
account-password = Пароль
account-have_account = У мене вже є обліковий запис
account-forgot = Я забув(-ла) пароль
account-check_email = Перевірте пошту: якщо цю адресу можна використати, лист із посиланням уже в дорозі.
account-verify = Підтвердьте електронну адресу
account-verify_button = Підтвердити адресу
account-verified = Адресу підтверджено. Тепер ви можете увійти.
account-invitation = Запрошення відповідати від імені замовника
account-invitation_intro = Прийнявши запрошення, ви станете посадовою особою замовника, названого в листі: отримуватимете спрямовані йому звернення й публічно на них відповідатимете. Ви увійшли як
account-invitation_button = Прийняти запрошення
account-invitation_accepted = Тепер ви посадова особа замовника. Його звернення — у вашій черзі.
account-invitation_other_address = Це запрошення надіслано на іншу адресу. Вийдіть і увійдіть з обліковим записом тієї адреси.
account-bad_link = Посилання недійсне, уже використане або застаріле.
account-reset = Відновлення пароля
account-new_password = Новий пароль
account-reset_button = Продовжити
account-password_changed = Пароль змінено, а всі сеанси завершено. Увійдіть із новим паролем.
account-title = Ваш обліковий запис
account-signin_failed = Не вдалося увійти
account-bad_credentials = Неправильна електронна адреса або пароль.
account-not_verified = Спершу підтвердьте електронну адресу: перейдіть за посиланням у надісланому листі.
account-password_plain = Пароль
account-roles = Ваші ролі
account-your_work = Ваша робота: звернення та черги
account-settings = Налаштування
account-language = Мова сторінок і листів
account-save = Зберегти налаштування
account-saved = Налаштування збережено.
account-not_saved = Зміни не збережено
account-change_password = Змінити пароль
account-current_password = Поточний пароль
account-signout = Вийти
account-invalid-name = Вкажіть ім’я від 1 до 200 символів.
account-invalid-email = Вкажіть електронну адресу, на яку можна надсилати листи.
account-invalid-language = Оберіть одну із запропонованих мов.
account-invalid-password = Оберіть пароль від 10 до 256 символів.
account-invalid-current_password = Це не ваш поточний пароль.
account-name_hint = Показується поруч зі зверненнями, які ви не робите анонімними.
account-name_short = Ім’я
account-email_hint = Ми надішлемо посилання для підтвердження. Адресу не показують нікому.
account-password_hint = Щонайменше 10 символів. Кілька слів, які ви запам’ятаєте, — добрий пароль.
account-no_account = Ще немає облікового запису?
account-reset_intro = Вкажіть електронну адресу свого облікового запису. Якщо він є, ми надішлемо посилання для вибору нового пароля.
account-signup_intro = З обліковим записом ви можете залишати відгуки про закупівлі й стежити за відповідями. При цьому кожне звернення можна подати анонімно.

## language
language-name = Українська

## stage
stage-planning = Планування
stage-tender = Тендер
stage-award = Визначення переможця
stage-contract = Договір
stage-implementation = Виконання

## method
method-open = Відкриті торги
method-selective = Торги з обмеженою участю
method-limited = Переговорна процедура
method-direct = Пряма закупівля

## procurement_category
procurement_category-goods = Товари
procurement_category-works = Роботи
procurement_category-services = Послуги

## status
status-planning = Планування
status-planned = Заплановано
status-active = Триває
status-cancelled = Скасовано
status-unsuccessful = Не відбулася
status-complete = Завершено
status-withdrawn = Відкликано

## agencies
agencies-title = Замовники
agencies-search = Знайти замовника за назвою
agencies-found = { $n ->
    [one] { $n } установа
    [few] { $n } установи
    [many] { $n } установ
   *[other] { $n } установи
}
agencies-received = { $n ->
    [0] Звернень ще не отримано
    [one] Отримано { $n } звернення
    [few] Отримано { $n } звернення
    [many] Отримано { $n } звернень
   *[other] Отримано { $n } звернення
}

## error
error-bad_request = Не вдалося зрозуміти запит
error-bad_request_text = Щось в адресі чи формі не таке, як очікує ця сторінка. Поверніться й спробуйте ще раз.
error-forbidden = Вам не можна цього робити
error-forbidden_text = Ваш обліковий запис не дозволяє цієї дії, або ви увійшли не з тим обліковим записом, якому це дозволено.
error-not_found = Такої сторінки немає
error-not_found_text = Можливо, в адресі помилка, або те, на що вона вказувала, більше не існує.
error-conflict = Хтось змінив це раніше
error-conflict_text = Звернення змінилося, поки ви з ним працювали. Оновіть сторінку, щоб побачити його стан, і спробуйте ще раз.
error-too_large = Надіслано забагато
error-too_large_text = Файли — до 10 МБ кожен, до п’яти за раз, загалом до 25 МБ.
error-too_many = Забагато спроб
error-too_many_text = Щоб захистити облікові записи й сервіс, цю дію тимчасово обмежено.
error-wait = { $minutes ->
    [one] Спробувати знову можна через { $minutes } хвилину.
    [few] Спробувати знову можна через { $minutes } хвилини.
   *[other] Спробувати знову можна через { $minutes } хвилин.
}
error-internal = Щось пішло не так з нашого боку
error-internal_text = Ви тут ні до чого. Помилку записано; спробуйте, будь ласка, за хвилину.
error-home = Головна
error-search = Пошук закупівель

## act
act-title = Що ви хочете зробити?
act-choose = Оберіть дію
act-agency = Замовник (для прийняття)
act-agency_hint = Введіть частину назви замовника або його ідентифікатор. Залиште порожнім, щоб обрали правила спрямування: { $rule }.
act-agency_which = Підходить кілька замовників: який саме?
act-category = Нова категорія (для зміни категорії)
act-only_for = Лише для дії «{ $action }».
act-duplicate_of = Первинне звернення (для позначення повтору)
act-duplicate_hint = Інші звернення щодо цієї ж закупівлі.
act-duplicate_paste = Вставте посилання на первинне звернення або його номер.
act-comment_hint = Під кожною дією вказано, хто прочитає цей коментар.
act-documents = Документи (до відповіді)
act-documents_hint = Лише для дії «{ $action }»: до 5 файлів по 10 МБ, оприлюднюються разом із відповіддю. Імена авторів вилучаються.
act-comment_needed = Потрібен коментар.
act-continue = Продовжити
act-confirm_title = { $action }: ви впевнені?
act-confirm_button = Так, { $action }
act-go_back = Ні, повернутися
act-filed = Ваше звернення надіслано. Ця сторінка показує, на якому воно етапі; ми писатимемо вам на кожному кроці.
act-done = Виконано: { $action }.
act-invalid-transition = Оберіть, що ви хочете зробити.
act-invalid-agency = Немає замовника з такою назвою чи ідентифікатором. Перевірте написання або залиште поле порожнім, щоб обрали правила спрямування.
act-invalid-comment = Напишіть коментар: ця дія його потребує, до 5 000 символів.
act-invalid-duplicate_of = Вкажіть первинне звернення: оберіть його у списку або вставте посилання.
act-invalid-category = Оберіть одну із запропонованих категорій.
act-invalid-violation_confirmed = Вкажіть, чи підтверджено порушення.
act-invalid-outcome = Оберіть результат.
act-invalid-action_taken = Опишіть вжиті заходи до 5 000 символів.
act-invalid-attachments = Документами можуть бути PDF, офісні документи чи зображення: до 5 файлів по 10 МБ.
act-consequence_close = Це закриє звернення. Автора буде повідомлено разом із вашим коментарем.
act-consequence_unroute = Звернення повернеться до модераторів, які спрямують його іншому замовнику.
act-consequence_duplicate = Це закриє звернення як повтор обраного первинного. Автора буде повідомлено.

## footer
footer-title = Про цей сайт
footer-tagline = Veedor — відкрите програмне забезпечення для громадського моніторингу публічних закупівель.
footer-about = Про сайт
footer-how = Як це працює
footer-privacy = Конфіденційність
footer-api = API (OpenAPI)

## form
form-done = Виконано
form-error = Помилка
form-optional = (необов’язково)
form-warning = Увага

## open_data
open_data-atom = Оприлюднені відповіді (стрічка Atom)
open_data-title = Відкриті дані
open_data-lead = Усе, що оприлюднено на цьому сайті, — також відкриті дані для вільного використання: звернення, відповіді замовників і висновки контролюючих органів разом із закупівлями, яких вони стосуються.
open_data-downloads = Завантаження, стрічки та API
open_data-what = Що
open_data-where = Де
open_data-feedback_json = Оприлюднені звернення посторінково (JSON)
open_data-feedback_jsonl = Усі оприлюднені звернення (JSON Lines)
open_data-feedback_csv = Усі оприлюднені звернення (CSV, для таблиць)
open_data-processes = Закупівлі з пошуком (JSON)
open_data-openapi = Опис API (OpenAPI)
open_data-open311 = Open311 GeoReport v2 для громадських застосунків
open_data-licence_title = Повторне використання
open_data-licence = Використання вільне; будь ласка, зазначайте цей сайт як джерело. Анонімні автори фігурують лише під псевдонімами.
open_data-keys_title = Подання звернень з іншого застосунку
open_data-keys = Для читання ключ не потрібен. Застосункам, що подають звернення через Open311, потрібен ключ API, прив’язаний до облікового запису: зверніться до операторів сайту, які їх видають.

## role
role-citizen = Громадянин
role-moderator = Модератор
role-officer = Посадова особа замовника
role-oversight = Контролюючий орган
role-admin = Адміністратор

## date
date-day = { $day } { $month } { $year } р.
date-month_1 = січня
date-month_2 = лютого
date-month_3 = березня
date-month_4 = квітня
date-month_5 = травня
date-month_6 = червня
date-month_7 = липня
date-month_8 = серпня
date-month_9 = вересня
date-month_10 = жовтня
date-month_11 = листопада
date-month_12 = грудня

## award_status
process-bids = Пропозиції
process-no_tenderer = Учасника не зазначено
bid_status-invited = Запрошено
bid_status-pending = Розглядається
bid_status-valid = Дійсна
bid_status-disqualified = Відхилена
bid_status-withdrawn = Відкликана
award_status-pending = Очікує
award_status-active = Визначено переможцем
award_status-cancelled = Скасовано
award_status-unsuccessful = Не відбулося

## contract_status
contract_status-pending = Очікує
contract_status-active = Чинний
contract_status-cancelled = Скасовано
contract_status-terminated = Завершений

## document_type
document_type-tenderNotice = Оголошення про закупівлю
document_type-awardNotice = Повідомлення про намір укласти договір
document_type-contractNotice = Повідомлення про договір
document_type-biddingDocuments = Тендерна документація
document_type-technicalSpecifications = Технічні вимоги
document_type-evaluationReports = Протокол розгляду
document_type-contractSigned = Підписаний договір
document_type-contractText = Текст договору
document_type-clarifications = Роз’яснення
document_type-bidders = Учасники
document_type-conflictOfInterest = Декларація про конфлікт інтересів
document_type-contractAnnexe = Додаток до договору
document_type-completionCertificate = Акт приймання-передачі
document_type-physicalProgressReport = Звіт про хід робіт
document_type-financialProgressReport = Фінансовий звіт

## next
next-open = Спершу звернення перевіряє модератор, а потім надсилає відповідальному замовнику. На кожному кроці ви отримуєте лист.
next-awaiting_complainant = Очікуємо, поки автор додасть інформацію. Строк зупинено до його відповіді.
next-with_agency = { $agency } має відповісти до { $date }. Якщо відповіді не буде, звернення перейде до органу «{ $body }».
next-with_agency_paused = У роботі в: { $agency }. Строк зупинено, поки очікується уточнення.
next-answered = { $agency } відповів. Автор може вказати, чи вирішує це питання; якщо ні, звернення перейде до органу «{ $body }».
next-escalated = Орган «{ $body }» розглядає звернення й оприлюднить тут свій висновок.
next-closed = Звернення закрито.
next-closed_with = Звернення закрито: { $outcome }.

## about
about-title = Про Veedor
about-lead = Veedor дає змогу громадянам, журналістам і компаніям залишати відгуки про публічні тендери, договори й роботи, надсилає кожну скаргу відповідальному замовнику та оприлюднює кожну відповідь поруч із закупівлею.
about-who = Він працює поруч із даними про закупівлі, які оприлюднює держава (Стандарт даних відкритих контрактів). Модератори громадських організацій перевіряють подане; замовники відповідають у строк; контролюючі органи беруть те, що не вирішено.
about-publication = Що оприлюднюється і коли
about-published_at_once = { $kind }: оприлюднюється одразу після подання.
about-published_after_acceptance = { $kind }: оприлюднюється, щойно модератор прийме та надішле замовнику.
about-withheld = Відхилені звернення ({ $outcomes }) лишаються в переліку, щоб усі бачили, що щось було подано, але їхній текст не оприлюднюється.
about-comments = Коментарі під час розгляду оприлюднюються, лише коли відповідний крок публічний (відповідь замовника, висновок контролюючого органу); запитання до автора лишаються приватними.
about-findings = Висновки контролюючих органів оприлюднюються з назвою органу: чи підтверджено порушення і що зроблено.
about-more = Докладніше:

## how
how-title = Як це працює
how-lead = Від скарги до публічної відповіді — п’ять кроків. На кожному кроці причетні отримують лист, а сторінка звернення показує, чия черга і до якого строку.
how-step_file = Ви подаєте звернення щодо закупівлі
how-step_file_text = Знайдіть тендер, договір чи роботи, оберіть тему, опишіть і додайте докази. Ви можете приховати своє ім’я.
how-step_triage = Модератор перевіряє
how-step_triage_text = Модератори громадської організації читають звернення, можуть попросити більше інформації та надсилають його відповідальному замовнику або відхиляють, якщо воно образливе чи не стосується закупівель.
how-step_agency = Замовник відповідає публічно
how-step_agency_text = Замовник має { $days } { $working ->
    [yes] робочих днів
   *[no] днів
}, щоб відповісти. Його відповідь оприлюднюється поруч із закупівлею.
how-step_agency_text_nodeadline = Замовник відповідає; відповідь оприлюднюється поруч із закупівлею.
how-step_rating = Ви вказуєте, чи вирішує це відповідь
how-step_rating_text = Якщо так, звернення закривається як вирішене. Якщо ні або замовник пропустив строк, звернення переходить до контролюючого органу.
how-step_oversight = Рішення ухвалює контролюючий орган
how-step_oversight_text = Контролюючий орган має { $days } { $working ->
    [yes] робочих днів
   *[no] днів
} на розгляд і оприлюднює висновок: чи підтверджено порушення і що зроблено.
how-step_oversight_text_nodeadline = Контролюючий орган розглядає звернення й оприлюднює висновок.
how-who_title = Хто що робить
how-role_citizen = Подає звернення, відповідає на запитання щодо них і оцінює відповідь замовника.
how-role_moderator = Перевіряє нові звернення, надсилає їх потрібному замовнику й захищає особу автора.
how-role_officer = Публічно й у строк відповідає на звернення, надіслані його установі.
how-role_oversight = Розглядає звернення, які замовник не вирішив, і оприлюднює висновок.
how-bodies = Контролюючі органи на цьому сайті

## privacy
privacy-title = Конфіденційність
privacy-lead = Що Veedor зберігає про вас, хто це бачить і що оприлюднюється.
privacy-collected_title = Що ми зберігаємо
privacy-collected = Ваше ім’я, електронну адресу, мову й пароль (лише як хеш argon2id); подані звернення та додані файли; і, щоб захистити облікові записи, недовго — невдалі спроби входу з кожної адреси.
privacy-anonymity_title = Анонімність
privacy-anonymity = Якщо ви приховаєте ім’я, усі, зокрема замовник, бачитимуть псевдонім, однаковий лише в межах цієї закупівлі. Вашу електронну адресу не показують нікому.
privacy-reveals_title = Хто може дізнатися, хто ви
privacy-reveals = Модератори можуть дізнатися, хто стоїть за псевдонімом, коли це потрібно (наприклад, щоб захистити вас від погроз). Кожен такий перегляд записується з причиною, і адміністратори можуть читати цей журнал.
privacy-files_title = Ваші файли
privacy-files = Перед збереженням Veedor вилучає з файлу те, що вказує на автора чи місце: дані камери, геодані та програм із фото, авторів і коментарі з документів. Докази бачать лише ті, хто розглядає звернення.
privacy-public_title = Що публічне
privacy-public = Текст вашого звернення (коли це дозволяють правила оприлюднення), ваше ім’я або псевдонім, відповідь замовника та висновок контролюючого органу. Відкриті дані містять те саме, але ніколи — вашу адресу.
privacy-cookies_title = Куки
privacy-cookies = Кука сеансу, поки ви в системі, кука, що пам’ятає мову, і недовго — кука, що захищає форми від підробки. Жодна не використовується для стеження.
privacy-rights_title = Ваші права
privacy-rights = Ім’я, мову й пароль можна змінити на сторінці облікового запису. Щоб видалити обліковий запис, напишіть операторам цього сайту.

news-by_publisher = Опубліковано замовником
news-planning = Опубліковано нову інформацію про планування цієї процедури (публікація від { $date }).
news-tender = Оголошення про закупівлю опубліковано або змінено (публікація від { $date }).
news-award = Опубліковано нове рішення про визначення переможця (публікація від { $date }).
news-contract = Опубліковано або змінено договір за цією процедурою (публікація від { $date }).
news-implementation = Опубліковано новини про виконання договору (публікація від { $date }).
news-other = Опубліковано нову інформацію про цю процедуру (публікація від { $date }).

## risk indicators
risk-title = Індикатори ризиків
risk-caveat = Позначка — це привід придивитися, а не доказ порушення.
risk-none = Щодо цієї закупівлі не спрацював жоден індикатор ризику.
risk-how = Як працюють індикатори
risk-flags_process = { $n ->
    [one] Щодо цієї закупівлі спрацював { $n } індикатор ризику.
    [few] Щодо цієї закупівлі спрацювали { $n } індикатори ризику.
    [many] Щодо цієї закупівлі спрацювало { $n } індикаторів ризику.
   *[other] Щодо цієї закупівлі спрацювало { $n } індикатора ризику.
}
risk-organizations = Про організації, пов’язані з цією закупівлею
risk-organization_flag = { $name }: { $indicator }
risk-in_processes = { $n ->
    [one] у { $n } закупівлі
    [few] у { $n } закупівлях
    [many] у { $n } закупівлях
   *[other] у { $n } закупівлі
}
risk-as_buyer = як замовник
risk-as_procuring_entity = як організатор закупівлі
risk-as_tenderer = як учасник або постачальник
risk-intro = Індикатори ризиків вказують на закупівлі, замовників і компанії, на які модераторам, журналістам і контролюючим органам варто звернути увагу насамперед. Одинадцять із них узято з методології «червоних прапорців» Open Contracting Partnership, і обчислюються вони так само, як в її інструменті Cardinal; чотири — власні індикатори Veedor, що спираються на те, про що повідомили люди, і на те, як відповіли замовники.
risk-family_procurement = За даними про закупівлі
risk-family_redress = За зверненнями та відповідями на них
risk-flagged = Позначено
risk-count-OCID = { $n ->
    [0] жодної закупівлі
    [one] { $n } закупівля
    [few] { $n } закупівлі
    [many] { $n } закупівель
   *[other] { $n } закупівлі
}
risk-count-Buyer = { $n ->
    [0] жодного замовника
    [one] { $n } замовник
    [few] { $n } замовники
    [many] { $n } замовників
   *[other] { $n } замовника
}
risk-count-ProcuringEntity = { $n ->
    [0] жодного організатора закупівель
    [one] { $n } організатор закупівель
    [few] { $n } організатори закупівель
    [many] { $n } організаторів закупівель
   *[other] { $n } організатора закупівель
}
risk-count-Tenderer = { $n ->
    [0] жодної компанії
    [one] { $n } компанія
    [few] { $n } компанії
    [many] { $n } компаній
   *[other] { $n } компанії
}
risk-setting_fence = обчислюється з даних (межа за квартилями)
risk-setting_all = усі
risk-setting_none = немає
risk-setting_own_currency = валюта кожної закупівлі
risk-see_earlier = Переглянути попередню закупівлю
risk-key-threshold = Поріг
risk-key-procurement_methods = Процедури, які перевіряються
risk-key-procurement_method_details = Поріг для процедури
risk-key-percentile = Найактивніші учасники, від цього процентиля
risk-key-minimum_submitted_bids = Найменша кількість пропозицій
risk-key-minimum_contracting_processes = Найменша кількість закупівель
risk-key-digits = Цифри класифікації, що порівнюються
risk-key-period_days = Днів після висновку
risk-key-minimum_items = Найменша кількість звернень
risk-key-minimum_people = Найменша кількість людей
risk-key-currency = Основна валюта
risk-key-no_price_comparison_procurement_methods = Процедури, ціни яких не порівнюються
risk-key-price_comparison_procurement_methods = Порівнюються лише ці процедури
risk-key-exclusions = Виключені процедури
risk-key-codelists = Код публікатора читається як
risk-off = На цьому сайті не обчислюється (config/indicators.toml його не вмикає).
risk-reads = Які дані використовує
risk-method = Як обчислюється
risk-settings = Налаштування на цьому сайті
risk-see_flagged = Переглянути закупівлі, позначені цим індикатором
risk-last_run = Індикатори, що порівнюють закупівлі між собою, востаннє перераховано { $date }
risk-not_run = Індикатори, що порівнюють закупівлі між собою, ще не обчислено.
risk-not_found = Індикатора ризику з таким кодом немає.
risk-methodology_source = Методологія: Open Contracting Partnership, «Червоні прапорці для доброчесності», і документація Cardinal.
risk-agency_own = Позначки щодо цього замовника
risk-agency_processes = Позначки щодо його закупівель, за індикаторами
risk-agency_none = Щодо цього замовника та його закупівель не спрацював жоден індикатор.
risk-filter = Індикатор ризику
risk-filter_any = Будь-який індикатор
work-sort_risk = Спершу найвищий ризик

indicator-R003-name = Короткий строк подання пропозицій
indicator-R003-meaning = Компанії мали менше днів, ніж зазвичай, щоб підготувати пропозицію, а це дає перевагу тим, хто знав про закупівлю заздалегідь.
indicator-R003-reads = Дати початку й кінця періоду подання пропозицій, процедура закупівлі та її деталі.
indicator-R003-method = Підраховують повні дні між початком і кінцем періоду подання пропозицій; якщо їх менше за поріг, закупівля позначається (значення 1). Поріг можна задати окремо для кожного різновиду процедури, а перевіряти — лише деякі процедури.
indicator-R003-values = Пропозиції можна було подавати { $days ->
    [one] { $days } день
    [few] { $days } дні
    [many] { $days } днів
   *[other] { $days } дня
}; поріг — { $threshold ->
    [one] { $threshold } день
    [few] { $threshold } дні
    [many] { $threshold } днів
   *[other] { $threshold } дня
}.
indicator-R018-name = Подано лише одну пропозицію
indicator-R018-meaning = У процедурі, яка мала бути конкурентною, пропозицію подала лише одна компанія.
indicator-R018-reads = Процедура закупівлі та кількість учасників.
indicator-R018-method = Позначається (значення 1) закупівля, процедура якої конкурентна (типово — відкриті торги чи торги з обмеженою участю), а кількість учасників дорівнює 1.
indicator-R018-values = Лише один учасник (процедура: { $method }).
indicator-R024-name = Ціна, близька до переможної пропозиції
indicator-R024-meaning = Друга найнижча пропозиція була незвично близькою до переможної, що може свідчити про підлаштовані торги, де учасники заздалегідь домовилися.
indicator-R024-reads = Дійсні пропозиції з їхньою ціною, валютою та учасником; рішення про переможця, їхній статус і постачальник.
indicator-R024-method = Для кожної закупівлі, де переможця визначено за ціною і ним є один постачальник, різницю між переможною та наступною найнижчою дійсною пропозицією обчислюють як частку переможної. Позначаються різниці, що дорівнюють нижній межі для всіх закупівель (перший квартиль мінус 1,5 міжквартильного розмаху) або менші за неї, чи менші за фіксований поріг; також фіксуються переможець і учасник, що посів друге місце. Закупівлі, де рішення про переможця ще не ухвалено, не враховуються.
indicator-R024-values = Переможна пропозиція — { $winning } { $currency }, наступна найнижча — { $second } { $currency }: різниця { $percent } %. Тут незвичною є різниця { $fence } % або менше.
indicator-R025-name = Надмірна кількість невиграшних пропозицій
indicator-R025-meaning = Компанія, яка дуже часто подає пропозиції, рідко перемагає, що може свідчити про «технічні» пропозиції, які лише імітують конкуренцію.
indicator-R025-reads = Дійсні пропозиції та їхні учасники; рішення про переможця, їхній статус і постачальник.
indicator-R025-method = Для кожної компанії підраховують закупівлі, у яких вона подала дійсну пропозицію, і ті, у яких вона перемогла. Компанії з-поміж найактивніших учасників (за налаштованим процентилем), чия частка перемог дорівнює нижній межі для всіх компаній або менша за неї, позначаються із зазначенням цієї частки.
indicator-R025-values = Закупівель, у яких компанія подала пропозицію: { $bid }; з них виграно: { $won }.
indicator-R028-name = Однакові ціни пропозицій
indicator-R028-meaning = Різні компанії запропонували точно однакову ціну, а випадково таке буває рідко.
indicator-R028-reads = Подані пропозиції з їхньою ціною, валютою та учасниками.
indicator-R028-method = Подані пропозиції групують за точною ціною та валютою; ціна, яку запропонували два різні набори учасників, позначає закупівлю й цих учасників (значення 1). Ціни, встановлені замовником, не порівнюються.
indicator-R028-values = Однакова ціна в пропозиціях різних учасників: { $prices }.
indicator-R030-name = Перемогла пропозиція, подана із запізненням
indicator-R030-meaning = Переможна пропозиція надійшла після кінцевого строку.
indicator-R030-reads = Кінець періоду подання пропозицій; дати й учасники дійсних пропозицій; постачальники за чинними рішеннями про переможця.
indicator-R030-method = Дійсна пропозиція, датована пізніше за кінець періоду подання пропозицій, від компанії, яку визначено переможцем, позначає закупівлю й компанію (значення 1). Дати порівнюються як точні моменти часу.
indicator-R030-values = Переможну пропозицію датовано { $dates }, тобто після кінцевого строку — { $deadline }
indicator-R035-name = Відхилено всі пропозиції, крім переможної
indicator-R035-meaning = Пропозиції всіх компаній, крім переможця, відхилили, а це може означати, що правила застосували так, щоб надати перевагу одній із них.
indicator-R035-reads = Статус пропозицій та їхні учасники; статус рішень про переможця та постачальники.
indicator-R035-method = Коли дійсні пропозиції має рівно одна компанія, саме її визначено переможцем, а пропозиції інших компаній — щонайменше стількох, скільки задає поріг, — відхилено, закупівля позначається із зазначенням кількості компаній, чиї пропозиції відхилено.
indicator-R035-values = { $n ->
    [1] Пропозицію єдиного іншого учасника відхилено.
    [one] Відхилено пропозиції всіх інших учасників: { $n }.
    [few] Відхилено пропозиції всіх інших учасників: { $n }.
    [many] Відхилено пропозиції всіх інших учасників: { $n }.
   *[other] Відхилено пропозиції всіх інших учасників: { $n }.
}
indicator-R036-name = Відхилено найнижчу пропозицію
indicator-R036-meaning = Найдешевшу пропозицію відхилено, хоча дорожча залишилася дійсною.
indicator-R036-reads = Подані пропозиції з їхнім статусом, ціною та валютою; чи є чинне рішення про переможця.
indicator-R036-method = Якщо серед пропозицій, поданих в одній валюті, найнижчу відхилено, а дійсна пропозиція є, закупівля позначається (значення 1). Ціни, встановлені замовником, не порівнюються.
indicator-R036-values = Найнижчу пропозицію, { $lowest } { $currency }, відхилено; найнижча дійсна пропозиція — { $valid } { $currency }.
indicator-R038-name = Надмірна частка відхилених пропозицій
indicator-R038-meaning = Незвично велику частку пропозицій, які отримав цей замовник чи організатор закупівлі або подала ця компанія, було відхилено.
indicator-R038-reads = Подані пропозиції з їхнім статусом і учасниками; замовник і організатор закупівлі.
indicator-R038-method = Кількість відхилених пропозицій ділять на кількість поданих — окремо для кожного замовника, організатора закупівлі й учасника (якщо пропозицій не менше за мінімальну кількість). Частки, що дорівнюють верхній межі своєї групи (третій квартиль плюс 1,5 міжквартильного розмаху) або перевищують її, чи перевищують фіксований поріг, позначаються із зазначенням частки.
indicator-R038-values = Відхилено пропозицій: { $disqualified } із { $submitted } ({ $percent } %). Тут незвичною є частка { $fence } % або більше.
indicator-R048-name = Різнопрофільний постачальник
indicator-R048-meaning = Компанія перемагала в закупівлях незвично різних за видом товарів, робіт і послуг, що може вказувати на фіктивну компанію.
indicator-R048-reads = Єдиний постачальник за чинними рішеннями про переможця та класифікація предметів закупівлі.
indicator-R048-method = Для кожного постачальника, якого визначено переможцем щонайменше в мінімальній кількості закупівель, підраховують різні розділи першого рівня класифікації його предметів закупівлі. Позначаються, із зазначенням кількості, значення, що сягають верхньої межі для всіх таких постачальників або фіксованого порогу.
indicator-R048-values = Категорій предметів закупівлі, у яких компанія перемагала: { $n }; тут незвично { $fence } або більше.
indicator-R058-name = Пропозиція з надто великою знижкою
indicator-R058-meaning = Переможна пропозиція була значно нижчою за всі інші, що може свідчити про пропозицію, зроблену заради перемоги з розрахунком компенсувати різницю пізніше.
indicator-R058-reads = Дійсні пропозиції з їхньою ціною, валютою та учасником; рішення про переможця, їхній статус і постачальник.
indicator-R058-method = Як і для індикатора «Ціна, близька до переможної пропозиції», різницю між переможною та наступною найнижчою дійсною пропозицією обчислюють як частку переможної; позначаються різниці, що сягають верхньої межі для всіх закупівель або фіксованого порогу.
indicator-R058-values = Переможна пропозиція — { $winning } { $currency }, наступна найнижча — { $second } { $currency }: на { $percent } % вища. Тут незвичною є різниця { $fence } % або більше.
indicator-V001-name = Договір підписано під час розгляду скарги
indicator-V001-meaning = Договір підписали, коли скарга щодо закупівлі ще була в замовника, до того як він на неї відповів.
indicator-V001-reads = Дати підписання договорів; скарги щодо закупівлі та історія зміни їхнього стану.
indicator-V001-method = Для кожного підписаного договору з історії кожної скарги щодо закупівлі з’ясовують, у якому стані вона була на той момент; скарга, яка тоді чекала відповіді замовника, позначає закупівлю (значення 1).
indicator-V001-values = { $n ->
    [one] { $n } скарга ще чекала
    [few] { $n } скарги ще чекали
    [many] { $n } скарг ще чекали
   *[other] { $n } скарги ще чекали
} відповіді замовника на момент підписання договору, { $date }
indicator-V002-name = Повторна перемога після підтвердженого порушення
indicator-V002-meaning = Той самий замовник знову обрав того самого постачальника невдовзі після того, як контролюючий орган підтвердив порушення в їхній попередній закупівлі.
indicator-V002-reads = Висновки контролюючих органів щодо скарг; замовник, а також постачальники й дати чинних рішень про переможця.
indicator-V002-method = Коли контролюючий орган фіксує висновок, що підтверджує порушення в закупівлі, будь-яке рішення того самого замовника на користь постачальника з цієї закупівлі, датоване в межах налаштованого періоду після висновку, позначає нову закупівлю (значення 1).
indicator-V002-values = { $awarded } переможцем визначено постачальника із закупівлі { $earlier }, у якій { $finding } підтверджено порушення.
indicator-V003-name = Замовник часто порушує строки
indicator-V003-meaning = Цей замовник відповідає на скарги та запитання із запізненням або залишає їх простроченими значно частіше за інших замовників.
indicator-V003-reads = Звернення до кожного замовника (скарги та запитання): отримані, з відповіддю, з відповіддю вчасно і прострочені зараз.
indicator-V003-method = Для замовників, які отримали щонайменше мінімальну кількість звернень, кількість запізнілих і прострочених відповідей ділять на кількість отриманих звернень. Частки, що сягають верхньої межі для всіх замовників і більші за нуль, позначаються із зазначенням частки.
indicator-V003-values = Отримано звернень: { $received }; відповідь із запізненням: { $late }; прострочено: { $overdue } ({ $percent } %). Тут незвичною є частка { $fence } % або більше.
indicator-V004-name = Скарги від кількох людей
indicator-V004-meaning = Кілька різних людей незалежно одне від одного поскаржилися на цю закупівлю.
indicator-V004-reads = Скарги щодо закупівлі та хто їх подав (це ніколи не показується).
indicator-V004-method = Підраховують різних людей, чиї скарги щодо закупівлі прийняли модератори (передали до органу); якщо їх щонайменше мінімальна кількість, закупівля позначається із зазначенням цієї кількості. Скарги, які ще на розгляді модераторів, не враховуються, щоб ніхто не міг викликати позначку вигаданими обліковими записами.
indicator-V004-values = Різних людей, які поскаржилися на цю закупівлю: { $people }.
