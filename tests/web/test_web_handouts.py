"""Batches of handouts: started from the page, run by a queue consumer (SQLite or Redis),
their state in the database so any browser sees it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time

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


def test_a_batch_runs_in_the_background_and_is_downloaded(app, database_url, queue_config):
    app.config.update(queue_config)
    add_agency(database_url)
    client, other_browser = app.test_client(), app.test_client()
    sign_in(client, RECRUITER)
    sign_in(other_browser, RECRUITER)

    started = post(client, "/handouts", {"statuses": "overdue"})
    assert started.status_code == 302
    page = client.get("/handouts").get_data(as_text=True)
    batch = re.search(r"Batch (\d+) started", page).group(1)
    assert "queued" in batch_row(page, batch)
    assert 'http-equiv="refresh"' in page  # the page follows the batch by itself

    assert run_queued(app, queue_config) == 1
    seen_elsewhere = other_browser.get("/handouts").get_data(as_text=True)
    row = batch_row(seen_elsewhere, batch)
    assert "done" in row and "1/1" in row and 'http-equiv="refresh"' not in seen_elsewhere
    download = other_browser.get(f"/handouts/{batch}.pdf")
    assert download.status_code == 200 and download.data.startswith(b"%PDF")

    intruder = app.test_client()
    sign_in(intruder, OTHER)
    assert intruder.get(f"/handouts/{batch}.pdf").status_code == 404
    assert f"<td>{batch}<br>" not in intruder.get("/handouts").get_data(as_text=True)
    admin = app.test_client()
    sign_in(admin, ADMIN)
    assert admin.get(f"/handouts/{batch}.pdf").status_code == 200


def test_a_selection_matching_nothing_is_refused_on_the_form(app, database_url, queue_config):
    app.config.update(queue_config)
    client = app.test_client()
    sign_in(client, RECRUITER)
    nothing = post(client, "/handouts", {"statuses": "violation"})
    assert nothing.status_code == 422
    assert "no interviews match" in nothing.get_data(as_text=True)
    empty = post(client, "/handouts", {})
    assert empty.status_code == 422 and "Choose a status" in empty.get_data(as_text=True)
    assert run_queued(app, queue_config) == 0


def test_the_worker_command_runs_queued_batches(app, database_url, tmp_path, queue_config):
    app.config.update(queue_config)
    add_agency(database_url)
    client = app.test_client()
    sign_in(client, ADMIN)
    post(client, "/handouts", {"statuses": "overdue"})
    environment = {**os.environ, "RECRUITER_KIT_DATABASE_URL": database_url}
    environment.pop("REDIS_URL", None)
    if "REDIS_URL" in queue_config:
        environment["REDIS_URL"] = queue_config["REDIS_URL"]
        environment["RECRUITER_KIT_QUEUE_NAME"] = queue_config["QUEUE_NAME"]
    else:
        environment["RECRUITER_KIT_QUEUE_PATH"] = str(queue_config["QUEUE_PATH"])
    worker = subprocess.Popen(
        [sys.executable, "-m", "recruiter_kit", "worker"],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while "Download PDF" not in client.get("/handouts").get_data(as_text=True):
            assert time.monotonic() < deadline, "the worker did not finish the batch"
            assert worker.poll() is None, worker.stdout.read().decode()
            time.sleep(0.5)
    finally:
        worker.terminate()
        output = worker.communicate(timeout=30)[0].decode()
    assert "recruiter-kit worker" in output and queue_for(queue_config).describe() in output
    batch = re.search(
        r'href="/handouts/(\d+)\.pdf"', client.get("/handouts").get_data(as_text=True)
    )
    pdf = tmp_path / "batch.pdf"
    pdf.write_bytes(client.get(f"/handouts/{batch.group(1)}.pdf").data)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "Ada Park" in text and "Bea Other" in text  # the admin's batch: every recruiter
