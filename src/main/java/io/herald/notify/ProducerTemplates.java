package io.herald.notify;

import io.herald.bus.DomainException;
import io.herald.texts.Texts;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The templates a producer may name instead of writing its own text ({@code {"template": "maintenance",
 * "params": {"place": "Block A", "work": "..."}}}): each key's {@code producer.<key>.title} and {@code .message}
 * texts and the parameters it takes, every one required, each a string of 1 to {@value #MAX_PARAM} characters.
 */
public final class ProducerTemplates {

  static final int MAX_PARAM = 500;
  private static final Map<String, List<String>> PARAMS = new TreeMap<>(Map.of(
    "maintenance", List.of("place", "work"),
    "water_outage", List.of("place")));

  private final Texts texts = Texts.plain();

  public static List<String> keys() {
    return List.copyOf(PARAMS.keySet());
  }

  /** The template's text in every locale; refuses (400) an unknown key or parameters that are not exactly its own. */
  public Localized render(String key, Object params) {
    List<String> names = PARAMS.get(key);
    if (names == null) {
      throw DomainException.badRequest("field template must be one of " + String.join(", ", keys()));
    }
    if (!(params instanceof JsonObject given)) {
      throw DomainException.badRequest("field params must be an object with " + String.join(", ", names));
    }
    for (String name : given.fieldNames()) {
      if (!names.contains(name)) {
        throw DomainException.badRequest("field params." + name + " is not a parameter of template " + key
          + " (it takes " + String.join(", ", names) + ")");
      }
    }
    for (String name : names) {
      if (!(given.getValue(name) instanceof String value) || value.isBlank() || value.length() > MAX_PARAM) {
        throw DomainException.badRequest("field params." + name + " must be a string of 1 to " + MAX_PARAM + " characters");
      }
    }
    return Localized.render(texts, "producer." + key, locale -> given.getMap());
  }
}
