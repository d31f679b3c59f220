"""A progress bar column for ``hmip-review import``: documents per second."""

from __future__ import annotations

from rich.progress import ProgressColumn, Task
from rich.text import Text


class DocumentsPerSecondColumn(ProgressColumn):
    """'12.3 docs/s' once the speed is known (rich averages it over the last steps)."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        if not speed:
            return Text("– docs/s", style="progress.data.speed")
        return Text(f"{speed:.1f} docs/s", style="progress.data.speed")
