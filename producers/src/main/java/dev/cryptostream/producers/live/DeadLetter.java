package dev.cryptostream.producers.live;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cryptostream.contracts.TradeEventJson;
import dev.cryptostream.producers.json.StrictJson;
import java.time.Instant;

/** A venue frame the connector could not use, kept whole for later inspection. */
public record DeadLetter(String venue, String reason, String rawFrame, Instant receivedAt) {

  /** The dead-letter record value: {"venue","reason","received_at","raw"}. */
  public String toJson() {
    ObjectNode n = StrictJson.MAPPER.createObjectNode();
    n.put("venue", venue);
    n.put("reason", reason);
    n.put("received_at", TradeEventJson.formatTime(receivedAt));
    n.put("raw", rawFrame);
    return n.toString();
  }
}
