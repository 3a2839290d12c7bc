"""Cost recovery: charging rates (data in standards/rates), pricing, statements and checks.

Layered like `hub.domain`: it reads the store and the standard, never the schema.
"""

from hub.costs.checks import Reconciliation, reconcile
from hub.costs.pricing import Hours, Priced, RateKind, Tour, price_tour
from hub.costs.rates import Rates, RateSet, load_rates, standard_rates
from hub.costs.report import CostReport, cost_report
from hub.costs.statements import Line, LineKind, OperationCosts, Statement, price_operation

__all__ = [
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
