package dev.cryptostream.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away TLS identity for a test broker, made with the JDK's own keytool: a self-signed
 * certificate for 127.0.0.1 in a PKCS12 key store, and a trust store holding just that certificate
 * for the clients.
 */
record TestTls(Path keystore, Path truststore, String password) {

  static TestTls create(Path dir, String password) throws IOException, InterruptedException {
    Path keystore = dir.resolve("broker.p12");
    Path cert = dir.resolve("broker.pem");
    Path truststore = dir.resolve("clients-truststore.p12");
    keytool(
        "-genkeypair",
        "-alias",
        "broker",
        "-keyalg",
        "RSA",
        "-keysize",
        "2048",
        "-dname",
        "CN=127.0.0.1",
        "-ext",
        "SAN=ip:127.0.0.1,dns:localhost",
        "-validity",
        "2",
        "-storetype",
        "PKCS12",
        "-keystore",
        keystore.toString(),
        "-storepass",
        password,
        "-keypass",
        password);
    keytool(
        "-exportcert",
        "-rfc",
        "-alias",
        "broker",
        "-keystore",
        keystore.toString(),
        "-storepass",
        password,
        "-file",
        cert.toString());
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        "broker",
        "-file",
        cert.toString(),
        "-storetype",
        "PKCS12",
        "-keystore",
        truststore.toString(),
        "-storepass",
        password);
    return new TestTls(keystore, truststore, password);
  }

  private static void keytool(String... args) throws IOException, InterruptedException {
    Path java = Path.of(PipelineProcess.javaBinary());
    List<String> command = new ArrayList<>();
    command.add(java.resolveSibling("keytool").toString());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("keytool did not finish: " + command);
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      throw new IOException("keytool " + args[0] + " failed: " + out);
    }
  }
}
