package dev.cryptostream.pipeline.lake;

import dev.cryptostream.pipeline.tables.Column;
import dev.cryptostream.pipeline.tables.OutputTable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.beam.sdk.values.KV;

/**
 * An element of a table to its lake partition and the Avro binary encoding of its row, byte for
 * byte what Avro's {@code GenericDatumWriter} writes for {@link AvroRows#rowOf} (tested on every
 * table): written straight from the column values, without a record object and the writer's generic
 * dispatch per field (about two fifths of the lake's JFR samples on the reading thread). Not
 * thread-safe; one per DoFn instance.
 */
final class RowEncoder<T> {
  private final OutputTable<T> table;
  private final Column[] columns;
  private final int partitionIndex;
  private static final int KEPT_BUFFER = 64 * 1024;
  private ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
  private BinaryEncoder out = EncoderFactory.get().directBinaryEncoder(bytes, null);

  RowEncoder(OutputTable<T> table) {
    this.table = table;
    this.columns = table.columns().toArray(new Column[0]);
    this.partitionIndex = table.columnIndex(table.partitionColumn()); // checked by the table
  }

  /**
   * The element's partition (dt=/hour=) and encoded row.
   *
   * @throws RuntimeException when the element does not fit the table (a value that is not its
   *     column's, a decimal beyond DECIMAL(38,18)); nothing of it is kept then
   */
  KV<String, byte[]> encode(T element) {
    Object[] values = table.valuesOf(element);
    bytes.reset();
    try {
      for (int i = 0; i < columns.length; i++) {
        write(columns[i], values[i]);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode a lake row", e); // into memory: never
    }
    KV<String, byte[]> row =
        KV.of(HivePartition.of((Long) values[partitionIndex]), bytes.toByteArray());
    if (bytes.size() > KEPT_BUFFER) {
      // One large row (a dead letter's payload) must not keep its buffer for the DoFn's life.
      bytes = new ByteArrayOutputStream(256);
      out = EncoderFactory.get().directBinaryEncoder(bytes, out);
    }
    return row;
  }

  /** As the writer: a nullable column is a union of null (branch 0) and its type (branch 1). */
  private void write(Column column, Object value) throws IOException {
    if (column.nullable()) {
      if (value == null) {
        out.writeIndex(0);
        return;
      }
      out.writeIndex(1);
    }
    switch (column.type()) {
      case STRING -> out.writeString((String) value);
      case INT64, TIMESTAMP -> out.writeLong(((Number) value).longValue());
      case FLOAT64 -> out.writeDouble((Double) value);
      case BOOLEAN -> out.writeBoolean((Boolean) value);
      case BIGNUMERIC -> out.writeBytes(AvroRows.decimalBytes((BigDecimal) value));
      // A type added without its encoding must not write a row short of a field.
      default -> throw new IllegalStateException("no lake encoding for " + column.type());
    }
  }
}
