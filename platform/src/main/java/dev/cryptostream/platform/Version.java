package dev.cryptostream.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The project version (filtered in at build time), for locating sibling modules' jars. */
final class Version {
  static final String PROJECT = load();

  private Version() {}

  private static String load() {
    try (InputStream in = Version.class.getResourceAsStream("/crypto-stream.properties")) {
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("project.version");
    } catch (IOException | NullPointerException e) {
      throw new UncheckedIOException(
          new IOException("crypto-stream.properties missing from the jar", e));
    }
  }
}
