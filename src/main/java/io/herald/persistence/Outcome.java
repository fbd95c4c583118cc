package io.herald.persistence;

import java.util.List;

/** The reply to a request together with the facts to publish after its commit. */
public record Outcome(Object reply, List<Publication> publications) {

  public static Outcome of(Object reply, List<Publication> publications) {
    return new Outcome(reply, publications);
  }
}
