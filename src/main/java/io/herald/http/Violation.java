package io.herald.http;

import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorException;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What was wrong with a request that failed OpenAPI validation, told in terms of the field (body
 * property or parameter) at fault. The validator's own top-level message often names the wrong
 * schema rule, so the detail comes from the innermost error that points at a field.
 */
record Violation(int status, String field, String detail) {

  private static final String ROOT = "#";
  private static final String UNDECODABLE_BODY = "The request body can't be decoded";
  private static final String UNSUPPORTED_BODY = "The format of the request body is not supported";
  private static final Pattern PARAMETER = Pattern.compile("(?:query|path|header|cookie) parameter (\\S+?)[ .,]");
  private static final Pattern REQUIRED = Pattern.compile("required property \"([^\"]+)\"");

  static Violation of(ValidatorException invalid) {
    if (String.valueOf(invalid.getMessage()).startsWith(UNDECODABLE_BODY)) {
      return new Violation(400, null, "The request body is not valid JSON");
    }
    if (String.valueOf(invalid.getMessage()).startsWith(UNSUPPORTED_BODY)) {
      return new Violation(415, null, "The request body must be application/json");
    }
    Matcher parameter = PARAMETER.matcher(String.valueOf(invalid.getMessage()) + " ");
    if (parameter.find()) {
      return new Violation(400, parameter.group(1), invalid.getMessage());
    }
    if (invalid instanceof SchemaValidationException schema && schema.getOutputUnit() != null) {
      return ofBody(schema.getOutputUnit(), invalid.getMessage());
    }
    return new Violation(400, null, invalid.getMessage());
  }

  private static Violation ofBody(OutputUnit root, String fallback) {
    List<OutputUnit> leaves = leaves(root);
    for (OutputUnit leaf : leaves) {
      String location = leaf.getInstanceLocation();
      if (location != null && !location.isEmpty() && !location.equals(ROOT)) {
        String field = location.replaceFirst("^#?/", "").replace('/', '.');
        return new Violation(400, field, "Invalid field " + field + ": " + leaf.getError());
      }
    }
    for (OutputUnit leaf : leaves) {
      Matcher required = REQUIRED.matcher(String.valueOf(leaf.getError()));
      if (required.find()) {
        return new Violation(400, required.group(1), "Missing required field " + required.group(1));
      }
    }
    return new Violation(400, null, fallback);
  }

  private static List<OutputUnit> leaves(OutputUnit unit) {
    List<OutputUnit> leaves = new ArrayList<>();
    if (unit.getErrors() == null || unit.getErrors().isEmpty()) {
      leaves.add(unit);
    } else {
      unit.getErrors().forEach(child -> leaves.addAll(leaves(child)));
    }
    return leaves;
  }
}
