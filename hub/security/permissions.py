"""Permission for mutation fields: only roles that write may call them (answered FORBIDDEN).

A mutation resolver then checks the force it writes for with `policy.require_write`:

    @strawberry.mutation(permission_classes=[CanWrite])
    async def raise_request(self, info: HubInfo, input: RequestInput) -> MutualAidRequest:
        require_write(info.context.security.principal, WriteAs.REQUESTER, input.force)
"""

from __future__ import annotations

from typing import Any

from strawberry.permission import BasePermission

from hub.security import policy
from hub.security.context import secured
from hub.security.errors import forbidden


class CanWrite(BasePermission):
    """The principal's role may run mutations (coordinators and partners)."""

    message = "this key may not change anything"

    def has_permission(self, source: Any, info: Any, **kwargs: Any) -> bool:
        principal = secured(info.context).security.principal
        if not policy.may_run_mutations(principal):
            raise forbidden(f"a {principal.role.value} key may not change anything")
        return True
