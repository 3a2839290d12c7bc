"""Documents generated over the real schema, for the differential test (hypothesis)."""

from __future__ import annotations

from graphql import (
    GraphQLField,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
)
from hypothesis import strategies as st

from hub.plan._compile import ROOT_LOOKUPS, ROOT_PAGES

#: Filters of the root pages (codes of the fixture operation), drawn now and then.
PAGE_FILTERS = {
    "mutualAidRequests": [
        "{statuses: [SUBMITTED, FILLED]}",
        '{operations: ["COP26"], search: "MA-000", startsOn: {start: "2021-11-01"}}',
        '{providingForces: ["metropolitan"], regions: ["scotland"]}',
    ],
    "officers": ['{forces: ["metropolitan"], ranks: ["PC"]}', '{capabilities: ["POLSA"]}'],
    "deployments": ['{statuses: [PLANNED], dutyDate: {end: "2021-11-02"}}'],
    "locations": ['{types: [VENUE], search: "a"}'],
    "operations": ['{activeOn: "2021-11-05"}'],
    "planningUnits": ['{forces: ["merseyside"], operations: ["COP26"]}'],
}
#: Constant arguments for the root look-ups (codes and references of the fixture operation).
LOOKUP_VALUES = {
    "reference": ["COP26-MA-0001", "COP26-MA-0002", "NOPE"],
    "code": ["metropolitan", "COP26", "no-such-code"],
}


def _named(graphql_type: object) -> object:
    while isinstance(graphql_type, GraphQLNonNull | GraphQLList):
        graphql_type = graphql_type.of_type
    return graphql_type


def _required_arguments(field: GraphQLField) -> bool:
    return any(
        isinstance(arg.type, GraphQLNonNull) and arg.default_value is None
        for arg in field.args.values()
    )


@st.composite
def selection(draw: st.DrawFn, owner: GraphQLObjectType, depth: int) -> str:
    """A selection set on `owner`: a few of its fields, aliased or not, some under directives."""
    names = sorted(
        name
        for name, field in owner.fields.items()
        if not _required_arguments(field)
        and (depth > 0 or not isinstance(_named(field.type), GraphQLObjectType))
    )
    chosen = draw(st.lists(st.sampled_from(names), min_size=1, max_size=5, unique=True))
    parts = []
    for name in chosen:
        field = owner.fields[name]
        text = name
        if draw(st.booleans()) and draw(st.booleans()):
            text = f"a_{name}: {name}"
        if "first" in field.args and draw(st.booleans()):
            text += f"(first: {draw(st.integers(min_value=0, max_value=3))})"
        target = _named(field.type)
        if isinstance(target, GraphQLObjectType):
            text += " { " + draw(selection(target, depth - 1)) + " }"
        directive = draw(st.sampled_from(["", "", "", "@include(if: true)", "@skip(if: true)"]))
        parts.append(f"{text} {directive}".strip())
    return " ".join(parts)


@st.composite
def documents(draw: st.DrawFn, schema: GraphQLSchema) -> str:
    """A query with one or two root look-ups or pages of the kinds the compiler covers."""
    query = schema.query_type
    assert query is not None
    roots = []
    for index in range(draw(st.integers(min_value=1, max_value=2))):
        name = draw(st.sampled_from(sorted([*ROOT_LOOKUPS, *ROOT_PAGES])))
        field = query.fields[name]
        if name in ROOT_LOOKUPS:
            argument = ROOT_LOOKUPS[name][1]
            value = draw(st.sampled_from(LOOKUP_VALUES[argument]))
            head = f'r{index}: {name}({argument}: "{value}")'
            body = draw(selection(_named(field.type), 2))  # type: ignore[arg-type]
        else:
            first = draw(st.integers(min_value=0, max_value=4))
            head = f"r{index}: {name}(first: {first})"
            if draw(st.booleans()):
                head = head[:-1] + f", filter: {draw(st.sampled_from(PAGE_FILTERS[name]))})"
            connection = _named(field.type)
            node = _named(connection.fields["nodes"].type)  # type: ignore[attr-defined]
            inner = draw(selection(node, 2))
            body = draw(
                st.sampled_from(
                    [
                        f"nodes {{ {inner} }}",
                        f"totalCount edges {{ cursor node {{ {inner} }} }}",
                        f"nodes {{ {inner} }} pageInfo {{ hasNextPage endCursor startCursor }}",
                    ]
                )
            )
        roots.append(f"{head} {{ {body} }}")
    return "{ " + " ".join(roots) + " }"
