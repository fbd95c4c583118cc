package io.herald.telegram;

/**
 * Text for Telegram's HTML parse mode. User text is escaped ({@code <}, {@code >}, {@code &}) and clipped
 * before escaping, so a cut never splits an entity or one of our tags.
 */
public final class TelegramHtml {

  /** Telegram's limit on a message's text. */
  public static final int MAX_LENGTH = 4096;
  private static final String ELLIPSIS = "…";

  private TelegramHtml() {
  }

  public static String escape(String text) {
    if (text == null) {
      return "";
    }
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  /** The escaped text, its raw form shortened so that the escaped result is at most {@code budget} characters. */
  public static String escapeWithin(String text, int budget) {
    String escaped = escape(text);
    if (escaped.length() <= budget) {
      return escaped;
    }
    StringBuilder out = new StringBuilder();
    int limit = Math.max(0, budget - ELLIPSIS.length());
    int i = 0;
    while (i < text.length()) {
      int codePoint = text.codePointAt(i);
      String piece = escape(new String(Character.toChars(codePoint)));
      if (out.length() + piece.length() > limit) {
        break;
      }
      out.append(piece);
      i += Character.charCount(codePoint);
    }
    return out.append(ELLIPSIS).toString();
  }
}
