package dev.cryptostream.producers.net;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class SurvivingTaskTest {
  @Test
  void aFixedRateTaskGoesOnAfterItsBodyThrows() throws Exception {
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    try {
      AtomicInteger runs = new AtomicInteger();
      CountDownLatch fifthRun = new CountDownLatch(1);
      ScheduledFuture<?> task =
          timer.scheduleAtFixedRate(
              SurvivingTask.of(
                  "test tick",
                  LoggerFactory.getLogger(SurvivingTaskTest.class),
                  () -> {
                    if (runs.incrementAndGet() == 5) {
                      fifthRun.countDown();
                    }
                    if (runs.get() <= 3) {
                      throw new IllegalStateException("tick " + runs.get() + " fails");
                    }
                  }),
              0,
              10,
              TimeUnit.MILLISECONDS);
      assertTrue(fifthRun.await(15, TimeUnit.SECONDS), "ran " + runs.get() + " times");
      assertTrue(!task.isDone(), "still scheduled");
    } finally {
      timer.shutdownNow();
    }
  }

  @Test
  void withoutItTheExecutorEndsTheTaskAtTheFirstFailure() throws Exception {
    // The behaviour SurvivingTask exists for: the JDK cancels a periodic task that throws.
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    try {
      AtomicInteger runs = new AtomicInteger();
      ScheduledFuture<?> task =
          timer.scheduleAtFixedRate(
              () -> {
                runs.incrementAndGet();
                throw new IllegalStateException("first tick fails");
              },
              0,
              10,
              TimeUnit.MILLISECONDS);
      while (!task.isDone()) {
        Thread.sleep(5);
      }
      Thread.sleep(100);
      assertTrue(runs.get() == 1, "ran " + runs.get() + " times");
    } finally {
      timer.shutdownNow();
    }
  }
}
