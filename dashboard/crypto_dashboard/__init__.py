"""The crypto-stream dashboard: Streamlit panels over the dbt marts (DuckDB or BigQuery)."""
