-- Batch candles must agree with the stream's final candles, except where the batch layer
-- corrected the stream with trades that reached the pipeline after the window had closed.
--
-- For every window whose kept stream candle is final (stg_lake__candles_1m):
--  - equal: every compared figure (OHLC, volume, quote_volume, vwap, trade_count, taker
--    volumes, first/last trade time) is exactly the batch candle's;
--  - corrected: the batch has MORE trades, and the stream candle is exactly the candle of the
--    window's first stream.trade_count trades in ingest order (ingest_time, Kafka partition,
--    offset), i.e. the stream saw a prefix of the arrivals and missed only the later ones (a
--    window closes once, so whatever arrives after it closed is dropped by the stream: those are
--    the trades beyond the allowed lateness).
-- Anything else fails: a missing batch candle, a stream candle with more trades, any figure
-- the prefix does not explain, or fct_candles_1m.stream_final_trade_count /
-- trades_missed_by_stream not saying what the stream counted.
with stream as (
    select *
    from {{ ref('stg_lake__candles_1m') }}
    where is_final
),

batch as (
    select * from {{ ref('fct_candles_1m') }}
),

disagreeing as (
    select
        s.exchange,
        s.symbol,
        s.window_start,
        s.trade_count as stream_trade_count,
        b.trade_count as batch_trade_count,
        b.window_start is null as missing_in_batch
    from stream as s
    left join batch as b
        on
            s.exchange = b.exchange
            and s.symbol = b.symbol
            and s.window_start = b.window_start
    where b.window_start is null or {{ candles_differ('s', 'b') }}
),

arrivals as (
    select
        t.*,
        d.stream_trade_count,
        row_number() over (
            partition by t.exchange, t.symbol, t.window_start
            order by t.ingest_time, t.kafka_partition, t.kafka_offset
        ) as arrival_seq
    from {{ ref('int_trades_minute') }} as t
    inner join disagreeing as d
        on
            t.exchange = d.exchange
            and t.symbol = d.symbol
            and t.window_start = d.window_start
    where not d.missing_in_batch and d.stream_trade_count < d.batch_trade_count
),

seen_by_stream as (
    select
        *,
        {{ candle_trade_ranks() }}
    from arrivals
    where arrival_seq <= stream_trade_count
),

seen_sums as (
    select
        exchange,
        symbol,
        window_start,
        {{ candle_sums() }}
    from seen_by_stream
    group by exchange, symbol, window_start
),

seen_candles as (
    select
        seen_sums.*,
        {{ candle_exact_figures('seen_sums') }}
    from seen_sums
),

unexplained as (
    select
        d.exchange,
        d.symbol,
        d.window_start,
        d.stream_trade_count,
        d.batch_trade_count,
        case
            when d.missing_in_batch then 'final stream window without a batch candle'
            when d.stream_trade_count >= d.batch_trade_count then 'figures differ, stream has no fewer trades'
            else 'stream figures are not those of the trades that arrived first'
        end as failure
    from disagreeing as d
    inner join stream as s
        on
            d.exchange = s.exchange
            and d.symbol = s.symbol
            and d.window_start = s.window_start
    left join seen_candles as c
        on
            d.exchange = c.exchange
            and d.symbol = c.symbol
            and d.window_start = c.window_start
    where
        d.missing_in_batch
        or d.stream_trade_count >= d.batch_trade_count
        or c.window_start is null
        or {{ candles_differ('s', 'c') }}
),

mislabelled as (
    select
        s.exchange,
        s.symbol,
        s.window_start,
        s.trade_count as stream_trade_count,
        b.trade_count as batch_trade_count,
        'stream_final_trade_count / trades_missed_by_stream do not match the stream' as failure
    from stream as s
    inner join batch as b
        on
            s.exchange = b.exchange
            and s.symbol = b.symbol
            and s.window_start = b.window_start
    where
        b.stream_final_trade_count is null
        or b.stream_final_trade_count != s.trade_count
        or b.trades_missed_by_stream != b.trade_count - s.trade_count
)

select * from unexplained
union all
select * from mislabelled
