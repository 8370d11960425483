"""The indicator chart's geometry (measures.charts.line_chart): a pure function."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import translation

from measures.charts import line_chart, nice_step


@pytest.fixture(autouse=True)
def _german():
    with translation.override("de"):
        yield


def d(year: int, month: int = 1, day: int = 1) -> datetime.date:
    return datetime.date(year, month, day)


def test_line_runs_left_to_right_in_date_order_inside_the_plot():
    chart = line_chart(
        [(d(2025), Decimal("30")), (d(2024), Decimal("10")), (d(2024, 7), Decimal("20"))],
        width=600,
        height=240,
    )

    plot = chart["plot"]
    xs = [dot["x"] for dot in chart["dots"]]
    ys = [dot["y"] for dot in chart["dots"]]
    assert xs == sorted(xs)
    assert xs[0] == plot["left"] and xs[-1] == plot["right"]
    assert ys[0] > ys[1] > ys[2], "a rising series goes up (smaller y)"
    assert all(plot["top"] <= y <= plot["bottom"] for y in ys)
    assert chart["path"] == (f"M{xs[0]:g} {ys[0]:g} L{xs[1]:g} {ys[1]:g} L{xs[2]:g} {ys[2]:g}")
    assert re.fullmatch(r"M[\d.]+ [\d.]+( L[\d.]+ [\d.]+)*", chart["path"])
    assert not chart["empty"]


def test_x_position_is_proportional_to_time():
    chart = line_chart([(d(2024), Decimal(1)), (d(2024, 1, 11), Decimal(2)), (d(2024, 1, 21), 3)])

    left, middle, right = (dot["x"] for dot in chart["dots"])
    assert middle == pytest.approx((left + right) / 2)


def test_y_axis_has_round_ticks_with_german_labels():
    chart = line_chart([(d(2024), Decimal("120")), (d(2025), Decimal("1250.5"))])

    labels = [tick["label"] for tick in chart["y_ticks"]]
    assert labels[0] == "0"
    assert "1.000" in labels
    ys = [tick["y"] for tick in chart["y_ticks"]]
    assert ys == sorted(ys, reverse=True), "ticks go up the axis"
    assert ys[0] == chart["plot"]["bottom"]
    assert ys[-1] == chart["plot"]["top"]


def test_dot_labels_and_x_ticks_use_german_dates_and_numbers():
    chart = line_chart([(d(2024, 3, 5), Decimal("1234.5")), (d(2025, 3, 5), Decimal("2000"))])

    assert chart["dots"][0]["label"] == "05.03.2024: 1.234,5"
    assert [tick["label"] for tick in chart["x_ticks"]] == ["05.03.2024", "05.03.2025"]
    assert [tick["anchor"] for tick in chart["x_ticks"]] == ["start", "end"]


def test_english_labels_follow_the_active_language():
    with translation.override("en"):
        chart = line_chart([(d(2024, 3, 5), Decimal("1234.5")), (d(2025, 3, 5), Decimal("2000"))])

    assert chart["dots"][0]["label"].endswith("1,234.5")


def test_many_values_get_at_most_five_date_ticks_including_first_and_last():
    points = [(d(2020) + datetime.timedelta(days=30 * n), Decimal(n)) for n in range(40)]

    ticks = line_chart(points)["x_ticks"]

    assert len(ticks) == 5
    assert ticks[0]["x"] == line_chart(points)["plot"]["left"]
    assert ticks[-1]["x"] == line_chart(points)["plot"]["right"]


def test_baseline_and_target_are_reference_lines_within_the_scale():
    chart = line_chart(
        [(d(2024), Decimal("40")), (d(2025), Decimal("60"))],
        baseline=Decimal("10"),
        target=Decimal("100"),
    )

    plot = chart["plot"]
    assert chart["target"]["label"] == "100"
    assert chart["baseline"]["label"] == "10"
    assert plot["top"] <= chart["target"]["y"] < chart["baseline"]["y"] <= plot["bottom"]
    assert chart["target"]["y"] < min(dot["y"] for dot in chart["dots"])


def test_a_single_value_sits_in_the_middle():
    chart = line_chart([(d(2024), Decimal("12.5"))])

    dot = chart["dots"][0]
    assert dot["x"] == pytest.approx((chart["plot"]["left"] + chart["plot"]["right"]) / 2)
    assert chart["plot"]["top"] < dot["y"] < chart["plot"]["bottom"]
    assert chart["path"].startswith("M")


def test_constant_values_still_get_a_scale():
    chart = line_chart([(d(2024), Decimal("5")), (d(2025), Decimal("5"))])

    assert len(chart["y_ticks"]) >= 2
    assert chart["dots"][0]["y"] == chart["dots"][1]["y"]


def test_negative_values_are_drawn_below_zero():
    chart = line_chart([(d(2024), Decimal("-20")), (d(2025), Decimal("30"))])

    zero = next(tick for tick in chart["y_ticks"] if tick["label"] == "0")
    assert chart["dots"][0]["y"] > zero["y"] > chart["dots"][1]["y"]


def test_no_values_give_an_empty_chart():
    chart = line_chart([], baseline=Decimal("0"), target=Decimal("10"))

    assert chart["empty"] is True
    assert chart["path"] == "" and chart["dots"] == [] and chart["y_ticks"] == []


@pytest.mark.parametrize(
    ("span", "step"),
    [(10, 2), (100, 20), (1500, 500), (7, 2), (0.9, 0.2), (0, 1)],
)
def test_nice_step_is_a_round_number(span, step):
    assert nice_step(span) == pytest.approx(step)
