"""Is the data fresh? Seconds since the newest trade and the newest ingest, against a threshold."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Freshness:
    seconds_since_trade: float | None
    seconds_since_ingest: float | None
    stale_after_seconds: int

    @property
    def has_data(self) -> bool:
        return self.seconds_since_trade is not None and self.seconds_since_ingest is not None

    @property
    def stale(self) -> bool:
        """No data at all is stale too: a dashboard must not look healthy over nothing."""
        if not self.has_data:
            return True
        return max(self.seconds_since_trade, self.seconds_since_ingest) > self.stale_after_seconds

    def message(self) -> str:
        if not self.has_data:
            return "No trade has reached the warehouse yet."
        text = (
            f"last trade {human_duration(self.seconds_since_trade)} ago, "
            f"last ingest {human_duration(self.seconds_since_ingest)} ago"
        )
        if self.stale:
            return (
                f"Data is stale: {text} (more than {human_duration(self.stale_after_seconds)}). "
                "Is the pipeline running, and has dbt been run since?"
            )
        return f"Data is fresh: {text}."


def _age(at, now: dt.datetime) -> float | None:
    if at is None or pd.isna(at):
        return None
    # A venue clock ahead of ours gives a trade time in the future: that is "just now".
    return max(0.0, (now - pd.Timestamp(at).to_pydatetime()).total_seconds())


def assess(last_trade_time, last_ingest_time, now: dt.datetime, stale_after_seconds: int) -> Freshness:
    return Freshness(_age(last_trade_time, now), _age(last_ingest_time, now), stale_after_seconds)


def human_duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} h {minutes:02d} min"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} h"
