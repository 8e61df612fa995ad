"""Word lists the synthetic generator draws names and titles from.

Tuples, not sets: the generator indexes them with a seeded random number
generator, so their order is part of what makes a seed reproducible.
"""

from __future__ import annotations

from typing import Final

from graph_model.model import DepartmentFunction as F


def _words(*lines: str) -> tuple[str, ...]:
    """Items separated by ``|`` (kept as text so the lists stay compact)."""
    return tuple(item for line in lines for item in line.split("|") if item)


INDUSTRIES: Final = _words(
    "Automotive|Healthcare|Energy & Utilities|Financial Services|Insurance|Telecommunications|Retail|"
    "Logistics|Aerospace & Defence|Pharmaceuticals|Chemicals|Food & Beverage|Construction|"
    "Public Sector|Higher Education|Media|Mining & Metals|Semiconductors|Consumer Goods|Agriculture"
)

# Appended to a place-like word to name a customer of that industry (same order as INDUSTRIES).
INDUSTRY_SUFFIXES: Final = tuple(
    _words(line)
    for line in (
        "Motors|Automotive|Mobility|Vehicle Systems",
        "Health|Medical Centre|Clinics|Care Network",
        "Energy|Power|Utilities|Renewables",
        "Bank|Capital|Financial|Investments",
        "Insurance|Mutual|Assurance|Underwriters",
        "Telecom|Networks|Communications|Mobile",
        "Retail|Stores|Markets|Outlets",
        "Logistics|Freight|Shipping|Transport",
        "Aerospace|Defence Systems|Aviation|Avionics",
        "Pharma|Biosciences|Therapeutics|Laboratories",
        "Chemicals|Polymers|Materials|Coatings",
        "Foods|Beverages|Dairy|Brewing",
        "Construction|Builders|Infrastructure|Engineering",
        "County Council|Agency|Authority|Department",
        "University|College|Institute|Academy",
        "Media|Broadcasting|Publishing|Studios",
        "Mining|Metals|Steel|Resources",
        "Semiconductor|Microsystems|Silicon|Devices",
        "Brands|Home Products|Consumer|Goods",
        "Agri|Farms|Seeds|Harvest",
    )
)

PLACE_WORDS: Final = _words(
    "Northwind|Bluefield|Redwood|Silverlake|Oakridge|Stonebridge|Westbrook|Eastgate|Highland|"
    "Riverside|Clearwater|Ironwood|Brightwater|Fairhaven|Granite|Harbor|Lakeside|Maple|Pinecrest|"
    "Summit|Sterling|Crescent|Meadow|Falcon|Kestrel|Osprey|Heron|Aurora|Solstice|Meridian|Polaris|"
    "Vega|Orion|Atlas|Boreal|Cedar|Coastal|Delta|Everest|Frontier|Glacier|Horizon|Juniper|Keystone|"
    "Lumen|Marlow|Nordic|Obsidian|Pioneer|Quarry|Ridgeway|Sable|Tallis|Upland|Valley|Willow|Yarrow|"
    "Zenith|Ashford|Beacon"
)

REGIONS: Final = _words(
    "DACH|Nordics|UK & Ireland|France|Benelux|Iberia|Italy|CEE|North America|LATAM|Middle East|India|"
    "Japan|ANZ|Southeast Asia"
)

FIRST_NAMES: Final = _words(
    "Anna|Ben|Carla|David|Elena|Farid|Grace|Hiro|Ines|Jonas|Kara|Luis|Maya|Nikhil|Olga|Pieter|Quinn|"
    "Rosa|Samir|Tanja|Umar|Vera|Wei|Ximena|Yusuf|Zoe|Amir|Bianca|Chen|Daria|Emeka|Fiona|Gustav|Hana|"
    "Ivan|Julia|Kenji|Leila|Marco|Nadia|Oscar|Priya|Rafael|Sofia|Tomas|Ula|Viktor|Wanda|Yara|Zain|"
    "Aisha|Bruno|Clara|Diego|Eva|Felix|Greta|Hugo|Ingrid|Jamal|Katrin|Lars|Mei|Noah|Omar|Paula|Rahul|"
    "Sara|Theo|Valentina|William|Yuki"
)
LAST_NAMES: Final = _words(
    "Abbott|Bauer|Castillo|Dubois|Eriksen|Fischer|Garcia|Hansen|Ito|Jensen|Kowalski|Larsen|Moreau|"
    "Nakamura|Okafor|Petrov|Quist|Rossi|Schmidt|Tanaka|Ueda|Varga|Weber|Xu|Yilmaz|Zimmer|Ahmed|"
    "Brennan|Costa|Dietrich|Evans|Ferreira|Gallagher|Horvat|Ivanova|Jovanovic|Kaur|Lindqvist|Mendes|"
    "Novak|Olsen|Patel|Reyes|Santos|Torres|Ulrich|Vogel|Walsh|Young|Zhang|Andersson|Becker|Chowdhury|"
    "Diaz|Engel|Fontaine|Goldberg|Hughes|Keller|Lopez|Murphy|Nguyen|Ortiz|Park|Richter|Singh|"
    "Thompson|Verma|Wagner|Zhou"
)

# Department names per function; sub-departments draw from the same list.
DEPARTMENT_NAMES: Final[dict[F, tuple[str, ...]]] = {
    F.MANAGEMENT: _words("Executive Board|Strategy Office|Transformation Office|Corporate Development"),
    F.PROCUREMENT: _words(
        "Procurement|Strategic Sourcing|IT Sourcing|Supplier Management|Indirect Purchasing"
    ),
    F.TECHNICAL: _words(
        "Engineering|IT|Platform Engineering|Automation|Data & Analytics|Infrastructure|Security"
    ),
    F.FINANCE: _words("Finance|Controlling|Treasury|Financial Planning"),
    F.OPERATIONS: _words("Operations|Plant Operations|Supply Chain|Maintenance|Quality|Field Service"),
    F.SALES: _words("Sales|Key Accounts|Marketing|Customer Service"),
    F.RESEARCH: _words("Research & Development|Innovation Lab|Product Development|Advanced Engineering"),
    F.OTHER: _words("Legal|Human Resources|Communications|Facilities"),
}

# Functions a top-level department can have, after the management board.
TOP_FUNCTIONS: Final = (F.PROCUREMENT, F.TECHNICAL, F.FINANCE, F.OPERATIONS, F.SALES, F.RESEARCH, F.OTHER)

CHIEF_TITLES: Final[dict[F, str]] = {
    F.MANAGEMENT: "Chief Executive Officer",
    F.PROCUREMENT: "Chief Procurement Officer",
    F.TECHNICAL: "Chief Technology Officer",
    F.FINANCE: "Chief Financial Officer",
    F.OPERATIONS: "Chief Operating Officer",
    F.SALES: "Chief Commercial Officer",
    F.RESEARCH: "Chief Scientific Officer",
    F.OTHER: "Chief Administrative Officer",
}

STAFF_TITLES: Final[dict[F, tuple[str, ...]]] = {
    F.MANAGEMENT: _words("Executive Assistant|Strategy Analyst|Chief of Staff"),
    F.PROCUREMENT: _words("Buyer|Senior Buyer|Category Analyst|Sourcing Specialist"),
    F.TECHNICAL: _words("Software Engineer|Systems Engineer|Data Analyst|Automation Engineer|Architect"),
    F.FINANCE: _words("Financial Analyst|Controller|Accountant"),
    F.OPERATIONS: _words("Process Engineer|Shift Supervisor|Planner|Quality Engineer"),
    F.SALES: _words("Account Manager|Sales Engineer|Marketing Specialist"),
    F.RESEARCH: _words("Research Scientist|Development Engineer|Lab Technician"),
    F.OTHER: _words("Legal Counsel|HR Business Partner|Communications Specialist"),
}

OUR_COMPANY: Final = "Meridian Systems"
SUPPLIER_WORDS: Final = _words(
    "Vantage|Corvel|Brightline|Stratos|Apex|Nimbus|Quantis|Helix|Vertex|Cobalt|Lattice|Arcadia|"
    "Tessera|Nexum|Orbis|Paragon|Radiant|Syntra|Trilon|Veritas|Axiom|Calyx|Ember|Fathom|Kinetic"
)
# (name suffix, category) of competitor suppliers.
SUPPLIER_KINDS: Final = (
    ("Dynamics", "Automation & MES software"),
    ("Analytics", "Data & analytics platforms"),
    ("Consulting", "Digital transformation consulting"),
    ("Cloud", "Cloud infrastructure"),
    ("Systems", "Industrial automation software"),
    ("Software", "Enterprise software"),
)
OUR_CATEGORY: Final = "Industrial automation & analytics software"

EXECUTIVE_TITLES: Final = _words(
    "Chief Revenue Officer|VP Sales|VP Customer Success|Regional Managing Director"
)
SPECIALIST_TITLES: Final = _words("Solutions Architect|Industry Specialist|Customer Success Manager")
OWNER_TITLES: Final = _words(
    "Key Account Manager|Senior Key Account Manager|Account Executive|Key Account Director"
)

KNOWS_CONTEXTS: Final = _words(
    "Worked together on a project|Industry conference|Former colleagues|Working group|"
    "University alumni|Customer advisory board|Standards committee|Trade association"
)
INTERACTION_NOTES: Final = _words(
    "Quarterly business review|Roadmap discussion|Renewal preparation|Technical deep dive|"
    "Executive briefing|Site visit|Support escalation follow-up|Workshop"
)
