package dev.cryptostream.producers.live.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small RFC 6455 server over a plain ServerSocket, so tests control every fault: send text,
 * binary, ping and close frames, read what the client sends, stall, or drop the socket without a
 * close frame (what a client sees as 1006). Venue tests script it to speak each venue's protocol.
 *
 * <p>Why not a WebSocket library (Java-WebSocket 1.6.0 was weighed): its server answers a refused
 * handshake only with its own 404 or 500 page, never the 503 a venue under load sends; a reset
 * without a close frame needs a cast to its WebSocketImpl; its sends are queued on a selector
 * thread, so a drop right after a send can overtake the frame unless the test waits for the queue;
 * and a delayed handshake sleeps on a decoder thread that other connections share. Each fault here
 * is a few lines over a socket instead.
 */
public final class TestWebSocketServer implements AutoCloseable {
  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  private final ServerSocket server;
  private final BlockingQueue<Client> accepted = new LinkedBlockingQueue<>();
  private final List<Client> clients = new CopyOnWriteArrayList<>();
  private final AtomicInteger handshakes = new AtomicInteger();
  private final AtomicInteger rejectNext = new AtomicInteger();
  private volatile long handshakeDelayMillis;
  private final Thread acceptor;

  public TestWebSocketServer() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor = new Thread(this::acceptLoop, "test-ws-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public String baseUrl() {
    return "ws://127.0.0.1:" + server.getLocalPort();
  }

  /** Handshake attempts so far, rejected ones included. */
  public int handshakes() {
    return handshakes.get();
  }

  /** The next {@code n} handshakes get HTTP 503 instead of an upgrade. */
  public void rejectNextHandshakes(int n) {
    rejectNext.set(n);
  }

  /** Answers handshakes only after this delay: a slow venue. */
  public void delayHandshakes(Duration delay) {
    handshakeDelayMillis = delay.toMillis();
  }

  public List<Client> clients() {
    return clients;
  }

  /** The next client that completes a handshake. */
  public Client awaitClient(Duration timeout) throws InterruptedException {
    Client c = accepted.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (c == null) {
      throw new AssertionError("no client connected within " + timeout);
    }
    return c;
  }

  /** Asserts that no further client connects within {@code window}. */
  public void assertNoNewClient(Duration window) throws InterruptedException {
    Client c = accepted.poll(window.toMillis(), TimeUnit.MILLISECONDS);
    if (c != null) {
      throw new AssertionError("unexpected connection " + c.target());
    }
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        Thread t = new Thread(() -> serve(s), "test-ws-client");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket socket) {
    try {
      InputStream in = socket.getInputStream();
      List<String> head = readHead(in);
      handshakes.incrementAndGet();
      if (handshakeDelayMillis > 0) {
        Thread.sleep(handshakeDelayMillis);
      }
      OutputStream out = socket.getOutputStream();
      if (rejectNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        out.write(
            "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        socket.close();
        return;
      }
      String key = null;
      for (String line : head) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Sec-WebSocket-Key")) {
          key = line.substring(colon + 1).trim();
        }
      }
      if (key == null) {
        socket.close();
        return;
      }
      String accept =
          Base64.getEncoder()
              .encodeToString(
                  MessageDigest.getInstance("SHA-1")
                      .digest((key + GUID).getBytes(StandardCharsets.US_ASCII)));
      out.write(
          ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  + "Sec-WebSocket-Accept: "
                  + accept
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String target = head.get(0).split(" ")[1];
      Client client = new Client(socket, target);
      clients.add(client);
      accepted.add(client);
      client.readLoop();
    } catch (Exception e) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // already closed
      }
    }
  }

  private static List<String> readHead(InputStream in) throws IOException {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    int prev = -1;
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("eof in handshake");
      }
      if (b == '\n' && prev == '\r') {
        line.setLength(line.length() - 1);
        if (line.length() == 0) {
          return lines;
        }
        lines.add(line.toString());
        line.setLength(0);
      } else {
        line.append((char) b);
      }
      prev = b;
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Client c : clients) {
      c.drop();
    }
  }

  /** One connected client, seen from the server. */
  public static final class Client {
    private final Socket socket;
    private final String target;
    private final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
    private final BlockingQueue<byte[]> pongs = new LinkedBlockingQueue<>();
    private final CountDownLatch gone = new CountDownLatch(1);
    private volatile int closeCode = -1;

    Client(Socket socket, String target) {
      this.socket = socket;
      this.target = target;
    }

    /** The request target of the handshake: path and query. */
    public String target() {
      return target;
    }

    public void sendText(String text) throws IOException {
      frame(0x1, text.getBytes(StandardCharsets.UTF_8));
    }

    public void sendBinary(byte[] data) throws IOException {
      frame(0x2, data);
    }

    public void sendPing(byte[] payload) throws IOException {
      frame(0x9, payload);
    }

    /** A close frame with a status code; the client is expected to answer and go. */
    public void sendClose(int code, String reason) throws IOException {
      byte[] r = reason.getBytes(StandardCharsets.UTF_8);
      byte[] p = new byte[2 + r.length];
      p[0] = (byte) (code >> 8);
      p[1] = (byte) code;
      System.arraycopy(r, 0, p, 2, r.length);
      frame(0x8, p);
    }

    /** Kills the TCP connection with a reset and no close frame: an abnormal (1006) closure. */
    public void drop() {
      try {
        socket.setSoLinger(true, 0);
        socket.close();
      } catch (IOException ignored) {
        // already gone
      }
    }

    /** The next text frame from the client. */
    public String awaitText(Duration timeout) throws InterruptedException {
      String t = texts.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (t == null) {
        throw new AssertionError("client sent no text within " + timeout);
      }
      return t;
    }

    /** Text frames received and not yet taken. */
    public List<String> drainTexts() {
      List<String> out = new ArrayList<>();
      texts.drainTo(out);
      return out;
    }

    public byte[] awaitPong(Duration timeout) throws InterruptedException {
      byte[] p = pongs.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (p == null) {
        throw new AssertionError("client sent no pong within " + timeout);
      }
      return p;
    }

    public boolean awaitGone(Duration timeout) throws InterruptedException {
      return gone.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The status code of the client's close frame, or -1. */
    public int closeCode() {
      return closeCode;
    }

    private synchronized void frame(int opcode, byte[] payload) throws IOException {
      OutputStream out = socket.getOutputStream();
      ByteArrayOutputStream f = new ByteArrayOutputStream();
      f.write(0x80 | opcode);
      if (payload.length < 126) {
        f.write(payload.length);
      } else if (payload.length < 65536) {
        f.write(126);
        f.write(payload.length >> 8);
        f.write(payload.length);
      } else {
        f.write(127);
        for (int i = 7; i >= 0; i--) {
          f.write((int) ((long) payload.length >> (8 * i)));
        }
      }
      f.write(payload);
      out.write(f.toByteArray());
      out.flush();
    }

    void readLoop() {
      try (DataInputStream in = new DataInputStream(socket.getInputStream())) {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        int messageOpcode = 0;
        while (true) {
          int b0 = in.readUnsignedByte();
          int b1 = in.readUnsignedByte();
          boolean fin = (b0 & 0x80) != 0;
          int opcode = b0 & 0x0F;
          long len = b1 & 0x7F;
          if (len == 126) {
            len = in.readUnsignedShort();
          } else if (len == 127) {
            len = in.readLong();
          }
          byte[] mask = new byte[4];
          if ((b1 & 0x80) != 0) {
            in.readFully(mask);
          }
          byte[] payload = new byte[(int) len];
          in.readFully(payload);
          for (int i = 0; i < payload.length; i++) {
            payload[i] ^= mask[i % 4];
          }
          switch (opcode) {
            case 0x9 -> frame(0xA, payload);
            case 0xA -> pongs.add(payload);
            case 0x8 -> {
              closeCode =
                  payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
              try {
                frame(0x8, payload.length >= 2 ? new byte[] {payload[0], payload[1]} : new byte[0]);
              } catch (IOException ignored) {
                // the client may already be gone
              }
              socket.close();
              return;
            }
            default -> {
              if (opcode != 0) {
                messageOpcode = opcode;
              }
              message.write(payload);
              if (fin) {
                if (messageOpcode == 0x1) {
                  texts.add(message.toString(StandardCharsets.UTF_8));
                }
                message.reset();
              }
            }
          }
        }
      } catch (IOException e) {
        // dropped, closed or reset: the client is gone
      } finally {
        gone.countDown();
        try {
          socket.close();
        } catch (IOException ignored) {
          // already closed
        }
      }
    }
  }
}
