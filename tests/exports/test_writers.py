import io

import pytest

from portal.exports.charts import bar_chart_svg
from portal.exports.writers import neutralise, write_csv


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_text_a_spreadsheet_would_run_gets_a_leading_quote(value):
    assert neutralise(value) == "'" + value


@pytest.mark.parametrize("value", ["CMAC", "", "1=1", -5, 3.5, None])
def test_other_values_are_untouched(value):
    assert neutralise(value) == value


def test_csv_reports_progress_every_chunk_and_at_the_end():
    calls = []
    target = io.BytesIO()
    count = write_csv(target, ["n"], ((n,) for n in range(4001)), calls.append)
    assert count == 4001
    assert calls == [2000, 4000, 4001]
    assert target.getvalue().startswith(b"\xef\xbb\xbfn\r\n0\r\n")


def test_chart_escapes_labels_and_scales_bars_to_the_largest():
    svg = str(bar_chart_svg([("<b>A&B</b>", 10), ("C", 5)], title="T"))
    assert "&lt;b&gt;A&amp;B&lt;/b&gt;" in svg
    assert 'width="380"' in svg and 'width="190"' in svg
    assert svg.startswith("<svg") and "<title>T</title>" in svg


def test_chart_is_drawn_right_to_left_in_arabic():
    from django.utils import translation

    with translation.override("ar"):
        svg = str(bar_chart_svg([("A", 10), ("C", 5)], title="T"))
    assert 'direction="rtl"' in svg
    # The bars grow leftwards from the labels on the right: the longest starts at 640-210-380.
    assert '<rect x="50" y="0" width="380"' in svg


def test_chart_values_are_grouped_for_the_reader():
    from django.utils import translation

    with translation.override("en"):
        svg = str(bar_chart_svg([("Participants", 12500)], title="T"))
    assert ">12,500</text>" in svg
