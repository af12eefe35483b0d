"""Demo training records for `manage.py seed_demo`: the JICA-CMAC Knowledge Sharing Programme.

Sessions every year since 2010 and 600+ officials from the 11 countries of the seeded
national authorities (Colombia, Lao PDR, Viet Nam, Iraq, Angola, Ukraine, Zambia, South Sudan,
Ethiopia, Somalia, Nigeria). Generated with a fixed seed, so every run makes the same records;
written with bulk_create, so it takes a second; skipped when the programme already has sessions.
Names are invented from short per-country lists; they belong to no one.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction

from portal.models import Organisation
from trainings.models import Enrolment, Person, Programme, Session

PROGRAMME_SLUG = "jica-cmac-knowledge-sharing"
PROGRAMME_NAME = "JICA-CMAC Knowledge Sharing Programme"
FIRST_YEAR = 2010
LAST_YEAR = 2025
SEED = 2010

# Course title, knowledge theme slugs (used when the knowledge demo themes exist).
COURSES: list[tuple[str, tuple[str, ...]]] = [
    ("Mechanical demining with CMAC machines", ("mechanical-demining",)),
    ("Non-technical survey", ("non-technical-survey", "land-release")),
    ("Land release and technical survey", ("land-release", "technical-survey")),
    ("Information management with IMSMA", ("information-management",)),
    ("Explosive ordnance risk education", ("explosive-ordnance-risk-education",)),
    ("Quality management of clearance", ("manual-clearance", "land-release")),
    ("Victim assistance and inclusion", ("victim-assistance",)),
    ("Detectors and dual-sensor detection (ALIS)", ("detection-equipment", "manual-clearance")),
    ("Mine detection dogs", ("mine-detection-animals",)),
    ("Strategic planning for national authorities", ("information-management", "land-release")),
]


@dataclass(frozen=True)
class DemoCountry:
    code: str
    # The seeded national authority most participants come from.
    authority: str
    since: int
    weight: int
    men: tuple[str, ...]
    women: tuple[str, ...]
    surnames: tuple[str, ...]


COUNTRIES = [
    DemoCountry(
        "LA",
        "UXO Lao",
        2010,
        8,
        ("Somphone", "Khamla", "Bounmy", "Phonsavanh", "Vilay", "Sengdao", "Khampheng", "Anousone"),
        ("Manivanh", "Chanthala", "Souksavanh", "Vanida", "Phetsamone", "Keo", "Noy", "Davone"),
        (
            "Phommachanh",
            "Sisouk",
            "Keomany",
            "Vongsa",
            "Inthavong",
            "Souvannavong",
            "Chanthavong",
            "Phanthavong",
            "Douangmala",
            "Sayavong",
        ),
    ),
    DemoCountry(
        "AO",
        "ANAM",
        2010,
        6,
        ("João", "Manuel", "António", "Domingos", "Adão", "Francisco", "Mateus", "Pedro"),
        ("Maria", "Ana", "Luísa", "Teresa", "Esperança", "Isabel", "Rosa", "Joana"),
        (
            "dos Santos",
            "Kiala",
            "Mbala",
            "Neto",
            "Fernandes",
            "Cassoma",
            "Lukamba",
            "Tchipilica",
            "Sebastião",
            "Chitumba",
        ),
    ),
    DemoCountry(
        "IQ",
        "DMA",
        2011,
        6,
        ("Ahmed", "Ali", "Hussein", "Omar", "Mustafa", "Karim", "Haider", "Yasir"),
        ("Zainab", "Noor", "Huda", "Rana", "Sara", "Layla", "Maryam", "Dina"),
        (
            "Al-Jabouri",
            "Hassan",
            "Kadhim",
            "Al-Obaidi",
            "Abdullah",
            "Salih",
            "Mahmoud",
            "Jassim",
            "Al-Tamimi",
            "Rashid",
        ),
    ),
    DemoCountry(
        "CO",
        "OACP",
        2012,
        10,
        ("Carlos", "Andrés", "Juan", "Jorge", "Luis", "Diego", "Felipe", "Sebastián"),
        ("María", "Laura", "Carolina", "Paula", "Natalia", "Diana", "Ángela", "Juliana"),
        (
            "Rodríguez",
            "Gómez",
            "Martínez",
            "López",
            "Torres",
            "Ramírez",
            "Moreno",
            "Vargas",
            "Rojas",
            "Castro",
        ),
    ),
    DemoCountry(
        "VN",
        "VNMAC",
        2013,
        5,
        (
            "Nguyen Van",
            "Tran Duc",
            "Le Minh",
            "Pham Quang",
            "Hoang Anh",
            "Vu Thanh",
            "Dang Huu",
            "Bui Quoc",
        ),
        (
            "Nguyen Thi",
            "Tran Thi",
            "Le Thu",
            "Pham Thi",
            "Hoang Mai",
            "Vu Ngoc",
            "Dang Thanh",
            "Bui Lan",
        ),
        ("Hung", "Tuan", "Dung", "Hai", "Long", "Huong", "Linh", "Trang", "Nam", "Phuong"),
    ),
    DemoCountry(
        "ZM",
        "ZMAC",
        2015,
        5,
        ("Mwila", "Chanda", "Mulenga", "Bwalya", "Kabwe", "Musonda", "Lungu", "Chileshe"),
        ("Mutinta", "Natasha", "Chipo", "Mwape", "Namwinga", "Thandiwe", "Inonge", "Mapalo"),
        ("Banda", "Phiri", "Mwale", "Tembo", "Zulu", "Sakala", "Ngoma", "Mumba", "Chola", "Kunda"),
    ),
    DemoCountry(
        "SS",
        "NMAA",
        2016,
        5,
        ("Deng", "Garang", "Lual", "Majok", "Akol", "Mabior", "Kuol", "Ajak"),
        ("Nyandeng", "Achol", "Abuk", "Ayen", "Nyibol", "Adut", "Akuol", "Nyakuoth"),
        ("Deng", "Mayen", "Kiir", "Makuei", "Bol", "Chol", "Malual", "Aguer", "Lado", "Wani"),
    ),
    DemoCountry(
        "ET",
        "EMAO",
        2017,
        5,
        ("Abebe", "Tesfaye", "Dawit", "Getachew", "Mulugeta", "Yonas", "Bekele", "Solomon"),
        ("Selam", "Hiwot", "Meron", "Tigist", "Almaz", "Bethlehem", "Rahel", "Mahlet"),
        (
            "Tadesse",
            "Alemu",
            "Haile",
            "Girma",
            "Kebede",
            "Mengistu",
            "Wolde",
            "Assefa",
            "Desta",
            "Negash",
        ),
    ),
    DemoCountry(
        "SO",
        "SEMA",
        2018,
        4,
        ("Abdi", "Mohamed", "Hassan", "Abdullahi", "Yusuf", "Ismail", "Farah", "Ahmed"),
        ("Amina", "Fadumo", "Hodan", "Sahra", "Ifrah", "Khadija", "Nasra", "Ayaan"),
        ("Warsame", "Abdi", "Omar", "Nur", "Jama", "Aden", "Elmi", "Hirsi", "Osman", "Guled"),
    ),
    DemoCountry(
        "NG",
        "NMAC",
        2019,
        4,
        ("Chukwuemeka", "Ibrahim", "Oluwaseun", "Musa", "Emeka", "Abubakar", "Tunde", "Yakubu"),
        ("Ngozi", "Aisha", "Funmilayo", "Hauwa", "Chioma", "Zainab", "Adaeze", "Fatima"),
        (
            "Okafor",
            "Bello",
            "Adeyemi",
            "Abdullahi",
            "Eze",
            "Usman",
            "Ogunleye",
            "Garba",
            "Nwosu",
            "Danjuma",
        ),
    ),
    DemoCountry(
        "UA",
        "SESU",
        2022,
        7,
        ("Oleksandr", "Andriy", "Serhiy", "Dmytro", "Vasyl", "Mykola", "Ihor", "Yuriy"),
        ("Olena", "Iryna", "Natalia", "Oksana", "Tetiana", "Yulia", "Kateryna", "Svitlana"),
        (
            "Shevchenko",
            "Kovalenko",
            "Bondarenko",
            "Tkachenko",
            "Kravchenko",
            "Melnyk",
            "Boyko",
            "Koval",
            "Polishchuk",
            "Marchenko",
        ),
    ),
]

# Age bands and how common they are among mid-career officials.
AGE_WEIGHTS = [
    (Person.AgeBand.UNDER_25, 4, (22, 24)),
    (Person.AgeBand.FROM_25_TO_34, 30, (25, 34)),
    (Person.AgeBand.FROM_35_TO_44, 37, (35, 44)),
    (Person.AgeBand.FROM_45_TO_54, 21, (45, 54)),
    (Person.AgeBand.FROM_55, 6, (55, 61)),
    (Person.AgeBand.UNKNOWN, 2, None),
]
POSITIONS = (
    "Deputy director",
    "Operations officer",
    "Survey team leader",
    "Information management officer",
    "Quality assurance officer",
    "Risk education coordinator",
    "Planning officer",
    "Technical adviser",
    "Victim assistance officer",
    "Deminer supervisor",
)
VENUES = (
    "CMAC Training Institute, Kampong Chhnang",
    "CMAC headquarters, Phnom Penh",
    "CMAC Demining Unit 2, Battambang",
)
# Share of a session's places taken by someone back for another course.
RETURNING = 0.08


def seed(write: Callable[[str], None]) -> None:
    organisations = {o.acronym: o for o in Organisation.objects.exclude(acronym="")}
    host = organisations.get("CMAC")
    if host is None:
        write("Trainings: skipped (the CMAC organisation is missing)")
        return
    with transaction.atomic():
        programme, _created = Programme.objects.get_or_create(
            slug=PROGRAMME_SLUG,
            defaults={
                "name": PROGRAMME_NAME,
                "host": host,
                "year_start": FIRST_YEAR,
                "description": (
                    "Third-country training and knowledge sharing hosted by the Cambodian Mine "
                    "Action Centre with the support of JICA: mechanical demining, survey, land "
                    "release, information management, risk education and victim assistance."
                ),
            },
        )
        if "JICA" in organisations:
            programme.funders.add(organisations["JICA"])
        if programme.sessions.exists():
            write(f"Trainings: {PROGRAMME_NAME} already has its sessions")
            return
        people, enrolments = _generate(programme, organisations)
    write(f"Trainings: {PROGRAMME_NAME}, {people} people, {enrolments} enrolments")


def _generate(programme: Programme, organisations: dict[str, Organisation]) -> tuple[int, int]:
    from knowledge.models import Theme

    rng = random.Random(SEED)  # noqa: S311 - demo data, reproducible on purpose
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    operators = [organisations[a] for a in ("HALO", "MAG") if a in organisations]
    sessions: list[Session] = []
    session_themes: list[tuple[int, tuple[str, ...]]] = []
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        count = rng.randint(2, 4)
        months = sorted(rng.sample(range(2, 12), count))
        for month in months:
            title, slugs = rng.choice(COURSES)
            start = date(year, month, rng.randint(1, 20))
            online = year in (2020, 2021)
            modality = (
                Session.Modality.ONLINE
                if online
                else rng.choices(
                    [
                        Session.Modality.IN_PERSON,
                        Session.Modality.SITE_VISIT,
                        Session.Modality.WORKSHOP,
                    ],
                    weights=[75, 15, 10],
                )[0]
            )
            sessions.append(
                Session(
                    programme=programme,
                    title=f"{title} ({year})",
                    start_date=start,
                    end_date=start + timedelta(days=rng.choice((4, 9, 11, 13))),
                    venue="" if online else rng.choice(VENUES),
                    host_country="KH",
                    modality=modality,
                    trainers="CMAC instructors",
                    capacity=20,
                )
            )
            session_themes.append((len(sessions) - 1, slugs))
    Session.objects.bulk_create(sessions)
    Through = Session.themes.through
    Through.objects.bulk_create(
        [
            Through(session_id=sessions[index].pk, theme_id=themes[slug].pk)
            for index, slugs in session_themes
            for slug in slugs
            if slug in themes
        ]
    )

    people: list[Person] = []
    places: list[tuple[int, int, str]] = []  # (session index, person index, status)
    names_used: set[str] = set()
    for index, session in enumerate(sessions):
        year = session.start_date.year
        eligible = [c for c in COUNTRIES if c.since <= year]
        weights = [c.weight * (3 if year - c.since < 3 else 1) for c in eligible]
        taken: set[int] = set()
        for _place in range(rng.randint(13, 18)):
            earlier = [i for i in range(len(people)) if i not in taken]
            if earlier and rng.random() < RETURNING:
                person_index = rng.choice(earlier[-200:])
            else:
                country = rng.choices(eligible, weights=weights)[0]
                people.append(_person(rng, country, year, organisations, operators, names_used))
                person_index = len(people) - 1
            taken.add(person_index)
            status = rng.choices(
                [
                    Enrolment.Status.COMPLETED,
                    Enrolment.Status.ATTENDED,
                    Enrolment.Status.WITHDRAWN,
                    Enrolment.Status.NO_SHOW,
                ],
                weights=[86, 8, 3, 3],
            )[0]
            places.append((index, person_index, status))
    Person.objects.bulk_create(people)
    enrolments = []
    for session_index, person_index, status in places:
        pre = post = None
        if status in (Enrolment.Status.COMPLETED, Enrolment.Status.ATTENDED):
            pre = rng.randint(35, 75)
            post = min(100, pre + rng.randint(8, 35))
        enrolments.append(
            Enrolment(
                session=sessions[session_index],
                person=people[person_index],
                status=status,
                pre_score=Decimal(pre) if pre is not None else None,
                post_score=Decimal(post) if post is not None else None,
                feedback_rating=rng.choice((4, 4, 5, 5, 5, 3)) if post is not None else None,
            )
        )
    Enrolment.objects.bulk_create(enrolments)
    return len(people), len(enrolments)


def _person(
    rng: random.Random,
    country: DemoCountry,
    year: int,
    organisations: dict[str, Organisation],
    operators: list[Organisation],
    names_used: set[str],
) -> Person:
    # Women were about one in five participants in 2010 and one in three by 2025.
    share_of_women = 0.18 + (year - FIRST_YEAR) * 0.012
    female = rng.random() < share_of_women
    first_names = country.women if female else country.men
    name = f"{rng.choice(first_names)} {rng.choice(country.surnames)}"
    if name in names_used:
        # A middle initial keeps the demo free of accidental look-alikes.
        name = f"{name.split(' ', 1)[0]} {rng.choice('ABCDEFGHKLMNPRST')}. {name.split(' ', 1)[1]}"
    names_used.add(name)
    band, _weight, ages = rng.choices(AGE_WEIGHTS, weights=[w for _b, w, _a in AGE_WEIGHTS])[0]
    birth_year = year - rng.randint(*ages) if ages else None
    organisation = organisations.get(country.authority)
    if operators and rng.random() < 0.1:
        organisation = rng.choice(operators)
    return Person(
        full_name=name,
        sex=Person.Sex.FEMALE if female else Person.Sex.MALE,
        birth_year=birth_year,
        age_band=band,
        nationality=country.code,
        organisation=organisation,
        position=rng.choice(POSITIONS),
    )
