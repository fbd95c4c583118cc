package io.herald.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs every member that joins or leaves the cluster at INFO, with the members that remain. */
final class MembershipLog implements MembershipListener {

  private static final Logger LOG = LoggerFactory.getLogger(MembershipLog.class);

  @Override
  public void memberAdded(MembershipEvent event) {
    LOG.info("Cluster member joined: {} (members now: {})", event.getMember().getAddress(), addresses(event));
  }

  @Override
  public void memberRemoved(MembershipEvent event) {
    LOG.info("Cluster member left: {} (members now: {})", event.getMember().getAddress(), addresses(event));
  }

  private static String addresses(MembershipEvent event) {
    return event.getMembers().stream().map(member -> member.getAddress().toString()).toList().toString();
  }
}
