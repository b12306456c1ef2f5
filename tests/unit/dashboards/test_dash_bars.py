"""The shared bar-chart builder on its own."""

from __future__ import annotations

from dashboards.bars import Series, stacked_counts


def test_horizontal_bars_put_labels_on_y_and_grow_with_them() -> None:
    parts = [Series("on time", "#111", [1, 2, 3]), Series("late", "#222", [0, 1, 4])]
    fig = stacked_counts(["a", "b", "c"], parts, "actions", horizontal=True, row_height=100)
    first = fig["data"][0]
    assert (first["orientation"], first["y"], first["x"]) == ("h", ["a", "b", "c"], [1, 2, 3])
    assert fig["layout"]["height"] == 100 * 3 + 85
    assert fig["layout"]["barmode"] == "stack"
    assert fig["layout"]["xaxis"]["title"]["text"] == "actions"
    assert fig["layout"]["xaxis"]["dtick"] == 1  # the largest stack is 7: whole steps only


def test_vertical_bars_keep_labels_on_x_and_the_default_height() -> None:
    parts = [Series("tier", "#111", [40, 50], {"hovertemplate": "%{y}"})]
    fig = stacked_counts(["x", "y"], parts, "suppliers", bargap=0.35)
    trace = fig["data"][0]
    assert "orientation" not in trace and trace["x"] == ["x", "y"] and trace["y"] == [40, 50]
    assert trace["hovertemplate"] == "%{y}" and trace["marker"] == {"color": "#111"}
    assert fig["layout"]["bargap"] == 0.35 and "dtick" not in fig["layout"]["yaxis"]
