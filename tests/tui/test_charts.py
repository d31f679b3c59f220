"""The chart widgets on their own: plain data in, a plot (or a sentence) out."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Static
from textual_plotext import PlotextPlot
from textual_plotext.plot import Plot

from tui.widgets.charts import (
    BarChart,
    BarData,
    Series,
    TimelineChart,
    TimelineData,
    TimelinePoint,
    bar_plot_rows,
    count_ticks,
    draw_bars,
    draw_timeline,
    legend_line,
)

GREEN, ORANGE, RED = (76, 175, 80), (255, 152, 0), (229, 57, 53)

AGREEMENT = BarData(
    "Agreement per plan",
    ("2015", "2018", "2021"),
    (
        Series("Agreed", (10, 4, 8), GREEN),
        Series("Partly agreed", (3, 0, 4), ORANGE),
        Series("Not agreed", (1, 0, 0), RED),
    ),
)


def drawn(draw, data, width: int, height: int) -> list[str]:
    plt = Plot()
    plt.plotsize(width, height)
    plt.theme("clear")
    draw(plt, data, width)
    return plt.uncolorize(plt.build()).splitlines()


def row_of(lines: list[str], label: str) -> str:
    return next(line for line in lines if line.startswith(label))


def test_count_ticks_are_whole_numbers_past_the_largest_count():
    assert count_ticks(14, 40) == [0, 5, 10, 15]
    assert count_ticks(3, 40) == [0, 1, 2, 3]
    assert count_ticks(0, 40) == [0, 1]
    ticks = count_ticks(997, 30)
    assert ticks[0] == 0 and ticks[-1] >= 997 and len(ticks) <= 30 // 8 + 1
    assert all(isinstance(t, int) for t in ticks)


def test_bars_are_drawn_first_label_on_top_and_as_long_as_their_totals():
    lines = drawn(draw_bars, AGREEMENT, 44, bar_plot_rows(3))
    labelled = [line[:4] for line in lines if line[:4] in AGREEMENT.labels]
    assert labelled == ["2015", "2018", "2021"]  # in time order, top down
    lengths = {label: row_of(lines, label).count("█") for label in AGREEMENT.labels}
    assert lengths["2015"] > lengths["2021"] > lengths["2018"] > 0  # totals 14, 4, 12
    ticks = lines[-1].split()
    assert ticks == ["0", "5", "10", "15"]


def test_the_same_data_draws_the_same_text():
    assert drawn(draw_bars, AGREEMENT, 50, 11) == drawn(draw_bars, AGREEMENT, 50, 11)


def test_timeline_puts_each_document_on_its_kinds_row_with_its_label():
    data = TimelineData(
        "Documents",
        ("plan", "IRP"),
        (
            TimelinePoint(2015.2, "plan", "2015", GREEN),
            TimelinePoint(2018.5, "plan", "2018", GREEN),
            TimelinePoint(2022.4, "IRP", "2022", ORANGE),
        ),
    )
    lines = drawn(draw_timeline, data, 60, 7)
    plan, irp = row_of(lines, "plan"), row_of(lines, " IRP")
    assert "● 2015" in plan and "● 2018" in plan and "2022" not in plan
    assert "● 2022" in irp
    assert plan.index("2015") < plan.index("2018") < irp.index("2022")  # along the years
    assert "│" in irp[irp.index("2022") :]  # the label is inside the frame, not cut


def test_legend_line_names_every_series_and_never_cuts_one():
    legend = (("Agreed", GREEN), ("Not agreed", RED))
    text = legend_line("Agreement", legend)
    assert text.plain == "Agreement  ■ Agreed  ■ Not agreed"
    squares = [span for span in text.spans if "rgb(229,57,53)" in str(span.style)]
    assert squares  # in its series' colour
    narrow = legend_line("Agreement", legend, width=26)
    assert narrow.plain == "Agreement  ■ Agreed\n■ Not agreed"


class ChartsApp(App[None]):
    def compose(self) -> ComposeResult:
        yield BarChart(id="bars")
        yield BarChart(id="none")
        yield TimelineChart(id="timeline")


async def test_charts_show_their_data_or_say_there_is_none():
    app = ChartsApp()
    async with app.run_test(size=(80, 40)) as pilot:
        app.query_one("#bars", BarChart).show(AGREEMENT)
        app.query_one("#none", BarChart).show(
            BarData("IRP judgements", (), (), empty="no IRP report for this prison")
        )
        app.query_one("#timeline", TimelineChart).show(
            TimelineData("Documents", ("plan",), (), empty="no dated document")
        )
        await pilot.pause()
        bars = app.query_one("#bars", BarChart)
        assert bars.query_one(PlotextPlot).display
        assert bars.query_one(PlotextPlot).size.height == bar_plot_rows(3)
        rendered = bars.query_one(PlotextPlot).render().plain
        assert "2015" in rendered and "2021" in rendered
        none = app.query_one("#none", BarChart)
        assert not none.query_one(PlotextPlot).display
        assert "no IRP report" in str(none.query_one(".chart-empty", Static).render())
        timeline = app.query_one("#timeline", TimelineChart)
        assert not timeline.query_one(PlotextPlot).display
        assert "no dated document" in str(timeline.query_one(".chart-empty", Static).render())
