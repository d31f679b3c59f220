"""Charts drawn in the terminal: bars (stacked or not) and a timeline, with textual-plotext.

Pure presentation: a chart is given plain data (``BarData``, ``TimelineData``:
labels, counts, dates, colours) and knows nothing of the database, so it is
tested on its own and any screen can feed it. Each chart is a title line with
its legend (coloured squares, the same colours as the plot), the plot, and
under it a note (what the plot cannot show: "2 undated"); with nothing to draw
it says so in words instead of drawing empty axes.

The plot's height follows its data (three rows a bar: two drawn, one gap, so
neighbouring bars never run together); its width is the chart's. Counts are
whole numbers, so the axis ticks are too. The output depends only on the data,
the size and the app's theme, so snapshots of it are stable.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static
from textual_plotext import PlotextPlot

RGB = tuple[int, int, int]

ROWS_PER_BAR = 2  # a row drawn, a row between two bars
AXES_ROWS = 3  # the frame's top, the axis with its ticks, the tick labels
TICK_EVERY = 8  # columns between two labelled ticks, at least
BAR_WIDTH = 0.01  # thin: one row (plotext widens a bar to whole rows)


@dataclass(frozen=True)
class Series:
    """One coloured part of every bar (stacked in the order given)."""

    name: str
    values: tuple[int, ...]  # one per bar
    color: RGB


@dataclass(frozen=True)
class BarData:
    """Horizontal bars, one per label (first label at the top), each stacked of the series."""

    title: str
    labels: tuple[str, ...]
    series: tuple[Series, ...]
    empty: str = "nothing to show"  # said instead of drawing when there is no count at all
    note: str = ""  # under the plot

    @property
    def totals(self) -> list[int]:
        return [sum(s.values[i] for s in self.series) for i in range(len(self.labels))]

    @property
    def is_empty(self) -> bool:
        return not self.labels or not any(self.totals)


@dataclass(frozen=True)
class TimelinePoint:
    """A document on the timeline: where (a year with its fraction), which row, its label."""

    at: float  # 2021.5: the middle of 2021
    row: str  # the row it is drawn on ('action plan', 'IRP report')
    label: str
    color: RGB


@dataclass(frozen=True)
class TimelineData:
    title: str
    rows: tuple[str, ...]  # bottom to top
    points: tuple[TimelinePoint, ...]
    empty: str = "no dated document"
    note: str = ""
    legend: tuple[tuple[str, RGB], ...] = field(default=())


def legend_line(title: str, legend: tuple[tuple[str, RGB], ...], width: int = 0) -> Text:
    """'Title  ■ name  ■ name', each square in its series' colour; with ``width``, a new
    line before an item that would not fit, so that an item is never cut in two."""
    text = Text(title, style="bold")
    column = len(title)
    for name, (r, g, b) in legend:
        item = 4 + len(name)
        if width and column + item > width:
            text.append("\n")
            column = -2  # the line starts with the square, not the gap
            text.append("■ ", style=Style(color=f"rgb({r},{g},{b})"))
        else:
            text.append("  ■ ", style=Style(color=f"rgb({r},{g},{b})"))
        text.append(name)
        column += item
    return text


def count_ticks(top: int, columns: int) -> list[int]:
    """Whole-number ticks from 0 past ``top``, no closer than TICK_EVERY columns apart."""
    top = max(top, 1)
    most = max(1, columns // TICK_EVERY)
    step = 1
    for candidate in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000):
        step = candidate
        if math.ceil(top / candidate) <= most:
            break
    else:
        step = math.ceil(top / most)
    return list(range(0, top + step, step)) if top % step else list(range(0, top + 1, step))


def bar_plot_rows(bars: int) -> int:
    """A row a bar and one between two, the frame and the axis."""
    return max(1, bars) * ROWS_PER_BAR - 1 + AXES_ROWS


class ChartPlot(PlotextPlot):
    """A plotext plot whose text is built once per drawing, size and theme.

    ``PlotextPlot`` builds the whole plot again each time Textual renders it (every
    refresh of the screen under it); plotext's build is the slow part of opening a
    screen of charts, so it is kept until the plot, its size or the theme changes.
    """

    def __init__(self) -> None:
        super().__init__()
        self.version = 0  # one more each time the figure is drawn again
        self._built: tuple[tuple, object] | None = None

    def render(self):
        key = (self.version, self.size, self.app.theme, self.theme)
        if self._built is None or self._built[0] != key:
            self._built = (key, super().render())
        return self._built[1]


class Chart(Vertical):
    """A title with its legend, a plot, a note; shows a sentence when there is no data.

    Subclasses say whether there is anything to draw (``has_data``) and draw it on a
    plotext figure of a given width (``draw``); the chart draws again when its width
    changes.
    """

    DEFAULT_CSS = """
    Chart { height: auto; }
    Chart > .chart-title { height: auto; }
    Chart > .chart-note { height: auto; color: $text-muted; }
    Chart > .chart-empty { height: auto; color: $text-muted; padding: 0 0 1 2; }
    Chart > ChartPlot { height: 5; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.data: BarData | TimelineData | None = None
        self._title: tuple[str, tuple[tuple[str, RGB], ...]] = ("", ())
        self._drawn_width = 0

    def compose(self) -> ComposeResult:
        yield Static("", classes="chart-title")
        yield Static("", classes="chart-empty")
        yield ChartPlot()
        yield Static("", classes="chart-note")

    def has_data(self) -> bool:
        raise NotImplementedError

    def draw(self, plt, width: int) -> None:
        raise NotImplementedError

    def _show_title(self) -> None:
        title, legend = self._title
        line = legend_line(title, legend, self.size.width)
        self.query_one(".chart-title", Static).update(line)

    def _frame(
        self,
        title: str,
        legend: tuple[tuple[str, RGB], ...],
        empty: str | None,
        note: str,
        plot_rows: int,
    ) -> None:
        """Show the title with its legend, the empty sentence or the plot (drawn at this
        height and the chart's width), and the note."""
        self._title = (title, legend)
        self._show_title()
        empty_line = self.query_one(".chart-empty", Static)
        empty_line.update(empty or "")
        empty_line.display = empty is not None
        plot = self.query_one(ChartPlot)
        plot.display = empty is None
        plot.styles.height = plot_rows
        note_line = self.query_one(".chart-note", Static)
        note_line.update(note)
        note_line.display = bool(note)
        self._drawn_width = 0
        self._redraw()

    def on_resize(self) -> None:
        self._show_title()
        self._redraw()

    def _redraw(self) -> None:
        width = self.size.width
        if not width or width == self._drawn_width or not self.has_data():
            return  # not laid out yet (a resize follows), the same, or nothing to draw
        plot = self.query_one(ChartPlot)
        plot.plt.clear_figure()
        self.draw(plot.plt, width)
        plot.version += 1
        plot.refresh()
        self._drawn_width = width


class BarChart(Chart):
    """Horizontal bars of whole counts, stacked of coloured series (``BarData``)."""

    data: BarData | None

    def show(self, data: BarData) -> None:
        self.data = data
        legend = tuple((s.name, s.color) for s in data.series)
        empty = data.empty if data.is_empty else None
        self._frame(data.title, legend, empty, data.note, bar_plot_rows(len(data.labels)))

    def has_data(self) -> bool:
        return self.data is not None and not self.data.is_empty

    def draw(self, plt, width: int) -> None:
        draw_bars(plt, self.data, width)


def draw_bars(plt, data: BarData, width: int) -> None:
    """Draw ``data`` on a plotext figure ``plt`` that is ``width`` columns wide.

    Each stack is drawn as bars of running totals, longest first, each shorter one
    over it in its own colour: plotext's own stacked bars shift a bar by a column
    where a part is zero. A part that is zero is not drawn at all.
    """
    count = len(data.labels)
    places = list(range(count, 0, -1))  # plotext counts from the bottom: first label on top
    label_width = max(len(label) for label in data.labels)
    ticks = count_ticks(max(data.totals), width - label_width - 3)
    running = [0] * count
    layers = []
    for series in data.series:
        running = [r + v for r, v in zip(running, series.values, strict=True)]
        layers.append((series, list(running)))
    for series, totals in reversed(layers):
        drawn = [i for i in range(count) if series.values[i] > 0]
        if drawn:
            plt.bar(
                [places[i] for i in drawn],
                [totals[i] for i in drawn],
                color=series.color,
                width=BAR_WIDTH,
                orientation="h",
            )
    if count > 1:  # one row a bar, one between two: row = 2 * (place - 1)
        plt.ylim(1, count)
    else:
        plt.ylim(0.5, 1.5)
    plt.yticks(places, list(data.labels))
    plt.xlim(0, ticks[-1])
    plt.xticks(ticks, [str(t) for t in ticks])


class TimelineChart(Chart):
    """Documents as points along the years, one row per kind (``TimelineData``)."""

    data: TimelineData | None

    def show(self, data: TimelineData) -> None:
        self.data = data
        empty = None if data.points else data.empty
        rows = 2 * len(data.rows) + AXES_ROWS
        self._frame(data.title, data.legend, empty, data.note, rows)

    def has_data(self) -> bool:
        return self.data is not None and bool(self.data.points)

    def draw(self, plt, width: int) -> None:
        draw_timeline(plt, self.data, width)


def year_ticks(first: int, last: int, columns: int) -> list[int]:
    """Whole years from ``first`` to ``last``, thinned to one every TICK_EVERY columns."""
    span = max(1, last - first)
    most = max(1, columns // TICK_EVERY)
    step = max(1, math.ceil(span / most))
    return list(range(first, last + 1, step))


def draw_timeline(plt, data: TimelineData, width: int) -> None:
    """Each point as a marker with its label beside it, on its kind's row."""
    first = math.floor(min(p.at for p in data.points))
    columns = max(1, width - max(len(r) for r in data.rows) - 3)
    low = first - 0.2
    high = math.floor(max(p.at for p in data.points)) + 1.2
    for point in data.points:  # room on the right for each label
        share = (2 + len(point.label)) / columns
        if share < 1:
            high = max(high, (point.at - share * low) / (1 - share))
    column = (high - low) / columns  # one column, in years
    ticks = year_ticks(first, math.floor(high), columns)
    for point in data.points:
        y = data.rows.index(point.row) + 1
        plt.scatter([point.at], [y], marker="●", color=point.color)
        plt.text(point.label, point.at + 2 * column, y, color=point.color, alignment="left")
    plt.xlim(low, high)
    plt.xticks(ticks, [str(t) for t in ticks])
    plt.ylim(0.5, len(data.rows) + 0.5)
    plt.yticks(list(range(1, len(data.rows) + 1)), list(data.rows))
