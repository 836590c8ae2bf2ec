"""The `casework` command line: exact output, one-line errors with status 2, the entry point."""

import subprocess
import sys
from importlib.metadata import entry_points

import pytest

from casework.cli import main

ADD_FIVE_DAYS_AFTER_CHRISTMAS_EVE = [
    "calendar",
    "add",
    "--nation",
    "england-and-wales",
    "--from",
    "2026-12-24",
    "--working-days",
    "5",
]


def test_add_working_days_prints_the_date(capsys):
    assert main(ADD_FIVE_DAYS_AFTER_CHRISTMAS_EVE) == 0
    assert capsys.readouterr() == ("2027-01-05\n", "")


def test_add_working_days_skips_closure_days(capsys):
    closures = ["--closure-day", "2026-12-29", "--closure-day", "2026-12-30"]
    assert main([*ADD_FIVE_DAYS_AFTER_CHRISTMAS_EVE, *closures, "--closure-day", "2026-12-31"]) == 0
    assert capsys.readouterr().out == "2027-01-08\n"


def test_add_months_clamps_to_the_month_end(capsys):
    argv = ["calendar", "add", "--nation", "scotland", "--from", "2026-10-31", "--months", "4"]
    assert main(argv) == 0
    assert capsys.readouterr().out == "2027-02-28\n"


def test_between_prints_the_working_day_count(capsys):
    argv = ["calendar", "between", "--nation", "england-and-wales"]
    assert main([*argv, "--from", "2026-12-24", "--to", "2027-01-05"]) == 0
    assert capsys.readouterr().out == "5\n"


def test_holidays_lists_one_per_line_with_date_two_spaces_and_name(capsys):
    assert main(["calendar", "holidays", "--nation", "scotland", "--year", "2026"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "2026-01-01  New Year's Day"
    assert lines[-1] == "2026-12-28  Boxing Day (substitute day)"
    assert [line.split("  ", 1)[0] for line in lines] == [
        "2026-01-01",
        "2026-01-02",
        "2026-04-03",
        "2026-05-04",
        "2026-05-25",
        "2026-06-15",
        "2026-08-03",
        "2026-11-30",
        "2026-12-25",
        "2026-12-28",
    ]


ADD = ["calendar", "add", "--nation", "england-and-wales", "--from", "2026-12-24"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["calendar", "add", "--nation", "wales", "--from", "2026-12-24", "--working-days", "5"],
            "casework: error: unknown nation 'wales' (choose from england-and-wales, scotland, northern-ireland)",
        ),
        (
            ["calendar", "add", "--nation", "scotland", "--from", "24/12/2026", "--months", "1"],
            "casework: error: argument --from: invalid date '24/12/2026' (expected YYYY-MM-DD)",
        ),
        (
            ["calendar", "add", "--nation", "scotland", "--from", "2026-02-30", "--months", "1"],
            "casework: error: argument --from: invalid date '2026-02-30' (expected YYYY-MM-DD)",
        ),
        (
            [
                "calendar",
                "add",
                "--nation",
                "scotland",
                "--from",
                "2051-01-02",
                "--working-days",
                "1",
            ],
            "casework: error: no bank-holiday data for 2051 (scotland covers 2015\N{EN DASH}2035)",
        ),
        (
            ["calendar", "holidays", "--nation", "scotland", "--year", "2014"],
            "casework: error: no bank-holiday data for 2014 (scotland covers 2015\N{EN DASH}2035)",
        ),
        (
            [*ADD, "--working-days", "-3"],
            "casework: error: working days to add must be zero or more, not -3",
        ),
        (
            [*ADD, "--working-days", "five"],
            "casework: error: argument --working-days: invalid int value: 'five'",
        ),
        (ADD, "casework: error: one of the arguments --working-days --months is required"),
        (
            [*ADD, "--working-days", "5", "--months", "1"],
            "casework: error: argument --months: not allowed with argument --working-days",
        ),
        (
            ["calendar", "add", "--nation", "scotland", "--working-days", "5"],
            "casework: error: the following arguments are required: --from",
        ),
        (["calendar"], "casework: error: the following arguments are required: COMMAND"),
        ([], "casework: error: the following arguments are required: COMMAND"),
    ],
)
def test_bad_arguments_are_one_line_on_stderr_with_status_2(capsys, argv, message):
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(message)
    assert err.count("\n") == 1
    assert err.endswith("\n")
    assert "Traceback" not in err


def test_help_returns_0(capsys):
    assert main(["calendar", "add", "--help"]) == 0
    assert "--working-days N" in capsys.readouterr().out


def test_the_console_script_is_declared():
    (script,) = entry_points(group="console_scripts", name="casework")
    assert script.value == "casework.cli:main"


def test_the_command_runs_end_to_end_in_a_fresh_interpreter():
    command = [sys.executable, "-m", "casework.cli", *ADD_FIVE_DAYS_AFTER_CHRISTMAS_EVE]
    finished = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert (finished.returncode, finished.stdout, finished.stderr) == (0, "2027-01-05\n", "")


def test_errors_end_to_end_are_one_line_and_status_2():
    command = [sys.executable, "-m", "casework.cli", "calendar", "holidays", "--nation", "wales"]
    finished = subprocess.run([*command, "--year", "2026"], capture_output=True, text=True, timeout=60, check=False)
    assert finished.returncode == 2
    assert finished.stdout == ""
    assert finished.stderr.startswith("casework: error: unknown nation 'wales'")
    assert finished.stderr.count("\n") == 1


def test_importing_the_cli_does_not_import_django():
    probe = "import sys, casework.cli; print(sorted(m for m in sys.modules if m.startswith('django')))"
    finished = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True)
    assert finished.stdout == "[]\n"
