package io.herald.email;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading what GreenMail received: the mails to one address, their parts, and the token of a Herald link in them. */
public final class Mails {

  private Mails() {
  }

  public static List<MimeMessage> to(GreenMail mail, String address) {
    return Arrays.stream(mail.getReceivedMessages()).filter(message -> {
      try {
        return Arrays.stream(message.getAllRecipients()).anyMatch(r -> r.toString().equalsIgnoreCase(address));
      } catch (MessagingException e) {
        throw new IllegalStateException(e);
      }
    }).toList();
  }

  /** The decoded part of the given type ({@code text/plain}, {@code text/html}) of a multipart/alternative mail. */
  public static String part(MimeMessage message, String type) {
    try {
      MimeMultipart parts = (MimeMultipart) message.getContent();
      for (int i = 0; i < parts.getCount(); i++) {
        BodyPart part = parts.getBodyPart(i);
        if (part.isMimeType(type)) {
          return part.getContent().toString();
        }
      }
      throw new AssertionError("no " + type + " part in " + message.getContentType());
    } catch (MessagingException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String subject(MimeMessage message) {
    try {
      return message.getSubject();
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The token of the first link to {@code path} in the text. */
  public static String token(String text, String path) {
    Matcher matcher = Pattern.compile(Pattern.quote(path) + "\\?token=([A-Za-z0-9_.%-]+)").matcher(text);
    if (!matcher.find()) {
      throw new AssertionError("no link to " + path + " in:\n" + text);
    }
    return java.net.URLDecoder.decode(matcher.group(1), java.nio.charset.StandardCharsets.UTF_8);
  }
}
