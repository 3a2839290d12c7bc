"""Made-up names for the demo: people, venues and hotels (no real person is named)."""

from __future__ import annotations

GIVEN = (
    "Alex", "Sam", "Jordan", "Morgan", "Casey", "Robin", "Jamie", "Taylor", "Rowan", "Ellis",
    "Seán", "Zoë", "Siân", "Ciarán", "Eilidh", "Mairi", "Niamh", "Ruaridh", "Aled", "Priya",
    "Tomasz", "Amara", "Kieran", "Fiona", "Callum", "Isla", "Owen", "Hana", "Dev", "Leah",
)  # fmt: skip
FAMILY = (
    "Fraser", "Okafor", "Hughes", "Patel", "Campbell", "Nowak", "Reid", "Evans", "Khan", "Murray",
    "O'Neill", "MacLeod", "Jones", "Sharma", "Kowalski", "Price", "Byrne", "Stewart", "Ali",
    "Morgan-Lloyd", "Doyle", "Brennan", "Watts", "Chen", "Adeyemi", "Lindqvist", "Baird", "Rees",
)  # fmt: skip
VENUES = (
    ("SEC", "Scottish Event Campus", "G3 8YW"),
    ("SEC-GATE-1", "SEC Gate 1", "G3 8YW"),
    ("SEC-GATE-2", "SEC Gate 2", "G3 8YW"),
    ("ZONE-BLUE", "Blue Zone perimeter", "G3 8YW"),
    ("ZONE-GREEN", "Green Zone", "G3 8AZ"),
    ("GLASGOW-GREEN", "Glasgow Green protest site", "G40 1AT"),
    ("GEORGE-SQUARE", "George Square", "G2 1DU"),
    ("KELVINGROVE", "Kelvingrove Park", "G3 7SE"),
    ("CENTRAL-STATION", "Glasgow Central station", "G1 3SL"),
    ("QUEEN-STREET", "Glasgow Queen Street station", "G1 2AF"),
    ("AIRPORT-GLA", "Glasgow Airport", "PA3 2SW"),
    ("AIRPORT-PIK", "Prestwick Airport", "KA9 2PL"),
)
ROUTE_POSTCODES = ("G1 1XQ", "G2 5QY", "G4 0BA", "G5 9NT", "G11 6NU", "G12 8QQ")
HOTEL_WORDS = ("Riverside", "Clyde", "Park", "Central", "Merchant", "Harbour", "Kelvin", "Station")
HOTEL_KINDS = ("Hotel", "Inn", "Lodge", "Suites", "Halls of Residence")


def venue_names(count: int) -> list[tuple[str, str, str]]:
    """`count` venues (code, name, postcode); the first is always SEC."""
    routes = [
        (f"ROUTE-{n:02d}", f"Motorcade route sector {n}", ROUTE_POSTCODES[n % len(ROUTE_POSTCODES)])
        for n in range(1, count + 1)
    ]
    return (list(VENUES) + routes)[:count]


def hotel_name(n: int) -> str:
    """A made-up hotel name, different for each `n`."""
    word = HOTEL_WORDS[n % len(HOTEL_WORDS)]
    kind = HOTEL_KINDS[n // len(HOTEL_WORDS) % len(HOTEL_KINDS)]
    return f"{word} {kind} {n}"
