package dev.cryptostream.pipeline.lake;

import java.io.Serializable;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * One table of the lake: its name, its Avro (and so Parquet) schema, how an element becomes a row,
 * and which time places the row in a dt=/hour= partition.
 */
public record LakeTable<T>(
    String name, String avroSchemaJson, RowConverter<T> converter, PartitionTime<T> partitionTime)
    implements Serializable {

  /** Element to Avro row. */
  @FunctionalInterface
  public interface RowConverter<T> extends Serializable {
    GenericRecord toRow(T value, Schema schema);
  }

  /** The time, in epoch microseconds, that chooses the element's partition. */
  @FunctionalInterface
  public interface PartitionTime<T> extends Serializable {
    long micros(T value);
  }

  public Schema schema() {
    return new Schema.Parser().parse(avroSchemaJson);
  }
}
