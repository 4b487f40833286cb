-- Each symbol's versions must tile time without gaps or overlaps: every version but the
-- newest ends exactly where the next begins, only the newest may be open-ended, and at most
-- one version per symbol is current.
with ordered as (
    select
        symbol,
        symbol_version_id,
        valid_from,
        valid_to,
        is_current,
        lead(valid_from) over (partition by symbol order by valid_from) as next_valid_from
    from {{ ref('dim_symbols') }}
)

select
    symbol,
    symbol_version_id
from ordered
where
    (next_valid_from is not null and (valid_to is null or valid_to != next_valid_from))
    or (valid_to is not null and valid_to <= valid_from)
    or (is_current and valid_to is not null)

union all

select
    symbol,
    min(symbol_version_id) as symbol_version_id
from ordered
where is_current
group by symbol
having count(*) > 1
