"""`hub.store` exports a chosen set of names; changing it should be deliberate."""

import hub.store


def test_the_exported_names_are_pinned() -> None:
    assert sorted(hub.store.__all__) == [
        "Base",
        "create_engine",
        "current_revision",
        "is_sqlite",
        "session_factory",
        "sync_vocabulary",
        "upgrade",
    ]
    assert all(hasattr(hub.store, name) for name in hub.store.__all__)
