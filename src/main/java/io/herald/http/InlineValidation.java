package io.herald.http;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.json.schema.JsonSchemaValidationException;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.contract.RequestBody;
import io.vertx.openapi.contract.Style;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidatedRequest;
import io.vertx.openapi.validation.ValidationContext;
import io.vertx.openapi.validation.ValidatorException;
import io.vertx.openapi.validation.transformer.FormTransformer;
import io.vertx.openapi.validation.transformer.LabelTransformer;
import io.vertx.openapi.validation.transformer.MatrixTransformer;
import io.vertx.openapi.validation.transformer.ParameterTransformer;
import io.vertx.openapi.validation.transformer.SimpleTransformer;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import static io.vertx.openapi.validation.ValidatorErrorType.ILLEGAL_VALUE;
import static io.vertx.openapi.validation.ValidatorErrorType.MISSING_REQUIRED_PARAMETER;
import static io.vertx.openapi.validation.ValidatorErrorType.UNSUPPORTED_VALUE_FORMAT;

/**
 * Checks each API request against its operation in the contract on the event loop that holds the request, with
 * vertx-openapi's own parts (its parameter transformers, the contract's schema validators, its exceptions and
 * messages, which {@link Violation} turns into problem documents), and hands the operation's handlers the same
 * {@link ValidatedRequest} the router's validation would.
 * <p>
 * The router's own validation ({@code RequestValidator}) runs every check through {@code executeBlocking}: a hop to
 * a worker thread and back, two thread switches and a queue shared by all of the verticle's requests, for a check of
 * some microseconds; and it asks the schema repository for a new validator on every request. Here each operation's
 * validators are built once, with the router; a validator holds nothing but its schema, so one serves every request.
 */
final class InlineValidation {

  private static final RequestParameter ABSENT = new Value(null);
  private static final List<String> JSON_TYPES =
    List.of(MediaType.APPLICATION_JSON, MediaType.APPLICATION_JSON_UTF8, MediaType.APPLICATION_HAL_JSON);

  private final SchemaRepository schemas;
  private final RequestExtractor extractor = RequestExtractor.withBodyHandler();
  private final Map<Style, ParameterTransformer> transformers = Map.of(Style.SIMPLE, new SimpleTransformer(),
    Style.LABEL, new LabelTransformer(), Style.MATRIX, new MatrixTransformer(), Style.FORM, new FormTransformer());

  InlineValidation(SchemaRepository schemas) {
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
      .onFailure(failure -> ctx.fail(failure instanceof ValidatorException
        ? new HttpException(400, failure.getMessage(), failure) : failure));
  }

  /** One operation's parameters and body, each with its validator. */
  private final class OperationChecks {

    private final List<ParameterCheck> parameters;
    private final RequestBody body;
    private final Map<MediaType, Validator> bodyValidators = new IdentityHashMap<>();

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
            bodyValidators.put(media, schemas.validator(media.getSchema()));
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
          throw new ValidatorException("The related request does not contain the required body.",
            MISSING_REQUIRED_PARAMETER);
        }
        return ABSENT;
      }
      MediaType media = body.determineContentType(request.getContentType());
      if (media == null) {
        throw new ValidatorException("The format of the request body is not supported", UNSUPPORTED_VALUE_FORMAT);
      }
      Object value;
      try {
        value = Json.decodeValue(request.getBody().getBuffer(Buffer.buffer()));
      } catch (DecodeException undecodable) {
        throw new ValidatorException("The request body can't be decoded", ILLEGAL_VALUE);
      }
      Validator validator = bodyValidators.get(media);
      if (validator != null) {
        OutputUnit result = validator.validate(value);
        try {
          result.checkValidity();
        } catch (JsonSchemaValidationException invalid) {
          throw SchemaValidationException.createInvalidValueBody(result, ValidationContext.REQUEST, invalid);
        }
      }
      return new Value(value);
    }
  }

  /** One parameter: read from its text by its style, then checked against its schema. */
  private final class ParameterCheck {

    private final Parameter parameter;
    private final ParameterTransformer transformer;
    private final Validator validator;

    ParameterCheck(Parameter parameter) {
      this.parameter = parameter;
      this.transformer = transformers.get(parameter.getStyle());
      this.validator = schemas.validator(parameter.getSchema());
    }

    RequestParameter validate(RequestParameter given) {
      if (given == null || given.isNull()) {
        if (parameter.isRequired()) {
          throw ValidatorException.createMissingRequiredParameter(parameter);
        }
        return ABSENT;
      }
      if (transformer == null) {
        throw ValidatorException.createUnsupportedValueFormat(parameter);
      }
      Object value = transformer.transform(parameter, String.valueOf(given.get()));
      OutputUnit result = validator.validate(value);
      try {
        result.checkValidity();
      } catch (JsonSchemaValidationException invalid) {
        throw SchemaValidationException.createErrorFromOutputUnitType(parameter, result, invalid);
      }
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
