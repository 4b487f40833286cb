package dev.cryptostream.pipeline.flink;

import java.net.URI;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;

/**
 * A Flink cluster inside this JVM with a REST endpoint on a free port. The job is submitted to it
 * as to any remote cluster, so the embedded run and a real session cluster share one code path:
 * restore from a checkpoint, progress and restart reports while running, cancel on a clean stop.
 * (Beam's own {@code [local]} mode blocks until the job ends and ignores {@code --savepointPath}.)
 */
final class EmbeddedFlinkCluster implements AutoCloseable {
  private final MiniCluster cluster;
  private final URI restAddress;

  private EmbeddedFlinkCluster(MiniCluster cluster, URI restAddress) {
    this.cluster = cluster;
    this.restAddress = restAddress;
  }

  /** Starts one task manager with {@code slots} slots; returns once its REST endpoint answers. */
  static EmbeddedFlinkCluster start(int slots) throws Exception {
    Configuration conf = new Configuration();
    conf.setString("rest.bind-address", "127.0.0.1");
    conf.setString("rest.address", "127.0.0.1");
    conf.setString("rest.bind-port", "0");
    // The pipeline's classes are on this JVM's class path already; see FlinkJobSetup.
    conf.setString("classloader.check-leaked-classloader", "false");
    // Keyed state lives on the heap (hashmap backend); leave managed memory small.
    conf.setString("taskmanager.memory.managed.size", "64m");
    // The REST layer caches a job's state for this long (default 3 s): the launcher saw a finished
    // job up to 4.3 s late and exited that much later. Polled every 2 s at most, so a short cache
    // costs little.
    conf.setString("web.refresh-interval", "500");
    MiniCluster cluster =
        new MiniCluster(
            new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots)
                .build());
    cluster.start();
    return new EmbeddedFlinkCluster(cluster, cluster.getRestAddress().get());
  }

  /** {@code host:port} of the REST endpoint, the form {@code --flinkMaster} takes. */
  String master() {
    return restAddress.getHost() + ":" + restAddress.getPort();
  }

  @Override
  public void close() throws Exception {
    cluster.close();
  }
}
