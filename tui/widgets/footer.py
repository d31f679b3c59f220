"""The footer of every review screen: Textual's, with help and quit always in sight.

At 80 columns the screen's keys do not all fit, and Textual's footer cuts the
row on the right, where ``?`` and ``q`` would be. This one keeps them and the
palette key together on the right, hides the keys that no longer fit (never
half a word), and shows a group of keys as one entry ("1–5 Judge").
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import HorizontalGroup
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

# the actions always shown, on the right, in this order (then the palette key)
PRIORITY_ACTIONS = ("help", "app.help", "quit", "app.quit")


class ReviewFooter(Footer):
    """A footer whose help, quit and palette keys are never cut off at narrow widths."""

    DEFAULT_CSS = """
    ReviewFooter {
        #footer-always {
            dock: right;
            width: auto;
            height: 1;
            background: $footer-background;
        }
        #footer-always FooterKey.-command-palette {
            dock: none;
        }
    }
    """

    def __init__(self) -> None:
        super().__init__(compact=True)

    def _key(self, binding: Binding, enabled: bool, tooltip: str, **kwargs) -> FooterKey:
        return FooterKey(
            binding.key,
            self.app.get_key_display(binding),
            binding.description,
            binding.action,
            disabled=not enabled,
            tooltip=tooltip or binding.tooltip,
            **kwargs,
        ).data_bind(compact=Footer.compact)

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        active = self.screen.active_bindings
        shown: dict[str, tuple[Binding, bool, str]] = {}
        for _, binding, enabled, tooltip in active.values():
            if binding.show:
                shown.setdefault(binding.action, (binding, enabled, tooltip))
        always: dict[str, FooterKey] = {}
        groups_done: set[str] = set()
        for binding, enabled, tooltip in shown.values():
            if binding.action in PRIORITY_ACTIONS:
                always[binding.action] = self._key(binding, enabled, tooltip)
            elif binding.group is None:
                yield self._key(binding, enabled, tooltip)
            elif binding.group.description not in groups_done:
                groups_done.add(binding.group.description)
                members = [b for b, _, _ in shown.values() if b.group == binding.group]
                first, last = members[0], members[-1]
                display = self.app.get_key_display
                yield FooterKey(
                    binding.key,
                    f"{display(first)}–{display(last)}" if len(members) > 1 else display(first),
                    binding.group.description,
                    binding.action,
                    disabled=not enabled,
                    tooltip=binding.group.description,
                ).data_bind(compact=Footer.compact)
        keys = [always[a] for a in PRIORITY_ACTIONS if a in always]
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            palette = active.get(self.app.COMMAND_PALETTE_BINDING)
            if palette is not None:
                _, binding, enabled, _ = palette
                keys.append(self._key(binding, enabled, "", classes="-command-palette"))
        if keys:
            yield HorizontalGroup(*keys, id="footer-always")

    async def recompose(self) -> None:
        await super().recompose()
        self.call_after_refresh(self._fit)

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        """Hide the keys that would be cut, rather than show half a word. Measured from
        the keys' text, not their layout: a screen under another is not laid out."""

        def width(key: FooterKey) -> int:
            styles = key.styles
            content = key.get_content_width(self.size, self.size)
            return content + styles.gutter.width + styles.margin.left + styles.margin.right

        room = self.size.width - sum(width(k) for k in self.query("#footer-always FooterKey"))
        used = 0
        for key in self.query_children(FooterKey):
            used += width(key)
            key.display = used <= room
