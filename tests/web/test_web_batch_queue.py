"""The batch queue's robustness: tasks name only a batch (no database URL, no password),
a worker on another database leaves them alone, a dead worker's batch can be started
again, and finished batches' PDFs expire."""

from __future__ import annotations

import logging
import re
import shutil
import time
from datetime import UTC, datetime, timedelta

import pytest
from click.testing import CliRunner
from sqlalchemy import delete, event, select, update
from web_support import (
    ADMIN,
    OTHER,
    RECRUITER,
    add_agency,
    batch_row,
    post,
    queue_for,
    run_queued,
    sign_in,
)

from recruiter_kit.cli import main
from recruiter_kit.db import create_db_engine, session_factory, transaction
from recruiter_kit.handouts import jobs
from recruiter_kit.handouts.jobs import BatchRun, run_batch
from recruiter_kit.models.batches import HandoutBatch
from recruiter_kit.web import create_app

PASSWORD_IN_URL = "canary-password-0123"


def _start(client) -> str:
    started = post(client, "/handouts", {"statuses": "overdue"}, follow_redirects=True)
    return re.search(r"Batch (\d+) started", started.get_data(as_text=True)).group(1)


def _change(database_url, batch_id, **values) -> None:
    engine = create_db_engine(database_url)
    with transaction(session_factory(engine)) as session:
        session.execute(
            update(HandoutBatch).where(HandoutBatch.id == int(batch_id)).values(**values)
        )
    engine.dispose()


def _batch(database_url, batch_id) -> HandoutBatch:
    engine = create_db_engine(database_url)
    with session_factory(engine)() as session:
        batch = session.scalars(select(HandoutBatch).where(HandoutBatch.id == int(batch_id))).one()
        session.expunge(batch)
    engine.dispose()
    return batch


def test_queued_tasks_carry_the_batch_not_the_database_url(database_url, queue_config, app):
    # A password in the URL (PostgreSQL here trusts loopback, so it is accepted and unused).
    url = database_url.replace("postgres@", f"postgres:{PASSWORD_IN_URL}@")
    secret_app = create_app({**app.config, "DATABASE_URL": url, **queue_config})
    add_agency(database_url)
    client = secret_app.test_client()
    sign_in(client, RECRUITER)
    batch = _start(client)

    stored = queue_for(queue_config).huey.storage.enqueued_items()
    assert len(stored) == 1
    for secret in (PASSWORD_IN_URL, url, url.rsplit("/", 1)[-1]):
        assert secret.encode() not in stored[0]
    task = queue_for(queue_config).huey.dequeue()
    assert task.args == (int(batch), _batch(database_url, batch).token)


def test_a_worker_on_another_database_leaves_the_batch_alone(
    app, database_url, queue_config, sqlite_template, tmp_path, caplog
):
    app.config.update(queue_config)
    add_agency(database_url)
    client = app.test_client()
    sign_in(client, RECRUITER)
    batch = int(_start(client))
    batch_id, token = queue_for(queue_config).huey.dequeue().args
    # Another installation's database, with a queued batch of the same number.
    other = tmp_path / "other.sqlite"
    shutil.copy(sqlite_template, other)
    other_url = f"sqlite:///{other}"
    engine = create_db_engine(other_url)
    with transaction(session_factory(engine)) as session:
        session.add(HandoutBatch(id=batch, created_by=ADMIN, selection="{}", token="0" * 32))
    engine.dispose()

    with caplog.at_level(logging.WARNING, logger="recruiter_kit.handouts.jobs"):
        assert run_batch(other_url, batch_id, token) is BatchRun.NOT_HERE
    assert "not in this worker's database" in caplog.text
    assert _batch(other_url, batch).state == "queued"
    assert _batch(database_url, batch).state == "queued"

    assert run_batch(database_url, batch_id, token) is BatchRun.RAN
    assert run_batch(database_url, batch_id, token) is BatchRun.TAKEN  # a redelivery
    assert "Download PDF" in batch_row(client.get("/handouts").get_data(as_text=True), str(batch))


def test_the_lease_is_renewed_while_the_batch_renders(app, database_url, monkeypatch):
    add_agency(database_url)
    client = app.test_client()
    sign_in(client, RECRUITER)
    batch = _start(client)
    token = _batch(database_url, batch).token
    leases = []
    render = jobs.render_batch

    def slow_render(*args, **kwargs):
        leases.append(_batch(database_url, batch).lease_until)
        time.sleep(2.5)  # stored moments are whole seconds
        leases.append(_batch(database_url, batch).lease_until)
        return render(*args, **kwargs)

    monkeypatch.setattr(jobs, "HEARTBEAT_SECONDS", 0.2)
    monkeypatch.setattr(jobs, "render_batch", slow_render)
    assert run_batch(database_url, int(batch), token) is BatchRun.RAN
    assert leases[1] > leases[0] > datetime.now(UTC)
    assert _batch(database_url, batch).lease_until is None  # finished: no lease


def test_a_beat_that_arrives_after_the_batch_finished_gives_it_no_lease(app, database_url):
    # On PostgreSQL a beat blocked on the row lock of the run's own finish goes on after it:
    # it must find the batch no longer running.
    add_agency(database_url)
    client = app.test_client()
    sign_in(client, RECRUITER)
    batch = _start(client)
    claim = "c" * 32
    _change(database_url, batch, state="done", claim=claim, lease_until=None)
    engine = create_db_engine(database_url)
    with pytest.raises(jobs._ClaimLost), transaction(session_factory(engine)) as session:
        jobs._renew(session, int(batch), claim)
    engine.dispose()
    assert _batch(database_url, batch).lease_until is None


def test_a_batch_whose_worker_died_shows_failed_and_starts_again(
    app, database_url, queue_config, monkeypatch
):
    app.config.update(queue_config)
    add_agency(database_url)
    client, intruder = app.test_client(), app.test_client()
    sign_in(client, RECRUITER)
    sign_in(intruder, OTHER)
    batch = _start(client)
    batch_id, token = queue_for(queue_config).huey.dequeue().args

    def killed(*args, **kwargs):
        raise SystemExit(-9)  # the worker's process ends mid-batch: nothing more is written

    with monkeypatch.context() as patch:
        patch.setattr(jobs, "render_batch", killed)
        with pytest.raises(SystemExit):
            run_batch(database_url, batch_id, token)
    page = client.get("/handouts").get_data(as_text=True)
    assert "running" in batch_row(page, batch) and "Start again" not in batch_row(page, batch)

    # The lease runs out: no worker renewed it.
    _change(database_url, batch, lease_until=datetime.now(UTC) - timedelta(seconds=1))
    page = client.get("/handouts").get_data(as_text=True)
    row = batch_row(page, batch)
    assert "failed" in row and "the worker stopped" in row and "Start again" in row
    assert 'http-equiv="refresh"' not in page

    assert post(intruder, f"/handouts/{batch}/restart").status_code == 404
    assert post(client, f"/handouts/{batch}/restart").status_code == 302
    assert "queued" in batch_row(client.get("/handouts").get_data(as_text=True), batch)
    assert run_queued(app, queue_config) == 1
    assert "Download PDF" in batch_row(client.get("/handouts").get_data(as_text=True), batch)
    again = post(client, f"/handouts/{batch}/restart", follow_redirects=True)
    assert "only a failed or stuck batch can start again" in again.get_data(as_text=True)


def test_finished_batches_expire_after_the_days_kept(app, database_url, queue_config):
    app.config.update(queue_config)
    add_agency(database_url)
    client = app.test_client()
    sign_in(client, RECRUITER)
    old, recent = _start(client), _start(client)
    assert run_queued(app, queue_config) == 2
    _change(database_url, old, finished_at=datetime.now(UTC) - timedelta(days=8))
    _change(database_url, recent, finished_at=datetime.now(UTC) - timedelta(days=6))

    expire = queue_for(queue_config, database_url).expire_batches  # the consumer's hourly task
    assert expire.call_local() == 1
    page = client.get("/handouts").get_data(as_text=True)
    assert "expired" in batch_row(page, old) and "Download PDF" not in batch_row(page, old)
    gone = client.get(f"/handouts/{old}.pdf")
    assert gone.status_code == 410 and "PDF was deleted" in gone.get_data(as_text=True)
    assert client.get(f"/handouts/{recent}.pdf").data.startswith(b"%PDF")

    # On demand, with a shorter retention, from the command line.
    result = CliRunner().invoke(
        main, ["--database-url", database_url, "worker", "--clean-up", "--keep-days", "5"]
    )
    assert result.exit_code == 0, result.output
    assert "1 batch(es)" in result.output
    assert client.get(f"/handouts/{recent}.pdf").status_code == 410


def test_an_admin_deletes_a_batch(app, database_url, queue_config):
    app.config.update(queue_config)
    add_agency(database_url)
    recruiter, admin = app.test_client(), app.test_client()
    sign_in(recruiter, RECRUITER)
    sign_in(admin, ADMIN)
    batch = _start(recruiter)
    assert run_queued(app, queue_config) == 1
    assert "Delete" not in batch_row(recruiter.get("/handouts").get_data(as_text=True), batch)
    assert post(recruiter, f"/handouts/{batch}/delete").status_code == 403
    assert post(admin, f"/handouts/{batch}/delete").status_code == 302
    assert f"<td>{batch}<br>" not in admin.get("/handouts").get_data(as_text=True)
    assert recruiter.get(f"/handouts/{batch}.pdf").status_code == 404


def test_a_batch_no_worker_took_can_be_started_again(app, database_url, queue_config):
    app.config.update(queue_config)
    add_agency(database_url)
    client = app.test_client()
    sign_in(client, RECRUITER)
    batch = _start(client)
    queue_for(queue_config).huey.flush()  # its task is lost
    assert "Start again" not in batch_row(client.get("/handouts").get_data(as_text=True), batch)
    refused = post(client, f"/handouts/{batch}/restart", follow_redirects=True)
    assert "only a failed or stuck batch can start again" in refused.get_data(as_text=True)

    _change(database_url, batch, created_at=datetime.now(UTC) - timedelta(minutes=11))
    page = client.get("/handouts").get_data(as_text=True)
    row = batch_row(page, batch)
    assert "queued" in row and "no worker has taken it" in row and "Start again" in row
    assert 'http-equiv="refresh"' not in page
    assert post(client, f"/handouts/{batch}/restart").status_code == 302
    assert "no worker has taken it" not in client.get("/handouts").get_data(as_text=True)
    assert run_queued(app, queue_config) == 1
    assert "Download PDF" in batch_row(client.get("/handouts").get_data(as_text=True), batch)


def test_a_batch_whose_every_handout_failed_is_failed_not_done(
    app, database_url, queue_config, tmp_path
):
    from recruiter_kit.services.agency import set_branding

    app.config.update(queue_config)
    add_agency(database_url)
    client = app.test_client()
    sign_in(client, RECRUITER)
    batch = _start(client)
    logo = tmp_path / "logo.png"  # the agency's logo, deleted since it was set
    logo.write_bytes(b"\x89PNG\r\n\x1a\n")
    engine = create_db_engine(database_url)
    with transaction(session_factory(engine)) as session:
        set_branding(session, {"logo": str(logo)})
    engine.dispose()
    logo.unlink()

    assert run_queued(app, queue_config) == 1
    row = batch_row(client.get("/handouts").get_data(as_text=True), batch)
    assert "failed" in row and "no handout could be made" in row and str(logo) in row
    assert "Download PDF" not in row and "Start again" in row


def test_a_batch_deleted_while_its_pdf_is_read_is_still_downloaded(app, database_url, queue_config):
    app.config.update(queue_config)
    add_agency(database_url)
    client = app.test_client()
    sign_in(client, RECRUITER)
    batch = _start(client)
    assert run_queued(app, queue_config) == 1

    def deleted_meanwhile(target, context):  # an admin deletes it as the download reads it
        _delete(database_url, target.id)

    event.listen(HandoutBatch, "load", deleted_meanwhile)
    try:
        download = client.get(f"/handouts/{batch}.pdf")
    finally:
        event.remove(HandoutBatch, "load", deleted_meanwhile)
    assert download.status_code == 200 and download.data.startswith(b"%PDF")
    assert client.get(f"/handouts/{batch}.pdf").status_code == 404


def _delete(database_url, batch_id) -> None:
    engine = create_db_engine(database_url)
    with transaction(session_factory(engine)) as session:
        session.execute(delete(HandoutBatch).where(HandoutBatch.id == int(batch_id)))
    engine.dispose()


def test_a_batch_the_queue_could_not_take_fails_saying_so_and_starts_again(
    app, database_url, queue_config
):
    app.config.update({"REDIS_URL": "redis://127.0.0.1:1/0", "QUEUE_NAME": "unreachable"})
    add_agency(database_url)
    client = app.test_client()
    sign_in(client, RECRUITER)
    started = post(client, "/handouts", {"statuses": "overdue"}, follow_redirects=True)
    assert started.status_code == 200
    page = started.get_data(as_text=True)
    batch = re.search(r"Batch (\d+) could not be queued", page).group(1)
    row = batch_row(page, batch)
    assert "failed" in row and "task queue could not be reached" in row and "Start again" in row
    assert 'http-equiv="refresh"' not in page
    again = post(client, f"/handouts/{batch}/restart", follow_redirects=True)
    assert again.status_code == 200 and f"Batch {batch} could not be queued" in again.text

    del app.extensions["recruiter_kit.queue"]  # the queue is back
    app.config.update({"REDIS_URL": None, "QUEUE_NAME": None, **queue_config})
    assert post(client, f"/handouts/{batch}/restart").status_code == 302
    assert run_queued(app, queue_config) == 1
    assert "Download PDF" in batch_row(client.get("/handouts").get_data(as_text=True), batch)


def test_a_batch_running_without_a_lease_shows_its_worker_stopped(app, database_url, queue_config):
    # Batches that were running when the database was upgraded to leases (0007) have none.
    app.config.update(queue_config)
    add_agency(database_url)
    client = app.test_client()
    sign_in(client, RECRUITER)
    batch = _start(client)
    queue_for(queue_config).huey.flush()
    _change(database_url, batch, state="running", token=None, lease_until=None)
    page = client.get("/handouts").get_data(as_text=True)
    row = batch_row(page, batch)
    assert "the worker stopped" in row and "Start again" in row
    assert 'http-equiv="refresh"' not in page
    assert post(client, f"/handouts/{batch}/restart").status_code == 302
    assert run_queued(app, queue_config) == 1
    assert "Download PDF" in batch_row(client.get("/handouts").get_data(as_text=True), batch)
