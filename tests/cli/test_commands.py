"""The command line: assess (the stable JSON contract), eval, db upgrade, demo-data, stats.

Commands run in-process through Typer's CliRunner, sharing the session's knowledge base and one
text parser (building each takes about a second); one test runs `backcheck assess --json` as a
real process, the way scripts call it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from backcheck.cli import COMMANDS, app, build_app
from backcheck.config import Config
from backcheck.knowledge import KnowledgeBase
from backcheck.language import TextParser
from backcheck.service import Services, build_services

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def text_services(kb: KnowledgeBase, parser: TextParser) -> Services:
    """What `backcheck assess` builds (no database), built once for the module."""
    # the session's parser: building one takes a second or more
    return build_services(Config(environment="test"), kb=kb, database=False, parser=parser)


@pytest.fixture
def cli(
    kb: KnowledgeBase,
    parser: TextParser,
    text_services: Services,
    monkeypatch: pytest.MonkeyPatch,
) -> CliRunner:
    """A runner whose commands reuse the loaded knowledge base and text parser."""

    def build(config: Config, kb_: KnowledgeBase | None = None, database: bool = True) -> Services:
        return text_services if not database else build_services(config, kb=kb, database=True)

    monkeypatch.setattr("backcheck.cli.assess.build_services", build)
    monkeypatch.setattr("backcheck.cli.data.build_services", build)
    monkeypatch.setattr("backcheck.cli.evaluate.load_kb", lambda: kb)
    monkeypatch.setattr("backcheck.cli.evaluate.TextParser", lambda kb_: parser)
    return CliRunner()


def assess(cli: CliRunner, *args: str, stdin: bytes | None = None) -> Result:
    """`backcheck assess ARGS`, with stdin when given."""
    return cli.invoke(app, ["assess", *args], input=stdin)


def refused(result: Result) -> str:
    """The error output of a command that stopped with exit code 2, and no traceback."""
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)  # a clean exit, not an uncaught exception
    err = result.stderr
    assert "Traceback" not in err
    return err


@pytest.fixture(scope="module")
def emergency_json() -> dict[str, Any]:
    """`backcheck assess --text ... --json` in a process of its own (the contract scripts use)."""
    text = (
        "I'm 62 and male. Sudden tearing pain between my shoulder blades an hour ago, "
        "I'm sweating and feel faint. No injury."
    )
    done = subprocess.run(
        [sys.executable, "-m", "backcheck", "assess", "--text", text, "--json"],
        capture_output=True,
        timeout=120,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr.decode()
    data: dict[str, Any] = json.loads(done.stdout)
    return data


def test_assess_json_contract(emergency_json: dict[str, Any]) -> None:
    data = emergency_json
    assert {"scope", "triage", "conditions", "evidence"} <= set(data)
    assert data["scope"] == "upper_back"
    triage = data["triage"]
    assert isinstance(triage, dict)
    assert {"level", "label", "reasons"} <= set(triage)
    assert triage["level"] == "emergency_ambulance"
    conditions = data["conditions"]
    assert isinstance(conditions, list)
    assert set(conditions[0]) >= {"id", "name", "icd10", "probability", "urgency"}
    probs = [c["probability"] for c in conditions]
    assert probs == sorted(probs, reverse=True)
    assert sum(probs) == pytest.approx(1.0, abs=1e-3)
    assert conditions[0]["id"] == "aortic_dissection"
    evidence = data["evidence"]
    assert isinstance(evidence, list)
    by_id = {e["id"]: e for e in evidence}
    assert by_id["tearing_pain"]["state"] == "present"
    assert by_id["tearing_pain"]["source"] == "text"
    assert by_id["tearing_pain"]["text"]
    assert by_id["began_after_injury"]["state"] == "absent"
    assert set(evidence[0]) >= {"id", "name", "state", "source", "text"}
    patient = data["patient"]
    assert patient == {"age": 62, "sex": "male", "pregnant": None}


def test_assess_flags_override_the_text(cli: CliRunner) -> None:
    result = assess(cli, "--text", "I'm 30, female, ache between my shoulder blades",
                    "--age", "70", "--sex", "male", "--json")  # fmt: skip
    assert result.exit_code == 0
    assert json.loads(result.stdout)["patient"]["age"] == 70
    assert json.loads(result.stdout)["patient"]["sex"] == "male"


def test_assess_reads_stdin_and_prints_urgency_first(cli: CliRunner) -> None:
    result = assess(cli, "--text", "-", stdin=b"dull ache between my shoulder blades after "
                    b"sitting at my desk all week, no numbness, no fever")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.index("URGENCY:") < out.index("What could be causing it")
    assert "not a diagnosis" in out


@pytest.mark.parametrize(
    ("stdin", "message"),
    [
        (b"", "empty"),
        (b"   \n  ", "empty"),
        (b"\x00\x01\x02binary\xff", "binary"),
        (
            "Ich habe seit drei Tagen starke Schmerzen im oberen Rücken und Fieber".encode(),
            "English",
        ),
    ],
)
def test_assess_refuses_unreadable_text(cli: CliRunner, stdin: bytes, message: str) -> None:
    err = refused(assess(cli, "--text", "-", stdin=stdin))
    assert err.startswith("error: ")
    assert message.lower() in err.lower()


def test_assess_caps_huge_text(cli: CliRunner) -> None:
    text = ("ache between my shoulder blades after lifting boxes. " * 2000).encode()
    result = assess(cli, "--text", "-", "--json", stdin=text)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert any("shortened" in w or "first" in w or "cut" in w for w in data["warnings"])


def test_assess_rejects_bad_sex(cli: CliRunner) -> None:
    assert "--sex must be" in refused(assess(cli, "--text", "back pain", "--sex", "robot"))


def test_db_demo_data_and_stats(cli: CliRunner, tmp_path: Path) -> None:
    runner = cli
    env = {"BACKCHECK_DATA_DIR": str(tmp_path)}
    upgraded = runner.invoke(app, ["db", "upgrade"], env=env)
    assert upgraded.exit_code == 0, upgraded.output
    assert "database at revision" in upgraded.stdout
    hidden = runner.invoke(app, ["stats"], env=env)
    assert "Fewer than 20 assessments" in hidden.stdout
    filled = runner.invoke(app, ["demo-data", "30", "--seed", "4"], env=env)
    assert filled.exit_code == 0, filled.output
    assert filled.stdout.strip() == "added 30 simulated demo assessments (labelled as demo data)"
    shown = runner.invoke(app, ["stats"], env=env)
    assert "Statistics for everyone: 30 completed assessments" in shown.stdout
    assert "(includes 30 simulated demo assessments)" in shown.stdout
    assert "They were most often matched with:" in shown.stdout
    bad = runner.invoke(app, ["stats", "--age-band", "ancient"], env=env)
    assert bad.exit_code == 2


def test_eval_scores_vignettes(cli: CliRunner, tmp_path: Path) -> None:
    source = ROOT / "eval" / "vignettes"
    for name in sorted(p.name for p in source.glob("*.yaml"))[:6]:
        (tmp_path / name).write_text((source / name).read_text())
    runner = cli
    result = runner.invoke(app, ["eval", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["vignettes"] == 6
    expected = {"top1", "top3", "triage_exact", "under_triage", "emergency_sensitivity",
                "over_triage", "per_condition"}  # fmt: skip
    assert set(data["assess"]) >= expected
    assert data["children"] == ["004_student_revision_posture"]
    for replies in ("dont_know", "closed_world"):
        assert data["interview"][replies]["cases"] == 5
        assert data["interview"][replies]["questions_median"] > 0
    text = runner.invoke(app, ["eval", str(tmp_path)])
    assert 'Simulated interview, patient says "don\'t know"' in text.stdout
    assert 'Simulated interview, patient says "no"' in text.stdout
    assert "1 vignettes are about someone under 18" in text.stdout
    assert "top-3" in text.stdout
    (tmp_path / "broken.yaml").write_text("id: broken\nexpected: {}\n")
    broken = runner.invoke(app, ["eval", str(tmp_path)])
    assert broken.exit_code == 2
    assert "broken.yaml" in broken.stderr


def test_the_command_line_does_not_import_the_storage_layer() -> None:
    # `backcheck assess` opens no database: building the commands must not import SQLAlchemy or
    # Alembic (they cost about a fifth of a second at every start).
    probe = (
        "import sys, backcheck.cli\n"
        "print(sorted({'sqlalchemy', 'alembic'} & {m.split('.')[0] for m in sys.modules}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "[]"


def test_a_named_command_imports_only_its_own_module() -> None:
    # `backcheck serve` starts its workers sooner when its supervisor imports neither the engine
    # nor the web app: `main` builds the command line from the named command's module alone.
    probe = (
        "import sys\n"
        "sys.argv = ['backcheck', 'serve', '--help']\n"
        "from backcheck.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "import logging.config\n"  # as uvicorn sets up logging in the supervisor
        "from backcheck.cli.serve import LOG_CONFIG\n"
        "logging.config.dictConfig(LOG_CONFIG)\n"
        "heavy = {'numpy', 'sqlalchemy', 'fastapi', 'spacy', 'backcheck.http'}\n"
        "print(sorted(heavy & set(sys.modules)), file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert "Start the web app" in done.stdout
    assert done.stderr.strip().splitlines()[-1] == "[]"


def test_the_whole_command_line_and_one_command_agree() -> None:
    whole = {c.name for c in build_app().registered_commands} | {
        g.name for g in build_app().registered_groups
    }
    assert whole == set(COMMANDS)
    for name, module in COMMANDS.items():
        part = build_app([module])
        names = {c.name for c in part.registered_commands} | {
            g.name for g in part.registered_groups
        }
        assert name in names
