"""The BigQuery backend with the real google-cloud-bigquery client, pointed at a scripted local
server that speaks the jobs.query REST call (no Google project is reachable from here)."""

from __future__ import annotations

import datetime as dt
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from crypto_dashboard import queries
from crypto_dashboard.backends import (
    BigQueryBackend,
    MissingTableError,
    QueryError,
    WarehouseUnavailableError,
)
from google.api_core.client_options import ClientOptions
from google.auth.credentials import AnonymousCredentials
from google.cloud import bigquery


class ScriptedBigQuery(ThreadingHTTPServer):
    """Answers every POST .../queries with the next scripted (status, body) and keeps the requests."""

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.requests: list[tuple[str, dict]] = []
        self.responses: list[tuple[int, dict]] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 - http.server's naming
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])) or b"{}")
        self.server.requests.append((self.path, body))
        status, payload = self.server.responses.pop(0)
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture()
def server():
    server = ScriptedBigQuery()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def backend_on(server) -> BigQueryBackend:
    return BigQueryBackend(
        "proj",
        "crypto_marts",
        "EU",
        client_factory=lambda: bigquery.Client(
            project="proj",
            location="EU",
            credentials=AnonymousCredentials(),
            client_options=ClientOptions(api_endpoint=server.url),
        ),
    )


def test_the_same_query_runs_with_qualified_tables_and_typed_parameters(server):
    at = dt.datetime(2026, 1, 1, 10, 0, tzinfo=dt.timezone.utc)
    server.responses.append(
        (
            200,
            {
                "kind": "bigquery#queryResponse",
                "jobComplete": True,
                "totalRows": "2",
                "schema": {
                    "fields": [
                        {"name": "exchange", "type": "STRING"},
                        {"name": "symbol", "type": "STRING"},
                        {"name": "price", "type": "BIGNUMERIC"},
                        {"name": "price_set_at", "type": "TIMESTAMP"},
                    ]
                },
                "rows": [
                    {
                        "f": [
                            {"v": "binance"},
                            {"v": "BTC-USDT"},
                            {"v": "76650.123456789012345678"},
                            {"v": "1767261599000000"},
                        ]
                    },
                    {"f": [{"v": "kraken"}, {"v": "ETH-USD"}, {"v": "3000.5"}, {"v": "1767261000123456"}]},
                ],
            },
        )
    )
    frame = backend_on(server).query(queries.PRICE_AT.render(backend_on(server)), {"at": at})

    path, body = server.requests[0]
    assert path.split("?")[0] == "/bigquery/v2/projects/proj/queries"
    assert "from `proj.crypto_marts.fct_price_intervals`" in body["query"]
    assert "valid_from <= @at" in body["query"]
    assert body["useLegacySql"] is False and body["location"] == "EU"
    assert body["queryParameters"] == [
        {
            "name": "at",
            "parameterType": {"type": "TIMESTAMP"},
            "parameterValue": {"value": "2026-01-01 10:00:00+00:00"},
        }
    ]
    assert list(frame.columns) == ["exchange", "symbol", "price", "price_set_at"]
    assert frame["price"].tolist() == [76650.12345678901, 3000.5]
    assert str(frame["price_set_at"].dtype) == "datetime64[ns, UTC]"
    assert frame["price_set_at"].iloc[1].isoformat() == "2026-01-01T09:50:00.123456+00:00"


def test_every_parameter_kind_is_typed(server):
    server.responses.append(
        (
            200,
            {
                "jobComplete": True,
                "totalRows": "0",
                "schema": {"fields": [{"name": "bucket_start", "type": "TIMESTAMP"}]},
            },
        )
    )
    since = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    frame = backend_on(server).query(
        queries.CANDLES.render(backend_on(server)),
        {"exchange": "binance", "symbol": "BTC-USDT", "interval_minutes": 15, "since": since},
    )
    assert frame.empty and list(frame.columns) == ["bucket_start"]
    types = {p["name"]: p["parameterType"]["type"] for p in server.requests[0][1]["queryParameters"]}
    assert types == {
        "exchange": "STRING",
        "symbol": "STRING",
        "interval_minutes": "INT64",
        "since": "TIMESTAMP",
    }


def test_a_missing_table_is_reported_as_such(server):
    message = "Not found: Table proj:crypto_marts.market_summary was not found in location EU"
    server.responses.append(
        (
            404,
            {
                "error": {
                    "code": 404,
                    "message": message,
                    "status": "NOT_FOUND",
                    "errors": [{"message": message, "reason": "notFound"}],
                }
            },
        )
    )
    with pytest.raises(MissingTableError) as raised:
        backend_on(server).query(queries.MARKET_SUMMARY.render(backend_on(server)), {})
    assert str(raised.value) == (
        "table proj:crypto_marts.market_summary does not exist (run dbt build --target prod)"
    )


def test_a_rejected_query_says_why(server):
    message = "Unrecognized name: latency_ms_p99 at [2:63]"
    server.responses.append(
        (
            400,
            {
                "error": {
                    "code": 400,
                    "message": message,
                    "status": "INVALID_ARGUMENT",
                    "errors": [{"message": message, "reason": "invalidQuery"}],
                }
            },
        )
    )
    with pytest.raises(QueryError) as raised:
        backend_on(server).query(
            queries.INGESTION_LATENCY.render(backend_on(server)),
            {"since": dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)},
        )
    assert str(raised.value) == message


def test_no_credentials_is_explained(monkeypatch, tmp_path):
    monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", str(tmp_path / "absent.json"))
    backend = BigQueryBackend("proj", "crypto_marts")
    with pytest.raises(WarehouseUnavailableError) as raised:
        backend.query("select 1", {})
    assert "no Google credentials found" in str(raised.value)


def test_naive_instants_are_refused():
    backend = BigQueryBackend("proj", "crypto_marts", client_factory=lambda: None)
    with pytest.raises(ValueError, match="parameter since must be a UTC-aware instant"):
        backend.query("select 1", {"since": dt.datetime(2026, 1, 1)})
