"""Names for seed_scale's trained people, by naming tradition: (male, female, family)."""

NAMES = {
    "khmer": (
        ["Sokha", "Dara", "Vanna", "Sophal", "Rithy", "Sambath", "Chhay", "Kosal", "Pisey",
         "Vuthy", "Sarath", "Bunthoeun", "Heng", "Narith", "Samnang"],
        ["Sreymom", "Chanthou", "Sokunthea", "Bopha", "Channary", "Sreyleak", "Malis",
         "Sophea", "Kanha", "Davy", "Rachana", "Thida"],
        ["Chan", "Keo", "Sok", "Chea", "Heng", "Kim", "Lim", "Meas", "Nhem", "Phan", "Prak",
         "Seng", "Touch", "Uy", "Ros", "Yim", "Long", "Mao"],
    ),
    "lao": (
        ["Somchai", "Bounmy", "Khamphone", "Souk", "Phonsavanh", "Vilay", "Thongchanh",
         "Sengphet", "Bounthavy", "Khamsing"],
        ["Manivone", "Souksavanh", "Phetsamone", "Vanhdy", "Noy", "Keo", "Chanthala", "Daovy"],
        ["Phommasack", "Sisavath", "Vongsa", "Keomany", "Inthavong", "Sayavong", "Douangdy",
         "Phimmasone", "Chanthavong", "Souvannavong"],
    ),
    "vietnamese": (
        ["Minh", "Hung", "Tuan", "Duc", "Quang", "Thanh", "Long", "Nam", "Son", "Hieu"],
        ["Linh", "Huong", "Lan", "Mai", "Thao", "Trang", "Hoa", "Ngoc", "Phuong", "Hanh"],
        ["Nguyen", "Tran", "Le", "Pham", "Hoang", "Vu", "Dang", "Bui", "Do", "Ngo", "Duong"],
    ),
    "spanish": (
        ["Andrés", "Carlos", "Juan", "Luis", "Diego", "Jorge", "Miguel", "Fernando", "Óscar",
         "Sebastián", "Julián", "Wilson"],
        ["Camila", "María", "Laura", "Diana", "Paola", "Natalia", "Luz", "Claudia", "Yuliana",
         "Andrea", "Catalina"],
        ["García", "Rodríguez", "Martínez", "López", "González", "Hernández", "Pérez",
         "Gómez", "Díaz", "Ramírez", "Torres", "Vargas", "Castro", "Rojas", "Moreno"],
    ),
    "ukrainian": (
        ["Andriy", "Oleksandr", "Dmytro", "Serhiy", "Vasyl", "Mykola", "Taras", "Yuriy",
         "Bohdan", "Ihor", "Volodymyr"],
        ["Olena", "Oksana", "Iryna", "Nataliya", "Tetiana", "Yuliia", "Kateryna", "Svitlana",
         "Halyna", "Mariia"],
        ["Kovalenko", "Shevchenko", "Bondarenko", "Tkachenko", "Kravchenko", "Oliynyk",
         "Melnyk", "Boyko", "Moroz", "Lysenko", "Marchenko", "Savchenko"],
    ),
    "lusophone": (
        ["João", "António", "Manuel", "Domingos", "Francisco", "Paulo", "Armando", "Celestino",
         "Fernando", "Alberto"],
        ["Ana", "Maria", "Luísa", "Teresa", "Esperança", "Filomena", "Joana", "Celeste",
         "Graça", "Rosa"],
        ["Silva", "Santos", "Fernandes", "Machado", "Cossa", "Mabunda", "Muianga", "Domingos",
         "Kiala", "Lourenço", "Neto", "Chissano", "Tembe"],
    ),
    "amharic": (
        ["Abebe", "Tesfaye", "Dawit", "Getachew", "Solomon", "Mulugeta", "Yonas", "Bekele",
         "Haile", "Kebede"],
        ["Meron", "Selam", "Hiwot", "Tigist", "Almaz", "Bethlehem", "Saba", "Mekdes", "Liya"],
        ["Tesfaye", "Bekele", "Alemu", "Girma", "Tadesse", "Wolde", "Mekonnen", "Desta",
         "Hailu", "Assefa", "Gebremedhin"],
    ),
    "nigerian": (
        ["Ibrahim", "Musa", "Abubakar", "Chinedu", "Emeka", "Tunde", "Olumide", "Yakubu",
         "Bello", "Nnamdi", "Usman"],
        ["Aisha", "Halima", "Fatima", "Ngozi", "Chioma", "Funmilayo", "Zainab", "Hauwa",
         "Adaeze", "Bisi"],
        ["Abdullahi", "Okafor", "Adeyemi", "Mohammed", "Bello", "Okonkwo", "Ibrahim",
         "Adebayo", "Eze", "Umar", "Nwosu", "Lawal"],
    ),
    "somali": (
        ["Mohamed", "Abdi", "Hassan", "Ahmed", "Abdirahman", "Yusuf", "Omar", "Farah", "Ali"],
        ["Amina", "Hodan", "Fadumo", "Sahra", "Ifrah", "Khadija", "Hawa", "Nasra", "Ubah"],
        ["Osman", "Warsame", "Abdi", "Hussein", "Jama", "Mohamud", "Egal", "Farah", "Nur",
         "Dahir", "Aden"],
    ),
    "south_sudanese": (
        ["Deng", "Garang", "Majok", "Akech", "Malual", "Lual", "Wani", "Lado", "Taban", "Ladu"],
        ["Achol", "Nyandeng", "Abuk", "Ayen", "Nyibol", "Poni", "Kiden", "Mary", "Rebecca"],
        ["Deng", "Garang", "Kuol", "Mayen", "Bol", "Lado", "Wani", "Jok", "Chol", "Makuei"],
    ),
    "southern_african": (
        ["Mwila", "Chanda", "Bwalya", "Tendai", "Tafadzwa", "Tatenda", "Kelvin", "Mulenga",
         "Farai", "Blessing", "Precious"],
        ["Chipo", "Mutinta", "Nomvula", "Ruvimbo", "Thandiwe", "Natasha", "Memory", "Rutendo",
         "Mwaka"],
        ["Banda", "Phiri", "Mwale", "Moyo", "Ncube", "Sibanda", "Tembo", "Zulu", "Chikwanha",
         "Mutasa", "Lungu", "Mumba"],
    ),
    "afghan": (
        ["Ahmad", "Mohammad", "Abdul", "Farid", "Naveed", "Rahim", "Zabihullah", "Jawad",
         "Hamid", "Wahid"],
        ["Mariam", "Zahra", "Fatima", "Shabnam", "Parwana", "Nilofar", "Freshta", "Hosai"],
        ["Haidari", "Rahimi", "Ahmadzai", "Karimi", "Popal", "Safi", "Noori", "Sultani",
         "Wardak", "Stanikzai"],
    ),
    "balkan": (
        ["Amir", "Edin", "Mirza", "Dragan", "Goran", "Ivan", "Marko", "Nenad", "Zoran", "Adnan"],
        ["Amra", "Lejla", "Selma", "Ana", "Ivana", "Maja", "Jelena", "Mirela", "Sanja"],
        ["Hodžić", "Kovačević", "Babić", "Marić", "Jurić", "Delić", "Petrović", "Begić",
         "Horvat", "Novak", "Hadžić"],
    ),
    "sri_lankan": (
        ["Nuwan", "Kasun", "Chaminda", "Ruwan", "Suresh", "Tharindu", "Kumar", "Prabhakaran",
         "Sivakumar"],
        ["Dilini", "Nadeesha", "Chathurika", "Kavitha", "Tharshini", "Malini", "Sanduni"],
        ["Perera", "Fernando", "Silva", "Jayasinghe", "Bandara", "Rajapaksa", "Sivanathan",
         "Kandiah", "Wickramasinghe", "Ratnayake"],
    ),
    "arabic": (
        ["Ahmed", "Mohammed", "Ali", "Hassan", "Hussein", "Omar", "Khalid", "Yousef", "Saif",
         "Karim", "Mustafa", "Tariq"],
        ["Fatima", "Mariam", "Zainab", "Noor", "Layla", "Huda", "Rania", "Sara", "Reem",
         "Dalia"],
        ["Al-Hassan", "Al-Jubouri", "Haddad", "Khoury", "Saleh", "Mansour", "Nasser",
         "Al-Obaidi", "Hamdan", "Aziz", "Ibrahim", "Othman"],
    ),
    "japanese": (
        ["Hiroshi", "Takeshi", "Kenji", "Daisuke", "Yuki", "Satoshi", "Kazuo"],
        ["Yuko", "Akiko", "Naoko", "Keiko", "Aya", "Mika", "Emi"],
        ["Tanaka", "Suzuki", "Sato", "Takahashi", "Watanabe", "Ito", "Yamamoto", "Nakamura"],
    ),
    "english": (
        ["James", "John", "David", "Michael", "Peter", "Thomas", "Daniel", "Mark", "Lars",
         "Pierre", "Jean", "Hans"],
        ["Sarah", "Emma", "Claire", "Anna", "Laura", "Sophie", "Ingrid", "Marie", "Helen"],
        ["Smith", "Jones", "Brown", "Taylor", "Wilson", "Martin", "Dubois", "Müller",
         "Nilsen", "Johansson", "Andersen", "O'Brien"],
    ),
}  # fmt: skip

TRADITION = {
    "KH": "khmer", "LA": "lao", "VN": "vietnamese", "TH": "lao", "MM": "lao",
    "CO": "spanish", "PE": "spanish", "EC": "spanish", "NI": "spanish",
    "UA": "ukrainian", "GE": "ukrainian", "AZ": "ukrainian", "AM": "ukrainian", "TJ": "afghan",
    "AO": "lusophone", "MZ": "lusophone", "GW": "lusophone", "BR": "lusophone", "PT": "lusophone",
    "ET": "amharic", "ER": "amharic", "NG": "nigerian", "NE": "nigerian", "TD": "nigerian",
    "SO": "somali", "SS": "south_sudanese", "SD": "south_sudanese", "UG": "south_sudanese",
    "ZM": "southern_african", "ZW": "southern_african", "ZA": "southern_african",
    "CD": "southern_african", "KE": "southern_african", "TZ": "southern_african",
    "AF": "afghan", "PK": "afghan", "BA": "balkan", "HR": "balkan", "RS": "balkan",
    "ME": "balkan", "XK": "balkan", "LK": "sri_lankan", "IQ": "arabic", "SY": "arabic",
    "YE": "arabic", "LB": "arabic", "JO": "arabic", "LY": "arabic", "PS": "arabic",
    "JP": "japanese",
}  # fmt: skip

POSITIONS = [
    "Deminer", "Section leader", "Team leader", "Survey officer", "Quality management officer",
    "Information management officer", "EOD technician", "Dog handler", "Machine operator",
    "Community liaison officer", "Risk education facilitator", "Medic", "Operations officer",
    "Programme manager", "Victim assistance officer", "Data analyst", "Trainer",
    "Logistics officer", "Deputy director", "Field coordinator",
]  # fmt: skip

PROGRAMMES = [
    "Third-country training on {t}",
    "Regional course in {t}",
    "South-South exchange on {t}",
    "Certificate programme in {t}",
    "Management course: {t}",
]

VENUES = [
    "CMAC Training Centre, Kampong Chhnang", "Peace Support Training Centre, Nairobi",
    "GICHD, Geneva", "Regional EOD School, Benin", "IMAS training site, Sarajevo",
    "Demining school, Huambo", "Training centre, Vientiane", "Ministry training hall, Kyiv",
    "National training centre, Bogotá", "ZMAC Centre, Lusaka", "Online", "Field site",
]  # fmt: skip
