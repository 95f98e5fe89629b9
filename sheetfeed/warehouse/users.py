"""People who log in to the warehouse: analysts (``bi_analyst``) and stewards (``data_steward``).

The group roles of SPEC §3 stay NOLOGIN; a person gets a LOGIN role of their own that is a
member of one of them, so privileges are granted once, to the group, and a person leaving is
one ``DROP ROLE``. The password never leaves this process in clear: libpq turns it into a
SCRAM-SHA-256 verifier (``PQencryptPasswordConn``) and only the verifier is sent, inside a
transaction that, where the connecting role may, turns statement logging off.
"""
from __future__ import annotations

import re

from psycopg import errors, sql

GROUP_ROLES = ("bi_analyst", "data_steward")
# What the search path of each kind of person starts with, so `select * from dim_program` works.
SEARCH_PATHS = {"bi_analyst": "marts", "data_steward": "quality, marts, raw"}
# A plain, lower-case login name: no quoting surprises in psql, BI tools or pg_hba.
NAME_PATTERN = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


class UserRefused(ValueError):
    """The name or role cannot be used (the message says why)."""


def add_user(conn, name: str, role: str, password: str) -> str:
    """Create (or update) the login role ``name`` as a member of ``role`` with ``password``.

    Returns ``created`` or ``updated``. Rerunning with another password changes the password
    (how a forgotten one is reset). A name that is already a group role, a superuser or a role
    that is not a person's login is refused, so this never turns a service role into a login.
    ``conn`` must be a connection of a role with CREATEROLE (the warehouse owner).
    """
    if role not in GROUP_ROLES:
        raise UserRefused(f"role must be one of {', '.join(GROUP_ROLES)}, not {role!r}")
    if not NAME_PATTERN.fullmatch(name):
        raise UserRefused(f"user name {name!r} must be lower-case letters, digits and _ (at most 63), "
                          "starting with a letter or _")
    if not password:
        raise UserRefused("the password is empty")
    verifier = conn.pgconn.encrypt_password(password.encode(), name.encode(), b"scram-sha-256").decode()
    with conn.transaction():
        _quiet_statement_log(conn)
        existing = conn.execute(
            "select rolcanlogin, rolsuper, rolname in ('sheetfeed_loader', 'postgres') or rolname = any(%s)"
            " from pg_roles where rolname = %s", (list(GROUP_ROLES), name)).fetchone()
        if existing is not None and (existing[1] or existing[2] or not existing[0]):
            raise UserRefused(f"{name} is an existing role that is not a person's login (group, service or "
                              "superuser role); choose another name")
        statement = "alter role {} login password {}" if existing else "create role {} login password {}"
        conn.execute(sql.SQL(statement).format(sql.Identifier(name), sql.Literal(verifier)))
        for group in GROUP_ROLES:
            if group != role:
                conn.execute(sql.SQL("revoke {} from {}").format(sql.Identifier(group), sql.Identifier(name)))
        conn.execute(sql.SQL("grant {} to {}").format(sql.Identifier(role), sql.Identifier(name)))
        conn.execute(sql.SQL("alter role {} set search_path to {}").format(
            sql.Identifier(name), sql.SQL(SEARCH_PATHS[role])))
    return "updated" if existing else "created"


def remove_user(conn, name: str) -> None:
    """Drop the login role ``name`` (only a person's login made by add_user: a member of a group role)."""
    with conn.transaction():
        person = conn.execute(
            "select not rolsuper and rolcanlogin and exists (select 1 from pg_auth_members as members"
            " join pg_roles as groups on groups.oid = members.roleid"
            " where members.member = roles.oid and groups.rolname = any(%s))"
            " from pg_roles as roles where rolname = %s", (list(GROUP_ROLES), name)).fetchone()
        if person is None:
            raise UserRefused(f"no role {name}")
        if not person[0]:
            raise UserRefused(f"{name} is not an analyst's or steward's login; not dropped")
        conn.execute(sql.SQL("drop role {}").format(sql.Identifier(name)))


def _quiet_statement_log(conn) -> None:
    """Keep this transaction's statements out of the server log where the role may say so.

    Only a superuser may change log_statement; for another owner the verifier (never the
    password) is what a statement log could hold.
    """
    try:
        with conn.transaction():
            conn.execute("set local log_statement = 'none'")
            conn.execute("set local log_min_duration_statement = -1")
    except errors.InsufficientPrivilege:
        pass


def read_password(password_file: str | None) -> str:
    """The password: the first line of ``password_file`` ('-' for standard input), else asked twice at a prompt."""
    if password_file == "-":
        import sys

        return sys.stdin.readline().rstrip("\r\n")
    if password_file:
        with open(password_file, encoding="utf-8") as handle:
            return handle.readline().rstrip("\r\n")
    import getpass

    first = getpass.getpass("password: ")
    if first != getpass.getpass("again: "):
        raise UserRefused("the two passwords differ")
    return first
