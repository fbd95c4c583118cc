package io.herald.http;

import com.networknt.schema.JsonNodePath;
import com.networknt.schema.ValidationMessage;
import io.vertx.openapi.contract.Parameter;

import java.util.Locale;

/**
 * What was wrong with a request that its operation in the contract refuses, told in terms of the field (body
 * property or parameter) at fault: the problem document's {@code field} and {@code detail}.
 */
record Violation(int status, String field, String detail) {

  static final Violation UNDECODABLE_BODY = new Violation(400, null, "The request body is not valid JSON");
  static final Violation UNSUPPORTED_BODY = new Violation(415, null, "The request body must be application/json");
  static final Violation MISSING_BODY = new Violation(400, null, "The request body is required");

  /** A body that its schema refuses: the field at fault and why, or the body as a whole. */
  static Violation ofBody(ValidationMessage error) {
    String at = fieldAt(error.getInstanceLocation());
    String property = error.getProperty() == null ? null : at.isEmpty() ? error.getProperty() : at + "." + error.getProperty();
    if ("required".equals(error.getType()) && property != null) {
      return new Violation(400, property, "Missing required field " + property);
    }
    if ("additionalProperties".equals(error.getType()) && property != null) {
      return new Violation(400, property, "Unknown field " + property);
    }
    if (at.isEmpty()) {
      return new Violation(400, null, "Invalid request body: " + error.getError());
    }
    return new Violation(400, at, "Invalid field " + at + ": " + error.getError());
  }

  /** The dotted name of where in a body a value is ({@code user_ids.0}); empty for the body itself. */
  private static String fieldAt(JsonNodePath location) {
    StringBuilder field = new StringBuilder();
    for (int i = 0; i < location.getNameCount(); i++) {
      field.append(i == 0 ? "" : ".").append(location.getElement(i));
    }
    return field.toString();
  }

  static Violation missing(Parameter parameter) {
    return new Violation(400, parameter.getName(),
      "Missing required " + where(parameter) + " " + parameter.getName());
  }

  /** A parameter whose text its style cannot read, or whose value its schema refuses. */
  static Violation ofParameter(Parameter parameter, String why) {
    return new Violation(400, parameter.getName(), "Invalid " + where(parameter) + " " + parameter.getName() + ": " + why);
  }

  private static String where(Parameter parameter) {
    return parameter.getIn().name().toLowerCase(Locale.ROOT) + " parameter";
  }

  /** The violation as a failure for the router's failure handler ({@link Problems}). */
  InvalidRequest failure() {
    return new InvalidRequest(this);
  }

  /** A request refused for a {@link Violation}; no stack trace, it is an answer, not a fault. */
  static final class InvalidRequest extends RuntimeException {

    private final transient Violation violation;

    InvalidRequest(Violation violation) {
      super(violation.detail(), null, false, false);
      this.violation = violation;
    }

    Violation violation() {
      return violation;
    }
  }
}
