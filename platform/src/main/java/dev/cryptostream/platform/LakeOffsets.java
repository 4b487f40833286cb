package dev.cryptostream.platform;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * Reconciles the lake with the broker by Kafka coordinates: every offset of every partition of the
 * trades topic is in the lake exactly once, as a raw trade or as a dead letter. Counters can agree
 * while records are swapped or repeated; offsets cannot.
 */
final class LakeOffsets {
  private LakeOffsets() {}

  /** The end offset of each partition: on a fresh topic, how many records it holds. */
  static Map<Integer, Long> endOffsets(Admin admin, String topic, int partitions)
      throws InterruptedException, ExecutionException, TimeoutException {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    for (int p = 0; p < partitions; p++) {
      request.put(new TopicPartition(topic, p), OffsetSpec.latest());
    }
    Map<Integer, Long> ends = new TreeMap<>();
    admin
        .listOffsets(request)
        .all()
        .get(30, TimeUnit.SECONDS)
        .forEach((tp, info) -> ends.put(tp.partition(), info.offset()));
    return ends;
  }

  /**
   * Compares the lake's rows of {@code topic} with the broker's end offsets, partition by
   * partition.
   */
  static RunCheck check(Warehouse w, Path lake, String topic, Map<Integer, Long> ends)
      throws SQLException {
    String what = "every broker offset is in the lake exactly once";
    Map<Integer, String> actual = new TreeMap<>();
    String rows = rowsOf(lake, topic);
    if (rows != null) {
      for (Map<String, Object> r :
          w.query(
              "select kafka_partition as p, count(*) as n, count(distinct kafka_offset) as d,"
                  + " min(kafka_offset) as lo, max(kafka_offset) as hi from ("
                  + rows
                  + ") group by 1 order by 1")) {
        actual.put(
            ((Number) r.get("p")).intValue(),
            describe(num(r.get("n")), num(r.get("d")), num(r.get("lo")), num(r.get("hi"))));
      }
    }
    List<String> wrong = new ArrayList<>();
    long total = 0;
    for (Map.Entry<Integer, Long> e : new TreeMap<>(ends).entrySet()) {
      long end = e.getValue();
      total += end;
      String expected = end == 0 ? null : describe(end, end, 0, end - 1);
      String got = actual.remove(e.getKey());
      if (expected == null ? got != null : !expected.equals(got)) {
        wrong.add(
            "partition "
                + e.getKey()
                + ": broker "
                + (end == 0 ? "empty" : "offsets 0.." + (end - 1))
                + ", lake "
                + (got == null ? "none" : got));
      }
    }
    actual.forEach((p, got) -> wrong.add("partition " + p + ": not on the broker, lake " + got));
    return wrong.isEmpty()
        ? RunCheck.holds(what, true, total + " offsets over " + ends.size() + " partitions")
        : RunCheck.holds(what, false, String.join("; ", wrong));
  }

  /** trades ∪ dead letters of the topic, or null when the lake has neither. */
  private static String rowsOf(Path lake, String topic) {
    List<String> parts = new ArrayList<>();
    String quoted = "'" + topic.replace("'", "''") + "'";
    if (Warehouse.hasFiles(lake, "trades")) {
      parts.add(
          "select kafka_partition, kafka_offset from "
              + Warehouse.lakeTable(lake, "trades")
              + " where kafka_topic = "
              + quoted);
    }
    if (Warehouse.hasFiles(lake, "dead_letters")) {
      // Sink rejections carry no offset of their own (-1): their record is counted elsewhere.
      parts.add(
          "select kafka_partition, kafka_offset from "
              + Warehouse.lakeTable(lake, "dead_letters")
              + " where kafka_topic = "
              + quoted
              + " and kafka_offset >= 0");
    }
    return parts.isEmpty() ? null : String.join(" union all ", parts);
  }

  private static String describe(long rows, long distinct, long lo, long hi) {
    return rows + " rows, " + distinct + " distinct offsets " + lo + ".." + hi;
  }

  private static long num(Object v) {
    return ((Number) v).longValue();
  }
}
