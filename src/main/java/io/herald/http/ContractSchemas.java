package io.herald.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.networknt.schema.DisallowUnknownKeywordFactory;
import com.networknt.schema.ExecutionContext;
import com.networknt.schema.Format;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationContext;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi31;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.SchemaRepository;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The contract's JSON schemas, each compiled once into networknt's tree of keyword validators (OpenAPI 3.1's dialect
 * of JSON Schema 2020-12, with the formats asserted and OpenAPI's {@code int64} among them; a keyword it does not know
 * is refused when the schema is compiled, so that a misspelt one fails the start, not a request). The contract's own
 * validator (vertx-json-schema) looks every keyword up again on every value it checks: some 30 us for a targeted
 * notification's body, where its compiled schema takes 1-3 us, parsing included (bench/validation.sh).
 * <p>
 * The schemas come from the contract as vertx-openapi loaded it, their references resolved by its schema repository.
 * Compiled schemas and the mapper are immutable once built, so one instance serves every request of every event loop.
 */
final class ContractSchemas {

  private static final String INT64 = "int64";

  private final SchemaRepository repository;
  /** Fractions read exactly: a double holds neither 1e400 nor 0.1, and the validators compare numbers as decimals. */
  private final ObjectMapper mapper = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
  private final JsonSchemaFactory factory;
  private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();

  ContractSchemas(SchemaRepository repository) {
    this.repository = repository;
    JsonMetaSchema dialect = JsonMetaSchema.builder(OpenApi31.getInstance()).format(new Int64())
      .unknownKeywordFactory(DisallowUnknownKeywordFactory.getInstance()).build();
    this.factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012, builder -> builder
      .metaSchema(dialect).defaultMetaSchemaIri(dialect.getIri()).enableSchemaCache(false));
  }

  /** One schema of the contract (a body's or a parameter's), compiled. */
  Check compile(io.vertx.json.schema.JsonSchema schema) {
    JsonObject given = new JsonObject();
    schema.fieldNames().forEach(name -> given.put(name, schema.get(name)));
    return new Check(factory.getSchema(read(withoutAnnotations(repository.resolve(given)).toBuffer().getBytes())
      .orElseThrow(), config));
  }

  /** A request body's text as the validator reads it; empty if it is not JSON. */
  Optional<JsonNode> read(byte[] body) {
    try {
      return Optional.of(mapper.readTree(body));
    } catch (IOException notJson) {
      return Optional.empty();
    }
  }

  /**
   * A value as Vert.x holds it (a parameter's, after its style was read) as the validator reads it; empty for a
   * number beyond a double's range, which no schema of the contract admits.
   */
  Optional<JsonNode> tree(Object value) {
    if (value instanceof Double || value instanceof Float) {
      double number = ((Number) value).doubleValue();
      return Double.isFinite(number) ? Optional.of(DecimalNode.valueOf(BigDecimal.valueOf(number))) : Optional.empty();
    }
    if (value instanceof JsonObject || value instanceof JsonArray) {
      return read(Json.encodeToBuffer(value).getBytes());
    }
    return Optional.of(mapper.valueToTree(value));
  }

  /** A compiled schema. */
  static final class Check {

    private final JsonSchema schema;

    private Check(JsonSchema schema) {
      this.schema = schema;
    }

    /** What is wrong with the value, the error naming a field first; empty if nothing. */
    Optional<ValidationMessage> violation(JsonNode value) {
      Set<ValidationMessage> errors = schema.validate(value);
      if (errors.isEmpty()) {
        return Optional.empty();
      }
      return errors.stream().filter(error -> error.getInstanceLocation().getNameCount() > 0 || error.getProperty() != null)
        .findFirst().or(() -> errors.stream().findFirst());
    }
  }

  /** The repository's bookkeeping keys ({@code __absolute_uri__} and the like) left out, at every depth. */
  private static JsonObject withoutAnnotations(JsonObject schema) {
    JsonObject plain = new JsonObject();
    for (Map.Entry<String, Object> entry : schema) {
      if (io.vertx.json.schema.JsonSchema.EXCLUDE_ANNOTATIONS.test(entry.getKey())) {
        plain.put(entry.getKey(), withoutAnnotations(entry.getValue()));
      }
    }
    return plain;
  }

  private static Object withoutAnnotations(Object value) {
    if (value instanceof JsonObject object) {
      return withoutAnnotations(object);
    }
    if (value instanceof JsonArray array) {
      JsonArray plain = new JsonArray();
      array.forEach(item -> plain.add(withoutAnnotations(item)));
      return plain;
    }
    return value;
  }

  /** OpenAPI's {@code int64}: an integer that fits in a signed 64-bit long. */
  private static final class Int64 implements Format {

    @Override
    public String getName() {
      return INT64;
    }

    @Override
    public boolean matches(ExecutionContext execution, ValidationContext validation, JsonNode value) {
      return !value.isNumber() || value.canConvertToLong() && (value.isIntegralNumber() || value.asDouble() % 1 == 0);
    }

    @Override
    public String getErrorMessageDescription() {
      return "(a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE + ")";
    }
  }
}
