"""Plotly figures, one function per chart. Pure: a data frame in, a figure out (no queries).
Every figure has a title; the browser test finds the charts by it."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

UP = "#26a69a"
DOWN = "#ef5350"
LAYOUT = dict(margin=dict(l=10, r=10, t=40, b=10), height=360)


def _directional_colours(values: pd.Series) -> list[str]:
    return [UP if v >= 0 else DOWN for v in values]


def candles(frame: pd.DataFrame, title: str) -> go.Figure:
    """OHLC candles with the VWAP line on top and volume bars below, on one time axis."""
    figure = make_subplots(rows=2, cols=1, shared_xaxes=True, row_heights=[0.75, 0.25], vertical_spacing=0.03)
    figure.add_trace(
        go.Candlestick(
            x=frame["bucket_start"],
            open=frame["open"],
            high=frame["high"],
            low=frame["low"],
            close=frame["close"],
            name="OHLC",
            increasing_line_color=UP,
            decreasing_line_color=DOWN,
        ),
        row=1,
        col=1,
    )
    figure.add_trace(
        go.Scatter(
            x=frame["bucket_start"],
            y=frame["vwap"],
            name="VWAP",
            mode="lines+markers",
            marker=dict(size=3),
            line=dict(color="#ffa726", width=1.5),
        ),
        row=1,
        col=1,
    )
    figure.add_trace(
        go.Bar(
            x=frame["bucket_start"],
            y=frame["volume"],
            name="volume",
            marker_color=_directional_colours(frame["close"] - frame["open"]),
        ),
        row=2,
        col=1,
    )
    figure.update_layout(title=title, xaxis_rangeslider_visible=False, **{**LAYOUT, "height": 460})
    figure.update_layout(legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="right", x=1))
    figure.update_yaxes(title_text="price", row=1, col=1)
    figure.update_yaxes(title_text="volume", row=2, col=1)
    return figure


def order_flow(frame: pd.DataFrame, title: str) -> go.Figure:
    """Imbalance per minute, (buy - sell) / (buy + sell): above zero takers bought more."""
    figure = go.Figure(
        go.Bar(
            x=frame["window_start"],
            y=frame["imbalance"],
            name="imbalance",
            marker_color=_directional_colours(frame["imbalance"].fillna(0)),
            customdata=frame[["buy_volume", "sell_volume"]],
            hovertemplate=(
                "%{x}<br>imbalance %{y:.2f}<br>buy %{customdata[0]:.6g} / sell %{customdata[1]:.6g}"
                "<extra></extra>"
            ),
        )
    )
    figure.update_layout(title=title, yaxis=dict(range=[-1.05, 1.05], title="imbalance"), **LAYOUT)
    return figure


def volume_ranking(frame: pd.DataFrame, title: str) -> go.Figure:
    """Horizontal bars, largest 24 h quote volume on top."""
    ordered = frame.sort_values("quote_volume_24h")
    labels = ordered["exchange"] + ":" + ordered["symbol"]
    figure = go.Figure(
        go.Bar(
            x=ordered["quote_volume_24h"],
            y=labels,
            orientation="h",
            name="24 h quote volume",
            marker_color="#42a5f5",
        )
    )
    figure.update_layout(title=title, xaxis_title="quote volume, 24 h", **LAYOUT)
    return figure


def trades_per_second(frame: pd.DataFrame, title: str) -> go.Figure:
    seconds = (frame["bucket_end"] - frame["bucket_start"]).dt.total_seconds()
    figure = go.Figure()
    figure.add_trace(
        go.Scatter(
            x=frame["bucket_start"],
            y=frame["ingested_count"] / seconds,
            name="by ingest time",
            mode="lines+markers",
        )
    )
    figure.add_trace(
        go.Scatter(
            x=frame["bucket_start"],
            y=frame["trade_count"] / seconds,
            name="by trade time",
            mode="lines+markers",
            line=dict(dash="dot"),
        )
    )
    figure.update_layout(title=title, yaxis_title="trades/s (5 min buckets)", **LAYOUT)
    return figure


def dead_letter_rate(frame: pd.DataFrame, title: str) -> go.Figure:
    """Stacked bars: each reason's share of the records of its bucket, in percent."""
    figure = go.Figure()
    for (reason, stage), rows in frame.groupby(["reason_code", "stage"], sort=True):
        figure.add_trace(
            go.Bar(
                x=rows["bucket_start"],
                y=rows["dead_letter_rate"] * 100,
                name=f"{reason} ({stage})",
                customdata=rows["dead_letter_count"],
                hovertemplate="%{x}<br>%{y:.2f} % (%{customdata} records)<extra></extra>",
            )
        )
    figure.update_layout(title=title, barmode="stack", yaxis_title="% of records", **LAYOUT)
    return figure


def ingestion_latency(frame: pd.DataFrame, title: str) -> go.Figure:
    figure = go.Figure()
    dashes = {"latency_ms_p50": "solid", "latency_ms_p95": "dash", "latency_ms_p99": "dot"}
    for exchange, rows in frame.groupby("exchange", sort=True):
        for column, dash in dashes.items():
            figure.add_trace(
                go.Scatter(
                    x=rows["minute_start"],
                    y=rows[column],
                    mode="lines+markers",
                    name=f"{exchange} {column.rsplit('_', 1)[1]}",
                    line=dict(dash=dash),
                )
            )
    figure.update_layout(title=title, yaxis_title="ms, ingest - trade time", **LAYOUT)
    return figure
