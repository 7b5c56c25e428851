"""Login users for the warehouse's access roles, with passwords from the environment.

Migration 009_roles.sql creates the NOLOGIN group roles `analyst` (reads core and marts) and
`etl` (writes raw, staging, core, ops). People and services log in as users that are members
of one of them; this module creates those users. Passwords never live in the repository: they
come from SYRIA_EVENTS_ANALYST_PASSWORD / SYRIA_EVENTS_ETL_PASSWORD, and are hashed (SCRAM)
on the client, so the plain text is not sent to the server nor written to its statement log.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

import psycopg2.extensions
from psycopg2 import sql

Connection = psycopg2.extensions.connection

GROUP_ROLES = ("analyst", "etl")


@dataclass(frozen=True)
class LoginSpec:
    """Where the user name and password of one group role's login come from."""

    role: str
    user_variable: str
    password_variable: str
    default_user: str


LOGINS = (
    LoginSpec("analyst", "SYRIA_EVENTS_ANALYST_USER", "SYRIA_EVENTS_ANALYST_PASSWORD", "syria_analyst"),
    LoginSpec("etl", "SYRIA_EVENTS_ETL_USER", "SYRIA_EVENTS_ETL_PASSWORD", "syria_etl"),
)


def create_login(conn: Connection, role: str, user: str, password: str) -> bool:
    """Create (or update) login `user` with `password` as a member of group role `role`; commit.

    Returns True when the user was created, False when it existed and only its password and
    membership were (re)set — so running it again rotates the password. Raises ValueError for a
    role other than analyst/etl, an empty password, or a user name that is itself a group role.
    The caller needs CREATEROLE (or superuser) on the server.
    """
    if role not in GROUP_ROLES:
        raise ValueError(f"unknown role {role!r}; choose one of {', '.join(GROUP_ROLES)}")
    if not password:
        raise ValueError("empty password")
    if user in GROUP_ROLES:
        raise ValueError(f"{user!r} is a group role; choose another login name")
    verifier = psycopg2.extensions.encrypt_password(password, user, conn, "scram-sha-256")
    ident = sql.Identifier(user)
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (user,))
            exists = cur.fetchone() is not None
            verb = "ALTER" if exists else "CREATE"
            # NOINHERIT is not used: members must inherit the group's privileges to use them.
            cur.execute(
                sql.SQL(verb + " ROLE {} LOGIN PASSWORD {}").format(ident, sql.Literal(verifier))
            )
            cur.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(role), ident))
        conn.commit()
    except Exception:
        conn.rollback()
        raise
    return not exists


def create_logins_from_env(conn: Connection, env: Mapping[str, str] | None = None) -> list[str]:
    """Create the analyst and etl logins whose password variable is set; return the user names.

    SYRIA_EVENTS_ANALYST_PASSWORD creates SYRIA_EVENTS_ANALYST_USER (default syria_analyst) in
    role analyst; SYRIA_EVENTS_ETL_PASSWORD creates SYRIA_EVENTS_ETL_USER (default syria_etl) in
    role etl. A role whose password variable is unset or empty is skipped.
    """
    env = os.environ if env is None else env
    created = []
    for spec in LOGINS:
        password = env.get(spec.password_variable)
        if not password:
            continue
        user = env.get(spec.user_variable) or spec.default_user
        create_login(conn, spec.role, user, password)
        created.append(user)
    return created
