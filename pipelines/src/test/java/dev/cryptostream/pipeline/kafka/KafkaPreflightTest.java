package dev.cryptostream.pipeline.kafka;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaPreflightTest {
  @Test
  void anAddressThatRefusesConnectionsIsReportedWithinSeconds() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    long start = System.nanoTime();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> KafkaPreflight.check("127.0.0.1:" + closedPort, List.of("t"), Map.of(), 30));
    long seconds = (System.nanoTime() - start) / 1_000_000_000L;
    assertTrue(
        e.getMessage().startsWith("cannot reach Kafka: 127.0.0.1:" + closedPort), e.getMessage());
    assertTrue(seconds < 10, "took " + seconds + " s");
  }

  @Test
  void oneReachableAddressOfSeveralIsEnough() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    try (ServerSocket open = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      assertDoesNotThrow(
          () ->
              KafkaPreflight.requireReachable(
                  "127.0.0.1:" + closedPort + ",127.0.0.1:" + open.getLocalPort(), 2_000));
    }
  }

  @Test
  void aMalformedAddressIsNamed() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> KafkaPreflight.requireReachable("localhost", 1_000));
    assertTrue(e.getMessage().contains("'localhost' is not HOST:PORT"), e.getMessage());
  }
}
