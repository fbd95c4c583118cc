package io.herald.cluster;

import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.core.LifecycleListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node that was cut off from the cluster (frozen past the failure timeout, or on the wrong side of a network split)
 * carries on alone until Hazelcast finds the other members again and merges it back. Vert.x's event-bus registrations
 * do not survive that merge (the node comes back under a new member id, its old registrations stale), and the cluster
 * locks it took while apart would be merged into the cluster it rejoins. So instead of merging, the node shuts down
 * (its sockets closed with 1001, clients resuming elsewhere) and exits with {@link #EXIT_CODE}, for its supervisor to
 * start it again as a fresh member. The merge waits in this listener and never happens.
 */
final class SplitBrainExit implements LifecycleListener {

  static final int EXIT_CODE = 75;
  /** Time for Herald's own shutdown (closing the sockets) before the process halts. */
  static final long SHUTDOWN_MILLIS = 10_000;
  private static final Logger LOG = LoggerFactory.getLogger(SplitBrainExit.class);

  @Override
  public void stateChanged(LifecycleEvent event) {
    if (event.getState() == LifecycleEvent.LifecycleState.MERGING) {
      LOG.error("This node was cut off from the cluster and is about to merge back; leaving to restart as a fresh member");
      new Thread(() -> System.exit(EXIT_CODE), "herald-split-brain-exit").start();
      try {
        Thread.sleep(SHUTDOWN_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      // Hazelcast's own shutdown waits for this thread, which must not return into the merge.
      Runtime.getRuntime().halt(EXIT_CODE);
    }
  }
}
