package io.herald.http;

import io.herald.texts.Unicode;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks of a request's shape that come before anything reads it, each answered with a problem document rather than
 * left to fail deep inside a decoder as a 500:
 * <ul>
 *   <li>a body of a type the route does not read (415): the API and the Telegram webhook read JSON, the mail link pages
 *       their own form; above all no multipart body, whose parts (files) nothing in Herald takes;</li>
 *   <li>text that is not valid Unicode (a lone surrogate, which JSON's {@code \\uD800} escapes can carry) in a JSON
 *       body (400 naming the field): PostgreSQL would store it as {@code ?}, silently changing what the client sent.</li>
 * </ul>
 */
final class RequestShape {

  static final Set<String> JSON = Set.of("application/json");
  static final Set<String> FORM = Set.of("application/x-www-form-urlencoded");
  private static final Set<HttpMethod> BODY_METHODS = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);

  private RequestShape() {
  }

  /**
   * A handler that refuses a body of another media type than these on the methods whose bodies are read (POST, PUT,
   * PATCH, DELETE); a request without Content-Type passes, and so does any GET. A platform handler, so that it may
   * come before the body handler.
   */
  static PlatformHandler bodiesOf(Set<String> mediaTypes) {
    return new BodyTypes(mediaTypes);
  }

  private record BodyTypes(Set<String> mediaTypes) implements PlatformHandler {

    @Override
    public void handle(RoutingContext ctx) {
      String contentType = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
      if (contentType != null && BODY_METHODS.contains(ctx.request().method())
        && !mediaTypes.contains(mediaType(contentType))) {
        Problems.send(ctx, 415, "Request bodies here are " + String.join(" or ", mediaTypes.stream().sorted().toList()));
        return;
      }
      ctx.next();
    }
  }

  /** After validation: every string of the JSON body, and every key, is valid Unicode. */
  static void unicodeBody(RoutingContext ctx) {
    String field = invalidText(Api.body(ctx), "");
    if (field != null) {
      Problems.send(ctx, 400, "The text of this field is not valid Unicode (a lone surrogate)", field);
      return;
    }
    ctx.next();
  }

  /** The path of the first string or key that is not valid Unicode, or null when there is none. */
  private static String invalidText(Object value, String path) {
    if (value instanceof String text) {
      return Unicode.isValid(text) ? null : path;
    }
    if (value instanceof JsonObject object) {
      for (Map.Entry<String, Object> entry : object) {
        String at = path.isEmpty() ? entry.getKey() : path + "." + entry.getKey();
        if (!Unicode.isValid(entry.getKey())) {
          return path.isEmpty() ? "(a field name)" : path;
        }
        String found = invalidText(entry.getValue(), at);
        if (found != null) {
          return found;
        }
      }
    } else if (value instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        String found = invalidText(array.getValue(i), path + "[" + i + "]");
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  private static String mediaType(String contentType) {
    int parameters = contentType.indexOf(';');
    return (parameters < 0 ? contentType : contentType.substring(0, parameters)).strip().toLowerCase(Locale.ROOT);
  }
}
