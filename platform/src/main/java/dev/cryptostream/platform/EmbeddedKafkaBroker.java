package dev.cryptostream.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Features;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node Kafka (KRaft: one process is broker and controller) started in-process from
 * Apache Kafka's own server classes. Formats its data directory on first start, creates the
 * requested topics, and shuts down cleanly. Nothing is mocked: clients talk the Kafka protocol over
 * loopback.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
  /** A topic to create at start. */
  public record TopicSpec(String name, int partitions) {
    /** Parses {@code name[:partitions]}. */
    public static TopicSpec parse(String spec, int defaultPartitions) {
      int colon = spec.lastIndexOf(':');
      if (colon < 0) {
        return new TopicSpec(spec, defaultPartitions);
      }
      try {
        return new TopicSpec(spec.substring(0, colon), Integer.parseInt(spec.substring(colon + 1)));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "bad topic spec '" + spec + "', expected name:partitions");
      }
    }
  }

  /**
   * A SASL_SSL listener, for testing clients as they talk to a TLS-only service such as Google
   * Cloud Managed Kafka.
   *
   * @param keystore PKCS12 key store holding the broker's key and certificate
   * @param keystorePassword its password (also the key's)
   * @param plainUsers user names and passwords for mechanism PLAIN (empty: no PLAIN)
   * @param oauthBearerValidator class name of the broker's OAUTHBEARER token validator, an {@code
   *     AuthenticateCallbackHandler} on this classpath (null: no OAUTHBEARER)
   */
  public record SaslSslListener(
      Path keystore,
      String keystorePassword,
      Map<String, String> plainUsers,
      String oauthBearerValidator) {
    public SaslSslListener {
      plainUsers = Map.copyOf(plainUsers);
      if (plainUsers.isEmpty() && oauthBearerValidator == null) {
        throw new IllegalArgumentException("a SASL_SSL listener needs PLAIN users or OAUTHBEARER");
      }
    }
  }

  private final int port;
  private int saslPort = -1;
  private int saslSslPort = -1;
  private final SaslSslListener saslSsl;
  private final KafkaRaftServer server;
  // What a restart needs to come back as the same node: same directory and the same ports.
  private final Path dataDir;
  private final int controllerPort;
  private final Map<String, String> saslPlainUsers;
  private boolean closed;

  private EmbeddedKafkaBroker(
      int port,
      KafkaRaftServer server,
      Path dataDir,
      int controllerPort,
      Map<String, String> saslPlainUsers,
      SaslSslListener saslSsl) {
    this.port = port;
    this.server = server;
    this.dataDir = dataDir;
    this.controllerPort = controllerPort;
    this.saslPlainUsers = saslPlainUsers;
    this.saslSsl = saslSsl;
  }

  /**
   * Starts a broker.
   *
   * @param dataDir log directory; created and formatted if new, reused if already formatted
   * @param port client port on 127.0.0.1, or 0 to pick a free one
   * @param topics topics to create (existing ones are kept)
   */
  public static EmbeddedKafkaBroker start(Path dataDir, int port, List<TopicSpec> topics) {
    return start(dataDir, port, topics, Map.of());
  }

  /**
   * Starts a broker that also listens for SASL_PLAINTEXT clients (mechanism PLAIN) with the given
   * user names and passwords, on {@link #saslBootstrapServers()}; for testing authenticated
   * clients.
   */
  public static EmbeddedKafkaBroker start(
      Path dataDir, int port, List<TopicSpec> topics, Map<String, String> saslPlainUsers) {
    return start(dataDir, port, topics, saslPlainUsers, null);
  }

  /**
   * Starts a broker that also has a SASL_SSL listener on {@link #saslSslBootstrapServers()} (and a
   * SASL_PLAINTEXT one when {@code saslPlainUsers} is not empty).
   */
  public static EmbeddedKafkaBroker start(
      Path dataDir,
      int port,
      List<TopicSpec> topics,
      Map<String, String> saslPlainUsers,
      SaslSslListener saslSsl) {
    try {
      return start(
          dataDir,
          port == 0 ? freePort() : port,
          freePort(),
          -1,
          -1,
          topics,
          saslPlainUsers,
          saslSsl);
    } catch (IOException e) {
      throw new UncheckedIOException("could not find a free port", e);
    }
  }

  /**
   * Stops this broker (if still running) and starts it again on the same ports and data directory,
   * keeping every topic, record and idempotent-producer state it had: what a broker restart in
   * production looks like to clients. Returns the new instance; this one stays closed.
   */
  public EmbeddedKafkaBroker restart() {
    close();
    return start(
        dataDir, port, controllerPort, saslPort, saslSslPort, List.of(), saslPlainUsers, saslSsl);
  }

  private static EmbeddedKafkaBroker start(
      Path dataDir,
      int clientPort,
      int controllerPort,
      int saslPortOrNew,
      int saslSslPortOrNew,
      List<TopicSpec> topics,
      Map<String, String> saslPlainUsers,
      SaslSslListener saslSsl) {
    try {
      Files.createDirectories(dataDir);
      Properties props = config(dataDir, clientPort, controllerPort);
      int saslPort = -1;
      if (!saslPlainUsers.isEmpty()) {
        saslPort = saslPortOrNew > 0 ? saslPortOrNew : freePort();
        addListener(props, "SASL_PLAINTEXT", saslPort);
        props.put("sasl.enabled.mechanisms", "PLAIN");
        props.put("listener.name.sasl_plaintext.plain.sasl.jaas.config", plainJaas(saslPlainUsers));
      }
      int saslSslPort = -1;
      if (saslSsl != null) {
        saslSslPort = saslSslPortOrNew > 0 ? saslSslPortOrNew : freePort();
        addSaslSslListener(props, saslSslPort, saslSsl);
      }
      format(dataDir);
      KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props), Time.SYSTEM);
      server.startup();
      EmbeddedKafkaBroker broker =
          new EmbeddedKafkaBroker(
              clientPort, server, dataDir, controllerPort, Map.copyOf(saslPlainUsers), saslSsl);
      broker.saslPort = saslPort;
      broker.saslSslPort = saslSslPort;
      try {
        broker.createTopics(topics);
      } catch (RuntimeException e) {
        broker.close();
        throw e;
      }
      return broker;
    } catch (IOException e) {
      throw new UncheckedIOException("could not prepare Kafka data directory " + dataDir, e);
    }
  }

  /** One more listener on 127.0.0.1, named after its security protocol. */
  private static void addListener(Properties props, String protocol, int port) {
    String endpoint = "," + protocol + "://127.0.0.1:" + port;
    props.put("listeners", props.get("listeners") + endpoint);
    props.put("advertised.listeners", props.get("advertised.listeners") + endpoint);
    props.put(
        "listener.security.protocol.map",
        props.get("listener.security.protocol.map") + "," + protocol + ":" + protocol);
  }

  private static String plainJaas(Map<String, String> users) {
    StringBuilder jaas =
        new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required");
    users.forEach(
        (user, password) ->
            jaas.append(" user_").append(user).append("=\"").append(password).append('"'));
    return jaas.append(';').toString();
  }

  private static void addSaslSslListener(Properties props, int port, SaslSslListener l) {
    addListener(props, "SASL_SSL", port);
    String prefix = "listener.name.sasl_ssl.";
    props.put(prefix + "ssl.keystore.location", l.keystore().toAbsolutePath().toString());
    props.put(prefix + "ssl.keystore.type", "PKCS12");
    props.put(prefix + "ssl.keystore.password", l.keystorePassword());
    props.put(prefix + "ssl.key.password", l.keystorePassword());
    List<String> mechanisms = new ArrayList<>();
    if (!l.plainUsers().isEmpty()) {
      mechanisms.add("PLAIN");
      props.put(prefix + "plain.sasl.jaas.config", plainJaas(l.plainUsers()));
    }
    if (l.oauthBearerValidator() != null) {
      mechanisms.add("OAUTHBEARER");
      // The broker's own login (it never uses it: brokers talk PLAINTEXT among themselves).
      props.put(
          prefix + "oauthbearer.sasl.jaas.config",
          "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required"
              + " unsecuredLoginStringClaim_sub=\"broker\";");
      props.put(
          prefix + "oauthbearer.sasl.server.callback.handler.class", l.oauthBearerValidator());
    }
    props.put(prefix + "sasl.enabled.mechanisms", String.join(",", mechanisms));
  }

  static Properties config(Path dataDir, int clientPort, int controllerPort) {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.put(
        "listeners",
        "PLAINTEXT://127.0.0.1:" + clientPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + clientPort);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", dataDir.toAbsolutePath().toString());
    p.put("num.partitions", "6");
    p.put("auto.create.topics.enable", "false");
    // One node: internal topics cannot have more replicas than that.
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "4");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "4");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("log.flush.interval.messages", Long.toString(Long.MAX_VALUE));
    p.put("log.segment.bytes", Integer.toString(64 * 1024 * 1024));
    // No deletion by age: replays and tests publish history whose record times (trade times) are
    // weeks old, which the default seven-day retention deletes as soon as it is written. A local
    // broker's data directory lives for one run or one test.
    p.put("log.retention.ms", "-1");
    return p;
  }

  private static void format(Path dataDir) throws IOException {
    if (Files.exists(dataDir.resolve("meta.properties"))) {
      return;
    }
    try {
      new Formatter()
          .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
          .setNodeId(1)
          .setClusterId(Uuid.randomUuid().toString())
          .setDirectories(List.of(dataDir.toAbsolutePath().toString()))
          .setMetadataLogDirectory(dataDir.toAbsolutePath().toString())
          .setControllerListenerName("CONTROLLER")
          .setSupportedFeatures(Features.PRODUCTION_FEATURES)
          .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
          .setIgnoreFormatted(true)
          .run();
    } catch (Exception e) {
      throw new IOException(
          "could not format KRaft storage in " + dataDir + ": " + e.getMessage(), e);
    }
  }

  private void createTopics(List<TopicSpec> topics) {
    if (topics.isEmpty()) {
      return;
    }
    try (Admin admin = admin()) {
      // The first request also proves the broker is serving.
      Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
      List<NewTopic> toCreate = new ArrayList<>();
      for (TopicSpec t : topics) {
        if (!existing.contains(t.name())) {
          toCreate.add(new NewTopic(t.name(), t.partitions(), (short) 1));
        }
      }
      try {
        admin.createTopics(toCreate).all().get(60, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException("Kafka broker did not become ready: " + e.getMessage(), e);
    }
  }

  public Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  /** The SASL_PLAINTEXT listener, when the broker was started with SASL users. */
  public String saslBootstrapServers() {
    if (saslPort < 0) {
      throw new IllegalStateException("this broker has no SASL listener");
    }
    return "127.0.0.1:" + saslPort;
  }

  /** The SASL_SSL listener, when the broker was started with one. */
  public String saslSslBootstrapServers() {
    if (saslSslPort < 0) {
      throw new IllegalStateException("this broker has no SASL_SSL listener");
    }
    return "127.0.0.1:" + saslSslPort;
  }

  public int port() {
    return port;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    server.shutdown();
    server.awaitShutdown();
  }

  /** Removes a broker data directory (used for fresh local runs). */
  public static void deleteDataDir(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete " + dir, e);
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }

  /**
   * Runs a broker until interrupted: {@code --port 9092 --data-dir DIR --topic name:partitions}.
   * Prints {@code READY <bootstrap>} once topics exist, so scripts and tests can wait for it.
   */
  public static void main(String[] args) throws InterruptedException {
    int port = 9092;
    Path dir = Path.of(".local-run/kafka");
    List<TopicSpec> topics = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(args[++i]);
        case "--data-dir" -> dir = Path.of(args[++i]);
        case "--topic" -> topics.add(TopicSpec.parse(args[++i], 6));
        default -> {
          System.err.println(
              "usage: EmbeddedKafkaBroker [--port N] [--data-dir DIR] [--topic name:partitions]...");
          System.exit(2);
        }
      }
    }
    EmbeddedKafkaBroker broker = start(dir, port, topics);
    Runtime.getRuntime().addShutdownHook(new Thread(broker::close));
    System.out.println("READY " + broker.bootstrapServers());
    System.out.flush();
    Thread.currentThread().join();
  }
}
