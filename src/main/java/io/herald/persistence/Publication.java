package io.herald.persistence;

import io.herald.bus.Addresses;
import io.herald.bus.UnchangedJson;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Something to publish on the event bus once the transaction that produced it has committed. {@code userId} is set
 * for a message to one user: such messages go to every node on {@link Addresses#USER_MESSAGES}, several users'
 * messages in one bus message (docs/event-bus.md).
 */
public record Publication(String address, JsonObject body, Long userId) {

  /** The most user messages one bus message carries. */
  static final int RUN = 1_000;

  private static final Logger LOG = LoggerFactory.getLogger(Publication.class);

  /** A domain fact or topic message, on its own address. */
  public static Publication of(String address, JsonObject body) {
    return new Publication(address, body, null);
  }

  /** A message to one user's sockets, wherever they are. */
  public static Publication toUser(long userId, JsonObject envelope) {
    return new Publication(Addresses.USER_MESSAGES, envelope, userId);
  }

  /**
   * Publishes in the given order; each run of messages to users goes as one bus message
   * ({@code {"messages": [{"user_id", "envelope"}, ...]}}, at most {@link #RUN} of them), which each node's sockets
   * take apart in that order. Runs go with {@link UnchangedJson}: no one changes a message once it is published.
   * Publications follow a commit: should publishing fail, the failure is logged and the writer goes on (it answers
   * its callers, and publishes what comes next); the users' sockets catch up from the inbox (a gap fill, or a resume).
   */
  static void publishAll(EventBus bus, List<Publication> publications) {
    try {
      publishInOrder(bus, publications);
    } catch (RuntimeException e) {
      LOG.error("Committed, but {} messages could not be published", publications.size(), e);
    }
  }

  private static void publishInOrder(EventBus bus, List<Publication> publications) {
    JsonArray toUsers = new JsonArray();
    for (Publication publication : publications) {
      if (publication.userId() != null) {
        toUsers.add(new JsonObject().put(Addresses.USER_ID, publication.userId())
          .put(Addresses.ENVELOPE, publication.body()));
        if (toUsers.size() == RUN) {
          toUsers = flush(bus, toUsers);
        }
        continue;
      }
      toUsers = flush(bus, toUsers);
      bus.publish(publication.address(), publication.body());
    }
    flush(bus, toUsers);
  }

  private static JsonArray flush(EventBus bus, JsonArray toUsers) {
    if (toUsers.isEmpty()) {
      return toUsers;
    }
    bus.publish(Addresses.USER_MESSAGES, new JsonObject().put(Addresses.MESSAGES, toUsers), UnchangedJson.delivery());
    return new JsonArray();
  }
}
