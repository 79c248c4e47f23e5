# Textos de las páginas en español, en Fluent, en registro formal (usted).

## site
site-skip = Ir al contenido
site-language = Idioma
site-form_expired = Este formulario venció o no vino de este sitio, así que no se hizo nada. Empiece de nuevo, por favor.

## nav
nav-search = Buscar procesos
nav-work = Su trabajo
nav-menu = Menú
nav-open_data = Datos abiertos

## process
process-title = Proceso de contratación
process-buyer = Comprador
process-procuring_entity = Entidad contratante
process-value = Monto
process-method = Modalidad de contratación
process-category = Categoría
process-status = Estado
process-stage = Etapa alcanzada
process-public_works = Este proceso es una obra pública.
process-tender_period = Período de ofertas
process-award_date = Adjudicación
process-contract_date = Firma del contrato
process-last_release = Última actualización
process-record = Registro OCDS completo (JSON)
process-feedback = Comentarios sobre este proceso
process-no_feedback = Todavía nadie comentó este proceso.
process-not_found = No existe un proceso de contratación con este identificador.
process-items = Qué se compra
process-awards = Adjudicaciones y proveedores
process-no_supplier = Sin proveedor indicado
process-contracts = Contratos
process-contract = Contrato
process-documents = Documentos publicados
process-your_say = ¿Vio algo que está mal?
process-your_say_text = Presente un reclamo, haga una pregunta u opine sobre lo entregado. La entidad responde en público.

## feedback
feedback-by = Por
feedback-outcome = Resultado
feedback-agency = Entidad responsable
feedback-routed_by_moderator = Un moderador eligió la entidad.
feedback-routed_by_rule = Regla de derivación
feedback-answer = Respuesta de la entidad
feedback-no_answer = Todavía sin respuesta.
feedback-deadline = Plazo
feedback-deadline_met = Respondido a tiempo.
feedback-deadline_missed = No se respetó el plazo.
feedback-overdue = Vencido
feedback-history = Historial
feedback-rating = Calificación
feedback-not_found = No existe un comentario con este identificador.
feedback-citizen = Ciudadano/a
feedback-evidence = Pruebas
feedback-evidence_private = Solo ven estos archivos quien presentó el comentario, los moderadores, la entidad y el órgano de control que lo atienden.
feedback-evidence_image = Foto { $n } adjunta como prueba
feedback-filed = Presentado
feedback-finding = Dictamen del órgano de control
feedback-oversight = Órgano de control
feedback-process = Proceso de contratación
feedback-signin_to_act = Inicie sesión para actuar sobre este comentario
feedback-violation_confirmed = Se confirmó una infracción.
feedback-violation_not_confirmed = No se encontró ninguna infracción.
feedback-withheld = Los moderadores lo rechazaron (por ejemplo, era ofensivo o contenía datos personales), por eso su texto no se publica.
feedback-withheld_short = rechazado por los moderadores; texto no publicado

## kind
kind-review = Reseña
kind-complaint = Reclamo
kind-question = Pregunta

## state
state-submitted = Enviado
state-triage = En revisión
state-awaiting_complainant = Esperando más información del reclamante
state-routed = Enviado a la entidad responsable
state-acknowledged = Recibido por la entidad
state-awaiting_clarification = La entidad pidió una aclaración al reclamante
state-answered = Respondido por la entidad
state-escalated = Elevado al órgano de control
state-closed = Cerrado

## outcome
outcome-resolved = Resuelto
outcome-not_resolved = No resuelto
outcome-rejected = Rechazado
outcome-duplicate = Duplicado
outcome-withdrawn = Retirado

## home
home-title = Siga las compras públicas y obtenga respuestas
home-search_label = Buscar procesos de contratación
home-search_button = Buscar
home-latest = Últimas respuestas
home-no_answers = Todavía no hay respuestas.
home-lead = Encuentre una licitación, un contrato o una obra pública, cuente lo que vio y siga la respuesta de la entidad. Cada respuesta se publica aquí, junto al proceso.
home-search_hint = Palabras del título, un comprador o un proveedor, o el identificador de un proceso (ocid)
home-figures = Las respuestas en cifras

## figures
figures-received = Comentarios recibidos
figures-answered = Respondidos
figures-on_time = Respondidos a tiempo
figures-median = Mediana de días para responder
figures-overdue = Vencidos ahora
figures-satisfaction = Reclamantes satisfechos

## search
search-title = Procesos de contratación
search-q = Palabras
search-buyer = Comprador
search-method = Modalidad
search-category = Categoría
search-status = Estado
search-value_min = Monto desde
search-value_max = Monto hasta
search-date_from = Actualizado desde
search-date_to = Actualizado hasta
search-next = Página siguiente
search-previous = Página anterior
search-any = Cualquiera
search-pages = Páginas de resultados
search-q_hint = Palabras, o el identificador de un proceso (ocid)
search-buyer_hint = Parte del nombre del comprador, o su identificador
search-feedback_count = { $n ->
    [one] { $n } comentario
   *[other] { $n } comentarios
}
search-found = { $n ->
    [0] No se encontraron procesos
    [one] { $n } proceso encontrado
   *[other] { $n } procesos encontrados
}
search-found_more = Más de { $n } procesos encontrados
search-none = No hay coincidencias. Puede:
search-none_words = usar menos palabras o palabras más cortas
search-none_filters = quitar algunos filtros
search-none_ocid = pegar el identificador completo del proceso (ocid) para abrir su página
search-page = Página { $n }
search-public_works = Obra pública
search-stage = Etapa
search-invalid-value_min = Indique el monto mínimo como un número, por ejemplo 100000.
search-invalid-value_max = Indique el monto máximo como un número, por ejemplo 500000.
search-invalid-date_from = Indique la primera fecha como fecha, por ejemplo 2026-01-31.
search-invalid-date_to = Indique la última fecha como fecha, por ejemplo 2026-12-31.
search-invalid-stage = Elija una de las etapas ofrecidas.
search-invalid-public_works = Elija sí o no.

## agency
agency-scorecard = Desempeño
agency-processes = Sus procesos
agency-feedback = Comentarios recibidos
agency-not_found = No existe una entidad con este identificador.
agency-caption = Entidad
agency-identifier = Identificador
agency-no_feedback = Nadie ha opinado todavía sobre los procesos de esta entidad.
agency-all_processes = Todos sus procesos

## work
work-title = Su trabajo
work-signed_in_as = Sesión iniciada como
work-mine = Mis comentarios
work-triage = Cola de revisión
work-inbox = Bandeja de la entidad
work-escalations = Elevaciones
work-empty = Nada por aquí.
work-comment = Comentario
work-violation = ¿Se confirmó una infracción?
work-yes = Sí
work-no = No
work-action_taken = Medida tomada
work-outcome = Resultado
work-error_title = No se pudo realizar esta acción
work-audience_public = Se publica: cualquiera puede leer este comentario junto a la opinión.
work-audience_parties = No se publica: solo lo leen quien presentó la opinión, los moderadores, la entidad y el órgano de control que la tramitan.
work-audience_moderation = No se publica: solo lo leen quien presentó la opinión y los moderadores; la entidad no lo ve.
work-reveals_title = Identidades reveladas
work-reveals_intro = Cada vez que un moderador vio quién presentó una opinión anónima: quién, para qué organización, en qué opinión y con qué motivo. Lo más reciente primero.
work-reveals_when = Cuándo
work-reveals_who = Moderador/a
work-reveals_org = Organización
work-reveals_item = Opinión
work-reveals_reason = Motivo
work-reveals_admins_only = Solo los administradores pueden leer el registro de identidades reveladas.

sources-title = Publicadores seguidos
sources-intro = Las fuentes de datos que este sitio lee por sí mismo, según un horario, y cómo fue la última lectura de cada una. Las nuevas licitaciones, adjudicaciones y contratos llegan por aquí a las páginas de los procesos.
sources-none = Todavía no se sigue a ningún publicador. Añada uno en config/sources.toml (el README explica cómo).
sources-admins_only = Solo los administradores pueden ver los publicadores seguidos.
sources-running = Leyendo ahora
sources-ok = La última lectura funcionó
sources-failed = La última lectura se detuvo
sources-never = Aún no leído
sources-kind = Tipo
sources-kind_next-link = Una API cuyas páginas enlazan con la siguiente
sources-kind_date-window = Una API leída por intervalos de fechas
sources-kind_bulk-file = Un archivo completo, leído de nuevo cuando cambia
sources-kind_directory = Una carpeta donde llegan archivos nuevos
sources-every = Se lee
sources-every_minutes = { $minutes ->
    [one] cada minuto
   *[other] cada { $minutes } minutos
}
sources-every_hours = { $hours ->
    [one] cada hora
   *[other] cada { $hours } horas
}
sources-every_days = { $days ->
    [one] cada día
   *[other] cada { $days } días
}
sources-last_run = Última lectura
sources-figures = { $pages ->
    [one] una página
   *[other] { $pages } páginas
}, { $new ->
    [one] una entrega nueva
   *[other] { $new } entregas nuevas
}, { $unchanged } ya conocidas, { $conflicting } en conflicto, { $errors ->
    [one] un problema
   *[other] { $errors } problemas
}
sources-last_error = Por qué se detuvo
sources-cursor = Dónde empieza la próxima lectura
sources-cursor_next = Página siguiente
sources-cursor_from = Desde
sources-cursor_to = Hasta
sources-cursor_etag = ETag
sources-cursor_last_modified = Última modificación
sources-cursor_last_file = Último archivo leído
sources-cursor_start = Desde el principio (o la primera fecha indicada)
sources-next_run = Próxima lectura
sources-next_soon = En menos de un minuto
sources-how = Una lectura que se detuvo continúa donde quedó: nada se pierde ni se guarda dos veces. Para leer un publicador ahora, ejecute «veedor sync --source ID --once» en el servidor.
work-due = Vence
work-act = { $n ->
    [one] Actuar (una acción)
   *[other] Actuar ({ $n } acciones)
}
work-apply = Aplicar filtros
work-count = { $n ->
    [0] nada pendiente
    [one] { $n } comentario
   *[other] { $n } comentarios
}
work-evidence_count = { $n ->
    [one] { $n } archivo
   *[other] { $n } archivos
}
work-filter_list = Lista
work-all_lists = Todas mis listas
work-filter_category = Categoría
work-filter_state = Estado
work-filter_overdue = Solo vencidos
work-more = Siguientes de esta lista
work-nothing = No tiene nada pendiente. Cuando un comentario lo necesite, aparecerá aquí y recibirá un correo.
work-received = recibido el
work-sort = Orden
work-sort_natural = Orden habitual
work-sort_age = Más antiguos primero
work-sort_deadline = Plazo más próximo primero
work-mine_hint = Los comentarios que usted presentó, los más recientes primero. Abra uno para ver en qué estado está o para responder.
work-triage_hint = Comentarios nuevos que esperan a un moderador: acéptelos y envíelos a una entidad, pida más información o recháceselos.
work-inbox_hint = Comentarios enviados a esta entidad. Cada uno indica hasta cuándo debe responderse.
work-escalations_hint = Casos elevados a este órgano: registre un dictamen en cada uno.

## action
action-accept = Aceptar y derivar
action-reject = Rechazar
action-mark_duplicate = Marcar como duplicado
action-ask_complainant = Pedir información al reclamante
action-provide_information = Enviar la información
action-change_category = Cambiar categoría
action-acknowledge = Acusar recibo
action-answer = Responder públicamente
action-ask_clarification = Pedir una aclaración
action-clarify = Aclarar
action-not_responsible = No nos corresponde
action-satisfied = Estoy conforme con la respuesta
action-unsatisfied = No estoy conforme: elevar
action-record_finding = Registrar el dictamen
action-withdraw = Retirar

## give
give-title = Dar un comentario
give-link = Comentar este proceso
give-choose = ¿De qué se trata? Elija una categoría.
give-other_category = elegir otra categoría
give-kind = Tipo
give-stage = Etapa del proceso a la que se refiere
give-description = Descríbalo
give-rating = Calificación (1 a 5)
give-attachments = Pruebas (opcional)
give-anonymity = Quién ve su nombre
give-anonymous = Ocultar mi nombre al público y a la entidad
give-anonymity_explained = Si oculta su nombre, todos (también la entidad) verán un seudónimo que es el mismo solo en este proceso. Los moderadores de la organización de la sociedad civil pueden ver quién es si lo necesitan, y cada vez que lo hacen queda registrado. Su correo nunca se muestra.
give-submit = Enviar
give-error_title = Corrija esto, por favor
give-characters_left = Quedan { $n } caracteres
give-invalid-kind = Elija qué tipo de comentario es.
give-invalid-category = Elija una categoría que corresponda a este tipo de comentario.
give-invalid-stage = Elija la etapa del proceso a la que se refiere su comentario.
give-invalid-description = Describa lo que pasó, en hasta 5000 caracteres.
give-invalid-rating = Elija una calificación de 1 a 5 (solo para una reseña).
give-invalid-answers = Responda esta pregunta como se pide (las obligatorias llevan *).
give-invalid-attachments = Las pruebas pueden ser fotos (JPEG, PNG, WebP), PDF o documentos de oficina: hasta 5 archivos de 10 MB cada uno.
give-attachments_hint = Fotos (JPEG, PNG, WebP), PDF o documentos de oficina: hasta 5 archivos de 10 MB cada uno. Antes de guardarlos se quitan la ubicación y los nombres de autor.
give-attachments_again = Los archivos que eligió antes no se conservaron: vuelva a elegirlos.
give-choose_one = Elija una
give-stage_hint = ¿Sobre qué paso del proceso de contratación es su comentario?
give-description_hint = Cuente qué pasó, dónde y cuándo. No incluya datos personales de otras personas.
give-rating_hint = Solo para una reseña: 1 es muy malo, 5 es muy bueno.
give-publication_at_once = Lo que envíe aquí se publica de inmediato junto al proceso, con su nombre o un seudónimo. No incluya datos personales de otras personas.
give-publication_after_acceptance = Primero lo lee un moderador. Cuando lo acepta, se publica junto al proceso con su nombre o un seudónimo. No incluya datos personales de otras personas.
give-publication_mixed = Los reclamos se publican cuando un moderador los acepta; las preguntas y reseñas, de inmediato. En ambos casos aparecen con su nombre o un seudónimo. No incluya datos personales de otras personas.

## account
account-signup = Crear una cuenta
account-signin = Iniciar sesión
account-name = Su nombre
account-email = Correo electrónico
account-password = Contraseña
account-have_account = Ya tengo una cuenta
account-forgot = Olvidé mi contraseña
account-check_email = Revise su correo: si la dirección puede usarse, le llegará un mensaje con un enlace.
account-verify = Confirme su correo electrónico
account-verify_button = Confirmar mi dirección
account-verified = Su dirección está confirmada. Ya puede iniciar sesión.
account-invitation = Invitación a responder por una entidad
account-invitation_intro = Al aceptar pasa a ser funcionario/a de la entidad nombrada en el correo de invitación: recibirá y responderá, en público, las opiniones que se le envíen. Ha iniciado sesión como
account-invitation_button = Aceptar la invitación
account-invitation_accepted = Ahora es funcionario/a de la entidad. Sus opiniones están en su cola de trabajo.
account-invitation_other_address = Esta invitación se envió a otra dirección. Cierre la sesión e inicie sesión con la cuenta de esa dirección.
account-bad_link = Este enlace no es válido, ya se usó o venció.
account-reset = Restablecer su contraseña
account-new_password = Nueva contraseña
account-reset_button = Continuar
account-password_changed = Se cambió su contraseña y se cerraron todas las sesiones. Inicie sesión con la nueva.
account-title = Su cuenta
account-signin_failed = No se pudo iniciar su sesión
account-bad_credentials = El correo electrónico o la contraseña no son correctos.
account-not_verified = Primero confirme su correo electrónico: siga el enlace del mensaje que le enviamos.
account-password_plain = Contraseña
account-roles = Sus funciones
account-your_work = Su trabajo: comentarios y colas
account-settings = Preferencias
account-language = Idioma de las páginas y del correo
account-save = Guardar preferencias
account-saved = Se guardaron sus preferencias.
account-not_saved = No se guardaron sus cambios
account-change_password = Cambiar la contraseña
account-current_password = Contraseña actual
account-signout = Cerrar sesión
account-invalid-name = Escriba un nombre de 1 a 200 caracteres.
account-invalid-email = Escriba una dirección de correo que pueda recibir mensajes.
account-invalid-language = Elija uno de los idiomas ofrecidos.
account-invalid-password = Elija una contraseña de 10 a 256 caracteres.
account-invalid-current_password = Esta no es su contraseña actual.
account-name_hint = Se muestra con los comentarios que no haga anónimos.
account-name_short = Nombre
account-email_hint = Le enviamos un enlace para confirmarlo. Nunca se muestra a nadie.
account-password_hint = Al menos 10 caracteres. Unas palabras que usted recuerde son una buena contraseña.
account-no_account = ¿Todavía no tiene cuenta?
account-reset_intro = Indique el correo de su cuenta. Si tiene una, le enviamos un enlace para elegir una nueva contraseña.
account-signup_intro = Con una cuenta puede opinar sobre procesos de contratación y seguir las respuestas. Aun así puede mantenerse anónimo en cada comentario.

## language
language-name = Español

## stage
stage-planning = Planificación
stage-tender = Licitación
stage-award = Adjudicación
stage-contract = Contrato
stage-implementation = Ejecución

## method
method-open = Abierto
method-selective = Selectivo
method-limited = Limitado
method-direct = Adjudicación directa

## procurement_category
procurement_category-goods = Bienes
procurement_category-works = Obras
procurement_category-services = Servicios

## status
status-planning = En planificación
status-planned = Planificado
status-active = Activo
status-cancelled = Cancelado
status-unsuccessful = Desierto
status-complete = Concluido
status-withdrawn = Retirado

## agencies
agencies-title = Entidades
agencies-search = Buscar una entidad por nombre
agencies-found = { $n ->
    [one] { $n } entidad
   *[other] { $n } entidades
}
agencies-received = { $n ->
    [0] Aún no recibió comentarios
    [one] { $n } comentario recibido
   *[other] { $n } comentarios recibidos
}

## error
error-bad_request = No se pudo entender la solicitud
error-bad_request_text = Algo en la dirección o en el formulario no es lo que esta página espera. Vuelva atrás e inténtelo de nuevo.
error-forbidden = No puede hacer esto
error-forbidden_text = Su cuenta no permite esta acción, o no inició sesión con la cuenta que puede realizarla.
error-not_found = Esta página no está aquí
error-not_found_text = Puede que la dirección esté mal escrita, o que lo que señalaba ya no exista.
error-conflict = Otra persona lo cambió antes
error-conflict_text = La opinión cambió mientras usted trabajaba en ella. Vuelva a cargarla para ver su estado e inténtelo de nuevo.
error-too_large = Se envió demasiado
error-too_large_text = Cada archivo puede tener hasta 10 MB, cinco a la vez, 25 MB en total.
error-too_many = Demasiados intentos
error-too_many_text = Para proteger las cuentas y el servicio, esta acción queda limitada por un tiempo.
error-wait = { $minutes ->
    [one] Puede volver a intentarlo en { $minutes } minuto.
   *[other] Puede volver a intentarlo en { $minutes } minutos.
}
error-internal = Algo falló de nuestro lado
error-internal_text = Usted no causó esto. Quedó registrado; inténtelo de nuevo en un momento.
error-home = Inicio
error-search = Buscar procesos

## act
act-title = ¿Qué desea hacer?
act-choose = Elija una acción
act-agency = Entidad (para aceptar)
act-agency_hint = Escriba parte del nombre de la entidad o su identificador. Déjelo vacío para que decidan las reglas de derivación: { $rule }.
act-agency_which = Coinciden varias entidades: ¿cuál?
act-category = Nueva categoría (para cambiar la categoría)
act-only_for = Solo para «{ $action }».
act-duplicate_of = Comentario original (para marcar como duplicado)
act-duplicate_hint = Otros comentarios sobre el mismo proceso.
act-duplicate_paste = Pegue el enlace al comentario original, o su número.
act-comment_hint = Debajo de cada acción se indica quién leerá este comentario.
act-documents = Documentos (para la respuesta)
act-documents_hint = Solo para «{ $action }»: hasta 5 archivos de 10 MB cada uno, publicados con la respuesta. Se quitan los nombres de autor.
act-comment_needed = Requiere un comentario.
act-continue = Continuar
act-confirm_title = { $action }: ¿está seguro?
act-confirm_button = Sí, { $action }
act-go_back = No, volver
act-filed = Su comentario fue enviado. Esta página muestra en qué estado está; le escribiremos en cada paso.
act-done = Hecho: { $action }.
act-invalid-transition = Elija qué desea hacer.
act-invalid-agency = Ninguna entidad tiene ese nombre o identificador. Revise cómo lo escribió, o déjelo vacío para que decidan las reglas de derivación.
act-invalid-comment = Escriba un comentario: esta acción lo requiere, de hasta 5.000 caracteres.
act-invalid-duplicate_of = Indique el comentario original: elíjalo en la lista o pegue su enlace.
act-invalid-category = Elija una de las categorías ofrecidas.
act-invalid-violation_confirmed = Indique si se confirmó una infracción.
act-invalid-outcome = Elija el resultado.
act-invalid-action_taken = Describa la medida tomada en hasta 5.000 caracteres.
act-invalid-attachments = Los documentos pueden ser PDF, documentos de oficina o imágenes: hasta 5 archivos de 10 MB cada uno.
act-consequence_close = Esto cierra el caso. Se avisará a quien lo presentó, con su comentario.
act-consequence_unroute = El caso vuelve a los moderadores, que lo enviarán a otra entidad.
act-consequence_duplicate = Esto cierra el caso como repetición del original que eligió. Se avisará a quien lo presentó.

## footer
footer-title = Sobre este sitio
footer-tagline = Veedor es software libre para el monitoreo ciudadano de las compras públicas.
footer-about = Acerca de
footer-how = Cómo funciona
footer-privacy = Privacidad
footer-api = API (OpenAPI)

## form
form-done = Hecho
form-error = Error
form-optional = (opcional)
form-warning = Advertencia

## open_data
open_data-atom = Respuestas publicadas (canal Atom)
open_data-title = Datos abiertos
open_data-lead = Todo lo publicado en este sitio es también dato abierto, de libre reutilización: los comentarios, las respuestas de las entidades y los dictámenes de control, con los procesos de contratación a los que se refieren.
open_data-downloads = Descargas, canales y API
open_data-what = Qué
open_data-where = Dónde
open_data-feedback_json = Comentarios publicados, por páginas (JSON)
open_data-feedback_jsonl = Todos los comentarios publicados (JSON Lines)
open_data-feedback_csv = Todos los comentarios publicados (CSV, para planillas)
open_data-processes = Procesos de contratación, con búsqueda (JSON)
open_data-openapi = La descripción de la API (OpenAPI)
open_data-open311 = Open311 GeoReport v2, para aplicaciones cívicas
open_data-licence_title = Reutilización
open_data-licence = La reutilización es libre; por favor, cite este sitio como fuente. Quienes reclaman de forma anónima aparecen solo con su seudónimo.
open_data-keys_title = Presentar comentarios desde otra aplicación
open_data-keys = Para leer no hace falta clave. Las aplicaciones que presentan comentarios por Open311 necesitan una clave de API, vinculada a una cuenta: pídala a quienes operan este sitio, que las emiten.

## role
role-citizen = Ciudadano/a
role-moderator = Moderador/a
role-officer = Funcionario/a de la entidad
role-oversight = Órgano de control
role-admin = Administrador/a

## date
date-day = { $day } de { $month } de { $year }
date-month_1 = enero
date-month_2 = febrero
date-month_3 = marzo
date-month_4 = abril
date-month_5 = mayo
date-month_6 = junio
date-month_7 = julio
date-month_8 = agosto
date-month_9 = septiembre
date-month_10 = octubre
date-month_11 = noviembre
date-month_12 = diciembre

## award_status
process-bids = Ofertas
process-no_tenderer = Oferente sin nombre
bid_status-invited = Invitada
bid_status-pending = Pendiente
bid_status-valid = Válida
bid_status-disqualified = Descalificada
bid_status-withdrawn = Retirada
award_status-pending = Pendiente
award_status-active = Adjudicado
award_status-cancelled = Cancelado
award_status-unsuccessful = Desierto

## contract_status
contract_status-pending = Pendiente
contract_status-active = Vigente
contract_status-cancelled = Cancelado
contract_status-terminated = Finalizado

## document_type
document_type-tenderNotice = Llamado a licitación
document_type-awardNotice = Aviso de adjudicación
document_type-contractNotice = Aviso de contrato
document_type-biddingDocuments = Pliego de bases y condiciones
document_type-technicalSpecifications = Especificaciones técnicas
document_type-evaluationReports = Informe de evaluación
document_type-contractSigned = Contrato firmado
document_type-contractText = Texto del contrato
document_type-clarifications = Aclaraciones
document_type-bidders = Oferentes
document_type-conflictOfInterest = Declaración de conflicto de intereses
document_type-contractAnnexe = Anexo del contrato
document_type-completionCertificate = Acta de recepción final
document_type-physicalProgressReport = Informe de avance de obra
document_type-financialProgressReport = Informe de avance financiero

## next
next-open = Primero lo revisa un moderador, que luego lo envía a la entidad responsable. Usted recibe un correo en cada paso.
next-awaiting_complainant = Se espera que quien lo presentó agregue información. El plazo está detenido hasta que responda.
next-with_agency = { $agency } debe responder a más tardar el { $date }. Si no lo hace, el caso pasa a { $body }.
next-with_agency_paused = En manos de { $agency }. Su plazo está detenido mientras espera una aclaración.
next-answered = { $agency } respondió. Quien lo presentó puede indicar si la respuesta lo resuelve; si no, pasa a { $body }.
next-escalated = { $body } lo está examinando y publicará aquí su dictamen.
next-closed = Este caso está cerrado.
next-closed_with = Este caso está cerrado: { $outcome }.

## about
about-title = Acerca de Veedor
about-lead = Veedor permite que la ciudadanía, periodistas y empresas opinen sobre licitaciones, contratos y obras públicas, envía cada reclamo a la entidad responsable y publica cada respuesta junto al proceso.
about-who = Funciona junto a los datos de contrataciones que publica el Estado (Estándar de Datos de Contrataciones Abiertas). Moderadores de la sociedad civil revisan lo que se presenta; las entidades responden en plazo; los órganos de control toman lo que no se resuelve.
about-publication = Qué se publica y cuándo
about-published_at_once = { $kind }: se publica apenas se presenta.
about-published_after_acceptance = { $kind }: se publica cuando un moderador lo acepta y lo envía a una entidad.
about-withheld = Los casos rechazados ({ $outcomes }) siguen listados, para que se sepa que algo se presentó, pero su texto no se publica.
about-comments = Los comentarios del trámite se publican solo cuando el paso al que pertenecen es público (la respuesta de la entidad, el dictamen de control); las preguntas a quien reclama quedan privadas.
about-findings = Los dictámenes de los órganos de control se publican con el nombre del órgano: si se confirmó una infracción y qué medida se tomó.
about-more = Más información:

## how
how-title = Cómo funciona
how-lead = De un reclamo a una respuesta pública, en cinco pasos. En cada paso las personas involucradas reciben un correo, y la página del caso indica a quién le toca y hasta cuándo.
how-step_file = Usted presenta un comentario sobre un proceso
how-step_file_text = Busque la licitación, el contrato o la obra, elija el tema, descríbalo y adjunte pruebas. Puede ocultar su nombre.
how-step_triage = Un moderador lo revisa
how-step_triage_text = Moderadores de una organización de la sociedad civil lo leen, pueden pedirle más información, y lo envían a la entidad responsable, o lo rechazan si es ofensivo o no trata de contrataciones.
how-step_agency = La entidad responde en público
how-step_agency_text = La entidad tiene { $days } { $working ->
    [yes] días hábiles
   *[no] días
} para responder. Su respuesta se publica junto al proceso.
how-step_agency_text_nodeadline = La entidad responde; su respuesta se publica junto al proceso.
how-step_rating = Usted indica si la respuesta lo resuelve
how-step_rating_text = Si lo resuelve, el caso se cierra como resuelto. Si no, o si la entidad deja vencer su plazo, el caso pasa a un órgano de control.
how-step_oversight = Un órgano de control decide
how-step_oversight_text = El órgano de control tiene { $days } { $working ->
    [yes] días hábiles
   *[no] días
} para examinarlo, y publica su dictamen: si se confirmó una infracción y qué se hizo.
how-step_oversight_text_nodeadline = El órgano de control lo examina y publica su dictamen.
how-who_title = Quién hace qué
how-role_citizen = Presenta comentarios, responde preguntas sobre ellos y califica la respuesta de la entidad.
how-role_moderator = Revisa los comentarios nuevos, los envía a la entidad correcta y protege la identidad de quien reclama.
how-role_officer = Responde en público y en plazo los comentarios enviados a su entidad.
how-role_oversight = Examina los casos que la entidad no resolvió y publica un dictamen.
how-bodies = Órganos de control en este sitio

## privacy
privacy-title = Privacidad
privacy-lead = Qué guarda Veedor sobre usted, quién lo ve y qué se publica.
privacy-collected_title = Qué guardamos
privacy-collected = Su nombre, correo, idioma y contraseña (guardada solo como hash argon2id); los comentarios que presenta y los archivos que adjunta; y, para proteger las cuentas, por poco tiempo, los intentos fallidos de inicio de sesión de cada dirección.
privacy-anonymity_title = Mantenerse anónimo
privacy-anonymity = Si oculta su nombre, todos, incluida la entidad, ven un seudónimo que es el mismo solo en ese proceso. Su correo nunca se muestra a nadie.
privacy-reveals_title = Quién puede saber quién es usted
privacy-reveals = Los moderadores pueden ver quién está detrás de un seudónimo cuando lo necesitan (por ejemplo, para protegerle de amenazas). Cada consulta queda registrada con el motivo, y los administradores pueden leer ese registro.
privacy-files_title = Sus archivos
privacy-files = Antes de guardar un archivo, Veedor quita lo que nombra a su autor o su lugar: datos de cámara, ubicación y programas de las fotos; autores y comentarios de los documentos. Las pruebas solo las ven quienes atienden el caso.
privacy-public_title = Qué es público
privacy-public = El texto de su comentario (cuando las reglas de publicación lo indican), su nombre o seudónimo, la respuesta de la entidad y el dictamen de control. Las descargas de datos abiertos publican lo mismo, nunca su correo.
privacy-cookies_title = Cookies
privacy-cookies = Una cookie de sesión mientras tiene la sesión iniciada, otra que recuerda su idioma y, por poco tiempo, una que protege los formularios contra falsificaciones. Ninguna se usa para seguirle.
privacy-rights_title = Sus derechos
privacy-rights = Puede cambiar su nombre, idioma y contraseña en la página de su cuenta. Para que se elimine su cuenta, escriba a quienes operan este sitio.

news-by_publisher = Publicado por la entidad contratante
news-planning = Se publicó nueva información de planificación de este proceso (entrega del { $date }).
news-tender = Se publicó o cambió la licitación (entrega del { $date }).
news-award = Se publicó una nueva adjudicación en este proceso (entrega del { $date }).
news-contract = Se publicó o cambió un contrato de este proceso (entrega del { $date }).
news-implementation = Se publicaron novedades sobre la ejecución del contrato (entrega del { $date }).
news-other = Se publicó nueva información de este proceso (entrega del { $date }).

## risk indicators
risk-title = Indicadores de riesgo
risk-caveat = Una alerta es un motivo para mirar, no una prueba de irregularidades.
risk-none = Ningún indicador de riesgo señala este proceso.
risk-how = Cómo funcionan los indicadores
risk-flags_process = { $n ->
    [one] Un indicador señala este proceso.
   *[other] { $n } indicadores señalan este proceso.
}
risk-organizations = Sobre las organizaciones de este proceso
risk-organization_flag = { $name }: { $indicator }
risk-in_processes = { $n ->
    [one] en un proceso
   *[other] en { $n } procesos
}
risk-as_buyer = como comprador
risk-as_procuring_entity = como entidad contratante
risk-as_tenderer = como oferente o proveedor
risk-intro = Los indicadores de riesgo señalan procesos, entidades y empresas que moderadores, periodistas y órganos de control quizá quieran examinar primero. Once provienen de la metodología de banderas rojas de la Open Contracting Partnership y se calculan como los calcula su herramienta Cardinal; cuatro son propios de Veedor y parten de lo que la gente reportó y de cómo respondieron las entidades.
risk-family_procurement = A partir de los datos de contratación
risk-family_redress = A partir de los reclamos y sus respuestas
risk-flagged = Con alerta
risk-count-OCID = { $n ->
    [0] ningún proceso
    [one] 1 proceso
   *[other] { $n } procesos
}
risk-count-Buyer = { $n ->
    [0] ningún comprador
    [one] 1 comprador
   *[other] { $n } compradores
}
risk-count-ProcuringEntity = { $n ->
    [0] ninguna entidad contratante
    [one] 1 entidad contratante
   *[other] { $n } entidades contratantes
}
risk-count-Tenderer = { $n ->
    [0] ninguna empresa
    [one] 1 empresa
   *[other] { $n } empresas
}
risk-setting_fence = se calcula con los datos (el límite por cuartiles)
risk-setting_all = todas
risk-setting_none = ninguna
risk-setting_own_currency = la de cada proceso
risk-see_earlier = Ver el proceso anterior
risk-key-threshold = Umbral
risk-key-procurement_methods = Modalidades revisadas
risk-key-procurement_method_details = Umbral para la modalidad
risk-key-percentile = Oferentes más activos, desde este percentil
risk-key-minimum_submitted_bids = Mínimo de ofertas contadas
risk-key-minimum_contracting_processes = Mínimo de procesos contados
risk-key-digits = Dígitos de la clasificación comparados
risk-key-period_days = Días después del dictamen
risk-key-minimum_items = Mínimo de casos recibidos
risk-key-minimum_people = Mínimo de personas
risk-key-currency = Moneda principal
risk-key-no_price_comparison_procurement_methods = Modalidades cuyos precios no se comparan
risk-key-price_comparison_procurement_methods = Solo se comparan estas modalidades
risk-key-exclusions = Modalidades excluidas
risk-key-codelists = Código del publicador leído como
risk-off = No se calcula en este sitio (config/indicators.toml lo excluye).
risk-reads = Qué datos usa
risk-method = Cómo se calcula
risk-settings = Configuración en este sitio
risk-see_flagged = Ver los procesos que señala
risk-last_run = Los indicadores que comparan procesos se recalcularon por última vez el { $date }.
risk-not_run = Los indicadores que comparan procesos todavía no se calcularon.
risk-not_found = No existe un indicador de riesgo con este código.
risk-methodology_source = La metodología: Open Contracting Partnership, «Banderas rojas para la integridad», y la documentación de Cardinal.
risk-agency_own = Alertas sobre esta entidad
risk-agency_processes = Alertas sobre sus procesos, por indicador
risk-agency_none = Ningún indicador señala a esta entidad ni a sus procesos.
risk-filter = Indicador de riesgo
risk-filter_any = Cualquier indicador
work-sort_risk = Mayor riesgo primero

indicator-R003-name = Plazo corto para presentar ofertas
indicator-R003-meaning = Las empresas tuvieron menos días de lo habitual para preparar una oferta, lo que favorece a quienes sabían de antemano.
indicator-R003-reads = Las fechas de inicio y fin del período de ofertas, la modalidad de contratación y su detalle.
indicator-R003-method = Se cuentan los días completos entre el inicio y el fin del período de ofertas; si son menos que el umbral, se señala el proceso (valor 1). El umbral puede fijarse según el detalle de la modalidad, y pueden revisarse solo algunas modalidades.
indicator-R003-values = La licitación estuvo abierta { $days ->
    [one] un día
   *[other] { $days } días
}; el umbral es de { $threshold ->
    [one] un día
   *[other] { $threshold } días
}.
indicator-R018-name = Una sola oferta recibida
indicator-R018-meaning = Solo una empresa presentó oferta en un procedimiento que debía ser competitivo.
indicator-R018-reads = La modalidad de contratación y el número de oferentes.
indicator-R018-method = Se señala (valor 1) un proceso cuya modalidad es competitiva (por defecto, abierta o selectiva) y cuyo número de oferentes es exactamente 1.
indicator-R018-values = Un único oferente (modalidad: { $method }).
indicator-R024-name = Precio cercano a la oferta ganadora
indicator-R024-meaning = La segunda oferta más baja quedó inusualmente cerca de la ganadora, lo que puede indicar una competencia amañada, arreglada de antemano.
indicator-R024-reads = Las ofertas válidas con su monto, moneda y oferente; las adjudicaciones, su estado y proveedor.
indicator-R024-method = En cada proceso adjudicado por precio a un solo proveedor, la diferencia entre la oferta ganadora y la siguiente oferta válida más baja se expresa como proporción de la oferta ganadora. Se señalan las diferencias iguales o inferiores al límite inferior de todos los procesos (primer cuartil menos 1,5 veces el rango intercuartílico), o inferiores a un umbral fijo; también se registran el ganador y el segundo. Se excluyen los procesos con adjudicaciones aún sin decidir.
indicator-R024-values = La oferta ganadora fue de { $winning } { $currency } y la siguiente más baja, de { $second } { $currency }: una diferencia de { $percent } %. Aquí, una diferencia de { $fence } % o menos es inusual.
indicator-R025-name = Exceso de ofertas no ganadoras
indicator-R025-meaning = Una empresa que se presenta muy a menudo rara vez gana, lo que puede indicar ofertas de cobertura, presentadas solo para que la competencia parezca real.
indicator-R025-reads = Las ofertas válidas y su oferente; las adjudicaciones, su estado y proveedor.
indicator-R025-method = Para cada empresa se cuentan los procesos en los que presentó una oferta válida y los que ganó. Se señalan, con esa proporción, las empresas que están entre las que más ofertan (según el percentil configurado) y cuya proporción de victorias es igual o inferior al límite inferior de todas las empresas.
indicator-R025-values = Ganó { $won } de los { $bid } procesos en los que presentó ofertas.
indicator-R028-name = Precios de oferta idénticos
indicator-R028-meaning = Distintas empresas ofrecieron exactamente el mismo precio, algo que rara vez ocurre por casualidad.
indicator-R028-reads = Las ofertas presentadas con su monto, moneda y oferentes.
indicator-R028-method = Las ofertas presentadas se agrupan por precio exacto y moneda; un precio ofrecido por dos conjuntos distintos de oferentes señala el proceso y a esos oferentes (valor 1). No se comparan los precios fijados por el comprador.
indicator-R028-values = Distintos oferentes ofrecieron exactamente { $prices }.
indicator-R030-name = Ganó una oferta tardía
indicator-R030-meaning = La oferta ganadora llegó después del plazo.
indicator-R030-reads = El fin del período de ofertas; las fechas y oferentes de las ofertas válidas; los proveedores de las adjudicaciones activas.
indicator-R030-method = Una oferta válida con fecha posterior al fin del período de ofertas, de una empresa que resultó adjudicada, señala el proceso y a la empresa (valor 1). Las fechas se comparan como momentos exactos en el tiempo.
indicator-R030-values = Una oferta ganadora tiene fecha del { $dates }, posterior al plazo, que vencía el { $deadline }.
indicator-R035-name = Todas las ofertas descalificadas salvo la ganadora
indicator-R035-meaning = Todas las empresas menos la ganadora fueron descalificadas, lo que puede significar que las reglas se aplicaron para favorecer a una.
indicator-R035-reads = El estado y los oferentes de las ofertas; el estado y los proveedores de las adjudicaciones.
indicator-R035-method = Cuando exactamente una empresa tiene ofertas válidas, es la adjudicada, y al menos tantas otras empresas como indica el umbral tuvieron ofertas descalificadas, se señala el proceso con el número de empresas descalificadas.
indicator-R035-values = { $n ->
    [one] El único otro oferente fue descalificado.
   *[other] Los otros { $n } oferentes fueron descalificados.
}
indicator-R036-name = Oferta más baja descalificada
indicator-R036-meaning = Se descalificó la oferta más barata mientras una más cara era válida.
indicator-R036-reads = Las ofertas presentadas con su estado, monto y moneda; si hay una adjudicación activa.
indicator-R036-method = Entre las ofertas presentadas en una misma moneda, si la más baja fue descalificada y existe una oferta válida, se señala el proceso (valor 1). No se comparan los precios fijados por el comprador.
indicator-R036-values = La oferta más baja, de { $lowest } { $currency }, fue descalificada; la oferta válida más baja fue de { $valid } { $currency }.
indicator-R038-name = Exceso de ofertas descalificadas
indicator-R038-meaning = Una proporción inusualmente alta de las ofertas que recibió este comprador o esta entidad contratante, o que presentó esta empresa, fue descalificada.
indicator-R038-reads = Las ofertas presentadas con su estado y oferentes; el comprador y la entidad contratante.
indicator-R038-method = Las ofertas descalificadas se dividen por las ofertas presentadas, para cada comprador, entidad contratante y oferente (con un número mínimo de ofertas). Se señalan, con su valor, las proporciones iguales o superiores al límite superior de su grupo (tercer cuartil más 1,5 veces el rango intercuartílico), o superiores a un umbral fijo.
indicator-R038-values = { $disqualified } de { $submitted } ofertas descalificadas ({ $percent } %). Aquí, una proporción de { $fence } % o más es inusual.
indicator-R048-name = Proveedor heterogéneo
indicator-R048-meaning = Una empresa resultó adjudicada en rubros inusualmente variados, lo que puede indicar una empresa de fachada.
indicator-R048-reads = El proveedor único de las adjudicaciones activas y la clasificación de los ítems.
indicator-R048-method = Para cada proveedor adjudicado en al menos el número mínimo de procesos, se cuentan los distintos primeros niveles de la clasificación de sus ítems. Se señalan, con esa cantidad, los proveedores cuya cantidad es igual o superior al límite superior de todos esos proveedores, o a un umbral fijo.
indicator-R048-values = Adjudicado en ítems de { $n } categorías distintas; aquí, { $fence } o más es inusual.
indicator-R058-name = Oferta con un descuento muy grande
indicator-R058-meaning = La oferta ganadora quedó muy por debajo de todas las demás, lo que puede indicar una oferta hecha para ganar y recuperar la diferencia más adelante.
indicator-R058-reads = Las ofertas válidas con su monto, moneda y oferente; las adjudicaciones, su estado y proveedor.
indicator-R058-method = Como en «Precio cercano a la oferta ganadora», la diferencia entre la oferta ganadora y la siguiente oferta válida más baja se expresa como proporción de la oferta ganadora; se señalan las diferencias iguales o superiores al límite superior de todos los procesos, o a un umbral fijo.
indicator-R058-values = La oferta ganadora fue de { $winning } { $currency } y la siguiente más baja, de { $second } { $currency }: { $percent } % más alta. Aquí, una diferencia de { $fence } % o más es inusual.
indicator-V001-name = Contrato firmado con un reclamo pendiente
indicator-V001-meaning = Se firmó un contrato mientras un reclamo sobre el proceso seguía en manos de la entidad, antes de que esta respondiera.
indicator-V001-reads = Las fechas de firma de los contratos; los reclamos sobre el proceso y el historial de sus estados.
indicator-V001-method = Para cada contrato firmado, se lee en el historial de cada reclamo sobre el proceso en qué estado estaba en ese momento; un reclamo que entonces esperaba la respuesta de la entidad señala el proceso (valor 1).
indicator-V001-values = { $n ->
    [one] Un reclamo seguía
   *[other] { $n } reclamos seguían
} en manos de la entidad cuando se firmó el contrato, el { $date }.
indicator-V002-name = Nueva adjudicación tras una infracción confirmada
indicator-V002-meaning = El mismo comprador volvió a adjudicar al mismo proveedor poco después de que un órgano de control confirmara una infracción en un proceso anterior entre ambos.
indicator-V002-reads = Los dictámenes de los órganos de control sobre los reclamos; el comprador, y los proveedores y fechas de las adjudicaciones activas.
indicator-V002-method = Cuando un órgano de control registra un dictamen que confirma una infracción en un proceso, toda adjudicación del mismo comprador a un proveedor de ese proceso, con fecha dentro del período configurado después del dictamen, señala el nuevo proceso (valor 1).
indicator-V002-values = Adjudicado el { $awarded } a un proveedor del proceso { $earlier }, en el que se confirmó una infracción el { $finding }.
indicator-V003-name = Entidad que suele responder tarde
indicator-V003-meaning = Esta entidad responde los reclamos y las consultas fuera de plazo, o los deja vencer, mucho más a menudo que otras entidades.
indicator-V003-reads = Lo que recibió cada entidad (reclamos y consultas enviados a ella): recibido, respondido, respondido a tiempo y vencido ahora.
indicator-V003-method = Para las entidades que recibieron al menos el número mínimo, las respuestas tardías y vencidas se dividen por lo recibido. Se señalan, con su valor, las proporciones iguales o superiores al límite superior de todas las entidades y mayores que cero.
indicator-V003-values = { $late } respondidos fuera de plazo y { $overdue } vencidos, de { $received } recibidos ({ $percent } %). Aquí, una proporción de { $fence } % o más es inusual.
indicator-V004-name = Reclamos de varias personas
indicator-V004-meaning = Varias personas distintas reclamaron sobre este proceso, independientemente unas de otras.
indicator-V004-reads = Los reclamos sobre el proceso y quién los presentó (esto nunca se muestra).
indicator-V004-method = Se cuentan las distintas personas cuyos reclamos sobre el proceso fueron aceptados por la moderación (enviados a una entidad); a partir del mínimo, se señala el proceso con esa cantidad. Los reclamos que siguen en revisión no cuentan, para que nadie pueda provocar la alerta con cuentas inventadas.
indicator-V004-values = { $people } personas distintas reclamaron sobre este proceso.
