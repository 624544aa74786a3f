"""Every change to a synced record queues its outbox row in the same transaction."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import String, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from frontdesk.store.base import SyncedMixin
from frontdesk.store.engine import Store
from frontdesk.store.models import Outbox
from frontdesk.store.outbox import MissingIdentityError


class SampleBase(DeclarativeBase):
    pass


class Sample(SyncedMixin, SampleBase):
    """A stand-in synced record: feature tables (visits, directory) use the same mixin."""

    __tablename__ = "sample"
    label: Mapped[str] = mapped_column(String(50), unique=True)
    count: Mapped[int] = mapped_column(default=0)


@pytest.fixture
def synced(store: Store, manager) -> Iterator[Store]:
    SampleBase.metadata.create_all(store.engine)
    yield store


def outbox_rows(store: Store) -> list[Outbox]:
    with store.session() as session:
        return list(session.scalars(select(Outbox).order_by(Outbox.seq)))


def count(store: Store, model: type) -> int:
    with store.session() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_create_update_delete_are_queued_in_order(synced: Store) -> None:
    identity = synced.identity()
    with synced.transaction() as session:
        record = Sample(label="a")
        session.add(record)
    assert record.version == 1
    assert record.site_id == "moreuil" and record.device_id == identity["device_id"]

    with synced.transaction() as session:
        session.get(Sample, record.id).count = 3
    with synced.transaction() as session:
        session.delete(session.get(Sample, record.id))

    rows = outbox_rows(synced)
    assert [(r.op, r.base_version, r.version) for r in rows] == [
        ("create", 0, 1),
        ("update", 1, 2),
        ("delete", 2, 3),
    ]
    assert rows[0].payload["label"] == "a" and rows[0].payload["id"] == str(record.id)
    assert rows[1].changed == ["count"] and rows[1].payload["count"] == 3
    assert rows[2].payload == {"id": str(record.id)}
    assert all(r.record_id == record.id and r.entity == "sample" for r in rows)
    assert rows[0].seq < rows[1].seq < rows[2].seq


def test_a_flush_with_no_real_change_queues_nothing(synced: Store) -> None:
    with synced.transaction() as session:
        record = Sample(label="a", count=1)
        session.add(record)
    with synced.transaction() as session:
        session.get(Sample, record.id).count = 1  # same value
    assert len(outbox_rows(synced)) == 1


def test_error_after_write_rolls_back_record_and_outbox(synced: Store) -> None:
    with pytest.raises(RuntimeError), synced.transaction() as session:
        session.add(Sample(label="lost"))
        session.flush()
        assert session.scalar(select(func.count()).select_from(Outbox)) == 1
        raise RuntimeError("crash in the middle of the unit of work")
    assert count(synced, Sample) == 0
    assert count(synced, Outbox) == 0


def test_failed_insert_leaves_no_outbox_row(synced: Store) -> None:
    with synced.transaction() as session:
        session.add(Sample(label="twin"))
    with pytest.raises(IntegrityError), synced.transaction() as session:
        session.add(Sample(label="other"))
        session.add(Sample(label="twin"))  # unique label: the flush fails
    assert count(synced, Sample) == 1
    assert len(outbox_rows(synced)) == 1


def test_seq_never_goes_back_after_acknowledged_rows_are_deleted(synced: Store) -> None:
    with synced.transaction() as session:
        session.add(Sample(label="a"))
    last = outbox_rows(synced)[-1].seq
    with synced.transaction() as session:
        for row in session.scalars(select(Outbox)):
            session.delete(row)
    with synced.transaction() as session:
        session.add(Sample(label="b"))
    assert outbox_rows(synced)[0].seq > last


def test_replicated_changes_are_not_queued(synced: Store) -> None:
    with synced.transaction() as session:
        session.info["replicating"] = True
        session.add(Sample(label="from-hub", site_id="roye", device_id=uuid.uuid4(), version=7))
    assert count(synced, Sample) == 1
    assert outbox_rows(synced) == []


def test_synced_write_before_setup_is_refused(store: Store) -> None:
    SampleBase.metadata.create_all(store.engine)
    with pytest.raises(MissingIdentityError), store.transaction() as session:
        session.add(Sample(label="orphan"))
    assert count(store, Sample) == 0
