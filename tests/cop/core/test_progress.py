import io

from cop.core.progress import ProgressBar


def test_progress_bar_prints_each_quarter_once_when_not_on_a_terminal():
    stream = io.StringIO()
    bar = ProgressBar("Import", stream=stream)
    for done in range(1, 35):
        bar(done, 34)
    lines = stream.getvalue().splitlines()
    assert [line.split("]")[1].split("%")[0].strip() for line in lines] == [
        "2",
        "26",
        "50",
        "76",
        "100",
    ]
    assert lines[-1].endswith("(34/34)")


def test_progress_bar_handles_an_empty_task():
    stream = io.StringIO()
    ProgressBar("Rien", stream=stream)(0, 0)
    assert "100%" in stream.getvalue()
