package io.herald.telegram;

/**
 * Text for Telegram's HTML parse mode. User text is escaped ({@code <}, {@code >}, {@code &}, {@code "}) and
 * clipped before escaping, so a cut never splits an entity or one of our tags.
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
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  /** The escaped text, its raw form shortened so that the escaped result is at most {@code budget} characters. */
  public static String escapeWithin(String text, int budget) {
    return escape(clip(text, budget));
  }

  /**
   * The raw text, shortened (with an ellipsis, never inside a surrogate pair) so that its escaped form is at most
   * {@code budget} characters; null stays null.
   */
  public static String clip(String text, int budget) {
    if (text == null || escape(text).length() <= budget) {
      return text;
    }
    StringBuilder out = new StringBuilder();
    int escapedLength = 0;
    int limit = Math.max(0, budget - ELLIPSIS.length());
    int i = 0;
    while (i < text.length()) {
      int codePoint = text.codePointAt(i);
      String piece = new String(Character.toChars(codePoint));
      int pieceLength = escape(piece).length();
      if (escapedLength + pieceLength > limit) {
        break;
      }
      out.append(piece);
      escapedLength += pieceLength;
      i += Character.charCount(codePoint);
    }
    return out.append(ELLIPSIS).toString();
  }
}
