"""An output's fields as one generated function: straight-line code, no call per simple source.

A column, a constant or a simple XPath (`../@ref`, `hr:officer/hr:rank`, `.`) is read inline,
each ancestor and each list of children once for all the fields that share it; any other
source is called. Then each field's transforms (`value_finisher`) run as compiled. The code
is made from the mapping's names and tags only (kept out of the source text as constants),
once per mapping.

The function has no error handling: it raises on any problem (a transform's RecordError, a
path above the root element), and the caller then evaluates the fields one by one, which
names each failing field exactly as before. So the generated code needs only be right for
records without problems, and gives exactly the values the fields' evaluators give.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from hub.adapters.map import transforms as t
from hub.adapters.map.xpath import texts

if TYPE_CHECKING:
    from hub.adapters.map.compile import CompiledField

Values = Callable[[Any, t.Context], dict[str, Any]]


class AboveRoot(Exception):
    """A path climbs above the root element: the field's own evaluator answers."""


class _Writer:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.constants: dict[str, Any] = {"TEXTS": texts, "AboveRoot": AboveRoot}
        self.ancestors = 0  # a1, a2 ... computed so far
        self.children: dict[tuple[int, tuple[str, ...]], str] = {}  # nodes lists made

    def constant(self, value: Any) -> str:
        name = f"K{len(self.constants)}"
        self.constants[name] = value
        return name

    def node(self, ups: int) -> str:
        """The variable holding the record's ancestor `ups` levels up (the record: e)."""
        while self.ancestors < ups:
            below = "e" if self.ancestors == 0 else f"a{self.ancestors}"
            self.ancestors += 1
            self.lines.append(f"    a{self.ancestors} = {below}.getparent()")
            self.lines.append(f"    if a{self.ancestors} is None: raise AboveRoot")
        return "e" if ups == 0 else f"a{ups}"

    def nodes(self, ups: int, tags: tuple[str, ...]) -> str:
        """The variable holding the list of elements at child tags `tags` under `node(ups)`."""
        found = self.children.get((ups, tags))
        if found is not None:
            return found
        tag = self.constant(tags[-1])
        if len(tags) == 1:
            node = self.node(ups)
            name = f"c{len(self.children)}"
            self.lines.append(f"    {name} = list({node}.iterchildren({tag}))")
        else:
            outer = self.nodes(ups, tags[:-1])
            name = f"c{len(self.children)}"
            self.lines.append(f"    {name} = [y for x in {outer} for y in x.iterchildren({tag})]")
        self.children[(ups, tags)] = name
        return name

    def xpath(self, ups: int, tags: tuple[str, ...], attribute: str | None) -> None:
        """`v` = what `hub.adapters.map.xpath` gives for (ups, tags, attribute)."""
        if not tags:
            node = self.node(ups)
            if attribute is None:
                self.lines.append(
                    f"    v = ''.join({node}.itertext()) if len({node}) else {node}.text"
                )
            else:
                self.lines.append(f"    v = {node}.get({self.constant(attribute)})")
            self.lines.append("    if v is not None and not v.strip(): v = None")
            return
        nodes = self.nodes(ups, tags)
        if attribute is None:
            self.lines.append(
                f"    vs = [''.join(m.itertext()) if len(m) else (m.text or '') for m in {nodes}]"
            )
        else:
            name = self.constant(attribute)
            self.lines.append(f"    vs = [x for m in {nodes} if (x := m.get({name})) is not None]")
        self.lines.append("    if len(vs) == 1:")
        self.lines.append("        v = vs[0]")
        self.lines.append("        if not v.strip(): v = None")
        self.lines.append("    else:")
        self.lines.append("        v = TEXTS(vs)")

    def field(self, compiled: CompiledField) -> None:
        plan = compiled.plan
        assert plan is not None
        inline = plan.inline
        if inline is None:
            self.lines.append(f"    v = {self.constant(plan.source)}(context)")
        elif inline[0] == "constant":
            self.lines.append(f"    v = {self.constant(inline[1])}")
        elif inline[0] == "column":
            self.lines.append(f"    v = data.get({self.constant(inline[1])})")
            self.lines.append("    if isinstance(v, str) and not v.strip(): v = None")
        else:
            _kind, ups, tags, attribute = inline
            self.xpath(ups, tags, attribute)
        if plan.finish is not None:
            self.lines.append(f"    v = {self.constant(plan.finish)}(v, context)")
        self.lines.append(f"    fields[{compiled.name!r}] = v")


def generated_values(fields: Sequence[CompiledField]) -> Values | None:
    """The fields' values (into `context.fields`) in one function; None if a field has no
    plan (then each field is evaluated alone)."""
    if any(field.plan is None or not field.name.isidentifier() for field in fields):
        return None
    writer = _Writer()
    for field in fields:
        writer.field(field)
    body = "\n".join(writer.lines)
    source = f"def values(data, context):\n    e = data\n    fields = context.fields\n{body}\n"
    source += "    return fields\n"
    namespace = dict(writer.constants)
    exec(compile(source, "<mapping output>", "exec"), namespace)  # names and tags as constants
    function: Values = namespace["values"]
    return function
