"""Made-up names and places for demo data: no real people, streets or postcodes.

Postcodes use the `ZZ` area, which no real UK postcode uses; phone numbers are in Ofcom's range kept
for drama (07700 900000 to 900999); email addresses are at the reserved `example.org` domain.
"""

FIRST_NAMES = (
    "Alex", "Amara", "Bea", "Callum", "Dev", "Ellis", "Farah", "Gideon", "Hollis", "Imani",
    "Jory", "Kit", "Lowen", "Marnie", "Nico", "Orla", "Priya", "Quinn", "Rafe", "Saoirse",
    "Tamsin", "Umar", "Vida", "Wren", "Xander", "Yusra", "Zeb", "Ashby", "Briony", "Cosmo",
    "Delphine", "Emrys", "Fenella", "Gethin", "Hester", "Ivo", "Juno", "Kasimir", "Linnea", "Morwenna",
)  # fmt: skip

SURNAMES = (
    "Ashgrove", "Bellweather", "Carrow", "Dunmere", "Elsworth", "Fallowfield", "Greyling", "Hartwell",
    "Inchbold", "Juniper", "Kestlemere", "Larkfield", "Merriweather", "Nettlebed", "Oakhanger",
    "Pennywhistle", "Quillfeather", "Rookwood", "Saltmarsh", "Thistlewood", "Underhill", "Vellacott",
    "Wrenfield", "Yarrowby", "Zennor-Pike", "Amberley-Stoke", "Brackenridge", "Coldharbour", "Dovecote",
    "Eldergrove",
)  # fmt: skip

# Streets in the fictional town of Marrowfield and its neighbours.
STREETS = (
    "Larkspur Court", "Tansy Road", "Foxglove Walk", "Brindle Lane", "Cobweb Row", "Kettle Street",
    "Mallow Close", "Quayside Terrace", "Ropewalk Gardens", "Saffron Way", "Teasel Drive", "Wicket Lane",
    "Yarrow Crescent", "Bramling Avenue", "Chandler's Yard", "Dimity Place", "Gannet Rise", "Heron Parade",
    "Inkwell Mews", "Juniper Square",
)  # fmt: skip

TOWNS = ("Marrowfield", "Little Dunmere", "Oakhanger Vale", "Saltmarsh Quay")

#: Council wards, one per postcode district ZZ1…ZZ9 in turn.
WARDS = ("Castle", "Abbey", "Riverside", "St Anne's", "Millbrook", "Holt", "Kingsway", "Fenside", "Orchard")
ESTATES = ("Larkspur Estate", "Tansy Park", "Ropewalk Estate", "Heron Fields", "Kettle Green")

# Places with no address of their own, for reports of trouble in shared spaces.
LOCATIONS = (
    "Play area behind Larkspur Court",
    "Car park off Tansy Road",
    "Stairwell, block B, Foxglove Walk",
    "Underpass by Kettle Street shops",
    "Communal garden, Mallow Close",
    "Bin store, Quayside Terrace",
    "Alleyway between Saffron Way and Teasel Drive",
)

AGENCIES = ("Marrowfield Citizens Advice", "Dunmere Victim Support", "Oakhanger Tenants' Advocacy")

# Staff of the demo organisation (first name, surname).
STAFF_NAMES = (
    ("Robin", "Fairweather"),
    ("Sam", "Hollowell"),
    ("Jesse", "Mortlake"),
    ("Harper", "Quenby"),
    ("Morgan", "Stavely"),
    ("Rowan", "Tillingham"),
    ("Avery", "Wexcombe"),
    ("Charlie", "Brightwater"),
    ("Drew", "Calloway"),
    ("Emerson", "Dunstable"),
    ("Frankie", "Gorseway"),
    ("Kai", "Ludworth"),
)
