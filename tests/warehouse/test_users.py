"""`sheetfeed warehouse add-user`: a person's login in a group role, reached over TCP with its password,
on the embedded warehouse and on WAREHOUSE_URL (issue 14, point 1)."""
from __future__ import annotations

import uuid

import psycopg
import pytest

from sheetfeed.cli import main
from sheetfeed.warehouse.connection import url_parts

MART = "create table marts.dim_program (program_code text, department text)"


@pytest.fixture
def login_name(server_url):
    """A unique role name (roles are cluster-wide), dropped afterwards."""
    name = f"sf_person_{uuid.uuid4().hex[:8]}"
    yield name
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'drop role if exists "{name}"')


def login_url(warehouse_url: str, name: str, password: str) -> str:
    """The URL a person would type, the password percent-encoded as libpq URLs want it."""
    from urllib.parse import quote

    parts = url_parts(warehouse_url)
    return f"postgresql://{name}:{quote(password, safe='')}@{parts['host']}:{parts['port']}/{parts['dbname']}"


def add_user(name: str, role: str, password: str, tmp_path) -> int:
    secret = tmp_path / f"{name}.password"
    secret.write_text(password + "\n", encoding="utf-8")
    return main(["warehouse", "add-user", name, "--role", role, "--password-file", str(secret)])


def test_an_analyst_logs_in_over_tcp_with_the_password_and_reads_marts_only(
        warehouse_url, login_name, tmp_path, capsys, request):
    with psycopg.connect(warehouse_url, autocommit=True) as owner:
        owner.execute(MART)
        owner.execute("insert into marts.dim_program values ('소통행정-3', '마을자치과')")
        # Every statement of this database's sessions logged: the password must still not reach the log.
        owner.execute(f'alter database "{url_parts(warehouse_url)["dbname"]}" set log_statement = \'all\'')
    password = "금천 pass'word;" + uuid.uuid4().hex
    assert add_user(login_name, "bi_analyst", password, tmp_path) == 0
    printed = capsys.readouterr()
    assert password not in printed.out + printed.err
    assert f"created login {login_name} (member of bi_analyst)" in printed.out

    with psycopg.connect(login_url(warehouse_url, login_name, password)) as analyst:
        assert analyst.execute("select current_user, inet_server_addr() is not null").fetchone() == (login_name, True)
        # search_path starts at marts, so an analyst queries tables by their plain names.
        assert analyst.execute("select program_code from dim_program").fetchall() == [("소통행정-3",)]
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            analyst.execute("select * from raw.contacts")

    with psycopg.connect(warehouse_url) as owner:
        stored, can_login = owner.execute(
            "select rolpassword, rolcanlogin from pg_authid where rolname = %s", (login_name,)).fetchone()
        assert stored.startswith("SCRAM-SHA-256$") and password not in stored and can_login
        # The group roles stay NOLOGIN.
        assert owner.execute("select bool_or(rolcanlogin) from pg_roles"
                             " where rolname in ('bi_analyst', 'data_steward')").fetchone() == (False,)
        hba_demands_password = owner.execute(
            "select auth_method from pg_hba_file_rules where %s = any(user_name) and type = 'host'"
            " order by line_number limit 1", ("+bi_analyst",)).fetchone()
    if request.config.getoption("--warehouse") == "embedded":
        # The embedded server asks members of the group roles for their password (pg_hba.conf).
        assert hba_demands_password == ("scram-sha-256",)
        with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
            psycopg.connect(login_url(warehouse_url, login_name, "wrong"), connect_timeout=5)
        from sheetfeed.warehouse.embedded import _paths

        log = _paths()[2].read_text(errors="replace")
        assert "select current_user, inet_server_addr()" in log  # statements are logged …
        assert password not in log and stored not in log  # … but not the password, nor its verifier


def test_a_steward_login_and_a_password_reset_and_removal(warehouse_url, login_name, tmp_path, capsys):
    assert add_user(login_name, "data_steward", "first-" + uuid.uuid4().hex, tmp_path) == 0
    second = "second-" + uuid.uuid4().hex
    assert add_user(login_name, "data_steward", second, tmp_path) == 0
    assert f"updated login {login_name}" in capsys.readouterr().out
    with psycopg.connect(login_url(warehouse_url, login_name, second)) as steward:
        assert steward.execute("select count(*) from quarantine").fetchone() == (0,)
        assert steward.execute("select pg_has_role(current_user, 'data_steward', 'usage'),"
                               " pg_has_role(current_user, 'bi_analyst', 'member')").fetchone() == (True, False)
    assert main(["warehouse", "remove-user", login_name]) == 0
    with psycopg.connect(warehouse_url) as owner:
        assert owner.execute("select count(*) from pg_roles where rolname = %s", (login_name,)).fetchone() == (0,)


@pytest.mark.parametrize("name, role", [("bi_analyst", "bi_analyst"), ("sheetfeed_loader", "data_steward"),
                                        ("postgres", "bi_analyst"), ("Robert'); drop", "bi_analyst")])
def test_service_and_group_roles_and_odd_names_are_refused(warehouse_url, name, role, tmp_path, capsys):
    assert add_user(name, role, "x" * 12, tmp_path) == 2
    error = capsys.readouterr().err
    assert error.startswith("sheetfeed warehouse add-user: ") and error.count("\n") == 1
    with psycopg.connect(warehouse_url) as owner:
        assert owner.execute("select rolcanlogin from pg_roles where rolname = 'bi_analyst'").fetchone() == (False,)
