"""The demo's content in English: the strategy's structure, the measures, the
participation projects with their phases and the Bürgerbudget.

German stays the source (the loaders write it); ``fill_english`` adds the English text
where a record has none yet, so a database loaded before English existed gets it on the
next run, a second run changes nothing, and a text staff have written is never replaced.
Residents' ideas, proposals and comments are their own words and are not translated.
"""

from __future__ import annotations

from django.db.models import Q

from measures.models import CoreArea, FieldOfAction, Measure, MeasureBundle
from projects.models import Phase, Project

# number -> (title, summary)
CORE_AREAS_EN: dict[int, tuple[str, str]] = {
    1: (
        "Digital skills, professional development and knowledge transfer",
        "People in Jena – at school, at work and in everyday life – can use digital tools "
        "with confidence; knowledge from the universities and the administration is shared.",
    ),
    2: (
        "Participation, civic engagement and digital sovereignty",
        "Everyone can have a say and help shape the city, even without devices of their own; "
        "the city stays in control of its data and systems.",
    ),
    3: (
        "Jena as a pioneer in digitalisation and innovation",
        "Spaces for experiments, a culture of innovation, start-ups and digital internal "
        "processes.",
    ),
    4: (
        "Urban data open to all – with data protection and IT security",
        "The urban data platform makes the city's data openly usable – securely and in line "
        "with data protection law.",
    ),
    5: (
        "A sustainable, climate-friendly place to live and work",
        "Answers to climate change, an ageing population, the shortage of skilled workers "
        "and competing demands for land.",
    ),
}

# code -> (title, summary)
FIELDS_EN: dict[str, tuple[str, str]] = {
    "HF1": (
        "Digital infrastructure and data policy",
        "The data platform, sensors, networks and the rules for the city's data.",
    ),
    "HF2": (
        "Urban development, environment and transport",
        "Neighbourhoods, planning, urban greenery and mobility – with digital support.",
    ),
    "HF3": (
        "Education, culture and social affairs",
        "Places of learning, the library, day-care centres and digital inclusion for all "
        "generations.",
    ),
    "HF4": (
        "Economy and science",
        "Innovation, start-ups and skilled workers in Jena as a centre of science.",
    ),
    "HF5": (
        "Digital administration",
        "Citizen-friendly digital public services and internal processes.",
    ),
}

# number -> (title, summary)
BUNDLES_EN: dict[int, tuple[str, str]] = {
    1: (
        "Urban data platform “WISSENsAllmende Jena”",
        "The data platform wissensallmende.jena.de brings together environmental, population "
        "and street-tree data and the former open data portal; public transport, events, air "
        "quality and the city budget will follow.",
    ),
    2: (
        "Smart infrastructure and sensors",
        "A radio network and sensors that feed readings into the data platform and steer city "
        "services such as the care of green spaces.",
    ),
    3: (
        "Smart neighbourhood Jena-Lobeda",
        "Telemedicine, health apartments and a care-place portal: living well and "
        "independently for longer in Jena's largest district.",
    ),
    4: (
        "Participatory urban development",
        "Making planning visible and having a say online: a 3D city model and new formats "
        "for participation.",
    ),
    5: (
        "Learning spaces of the future – digital learning for all",
        "The adult education centre's try-out shop and ProbierMobil, the smart Ernst Abbe "
        "Library and smart day-care centres.",
    ),
    6: (
        "Digital inclusion for all generations",
        "Code Week, digital helpers and services that leave nobody behind in the digital world.",
    ),
    7: (
        "Jena Digital Innovation Hub “JEDI”",
        "The innovation venue at Engelplatz 8 (opened on 12 August 2024) with its programme, "
        "spaces for experiments and support for start-ups.",
    ),
    8: (
        "Digital skills for the workforce",
        "Further training for employees in companies, in care and in the city administration.",
    ),
    9: (
        "Smart administration",
        "Public services that are digital and close to the people; since 2024 with the "
        "multi-purpose chat system.",
    ),
}

# code -> (title, summary)
MEASURES_EN: dict[str, tuple[str, str]] = {
    "1.1": (
        "Building the urban data platform “WISSENsAllmende Jena”",
        "The platform brings the city's data together in one place and publishes it openly "
        "at wissensallmende.jena.de.",
    ),
    "1.2": (
        "Environmental sensors on the data platform",
        "Readings from the city's environmental sensors are available on the platform in "
        "real time.",
    ),
    "1.3": (
        "Population and street-tree data as open data",
        "Population statistics for each district and the register of street trees as open, "
        "regularly updated datasets.",
    ),
    "1.4": (
        "Moving the former open data portal",
        "The datasets of the former open data portal have moved to the WISSENsAllmende.",
    ),
    "1.5": (
        "Public transport and event data on the data platform",
        "Timetables and real-time public transport data and the events calendar are coming "
        "to the platform.",
    ),
    "1.6": (
        "Air quality data for everyone",
        "Air quality readings along the main roads are published in an easy-to-understand form.",
    ),
    "1.7": (
        "Open and understandable budget data",
        "The city's budget as open data and as an interactive presentation.",
    ),
    "1.8": (
        "Data protection and IT security concept for the data platform",
        "Rules and checks so that open data reveals no personal data and the platform runs "
        "securely.",
    ),
    "2.1": (
        "A LoRaWAN radio network for Jena",
        "A city-wide radio network for low-power sensors.",
    ),
    "2.2": (
        "Sensor-assisted care of urban greenery",
        "Soil moisture sensors at street trees show where watering is needed.",
    ),
    "2.3": (
        "Fill-level sensors for public litter bins",
        "A pilot with sensors in public litter bins.",
    ),
    "2.4": (
        "Digital parking detection in the city centre",
        "Sensors show free parking spaces and provide data for the parking strategy.",
    ),
    "2.5": (
        "An urban climate network against heat islands",
        "A dense network of small weather stations shows where it gets too hot in summer.",
    ),
    "3.1": (
        "Telemedicine in the smart neighbourhood",
        "A telemedicine room in Lobeda connects residents with doctors by video.",
    ),
    "3.2": (
        "Health apartments",
        "Apartments with assistive technology for the time after a stay in hospital.",
    ),
    "3.3": (
        "Citizens' portal for care places",
        "Find the free places in care homes in Jena, updated daily, in one place.",
    ),
    "3.4": (
        "Lobeda neighbourhood app",
        "Neighbourly help, dates and local services in the district in one app.",
    ),
    "3.5": (
        "Model flat for smart assistive systems",
        "Assistive technology to try out before having it installed at home.",
    ),
    "4.1": (
        "3D tool for the city's planning and development projects",
        "A 3D city model shows planned building projects before they are built.",
    ),
    "4.2": (
        "Digital format for citizen participation",
        "New digital formats in which residents comment on plans and help shape them.",
    ),
    "4.3": (
        "Developing mitmachen.jena.de further",
        "The city's participation platform becomes more accessible and easier to use.",
    ),
    "4.4": (
        "Accessible online voting for the citizens' budget",
        "Voting on the citizens' budget – online, accessible and secure.",
    ),
    "4.5": (
        "Digital information from the district councils",
        "Meetings, decisions and budgets of the district councils in one place.",
    ),
    "5.1": (
        "The adult education centre's try-out shop",
        "Try out digital technology, with advice and no pressure to buy.",
    ),
    "5.2": (
        "ProbierMobil",
        "The try-out shop on wheels comes to the districts.",
    ),
    "5.3": (
        "Smart Ernst Abbe Library",
        "The city library becomes a digital place of learning with self-service loans and "
        "digital services.",
    ),
    "5.4": (
        "Smart day-care centres – digital skills in early childhood education",
        "Basic digital equipment and training for Jena's day-care centres.",
    ),
    "5.5": (
        "Open Library at the Ernst Abbe Library",
        "The library is open to visitors outside its staffed hours, too.",
    ),
    "5.6": (
        "Makerspace in the library",
        "3D printers, laser cutters and electronics to try out and learn with.",
    ),
    "5.7": (
        "Blended learning at the adult education centre",
        "Courses that combine learning in the classroom and online.",
    ),
    "6.1": (
        "Code Week Jena/Thuringia",
        "Every autumn: coding and tinkering for children and young people.",
    ),
    "6.2": (
        "Digital helpers",
        "Volunteers help people to get on with smartphones and the internet.",
    ),
    "6.3": (
        "Digital help sessions for older people",
        "Regular, free help with digital questions in the districts.",
    ),
    "6.4": (
        "Public Wi-Fi in district centres",
        "Free Wi-Fi in district centres and public buildings.",
    ),
    "6.5": (
        "Device lending pool for digital inclusion",
        "Tablets and laptops to borrow from the library.",
    ),
    "7.1": (
        "Setting up JEDI at Engelplatz 8",
        "The Jena Digital Innovation Hub opened on 12 August 2024.",
    ),
    "7.2": (
        "Running JEDI and its community programme",
        "Events, coworking and advice at JEDI.",
    ),
    "7.3": (
        "Spaces for experimenting with digital innovations (living lab)",
        "Testing new digital solutions in the city, under clear rules.",
    ),
    "7.4": (
        "Incubator programme for digital start-ups",
        "Mentoring, premises and contacts for start-ups with digital business models.",
    ),
    "7.5": (
        "Smart City innovation competition",
        "A competition for digital ideas that meet the city's challenges.",
    ),
    "8.1": (
        "Analysis of the digital skills Jena's companies need",
        "Which digital skills are Jena's companies missing?",
    ),
    "8.2": (
        "“Digital fit” training series for small and medium-sized enterprises",
        "Short, practical training courses for the staff of SMEs.",
    ),
    "8.3": (
        "Digital skills in care",
        "Carers learn telemedicine, digital record-keeping and assistive technology.",
    ),
    "8.4": (
        "Jena skilled workers portal",
        "A portal for skilled workers who want to come to Jena.",
    ),
    "8.5": (
        "Digital academy for the city administration's staff",
        "Training in digital ways of working in the administration.",
    ),
    "9.1": (
        "Smart administration: hackathons, survey tool and citizens' terminals",
        "Hackathons on problems of the administration, a survey tool and computer terminals "
        "in the citizens' service centre – turned down by the funding body in May 2023.",
    ),
    "9.2": (
        "Multi-purpose chat system",
        "A chat answers questions about public services around the clock.",
    ),
    "9.3": (
        "Digital applications at the citizens' service centre",
        "Frequent applications completely online, without switching to paper.",
    ),
    "9.4": (
        "Digital appointments at the citizens' service centre",
        "Book appointments at the citizens' service centre online, with a reminder.",
    ),
    "9.5": (
        "AI-assisted search in the council information system",
        "Search the city council's decisions and papers in everyday language.",
    ),
}

# project slug -> (title, summary, description)
PROJECTS_EN: dict[str, tuple[str, str, str]] = {
    "smarte-strassenbeleuchtung": (
        "Where should the city test smart street lighting?",
        "Jena is testing street lights that only brighten when needed, save electricity and "
        "measure the urban climate on the side. Show us on the map where light is missing or "
        "where it disturbs.",
        "As part of its Smart City strategy the city is testing smart street lighting in a "
        "few places: LED lights that stay dimmed and brighten when someone comes along, "
        "report faults themselves and send readings such as temperature and humidity over "
        "the LoRaWAN radio network.\n\n"
        "Where are you out and about in the evening and feel unsafe? Where is it too bright, "
        "where does the light dazzle? Put your idea on the map or describe the place. After "
        "the ideas phase everyone can support the proposals; the city chooses the test sites "
        "from them and explains its choice.",
    ),
    "smartes-quartier-lobeda": (
        "Smart neighbourhood Lobeda: what does your area need?",
        "Living well and independently for longer in Lobeda: which digital – and very "
        "practical – services does your area need? Support the best ideas now.",
        "Lobeda is Jena's largest district and a model neighbourhood of the Smart City "
        "strategy: telemedicine, health apartments, a neighbourhood app and a model flat with "
        "assistive systems are being created here.\n\n"
        "In the ideas phase residents collected what they miss in everyday life. Now every "
        "person has three votes: support the ideas that will do the most for your area. The "
        "neighbourhood management looks at the ideas with the most votes first.",
    ),
    "nachbarschaftsideen-2025": (
        "Ideas for the neighbourhood 2025",
        "Small projects for the neighbourhood, up to 15,000 euros per idea: the vote is "
        "over – here you can see what became of each idea.",
        "In 2025 the district councils collected ideas for small projects in the "
        "neighbourhood, alongside the citizens' budget. The ideas were supported and then "
        "checked by the city's departments.\n\n"
        "Every idea has an answer from the city: accepted, rejected (with the reason) or "
        "already carried out. Some ideas have found their way into measures of the Smart "
        "City strategy – they are shown on the pages of these measures, too.",
    ),
    "buergerbudget-2025": (
        "Citizens' budget 2025",
        "€50,000 for ideas from Jena's districts – the result and what came of it.",
        "In the citizens' budget the people of Jena decide which small projects the city "
        "carries out: submit proposals, have them checked, vote.",
    ),
    "buergerbudget-2026": (
        "Citizens' budget 2026",
        "€50,000 plus what was left over from 2025: vote now – 5 votes for your favourite "
        "proposals.",
        "Every resident aged 16 or over has 5 votes. You can give all your votes to one "
        "proposal or spread them – online, or on paper at the citizens' service centre and "
        "at the Lobeda district office.",
    ),
}

# (project slug, German phase title) -> (title, description); the Bürgerbudget's phases
# have no title of their own (the page shows their type), only a description by type.
PHASES_EN: dict[tuple[str, str], tuple[str, str]] = {
    ("smarte-strassenbeleuchtung", "Information"): (
        "Information",
        "The city presents the project: what smart street lights can do and what they cost.",
    ),
    ("smarte-strassenbeleuchtung", "Ideen sammeln"): (
        "Collecting ideas",
        "Put your idea on the map and discuss the ideas of others.",
    ),
    ("smarte-strassenbeleuchtung", "Ideen unterstützen"): (
        "Supporting ideas",
        "Every person can support up to five ideas.",
    ),
    ("smarte-strassenbeleuchtung", "Auswertung"): (
        "Evaluation",
        "The city examines the most supported places and answers every idea.",
    ),
    ("smartes-quartier-lobeda", "Ideen sammeln"): (
        "Collecting ideas",
        "What is missing in Lobeda? Ideas on the map or with a description of the place.",
    ),
    ("smartes-quartier-lobeda", "Abstimmung"): (
        "Voting",
        "Every person has three votes.",
    ),
    ("smartes-quartier-lobeda", "Auswertung"): (
        "Evaluation",
        "The neighbourhood management examines the ideas with the most votes and answers "
        "every idea.",
    ),
    ("nachbarschaftsideen-2025", "Ideen sammeln"): (
        "Collecting ideas",
        "Ideas for the neighbourhood up to 15,000 euros.",
    ),
    ("nachbarschaftsideen-2025", "Abstimmung"): (
        "Voting",
        "Every person could support up to five ideas.",
    ),
    ("nachbarschaftsideen-2025", "Prüfung durch die Fachdienste"): (
        "Review by the city's departments",
        "The departments check costs, responsibility and feasibility and answer every idea.",
    ),
    ("nachbarschaftsideen-2025", "Umsetzung"): (
        "Implementation",
        "The accepted ideas are being carried out; the progress is shown with each idea.",
    ),
}

# The Bürgerbudget's phase descriptions, by phase type (demo/budgets.py PHASE_TEXTS).
BUDGET_PHASES_EN: dict[str, str] = {
    "submission": "Submit your proposals online, by e-mail or by letter – at most €10,000 "
    "per proposal.",
    "review": "The participation office checks every proposal with the city's departments "
    "and publishes the reasons.",
    "confirmation": "The participation advisory board confirms the list of proposals that "
    "go to the vote.",
    "voting": "All residents aged 16 or over have 5 votes to give to one or more proposals – "
    "online or on paper.",
    "counting": "The votes are counted; the counting record goes to the advisory board.",
    "results": "The result: which proposals are funded and why.",
    "implementation": "The city's departments carry out the funded proposals; here you can "
    "see how far they have got.",
}

BUDGET_SLUGS = ("buergerbudget-2025", "buergerbudget-2026")


def _empty(field: str) -> Q:
    return Q(**{f"{field}_en__isnull": True}) | Q(**{f"{field}_en": ""})


def _fill(queryset, field: str, text: str) -> int:
    """Set ``<field>_en`` on the rows of ``queryset`` that have no English text yet."""
    if not text:
        return 0
    return queryset.filter(_empty(field)).update(**{f"{field}_en": text})


def fill_english_strategy() -> int:
    """English titles and summaries of the core areas, fields, bundles and measures where
    they have none; returns how many texts were filled."""
    filled = 0
    for number, (title, summary) in CORE_AREAS_EN.items():
        rows = CoreArea.objects.filter(number=number)
        filled += _fill(rows, "title", title) + _fill(rows, "summary", summary)
    for code, (title, summary) in FIELDS_EN.items():
        rows = FieldOfAction.objects.filter(code=code)
        filled += _fill(rows, "title", title) + _fill(rows, "summary", summary)
    for number, (title, summary) in BUNDLES_EN.items():
        rows = MeasureBundle.objects.filter(number=number)
        filled += _fill(rows, "title", title) + _fill(rows, "summary", summary)
    for code, (title, summary) in MEASURES_EN.items():
        rows = Measure.objects.filter(code=code)
        filled += _fill(rows, "title", title) + _fill(rows, "summary", summary)
    return filled


def fill_english_projects(slugs=None) -> int:
    """English texts of the demo projects (or those of ``slugs``) and their phases where
    they have none; returns how many texts were filled."""
    filled = 0
    for slug, (title, summary, description) in PROJECTS_EN.items():
        if slugs is not None and slug not in slugs:
            continue
        rows = Project.objects.filter(slug=slug)
        filled += (
            _fill(rows, "title", title)
            + _fill(rows, "summary", summary)
            + _fill(rows, "description", description)
        )
        if slug in BUDGET_SLUGS:
            for phase_type, description_en in BUDGET_PHASES_EN.items():
                phases = Phase.objects.filter(project__slug=slug, type=phase_type)
                filled += _fill(phases, "description", description_en)
    for (slug, german_title), (title, description) in PHASES_EN.items():
        if slugs is not None and slug not in slugs:
            continue
        phases = Phase.objects.filter(project__slug=slug, title_de=german_title)
        filled += _fill(phases, "title", title) + _fill(phases, "description", description)
    return filled
