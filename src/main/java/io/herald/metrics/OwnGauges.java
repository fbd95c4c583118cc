package io.herald.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;

/**
 * Gauges that read one node's numbers, removed again when that part of the node stops. Only a gauge this set created
 * is removed: where two nodes share a process (tests), the first one's gauge stays until it stops.
 */
final class OwnGauges {

  private final MeterRegistry registry;
  private final List<Gauge> created = new ArrayList<>();

  OwnGauges(MeterRegistry registry) {
    this.registry = registry;
  }

  void add(String name, String description, Tags tags, AtomicLong value, ToDoubleFunction<AtomicLong> reading) {
    boolean existed = registry.find(name).tags(tags).gauge() != null;
    Gauge gauge = Gauge.builder(name, value, reading).description(description).tags(tags).register(registry);
    if (!existed) {
      created.add(gauge);
    }
  }

  void removeAll() {
    created.forEach(registry::remove);
    created.clear();
  }
}
