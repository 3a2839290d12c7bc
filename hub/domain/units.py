"""Resource units of a request: which unit a quantity counts, and the officers it comes to."""

from __future__ import annotations

from hub.domain.rules import bad_input
from hub.standard.codelists import Vocabulary
from hub.standard.units import OFFICER, ResourceUnit


def resource_unit(vocabulary: Vocabulary, text: str | None, field: str = "unit") -> ResourceUnit:
    """The unit a code or name denotes (officers when none is given); an unknown one is refused."""
    code = vocabulary.resolve_resource_unit(text) if text else OFFICER
    if code is None:
        known = ", ".join(unit.code for unit in vocabulary.resource_units)
        raise bad_input(field, f"no resource unit is called {text!r}; one of {known}")
    return vocabulary.resource_unit(code)


def officer_equivalent(quantity: int, unit: ResourceUnit) -> int:
    """The officers `quantity` of `unit` send: a request for 2 PSUs is 50 officers."""
    return quantity * unit.officers
