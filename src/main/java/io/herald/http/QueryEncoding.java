package io.herald.http;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * vertx-openapi 5.0.10 URL-decodes query values that Vert.x has already decoded (eclipse-vertx/vertx-openapi#117):
 * a literal {@code %} (sent as {@code %25}) is refused as undecodable and {@code %2B} becomes a space. Encoding the
 * decoded values once more before validation makes its second decoding give back exactly what the client sent.
 * Drop this handler with a vertx-openapi that decodes once ({@code WrongErrorsTest} fails when both decode).
 */
final class QueryEncoding {

  private QueryEncoding() {
  }

  static void encodeForValidation(RoutingContext ctx) {
    MultiMap params = ctx.request().params();
    List<Map.Entry<String, String>> decoded = params.entries();
    params.clear();
    decoded.forEach(entry -> params.add(entry.getKey(), URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8)));
    ctx.next();
  }
}
