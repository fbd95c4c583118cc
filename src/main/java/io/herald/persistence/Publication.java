package io.herald.persistence;

import io.vertx.core.json.JsonObject;

/** Something to publish on the event bus once the transaction that produced it has committed. */
public record Publication(String address, JsonObject body) {
}
