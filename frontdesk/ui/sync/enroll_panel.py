"""Enrolling this PC with a hub: its address and a one-time code (superviseur,
administrateur); the other profiles read who may do it."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLineEdit, QVBoxLayout

from frontdesk.stats.demo import clear_demo
from frontdesk.sync.client import (
    DemoDataPresent,
    HubRefused,
    HubUnavailable,
    SyncError,
    check_hub_url,
)
from frontdesk.sync.status import KIND_LABELS, SyncFacts, default_label
from frontdesk.ui.ops import report
from frontdesk.ui.session import UiSession
from frontdesk.ui.sync.controller import SyncController
from frontdesk.ui.text import after_colon, typo
from frontdesk.ui.widgets import MessageLabel, buddy_label, button, hint, left_aligned

EXPLANATION = typo(
    "Inscrire ce poste le relie au hub de votre réseau France Services. L'administrateur "
    "du hub vous donne un code à usage unique, valable 24\u00a0h. Une fois inscrit, le poste "
    "envoie ses visites, les retours du tuteur et les modifications de l'annuaire, et "
    "reçoit l'annuaire commun ; il continue de fonctionner normalement sans réseau et "
    "rattrape son retard dès que le hub répond. Le code ne sert qu'une fois : le poste "
    "garde ensuite une clé secrète, jamais affichée."
)
REENROLL = typo(
    "Ce poste est déjà inscrit. Une nouvelle inscription (autre hub, clé révoquée) "
    "demande un nouveau code ; les modifications en attente sont conservées et envoyées "
    "ensuite."
)
MISSING_CODE = typo("Saisissez le code d'inscription donné par l'administrateur du hub.")
NOT_ALLOWED = typo(
    "Seul un superviseur ou un administrateur peut inscrire ce poste auprès d'un hub."
)


class EnrollPanel(QGroupBox):
    def __init__(self, session: UiSession, controller: SyncController) -> None:
        super().__init__("Inscription auprès du hub")
        self.setAccessibleName("Inscription auprès du hub")
        self._controller = controller
        self._session = session
        self.allowed = session.may("sync.configure")
        self.explanation = hint(EXPLANATION)
        self.already = hint(REENROLL)
        self.already.hide()
        self.url = QLineEdit()
        self.url.setPlaceholderText("https://hub.exemple.fr")
        self.code = QLineEdit()
        self.code.setPlaceholderText("ABCD-EFGH-…")
        self.label = QLineEdit(default_label())
        self.label.setMaxLength(100)
        self.submit = button("&Inscrire ce poste", primary=True)
        self.change = button("&Inscrire de nouveau…", "Inscrire de nouveau ce poste")
        self.change.hide()
        self._expanded = False
        self.message = MessageLabel()
        self.clear_demo = button(
            "Effacer les données de &démonstration", "Effacer les données de démonstration"
        )
        self.clear_demo.hide()  # shown when the hub refuses a PC holding demo visits
        self.clear_demo.clicked.connect(self._clear_demo)
        # The texts that wrap sit above and below the form, not in rows spanning it:
        # there their height follows their width, and they are never drawn cut.
        column = QVBoxLayout(self)
        column.addWidget(self.explanation)
        column.addWidget(self.already)
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        column.addLayout(form)
        form.addRow(buddy_label("&Adresse du hub :", self.url), self.url)
        form.addRow(buddy_label("C&ode d'inscription :", self.code), self.code)
        form.addRow(buddy_label("&Nom du poste :", self.label), self.label)
        self.label_hint = hint("Le nom sous lequel l'administrateur du hub voit ce poste.")
        form.addRow("", self.label_hint)
        submit_row = left_aligned(self.submit)
        form.addRow("", submit_row)
        column.addWidget(self.message)
        column.addWidget(left_aligned(self.clear_demo))
        column.addWidget(left_aligned(self.change))
        self._form = form
        self._rows = (self.url, self.code, self.label, self.label_hint, submit_row)
        if not self.allowed:  # the explanation stays: everyone knows what it is about
            self._show_fields(False)
            self.message.show_message(NOT_ALLOWED, "hint")
        self.submit.clicked.connect(self.enroll)
        self.change.clicked.connect(self.expand)
        self.code.returnPressed.connect(self.enroll)

    def show_facts(self, facts: SyncFacts) -> None:
        if facts.url and not self.url.text():
            self.url.setText(facts.url)
        self.already.setVisible(facts.enrolled)
        self.submit.setText("&Inscrire de nouveau" if facts.enrolled else "&Inscrire ce poste")
        self.submit.setAccessibleName(self.submit.text().replace("&", ""))
        if not self.allowed:
            return
        # an enrolled PC: the form waits behind « Inscrire de nouveau… » (no slip)
        folded = facts.enrolled and not self._expanded
        self._show_fields(not folded)
        self.change.setVisible(folded)

    def _show_fields(self, visible: bool) -> None:
        for row in self._rows:
            self._form.setRowVisible(row, visible)

    def expand(self) -> None:
        self._expanded = True
        self._show_fields(True)
        self.change.hide()
        self.url.setFocus()
        self.url.selectAll()

    def enroll(self) -> None:
        if not self.allowed or not self.submit.isEnabled():
            return
        code, label = self.code.text().strip(), self.label.text().strip()
        try:
            url = check_hub_url(self.url.text())
        except HubRefused as exc:
            self.message.show_message(typo(str(exc)))
            self.url.setFocus()
            return
        if not code:
            self.message.show_message(MISSING_CODE)
            self.code.setFocus()
            return
        self.submit.setEnabled(False)
        self.message.show_message("Inscription en cours…", "hint")
        self._controller.enroll(
            url,
            code,
            label or default_label(),
            on_done=self._done,
            on_error=self._failed,
            owner=self,
        )

    def _done(self, kind: str) -> None:
        self.submit.setEnabled(True)
        self._expanded = False
        self.code.clear()
        kind_label = KIND_LABELS.get(kind, kind)
        text = f"Poste inscrit ({kind_label}) : première synchronisation en cours."
        self.message.show_message(typo(text), "success")

    def _failed(self, error: BaseException) -> None:
        self.submit.setEnabled(True)
        self.clear_demo.setVisible(isinstance(error, DemoDataPresent))
        if isinstance(error, HubUnavailable):
            text = f"Inscription impossible : {after_colon(str(error))} Réessayez quand le "
            text += "réseau et le hub répondent."
        elif isinstance(error, SyncError):
            text = f"Inscription refusée : {after_colon(str(error))}"
        else:
            report(self, error)
            return
        self.message.show_message(typo(text))
        if self.clear_demo.isVisible():
            self.clear_demo.setFocus()
        else:
            self.code.setFocus()

    def _clear_demo(self) -> None:
        """The demo visits go (never a real one), then the PC may be enrolled."""
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.question(
            self,
            "Effacer les données de démonstration",
            typo(
                "Effacer les visites de démonstration de ce poste ? Les visites réelles "
                "ne sont pas touchées."
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return

        def done(removed: int) -> None:
            self.clear_demo.hide()
            said = f"Données de démonstration effacées ({removed} visites). Vous pouvez "
            said += "maintenant inscrire ce poste."
            self.message.show_message(typo(said), "success")
            self.code.setFocus()

        self._session.ops.write(clear_demo, done, owner=self)
