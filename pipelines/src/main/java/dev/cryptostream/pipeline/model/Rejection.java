package dev.cryptostream.pipeline.model;

import java.io.Serializable;

/** Why a record was refused, before it is turned into a {@link DeadLetter}. */
public record Rejection(RejectReason reason, String message) implements Serializable {}
