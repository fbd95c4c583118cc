package io.herald.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.MDC;
import org.slf4j.Marker;

/**
 * Puts the request id of the Vert.x context that logs into the MDC (or takes it out), before every log call. Vert.x
 * runs many requests on one event-loop thread, interleaved at each callback, so a thread's MDC cannot simply be set
 * once per request; reading the context at each call gives every line the id of the request it belongs to.
 */
public final class RequestIdFilter extends TurboFilter {

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    String id = RequestIds.current();
    if (id == null) {
      MDC.remove(RequestIds.MDC_KEY);
    } else {
      MDC.put(RequestIds.MDC_KEY, id);
    }
    return FilterReply.NEUTRAL;
  }
}
