"""The command line: assess (the stable JSON contract), eval, db upgrade, demo-data, stats."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from backcheck.cli import app

ROOT = Path(__file__).resolve().parents[2]


def run_cli(
    *args: str, stdin: bytes | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "backcheck", *args],
        input=stdin,
        capture_output=True,
        timeout=120,
        env=env,
        cwd=ROOT,
    )


@pytest.fixture(scope="module")
def emergency_json() -> dict[str, object]:
    text = (
        "I'm 62 and male. Sudden tearing pain between my shoulder blades an hour ago, "
        "I'm sweating and feel faint. No injury."
    )
    done = run_cli("assess", "--text", text, "--json")
    assert done.returncode == 0, done.stderr.decode()
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def test_assess_json_contract(emergency_json: dict[str, object]) -> None:
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


def test_assess_flags_override_the_text() -> None:
    done = run_cli("assess", "--text", "I'm 30, female, ache between my shoulder blades",
                   "--age", "70", "--sex", "male", "--json")  # fmt: skip
    assert done.returncode == 0
    assert json.loads(done.stdout)["patient"]["age"] == 70
    assert json.loads(done.stdout)["patient"]["sex"] == "male"


def test_assess_reads_stdin_and_prints_urgency_first() -> None:
    done = run_cli("assess", "--text", "-", stdin=b"dull ache between my shoulder blades after "
                   b"sitting at my desk all week, no numbness, no fever")  # fmt: skip
    assert done.returncode == 0, done.stderr.decode()
    out = done.stdout.decode()
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
def test_assess_refuses_unreadable_text(stdin: bytes, message: str) -> None:
    done = run_cli("assess", "--text", "-", stdin=stdin)
    assert done.returncode == 2
    err = done.stderr.decode()
    assert err.startswith("error: ")
    assert message.lower() in err.lower()
    assert "Traceback" not in err


def test_assess_caps_huge_text() -> None:
    text = ("ache between my shoulder blades after lifting boxes. " * 2000).encode()
    done = run_cli("assess", "--text", "-", "--json", stdin=text)
    assert done.returncode == 0, done.stderr.decode()
    data = json.loads(done.stdout)
    assert any("shortened" in w or "first" in w or "cut" in w for w in data["warnings"])


def test_assess_rejects_bad_sex() -> None:
    done = run_cli("assess", "--text", "back pain", "--sex", "robot")
    assert done.returncode == 2
    assert b"--sex must be" in done.stderr


def test_db_demo_data_and_stats(tmp_path: Path) -> None:
    runner = CliRunner()
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


def test_eval_scores_vignettes(tmp_path: Path) -> None:
    source = ROOT / "eval" / "vignettes"
    for name in sorted(p.name for p in source.glob("*.yaml"))[:6]:
        (tmp_path / name).write_text((source / name).read_text())
    runner = CliRunner()
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
