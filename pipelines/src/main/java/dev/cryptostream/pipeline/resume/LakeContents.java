package dev.cryptostream.pipeline.resume;

import dev.cryptostream.pipeline.tables.OutputTable;
import dev.cryptostream.pipeline.tables.OutputTables;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.avro.generic.GenericRecord;

/**
 * What a local lake durably holds, read from its finished Parquet files (a few columns each): the
 * Kafka coordinates of every raw trade, dead letter and price snapshot, per candle window whether
 * it has durable trades, durable panes and a durable final pane, and the ids of durable price
 * alerts.
 */
final class LakeContents {
  /** Per candle window: what of it is durable. */
  static final class WindowState {
    boolean hasTrades;
    boolean hasFinal;
    long maxPaneIndex = -1;
  }

  final Map<PartitionKey, DurableOffsets> offsets = new TreeMap<>();
  final Map<CandleWindow, WindowState> windows = new HashMap<>();
  final Set<String> alertIds = new HashSet<>();

  /** Files that were not readable Parquet, already renamed out of the readers' way. */
  final List<Path> setAside = new ArrayList<>();

  private final long candleSizeMicros;

  private LakeContents(long candleSizeMicros) {
    if (candleSizeMicros <= 0) {
      throw new IllegalArgumentException("candle size must be positive");
    }
    this.candleSizeMicros = candleSizeMicros;
  }

  /** Reads the lake at {@code lake}; files that are not readable Parquet are set aside. */
  static LakeContents scan(Path lake, long candleSizeMicros) {
    LakeContents c = new LakeContents(candleSizeMicros);
    List<String> coordinates = List.of("kafka_topic", "kafka_partition", "kafka_offset");
    List<String> tradeColumns = new ArrayList<>(List.of("exchange", "symbol", "trade_time"));
    tradeColumns.addAll(coordinates);
    c.readTable(lake, OutputTables.TRADES, tradeColumns, c::addTrade);
    c.readTable(lake, OutputTables.DEAD_LETTERS, coordinates, c::addCoordinates);
    c.readTable(lake, OutputTables.PRICE_SNAPSHOTS, coordinates, c::addCoordinates);
    c.readTable(
        lake,
        OutputTables.CANDLES_1M,
        List.of("exchange", "symbol", "window_start", "pane_index", "is_final"),
        c::addCandle);
    c.readTable(
        lake,
        OutputTables.PRICE_ALERTS,
        List.of("alert_id"),
        r -> c.alertIds.add(r.get("alert_id").toString()));
    return c;
  }

  private void readTable(
      Path lake,
      OutputTable<?> table,
      List<String> columns,
      java.util.function.Consumer<GenericRecord> row) {
    LakeColumns reader = new LakeColumns(table, columns);
    for (Path file : LakeFiles.finishedFiles(lake.resolve(table.lakeDirectory()))) {
      // Rows go to a buffer first: a file that fails half way contributes nothing.
      List<GenericRecord> rows = new ArrayList<>();
      try {
        reader.read(file, rows::add);
      } catch (IOException | RuntimeException e) {
        setAside.add(LakeFiles.setAside(file));
        continue;
      }
      rows.forEach(row);
    }
  }

  void addCoordinates(GenericRecord r) {
    long offset = (Long) r.get("kafka_offset");
    if (offset < 0) {
      return; // a sink dead letter of a derived row (candle, alert): no Kafka record behind it
    }
    PartitionKey key =
        new PartitionKey(
            r.get("kafka_topic").toString(), ((Long) r.get("kafka_partition")).intValue());
    offsets.computeIfAbsent(key, k -> new DurableOffsets()).add(offset);
  }

  void addTrade(GenericRecord r) {
    addCoordinates(r);
    long start = CandleWindow.startOf((Long) r.get("trade_time"), candleSizeMicros);
    window(r, start).hasTrades = true;
  }

  void addCandle(GenericRecord r) {
    WindowState w = window(r, (Long) r.get("window_start"));
    w.hasFinal |= (Boolean) r.get("is_final");
    w.maxPaneIndex = Math.max(w.maxPaneIndex, (Long) r.get("pane_index"));
  }

  private WindowState window(GenericRecord r, long startMicros) {
    return windows.computeIfAbsent(
        CandleWindow.of(r.get("exchange").toString(), r.get("symbol").toString(), startMicros),
        k -> new WindowState());
  }

  long candleSizeMicros() {
    return candleSizeMicros;
  }

  /**
   * T, the start of the first window to rebuild: the earliest window with durable trades or panes
   * but no durable final pane, and at the latest the window after the newest durable final one.
   * Windows before T were closed by the crashed run (its watermark had passed a later window's end
   * plus the allowed lateness). Without any durable final pane no window is known to be closed:
   * {@link Long#MIN_VALUE}, rebuild everything.
   */
  long rebuildFromMicros() {
    long firstOpen = Long.MAX_VALUE;
    long lastFinal = Long.MIN_VALUE;
    for (Map.Entry<CandleWindow, WindowState> e : windows.entrySet()) {
      long start = e.getKey().startMicros();
      if (e.getValue().hasFinal) {
        lastFinal = Math.max(lastFinal, start);
      } else {
        firstOpen = Math.min(firstOpen, start);
      }
    }
    if (lastFinal == Long.MIN_VALUE) {
      return Long.MIN_VALUE;
    }
    return Math.min(firstOpen, lastFinal + candleSizeMicros);
  }
}
