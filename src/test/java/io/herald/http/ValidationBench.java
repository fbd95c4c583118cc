package io.herald.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.OpenAPIContract;

import java.util.Arrays;

/**
 * One request body checked against its schema in the contract, timed alone on one thread (bench/performance.md, "The
 * contract's schemas compiled"): by vertx-json-schema's validator, as the router's validation does, and by the
 * compiled schema of {@link ContractSchemas}, each with the body's parsing. The body is a targeted notification's, as
 * the load tool sends it. Median of rounds of N checks. Not a test; run by bench/validation.sh.
 */
public final class ValidationBench {

  private static final String BODY = "{\"user_ids\":[123],\"title\":\"bench\",\"message\":\"m 12345\","
    + "\"data\":{\"sent_at\":1764650000000,\"seq\":12345}}";

  public static void main(String[] args) throws Exception {
    int n = Integer.getInteger("bench.n", 20_000);
    int rounds = Integer.getInteger("bench.rounds", 40);
    Vertx vertx = Vertx.vertx();
    try {
      OpenAPIContract contract = Contract.load(vertx).toCompletionStage().toCompletableFuture().get().openApi();
      JsonSchema schema = contract.operation("createNotification").getRequestBody().getContent().get("application/json")
        .getSchema();
      Validator interpreted = contract.getSchemaRepository().validator(schema);
      ContractSchemas schemas = new ContractSchemas(contract.getSchemaRepository());
      ContractSchemas.Check compiled = schemas.compile(schema);
      Buffer body = Buffer.buffer(BODY);
      double before = median(rounds, n, () -> {
        if (!interpreted.validate(Json.decodeValue(body)).getValid()) {
          throw new IllegalStateException("refused");
        }
      });
      double after = median(rounds, n, () -> {
        Json.decodeValue(body);
        JsonNode tree = schemas.read(body.getBytes()).orElseThrow();
        if (compiled.violation(tree).isPresent()) {
          throw new IllegalStateException("refused");
        }
      });
      double parse = median(rounds, n, () -> Json.decodeValue(body));
      System.out.printf("createNotification's body (%d bytes), parsed and checked, median of %d rounds of %d:%n",
        BODY.length(), rounds, n);
      System.out.printf("  vertx-json-schema's validator: %.2f us%n", before);
      System.out.printf("  compiled schema (parsed twice: Vert.x's value and the validator's tree): %.2f us%n", after);
      System.out.printf("  Vert.x's parse alone: %.2f us%n", parse);
    } finally {
      vertx.close();
    }
  }

  private static double median(int rounds, int n, Runnable check) {
    double[] micros = new double[rounds];
    for (int round = 0; round < rounds; round++) {
      long start = System.nanoTime();
      for (int i = 0; i < n; i++) {
        check.run();
      }
      micros[round] = (System.nanoTime() - start) / 1e3 / n;
    }
    Arrays.sort(micros);
    return micros[rounds / 2];
  }
}
