package io.herald.texts;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Text that is not valid Unicode: a Java string may hold a lone UTF-16 surrogate (JSON's {@code \\uD800} escape makes
 * one), which has no UTF-8 form, so PostgreSQL would store it as {@code ?}. Herald refuses such text from its API and
 * replaces it where it cannot refuse it.
 */
public final class Unicode {

  private static final byte[] REPLACEMENT = "\uFFFD".getBytes(StandardCharsets.UTF_8);

  private Unicode() {
  }

  /** Whether the text has a UTF-8 form (no lone surrogate); null is valid. */
  public static boolean isValid(String text) {
    return text == null || !hasSurrogate(text) || StandardCharsets.UTF_8.newEncoder().canEncode(text);
  }

  /** The text with every lone surrogate replaced by U+FFFD, the replacement character; null stays null. */
  public static String replacingLoneSurrogates(String text) {
    if (isValid(text)) {
      return text;
    }
    CharsetEncoder utf8 = StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPLACE)
      .onUnmappableCharacter(CodingErrorAction.REPLACE).replaceWith(REPLACEMENT);
    try {
      ByteBuffer bytes = utf8.encode(CharBuffer.wrap(text));
      return StandardCharsets.UTF_8.decode(bytes).toString();
    } catch (CharacterCodingException e) {
      throw new IllegalStateException("a replacing encoder reported an error", e);
    }
  }

  /**
   * The text as PostgreSQL can store it: lone surrogates and NUL (which a text column cannot hold) replaced by U+FFFD;
   * null stays null. For text Herald must keep but cannot refuse, such as a name an update carries.
   */
  public static String storable(String text) {
    String valid = replacingLoneSurrogates(text);
    return valid == null || valid.indexOf('\u0000') < 0 ? valid : valid.replace('\u0000', '\uFFFD');
  }

  private static boolean hasSurrogate(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (Character.isSurrogate(text.charAt(i))) {
        return true;
      }
    }
    return false;
  }
}
