package io.herald.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.contract.RequestBody;
import io.vertx.openapi.contract.Style;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidatedRequest;
import io.vertx.openapi.validation.ValidatorException;
import io.vertx.openapi.validation.transformer.FormTransformer;
import io.vertx.openapi.validation.transformer.LabelTransformer;
import io.vertx.openapi.validation.transformer.MatrixTransformer;
import io.vertx.openapi.validation.transformer.ParameterTransformer;
import io.vertx.openapi.validation.transformer.SimpleTransformer;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks each API request against its operation in the contract on the event loop that holds the request: its
 * parameters read by their styles with vertx-openapi's transformers, then each parameter and the body checked against
 * its schema as compiled by {@link ContractSchemas}; what fails is told as a {@link Violation}. The operation's
 * handlers get the same {@link ValidatedRequest} the router's validation would give them.
 * <p>
 * The router's own validation ({@code RequestValidator}) runs every check through {@code executeBlocking}: a hop to
 * a worker thread and back, two thread switches and a queue shared by all of the verticle's requests, for a check of
 * some microseconds; it asks the schema repository for a new validator on every request; and that validator
 * interprets the schema anew on every value. Here each operation's schemas are compiled once, with the router; a
 * compiled schema holds nothing but itself, so one serves every request.
 */
final class InlineValidation {

  private static final RequestParameter ABSENT = new Value(null);
  private static final List<String> JSON_TYPES =
    List.of(MediaType.APPLICATION_JSON, MediaType.APPLICATION_JSON_UTF8, MediaType.APPLICATION_HAL_JSON);

  private final ContractSchemas schemas;
  private final RequestExtractor extractor = RequestExtractor.withBodyHandler();
  private final Map<Style, ParameterTransformer> transformers = Map.of(Style.SIMPLE, new SimpleTransformer(),
    Style.LABEL, new LabelTransformer(), Style.MATRIX, new MatrixTransformer(), Style.FORM, new FormTransformer());

  InlineValidation(ContractSchemas schemas) {
    this.schemas = schemas;
  }

  /** Replaces the router's validation of the route with this one; call before any handler of the route is added. */
  void apply(OpenAPIRoute route) {
    route.setDoValidation(false).addHandler(handler(route.getOperation()));
  }

  private Handler<RoutingContext> handler(Operation operation) {
    OperationChecks checks = new OperationChecks(operation);
    return ctx -> extractor.extractValidatableRequest(ctx, operation)
      .map(checks::validate)
      .onSuccess(validated -> {
        ctx.put(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST, validated);
        ctx.next();
      })
      .onFailure(failure -> ctx.fail(failure instanceof ValidatorException unreadable
        ? new Violation(400, null, unreadable.getMessage()).failure() : failure));
  }

  /** One operation's parameters and body, each with its compiled schema. */
  private final class OperationChecks {

    private final List<ParameterCheck> parameters;
    private final RequestBody body;
    private final Map<MediaType, ContractSchemas.Check> bodySchemas = new IdentityHashMap<>();

    OperationChecks(Operation operation) {
      this.parameters = operation.getParameters().stream().map(ParameterCheck::new).toList();
      this.body = operation.getRequestBody();
      if (body != null) {
        body.getContent().forEach((type, media) -> {
          if (!JSON_TYPES.contains(media.getIdentifier())) {
            throw new IllegalStateException("Operation " + operation.getOperationId() + " takes a " + type
              + " body; the API validates JSON bodies only");
          }
          if (media.getSchema() != null) {
            bodySchemas.put(media, schemas.compile(media.getSchema()));
          }
        });
      }
    }

    ValidatedRequest validate(ValidatableRequest request) {
      Map<String, RequestParameter> cookies = new HashMap<>();
      Map<String, RequestParameter> headers = new HashMap<>();
      Map<String, RequestParameter> path = new HashMap<>();
      Map<String, RequestParameter> query = new HashMap<>();
      for (ParameterCheck check : parameters) {
        Parameter parameter = check.parameter;
        switch (parameter.getIn()) {
          case COOKIE -> cookies.put(parameter.getName(), check.validate(request.getCookies().get(parameter.getName())));
          case HEADER -> headers.put(parameter.getName(), check.validate(request.getHeaders().get(parameter.getName())));
          case PATH -> path.put(parameter.getName(), check.validate(request.getPathParameters().get(parameter.getName())));
          case QUERY -> query.put(parameter.getName(), check.validate(request.getQuery().get(parameter.getName())));
        }
      }
      return new Validated(cookies, headers, path, query, body(request));
    }

    private RequestParameter body(ValidatableRequest request) {
      if (body == null) {
        return ABSENT;
      }
      if (request.getBody() == null || request.getBody().isEmpty()) {
        if (body.isRequired()) {
          throw Violation.MISSING_BODY.failure();
        }
        return ABSENT;
      }
      MediaType media = body.determineContentType(request.getContentType());
      if (media == null) {
        throw Violation.UNSUPPORTED_BODY.failure();
      }
      Buffer text = request.getBody().getBuffer(Buffer.buffer());
      Object value;
      try {
        value = Json.decodeValue(text);
      } catch (DecodeException undecodable) {
        throw Violation.UNDECODABLE_BODY.failure();
      }
      ContractSchemas.Check schema = bodySchemas.get(media);
      if (schema != null) {
        JsonNode tree = schemas.read(text.getBytes()).orElseThrow(Violation.UNDECODABLE_BODY::failure);
        schema.violation(tree).ifPresent(error -> {
          throw Violation.ofBody(error).failure();
        });
      }
      return new Value(value);
    }
  }

  /** One parameter: read from its text by its style, then checked against its schema. */
  private final class ParameterCheck {

    private final Parameter parameter;
    private final ParameterTransformer transformer;
    private final ContractSchemas.Check schema;

    ParameterCheck(Parameter parameter) {
      this.parameter = parameter;
      this.transformer = transformers.get(parameter.getStyle());
      this.schema = schemas.compile(parameter.getSchema());
    }

    RequestParameter validate(RequestParameter given) {
      if (given == null || given.isNull()) {
        if (parameter.isRequired()) {
          throw Violation.missing(parameter).failure();
        }
        return ABSENT;
      }
      if (transformer == null) {
        throw Violation.ofParameter(parameter, "its style is not supported").failure();
      }
      Object value;
      try {
        value = transformer.transform(parameter, String.valueOf(given.get()));
      } catch (ValidatorException | DecodeException unreadable) {
        throw Violation.ofParameter(parameter, "not written in its style, "
          + parameter.getStyle().name().toLowerCase(Locale.ROOT)).failure();
      }
      JsonNode tree = schemas.tree(value).orElseThrow(() -> Violation.ofParameter(parameter, "out of range").failure());
      schema.violation(tree).ifPresent(error -> {
        throw Violation.ofParameter(parameter, error.getError()).failure();
      });
      return new Value(value);
    }
  }

  private record Value(Object get) implements RequestParameter {
  }

  private record Validated(Map<String, RequestParameter> getCookies, Map<String, RequestParameter> getHeaders,
                           Map<String, RequestParameter> getPathParameters, Map<String, RequestParameter> getQuery,
                           RequestParameter getBody) implements ValidatedRequest {
  }
}
