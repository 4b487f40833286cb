package dev.cryptostream.producers.live;

import dev.cryptostream.producers.net.Backoff;
import dev.cryptostream.producers.net.SurvivingTask;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket connection to a venue, kept up for as long as the connector runs: connect,
 * subscribe, keep alive, watch for silence, rotate before forced disconnects (make before break:
 * the old socket is read until the new one delivers), and reconnect with capped, jittered backoff,
 * resubscribing every time. Venue specifics come from {@link VenueProtocol}.
 *
 * <p>Frames are handled on the socket's listener thread and the next frame is requested only when
 * the previous one was published, so a slow Kafka slows reading (TCP back-pressure) instead of
 * queueing or dropping trades.
 */
public final class VenueConnection implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(VenueConnection.class);

  /** Failed or silent attempts in a row before the connection reports that it gets no data. */
  static final int NO_DATA_REPORT_AFTER = 3;

  private final String name;
  private final VenueProtocol protocol;

  /** The symbols still wanted: a symbol the venue refuses is dropped, the others keep streaming. */
  private final Set<String> symbols;

  private final ConnectionPolicy policy;
  private final TradeFlow flow;
  private final LiveStats stats;
  private final HttpClient http;
  private final Backoff backoff;
  private final AttemptPacer pacer;
  private final ScheduledExecutorService timer;
  private final Thread supervisor;
  private volatile boolean running;
  private volatile Session current;

  /** Attempts since a session last delivered a readable frame, and when the first of them began. */
  private volatile int attemptsWithoutData;

  private volatile long firstAttemptWithoutDataNanos;

  public VenueConnection(
      String name,
      VenueProtocol protocol,
      List<String> symbols,
      ConnectionPolicy policy,
      TradeFlow flow,
      LiveStats stats,
      HttpClient http,
      AttemptPacer pacer) {
    this.name = name;
    this.protocol = protocol;
    this.symbols = new CopyOnWriteArraySet<>(symbols);
    this.policy = policy;
    this.flow = flow;
    this.stats = stats;
    this.http = http;
    this.pacer = pacer;
    this.backoff =
        new Backoff(
            policy.backoffBase(), policy.backoffCap(), policy.minAttemptInterval(), Math::random);
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, name + "-watchdog");
              t.setDaemon(true);
              return t;
            });
    this.supervisor = new Thread(this::supervise, name + "-supervisor");
    this.supervisor.setDaemon(true);
  }

  @SuppressWarnings("FutureReturnValueIgnored") // the ticks end with timer.shutdownNow() in close()
  public void start() {
    running = true;
    supervisor.start();
    long tick = policy.tick().toNanos();
    timer.scheduleAtFixedRate(
        SurvivingTask.of(name + " watchdog tick", log, this::tick),
        tick,
        tick,
        TimeUnit.NANOSECONDS);
  }

  /** The symbols this connection still streams (those the venue refused are dropped). */
  public List<String> symbols() {
    return List.copyOf(symbols);
  }

  /**
   * Connects, waits for the session to end, and starts over until closed or every symbol is
   * refused.
   */
  private void supervise() {
    Duration delay = Duration.ZERO;
    // Make before break: a rotated-out session stays open until its successor delivers trades.
    Session retiring = null;
    while (running) {
      try {
        sleepNanos(delay.toNanos());
        // The venue's limit on connection attempts holds across its connections, and after
        // rotations too.
        sleepNanos(pacer.reserve());
      } catch (InterruptedException e) {
        break;
      }
      if (!running || symbols.isEmpty()) {
        break;
      }
      List<String> wanted = List.copyOf(symbols);
      URI uri = protocol.connectUri(wanted);
      Session session = new Session();
      WebSocket ws;
      CompletableFuture<WebSocket> opening =
          http.newWebSocketBuilder()
              .connectTimeout(policy.connectTimeout())
              .buildAsync(uri, session);
      try {
        ws = opening.get(policy.connectTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
      } catch (ExecutionException | TimeoutException e) {
        var unusedAbort = opening.thenAccept(WebSocket::abort); // if it opens late, nobody listens
        if (retiring != null) {
          retiring.finish();
          retiring = null;
        }
        delay = backoff.next();
        Throwable cause =
            e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        log.warn(
            "{}: cannot connect to {}://{}:{}: {}; next attempt in {} ms",
            name,
            uri.getScheme(),
            uri.getHost(),
            uri.getPort(),
            cause.toString(),
            delay.toMillis());
        noData(uri, "cannot connect: " + cause);
        continue;
      } catch (InterruptedException e) {
        var unusedAbort = opening.thenAccept(WebSocket::abort);
        break;
      }
      session.attach(ws);
      log.info("{}: connected, subscribing to {}", name, wanted);
      current = session;
      for (String message : protocol.subscribeMessages(wanted)) {
        session.send(message);
      }
      if (retiring != null) {
        awaitFirstTrades(session);
        retiring.finish();
        retiring = null;
      }
      String reason;
      try {
        reason = session.ended.get();
      } catch (InterruptedException | ExecutionException e) {
        reason = "shutdown";
      }
      current = null;
      if (!session.delivered) {
        noData(uri, reason);
      }
      if (!running || symbols.isEmpty()) {
        session.finish();
        break;
      }
      stats.reconnect();
      if (session.rotation) {
        retiring = session;
        delay = Duration.ZERO;
        backoff.reset();
      } else {
        session.finish();
        if (System.nanoTime() - session.openedNanos >= policy.stableAfter().toNanos()) {
          backoff.reset();
        }
        delay = backoff.next();
      }
      log.warn("{}: {}; reconnecting in {} ms", name, reason, delay.toMillis());
    }
    if (retiring != null) {
      retiring.finish();
    }
  }

  /**
   * One more attempt that brought no readable frame. After {@link #NO_DATA_REPORT_AFTER} of them in
   * a row, and again each time their number doubles, says so loudly (URL, attempts, time, last
   * reason) and keeps it in the status lines until data flows again: a wrong or retired endpoint
   * must not look like a quiet market.
   */
  // Only the supervisor thread counts up, between sessions; delivered() resets from a listener
  // thread, which can overlap only with a retiring session: at worst one attempt is miscounted.
  @SuppressWarnings("NonAtomicVolatileUpdate")
  private void noData(URI uri, String lastReason) {
    if (attemptsWithoutData == 0) {
      firstAttemptWithoutDataNanos = System.nanoTime();
    }
    int n = ++attemptsWithoutData;
    if (n < NO_DATA_REPORT_AFTER) {
      return;
    }
    String where =
        uri.getScheme()
            + "://"
            + uri.getHost()
            + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
            + uri.getPath();
    String problem =
        String.format(
            Locale.ROOT,
            "no data from %s after %d connection attempts over %d s (last: %s)",
            where,
            n,
            (System.nanoTime() - firstAttemptWithoutDataNanos) / 1_000_000_000L,
            lastReason);
    stats.connectionProblem(name, problem);
    if (Integer.bitCount(n / NO_DATA_REPORT_AFTER) == 1 && n % NO_DATA_REPORT_AFTER == 0) {
      log.error("{}: {}; still trying (check --ws-url)", name, problem);
    }
  }

  /** A session delivered a readable frame: the endpoint works. */
  private void delivered() {
    if (attemptsWithoutData >= NO_DATA_REPORT_AFTER) {
      log.info("{}: data flows again after {} attempts without", name, attemptsWithoutData);
    }
    attemptsWithoutData = 0;
    stats.connectionProblem(name, null);
  }

  /** The venue refused one symbol: stop asking for it, keep the others, end when none is left. */
  private void reject(Session session, String symbol, String reason) {
    if (!symbols.remove(symbol)) {
      return; // already dropped (a second answer for it)
    }
    stats.rejected(symbol, reason);
    log.error(
        "{}: the venue refused {} ({}); dropped, {} other symbol(s) keep streaming",
        name,
        symbol,
        reason,
        symbols.size());
    if (symbols.isEmpty()) {
      stats.connectionProblem(name, "the venue refused every symbol; not connected");
      session.end("the venue refused every symbol");
      return;
    }
    for (String message : protocol.messagesAfterRejection(List.copyOf(symbols))) {
      session.send(message);
    }
  }

  /** Waits (at most one silence timeout) until a new session delivers its first trades. */
  private void awaitFirstTrades(Session session) {
    try {
      session.firstTrades.get(policy.silenceTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // retire the old session anyway; any hole is a gap like any other
    }
  }

  /** Watchdog, proactive rotation and client keep-alives. */
  private void tick() {
    Session s = current;
    if (s == null || s.ended.isDone()) {
      return;
    }
    long now = System.nanoTime();
    long quiet = now - s.lastFrameNanos;
    if (!s.processing && quiet > policy.silenceTimeout().toNanos()) {
      stats.recordWatchdog();
      s.end("silent for " + quiet / 1_000_000 + " ms (watchdog)");
    } else if (s.refusals.overdue(now, refusalGraceNanos())) {
      s.end("subscription rejected (" + s.refusals.reasons() + "): reconnecting");
    } else if (now - s.openedNanos > policy.maxConnectionAge().toNanos()) {
      stats.recordRotation();
      s.rotation = true;
      s.end("connection age limit reached (proactive rotation)");
    } else {
      Optional<String> ping = protocol.keepAliveMessage();
      if (ping.isPresent()
          && now - Math.max(s.lastFrameNanos, s.lastPingNanos) >= policy.appPingEvery().toNanos()) {
        s.lastPingNanos = now;
        stats.recordKeepAlive();
        s.send(ping.get());
      }
    }
  }

  /**
   * How long a refusal that names no symbol waits for the venue's confirmations to tell which
   * symbol it was: a quarter of the silence timeout, far more than the round trip in which a venue
   * answers a subscription.
   */
  private long refusalGraceNanos() {
    return policy.silenceTimeout().toNanos() / 4;
  }

  private static void sleepNanos(long nanos) throws InterruptedException {
    if (nanos > 0) {
      TimeUnit.NANOSECONDS.sleep(nanos);
    }
  }

  /** Stops reconnecting and closes the socket politely. */
  @Override
  public void close() {
    running = false;
    Session s = current;
    if (s != null) {
      s.end("shutdown");
    }
    supervisor.interrupt();
    try {
      supervisor.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    timer.shutdownNow();
  }

  /** One connected socket, from open to its end (for whatever reason). */
  private final class Session implements WebSocket.Listener {
    final CompletableFuture<String> ended = new CompletableFuture<>();
    final CompletableFuture<Void> firstTrades = new CompletableFuture<>();
    // Clocks start when the socket is open: a slow handshake is not silence.
    volatile long openedNanos = System.nanoTime();
    volatile long lastFrameNanos = openedNanos;
    volatile long lastPingNanos = openedNanos;
    volatile boolean processing;
    volatile boolean rotation;
    volatile boolean closedByVenue;
    volatile boolean delivered;
    private volatile WebSocket socket;
    private final StringBuilder text = new StringBuilder();
    private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
    final PendingRefusals refusals = new PendingRefusals();
    private CompletableFuture<?> sends = CompletableFuture.completedFuture(null);

    void attach(WebSocket ws) {
      if (socket == null) {
        socket = ws;
      }
      long now = System.nanoTime();
      openedNanos = now;
      lastPingNanos = now;
      lastFrameNanos = Math.max(lastFrameNanos, now);
    }

    void end(String reason) {
      ended.complete(reason);
      firstTrades.complete(null); // nothing to wait for from a session that is over
    }

    /** Sends are chained: the JDK WebSocket allows one outstanding send at a time. */
    @SuppressWarnings("FutureReturnValueIgnored") // a failed send ends the session, below
    synchronized void send(String message) {
      WebSocket ws = socket;
      if (ws == null || ended.isDone()) {
        return;
      }
      sends = sends.handle((ok, err) -> null).thenCompose(x -> ws.sendText(message, true));
      sends.whenComplete(
          (ok, err) -> {
            if (err != null) {
              end("send failed: " + err);
            }
          });
    }

    /** Closes politely when we ended the session, abruptly when the venue already went away. */
    void finish() {
      WebSocket ws = socket;
      if (ws == null) {
        return;
      }
      if (!closedByVenue && !ws.isOutputClosed()) {
        try {
          ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(1, TimeUnit.SECONDS);
        } catch (Exception e) {
          // the socket may already be gone; abort below either way
        }
      }
      ws.abort();
    }

    @Override
    public void onOpen(WebSocket ws) {
      socket = ws;
      ws.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      lastFrameNanos = System.nanoTime();
      text.append(data);
      if (last) {
        String frame = text.toString();
        text.setLength(0);
        handle(frame);
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
      lastFrameNanos = System.nanoTime();
      byte[] chunk = new byte[data.remaining()];
      data.get(chunk);
      binary.writeBytes(chunk);
      if (last) {
        byte[] all = binary.toByteArray();
        binary.reset();
        flow.deadLetter(
            "unexpected binary frame of " + all.length + " bytes (raw is base64)",
            Base64.getEncoder().encodeToString(all),
            Instant.now());
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket ws, ByteBuffer message) {
      // The JDK client answers pings with a pong echoing the payload by itself.
      lastFrameNanos = System.nanoTime();
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
      lastFrameNanos = System.nanoTime();
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      closedByVenue = true;
      end(
          "closed by venue: "
              + statusCode
              + (reason == null || reason.isEmpty() ? "" : " " + reason));
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      closedByVenue = true;
      end("connection lost: " + error);
    }

    /** Drops the symbols the venue's confirmations show it refused without naming them. */
    private void rejectAttributed() {
      refusals.attribute(symbols).forEach((symbol, why) -> reject(this, symbol, why));
    }

    private void handle(String frame) {
      processing = true;
      Instant receivedAt = Instant.now();
      try {
        FrameResult result = protocol.parse(frame, receivedAt);
        if (!delivered) {
          delivered = true;
          delivered();
        }
        if (result instanceof FrameResult.Trades t) {
          flow.onTrades(t.trades());
          firstTrades.complete(null);
        } else if (result instanceof FrameResult.LastTradeId l) {
          flow.onNewestTradeId(l.symbol(), l.lastTradeId());
        } else if (result instanceof FrameResult.Rotate r) {
          stats.recordRotation();
          rotation = true;
          end("venue announced a disconnect (" + r.reason() + "): rotating");
        } else if (result instanceof FrameResult.Subscribed s) {
          refusals.confirmed(s);
          rejectAttributed();
        } else if (result instanceof FrameResult.SubscriptionRejected r) {
          // Kept as a dead letter for inspection.
          flow.deadLetter("subscription rejected: " + r.reason(), frame, receivedAt);
          if (r.symbol() != null) {
            reject(this, r.symbol(), r.reason());
          } else {
            // Pinned on a symbol once the venue's confirmations tell which; if they never do (a
            // rate limit, say), the watchdog ends the session so backoff paces the retries.
            refusals.refused(r.reason(), System.nanoTime());
            rejectAttributed();
          }
        }
      } catch (FrameException e) {
        flow.deadLetter(e.getMessage(), frame, receivedAt);
      } catch (RuntimeException e) {
        // A connector bug must not kill the feed: keep the frame for inspection and go on.
        log.error("{}: failed to handle a frame", name, e);
        try {
          flow.deadLetter("connector error: " + e, frame, receivedAt);
        } catch (RuntimeException again) {
          log.error("{}: could not dead-letter the frame either: {}", name, again.toString());
        }
      } finally {
        lastFrameNanos = System.nanoTime(); // time spent publishing (back-pressure) is not silence
        processing = false;
      }
    }
  }
}
