"""`hub.costs` exports a chosen set of names and stays below the schema, like `hub.domain`."""

from pathlib import Path

import hub.costs


def test_the_exported_names_are_pinned() -> None:
    assert sorted(hub.costs.__all__) == [
        "CostReport",
        "Hours",
        "Line",
        "LineKind",
        "OperationCosts",
        "Priced",
        "RateKind",
        "RateSet",
        "Rates",
        "Reconciliation",
        "Statement",
        "Tour",
        "cost_report",
        "load_rates",
        "price_operation",
        "price_tour",
        "reconcile",
        "standard_rates",
    ]
    assert all(hasattr(hub.costs, name) for name in hub.costs.__all__)


def test_the_engine_imports_nothing_of_the_schema_or_resolvers() -> None:
    folder = Path(hub.costs.__file__).parent
    for path in folder.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "hub.schema" not in text and "hub.resolvers" not in text, path.name
