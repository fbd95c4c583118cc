package io.herald.edge;

import io.herald.http.Problems;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Requests that cannot be read, answered with a problem document like every other error rather than Vert.x's empty
 * answer or a decoder's exception turned 500: what a server could not even parse as HTTP, and a query string that is
 * not valid percent-encoding.
 */
public final class InvalidRequests {

  private InvalidRequests() {
  }

  /**
   * A server's invalid-request handler (a request line over 4 KiB, headers over 8 KiB, garbage): the status Vert.x would
   * send (414, 431 or 400), saying that the connection closes, which it then does (the rest of such a request cannot be
   * told from the next one).
   */
  public static void answer(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    int status = 400;
    String detail = "The request could not be read as HTTP";
    if (cause instanceof TooLongHttpLineException) {
      status = 414;
      detail = "The request line is longer than allowed";
    } else if (cause instanceof TooLongHttpHeaderException) {
      status = 431;
      detail = "The request headers are larger than allowed";
    }
    request.response().putHeader(HttpHeaders.CONNECTION, "close");
    request.response().endHandler(sent -> request.connection().close());
    Problems.write(request.response(), null, status, detail, null);
  }

  /** A router's handler: 400 when the query string does not decode (an escape such as {@code %zz}, a trailing {@code %}). */
  public static void wellFormedQuery(RoutingContext ctx) {
    try {
      ctx.request().params();
    } catch (IllegalArgumentException malformed) {
      Problems.send(ctx, 400, "The query string is not valid percent-encoding");
      return;
    }
    ctx.next();
  }
}
