"""A long operation's progress on the screen that started it, with « Annuler »."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget

from frontdesk.progress import Progress
from frontdesk.ui.text import typo
from frontdesk.ui.widgets import button

POLL_MS = 100


class ProgressPanel(QWidget):
    """Hidden until an operation runs; the rest of the screen stays usable. ``ended``
    says the work is over, however it ended (done, refused or cancelled): the screen
    gives back the button that started it."""

    ended = Signal()

    def __init__(self, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.what = what
        self.progress: Progress | None = None
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setAccessibleName(f"Avancement : {what}")
        self.cancel_button = button("Annu&ler", f"Annuler : {what}")
        self.cancel_button.clicked.connect(self.cancel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.bar, 1)
        layout.addWidget(self.cancel_button)
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self._poll)
        self.hide()

    def follow(self, progress: Progress) -> None:
        self.progress = progress
        self.bar.setRange(0, 0)  # moving until the work says how much there is
        self.label.setText(f"{self.what}…")
        self.bar.show()
        self.cancel_button.setEnabled(True)
        self.cancel_button.show()
        self.show()
        self.timer.start()

    def cancel(self) -> None:
        if self.progress is not None:
            self.progress.cancel()
            self.cancel_button.setEnabled(False)
            self.label.setText("Annulation…")

    def finish(self) -> None:
        self.timer.stop()
        self.progress = None
        self.hide()
        self.ended.emit()

    def say(self, text: str) -> None:
        """After the work: one line, no bar (e.g. « Opération annulée »)."""
        self.label.setText(typo(text))
        self.label.setAccessibleDescription(self.label.text())
        self.bar.hide()
        self.cancel_button.hide()
        self.show()

    @property
    def running(self) -> bool:
        return self.progress is not None

    def _poll(self) -> None:
        if self.progress is None:
            return
        shot = self.progress.snapshot()
        if shot.total:
            self.bar.setRange(0, shot.total)
            self.bar.setValue(min(shot.done, shot.total))
        if shot.label and not self.progress.cancelled:
            self.label.setText(shot.label)
