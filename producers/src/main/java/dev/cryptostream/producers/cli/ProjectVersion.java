package dev.cryptostream.producers.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The project version, filtered into {@code version.properties} at build time. */
public final class ProjectVersion implements IVersionProvider {
  static final String RESOURCE = "/dev/cryptostream/producers/version.properties";

  @Override
  public String[] getVersion() {
    return new String[] {"producers " + version()};
  }

  public static String version() {
    try (InputStream in = ProjectVersion.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IOException(RESOURCE + " is missing from the jar");
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
