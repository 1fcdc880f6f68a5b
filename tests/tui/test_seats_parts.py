"""Small parts of the seats integration: the timer's duration parser and the terminal QR code."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wargame.tui.dialogs.timer import parse_minutes
from wargame.tui.widgets.qr import qr_lines


@given(st.integers(0, 600), st.integers(0, 59))
def test_minutes_and_seconds(m, s):
    if m == 0 and s == 0:
        with pytest.raises(ValueError, match="at least one second"):
            parse_minutes(f"{m}:{s:02d}")
    else:
        assert parse_minutes(f" {m}:{s:02d} ") == m * 60 + s


@given(st.decimals(min_value="0.05", max_value="600", places=2))
def test_decimal_minutes(x):
    assert parse_minutes(str(x)) == round(float(x) * 60)


@given(st.text(max_size=12))
def test_any_text_is_a_duration_or_a_plain_refusal(text):
    try:
        seconds = parse_minutes(text)
    except ValueError as e:
        assert "duration" in str(e) or "second" in str(e)
    else:
        assert isinstance(seconds, int) and seconds >= 1


@pytest.mark.parametrize("text", ["4:75", "abc", "", "-3", "1:2:3", "nan", "inf", "-inf", "1e400"])
def test_refused(text):
    with pytest.raises(ValueError):
        parse_minutes(text)


@settings(max_examples=25, deadline=None)
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_", min_size=1, max_size=44))
def test_qr_lines_are_the_code_modules_two_rows_a_line(token):
    import segno

    url = f"http://192.168.1.20:8765/s/{token}"
    matrix = [[bool(m) for m in row] for row in segno.make(url, error="l").matrix_iter(border=2)]
    lines = qr_lines(url)
    assert set("".join(lines)) <= set("█▀▄ ")
    assert len(lines) == (len(matrix) + 1) // 2 and {len(line) for line in lines} == {len(matrix[0])}
    top = {"█": True, "▀": True, "▄": False, " ": False}
    bottom = {"█": True, "▀": False, "▄": True, " ": False}
    rebuilt = []
    for line in lines:
        rebuilt.append([top[c] for c in line])
        rebuilt.append([bottom[c] for c in line])
    assert rebuilt[: len(matrix)] == matrix
