"""Streamlit entry point: `streamlit run dashboard/app.py` (see dashboard/README.md)."""

import logging
import sys
from pathlib import Path

import streamlit as st

# Streamlit runs this file as a script; make the package next to it importable from any cwd.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from crypto_dashboard import panels  # noqa: E402
from crypto_dashboard.backends import Backend, backend_for  # noqa: E402
from crypto_dashboard.config import ConfigError, Settings, load_settings  # noqa: E402

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")


@st.cache_resource(show_spinner=False)
def _backend(settings: Settings) -> Backend:
    return backend_for(settings)


st.set_page_config(page_title="crypto-stream dashboard", page_icon="📈", layout="wide")
st.title("crypto-stream")
try:
    settings = load_settings()
except ConfigError as error:
    st.error(f"The dashboard is not configured: {error}")
    st.stop()

backend = _backend(settings)
st.caption(
    f"Marts in {backend.description} · refreshes every {settings.refresh_seconds} s · "
    f"stale after {settings.stale_after_seconds} s without trades"
)


@st.fragment(run_every=settings.refresh_seconds)
def body() -> None:
    panels.render(backend, settings)


body()
