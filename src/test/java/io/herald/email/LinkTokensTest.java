package io.herald.email;

import io.herald.bus.DomainException;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Only the exact link that was signed opens, for its own purpose, before it expires. */
class LinkTokensTest {

  private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.";

  private final LinkTokens tokens = new LinkTokens(LinkTokens.deriveKey("a-jwt-secret-that-is-long-enough-0123456789"));
  private final Instant now = Instant.parse("2026-01-01T12:00:00Z");

  @Test
  void aGenuineLinkOpensForItsPurpose() {
    String token = tokens.read(7, 42, now.plusSeconds(60));
    assertThat(tokens.open(token, LinkTokens.READ, now).getLong("n")).isEqualTo(42);
    assertThat(refusal(token, LinkTokens.VERIFY, now)).isEqualTo(400);
    assertThat(refusal(token, LinkTokens.READ, now.plusSeconds(61))).isEqualTo(410);
  }

  @Test
  void everyOtherSpellingIsRefusedEvenWhereBase64WouldDecodeItTheSame() {
    String token = tokens.read(7, 42, now.plusSeconds(60));
    int dot = token.indexOf('.');
    for (int i = 0; i < token.length(); i++) {
      boolean partEnd = i == dot - 1 || i == dot - 2 || i == token.length() - 1 || i == token.length() - 2;
      for (char replacement : (partEnd ? ALPHABET : "AB").toCharArray()) {
        if (token.charAt(i) != replacement) {
          String altered = token.substring(0, i) + replacement + token.substring(i + 1);
          assertThat(refusal(altered, LinkTokens.READ, now)).as(altered).isEqualTo(400);
        }
      }
    }
    assertThat(refusal(token + "A", LinkTokens.READ, now)).isEqualTo(400);
    assertThat(refusal(null, LinkTokens.READ, now)).isEqualTo(400);
  }

  /** The refusal's code, or 200 when the link opened. */
  private int refusal(String token, String purpose, Instant at) {
    DomainException refused = catchThrowableOfType(DomainException.class, () -> tokens.open(token, purpose, at));
    return refused == null ? 200 : refused.code();
  }
}
