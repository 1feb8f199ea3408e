"""The command-line contract that acceptance relies on: ``python -m faq match|check|eval``."""

import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
FIXTURE = Path(__file__).parent / "fixtures" / "faq" / "content"


def run(*args: str, stdin: str = "", content: Path = FIXTURE) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BOT_CONTENT_DIR": str(content), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "faq", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=ROOT,
        timeout=60,
    )


def records(out: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.splitlines()]


def test_match_arguments_print_one_json_object_each() -> None:
    proc = run("match", "ho ngheo vay von bao nhieu", "thẻ bhyt bị mất làm lại ở đâu")
    assert proc.returncode == 0, proc.stderr
    got = records(proc.stdout)
    assert [r["q"] for r in got] == ["ho ngheo vay von bao nhieu", "thẻ bhyt bị mất làm lại ở đâu"]
    assert [r["id"] for r in got] == ["tin_dung.vay_ho_ngheo", "bhyt.cap_the"]
    assert all(isinstance(r["score"], float) and 0 <= r["score"] <= 1 for r in got)


def test_match_reads_stdin_lines_and_keeps_vietnamese_unescaped() -> None:
    text = "thủ tục vay vốn nhcsxh\n\ngiá vàng hôm nay\n😀\n"
    proc = run("match", stdin=text)
    assert proc.returncode == 0, proc.stderr
    got = records(proc.stdout)
    assert [r["q"] for r in got] == ["thủ tục vay vốn nhcsxh", "", "giá vàng hôm nay", "😀"]
    assert [r["id"] for r in got] == ["tin_dung.thu_tuc", None, None, None]
    assert "thủ tục" in proc.stdout  # ensure_ascii=False


def test_match_reads_json_lines_with_the_earlier_messages() -> None:
    earlier = "nhà tôi hộ nghèo muốn vay vốn ngân hàng chính sách"
    lines = [
        json.dumps({"q": "còn hộ cận nghèo thì sao?", "previous": [earlier]}),
        json.dumps({"q": "còn hộ cận nghèo thì sao?"}),
        "bhyt ho ngheo va vay von ho ngheo",
    ]
    got = records(run("match", stdin="\n".join(lines) + "\n", content=ROOT / "content").stdout)
    assert got[0]["q"] == "còn hộ cận nghèo thì sao?"
    assert (got[0]["id"], got[0]["outcome"]) == ("tin_dung.vay_can_ngheo", "answer")
    assert got[1]["id"] != "tin_dung.vay_can_ngheo"
    assert got[1]["suggestions"], "best guesses also when not answered"
    assert {got[2]["id"], *got[2]["also"]} == {"bhyt.ho_ngheo", "tin_dung.vay_ho_ngheo"}


def test_eval_strips_diacritics_on_request(tmp_path: Path) -> None:
    labelled = tmp_path / "q.tsv"
    labelled.write_text("bhyt.cap_the\tthẻ bhyt bị mất làm lại ở đâu\n", encoding="utf-8")
    proc = run("eval", str(labelled), "--strip-diacritics")
    assert proc.returncode == 0, proc.stderr
    assert "answered right: 1.000; ranked first: 1.000" in proc.stdout


def test_match_nfd_question_gives_the_nfc_result() -> None:
    nfc = "hộ nghèo có được cấp thẻ bảo hiểm y tế miễn phí không"
    got = records(run("match", nfc, unicodedata.normalize("NFD", nfc)).stdout)
    assert got[0]["id"] == got[1]["id"] == "bhyt.ho_ngheo"
    assert got[0]["score"] == got[1]["score"]


def test_check_passes_on_valid_content() -> None:
    proc = run("check", "--catalogue", str(FIXTURE / "absent.yaml"))
    assert proc.returncode == 0, proc.stdout
    assert proc.stdout.strip().splitlines()[-1].startswith("content ok: 3 topics, 6 intents")


def test_check_fails_with_one_line_per_problem(tmp_path: Path) -> None:
    broken = tmp_path / "content"
    (broken / "faq").mkdir(parents=True)
    text = (FIXTURE / "faq" / "bot.yaml").read_text(encoding="utf-8")
    text = text.replace("kind: action", "kind: flow").replace("reviewed: 2025-01-15", "reviewed: x")
    (broken / "faq" / "bot.yaml").write_text(text, encoding="utf-8")
    proc = run("--content", str(broken), "check", "--catalogue", str(tmp_path / "none.yaml"))
    assert proc.returncode == 1
    errors = [line for line in proc.stdout.splitlines() if line.startswith("error:")]
    assert any("bot.chao_hoi: kind must be" in e for e in errors)
    assert sum("reviewed is not a YYYY-MM-DD date" in e for e in errors) == 2


def test_eval_prints_the_three_figures(tmp_path: Path) -> None:
    tsv = tmp_path / "q.tsv"
    tsv.write_text(
        "bhyt.cap_the\tmat the bhyt thi lam lai o dau\n\tgia vang hom nay\n", encoding="utf-8"
    )
    proc = run("eval", str(tsv))
    assert proc.returncode == 0, proc.stderr
    assert "in-scope top-1 accuracy: 1.000 (1/1;" in proc.stdout
    assert "out-of-scope abstained: 1.000 (1/1)" in proc.stdout
    assert "confident-wrong rate: 0.000 (0/2)" in proc.stdout


def test_eval_pairs_counts_how_both_questions_are_served(tmp_path: Path) -> None:
    pairs = tmp_path / "pairs.tsv"
    pairs.write_text(
        "# first<TAB>second<TAB>message\n"
        "tin_dung.vay_can_ngheo\tbhyt.can_ngheo\t"
        "hộ cận nghèo có được vay vốn không, thẻ bhyt được hỗ trợ bao nhiêu phần trăm\n"
        "giao_duc.mien_hoc_phi\tbot.lien_he\tcho hỏi trời hôm nay có mưa không\n",
        encoding="utf-8",
    )
    out = run("eval", "--pairs", str(pairs), content=ROOT / "content").stdout
    assert "both: 1 (0.500)" in out
    assert "one: 0 (0.000)" in out
    assert "missed: 1 (0.500)" in out
    refused = run("eval", "--pairs", "--cv", "5", str(pairs), content=ROOT / "content")
    assert refused.returncode == 2 and "--pairs" in refused.stderr


def test_output_read_only_in_part_ends_quietly(tmp_path: Path) -> None:
    """`python -m faq match < questions | head -1`: the reader closes the pipe after one line,
    long before the output ends (more than a pipe's buffer); the command ends as any filter
    does, without an error on stderr."""
    questions = tmp_path / "questions.txt"
    questions.write_text("hộ nghèo vay vốn được bao nhiêu\n" * 2000, encoding="utf-8")
    env = {**os.environ, "BOT_CONTENT_DIR": str(FIXTURE), "PYTHONIOENCODING": "utf-8"}
    with questions.open("rb") as stdin:
        proc = subprocess.Popen(
            [sys.executable, "-m", "faq", "match"],
            stdin=stdin,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            cwd=ROOT,
        )
        assert proc.stdout is not None and proc.stderr is not None
        assert proc.stdout.readline().startswith(b'{"q"')
        proc.stdout.close()
        assert proc.wait(timeout=120) == 0
        assert proc.stderr.read() == b""
        proc.stderr.close()


def test_crossval_prints_a_figure_and_the_weakest_intents() -> None:
    proc = run("crossval", "--folds", "2")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("phrasings ranked first by the other folds: ")
    assert "weakest intents:" in proc.stdout


@pytest.mark.parametrize("command", ["match", "check", "eval", "calibrate", "crossval"])
def test_every_command_has_help(command: str) -> None:
    proc = run(command, "--help")
    assert proc.returncode == 0
    assert command in proc.stdout
