//! What the demo's people write, in each process's own language: complaints that fit their
//! category, questions, reviews whose rating fits what they say, and agencies' answers that
//! differ from one item to the next.

pub struct Texts {
    /// A complaint for each category id.
    pub complaints: &'static [(&'static str, &'static str)],
    pub questions: &'static [&'static str],
    /// Reviews that praise (rated 4 or 5) and that complain (rated 1 or 2): of goods, then of
    /// works or services.
    pub good_reviews: &'static [&'static str],
    pub bad_reviews: &'static [&'static str],
    pub answers: &'static [&'static str],
    pub unsatisfied: &'static [&'static str],
    pub finding: &'static str,
    pub action_taken: &'static str,
    /// An answer to a questionnaire's free-text question.
    pub detail: &'static str,
}

pub fn of(lang: &str) -> &'static Texts {
    match lang {
        "uk" => &UK,
        "pt" => &PT,
        "en" => &EN,
        _ => &ES,
    }
}

impl Texts {
    pub fn complaint(&self, category: &str, n: usize) -> &'static str {
        self.complaints
            .iter()
            .find(|(c, _)| *c == category)
            .map(|(_, text)| *text)
            .unwrap_or(self.complaints[n % self.complaints.len()].1)
    }
}

const ES: Texts = Texts {
    complaints: &[
        ("discriminatory_requirements", "El pliego exige diez años de experiencia en obras idénticas y una sede en la capital: solo una empresa del país cumple ambas condiciones."),
        ("unjustified_disqualification", "Descalificaron la oferta más baja por un sello faltante en una página de anexos, cuando el pliego permite subsanar errores de forma."),
        ("inflated_price", "El precio unitario del hormigón triplica el de la referencia del catálogo de precios y el de otras compras del mismo mes."),
        ("poor_quality", "A tres meses de la entrega, el asfalto ya tiene baches y grietas en la mitad del tramo; la capa es más fina de lo que indica el contrato."),
        ("contract_not_executed", "El contrato se firmó hace cinco meses y en el lugar no hay obrador, ni máquinas, ni cartel de obra."),
        ("conflict_of_interest", "El presidente del comité de evaluación es socio del dueño de la empresa adjudicada, según el registro de sociedades."),
    ],
    questions: &[
        "¿Por qué se eligió la contratación directa y no una licitación pública?",
        "¿Cuándo se publicará el contrato firmado y el cronograma de entregas?",
        "¿Qué criterios se usaron para evaluar las ofertas técnicas?",
    ],
    good_reviews: &[
        "Los equipos llegaron completos y funcionando; el personal ya los usa.",
        "La obra avanza según el cronograma; el cartel informa plazos y montos y el sitio está ordenado.",
    ],
    bad_reviews: &[
        "Lo entregado no coincide con lo comprado: las computadoras tienen la mitad de la memoria indicada.",
        "La escuela reparada vuelve a tener goteras con la primera lluvia.",
    ],
    answers: &[
        "El precio se comparó con la referencia del catálogo y con tres compras recientes; publicamos el informe técnico y corregimos el pliego para el próximo llamado.",
        "La contratación directa se justificó por emergencia sanitaria (resolución 45/2026, publicada en el portal). El contrato y el cronograma están en los documentos del proceso.",
        "Verificamos en el lugar: el contratista reparará el tramo dañado a su costo antes del 30 de diciembre; adjuntamos el acta de inspección.",
        "El comité evaluó experiencia, plazo y precio con la ponderación del pliego; el acta de evaluación completa ya está publicada.",
    ],
    unsatisfied: &[
        "La respuesta no explica el sobreprecio ni quién lo aprobó.",
        "El acta de inspección no dice cuándo empezarán los trabajos.",
    ],
    finding: "Se confirmó un sobreprecio del 18 % en el rubro hormigón; se ordenó la revisión del contrato y la devolución de lo pagado de más.",
    action_taken: "Revisión del contrato y devolución ordenadas",
    detail: "Según el pliego publicado y lo que se observa en la obra.",
};

const UK: Texts = Texts {
    complaints: &[
        ("discriminatory_requirements", "Тендерна документація вимагає десяти років досвіду в ідентичних роботах і офісу в Києві: обом умовам відповідає лише одна компанія."),
        ("unjustified_disqualification", "Найдешевшу пропозицію відхилили через відсутню печатку на одній сторінці додатка, хоча документація дозволяє виправити формальні помилки."),
        ("inflated_price", "Ціна за одиницю втричі вища за середню в інших закупівлях того самого товару цього місяця."),
        ("poor_quality", "Через три місяці після здачі на половині ділянки дороги вже ями й тріщини; шар асфальту тонший, ніж у договорі."),
        ("contract_not_executed", "Договір підписали п’ять місяців тому, але на об’єкті немає ні техніки, ні робітників, ні інформаційного щита."),
        ("conflict_of_interest", "Голова тендерного комітету — співвласник компанії-переможця, згідно з даними реєстру."),
    ],
    questions: &[
        "Чому обрали переговорну процедуру, а не відкриті торги?",
        "Коли оприлюднять підписаний договір і графік поставок?",
        "За якими критеріями оцінювали технічні пропозиції?",
    ],
    good_reviews: &[
        "Обладнання надійшло повністю і працює; ним уже користуються.",
        "Роботи йдуть за графіком; на щиті вказано строки й вартість, майданчик охайний.",
    ],
    bad_reviews: &[
        "Поставлене не відповідає закупленому: у комп’ютерах удвічі менше пам’яті, ніж зазначено.",
        "Після ремонту школа знову протікає з першим дощем.",
    ],
    answers: &[
        "Ціну порівняли з трьома нещодавніми закупівлями; ми оприлюднили технічний висновок і виправили документацію для наступних торгів.",
        "Переговорну процедуру обґрунтовано нагальною потребою (рішення № 45 від 2026 року, оприлюднене в системі). Договір і графік — у документах закупівлі.",
        "Ми перевірили на місці: підрядник за свій кошт відремонтує пошкоджену ділянку до 30 грудня; додаємо акт огляду.",
        "Комітет оцінював досвід, строк і ціну з вагами, зазначеними в документації; повний протокол уже оприлюднено.",
    ],
    unsatisfied: &[
        "Відповідь не пояснює завищеної ціни й того, хто її погодив.",
        "В акті огляду не сказано, коли почнуться роботи.",
    ],
    finding: "Підтверджено завищення ціни на 18 %; замовнику приписано переглянути договір і повернути переплачене.",
    action_taken: "Перегляд договору та повернення коштів приписано",
    detail: "Згідно з оприлюдненою документацією та тим, що видно на об’єкті.",
};

const PT: Texts = Texts {
    complaints: &[
        ("discriminatory_requirements", "O edital exige dez anos de experiência em obras idênticas e sede na capital: só uma empresa do estado cumpre as duas condições."),
        ("unjustified_disqualification", "Desclassificaram a proposta mais barata por falta de um carimbo numa página de anexo, embora o edital permita corrigir erros formais."),
        ("inflated_price", "O preço unitário é o triplo da referência de preços e de outras compras do mesmo mês."),
        ("poor_quality", "Três meses após a entrega, o asfalto já tem buracos e rachaduras em metade do trecho."),
        ("contract_not_executed", "O contrato foi assinado há cinco meses e no local não há canteiro, máquinas nem placa de obra."),
        ("conflict_of_interest", "O presidente da comissão de licitação é sócio do dono da empresa vencedora, segundo a junta comercial."),
    ],
    questions: &[
        "Por que foi escolhida a dispensa de licitação e não um pregão?",
        "Quando será publicado o contrato assinado e o cronograma de entregas?",
    ],
    good_reviews: &[
        "Os equipamentos chegaram completos e funcionando; a equipe já os usa.",
        "A obra avança conforme o cronograma; a placa informa prazos e valores.",
    ],
    bad_reviews: &[
        "O que foi entregue não corresponde ao que foi comprado: os computadores têm metade da memória indicada.",
        "A escola reformada volta a ter goteiras na primeira chuva.",
    ],
    answers: &[
        "O preço foi comparado com a referência e com três compras recentes; publicamos o parecer técnico e corrigimos o edital para a próxima licitação.",
        "A dispensa foi justificada por emergência (portaria 45/2026, publicada no portal). O contrato e o cronograma estão nos documentos do processo.",
        "Vistoriamos o local: a contratada refará o trecho danificado às suas custas até 30 de dezembro; anexamos o laudo.",
    ],
    unsatisfied: &["A resposta não explica o sobrepreço nem quem o aprovou."],
    finding: "Confirmado sobrepreço de 18 %; determinada a revisão do contrato e a devolução do valor pago a mais.",
    action_taken: "Revisão do contrato e devolução determinadas",
    detail: "Conforme o edital publicado e o que se vê na obra.",
};

const EN: Texts = Texts {
    complaints: &[
        ("discriminatory_requirements", "The tender asks for ten years of experience in identical works and an office in the capital: only one company in the country meets both."),
        ("unjustified_disqualification", "The lowest bid was disqualified for a missing stamp on one annex page, although the rules allow formal errors to be corrected."),
        ("inflated_price", "The unit price is three times the reference price and what other buyers paid for the same item this month."),
        ("poor_quality", "Three months after handover, half of the road already has potholes and cracks; the surface is thinner than the contract says."),
        ("contract_not_executed", "The contract was signed five months ago and there is no site office, machinery or works sign on the site."),
        ("conflict_of_interest", "The chair of the evaluation committee is a business partner of the winning company's owner, according to the company register."),
    ],
    questions: &[
        "Why was a direct award chosen instead of an open tender?",
        "When will the signed contract and the delivery schedule be published?",
    ],
    good_reviews: &[
        "The equipment arrived complete and working; staff are already using it.",
        "The works follow the schedule; the site sign shows dates and amounts.",
    ],
    bad_reviews: &[
        "What was delivered is not what was bought: the laptops have half the memory specified.",
        "The repaired school leaks again at the first rain.",
    ],
    answers: &[
        "We compared the price with the reference and three recent purchases, published the technical report and corrected the tender documents for the next call.",
        "The direct award was justified by an emergency (decision 45/2026, published on the portal). The contract and schedule are in the process documents.",
        "We inspected the site: the contractor will repair the damaged section at its own cost by 30 December; the inspection report is attached.",
    ],
    unsatisfied: &["The answer does not explain the overpricing or who approved it."],
    finding: "An 18 % overpricing was confirmed; the contract is to be reviewed and the overpayment returned.",
    action_taken: "Contract review and repayment ordered",
    detail: "According to the published tender documents and what can be seen on site.",
};
