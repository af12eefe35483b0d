"""The knowledge base's demo content: the theme taxonomy and good practices to browse.

Content only; knowledge/demo.py writes it. Figures come from the portal's seed facts; the few
other figures are labelled as illustrative programme figures so nobody quotes them as official.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from inspect import cleandoc

from django.utils.translation import gettext_noop as _

# Local parts of the demo accounts `seed_demo` creates (editor@, staff@ ...).
DEMO_DOMAIN = "demo.mineaction.org"

# slug, name, description. Names and descriptions are marked for the catalogues: the shared
# taxonomy reads in every interface language (Theme.__str__ translates it).
THEMES: list[tuple[str, str, str]] = [
    (
        "land-release",
        _("Land release"),
        _("Cancelling, reducing and clearing land through survey and clearance (IMAS 07.11)."),
    ),
    (
        "non-technical-survey",
        _("Non-technical survey"),
        _("Collecting and analysing evidence without physical intervention (IMAS 08.10)."),
    ),
    (
        "technical-survey",
        _("Technical survey"),
        _("Physical intervention to confirm or reduce hazardous areas (IMAS 08.20)."),
    ),
    (
        "manual-clearance",
        _("Manual clearance"),
        _("Deminers with detectors and prodders clearing to the required depth (IMAS 09.10)."),
    ),
    (
        "mechanical-demining",
        _("Mechanical demining"),
        _("Machines for ground preparation, technical survey and clearance (IMAS 09.50)."),
    ),
    (
        "detection-equipment",
        _("Detection equipment"),
        _("Metal detectors, dual-sensor detectors and other detection tools."),
    ),
    (
        "mine-detection-animals",
        _("Mine detection animals"),
        _("Dogs and rats trained to find explosives (IMAS 09.40)."),
    ),
    (
        "explosive-ordnance-risk-education",
        _("Explosive ordnance risk education"),
        _("Helping people recognise and avoid explosive ordnance (IMAS 12.10)."),
    ),
    (
        "victim-assistance",
        _("Victim assistance"),
        _("Medical care, rehabilitation, psychological support and inclusion (IMAS 13.10)."),
    ),
    (
        "information-management",
        _("Information management"),
        _("National databases, data standards and decision-making with data (IMAS 05.10)."),
    ),
    (
        "quality-management",
        _("Quality management"),
        _("Accreditation, monitoring, quality assurance and quality control (IMAS 07.12)."),
    ),
    (
        "strategic-planning",
        _("Strategic planning"),
        _("National strategies, work plans, completion and residual contamination."),
    ),
    (
        "national-capacity-and-ownership",
        _("National capacity and ownership"),
        _("National authorities and centres leading and running their own programmes."),
    ),
    (
        "south-south-and-triangular-cooperation",
        _("South-South and triangular cooperation"),
        _("Affected countries learning from each other, with partners' support."),
    ),
    (
        "hdp-nexus",
        _("HDP nexus"),
        _("Linking humanitarian, development and peace work through mine action."),
    ),
    (
        "gender-and-diversity",
        _("Gender and diversity"),
        _("Including women, girls, boys and men of all backgrounds in teams and activities."),
    ),
]

GOOD_PRACTICE = "good_practice"
LESSON_LEARNED = "lesson_learned"
CASE_STUDY = "case_study"
GUIDELINE = "guideline"

HUMANITARIAN = "humanitarian"
DEVELOPMENT = "development"
PEACE = "peace"

ILLUSTRATIVE = "illustrative programme figure"


@dataclass(frozen=True)
class DemoOutcome:
    indicator: str
    baseline: Decimal
    result: Decimal
    unit: str = ""


@dataclass(frozen=True)
class DemoPractice:
    slug: str
    title: str
    summary: str
    body: str
    kind: str
    themes: tuple[str, ...]
    countries: tuple[str, ...]
    organisations: tuple[str, ...]
    published: date
    year_start: int | None = None
    year_end: int | None = None
    language: str = "en"
    hdp_pillars: tuple[str, ...] = ()
    imas: tuple[str, ...] = ()
    members_only: bool = False
    outcomes: tuple[DemoOutcome, ...] = ()
    author: str = "editor"
    useful_by: tuple[str, ...] = ()
    translation_of: str | None = None


def _outcome(indicator: str, baseline: str, result: str, unit: str = "") -> DemoOutcome:
    return DemoOutcome(indicator, Decimal(baseline), Decimal(result), unit)


# Originals come before their translations: translation_of names an earlier slug.
PRACTICES: list[DemoPractice] = [
    DemoPractice(
        slug="cmac-land-release-28-fold",
        title="Cambodia: how CMAC made land release 28 times faster (1993–2023)",
        summary=(
            "Over three decades the Cambodian Mine Action Centre moved from clearing every "
            "suspected square metre to evidence-based land release. Combining non-technical "
            "survey, technical survey, the right clearance assets and better information "
            "management made its land-release speed rise 28-fold between 1993 and 2023."
        ),
        body=cleandoc(
            """
            ## Context

            When CMAC began field operations in the early 1990s, contamination records were
            incomplete and most suspected land was treated as mined until it had been cleared by
            hand. Deminers worked slowly along one-metre lanes, and large areas were cleared that
            later proved to hold no explosive ordnance at all.

            ## What changed

            - **Evidence before clearance.** Non-technical survey with villagers, former
              soldiers and local authorities now comes first, so land without evidence of
              contamination is cancelled instead of cleared (IMAS 08.10).
            - **Targeted technical survey.** Technical survey confirms or reduces the remaining
              suspected areas, and full clearance is kept for confirmed hazardous areas
              (IMAS 08.20).
            - **The right asset for the ground.** Manual teams, mine detection dogs, mechanical
              ground preparation and dual-sensor detectors are combined according to
              vegetation, soil and the expected threat.
            - **Land release in the national standards.** The Cambodian Mine Action Standards
              adopted the land-release approach of IMAS 07.11, giving operators, the authority
              and donors a common basis for cancelling and reducing land.
            - **One information system.** Survey and clearance results are recorded centrally,
              so planners see what is left and quality managers can follow each release
              decision.

            ## Results

            CMAC's land-release speed rose **28-fold** between 1993 and 2023. Released land is
            handed over to communities for farming, housing, schools and roads.

            ## Lessons for other programmes

            1. The speed came from survey and decision-making, not from working faster inside
               the minefield.
            2. National standards must allow cancellation and reduction explicitly, or teams
               will keep clearing everything.
            3. Communities should take part in the handover: it builds confidence that the
               released land is safe to use.
            """
        ),
        kind=CASE_STUDY,
        themes=(
            "land-release",
            "non-technical-survey",
            "technical-survey",
            "national-capacity-and-ownership",
        ),
        countries=("KH",),
        organisations=("CMAC", "CMAA"),
        year_start=1993,
        year_end=2023,
        hdp_pillars=(HUMANITARIAN, DEVELOPMENT),
        imas=("IMAS 07.11", "IMAS 08.10", "IMAS 08.20"),
        outcomes=(_outcome("Land-release speed (multiple of the 1993 rate)", "1", "28", "×"),),
        published=date(2024, 2, 14),
        useful_by=("member", "partner", "staff", "coordinator"),
    ),
    DemoPractice(
        slug="colombia-non-technical-survey-cmac-exchange",
        title="Faster non-technical survey in Colombia through knowledge sharing with CMAC",
        summary=(
            "After exchanges with the Cambodian Mine Action Centre under JICA-supported "
            "triangular cooperation, Colombia's mine action programme redesigned its "
            "non-technical survey. The days needed per survey fell by 65% (from about 20 to 7) "
            "and clearance days fell by 25%."
        ),
        body=cleandoc(
            """
            ## The problem

            Colombia's contamination is scattered: improvised mines laid by armed groups in
            small numbers, in remote rural areas, often far from any road. Non-technical survey
            teams spent around 20 days on a single survey, travelling, collecting testimony and
            documenting areas that often held no evidence of mines. Clearance teams then
            inherited polygons much larger than the real hazard.

            ## What Colombia took from Cambodia

            Through triangular cooperation supported by JICA, officials of the national
            authority and operators visited CMAC field operations, and CMAC specialists worked
            alongside Colombian teams. The exchange focused on:

            - **Preparing the survey before travelling**: reviewing existing records, accident
              data and security information so teams reach the field with clear questions.
            - **Several independent sources**: community members, leaders, survivors and land
              users, cross-checked before a hazardous area is drawn.
            - **Tighter polygons**: drawn only where evidence exists, as IMAS 08.10 and the
              land-release principles of IMAS 07.11 require.
            - **Standard forms and quick data entry**, so survey reports reach the national
              database without rework.

            ## Results

            - Days per non-technical survey fell by **65%**, from about 20 to 7.
            - Clearance days fell by **25%**, because clearance teams received smaller,
              better-defined hazardous areas.

            ## What to keep in mind

            1. The gain came from better method and better data, not from shortcuts: quality
               management still checks every survey.
            2. In conflict-affected areas community liaison and security information come
               before travel.
            3. The exchange worked because both sides were practitioners facing comparable
               problems.
            """
        ),
        kind=GOOD_PRACTICE,
        themes=(
            "non-technical-survey",
            "land-release",
            "south-south-and-triangular-cooperation",
        ),
        countries=("CO",),
        organisations=("OACP", "CMAC", "JICA"),
        year_start=2017,
        year_end=2023,
        hdp_pillars=(HUMANITARIAN, PEACE),
        imas=("IMAS 08.10", "IMAS 07.11"),
        outcomes=(
            _outcome("Days per non-technical survey", "20", "7", "days"),
            _outcome("Clearance days per task (index, before = 100)", "100", "75", "index"),
        ),
        published=date(2024, 5, 20),
        useful_by=("member", "partner", "staff", "coordinator", "secretariat"),
    ),
    DemoPractice(
        slug="colombia-estudio-no-tecnico-intercambio-cmac",
        title=(
            "Estudio no técnico más rápido en Colombia gracias al intercambio de conocimientos "
            "con CMAC"
        ),
        summary=(
            "Tras los intercambios con el Centro Camboyano de Acción contra Minas en el marco de "
            "la cooperación triangular apoyada por JICA, Colombia rediseñó su estudio no "
            "técnico. Los días por estudio bajaron un 65 % (de unos 20 a 7) y los días de "
            "despeje un 25 %."
        ),
        body=cleandoc(
            """
            ## El problema

            La contaminación en Colombia es dispersa: minas antipersonal improvisadas,
            instaladas por grupos armados en pequeñas cantidades, en zonas rurales remotas y a
            menudo lejos de cualquier carretera. Los equipos de estudio no técnico dedicaban
            unos 20 días a cada estudio, entre desplazamientos, entrevistas y documentación de
            áreas que muchas veces no tenían evidencia de minas. Los equipos de despeje recibían
            después polígonos mucho más grandes que el peligro real.

            ## Lo que Colombia aprendió de Camboya

            Gracias a la cooperación triangular apoyada por JICA, funcionarios de la autoridad
            nacional y de los operadores visitaron las operaciones de campo del CMAC, y
            especialistas del CMAC trabajaron junto a equipos colombianos. El intercambio se
            centró en:

            - **Preparar el estudio antes de viajar**: revisar registros, datos de accidentes e
              información de seguridad para llegar al terreno con preguntas claras.
            - **Varias fuentes independientes**: comunidad, líderes, sobrevivientes y usuarios
              de la tierra, contrastadas antes de dibujar un área peligrosa.
            - **Polígonos más ajustados**: solo donde hay evidencia, como exigen la IMAS 08.10 y
              los principios de liberación de tierras de la IMAS 07.11.
            - **Formularios estándar y registro rápido**, para que los informes lleguen a la
              base de datos nacional sin repetir trabajo.

            ## Resultados

            - Los días por estudio no técnico bajaron un **65 %**, de unos 20 a 7.
            - Los días de despeje bajaron un **25 %**, porque los equipos recibieron áreas
              peligrosas más pequeñas y mejor definidas.

            ## A tener en cuenta

            1. La mejora vino de un mejor método y mejores datos, no de atajos: la gestión de
               calidad sigue revisando cada estudio.
            2. En zonas afectadas por el conflicto, el enlace comunitario y la información de
               seguridad van antes del viaje.
            3. El intercambio funcionó porque ambas partes eran profesionales con problemas
               comparables.
            """
        ),
        kind=GOOD_PRACTICE,
        themes=(
            "non-technical-survey",
            "land-release",
            "south-south-and-triangular-cooperation",
        ),
        countries=("CO",),
        organisations=("OACP", "CMAC", "JICA"),
        year_start=2017,
        year_end=2023,
        language="es",
        hdp_pillars=(HUMANITARIAN, PEACE),
        imas=("IMAS 08.10", "IMAS 07.11"),
        outcomes=(
            _outcome("Días por estudio no técnico", "20", "7", "días"),
            _outcome("Días de despeje por tarea (índice, antes = 100)", "100", "75", "índice"),
        ),
        published=date(2024, 6, 3),
        translation_of="colombia-non-technical-survey-cmac-exchange",
        useful_by=("partner",),
    ),
    DemoPractice(
        slug="jica-cmac-south-south-programme",
        title=(
            "The JICA–CMAC South-South cooperation programme: over 600 officials from "
            "11 countries since 2010"
        ),
        summary=(
            "Since 2010 the Cambodian Mine Action Centre, with JICA's support, has hosted mine "
            "action officials from other affected countries for field-based training and "
            "exchange. Over 600 officials from 11 countries have taken part."
        ),
        body=cleandoc(
            """
            ## Why South-South

            Officials of affected countries often learn most from peers who have solved the
            same problems with similar resources. Cambodia went from a largely internationally
            run programme to a national centre that plans, clears and manages quality itself,
            and that journey is what visitors come to see.

            ## How the programme works

            - National authorities nominate participants whose work matches the course topic.
            - Training takes place at CMAC's training centre and on active field sites, so
              participants see survey, clearance and quality control as they happen.
            - Topics follow the participants' needs: land release, non-technical survey,
              mechanical demining, detection equipment, information management, risk
              education, victim assistance and the management of a national programme.
            - Each participant leaves with an action plan for their own organisation.

            ## Reach

            Over **600 officials from 11 countries** have taken part since 2010, among them
            Colombia, Lao PDR, Angola, Iraq and Ukraine.

            ## What makes it work

            1. The host is an operating national centre, not only a classroom.
            2. Follow-up after the course: some exchanges grew into bilateral technical
               cooperation, as Colombia's did.
            3. Mixed cohorts let officials compare approaches across regions.

            ## Advice for other hosts

            - Agree the learning objectives with the sending authority beforehand.
            - Plan interpretation early; technical vocabulary needs prepared interpreters.
            - Keep a record of every participant (sex- and age-disaggregated) to report
              honestly on who was reached.
            """
        ),
        kind=GOOD_PRACTICE,
        themes=("south-south-and-triangular-cooperation", "national-capacity-and-ownership"),
        countries=("KH", "CO", "LA", "AO", "IQ", "UA"),
        organisations=("JICA", "CMAC"),
        year_start=2010,
        year_end=2025,
        hdp_pillars=(DEVELOPMENT,),
        published=date(2024, 3, 11),
        useful_by=("member", "secretariat"),
    ),
    DemoPractice(
        slug="uxo-lao-strategic-plan-update-2025",
        title="UXO Lao updates its strategic plan for the first time since 1996",
        summary=(
            "In June 2025 UXO Lao began the first update of its strategic plan since the "
            "organisation was founded in 1996. The process links clearance priorities to "
            "national development goals and to the move from area clearance to evidence-based "
            "survey."
        ),
        body=cleandoc(
            """
            ## Background

            Lao PDR is heavily contaminated with unexploded ordnance, above all cluster
            munition remnants, from the Indochina war. UXO Lao, the national clearance operator,
            has worked since 1996; the national regulatory authority sets the sector's rules.
            Lao PDR has also adopted its own national Sustainable Development Goal 18, "Lives
            safe from UXO".

            ## Why update the plan now

            - Evidence-based survey has changed how contaminated land is found and prioritised.
            - Funding patterns and partners have changed over almost three decades.
            - Clearance must feed national and provincial development plans directly.

            ## How the update is organised

            1. **Look back**: review results, data quality and lessons since 1996.
            2. **Consult**: provincial teams, the regulatory authority, ministries, development
               partners and communities.
            3. **Set priorities**: agree criteria linking clearance to agriculture, schools,
               health centres and infrastructure.
            4. **Plan resources**: teams, equipment and training, with realistic funding
               scenarios.
            5. **Measure**: choose a few indicators the database can really produce.

            ## Early lessons

            - Start the consultation in the provinces: they know where land is needed.
            - Keep the plan short enough for managers to use each year.
            - Involve the information management team from the start, so every target can be
              measured.
            """
        ),
        kind=CASE_STUDY,
        themes=(
            "strategic-planning",
            "national-capacity-and-ownership",
            "hdp-nexus",
        ),
        countries=("LA",),
        organisations=("UXO Lao",),
        year_start=2025,
        hdp_pillars=(DEVELOPMENT,),
        published=date(2025, 9, 15),
        useful_by=("member",),
    ),
    DemoPractice(
        slug="cmac-trains-sesu-swing-type-machines-alis",
        title=(
            "CMAC trains Ukraine's State Emergency Service on swing-type demining machines and "
            "ALIS detectors"
        ),
        summary=(
            "With JICA's support, the Cambodian Mine Action Centre trained deminers and "
            "instructors of Ukraine's State Emergency Service (SESU) to operate and maintain "
            "swing-type demining machines and the ALIS dual-sensor detector, drawing on CMAC's "
            "long field experience with both."
        ),
        body=cleandoc(
            """
            ## Context

            Since 2022 large parts of Ukraine have been contaminated with mines, cluster
            munition remnants and other explosive ordnance. The State Emergency Service (SESU)
            carries much of the national response. JICA provided equipment and asked CMAC, which
            has used the same types of equipment for years, to train the people who would use
            it.

            ## What the training covered

            - **Swing-type demining machines**: operation, daily maintenance, safe working
              distances, and when to use a machine for ground preparation rather than
              clearance (IMAS 09.50).
            - **ALIS**: a dual-sensor detector that combines a metal detector with
              ground-penetrating radar and shows an image of the buried object, helping the
              deminer tell a mine from metal scrap.
            - **Field practice** in Cambodian minefields under CMAC supervision, following
              clearance requirements of IMAS 09.10.
            - **Train-the-trainer sessions**, so SESU instructors can teach others at home.

            ## What worked

            1. Training on real tasks, not only on test lanes.
            2. Mechanics trained together with operators: machines stay useful only if they
               are repaired quickly.
            3. Instructors from a national centre that has lived through a long clearance
               effort.

            ## Points of attention

            - Interpretation between Khmer, English and Ukrainian needs time and preparation.
            - The threat in Ukraine differs (anti-vehicle mines, submunitions, booby traps), so
              procedures need adapting when teams return.
            - Winter ground conditions affect both machines and radar.
            """
        ),
        kind=GOOD_PRACTICE,
        themes=(
            "mechanical-demining",
            "detection-equipment",
            "south-south-and-triangular-cooperation",
        ),
        countries=("UA", "KH"),
        organisations=("CMAC", "SESU", "JICA"),
        year_start=2023,
        year_end=2025,
        hdp_pillars=(HUMANITARIAN,),
        imas=("IMAS 09.50", "IMAS 09.10"),
        published=date(2024, 9, 10),
        useful_by=("partner", "coordinator", "staff"),
    ),
    DemoPractice(
        slug="africa-mine-action-platform-ticad-9",
        title="The Africa Mine Action Platform, launched at TICAD 9",
        summary=(
            "The Africa Mine Action Platform was launched at the ninth Tokyo International "
            "Conference on African Development (TICAD 9) in August 2025. It gives African "
            "national mine action authorities one place to ask for support, share practice "
            "and find partners."
        ),
        body=cleandoc(
            """
            ## Why a platform

            African national authorities face similar problems (scattered contamination,
            improvised explosive devices, residual contamination after completion, limited
            funding) but have had few regular ways to learn from each other. The JICA–CMAC
            experience showed how much peers can offer when exchange is organised.

            ## Who takes part

            - National authorities of Ethiopia, Nigeria, Somalia, South Sudan and Zambia.
            - Partners such as JICA, CMAC and UNMAS.
            - Donors who want to see needs and results in one place.

            ## What members can do

            1. Post a **request for support**: knowledge sharing, technical cooperation,
               equipment, facilities or funding.
            2. Answer other members' requests with **offers**.
            3. Follow each request's progress and discuss it openly.
            4. Find good practices in this knowledge base and add their own.

            ## After the launch

            - The secretariat approves member organisations and keeps requests moving.
            - First exchanges focus on non-technical survey, information management and
              national strategies.
            - Members are invited to record what they applied from each other, so the platform
              can show what exchange achieves.

            ## How to take part

            A national authority or partner organisation applies for membership on the
            platform pages. Once approved, its staff can post requests and offers.
            """
        ),
        kind=CASE_STUDY,
        themes=(
            "south-south-and-triangular-cooperation",
            "national-capacity-and-ownership",
            "strategic-planning",
        ),
        countries=("ET", "NG", "SO", "SS", "ZM"),
        organisations=("JICA", "CMAC", "UNMAS", "EMAO", "NMAC", "SEMA", "NMAA", "ZMAC"),
        year_start=2025,
        hdp_pillars=(DEVELOPMENT, PEACE),
        published=date(2025, 8, 28),
        author="staff",
        useful_by=("member", "partner", "secretariat"),
    ),
    DemoPractice(
        slug="eere-bassin-du-lac-tchad",
        title=(
            "Éducation aux risques des engins explosifs pour les populations déplacées du "
            "bassin du lac Tchad"
        ),
        summary=(
            "Dans le nord-est du Nigeria et les pays voisins du bassin du lac Tchad, les "
            "engins explosifs improvisés menacent les personnes déplacées qui rentrent chez "
            "elles. Des séances courtes, en langues locales et adaptées aux déplacements "
            "saisonniers, ont permis d'atteindre les personnes les plus exposées."
        ),
        body=cleandoc(
            """
            ## Contexte

            Le conflit dans le bassin du lac Tchad a laissé des engins explosifs improvisés et
            des restes explosifs de guerre le long des routes, autour des villages et dans les
            champs. Les personnes déplacées qui rentrent, souvent pour les semis, connaissent
            mal les dangers de zones qu'elles ont quittées depuis des années.

            ## Ce qui a été fait

            - **Des messages simples et précis** : reconnaître, ne pas toucher, signaler,
              conformément à la norme IMAS 12.10.
            - **Les langues locales** (haoussa, kanouri, arabe tchadien, français) et des
              supports illustrés pour les personnes qui ne lisent pas.
            - **Des séances séparées** pour les femmes, les hommes, les garçons et les filles,
              car ils ne fréquentent pas les mêmes lieux : puits, champs, pâturages, marchés.
            - **Le bon moment** : avant les retours et avant la saison des semis, en lien avec
              les acteurs humanitaires des camps.
            - **Des relais communautaires** formés pour répéter les messages et recueillir les
              signalements.

            ## Ce que nous avons appris

            1. Les signalements d'engins par la population sont une source d'information
               précieuse pour l'enquête et la dépollution : il faut un circuit pour les
               transmettre.
            2. Les enfants qui gardent le bétail sont très exposés ; les séances à l'école ne
               les atteignent pas toujours.
            3. Sans coordination avec les autorités et les forces de sécurité, les messages
               peuvent se contredire.

            ## Pour aller plus loin

            Relier l'éducation aux risques à la collecte de données sur les accidents, et
            prévoir l'assistance aux victimes dans les mêmes zones.
            """
        ),
        kind=LESSON_LEARNED,
        themes=(
            "explosive-ordnance-risk-education",
            "hdp-nexus",
            "gender-and-diversity",
        ),
        countries=("NG", "CM", "TD", "NE"),
        organisations=("NMAC", "UNMAS"),
        year_start=2019,
        year_end=2024,
        language="fr",
        hdp_pillars=(HUMANITARIAN, PEACE),
        imas=("IMAS 12.10",),
        published=date(2025, 3, 4),
    ),
    DemoPractice(
        slug="cambodge-remise-a-disposition-des-terres-28-fois",
        title=(
            "Cambodge : comment le CMAC a rendu la remise à disposition des terres 28 fois plus "
            "rapide (1993–2023)"
        ),
        summary=(
            "En trente ans, le Centre cambodgien de lutte antimines est passé du déminage de "
            "chaque mètre carré suspect à une remise à disposition des terres fondée sur les "
            "preuves. Sa vitesse de remise à disposition a été multipliée par 28 entre 1993 et "
            "2023."
        ),
        body=cleandoc(
            """
            ## Contexte

            Au début des années 1990, les informations sur la contamination étaient
            incomplètes et la plupart des terres suspectes étaient traitées comme minées
            jusqu'au déminage manuel. De grandes surfaces ont été déminées alors qu'elles ne
            contenaient aucun engin explosif.

            ## Ce qui a changé

            - **Des preuves avant le déminage** : l'enquête non technique auprès des villageois,
              des anciens combattants et des autorités locales permet d'annuler les terres sans
              preuve de contamination (IMAS 08.10).
            - **Une enquête technique ciblée** pour confirmer ou réduire les zones suspectes ;
              la dépollution complète est réservée aux zones dangereuses confirmées
              (IMAS 08.20).
            - **Le bon outil pour le terrain** : équipes manuelles, chiens détecteurs,
              préparation mécanique du sol et détecteurs à double capteur.
            - **Des normes nationales** qui reprennent l'approche de la norme IMAS 07.11.
            - **Un système d'information unique** pour suivre chaque décision de remise à
              disposition.

            ## Résultats

            La vitesse de remise à disposition des terres du CMAC a été multipliée par **28**
            entre 1993 et 2023. Les terres sont rendues aux communautés pour l'agriculture,
            l'habitat, les écoles et les routes.

            ## Leçons

            1. Le gain vient de l'enquête et de la prise de décision, pas d'un travail plus
               rapide dans le champ de mines.
            2. Les normes nationales doivent permettre explicitement l'annulation et la
               réduction.
            3. Associer les communautés à la remise renforce la confiance dans les terres
               libérées.
            """
        ),
        kind=CASE_STUDY,
        themes=(
            "land-release",
            "non-technical-survey",
            "technical-survey",
            "national-capacity-and-ownership",
        ),
        countries=("KH",),
        organisations=("CMAC", "CMAA"),
        year_start=1993,
        year_end=2023,
        language="fr",
        hdp_pillars=(HUMANITARIAN, DEVELOPMENT),
        imas=("IMAS 07.11", "IMAS 08.10", "IMAS 08.20"),
        outcomes=(
            _outcome(
                "Vitesse de remise à disposition des terres (multiple du rythme de 1993)",
                "1",
                "28",
                "×",
            ),
        ),
        published=date(2024, 4, 2),
        translation_of="cmac-land-release-28-fold",
    ),
    DemoPractice(
        slug="angola-land-release-okavango",
        title="Land release in Angola's Okavango headwaters",
        summary=(
            "In Cuando Cubango province, The HALO Trust and Angola's National Agency for Mine "
            "Action combine non-technical survey, manual clearance and community liaison to "
            "release land in the headwaters of the Okavango basin, supporting both rural "
            "livelihoods and conservation."
        ),
        body=cleandoc(
            """
            ## Context

            Decades of conflict left minefields around former military positions, bridges,
            airstrips and roads across Angola. Cuando Cubango, in the south-east, is among the
            most affected provinces. Its rivers feed the Okavango Delta, so the land matters to
            farmers, to wildlife and to the region's tourism.

            ## Approach

            - **Re-survey first.** Many suspected areas recorded years ago were drawn large.
              Non-technical survey with communities, former combatants and local authorities
              re-examines each one before teams deploy (IMAS 08.10).
            - **Manual clearance where the evidence is.** Teams clear confirmed hazardous areas
              to the depth the national standard requires (IMAS 09.10), with mechanical
              support in deep sand where the ground allows it.
            - **National staff.** Deminers, team leaders and surveyors are recruited locally,
              including women, which brings income to remote communities.
            - **Community liaison.** Communities help set priorities (water points, paths,
              fields) and take part in handover.

            ## Links beyond clearance

            Released land opens access to fields and grazing, and lets conservation and
            tourism projects plan in areas that were closed for decades. This is where
            humanitarian work meets long-term development.

            ## Lessons

            1. Re-survey old records before clearance: it saves time and money.
            2. Tie priorities to what communities and provincial planners need next.
            3. Record every release decision in the national database so ANAM keeps an
               accurate national picture (IMAS 07.11).
            """
        ),
        kind=CASE_STUDY,
        themes=("land-release", "non-technical-survey", "manual-clearance", "hdp-nexus"),
        countries=("AO",),
        organisations=("HALO", "ANAM"),
        year_start=2018,
        hdp_pillars=(HUMANITARIAN, DEVELOPMENT),
        imas=("IMAS 07.11", "IMAS 08.10", "IMAS 09.10"),
        published=date(2024, 8, 26),
        author="staff",
        useful_by=("member", "staff"),
    ),
    DemoPractice(
        slug="angola-libertacao-de-terras-okavango",
        title="Libertação de terras nas nascentes do Okavango, em Angola",
        summary=(
            "Na província do Cuando Cubango, a HALO Trust e a Agência Nacional de Acção contra "
            "Minas combinam inquérito não técnico, desminagem manual e ligação comunitária "
            "para libertar terras nas nascentes da bacia do Okavango, apoiando a subsistência "
            "rural e a conservação."
        ),
        body=cleandoc(
            """
            ## Contexto

            Décadas de conflito deixaram campos minados em torno de antigas posições
            militares, pontes, pistas de aviação e estradas em todo o território angolano. O
            Cuando Cubango, no sudeste, está entre as províncias mais afectadas. Os seus rios
            alimentam o Delta do Okavango, por isso a terra é importante para os agricultores,
            para a fauna e para o turismo da região.

            ## Abordagem

            - **Primeiro, voltar a inquirir.** Muitas áreas suspeitas registadas há anos foram
              desenhadas com grandes dimensões. O inquérito não técnico com as comunidades,
              antigos combatentes e autoridades locais reavalia cada uma antes de enviar
              equipas (IMAS 08.10).
            - **Desminagem manual onde há evidência.** As equipas limpam as áreas perigosas
              confirmadas até à profundidade exigida pela norma nacional (IMAS 09.10), com
              apoio mecânico na areia profunda quando o terreno o permite.
            - **Pessoal nacional.** Sapadores, chefes de equipa e inquiridores são recrutados
              localmente, incluindo mulheres, o que traz rendimento às comunidades remotas.
            - **Ligação comunitária.** As comunidades ajudam a definir prioridades (pontos de
              água, caminhos, lavras) e participam na entrega das terras.

            ## Para além da desminagem

            As terras libertadas dão acesso a lavras e pastagens e permitem que projectos de
            conservação e turismo planeiem em zonas fechadas durante décadas.

            ## Lições

            1. Rever os registos antigos antes da desminagem poupa tempo e dinheiro.
            2. Ligar as prioridades ao que as comunidades e os planificadores provinciais
               precisam a seguir.
            3. Registar cada decisão de libertação na base de dados nacional, para que a ANAM
               mantenha um retrato nacional exacto (IMAS 07.11).
            """
        ),
        kind=CASE_STUDY,
        themes=("land-release", "non-technical-survey", "manual-clearance", "hdp-nexus"),
        countries=("AO",),
        organisations=("HALO", "ANAM"),
        year_start=2018,
        language="pt",
        hdp_pillars=(HUMANITARIAN, DEVELOPMENT),
        imas=("IMAS 07.11", "IMAS 08.10", "IMAS 09.10"),
        published=date(2024, 9, 2),
        author="staff",
        translation_of="angola-land-release-okavango",
    ),
    DemoPractice(
        slug="mine-detection-rats-technical-survey-cambodia",
        title="Mine detection rats in technical survey in Cambodia",
        summary=(
            "Trained African giant pouched rats from APOPO work alongside CMAC deminers to "
            "check suspected areas quickly. Because the rats indicate the scent of explosives, "
            "not metal, they help teams focus manual clearance where it is needed."
        ),
        body=cleandoc(
            """
            ## How the rats work

            Each rat works on a line between two handlers, moving across a marked box and
            scratching the ground where it smells explosive. Deminers then check each
            indication with detectors and prodders. The rats are too light to set off
            anti-personnel mines.

            ## Where they add value

            - **Metal-contaminated ground**: detectors signal every fragment, while the rats
              ignore metal without explosive.
            - **Technical survey**: a quick check of a suspected area helps decide whether it
              can be reduced or needs full clearance (IMAS 08.20).
            - **Large areas with low expected density**, typical of old battlefields.

            ## Accreditation and quality

            Rats and handlers are tested and accredited like mine detection dog teams, under
            national standards based on IMAS 09.40. Teams are re-tested regularly, and every
            indication and every miss found by quality control is recorded.

            ## Lessons

            1. Animals complement deminers; they do not replace them.
            2. Handler skill and consistent routines matter as much as the animal.
            3. Heat limits working hours: plan early starts in the hot season.
            4. Explain the method to communities, who may at first doubt that a rat can find
               a mine.
            """
        ),
        kind=GOOD_PRACTICE,
        themes=("mine-detection-animals", "technical-survey"),
        countries=("KH", "AO"),
        organisations=("CMAC",),
        year_start=2015,
        hdp_pillars=(HUMANITARIAN,),
        imas=("IMAS 09.40", "IMAS 08.20"),
        published=date(2024, 6, 18),
        useful_by=("staff",),
    ),
    DemoPractice(
        slug="mine-detection-dog-teams-accreditation",
        title="Keeping mine detection dog teams accurate: accreditation and daily checks",
        summary=(
            "Detection performance depends less on the dog than on consistent handler "
            "training, regular testing and honest records. A simple routine of daily checks "
            "and periodic operational tests keeps teams reliable."
        ),
        body=cleandoc(
            """
            ## The issue

            Mine detection dogs can search large areas fast, but a dog team that has slipped
            in performance is dangerous precisely because it looks fast. Programmes learned
            that performance must be checked, not assumed.

            ## The routine that works

            - **Daily warm-up on a test area** with known targets before each working day; a
              dog that does not find them does not work that day.
            - **Periodic operational tests** by the national authority or an independent
              body, on ground similar to the working sites, as IMAS 09.40 and national
              standards describe.
            - **One handler, one dog** where possible; changes of handler are retested.
            - **Records of every indication**, including false ones, reviewed weekly by the
              team leader.
            - **Veterinary care and rest**: heat, ticks and fatigue reduce performance long
              before a dog looks ill.

            ## Quality management

            Quality control samples land released after dog searches, following IMAS 07.12.
            Findings feed back into training rather than blame.

            ## Lessons

            1. Budget for the test areas and their maintenance, not only for the dogs.
            2. Keep handlers: their experience is the programme's capital.
            3. Share test results openly with the national authority.
            """
        ),
        kind=LESSON_LEARNED,
        themes=("mine-detection-animals", "quality-management"),
        countries=("KH",),
        organisations=("CMAC", "GICHD"),
        year_start=2012,
        year_end=2024,
        imas=("IMAS 09.40", "IMAS 07.12"),
        members_only=True,
        published=date(2025, 1, 22),
        useful_by=("coordinator",),
    ),
    DemoPractice(
        slug="eore-iraq-returnees-mosul",
        title="Explosive ordnance risk education for families returning to Mosul and Ninewa",
        summary=(
            "As displaced families returned to Mosul and the surrounding districts, risk "
            "education had to reach people before they re-entered damaged homes and fields. "
            "Door-to-door sessions, school visits and short messages on social media reached "
            "people where they were."
        ),
        body=cleandoc(
            """
            ## Context

            After the military operations against ISIL, Mosul's old city and many villages in
            Ninewa were contaminated with improvised explosive devices, unexploded ordnance
            and booby traps inside houses. Families returned quickly, often before survey and
            clearance could reach their street.

            ## What was done

            - **Door-to-door sessions** in return areas, by mixed teams so women at home could
              be reached.
            - **Schools**: short sessions with teachers trained to repeat the key messages.
            - **Social media and radio** for young men, who were the most exposed and least
              likely to attend sessions.
            - **Messages for returnees**: do not clear rubble yourself, report suspicious
              items, wait for clearance of your home.
            - **A reporting line** so residents' reports reached the Directorate of Mine
              Action and operators.

            ## Lessons

            1. Tailor messages to what people actually do: rebuilding, scrap collection,
               farming, herding.
            2. Risk education without visible clearance loses credibility; coordinate both.
            3. Follow IMAS 12.10 on needs assessment and evaluation: test whether messages
               change behaviour, not only how many people attended.

            ## Links

            Risk education connected humanitarian response with recovery: returning families,
            reconstruction projects and local authorities all needed the same information.
            """
        ),
        kind=GOOD_PRACTICE,
        themes=(
            "explosive-ordnance-risk-education",
            "hdp-nexus",
            "gender-and-diversity",
        ),
        countries=("IQ",),
        organisations=("DMA", "UNMAS", "MAG"),
        year_start=2017,
        year_end=2022,
        hdp_pillars=(HUMANITARIAN, PEACE),
        imas=("IMAS 12.10",),
        published=date(2024, 4, 8),
        useful_by=("member", "partner"),
    ),
    DemoPractice(
        slug="victim-assistance-quang-tri-vietnam",
        title="Community-based victim assistance in Quang Tri, Vietnam",
        summary=(
            "In Quang Tri province, survivors of explosive ordnance accidents and their "
            "families receive support through local health and social services rather than a "
            "separate system. Linking survivors to existing services, livelihoods and peer "
            "networks makes assistance last."
        ),
        body=cleandoc(
            """
            ## Context

            Quang Tri, on the former demilitarised zone, remains one of Vietnam's most
            contaminated provinces. Accidents still happen during farming and scrap
            collection, and many survivors of earlier accidents live with lifelong
            disabilities.

            ## Approach

            - **Identify survivors** through commune health workers and the provincial
              database, so no one depends on being found by a project.
            - **Use existing services**: emergency care, rehabilitation and prosthetics through
              the health system; social protection through the local authorities.
            - **Livelihood support** chosen with each family: livestock, small business,
              vocational training.
            - **Peer support**: survivors trained to visit new survivors and their families.
            - **Inclusion**: victim assistance is part of the wider disability rights agenda,
              as IMAS 13.10 recommends.

            ## Results

            Survivors are followed over years instead of months, and local services learn to
            serve them alongside other persons with disabilities.

            ## Lessons

            1. Mine action's role is often to connect, advocate and fill gaps, not to run
               parallel services.
            2. Record needs and services received, disaggregated by sex and age.
            3. Psychological support is asked for as often as physical rehabilitation.
            """
        ),
        kind=GOOD_PRACTICE,
        themes=("victim-assistance", "hdp-nexus", "gender-and-diversity"),
        countries=("VN",),
        organisations=("VNMAC",),
        year_start=2016,
        hdp_pillars=(HUMANITARIAN, DEVELOPMENT),
        imas=("IMAS 13.10",),
        published=date(2024, 11, 5),
    ),
    DemoPractice(
        slug="imsma-core-national-database-migration",
        title="Moving a national mine action database to IMSMA Core: lessons learned",
        summary=(
            "Several national authorities have moved from older IMSMA versions to IMSMA Core. "
            "The technical migration is the easy part: cleaning legacy records, agreeing data "
            "standards with operators and training staff take most of the time."
        ),
        body=cleandoc(
            """
            ## Why migrate

            A national authority needs one reliable picture of contamination, survey,
            clearance, risk education and accidents. Older installations often hold years of
            inconsistent records, and reports are hard to produce.

            ## What takes the time

            - **Cleaning legacy data**: duplicate hazardous areas, polygons that overlap,
              areas released but never closed in the database.
            - **Agreeing the data standard**: which fields are mandatory, which forms operators
              use, who validates each report (IMAS 05.10).
            - **Training**: data entry staff, GIS officers and the managers who will use the
              dashboards.
            - **Changing habits**: operators used to their own spreadsheets must report into
              the national system.

            ## Steps that worked

            1. Freeze the old system's structure and take a full backup.
            2. Clean the most-used records first: open hazardous areas and recent tasks.
            3. Run the old and new systems side by side for a short, fixed period.
            4. Publish a short national data standard and check compliance monthly.
            5. Use the new system's outputs in real decisions early, so people see its value.

            ## Lessons

            - Data quality is a quality management issue, not only an IT issue (IMAS 07.12).
            - Budget for the GICHD's or another partner's support after go-live, not only
              before.
            """
        ),
        kind=LESSON_LEARNED,
        themes=("information-management", "quality-management"),
        countries=(),
        organisations=("GICHD",),
        year_start=2020,
        year_end=2025,
        imas=("IMAS 05.10", "IMAS 07.12"),
        published=date(2025, 5, 12),
        useful_by=("member", "partner", "staff", "secretariat"),
    ),
    DemoPractice(
        slug="gender-balanced-survey-teams",
        title="Gender-balanced non-technical survey teams reach more of the community",
        summary=(
            "Mixed teams of women and men collect better survey information, because women "
            "and men often use, and know about, different land. Programmes in Lao PDR and "
            "Iraq found that recruiting and keeping women surveyors takes deliberate measures."
        ),
        body=cleandoc(
            """
            ## Why it matters

            Women collect water and firewood, farm particular plots and take children to
            school; men may herd, hunt or collect scrap. Each group knows different places
            where items have been seen. A survey team of men only tends to talk to men only,
            and misses half of the evidence IMAS 08.10 asks teams to gather.

            ## What programmes did

            - **Mixed survey teams**, so women can be interviewed by women where custom
              requires it.
            - **Recruitment adapted to women**: vacancies shared through women's groups,
              literacy requirements checked against the real job.
            - **Working conditions**: separate accommodation and facilities in field camps,
              maternity arrangements, safe transport.
            - **Career paths**: women trained as team leaders, not only as community liaison
              officers.
            - **Data disaggregated** by sex and age for every interview and beneficiary.

            ## Results

            Teams report more sources per survey and more precise information on where
            items were seen, which supports tighter hazardous area polygons.

            ## Lessons

            1. Gender balance is a survey quality issue, not only an equality issue.
            2. Retention needs as much attention as recruitment.
            3. Managers' commitment is visible in budgets and promotions.
            """
        ),
        kind=GOOD_PRACTICE,
        themes=("gender-and-diversity", "non-technical-survey"),
        countries=("LA", "IQ"),
        organisations=("MAG",),
        year_start=2018,
        hdp_pillars=(HUMANITARIAN,),
        imas=("IMAS 08.10",),
        published=date(2024, 7, 23),
        useful_by=("secretariat", "member"),
    ),
    DemoPractice(
        slug="zambia-article-5-completion",
        title="Zambia's completion of Article 5 and managing residual contamination",
        summary=(
            "In 2009 Zambia declared that it had completed the clearance of all known mined "
            "areas under Article 5 of the Anti-Personnel Mine Ban Convention. Its experience "
            "shows what a small programme must plan to finish, and how to manage the risk "
            "that remains afterwards."
        ),
        body=cleandoc(
            """
            ## Background

            Zambia's contamination was limited compared with its neighbours' and lay mostly
            along borders and around former liberation-era positions. The Zambia Mine Action
            Centre coordinated survey and clearance with the support of partners.

            ## What helped Zambia finish

            - **A clear inventory**: every suspected area listed, re-surveyed and closed one by
              one, in line with the land-release approach of IMAS 07.11.
            - **A completion plan with dates**, reviewed with partners each year.
            - **National ownership**: ZMAC kept the national picture and the decisions.

            ## After completion

            Completion of known mined areas does not mean no explosive ordnance will ever be
            found again. Zambia kept:

            1. A national capacity to respond to reports of items, with police and defence.
            2. Risk education in border communities.
            3. A record of every report after completion, to show the residual risk honestly.

            ## Lessons for countries approaching completion

            - Plan the residual capacity before the last international operator leaves.
            - Explain to communities and donors what "completion" means and what it does not.
            - Keep the data: future finds are assessed against the historical record.
            - Share the experience; Zambia's is useful to other members of the Africa Mine
              Action Platform.
            """
        ),
        kind=CASE_STUDY,
        themes=(
            "land-release",
            "strategic-planning",
            "national-capacity-and-ownership",
        ),
        countries=("ZM",),
        organisations=("ZMAC",),
        year_start=2009,
        hdp_pillars=(DEVELOPMENT,),
        imas=("IMAS 07.11",),
        published=date(2024, 10, 2),
        author="staff",
        useful_by=("member",),
    ),
    DemoPractice(
        slug="south-sudan-route-clearance-humanitarian-access",
        title="Clearing roads for humanitarian access in South Sudan",
        summary=(
            "Route survey and clearance on key roads let humanitarian convoys and traders "
            "reach isolated communities in South Sudan, especially around the rainy season. "
            "Setting priorities together with the humanitarian clusters was the key."
        ),
        body=cleandoc(
            """
            ## Context

            Years of conflict left mines and explosive remnants of war along roads and around
            towns in South Sudan. When a road is suspected, convoys stop or take long detours,
            and during the rainy season many communities can be reached only by air.

            ## What was done

            - **Priorities set with humanitarian partners**: the logistics and food security
              clusters named the roads that mattered most before the rains.
            - **Route survey and verification**: teams checked road surfaces, verges and
              crossing points, and cleared where evidence was found (IMAS 09.10).
            - **Explosive ordnance disposal** of items found along the routes (IMAS 09.30).
            - **Information shared quickly**: road status published to humanitarian agencies
              as soon as each section was verified.
            - **Risk education** in villages along the roads.

            ## Results

            Roads verified before the rains allowed food and medical supplies to move by
            truck instead of by air, and markets reopened along the routes.

            ## Lessons

            1. Work from the humanitarian calendar: roads verified after the rains start are
               of little use that year.
            2. Involve the National Mine Action Authority in every priority decision, so
               national capacity grows with the work.
            3. Road access supports peace too: people and trade move again.
            """
        ),
        kind=GOOD_PRACTICE,
        themes=("manual-clearance", "hdp-nexus"),
        countries=("SS",),
        organisations=("NMAA", "UNMAS"),
        year_start=2014,
        year_end=2024,
        hdp_pillars=(HUMANITARIAN, PEACE),
        imas=("IMAS 09.10", "IMAS 09.30"),
        published=date(2025, 2, 17),
    ),
    DemoPractice(
        slug="somalia-sema-national-quality-management",
        title="Building national quality management in Somalia",
        summary=(
            "The Somali Explosive Management Authority has been taking over quality "
            "management functions from international partners. Starting with accreditation "
            "and field monitoring, and adding quality control as capacity grew, made the "
            "transfer realistic."
        ),
        body=cleandoc(
            """
            ## Context

            For many years quality management of Somali mine action was carried out largely
            by international organisations. The Somali Explosive Management Authority (SEMA)
            aims to hold these functions itself, as a national authority should.

            ## A step-by-step transfer

            1. **Accreditation** of operators against national standards: document review
               and field checks, with SEMA staff leading and partners advising.
            2. **Monitoring** of operators in the field, following IMAS 07.40: scheduled and
               unannounced visits, with a simple checklist and written findings.
            3. **Quality control** of released land by sampling, following IMAS 07.12, once
               monitors had the experience.
            4. **Investigation** of accidents and incidents, with support at first.

            ## What helped

            - Mentoring in the field, not only classroom training.
            - A short national standard that staff could apply, rather than a long one
              copied from elsewhere.
            - Findings recorded in the national database and followed up.

            ## Lessons

            - Security constraints limit field visits; plan remote checks (photos, GPS tracks,
              video calls) as a complement, not a replacement.
            - Staff retention is the biggest risk to the transfer.
            - Operators accept national quality management more readily when findings are
              consistent and explained.
            """
        ),
        kind=LESSON_LEARNED,
        themes=("quality-management", "national-capacity-and-ownership"),
        countries=("SO",),
        organisations=("SEMA", "UNMAS"),
        year_start=2016,
        hdp_pillars=(PEACE, DEVELOPMENT),
        imas=("IMAS 07.12", "IMAS 07.40"),
        members_only=True,
        published=date(2025, 6, 9),
        useful_by=("member",),
    ),
    DemoPractice(
        slug="nigeria-explosive-ordnance-incident-data-north-east",
        title="Sharing explosive ordnance incident data in north-east Nigeria",
        summary=(
            "In north-east Nigeria, reports of explosive ordnance incidents came from many "
            "sources in many formats. A shared incident-reporting format agreed between the "
            "National Mine Action Centre and humanitarian partners helped target risk "
            "education and survey."
        ),
        body=cleandoc(
            """
            ## The problem

            Humanitarian agencies, health facilities, local authorities and security forces
            each recorded incidents involving improvised explosive devices and explosive
            remnants of war, but in different formats and rarely shared. Nobody had the full
            picture of where people were being hurt.

            ## What was done

            - **One short reporting form**: date, place, device type if known, victims by sex
              and age, activity at the time of the incident.
            - **Agreed sharing rules**: what is shared, with whom, and what stays
              confidential for protection reasons.
            - **Monthly consolidation** by the national centre, following IMAS 05.10 on
              information management.
            - **Maps and summaries** returned to partners every month.

            ## How the data were used

            1. Risk education teams (IMAS 12.10) went to the areas and groups with the most
               incidents: farmers, firewood collectors, children herding.
            2. Survey teams received leads for non-technical survey.
            3. Victim assistance partners could follow up survivors.

            ## Lessons

            - Keep the form short; a long form is not filled in.
            - Give data back: partners keep reporting when they get something useful in
              return.
            - Protect personal data; victims' names stay with health and protection partners.
            """
        ),
        kind=LESSON_LEARNED,
        themes=(
            "information-management",
            "explosive-ordnance-risk-education",
            "hdp-nexus",
        ),
        countries=("NG",),
        organisations=("NMAC", "UNMAS"),
        year_start=2021,
        hdp_pillars=(HUMANITARIAN, PEACE),
        imas=("IMAS 05.10", "IMAS 12.10"),
        published=date(2025, 10, 14),
    ),
    DemoPractice(
        slug="ethiopia-technical-survey-reduce-suspected-areas",
        title="Using technical survey to reduce suspected hazardous areas in Ethiopia",
        summary=(
            "Many suspected hazardous areas recorded in Ethiopia years ago are larger than the "
            "real contamination. The Ethiopian Mine Action Office uses targeted technical "
            "survey to confirm or reduce them before committing clearance teams."
        ),
        body=cleandoc(
            """
            ## The problem

            Earlier surveys recorded suspected areas generously, often as large rectangles
            around a former front line. Clearing each of them in full would take many years
            and keep land closed that is probably safe.

            ## The approach

            - **Re-examine the evidence**: non-technical survey first, then a technical survey
              plan for what remains.
            - **Targeted investigation**: lanes and boxes placed where mines are most likely
              (along former trenches, around positions, at crossing points), as IMAS 08.20
              describes.
            - **Clear decision rules**: when nothing is found after the planned effort, the
              area is reduced; when evidence is found, it becomes a confirmed hazardous area.
            - **Documentation**: each decision recorded with its evidence, so it can be
              checked by quality management and explained to the community (IMAS 07.11).

            ## Results

            More land is released per team, and clearance teams work in confirmed areas.

            ## Lessons

            1. Decision rules must be agreed and written down before teams start.
            2. Community confidence needs explanation: why was this land released without
               full clearance?
            3. Mechanical assets speed up technical survey where the ground allows.
            """
        ),
        kind=GOOD_PRACTICE,
        themes=("technical-survey", "land-release"),
        countries=("ET",),
        organisations=("EMAO",),
        year_start=2020,
        hdp_pillars=(DEVELOPMENT,),
        imas=("IMAS 08.20", "IMAS 07.11"),
        outcomes=(
            _outcome(
                f"Hectares released per clearance team-month ({ILLUSTRATIVE})", "2", "5", "ha"
            ),
        ),
        published=date(2026, 1, 20),
        author="staff",
    ),
    DemoPractice(
        slug="cambodia-national-authority-operator-monitoring",
        title="Monitoring operators in the field: a national authority's approach in Cambodia",
        summary=(
            "The Cambodian Mine Action and Victim Assistance Authority monitors accredited "
            "operators through planned and unannounced field visits. Findings go into one "
            "database and are followed up until closed."
        ),
        body=cleandoc(
            """
            ## Why monitor

            A national authority answers for the safety of released land and for the quality
            of the whole programme, whoever does the work. Monitoring, as described in
            IMAS 07.40, shows whether operators work to the national standards day to day.

            ## How it works

            - **Planned visits** to each accredited operator, more often to those with recent
              findings.
            - **Unannounced visits** to active sites.
            - **A common checklist**: site marking, safety distances, detector checks,
              medical support, records, supervision.
            - **Graded findings**: critical findings stop work until corrected; others get a
              deadline.
            - **Follow-up** recorded in the national database until each finding is closed.

            ## Linking monitoring to quality control

            Monitoring checks how work is done; quality control samples the result
            (IMAS 07.12). Together they support the authority's confidence in each release.

            ## Lessons

            1. Consistency matters more than frequency: operators must get the same finding
               for the same issue.
            2. Share anonymised findings with all operators so everyone learns.
            3. Train monitors on the operators' own equipment and procedures.
            """
        ),
        kind=GOOD_PRACTICE,
        themes=("quality-management", "information-management"),
        countries=("KH",),
        organisations=("CMAA",),
        year_start=2015,
        imas=("IMAS 07.40", "IMAS 07.12"),
        published=date(2026, 3, 3),
    ),
    DemoPractice(
        slug="erm-comunidades-indigenas-colombia",
        title="Educación en el riesgo de minas con comunidades indígenas en Colombia",
        summary=(
            "En territorios indígenas afectados por minas antipersonal, la educación en el "
            "riesgo funciona mejor cuando se diseña con las autoridades tradicionales, en la "
            "lengua propia y respetando las formas de organización de cada pueblo."
        ),
        body=cleandoc(
            """
            ## Contexto

            Varios resguardos indígenas de Colombia están afectados por minas antipersonal y
            municiones sin explotar. Las comunidades se desplazan por el territorio para
            cultivar, cazar, pescar y visitar lugares sagrados, y los mensajes genéricos no
            siempre tienen sentido para ellas.

            ## Lo que se hizo

            - **Concertación previa** con las autoridades tradicionales y los cabildos antes de
              cualquier actividad.
            - **Materiales en la lengua propia**, elaborados con traductores de la comunidad y
              validados por los mayores.
            - **Mensajes ligados a las prácticas reales**: caminos tradicionales, chagras,
              zonas de caza y pesca.
            - **Sesiones diferenciadas** para mujeres, hombres, niñas y niños, conforme a la
              IMAS 12.10.
            - **Multiplicadores comunitarios** formados para repetir los mensajes y reportar
              sospechas.

            ## Aprendizajes

            1. El respeto de la autonomía de cada pueblo es la condición para que la comunidad
               acepte los mensajes.
            2. Los reportes de la comunidad alimentan el estudio no técnico.
            3. La educación en el riesgo debe ir acompañada de la ruta de atención a víctimas.

            ## Recomendaciones

            Planificar con tiempo los viajes, que dependen del río y del clima, y dejar en la
            comunidad materiales que se puedan reutilizar sin el equipo externo.
            """
        ),
        kind=GOOD_PRACTICE,
        themes=("explosive-ordnance-risk-education", "gender-and-diversity"),
        countries=("CO",),
        organisations=("OACP",),
        year_start=2018,
        language="es",
        hdp_pillars=(HUMANITARIAN, PEACE),
        imas=("IMAS 12.10",),
        published=date(2025, 4, 22),
        useful_by=("partner",),
    ),
    DemoPractice(
        slug="desminado-humanitario-desarrollo-rural-colombia",
        title="Del desminado humanitario al desarrollo rural: tierras liberadas para la paz",
        summary=(
            "En Colombia, la liberación de tierras se coordina con los programas de "
            "desarrollo rural del Acuerdo de Paz, para que las tierras entregadas se usen "
            "pronto en proyectos productivos, vías y servicios."
        ),
        body=cleandoc(
            """
            ## Contexto

            El Acuerdo de Paz de 2016 abrió el acceso a territorios afectados por el conflicto,
            y los Programas de Desarrollo con Enfoque Territorial (PDET) priorizan inversiones
            en muchos de esos municipios. Si el desminado humanitario y la inversión rural no
            se coordinan, las tierras liberadas se quedan sin uso o los proyectos esperan.

            ## Lo que se hizo

            - **Priorización conjunta**: la autoridad nacional de acción contra minas y las
              entidades de desarrollo comparan sus listas de veredas y proyectos.
            - **Estudio no técnico temprano** en las zonas de los proyectos, para saber pronto
              qué tierras pueden cancelarse y cuáles necesitan despeje (IMAS 07.11).
            - **Entrega formal** de las tierras a la comunidad y a las autoridades locales,
              con información clara sobre lo que se hizo.
            - **Seguimiento del uso** de las tierras después de la entrega.

            ## Resultados

            Proyectos productivos, vías terciarias y escuelas pudieron avanzar en zonas que
            antes estaban bloqueadas por la sospecha de minas.

            ## Aprendizajes

            1. El desminado humanitario es una puerta de entrada para el desarrollo y la paz,
               si se planifica con los demás sectores.
            2. La información del sistema nacional debe estar disponible para los
               planificadores locales.
            3. La confianza de la comunidad se construye con presencia continua, no solo con
               la entrega de tierras.
            """
        ),
        kind=CASE_STUDY,
        themes=("hdp-nexus", "land-release", "strategic-planning"),
        countries=("CO",),
        organisations=("OACP",),
        year_start=2017,
        language="es",
        hdp_pillars=(HUMANITARIAN, DEVELOPMENT, PEACE),
        imas=("IMAS 07.11",),
        published=date(2026, 5, 18),
    ),
    DemoPractice(
        slug="mechanical-ground-preparation-technical-survey",
        title="Mechanical ground preparation ahead of technical survey: when it pays off",
        summary=(
            "Machines that cut vegetation and loosen soil can multiply the output of manual "
            "and animal teams, but only where ground, threat and logistics suit them. Lessons "
            "from CMAC's long use of mechanical assets."
        ),
        body=cleandoc(
            """
            ## Where machines help

            - **Dense vegetation**: cutting it is slow and tiring by hand; a machine prepares
              a site in hours.
            - **Technical survey**: a machine can process lanes quickly to look for evidence
              before a decision to reduce or clear (IMAS 08.20).
            - **Ground preparation for dogs and manual teams**, who then search cleaner
              ground faster.

            ## Where they do not

            - Steep slopes, soft ground in the rainy season, and dense rock.
            - Areas with anti-vehicle mines unless the machine is designed and accredited for
              that threat (IMAS 09.50).
            - Sites with no access for transport and fuel.

            ## Lessons from CMAC

            1. **A machine is not clearance on its own**: its role in each task must be
               written down and followed by the required manual or animal search.
            2. **Maintenance decides output**: spare parts, mechanics and workshop time
               belong in the budget from day one.
            3. **Plan the task around the machine's working window**: weather and ground
               conditions change what a machine can do each month.
            4. **Record what the machine found**, and whether items were damaged or pushed
               deeper, to improve future planning.

            ## Practical advice

            Start with one machine and a clear plan for where it will work, measure its
            contribution honestly against manual teams, then scale up.
            """
        ),
        kind=LESSON_LEARNED,
        themes=("mechanical-demining", "technical-survey"),
        countries=("KH",),
        organisations=("CMAC",),
        year_start=2005,
        imas=("IMAS 09.50", "IMAS 08.20"),
        members_only=True,
        published=date(2024, 8, 14),
        useful_by=("staff", "coordinator"),
    ),
    DemoPractice(
        slug="dual-sensor-detectors-metal-contaminated-ground",
        title="Dual-sensor detectors in metal-contaminated ground: lessons from Cambodia",
        summary=(
            "On former battlefields full of metal fragments, deminers spend most of their time "
            "excavating harmless signals. Dual-sensor detectors such as ALIS, which add "
            "ground-penetrating radar to a metal detector, help deminers decide which signals "
            "to investigate."
        ),
        body=cleandoc(
            """
            ## The problem

            A metal detector signals every piece of metal: shell fragments, cartridges, wire,
            nails. In heavily fought-over ground, most of a deminer's day goes on excavating
            items that are not mines, while each excavation carries its own risk.

            ## What dual-sensor detectors add

            The metal detector finds the signal; the ground-penetrating radar shows the size,
            shape and depth of the object. ALIS, developed in Japan and used by CMAC, displays
            an image that the deminer can compare with known mine types.

            ## Lessons from field use

            1. **Training time is longer** than for a metal detector: reading radar images
               takes practice and regular refresher training.
            2. **Soil matters**: wet clay and very mineralised soils reduce radar quality;
               test the detector on each site's ground first.
            3. **Procedures must stay safe**: a signal is still investigated unless the
               procedure, accredited by the national authority, allows otherwise (IMAS 09.10).
            4. **Maintenance and batteries** need a plan in remote sites.
            5. **Record results**: which signals turned out to be mines or fragments, to
               improve training.

            ## Where they are worth it

            Dual-sensor detectors pay off in confirmed hazardous areas with dense metal
            contamination; in clean ground a good metal detector remains the faster tool.
            """
        ),
        kind=LESSON_LEARNED,
        themes=("detection-equipment", "manual-clearance"),
        countries=("KH",),
        organisations=("CMAC", "JICA"),
        year_start=2009,
        hdp_pillars=(HUMANITARIAN,),
        imas=("IMAS 09.10",),
        outcomes=(
            _outcome(
                f"Harmless metal signals excavated per 100 m² ({ILLUSTRATIVE})",
                "40",
                "15",
                "signals",
            ),
        ),
        published=date(2025, 11, 25),
        useful_by=("partner", "staff"),
    ),
    DemoPractice(
        slug="lao-cluster-munition-remnants-survey",
        title="Evidence-based cluster munition remnants survey in Lao PDR",
        summary=(
            "Lao PDR moved from clearing land on request to finding and defining confirmed "
            "hazardous areas through evidence-based survey of cluster munition remnants. "
            "Clearance now concentrates on land where contamination has been confirmed."
        ),
        body=cleandoc(
            """
            ## Why change

            For years clearance in Lao PDR responded to requests: a farmer, a school or a
            development project asked for a plot to be cleared, and many cleared plots held
            few or no items. Cluster munitions were dropped in strikes that left recognisable
            footprints, which can be found and mapped.

            ## How the survey works

            - **Non-technical survey** in each village collects reports of items and of past
              bombing (IMAS 08.10).
            - **Technical survey** visits the evidence points and searches around them to
              find the footprint of each strike (IMAS 08.20).
            - **Confirmed hazardous areas** are drawn around the evidence and recorded in the
              national database.
            - **Clearance** is planned for those areas, by priority of land use.

            ## Results

            Teams find more items per hectare cleared, and the national picture of the
            remaining contamination becomes reliable enough for long-term planning.

            ## Lessons

            1. The method needs good data management from the first day: every evidence point
               with coordinates.
            2. Village authorities must understand why land is surveyed before clearance.
            3. Requests from development projects still need a fast response; keep a small
               capacity for them.
            """
        ),
        kind=GOOD_PRACTICE,
        themes=("technical-survey", "land-release", "information-management"),
        countries=("LA",),
        organisations=("UXO Lao",),
        year_start=2015,
        hdp_pillars=(HUMANITARIAN, DEVELOPMENT),
        imas=("IMAS 08.20", "IMAS 08.10", "IMAS 07.11"),
        published=date(2024, 12, 9),
        useful_by=("member", "coordinator"),
    ),
    DemoPractice(
        slug="ukraine-prioritising-agricultural-land",
        title="Prioritising agricultural land for survey and clearance in Ukraine",
        summary=(
            "With contamination far exceeding available teams, Ukraine's responders need "
            "clear priorities. Putting farmland that communities need soonest first, and "
            "using non-technical survey to release uncontaminated fields quickly, returns "
            "land to production sooner."
        ),
        body=cleandoc(
            """
            ## Context

            Large areas of farmland in Ukraine are suspected of contamination by mines,
            cluster munition remnants and other explosive ordnance. Farmers need their fields
            for the next season, and agricultural output matters for the country and beyond.

            ## Approach

            - **Criteria for priority**: food security, number of households depending on the
              land, access to water and roads, and the risk of people entering anyway.
            - **Non-technical survey first** (IMAS 08.10): many fields show no evidence of
              contamination and can be cancelled quickly.
            - **Explosive ordnance disposal** for single items reported by farmers
              (IMAS 09.30).
            - **Clearance** of confirmed hazardous areas according to the national priority
              list (IMAS 07.11).
            - **Clear handover** to landowners with documents they can show to buyers and
              insurers.

            ## Lessons

            1. Publish the priority criteria so communities understand the order of work.
            2. Work with agricultural authorities: they know which land is needed when.
            3. Warn farmers not to clear land themselves; risk education goes with every
               survey visit.
            4. Plan national capacity for decades of work, not only for the next season.
            """
        ),
        kind=LESSON_LEARNED,
        themes=("non-technical-survey", "land-release", "strategic-planning", "hdp-nexus"),
        countries=("UA",),
        organisations=("SESU",),
        year_start=2023,
        hdp_pillars=(HUMANITARIAN, DEVELOPMENT),
        imas=("IMAS 08.10", "IMAS 09.30", "IMAS 07.11"),
        published=date(2026, 7, 7),
        useful_by=("partner",),
    ),
    DemoPractice(
        slug="vietnam-eore-primary-schools",
        title="Risk education through primary schools in central Vietnam",
        summary=(
            "Children are among those most at risk from explosive ordnance left in fields "
            "and gardens. Including risk education in primary school lessons, taught by the "
            "children's own teachers, reaches every child every year."
        ),
        body=cleandoc(
            """
            ## Context

            In the central provinces of Vietnam, children still find ordnance while playing,
            herding or helping in the fields, and curiosity or scrap value leads them to pick
            it up. Sessions by outside teams reached each school once, and many children
            never attended one.

            ## Why schools

            Almost every child goes to primary school, teachers are trusted, and the
            curriculum returns every year with a new class. Risk education becomes part of
            what children learn about staying safe, alongside road safety and drowning.

            ## What was done

            - **Lessons in the school curriculum**, prepared with education authorities, so
              risk education does not depend on an outside team's visit.
            - **Teachers trained** to deliver the lessons and answer children's questions.
            - **Simple messages** in line with IMAS 12.10: recognise, do not touch, tell an
              adult, report.
            - **Activities** such as drawing, role play and school events.
            - **Parents reached** through school meetings.

            ## Lessons

            1. Working through the education system makes risk education sustainable.
            2. Teachers need refresher training and up-to-date materials.
            3. Link schools to the reporting system so children's reports reach EOD teams.
            4. Evaluate knowledge and behaviour, not only the number of lessons.
            """
        ),
        kind=GOOD_PRACTICE,
        themes=("explosive-ordnance-risk-education", "national-capacity-and-ownership"),
        countries=("VN",),
        organisations=("VNMAC",),
        year_start=2018,
        hdp_pillars=(HUMANITARIAN, DEVELOPMENT),
        imas=("IMAS 12.10",),
        published=date(2026, 9, 29),
    ),
]
