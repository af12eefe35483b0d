"""Words and sentence shapes for seed_scale's generated practices (knowledge/scale.py).

Lists are ordered from common to rare: the generator draws from them with Zipf-like weights, so
the first entries appear in many practices and the last ones in a few.
"""

# Mine action terms, most used first.
TERMS = [
    "land release", "non-technical survey", "technical survey", "clearance",
    "manual clearance", "explosive ordnance risk education", "victim assistance",
    "information management", "quality management", "community liaison",
    "mechanical demining", "mine detection dogs", "metal detectors", "battle area clearance",
    "explosive ordnance disposal", "cluster munition remnants", "IMSMA",
    "gender and diversity mainstreaming", "hazardous area mapping", "UXO clearance",
    "improvised explosive devices", "stockpile destruction", "post-clearance assessment",
    "ground preparation", "dual-sensor detectors", "evidence-based survey",
    "cancellation of suspected hazardous areas", "area reduction", "quality assurance",
    "quality control sampling", "national mine action standards", "marking and fencing",
    "casualty data collection", "land use after release", "community-based demining",
    "HDP nexus programming", "localisation", "capacity development", "operational efficiency",
    "risk management", "medical support and casualty evacuation", "deminer safety",
    "subsurface clearance", "rapid response teams", "spot tasks", "residual contamination",
    "livelihood recovery", "environmental management", "remote sensing",
    "drone-based survey", "geographic information systems", "data quality",
    "cost-efficiency analysis", "results-based management", "prioritisation of tasks",
    "handover of released land", "ALIS", "swing-type machines", "flail machines",
    "tiller machines", "armoured excavators", "sifting", "magnetometers",
    "ground-penetrating radar", "remote explosive scent tracing", "rat detection",
    "peer-to-peer exchange", "South-South cooperation", "third-country training",
    "completion of Article 5 obligations", "Ottawa Convention reporting",
    "Convention on Cluster Munitions", "safe and secure management of ammunition",
    "weapons and ammunition management", "explosive hazards in urban areas",
    "conflict sensitivity", "disability inclusion", "psychosocial support",
    "physical rehabilitation", "prosthetics", "economic reintegration of survivors",
    "school-based risk education", "digital risk education", "behaviour change",
    "mobile survey teams", "women deminers", "community focal points",
    "mine action coordination", "donor reporting", "field operations planning",
    "standard operating procedures", "accreditation of operators", "monitoring and evaluation",
    "baseline survey", "land rights", "agricultural land release", "road clearance",
    "riverbank clearance", "underwater clearance", "demolition in situ",
    "render safe procedures", "IED disposal", "search techniques", "canine accreditation",
    "detector trials", "test and evaluation", "equipment maintenance",
    "fleet management", "logistics", "procurement", "national ownership",
    "sustainable national capacity", "residual risk management", "transition planning",
]  # fmt: skip

ACTORS = [
    "survey teams", "clearance teams", "the national authority", "community liaison officers",
    "the operator", "deminers", "team leaders", "quality management officers",
    "information management officers", "women's survey teams", "mobile teams",
    "provincial coordinators", "village chiefs", "local authorities", "EOD technicians",
    "dog handlers", "machine operators", "risk education facilitators", "health workers",
    "the programme", "partner organisations", "field supervisors", "trainers",
    "the regional office", "district officials", "community volunteers",
]  # fmt: skip

OBJECTS = [
    "the time needed per task", "suspected hazardous areas", "confirmed hazardous areas",
    "the cost per square metre", "false alarms", "metal contamination", "the backlog of tasks",
    "casualties", "high-risk behaviour", "survey coverage", "data entry errors",
    "reporting delays", "the area cleared", "accidents", "land disputes", "the workload",
    "travel time", "rework after quality control", "duplicate records", "idle time",
    "vegetation cutting", "the number of items found", "community requests", "fuel use",
]  # fmt: skip

VERBS = [
    "reduce", "improve", "speed up", "document", "prioritise", "verify", "map", "monitor",
    "standardise", "measure", "share", "plan", "release", "hand over", "train for",
    "coordinate", "review", "simplify", "track", "validate", "budget for", "audit",
]  # fmt: skip

PAST = [
    "reduced", "improved", "doubled", "halved", "documented", "mapped", "cut", "verified",
    "streamlined", "measured", "shared", "monitored", "released", "handed over", "reviewed",
]  # fmt: skip

LESSONS = [
    "what worked and what did not", "lessons for other programmes", "a step-by-step approach",
    "results after two years", "practical tips for team leaders", "common pitfalls",
    "costs and benefits", "what communities told us", "a checklist for planners",
    "scaling up from a pilot", "the role of women", "keeping data consistent",
    "working with local authorities", "safety first", "measuring the results",
    "adapting to the rainy season", "remote areas and difficult terrain",
    "from emergency response to national ownership", "small changes, large savings",
]  # fmt: skip

FINDINGS = [
    "Productivity rose once teams were briefed on the evidence collected during survey.",
    "Communities reported fewer near-misses after the sessions were held in local languages.",
    "Most of the suspected area was cancelled without any physical intervention.",
    "The revised procedure was adopted in the national standards the following year.",
    "Women on the teams gained access to households that had not been visited before.",
    "Data collected on tablets reached the database within a day instead of a month.",
    "Machines prepared the ground so that manual teams could work faster and more safely.",
    "Dogs were most effective in dry conditions with low vegetation.",
    "The released land was used for rice cultivation within one season.",
    "Quality control found fewer non-conformities after the refresher training.",
    "Costs per square metre fell as tasks were grouped by district.",
    "Survivors were referred to rehabilitation services within two weeks.",
    "Local authorities signed the handover certificates at community meetings.",
    "The rainy season limited access to the northern districts for four months.",
    "Detector trials showed large differences between soil types.",
    "A shared map of tasks avoided duplicate deployments between operators.",
]  # fmt: skip

# Provinces, districts and towns per country (rare words for the search index).
PLACES = {
    "KH": ["Battambang", "Pailin", "Banteay Meanchey", "Oddar Meanchey", "Preah Vihear",
           "Pursat", "Siem Reap", "Kampong Thom", "Kratie", "Samlot", "Rattanak Mondul"],
    "LA": ["Xieng Khouang", "Savannakhet", "Salavan", "Sekong", "Attapeu", "Houaphan",
           "Khammouane", "Champasak", "Luang Prabang", "Phonsavan"],
    "VN": ["Quang Tri", "Quang Binh", "Thua Thien Hue", "Nghe An", "Ha Tinh", "Quang Nam",
           "Kon Tum", "Dong Ha"],
    "CO": ["Antioquia", "Meta", "Caquetá", "Nariño", "Cauca", "Bolívar", "Putumayo",
           "Norte de Santander", "Tolima", "Chocó", "Guaviare"],
    "UA": ["Kharkiv", "Kherson", "Mykolaiv", "Donetsk", "Zaporizhzhia", "Chernihiv", "Sumy",
           "Kyiv oblast", "Izium", "Bucha"],
    "AO": ["Cuando Cubango", "Moxico", "Bié", "Huambo", "Cunene", "Malanje", "Benguela",
           "Cuito Cuanavale", "Menongue"],
    "ET": ["Tigray", "Afar", "Somali Region", "Amhara", "Oromia", "Gambella", "Dire Dawa"],
    "IQ": ["Mosul", "Ninewa", "Anbar", "Ramadi", "Fallujah", "Basra", "Kirkuk", "Sinjar",
           "Salah al-Din", "Diyala"],
    "NG": ["Borno", "Adamawa", "Yobe", "Maiduguri", "Gwoza", "Bama", "Monguno"],
    "SO": ["Mogadishu", "Baidoa", "Kismayo", "Galkayo", "Beledweyne", "Hiraan", "Gedo"],
    "SS": ["Juba", "Yei", "Torit", "Bor", "Malakal", "Wau", "Eastern Equatoria", "Jonglei"],
    "ZM": ["Western Province", "Sesheke", "Livingstone", "Kazungula", "Mongu"],
    "AF": ["Helmand", "Kandahar", "Kabul", "Herat", "Nangarhar", "Kunduz", "Ghazni", "Paktia"],
    "BA": ["Brčko", "Doboj", "Tuzla", "Zenica", "Mostar", "Bihać", "Sarajevo Canton"],
    "HR": ["Lika-Senj", "Sisak-Moslavina", "Osijek-Baranja", "Karlovac", "Zadar"],
    "LK": ["Jaffna", "Kilinochchi", "Mullaitivu", "Vavuniya", "Mannar", "Trincomalee"],
    "MZ": ["Inhambane", "Sofala", "Tete", "Manica", "Cabo Delgado", "Gaza", "Maputo"],
    "ZW": ["Mukumbura", "Rushinga", "Mount Darwin", "Sengwe", "Victoria Falls"],
    "YE": ["Aden", "Taiz", "Hodeidah", "Marib", "Lahj", "Abyan"],
    "SY": ["Raqqa", "Deir ez-Zor", "Aleppo", "Idlib", "Homs"],
    "LB": ["Nabatieh", "Bint Jbeil", "Marjayoun", "Tyre", "Bekaa"],
    "JO": ["Irbid", "Mafraq", "Aqaba", "Jordan Valley"],
}  # fmt: skip
GENERIC_PLACES = [
    "the border districts",
    "the northern provinces",
    "the capital region",
    "the coastal plain",
    "the highlands",
    "rural communities",
    "the east",
]

INDICATORS = [
    ("Days per non-technical survey", "days", 5, 40),
    ("Square metres cleared per deminer per day", "m²", 20, 120),
    ("Cost per square metre released", "USD", 1, 8),
    ("Share of suspected area cancelled", "%", 10, 90),
    ("Casualties per year in the district", "people", 2, 80),
    ("Households reached by risk education", "households", 200, 20000),
    ("Hectares released", "ha", 10, 5000),
    ("Non-conformities per quality control visit", "findings", 1, 12),
    ("Days from data collection to database", "days", 1, 60),
    ("Women in operational teams", "%", 3, 50),
    ("Survivors referred to services", "people", 10, 900),
    ("False alarms per 100 m²", "alarms", 5, 200),
]

IMAS = [
    "IMAS 07.11", "IMAS 08.10", "IMAS 08.20", "IMAS 09.10", "IMAS 09.11", "IMAS 09.30",
    "IMAS 09.40", "IMAS 09.50", "IMAS 07.12", "IMAS 07.14", "IMAS 10.10", "IMAS 12.10",
    "IMAS 13.10", "IMAS 05.10", "IMAS 11.10",
]  # fmt: skip

HEADINGS = [
    "Background",
    "The problem",
    "What we did",
    "Method",
    "Results",
    "Lessons learned",
    "Challenges",
    "Costs",
    "Recommendations",
    "Next steps",
]

# Practices in other languages: a smaller vocabulary of their own.
OTHER_LANGUAGES = {
    "fr": {
        "terms": ["remise à disposition des terres", "enquête non technique",
                  "enquête technique", "dépollution", "éducation aux risques",
                  "assistance aux victimes", "gestion de l'information", "chiens détecteurs",
                  "déminage mécanique", "restes d'armes à sous-munitions"],
        "title": ["{term} à {place} : leçons apprises", "Améliorer la {term} avec les communautés",
                  "Étude de cas : {term} dans la région de {place}"],
        "sentence": ["Les équipes ont utilisé la {term} pour réduire les zones à {place}.",
                     "La communauté de {place} a participé à la {term} dès le début.",
                     "Les résultats montrent une baisse des accidents après la {term}.",
                     "Le coût par mètre carré a diminué grâce à la {term}."],
    },
    "es": {
        "terms": ["liberación de tierras", "estudio no técnico", "estudio técnico", "despeje",
                  "educación en el riesgo de minas", "asistencia a víctimas",
                  "desminado humanitario", "gestión de información", "enfoque de género"],
        "title": ["{term} en {place}: lecciones aprendidas", "Cómo mejorar el {term} en {place}",
                  "Estudio de caso: {term} con comunidades de {place}"],
        "sentence": ["Los equipos aplicaron el {term} en veredas de {place}.",
                     "Las comunidades de {place} entregaron información clave para el {term}.",
                     "El {term} permitió devolver tierras productivas a las familias.",
                     "Se redujo el tiempo de cada tarea gracias al {term}."],
    },
    "pt": {
        "terms": ["libertação de terras", "inquérito não técnico", "inquérito técnico",
                  "desminagem", "educação sobre o risco de minas", "assistência às vítimas",
                  "gestão da informação", "desminagem mecânica"],
        "title": ["{term} em {place}: lições aprendidas", "Melhorar a {term} em {place}",
                  "Estudo de caso: {term} nas comunidades de {place}"],
        "sentence": ["As equipas realizaram a {term} nas aldeias de {place}.",
                     "A {term} reduziu as áreas suspeitas em {place}.",
                     "As comunidades participaram na {term} desde o início.",
                     "Os custos diminuíram com a nova abordagem de {term}."],
    },
}  # fmt: skip

# Equipment and tools: the long tail of rare words.
EQUIPMENT = [
    "Minelab F3", "Vallon VMH4", "Schiebel AN-19/2", "Ebinger EBEX 420", "CEIA CMD",
    "Minelab F3 Compact", "Vallon VMR3", "Digger D-250", "MineWolf MW240", "Bozena 5",
    "Hydrema 910", "Armtrac 400", "GCS-200", "Rex tiller", "Foerster Ferex", "Guartel MD8",
    "HSTAMIDS", "MINEHOUND", "Bartington magnetometer", "Leica total station", "DJI Mavic",
    "senseFly eBee", "KoBoToolbox", "Survey123", "QGIS", "ArcGIS", "IMSMA Core",
    "Collector app", "ODK", "PowerBI", "Apopo rats", "Belgian Malinois", "German Shepherd",
]  # fmt: skip

# English sentence shapes. Slots: {t} term, {t2} another term, {a} actor, {o} object,
# {v} verb, {p} verb in the past, {pl} place, {e} equipment, {n} a number, {y} a year,
# {task} a task code.
SENTENCES = [
    "{a} used {t} to {v} {o} in {pl}.",
    "In {y}, {a} in {pl} {p} {o} by combining {t} with {t2}.",
    "The approach relied on {t} and close cooperation with {a}.",
    "{a} {p} {o} by {n} per cent within the first year.",
    "Before the change, {o} was the main obstacle to {t}.",
    "We tested {e} during {t} on task {task}.",
    "{e} performed well in laterite soils but less so near the river.",
    "The national standards on {t} were revised to reflect this experience.",
    "{a} recorded every decision in IMSMA so that {t} could be audited later.",
    "Linking {t} to {t2} helped {a} {v} {o}.",
    "Communities in {pl} asked for {t} after the rainy season.",
    "Task {task} covered {n} hectares and took {n2} days.",
    "The cost of {t} fell as {a} learned to {v} {o}.",
    "{a} met monthly to {v} {o} and to agree on priorities for {t}.",
    "Training in {t} was given to {n} staff from {pl}.",
    "A pilot in {pl} showed that {t} can {v} {o} without extra staff.",
    "{f}",
    "{f}",
    "{f} This confirmed the value of {t}.",
    "Donors funded {t} for {n} months, with {t2} added in {y}.",
    "{a} from {pl} visited the programme to learn about {t}.",
    "Data on {t} were shared with {a} every week.",
    "The main risk was {o}; {a} addressed it through {t}.",
    "Not every district needed {t}; in {pl} {t2} was enough.",
]

SUMMARIES = [
    "How {a} in {pl} {p} {o} through {t}.",
    "{t} in {pl}, {y}–{y2}: {lesson}.",
    "A {kind} on {t} and {t2}, with figures from {pl}.",
    "Experience of {a} with {t}: {lesson}.",
]

TITLES = [
    "{T} in {pl}: {lesson}",
    "Lessons from {t} in {country}",
    "How {a} {p} {o} with {t}",
    "Using {t} to {v} {o} in {pl}",
    "Case study: {t} in {pl}, {country}",
    "Integrating {t} and {t2} in {country}",
    "Guideline on {t} for {a}",
    "{T}: {lesson}",
    "{e} for {t} in {pl}",
    "Reducing {o} through {t}",
]
