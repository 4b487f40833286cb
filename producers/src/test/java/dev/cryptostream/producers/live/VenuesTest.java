package dev.cryptostream.producers.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.util.List;
import org.junit.jupiter.api.Test;

class VenuesTest {
  @Test
  void everyVenueHasSecurePublicEndpoints() {
    for (String venue : Venues.NAMES) {
      Venues.Endpoints e = Venues.publicEndpoints(venue);
      assertTrue(e.wsUrl().startsWith("wss://"), venue + " " + e);
      assertTrue(e.restUrl().startsWith("https://"), venue + " " + e);
    }
  }

  @Test
  void theProtocolConnectsToTheGivenEndpoints() {
    Venues.Endpoints local = new Venues.Endpoints("ws://127.0.0.1:1", "http://127.0.0.1:2");
    for (String venue : Venues.NAMES) {
      VenueProtocol p =
          Venues.protocol(
              venue,
              List.of("BTC-USDT"),
              local,
              HttpClient.newHttpClient(),
              TradeTimeWindow.LIVE_DEFAULT);
      assertEquals(venue, p.exchange());
      assertTrue(
          p.connectUri(List.of("BTC-USDT")).toString().startsWith("ws://127.0.0.1:1"),
          venue + " connects to " + p.connectUri(List.of("BTC-USDT")));
      assertEquals(TradeTimeWindow.LIVE_DEFAULT, p.tradeTimeWindow());
    }
  }

  @Test
  void anUnknownVenueIsNamedInTheError() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Venues.publicEndpoints("bitmex"));
    assertEquals("unknown venue 'bitmex' (known: binance, coinbase, kraken, okx)", e.getMessage());
  }
}
