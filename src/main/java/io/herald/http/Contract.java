package io.herald.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.util.Map;

/**
 * The OpenAPI document: served as written, and loaded for request validation. vertx-openapi refuses
 * response media types it cannot validate ({@code application/problem+json}); responses are never
 * validated, so those entries are dropped from the copy the validator sees, and only there.
 */
record Contract(Buffer document, OpenAPIContract openApi) {

  static final String FILE = "openapi.yaml";
  private static final String PROBLEM_MEDIA_TYPE = "application/problem+json";

  static Future<Contract> load(Vertx vertx) {
    return vertx.fileSystem().readFile(FILE).compose(document -> {
      JsonObject parsed = parse(document);
      return OpenAPIContract.from(vertx, withoutProblemMediaTypes(parsed)).map(openApi -> new Contract(document, openApi));
    });
  }

  @SuppressWarnings("unchecked")
  private static JsonObject parse(Buffer document) {
    Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
    return new JsonObject((Map<String, Object>) yaml.load(document.toString()));
  }

  private static JsonObject withoutProblemMediaTypes(JsonObject contract) {
    JsonObject copy = contract.copy();
    JsonObject responses = copy.getJsonObject("components", new JsonObject()).getJsonObject("responses", new JsonObject());
    for (String name : responses.fieldNames()) {
      JsonObject content = responses.getJsonObject(name).getJsonObject("content");
      if (content != null) {
        content.remove(PROBLEM_MEDIA_TYPE);
        if (content.isEmpty()) {
          responses.getJsonObject(name).remove("content");
        }
      }
    }
    return copy;
  }
}
