package io.herald.http;

import com.networknt.schema.ValidationMessage;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.SchemaRepository;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The contract's schemas as compiled for request checks: what they refuse, and how they name it. */
class ContractSchemasTest {

  private final SchemaRepository repository =
    SchemaRepository.create(new JsonSchemaOptions().setDraft(Draft.DRAFT202012).setBaseUri("app:///"));
  private final ContractSchemas schemas = new ContractSchemas(repository);

  private ContractSchemas.Check compile(String schema) {
    return schemas.compile(JsonSchema.of(new JsonObject(schema)));
  }

  private Optional<ValidationMessage> check(ContractSchemas.Check schema, String body) {
    return schema.violation(schemas.read(body.getBytes(StandardCharsets.UTF_8)).orElseThrow());
  }

  @Test
  void aMisspeltKeywordFailsTheCompileNotARequest() {
    assertThatThrownBy(() -> compile("{\"type\": \"string\", \"maxLenght\": 3}")).hasMessageContaining("maxLenght");
  }

  @Test
  void int64IsAssertedAtItsBounds() {
    ContractSchemas.Check id = compile("{\"type\": \"integer\", \"format\": \"int64\"}");

    assertThat(check(id, "9223372036854775807")).isEmpty();
    assertThat(check(id, "-9223372036854775808")).isEmpty();
    assertThat(check(id, "9223372036854775808")).isPresent();
    assertThat(check(id, "-9223372036854775809")).isPresent();
  }

  @Test
  void aNumberBeyondADoubleIsRefusedByAnEnumNotThrown() {
    ContractSchemas.Check role = compile("{\"enum\": [\"admin\", \"porter\"]}");

    assertThat(check(role, "1e400")).isPresent();
    assertThat(check(role, "\"admin\"")).isEmpty();
  }

  @Test
  void theViolationNamesAFieldBeforeTheBodyAsAWhole() {
    ContractSchemas.Check body = compile("{\"type\": \"object\", \"additionalProperties\": false, \"required\": [\"a\"],"
      + " \"properties\": {\"a\": {\"type\": \"object\", \"required\": [\"b\"], \"properties\": {\"b\": {\"type\": \"string\"}}}}}");

    Violation unknown = Violation.ofBody(check(body, "{\"a\": {\"b\": \"x\"}, \"z\": 1}").orElseThrow());
    Violation missing = Violation.ofBody(check(body, "{\"a\": {}}").orElseThrow());
    Violation wrong = Violation.ofBody(check(body, "{\"a\": {\"b\": 7}}").orElseThrow());
    Violation notAnObject = Violation.ofBody(check(body, "[]").orElseThrow());

    assertThat(unknown).isEqualTo(new Violation(400, "z", "Unknown field z"));
    assertThat(missing).isEqualTo(new Violation(400, "a.b", "Missing required field a.b"));
    assertThat(wrong.field()).isEqualTo("a.b");
    assertThat(wrong.detail()).startsWith("Invalid field a.b: ");
    assertThat(notAnObject.field()).isNull();
    assertThat(notAnObject.detail()).startsWith("Invalid request body: ");
  }
}
