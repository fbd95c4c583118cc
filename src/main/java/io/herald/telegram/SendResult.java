package io.herald.telegram;

/** What became of one {@code sendMessage}: accepted, to retry (network, 5xx, 429), or refused for good (400, 403). */
public sealed interface SendResult {

  record Accepted(long messageId) implements SendResult {
  }

  /** Telegram asked to wait ({@code 429 retry_after}): the chat and the bot both pause that long. */
  record Throttled(long retryAfterMs) implements SendResult {
  }

  record Transient(String reason) implements SendResult {
  }

  record Refused(String reason) implements SendResult {
  }
}
