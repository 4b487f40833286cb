-- Instruments as an SCD Type 2 dimension, one row per version, from the snp_symbols snapshot.
-- A fact belongs to the version with valid_from <= fact time < valid_to (valid_to null = current).
-- The first version of each symbol is back-dated to 1970-01-01: the snapshot only knows when it
-- first ran, but trades older than that should still find the symbol's original attributes.

{{ config(materialized='table') }}

with versions as (

    select * from {{ ref('snp_symbols') }}

),

numbered as (

    select
        *,
        row_number() over (partition by symbol order by dbt_valid_from) as version_number
    from versions

)

select
    dbt_scd_id as symbol_version_id,
    symbol,
    base_asset,
    quote_asset,
    category,
    risk_tier,
    listing_status,
    version_number,
    case
        when version_number = 1 then {{ utc_timestamp_literal('1970-01-01 00:00:00') }}
        else cast(dbt_valid_from as {{ type_utc_timestamp() }})
    end as valid_from,
    cast(dbt_valid_to as {{ type_utc_timestamp() }}) as valid_to,
    dbt_valid_to is null as is_current
from numbered
