"""Example queries a newcomer can run at once (in GraphiQL, the README and the tests)."""

from __future__ import annotations

REQUESTS_WITH_UNITS = """\
# Mutual aid requests with who asked, who gave and who went where.
query RequestsWithUnits {
  mutualAidRequests(first: 5, orderBy: {field: STARTS_ON}) {
    totalCount
    nodes {
      reference
      status
      quantity
      startsOn
      requestingForce { code name }
      capability { code label }
      commitments {
        quantity
        status
        providingForce { code name }
      }
      planningUnits {
        reference
        name
        dutyUnits(first: 3) {
          reference
          shiftType
          startsAt
          location { code name }
          deployments { dutyDate officer { serviceNumber rank { code } } }
        }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}
"""

FORCES_BY_REGION = """\
# The standard's forces, with their codes in other systems.
query ForcesByRegion {
  regions {
    code
    label
    forces { code name policeUkId onsPfaCode officerStrengthFte }
  }
}
"""

PUBLIC_ORDER_AT_VENUE = """\
# Which forces sent public order units to the venue on a day, and how many officer-days.
query PublicOrderAtVenue {
  officerDutyDays(
    groupBy: [FORCE]
    filter: {
      locations: ["SEC"]
      capabilities: ["PUBLIC_ORDER_L2"]
      dutyDate: {start: "2021-11-01", end: "2021-11-01"}
    }
  ) {
    force { code name }
    officerDutyDays
    officers
  }
}
"""

FILL_RATES = """\
# How far the requests are filled, by capability.
query FillRatesByCapability {
  requestFillRates(groupBy: [CAPABILITY]) {
    capability { code label }
    requests
    requested
    committed
    deployed
    commitmentRate
  }
}
"""

WHERE_A_UNIT_SLEEPS = """\
# Where a planning unit sleeps and how it travels.
query WhereAUnitSleeps {
  planningUnits(first: 1) {
    nodes {
      reference
      force { name }
      accommodation { location { name postcode } checkIn checkOut rooms }
      travel { mode origin { name } destination { name } departsAt arrivesAt }
    }
  }
}
"""

EXAMPLES: dict[str, str] = {
    "RequestsWithUnits": REQUESTS_WITH_UNITS,
    "PublicOrderAtVenue": PUBLIC_ORDER_AT_VENUE,
    "FillRatesByCapability": FILL_RATES,
    "WhereAUnitSleeps": WHERE_A_UNIT_SLEEPS,
    "ForcesByRegion": FORCES_BY_REGION,
}
