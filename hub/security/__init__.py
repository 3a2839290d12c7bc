"""Who may see and do what: principals and API keys, roles, operation limits and the audit log.

The rules live in `policy.py`; `keys.py` issues and checks API keys; `limits.py` holds the
operation limits (strawberry extensions); `audit.py` writes and reads the read-access audit log.
"""
