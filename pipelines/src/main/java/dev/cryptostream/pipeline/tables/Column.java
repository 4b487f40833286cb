package dev.cryptostream.pipeline.tables;

import java.io.Serializable;

/** One column of an output table, as declared in its schema file. */
public record Column(String name, ColumnType type, boolean nullable, String description)
    implements Serializable {}
